"""What one change on the map page costs, seen from the browser (not a test): for a layer toggle, a year step,
the reporting-gaps toggle and a change of progress indicator, the rerun's time (the BackMsg rerun_script the
widget sends → the ForwardMsg script_finished) and the websocket bytes the server sends for it, against the
bytes of the base map (the largest message of the page's first run: the map component's arguments). For this
tree and, given --repo, another checkout, alternating, in one run. Run from the repository root:

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
from layers import families  # noqa: E402
from layers.choropleth import indicator_label  # noqa: E402

SCOPE = "310117"  # 松江区: districts and towns, sample progress on its targets
INDICATOR, OTHER = "pv_capacity_new", "pv_capacity"
YEAR = 2024
PAGE = f"/?j={SCOPE}&ind={INDICATOR}&year={YEAR}"


def _layer(page):
    page.get_by_role("button", name=f"Remove {families.BY_KEY[families.DEFAULT_ON[0]].label('zh')}").click()


def _year(page):
    page.get_by_test_id("stSidebar").get_by_role("slider").focus()
    page.keyboard.press("ArrowLeft")


def _gaps(page):
    page.get_by_test_id("stSidebar").get_by_text(t("layer_gaps", "zh")).click()


def _indicator(page):
    page.get_by_test_id("stSidebar").get_by_label(t("progress_indicator", "zh")).click()
    page.get_by_role("option", name=indicator_label(OTHER, "zh"), exact=True).click()


CHANGES = {"layer toggle": _layer, "year step": _year, "gaps toggle": _gaps, "indicator change": _indicator}


def _rerun(rec: Recorder, mark: int, page) -> tuple[float, int] | None:
    """(seconds from rerun_script to script_finished, bytes received in between), or None on a timeout."""
    deadline = time.perf_counter() + 30
    while time.perf_counter() < deadline:
        frames = rec.frames[mark:]
        sent = next((i for i, f in enumerate(frames) if f[1] == "out" and f[3] == "rerun_script"), None)
        if sent is not None:
            done = next((i for i in range(sent, len(frames)) if frames[i][3] == "script_finished"), None)
            if done is not None:
                received = sum(f[2] for f in frames[sent : done + 1] if f[1] == "in")
                return frames[done][0] - frames[sent][0], received
        page.wait_for_timeout(5)
    return None


def measure(browser, base: str, change) -> dict:
    ctx = browser.new_context(viewport=VIEWPORT)
    page = ctx.new_page()
    rec = Recorder(page, base)
    page.goto(base + PAGE, timeout=WAIT_MS)
    page.wait_for_function(APP_PAINTED, arg=MAP_IFRAME, polling=50, timeout=WAIT_MS)
    rec.settle(page)
    base_bytes = max(n for _, d, n, _ in rec.frames if d == "in")
    mark = len(rec.frames)
    got = None
    if change:
        change(page)
        got = _rerun(rec, mark, page)
        rec.settle(page)
    ctx.close()
    return {"base": base_bytes, "time": got[0] if got else float("nan"), "bytes": got[1] if got else 0}


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
    results = {(name, c): [] for name in trees for c in CHANGES}
    try:
        with sync_playwright() as p:
            browser = launch_chromium(p)
            for server in servers.values():  # a first visit each, not counted (fills the server's caches)
                measure(browser, server.base, None)
            for _ in range(args.n):
                for change, act in CHANGES.items():
                    for name, server in servers.items():
                        results[(name, change)].append(measure(browser, server.base, act))
            browser.close()
    finally:
        for server in servers.values():
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"load average {os.getloadavg()[0]:.1f} / {os.getloadavg()[1]:.1f}; medians of {args.n}; page {PAGE}")
    print("| tree | change | rerun from the browser (s) | bytes sent | base map (bytes) | sent / base |")
    print("|---|---|---|---|---|---|")
    for (name, change), rows in results.items():
        rerun = statistics.median(r["time"] for r in rows)
        sent = statistics.median(r["bytes"] for r in rows)
        base = statistics.median(r["base"] for r in rows)
        print(f"| {name} | {change} | {rerun:.3f} | {sent:,.0f} | {base:,.0f} | {sent / base:.1%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
