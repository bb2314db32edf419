"""Ten sessions at once on the map with the progress choropleth and the gaps layer (not a test): one session
alone and ten started together, each painted in its own fresh browser context, and the same runs asked by ten
plain websocket clients (no browser: what the server alone does); with this tree's code and, given --before,
an older revision's (a git worktree), alternating, in one run. Run from the repository root:

    git worktree add --detach /tmp/peakatlas-before <revision>     # once
    .venv/bin/python bench/sessions.py --before /tmp/peakatlas-before

How and why: bench/README.md ("Ten sessions at once")."""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from run import (  # noqa: E402 (found through the path set just above)
    _TMP,
    APP_PAINTED,
    CHROMIUM,
    LOADS,
    MAP_IFRAME,
    VIEWPORT,
    WAIT_MS,
    Recorder,
    launch_chromium,
    start_app,
)

SESSIONS = 10
PAGE = "/?j=310117&ind=pv_capacity_new&gaps=1"  # 松江区, PV capacity added as the choropleth, the gaps layer on

# Installed in every fresh context: from the first frame of the top page, polls APP_PAINTED (bench/run.py's
# paint condition) every animation frame and keeps its first answer, so ten pages are timed at once although
# Python waits for them one after another.
PAINT_WATCH = f"""if (window === window.top) {{
  const painted = {APP_PAINTED};
  const tick = () => {{
    const r = painted({json.dumps(MAP_IFRAME)});
    if (r) window.__painted = r; else requestAnimationFrame(tick);
  }};
  requestAnimationFrame(tick);
}}"""


def median(xs):
    return statistics.median(xs) if xs else float("nan")


# ---------------------------------------------------------------- the servers


def start(repo: Path, name: str):
    """`streamlit run app.py` of `repo` (this tree or a worktree) with its own empty store, through that tree's
    own tests/e2e/e2e_support.start_app (it starts the app of the tree it lives in)."""
    if repo == REPO:
        starter = start_app
    else:
        spec = importlib.util.spec_from_file_location(f"e2e_support_{name}", repo / "tests/e2e/e2e_support.py")
        module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)  # (its dataclass looks it up)
        spec.loader.exec_module(module)
        starter = module.start_app
    return starter(_TMP / f"data-{name}", _TMP / f"streamlit-{name}.log", timeout=60)


def _cpu_s(pid: int) -> float:
    """CPU seconds of a process and of its children it has reaped (Linux /proc: utime, stime, cutime, cstime)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # gone
        return 0.0
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def cpu(server) -> tuple[float, float]:
    """CPU seconds so far: (the server, the browser side = every other process below this one: Chromium and
    Playwright's driver)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError):  # a process that ended meanwhile
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
    below, frontier = set(), {os.getpid()}
    while frontier:
        frontier = {p for p, pp in parents.items() if pp in frontier} - below
        below |= frontier
    servers = {p for p in below if b"streamlit" in _cmdline(p)}
    return _cpu_s(server.proc.pid), sum(_cpu_s(p) for p in below - servers)


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def rss_mb(pid: int) -> float:
    """The server's resident memory (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# ---------------------------------------------------------------- browser sessions


def open_sessions(browser, base: str, n: int):
    """n fresh contexts (empty HTTP cache, a new Streamlit session each), each on about:blank, recorded."""
    out = []
    for _ in range(n):
        ctx = browser.new_context(viewport=VIEWPORT)
        ctx.add_init_script(PAINT_WATCH)
        page = ctx.new_page()
        out.append((ctx, page, Recorder(page, base)))
    return out


def server_run(rec: Recorder) -> float:
    """The browser's BackMsg rerun_script → the ForwardMsg script_finished (the server's run + localhost)."""
    sent = next((t for t, d, _, k in rec.frames if d == "out" and k == "rerun_script"), None)
    done = next((t for t, d, _, k in rec.frames if d == "in" and k == "script_finished"), None)
    return done - sent if sent is not None and done is not None else float("nan")


def navigate(page, base: str) -> None:
    """Start the page's navigation without waiting for it (so several start together)."""
    page.evaluate("url => { window.location.href = url; }", base + PAGE)


def painted(page, rec: Recorder, base: str) -> dict:
    """Once the session has painted: its paint (s from its navigation start) and its server run."""
    page.wait_for_url(base + PAGE, wait_until="commit", timeout=WAIT_MS)  # waiting survives no navigation
    done = page.wait_for_function("() => window.__painted", timeout=WAIT_MS).json_value()
    rec.settle(page)
    return {"paint": done["t"] / 1000, "run": server_run(rec), "outside": list(rec.outside)}


