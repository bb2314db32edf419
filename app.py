"""PeakAtlas 碳达峰行动地图 — entry point.

`python app.py [streamlit options]` starts the server and, on a thread beside it once it answers, prepares what
the first visitor would otherwise wait for (layers/warmup.py). Run by the server, this file is the app's script:
page setup and navigation (pages live in pages/). `streamlit run app.py` also works, without the warm start."""

import sys
import time

from streamlit import runtime


def warm_when_serving(wait_s: float = 60.0) -> None:
    """The warm start once the server answers (never delaying its start or its health check): the caches below
    pages/ (layers/warmup.py). Nothing of pages/ is imported here: the map component registers itself only when
    imported by a page run (imported on this thread, its front end answered 404)."""
    from streamlit.runtime.runtime import RuntimeState

    from layers import warmup

    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline and not (
        runtime.exists() and runtime.get_instance().state != RuntimeState.INITIAL
    ):
        time.sleep(0.05)
    try:
        seconds = warmup.run(warmup.prepare)
        print(f"PeakAtlas warm start: ready in {seconds:.1f} s", file=sys.stderr)
    except Exception as e:  # noqa: BLE001 - a cache left cold costs the first visitor time, never the server
        print(f"PeakAtlas warm start failed ({e!r}); the first visitor prepares what it needs", file=sys.stderr)


if runtime.exists():  # a script run inside the server
    from layers import warmup
    from pages.ui.navigation import setup

    warmup.wait_until_ready()
    setup().run()
elif __name__ == "__main__":  # started from the shell: serve this file, and warm the caches meanwhile
    import threading

    from streamlit.web import cli

    threading.Thread(target=warm_when_serving, name="peakatlas-warmup", daemon=True).start()
    sys.argv = ["streamlit", "run", __file__, *sys.argv[1:]]
    sys.exit(cli.main())
