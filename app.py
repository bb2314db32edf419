"""PeakAtlas 碳达峰行动地图 — entry point.

`python app.py [streamlit options]` starts the server and, on a thread beside it once it answers, prepares what
the first visitor would otherwise wait for (layers/warmup.py), then visits its own first pages once
(pages/ui/self_visit.py). Run by the server, this file is the app's script:
page setup and navigation (pages live in pages/). `streamlit run app.py` also works, without the warm start."""

import sys
import time

from streamlit import runtime


def warm_when_serving(wait_s: float = 60.0) -> None:
    """The warm start once the server answers (never delaying its start or its health check): the caches below
    pages/ (layers/warmup.py), then one visit of the first pages by the server itself (pages/ui/self_visit.py).
    No page module is imported on this thread: the map component registers itself only when imported by a page
    run (imported here, its front end answered 404)."""
    from streamlit.runtime.runtime import RuntimeState

    from layers import warmup

    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline and not (
        runtime.exists() and runtime.get_instance().state != RuntimeState.INITIAL
    ):
        time.sleep(0.05)
    from pages.ui import self_visit  # imports no page: see its docstring

    def visit(pages):
        return lambda: self_visit.visit(pages, warmup.SELF_VISIT_HEADER)

    try:  # page runs wait for the caches and the map page's first run; the other pages warm meanwhile
        first, *others = warmup.first_pages()
        seconds = warmup.run(warmup.prepare, visit([first]))
        print(f"PeakAtlas warm start: ready in {seconds:.1f} s", file=sys.stderr)
        start = time.perf_counter()
        visit(others)()
        print(f"PeakAtlas warm start: other pages in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    except Exception as e:  # noqa: BLE001 - a cache left cold costs the first visitor time, never the server
        print(f"PeakAtlas warm start failed ({e!r}); the first visitor prepares what it needs", file=sys.stderr)


if runtime.exists():  # a script run inside the server
    import streamlit as st

    from layers import warmup
    from pages.ui.navigation import setup

    warmup.wait_until_ready(own_visit=st.context.headers.get(warmup.SELF_VISIT_HEADER) == "1")
    setup().run()
elif __name__ == "__main__":  # started from the shell: serve this file, and warm the caches meanwhile
    import threading

    from streamlit.web import cli

    threading.Thread(target=warm_when_serving, name="peakatlas-warmup", daemon=True).start()
    sys.argv = ["streamlit", "run", __file__, *sys.argv[1:]]
    sys.exit(cli.main())