def browse(browser, server, n: int) -> tuple[list[dict], tuple[float, float]]:
    """n browser sessions whose navigations start together; and the CPU seconds (server, browser side) from
    their start until all have painted."""
    sessions = open_sessions(browser, server.base, n)
    start = cpu(server)
    for _, page, _ in sessions:
        navigate(page, server.base)
    results = [painted(page, rec, server.base) for _, page, rec in sessions]
    end = cpu(server)
    for ctx, _, _ in sessions:
        ctx.close()
    return results, (end[0] - start[0], end[1] - start[1])


# ---------------------------------------------------------------- websocket clients (no browser)


def captured_rerun(browser, base: str) -> bytes:
    """The BackMsg rerun_script a browser sends when it opens the page, to be replayed as is."""
    ctx = browser.new_context(viewport=VIEWPORT)
    page = ctx.new_page()
    sent: list[bytes] = []
    page.on(
        "websocket", lambda ws: ws.on("framesent", lambda p: sent.append(p if isinstance(p, bytes) else p.encode()))
    )
    page.goto(base + PAGE, wait_until="commit", timeout=WAIT_MS)
    page.wait_for_function(APP_PAINTED, arg=MAP_IFRAME, polling="raf", timeout=WAIT_MS)
    ctx.close()
    from streamlit.proto.BackMsg_pb2 import BackMsg

    return next(m for m in sent if BackMsg.FromString(m).WhichOneof("type") == "rerun_script")


