"""PeakAtlas 碳达峰行动地图 — entry point.

`python app.py [streamlit options]` starts the server and, on a thread beside it once it answers, prepares what
the first visitor would otherwise wait for (layers/warmup.py). Run by the server, this file is the app's script:
page setup and navigation (pages live in pages/). `streamlit run app.py` also works, without the warm start."""

import sys
import time

from streamlit import runtime


def warm_when_serving(wait_s: float = 60.0) -> None:
    """layers.warmup.prepare() once the server answers: warming never delays its start (or its health check)."""
    from streamlit.runtime.runtime import RuntimeState

    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline and not (
        runtime.exists() and runtime.get_instance().state != RuntimeState.INITIAL
    ):
        time.sleep(0.05)
    try:
        from layers import warmup

        print(f"PeakAtlas warm start: ready in {warmup.prepare():.1f} s", file=sys.stderr)
    except Exception as e:  # noqa: BLE001 - a cache left cold costs the first visitor time, never the server
        print(f"PeakAtlas warm start failed ({e!r}); the first visitor prepares what it needs", file=sys.stderr)


if runtime.exists():  # a script run inside the server
    from pages.ui.navigation import setup

    setup().run()
elif __name__ == "__main__":  # started from the shell: serve this file, and warm the caches meanwhile
    import threading

    from streamlit.web import cli

    threading.Thread(target=warm_when_serving, name="peakatlas-warmup", daemon=True).start()
    sys.argv = ["streamlit", "run", __file__, *sys.argv[1:]]
    sys.exit(cli.main())
