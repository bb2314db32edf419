"""The first visitor after a server restart (not a test): the map page and deep links to two area pages (a town,
a district with its charts), each opened the moment a freshly started server answers its health check, against
the same pages on a warm server in a fresh browser and the same maps as static HTML files; for this tree and,
given --repo, another checkout (e.g. a `git worktree` of an older commit), alternating, in one run.
Run from the repository root:

    git worktree add --detach /tmp/peakatlas-before <revision>     # once: the code to compare with
    .venv/bin/python bench/firstvisit.py [--repo /tmp/peakatlas-before] [--restarts 5] [--launcher auto]

How and why: bench/README.md ("The first visitor after a restart")."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "bench"), str(REPO / "tests" / "e2e")]
from e2e_support import APP_LAUNCH, STREAMLIT_RUN  # noqa: E402 (found through the paths set just above)
from run import (  # noqa: E402
    _TMP,
    APP_PAINTED,
    CHROMIUM,
    MAP_IFRAME,
    VIEWPORT,
    WAIT_MS,
    Recorder,
    launch_chromium,
    serve_dir,
    start_app,
    static_paints,
)

FIRST_EMPTY = "restart, empty data dir"
FIRST_KEPT = "restart, data dir of a previous run"
WARM = "warm server, fresh browser"
STATIC = "static HTML file (the floor)"
AREA = "310117104"  # 车墩镇 (松江区): a town official's bookmarked deep link
DISTRICT = "310117"  # 松江区: its towns, shares and gaps, and twelve progress charts
PAGES = {"map": "/", "area": f"/area?area={AREA}", "district": f"/area?area={DISTRICT}", "present": "/present"}
AREA_PAGES = ("area", "district")

# Installed in every fresh context: polls from the top page's first animation frame and keeps, in ms since its
# navigation started, when the map was drawn (bench/run.py's condition: legend and SVG paths in the map's iframe)
# and, on the area page, when its title and headline cards were visible (its first content above the fold).
WATCH = f"""if (window === window.top) {{
  const painted = {APP_PAINTED};
  const content = () => {{
    const h = document.querySelector('h1'), c = document.querySelector('.pa-cards');
    return h && c && h.offsetHeight > 0 && c.offsetHeight > 0;
  }};
  const wants_content = location.pathname.startsWith('/area');
  window.__fv = {{}};
  const tick = () => {{
    if (!window.__fv.content && content()) window.__fv.content = performance.now();
    const r = !window.__fv.map && painted({json.dumps(MAP_IFRAME)});
    if (r) window.__fv.map = r.t;
    const all = window.__fv.map && (window.__fv.content || !wants_content);
    if (!all && performance.now() < {WAIT_MS}) requestAnimationFrame(tick);
  }};
  requestAnimationFrame(tick);
}}"""

# Builds, in the checkout's own code (cwd), the two maps as the pages draw them, as standalone HTML files that
# link the vendor files copied beside them (the static-file floor).
BUILD_STATIC = """
import shutil, sys
from pathlib import Path
from data import views, years
from layers import basemaps, families, map_builder
from layers.assets import ensure_static

site, codes = Path(sys.argv[1]), dict(zip(("area", "district"), sys.argv[2:]))
shutil.copytree(ensure_static(), site / "app" / "static" / "vendor", dirs_exist_ok=True)
(site / "favicon.ico").touch()  # the browser asks for it: answered, not a 404 the closing context breaks
home = map_builder.MapSpec(layers=tuple(families.DEFAULT_ON), lang="zh", basemap=basemaps.available()[0].key,
                           bounds=views.overview_bounds())


def area(code):
    try:
        from layers.view_spec import area_spec
        return area_spec(code, "zh", years.reporting_year())
    except ImportError:  # before layers/view_spec.py: the spec pages/area.py built itself
        return map_builder.MapSpec(scope=code, layers=tuple(f.key for f in families.FAMILIES), lang="zh")


def present():  # the first saved view, as present mode opens (no indicator)
    from layers.view_spec import slide_spec
    return slide_spec(views.load()[0], "zh", None)


for name, spec in (("map", home), *((name, area(code)) for name, code in codes.items()), ("present", present())):
    (site / f"{name}.html").write_text(map_builder.build_map(spec).get_root().render(), encoding="utf-8")
"""


def median(xs):
    xs = [x for x in xs if x == x]  # NaN: a run whose script_finished was not seen
    return statistics.median(xs) if xs else float("nan")


@dataclass
class Checkout:
    name: str
    path: Path
    launch: tuple[str, ...]
    label: str
    samples: dict[tuple[str, str, str], list[float]] = field(default_factory=dict)  # (page, situation, what)
    outside: set[str] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)

    def add(self, kind: str, situation: str, what: str, seconds: float) -> None:
        self.samples.setdefault((kind, situation, what), []).append(seconds)

    def median(self, kind: str, situation: str, what: str) -> float:
        return median(self.samples.get((kind, situation, what), []))


def launcher_of(repo: Path, choice: str) -> tuple[str, ...]:
    """`python app.py` when the app has a launcher of its own (a `__main__` block or `bootstrap.run`) or when
    asked; else `python -m streamlit run app.py`. Either way with start_app's server flags."""
    own = re.search(r"bootstrap\.run|__name__\s*==\s*[\"']__main__[\"']", (repo / "app.py").read_text())
    return APP_LAUNCH if choice == "python" or (choice == "auto" and own) else STREAMLIT_RUN


