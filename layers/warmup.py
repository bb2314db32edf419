"""What the first visitor after a restart would otherwise wait for, done once the server is up (app.py runs it
on a thread beside the server, `python app.py`): the libraries the map imports, the prepared geometry (from its
disk cache, geo/disk_cache.py), the plan data, the store opened and migrated, and the default map of each
language built and rendered once (folium compiles its templates on first use). Later visitors find it all in the
process's caches; nothing here is needed for correctness."""

from __future__ import annotations

import time


def prepare() -> float:
    """Warm the process's caches; returns the seconds it took."""
    start = time.perf_counter()
    from data import plan_data, views
    from layers import families
    from layers.choropleth import indicator_choices
    from layers.map_builder import MapSpec, build_map

    plan_data.load_targets()
    plan_data.load_measures()
    indicator_choices(None)
    for lang in ("zh", "en"):  # the map page as a first visitor opens it
        spec = MapSpec(layers=families.DEFAULT_ON, lang=lang, bounds=views.overview_bounds())
        build_map(spec).get_root().render()
    return time.perf_counter() - start
