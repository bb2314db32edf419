"""The warm start (layers/warmup.py) prepares, below pages/, what a first page run would otherwise do: here, what
importing the map component costs besides registering it."""

from __future__ import annotations

import inspect
import sys

from layers import warmup


def test_the_warm_start_loads_what_the_map_component_import_needs():
    warmup.prepare()
    assert "folium.plugins" in sys.modules
    # the component's registration resolves every loaded module's file once (inspect.getmodule); done here
    known = inspect._filesbymodname  # the table inspect.getmodule fills (private, stable since Python 3.2)
    assert {"folium.plugins", "pandas", "geopandas"} <= set(known)