def describe(repo: Path, launch: tuple[str, ...]) -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True).stdout.strip()

    dirty = " + uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") else ""
    how = "python app.py" if launch == APP_LAUNCH else "streamlit run app.py"
    return f"{repo} @ {git('rev-parse', '--short', 'HEAD')}{dirty}; launched as `{how}`"


# ---------------------------------------------------------------- one visit


def open_tab(browser):
    ctx = browser.new_context(viewport=VIEWPORT)
    ctx.add_init_script(WATCH)
    return ctx, ctx.new_page()


def load(ctx, page, base: str, kind: str, co: Checkout) -> dict | None:
    """Navigate the prepared tab to the page `kind`; wait until painted (and its first content, on an area
    page) and for the websocket to fall quiet; seconds since the navigation started, and the megabytes received
    by then (HTTP bodies and websocket frames; None: not painted)."""
    rec = Recorder(page, base)
    t_nav = time.perf_counter()
    need = "window.__fv.map" + (" && window.__fv.content" if kind in AREA_PAGES else "")
    try:
        page.goto(base + PAGES[kind], wait_until="commit", timeout=WAIT_MS)
        page.wait_for_function(f"() => window.__fv && {need}", polling=100, timeout=WAIT_MS)
    except PlaywrightTimeout:
        ctx.close()
        return None
    fv = page.evaluate("() => window.__fv")
    rec.settle(page)
    done = next((t for t, d, _, k in rec.frames if d == "in" and k == "script_finished"), None)
    co.outside.update(rec.outside)
    received = sum(r.sizes()["responseBodySize"] for r in rec.requests) + rec.payload()["ws"]
    ctx.close()
    out = {"map": fv["map"] / 1000, "done": done - t_nav if done else float("nan"), "mb": received / 1e6}
    return out | ({"content": fv["content"] / 1000} if kind in AREA_PAGES else {})


def record(co: Checkout, kind: str, situation: str, r: dict | None, server) -> None:
    if r is None:  # one page that never painted is reported, the run goes on
        co.failures.append(f"{kind} · {situation}: not painted in {WAIT_MS / 1000:.0f} s; server log:\n{server.log()}")
    for what, seconds in (r or {}).items():
        co.add(kind, situation, what, seconds)


def restart(browser, co: Checkout, data_dir: Path, kind: str, situation: str, warm: bool = False) -> None:
    """A new server on `data_dir`; the page `kind` opened in a tab prepared beforehand, the moment health
    answers; then (if `warm`) the same page again in a fresh context on that server, which has now served it."""
    ctx, page = open_tab(browser)
    t0 = time.perf_counter()
    server = start_app(data_dir, _TMP / f"{co.name}.log", timeout=90, repo=co.path, launch=co.launch)
    try:
        co.add(kind, situation, "health", time.perf_counter() - t0)
        record(co, kind, situation, load(ctx, page, server.base, kind, co), server)
        if warm:
            record(co, kind, WARM, load(*open_tab(browser), server.base, kind, co), server)
    finally:
        server.stop()


# ---------------------------------------------------------------- the run


def prepare(browser, co: Checkout) -> Path:
    """The data dir of a previous run (one start that served both pages, not counted) and the static maps."""
    kept = _TMP / f"{co.name}-data-kept"
    server = start_app(kept, _TMP / f"{co.name}.log", timeout=90, repo=co.path, launch=co.launch)
    try:
        for kind in PAGES:
            load(*open_tab(browser), server.base, kind, co)
    finally:
        server.stop()
    build_static(co.path, _TMP / f"{co.name}-site", _TMP / f"{co.name}-data-build")
    return kept


def build_static(repo: Path, site: Path, data_dir: Path) -> None:
    """The static maps of every page (BUILD_STATIC) in `repo`'s code, on an empty data dir of their own."""
    env = {**os.environ, "PEAKATLAS_DATA_DIR": str(data_dir)}
    env.pop("PEAKATLAS_DB_URL", None)
    subprocess.run([sys.executable, "-c", BUILD_STATIC, str(site), AREA, DISTRICT], cwd=repo, env=env, check=True)


