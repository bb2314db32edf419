"""What the first visitor after a restart would otherwise wait for, done once the server is up (app.py runs it
on a thread beside the server, `python app.py`): the libraries the map imports, the prepared geometry (from its
disk cache, geo/disk_cache.py), the plan data, the store opened and migrated, and the map page's default view
built and rendered once (folium compiles its templates on first use). Page runs that start meanwhile wait for it
(wait_until_ready) instead of doing the same work beside it on the same cores; later visitors find it all in
the process's caches. Nothing here is needed for correctness."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from layers.map_builder import MapSpec

_started = threading.Event()
_done = threading.Event()


def default_map() -> MapSpec:
    """The map page as a first visitor opens it (pages/map.py with no link parameters)."""
    from data import views
    from layers import families

    return MapSpec(layers=families.DEFAULT_ON, bounds=views.overview_bounds(), extra={"indicator_label": ""})


def prepare() -> None:
    """Warm the caches below pages/: plan data, the indicators on offer, the geometry, and the map page's default
    view built and rendered (folium compiles its templates; the measure families' points are joined)."""
    from data import plan_data
    from layers.choropleth import indicator_choices
    from layers.map_builder import build_map

    plan_data.load_targets()
    plan_data.load_measures()
    indicator_choices(None)
    build_map(default_map()).get_root().render()
    _warm_component_import()


def _warm_component_import() -> None:
    """What importing the map component costs besides registering it (which only a page run may do, app.py):
    folium.plugins, which it imports whole, and inspect's table of module files, which its registration fills
    by resolving the path of every module loaded so far (declare_component → inspect.getmodule)."""
    import inspect

    import folium.plugins  # noqa: F401 - imported for its side effect: the module is loaded

    inspect.getmodule(inspect.currentframe())


def run(*steps: Callable[[], object]) -> float:
    """Run the warm-up steps in order, page runs waiting meanwhile; returns the seconds it took."""
    _started.set()
    start = time.perf_counter()
    try:
        for step in steps:
            step()
    finally:
        _done.set()
    return time.perf_counter() - start


def wait_until_ready(timeout_s: float = 20.0) -> None:
    """Before a page run: if the warm start is under way, let it finish (it is preparing what the run needs);
    without one (`streamlit run app.py`, tests) return at once."""
    if _started.is_set():
        _done.wait(timeout_s)
