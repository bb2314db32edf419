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
# The header the server's own first visit (pages/ui/self_visit.py) sends: its runs are part of the warm-up, so
# they do not wait for it
SELF_VISIT_HEADER = "X-Peakatlas-Warm-Start"


def default_map() -> MapSpec:
    """The map page as a first visitor opens it (pages/map.py with no link parameters)."""
    from data import views
    from layers import families

    return MapSpec(layers=families.DEFAULT_ON, bounds=views.overview_bounds(), extra={"indicator_label": ""})


def first_pages() -> list[tuple[str, str]]:
    """What the server visits itself once warm (app.py, pages/ui/self_visit.py), as (page url path, query
    string): the map page as it opens, and the area page of a town (the page's modules and shared caches; each
    area's own report is still built on its first visit — a town's in ~0.1 s, a district's in seconds)."""
    from data import gazetteer_data

    return [("", ""), ("area", f"area={gazetteer_data.towns()['code'].iloc[0]}")]


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


def wait_until_ready(own_visit: bool = False, timeout_s: float = 20.0) -> None:
    """Before a page run: if the warm start is under way, let it finish (it is preparing what the run needs; two
    runs doing the same first work side by side on two cores would both take longer); the warm start's own
    visit and runs without one (`streamlit run app.py`, tests) go on at once."""
    if _started.is_set() and not own_visit:
        _done.wait(timeout_s)
