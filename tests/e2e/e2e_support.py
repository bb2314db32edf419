"""Shared by the browser tests (tests/e2e/) and the benchmark (bench/run.py): start the app as a real
Streamlit server, launch Debian's chromium through Playwright, and tell local from outside URLs."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # the app's own modules (layers.families, data.views) for expected values
    sys.path.insert(0, str(REPO))
CHROMIUM = os.environ.get("PEAKATLAS_CHROMIUM", "/usr/bin/chromium")  # Debian's; never a Playwright download
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HEALTH_TIMEOUT = 30.0
MAP_IFRAME = 'iframe[data-testid="stCustomComponentV1"]'  # the map component (titled by layers/map_access.py)
VIEWPORT = {"width": 1400, "height": 1000}
ARTIFACTS = REPO / "test-artifacts" / "e2e"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class AppServer:
    proc: subprocess.Popen
    port: int
    log_path: Path
    db_url: str  # the store it serves (several servers may share one)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base + path

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


STREAMLIT_RUN = ("-m", "streamlit", "run", "app.py")
APP_LAUNCH = ("app.py",)  # as `make run` starts it: the server and its warm start


def start_app(
    data_dir: Path,
    log_path: Path,
    timeout: float = HEALTH_TIMEOUT,
    db_url: str | None = None,
    *,
    repo: Path = REPO,
    launch: tuple[str, ...] = APP_LAUNCH,
) -> AppServer:
    """`python app.py` (the server and its warm start) on a free local port, with its own store (or the
    PostgreSQL store `db_url`, which several servers may share); returns once /_stcore/health answers "ok"
    (raises RuntimeError with the server log otherwise). `repo` and `launch` (python's arguments before the
    server flags) let a bench start another checkout, or a plain `streamlit run app.py` (STREAMLIT_RUN)."""
    port = free_port()
    env = {**os.environ, "PEAKATLAS_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
    env.pop("PEAKATLAS_DB_URL", None)
    if db_url:
        env["PEAKATLAS_DB_URL"] = db_url
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = log_path.open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            *launch,
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=repo,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    log.close()
    from data.reporting.db import DB_FILE

    server = AppServer(proc, port, log_path, db_url or f"sqlite:///{data_dir / DB_FILE}")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}:\n{server.log()}")
        try:
            with urllib.request.urlopen(f"{server.base}/_stcore/health", timeout=2) as r:
                if r.status == 200 and r.read().strip() == b"ok":
                    return server
        except OSError:
            pass
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"streamlit not healthy on port {port} after {timeout:.0f} s:\n{server.log()}")


def outside_url_pattern(base: str) -> re.Pattern:
    """Matches every URL that is NOT served by the app itself (nor a data:/blob:/about: URL, which never
    leave the browser). Route only these: routing every request through a handler breaks Streamlit."""
    b = re.escape(base)
    return re.compile(rf"^(?!{b}(?:[/?#]|$)|data:|blob:|about:)")


def local_ws(url: str, base: str) -> bool:
    host = base.split("://", 1)[1]
    return url.startswith(f"ws://{host}/") or url == f"ws://{host}"


def guard(page, base: str) -> tuple[list[str], list[str]]:
    """Refuse (and record) every request and websocket that leaves the app's server, and record uncaught
    JavaScript errors: (outside requests, page errors), both to be empty at the end."""
    outside: list[str] = []
    errors: list[str] = []

    def refuse(route):  # never sleep in here
        outside.append(route.request.url)
        route.abort()

    page.route(outside_url_pattern(base), refuse)
    page.on("websocket", lambda ws: None if local_ws(ws.url, base) else outside.append(ws.url))
    page.on("pageerror", lambda err: errors.append(str(err)))
    return outside, errors


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


# True once the page shows exactly one st_folium iframe whose Leaflet map is drawn and whose legend lists every
# text of `has` and none of `lacks`. Streamlit may replace the iframe during a rerun (for a moment there are
# two), so this looks at all of them at once from the top page (the component is same-origin).
_MAP_READY_JS = """([sel, has, lacks]) => {
  const frames = Array.from(document.querySelectorAll(sel));
  if (frames.length !== 1 || frames[0].offsetHeight === 0) return false;
  let doc;
  try { doc = frames[0].contentDocument; } catch (e) { return false; }
  const map = doc && doc.querySelector('.leaflet-container');
  const legend = doc && doc.querySelector('.pa-legend');
  if (!map || !legend || map.offsetHeight === 0 || legend.offsetHeight === 0) return false;
  const text = legend.innerText;
  return has.every(h => text.includes(h)) && !lacks.some(l => text.includes(l));
}"""


def map_frame(page, has=(), lacks=(), timeout_ms: float | None = None):
    """The st_folium iframe's Frame once its Leaflet map and our legend are visible (and the legend lists
    `has` and not `lacks`: use these to wait for a rerun's new map)."""
    kw = {} if timeout_ms is None else {"timeout": timeout_ms}
    page.wait_for_function(_MAP_READY_JS, arg=[MAP_IFRAME, list(has), list(lacks)], polling=50, **kw)
    return page.locator(MAP_IFRAME).last.element_handle(**kw).content_frame()  # the new one while one goes


@contextmanager
def visit(browser, server: AppServer, artifact: str | None = None, viewport: dict = VIEWPORT):
    """A fresh browser context (its own cookies) on one server; offline-guarded, and a screenshot named
    `artifact` at the end (also when a step failed: the picture shows where)."""
    context = browser.new_context(viewport=viewport, base_url=server.base)
    context.set_default_timeout(30_000)
    page = context.new_page()
    outside, errors = guard(page, server.base)
    try:
        yield page
    finally:
        if artifact:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"{artifact}.png"))
        context.close()
    assert not outside, f"requests to outside the app: {outside}"
    assert not errors, f"uncaught JavaScript errors: {errors}"


@contextmanager
def servers_on_one_store(backend: str, tmp_path: Path, add_users: Callable[[str], None], n: int = 2):
    """n app processes on one store — a SQLite file in a shared data dir, or a throwaway PostgreSQL database —
    after `add_users(store URL)`. PostgreSQL unavailable: the test is skipped (failed when CI is set)."""
    import pytest

    from data.reporting.db import DB_FILE

    cluster = pg_server = db_url = None
    if backend == "postgresql":
        from tests.reporting import pg

        try:
            pg_server, cluster = pg.start()
        except pg.PgUnavailable as e:
            if os.environ.get("CI"):
                pytest.fail(f"PostgreSQL could not be started (CI is set): {e}", pytrace=False)
            pytest.skip(f"PostgreSQL could not be started: {e}")
        db_url = pg_server.create()
    data_dir = tmp_path / "shared-data"
    add_users(db_url or f"sqlite:///{data_dir / DB_FILE}")
    servers = []
    try:
        for i in range(n):
            servers.append(start_app(data_dir, tmp_path / f"streamlit-{i}.log", db_url=db_url))
        yield servers
    finally:
        for server in servers:
            server.stop()
        if pg_server:
            pg_server.drop(db_url)
            pg_server.close()
        if cluster:
            cluster.stop()