def ws_run(base: str, rerun: bytes, go: Callable[[], object], out: list, i: int) -> None:
    """One session over a plain websocket: connect, wait for `go`, send the rerun, time until the ForwardMsg
    script_finished."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    host = base.split("://", 1)[1]
    with connect(f"ws://{host}/_stcore/stream", subprotocols=["streamlit"], origin=base, max_size=None) as ws:
        go()
        t0 = time.perf_counter()
        ws.send(rerun)
        while ForwardMsg.FromString(ws.recv(timeout=WAIT_MS / 1000)).WhichOneof("type") != "script_finished":
            pass
        out[i] = time.perf_counter() - t0


def ws_sessions(base: str, rerun: bytes, n: int, go: Callable[[], object]) -> tuple[list[threading.Thread], list]:
    """n websocket sessions, started, each sending its rerun once `go` returns; (threads, their times)."""
    out = [float("nan")] * n
    threads = [threading.Thread(target=ws_run, args=(base, rerun, go, out, i)) for i in range(n)]
    for th in threads:
        th.start()
    return threads, out


def ws_runs(base: str, rerun: bytes, n: int) -> list[float]:
    """n websocket sessions released together by a barrier (n = 1: one alone)."""
    threads, out = ws_sessions(base, rerun, n, threading.Barrier(n).wait)
    for th in threads:
        th.join()
    return out


def among(browser, base: str, rerun: bytes) -> dict:
    """One browser session among SESSIONS: the others are websocket sessions that send their rerun when the
    browser sends its own, so the server runs them all at once while a single browser draws — ten users,
    each on their own machine."""
    sent = threading.Event()
    ((ctx, page, rec),) = open_sessions(browser, base, 1)
    page.on("websocket", lambda ws: ws.on("framesent", lambda _: sent.set()))
    threads, others = ws_sessions(base, rerun, SESSIONS - 1, lambda: sent.wait(WAIT_MS / 1000))
    navigate(page, base)
    result = painted(page, rec, base)
    for th in threads:
        th.join()
    ctx.close()
    return result | {"others": others}


# ---------------------------------------------------------------- one run


def measure(browser, server, rerun: bytes, into: dict) -> None:
    """One round on one server: LOADS browser sessions alone, SESSIONS at once, LOADS times one browser among
    SESSIONS; then websocket sessions only: LOADS alone, SESSIONS at once."""
    for _ in range(LOADS):
        (one,), (server_s, browser_s) = browse(browser, server, 1)
        into["alone_paint"].append(one["paint"])
        into["alone_run"].append(one["run"])
        into["alone_cpu_server"].append(server_s)
        into["alone_cpu_browser"].append(browser_s)
    ten, (server_s, browser_s) = browse(browser, server, SESSIONS)
    into["ten_paint"] += [r["paint"] for r in ten]
    into["ten_run"] += [r["run"] for r in ten]
    into["ten_cpu_server"].append(server_s)
    into["ten_cpu_browser"].append(browser_s)
    into["rss"].append(rss_mb(server.proc.pid))
    into["outside"] |= {u for r in ten for u in r["outside"]}
    for _ in range(LOADS):
        one = among(browser, server.base, rerun)
        into["among_paint"].append(one["paint"])
        into["among_run"].append(one["run"])
        into["among_others"] += one["others"]
    for _ in range(LOADS):
        into["ws_alone"] += ws_runs(server.base, rerun, 1)
    into["ws_ten"] += ws_runs(server.base, rerun, SESSIONS)


ROWS = (
    ("alone_paint", median, "one session alone: paint (s)"),
    ("alone_run", median, "  its server run (s)"),
    ("alone_cpu_server", median, "  CPU until painted: server (s)"),
    ("alone_cpu_browser", median, "  CPU until painted: browser side (s)"),
    ("ten_paint", median, f"{SESSIONS} at once: paint, median (s)"),
    ("ten_paint", max, f"{SESSIONS} at once: paint, max (s)"),
    ("ten_run", median, "  server run under them, median (s)"),
    ("ten_run", max, "  server run under them, max (s)"),
    ("ten_cpu_server", median, "  CPU until all painted: server (s)"),
    ("ten_cpu_browser", median, "  CPU until all painted: browser side (s)"),
    ("among_paint", median, f"one browser among {SESSIONS}: paint (s)"),
    ("among_run", median, "  its server run (s)"),
    ("among_others", max, f"  the {SESSIONS - 1} others' server runs, max (s)"),
    ("ws_alone", median, "no browser: one run alone (s)"),
    ("ws_ten", median, f"no browser: {SESSIONS} at once, median (s)"),
    ("ws_ten", max, f"no browser: {SESSIONS} at once, max (s)"),
    ("rss", max, "server RSS after the ten (MB)"),
)
RATIOS = (
    ("ten_paint", median, "alone_paint", "paint: ten median ÷ alone"),
    ("ten_paint", max, "alone_paint", "paint: ten max ÷ alone"),
    ("ten_run", median, "alone_run", "server run: ten median ÷ alone"),
    ("among_paint", median, "alone_paint", f"paint: one among {SESSIONS} ÷ alone"),
    ("ws_ten", median, "ws_alone", "no browser: ten median ÷ alone"),
    ("ws_ten", max, "ws_alone", "no browser: ten max ÷ alone"),
)


def report(results: dict, rounds: int, load0: float) -> None:
    names = list(results)
    print(
        f"\nTen sessions at once — {PAGE}; {os.cpu_count()} CPUs, load {load0:.2f} → {os.getloadavg()[0]:.2f}; "
        f"{rounds} round(s): alone = median of {LOADS * rounds}, ten = {SESSIONS * rounds} sessions\n"
    )
    w = 42
    print(f"{'':{w}}" + "".join(f"{n:>10}" for n in names) + (f"{'before/after':>14}" if len(names) == 2 else ""))
    for key, agg, label in ROWS:
        vals = [agg(results[n][key]) for n in names]
        tail = f"{vals[0] / vals[1]:>13.2f}×" if len(vals) == 2 and vals[1] else ""
        print(f"{label:{w}}" + "".join(f"{v:>10.2f}" for v in vals) + tail)
    for key, agg, base, label in RATIOS:
        print(f"{label:{w}}" + "".join(f"{agg(results[n][key]) / median(results[n][base]):>9.2f}×" for n in names))
    for n in names:
        r = results[n]
        print(f"\n{n}: ten paints {', '.join(f'{p:.1f}' for p in r['ten_paint'])} s")
        print(f"{n}: ten runs (no browser) {', '.join(f'{p:.2f}' for p in r['ws_ten'])} s")
        print(f"{n}: requests to other hosts: {sorted(r['outside']) or 'none'}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", type=Path, help="a git worktree of the revision to compare with")
    ap.add_argument("--rounds", type=int, default=2, help="rounds per code (each: 5 alone, ten at once)")
    args = ap.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found: install Debian's chromium (make system-deps)")
        return 2
    from playwright.sync_api import sync_playwright

    load0 = os.getloadavg()[0]
    trees = {"before": args.before.resolve()} if args.before else {}
    trees["after" if args.before else "this tree"] = REPO
    servers = {name: start(repo, name.replace(" ", "-")) for name, repo in trees.items()}
    results = {n: {k: [] for k, *_ in ROWS} | {"outside": set()} for n in trees}
    try:
        with sync_playwright() as pw:
            browser = launch_chromium(pw)
            reruns = {n: captured_rerun(browser, s.base) for n, s in servers.items()}  # also warms each server
            for i in range(args.rounds):
                order = list(servers) if i % 2 == 0 else list(reversed(servers))  # neither always goes first
                for n in order:
                    measure(browser, servers[n], reruns[n], results[n])
            browser.close()
    finally:
        for s in servers.values():
            s.stop()
    report(results, args.rounds, load0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
