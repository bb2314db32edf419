"""What one change on the map page costs, seen from the browser (not a test): for a layer toggle, a year step,
the reporting-gaps toggle and a change of progress indicator, the rerun's time (the BackMsg rerun_script the
widget sends → the ForwardMsg script_finished), the websocket bytes the server sends for it (all of them, and
the map component's message alone) and any map files fetched, against the bytes of the base map as the page's
first load got it (the map component's message plus the map files, layers/static_files.py). On two pages: 松江区
with progress colours, and every jurisdiction with every layer. For this tree and, given --repo, another
checkout, alternating, in one run. Run from the repository root:

    git worktree add --detach /tmp/peakatlas-before <revision>     # once: the code to compare with
    .venv/bin/python bench/toggles.py [--repo /tmp/peakatlas-before] [--n 5]

How and why: bench/README.md ("What a change on the map costs")."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "bench"), str(REPO / "tests" / "e2e")]
from e2e_support import start_app  # noqa: E402 (found through the paths set just above)
from run import APP_PAINTED, MAP_IFRAME, VIEWPORT, WAIT_MS, Recorder, launch_chromium  # noqa: E402

from data.i18n import t  # noqa: E402
from layers import families, static_files  # noqa: E402
from layers.choropleth import indicator_label  # noqa: E402

INDICATOR, OTHER = "pv_capacity_new", "pv_capacity"
YEAR = 2024
PAGES = {  # 松江区: its towns, sample progress on its targets; then the heaviest map the app draws
    "松江区": f"/?j=310117&ind={INDICATOR}&year={YEAR}",
    "all, every layer": f"/?j=all&layers={','.join(f.key for f in families.FAMILIES)}&ind={INDICATOR}&year={YEAR}",
}
MAP_FILES = (static_files.URL + "/base-", static_files.URL + "/families-")


class MapTraffic:
    """The map component's messages (their sizes) and the map files fetched, timed like Recorder's frames."""

    def __init__(self, page):
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._msg, self.component, self.files = ForwardMsg, [], []
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))
        page.on("requestfinished", self._file)

    def _frame(self, payload):
        data = payload if isinstance(payload, bytes) else payload.encode()
        msg = self._msg.FromString(data)
        if msg.WhichOneof("type") == "delta" and msg.delta.new_element.WhichOneof("type") == "component_instance":
            self.component.append((time.perf_counter(), len(data)))

    def _file(self, request):
        if any(prefix in request.url for prefix in MAP_FILES):
            # the text's length, as the websocket frames' (Playwright reports those uncompressed); on the wire
            # the server gzips these files to about a quarter
            self.files.append((time.perf_counter(), len(request.response().body())))

    def since(self, t0: float) -> tuple[int, int]:
        """(bytes of the map's messages, bytes of map files) received after t0."""
        return sum(n for t, n in self.component if t > t0), sum(n for t, n in self.files if t > t0)


def _layer(page):
    page.get_by_role("button", name=f"Remove {families.BY_KEY[families.DEFAULT_ON[0]].label('zh')}").click()


def _year(page):
    page.get_by_test_id("stSidebar").get_by_role("slider").focus()
    page.keyboard.press("ArrowLeft")


def _gaps(page):
    page.get_by_test_id("stSidebar").get_by_text(t("layer_gaps", "zh")).click()


def _indicator(page):
    page.get_by_test_id("stSidebar").get_by_label(t("progress_indicator", "zh"), exact=True).click()
    page.get_by_role("option", name=indicator_label(OTHER, "zh"), exact=True).click()


CHANGES = {"layer toggle": _layer, "year step": _year, "gaps toggle": _gaps, "indicator change": _indicator}


def _rerun(rec: Recorder, mark: int, page) -> tuple[float, int, float, float] | None:
    """(seconds from rerun_script to script_finished, bytes received in between, when it was sent, when it
    finished), or None on a timeout."""
    deadline = time.perf_counter() + 30
    while time.perf_counter() < deadline:
        frames = rec.frames[mark:]
        sent = next((i for i, f in enumerate(frames) if f[1] == "out" and f[3] == "rerun_script"), None)
        if sent is not None:
            done = next((i for i in range(sent, len(frames)) if frames[i][3] == "script_finished"), None)
            if done is not None:
                received = sum(f[2] for f in frames[sent : done + 1] if f[1] == "in")
                return frames[done][0] - frames[sent][0], received, frames[sent][0], frames[done][0]
        page.wait_for_timeout(5)
    return None


def measure(browser, base: str, path: str, change) -> dict:
    ctx = browser.new_context(viewport=VIEWPORT)
    page = ctx.new_page()
    rec, traffic = Recorder(page, base), MapTraffic(page)
    page.goto(base + path, timeout=WAIT_MS)
    page.wait_for_function(APP_PAINTED, arg=MAP_IFRAME, polling=50, timeout=WAIT_MS)
    rec.settle(page)
    base_map = traffic.component[-1][1] + traffic.since(0.0)[1]  # the map's last message and its files
    mark, out = len(rec.frames), {"base": base_map, "time": float("nan"), "bytes": 0, "map": 0, "files": 0}
    if change:
        change(page)
        got = _rerun(rec, mark, page)
        rec.settle(page)
        if got:
            in_map, files = traffic.since(got[2])
            out |= {"time": got[0], "bytes": got[1], "map": in_map, "files": files}
    ctx.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repo", type=Path, help="another checkout to measure alternately with this one")
    ap.add_argument("--n", type=int, default=5)
    args = ap.parse_args()
    trees = {"this tree": REPO, **({f"{args.repo}": args.repo} if args.repo else {})}
    tmp = Path(tempfile.mkdtemp(prefix="pa-toggles-"))
    servers = {
        name: start_app(tmp / f"data{i}", tmp / f"log{i}.txt", repo=repo)
        for i, (name, repo) in enumerate(trees.items())
    }
    results = {(name, where, c): [] for name in trees for where in PAGES for c in CHANGES}
    try:
        with sync_playwright() as p:
            browser = launch_chromium(p)
            for server in servers.values():  # a first visit of each page, not counted (fills the server's caches)
                for path in PAGES.values():
                    measure(browser, server.base, path, None)
            for _ in range(args.n):
                for where, path in PAGES.items():
                    for change, act in CHANGES.items():
                        for name, server in servers.items():
                            results[(name, where, change)].append(measure(browser, server.base, path, act))
            browser.close()
    finally:
        for server in servers.values():
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"load average {os.getloadavg()[0]:.1f} / {os.getloadavg()[1]:.1f}; medians of {args.n}")
    print(
        "| tree | page | change | rerun from the browser (s) | bytes sent | of which the map | map files fetched "
        "| base map (bytes) | map / base | all / base |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for (name, where, change), rows in results.items():
        med = {k: statistics.median(r[k] for r in rows) for k in ("time", "bytes", "map", "files", "base")}
        print(
            f"| {name} | {where} | {change} | {med['time']:.3f} | {med['bytes']:,.0f} | {med['map']:,.0f} "
            f"| {med['files']:,.0f} | {med['base']:,.0f} | {(med['map'] + med['files']) / med['base']:.1%} "
            f"| {(med['bytes'] + med['files']) / med['base']:.1%} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