def measure(browser, checkouts: list[Checkout], restarts: int) -> None:
    kept = {co.name: prepare(browser, co) for co in checkouts}
    for i in range(restarts):  # the checkouts alternate and take turns at going first
        for co in checkouts[:: 1 if i % 2 == 0 else -1]:
            empty = _TMP / f"{co.name}-data-empty-{i}"
            restart(browser, co, empty, "map", FIRST_EMPTY)
            shutil.rmtree(empty, ignore_errors=True)
            restart(browser, co, kept[co.name], "map", FIRST_KEPT, warm=True)
            for kind in (*AREA_PAGES, "present"):
                restart(browser, co, kept[co.name], kind, FIRST_KEPT, warm=True)
    for co in checkouts:
        httpd, base = serve_dir(_TMP / f"{co.name}-site")
        try:
            for kind in PAGES:
                paints, refused = static_paints(browser, f"{base}/{kind}.html")
                co.samples[(kind, STATIC, "map")] = paints
                co.outside.update(refused)
        finally:
            httpd.shutdown()


# ---------------------------------------------------------------- the report


SITUATIONS = (FIRST_EMPTY, FIRST_KEPT, WARM, STATIC)
# (page, painted)
ROWS = (("map", "map"), ("present", "map"), *((kind, what) for kind in AREA_PAGES for what in ("map", "content")))
PAINTED = {"map": "map drawn", "content": "title and cards", "mb": "MB received (not s)"}


def num(x: float, width: int, suffix: str = "") -> str:
    return f"{x:>{width - len(suffix)}.2f}{suffix}" if x == x else f"{'—':>{width}}"


def report(co: Checkout) -> None:
    print(f"\n{co.label}")
    print(
        f"{'page · situation · painted':<60} {'n':>2} {'median s':>8} {'range s':>11} {'÷ warm':>7} {'÷ static':>8}"
        f" {'health s':>8} {'script s':>8} {'MB':>6}"
    )
    for kind, what in ROWS:
        warm, floor = co.median(kind, WARM, what), co.median(kind, STATIC, "map")
        for situation in SITUATIONS:
            xs = [x for x in co.samples.get((kind, situation, what), []) if x == x]
            if not xs:
                continue
            m, vs_warm = median(xs), warm if situation != STATIC else float("nan")
            print(
                f"{f'{kind} · {situation} · {PAINTED[what]}':<60} {len(xs):>2} {m:>8.2f} "
                f"{f'{min(xs):.2f}–{max(xs):.2f}':>11} {num(m / vs_warm, 7, '×')} {num(m / floor, 8, '×')} "
                f"{num(co.median(kind, situation, 'health'), 8)} "
                f"{num(co.median(kind, situation, 'done') if what == 'map' else float('nan'), 8)} "
                f"{num(co.median(kind, situation, 'mb') if what == 'map' else float('nan'), 6)}"
            )
    print(f"requests to other hosts (refused): {sorted(co.outside) if co.outside else 'none'}")
    for failure in co.failures:
        print(f"NOT PAINTED {failure}")


def compare(this: Checkout, other: Checkout) -> None:
    print("\nmedians (s), --repo → this tree; ratio = this ÷ --repo")
    print(f"{'page · situation · painted':<60} {'--repo':>8} {'this':>8} {'ratio':>7}")
    for kind, what in (*ROWS, *((kind, "mb") for kind in PAGES)):
        for situation in SITUATIONS:
            before, after = other.median(kind, situation, what), this.median(kind, situation, what)
            if before == before or after == after:
                print(
                    f"{f'{kind} · {situation} · {PAINTED[what]}':<60} {num(before, 8)} {num(after, 8)} "
                    f"{num(after / before, 7, '×')}"
                )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\nRun from")[0])
    ap.add_argument("--repo", type=Path, help="another checkout (a git worktree) measured alongside this tree")
    ap.add_argument("--restarts", type=int, default=5, help="server restarts per situation (default 5)")
    ap.add_argument(
        "--launcher",
        choices=("auto", "streamlit", "python"),
        default="auto",
        help="auto: `python app.py` where app.py has a launcher of its own, else `streamlit run app.py`",
    )
    args = ap.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found: install Debian's chromium (make system-deps)")
        return 2
    checkouts = []
    for name, path in (("this", REPO), ("repo", args.repo)):
        if path:
            launch = launcher_of(path.resolve(), args.launcher)
            checkouts.append(Checkout(name, path.resolve(), launch, describe(path.resolve(), launch)))
    load_before, started = os.getloadavg(), time.perf_counter()
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        measure(browser, checkouts, args.restarts)
        browser.close()
    load_after = os.getloadavg()
    print(
        f"\nPeakAtlas first visit — {', '.join(PAGES.values())}; {args.restarts} restarts per situation, "
        f"headless chromium, seconds from the navigation's start"
    )
    print(
        f"{os.cpu_count()} cores; load average (1, 5, 15 min) at start {', '.join(f'{x:.2f}' for x in load_before)}"
        f", at end {', '.join(f'{x:.2f}' for x in load_after)}; the run took {time.perf_counter() - started:.0f} s"
    )
    for co in checkouts:
        report(co)
    if len(checkouts) == 2:
        compare(*checkouts)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:  # bench/run.py's temporary folder: the data dirs, server logs and static sites of this run
        shutil.rmtree(_TMP, ignore_errors=True)
