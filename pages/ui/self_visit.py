"""The warm start's last step: the server visits its own pages once, over its own websocket, as a browser
would (without one). layers/warmup.py fills the caches below pages/; a page's first run still imports the
pages' modules and the map component and fills their Streamlit caches (the map's files published), ~1–1.5 s on
this machine. After this visit the first real visitor's run is as fast as any later one.

Imported by app.py's warm-up thread: it imports nothing of the pages themselves (a page run does)."""

from __future__ import annotations

from collections.abc import Iterable

WAIT_S = 60.0


def _endpoint() -> tuple[str, str]:
    """(websocket URL, origin) of this server, from its own options."""
    from streamlit import config

    address = config.get_option("server.address") or ""
    host = "127.0.0.1" if address in ("", "0.0.0.0", "::", "localhost") else address
    host = f"[{host}]" if ":" in host else host
    port = config.get_option("server.port")
    prefix = (config.get_option("server.baseUrlPath") or "").strip("/")
    path = f"/{prefix}/_stcore/stream" if prefix else "/_stcore/stream"
    return f"ws://{host}:{port}{path}", f"http://{host}:{port}"


def visit(pages: Iterable[tuple[str, str]], header: str) -> int:
    """Run each (page url path, query string) once in one session of this server, its websocket sending
    `header` (so its runs know they are the warm start's own); returns how many ran to their end. A page that
    fails is the first real visitor's to retry: nothing here is needed."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    url, origin = _endpoint()
    done = 0
    headers = {header: "1"}
    with connect(
        url, subprotocols=["streamlit"], origin=origin, max_size=None, open_timeout=WAIT_S, additional_headers=headers
    ) as ws:
        for page, query in pages:
            msg = BackMsg()
            msg.rerun_script.page_name = page
            msg.rerun_script.query_string = query
            ws.send(msg.SerializeToString())
            while ForwardMsg.FromString(ws.recv(timeout=WAIT_S)).WhichOneof("type") != "script_finished":
                pass
            done += 1
    return done
