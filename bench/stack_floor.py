"""The floor of the stack (not a test): what a fresh browser waits for on a warm server when the page is built on
Streamlit and streamlit-folium at all, against the map page's static-file floor that issue 13 measures the app
by (≤ 5×). In one run, each a median of fresh browser contexts, the lines taking turns round by round:

  1. the map page's default view as a static HTML file (bench/firstvisit.py's build, bench/run.py's paint),
  2. a minimal Streamlit app showing one st.write text: its front end's floor,
  3. a minimal Streamlit app showing that same map (the same folium Map, built by the app's code) with stock
     streamlit_folium.st_folium: the front end's and the component's floor,
  4. the app's own map page (and present page), warm server, fresh browser (bench/firstvisit.py's load).

Run from the repository root:  .venv/bin/python bench/stack_floor.py
How and why: bench/README.md ("The floor of the stack")."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "bench"), str(REPO / "tests" / "e2e")]
from e2e_support import start_app  # noqa: E402 (found through the paths set just above)
from firstvisit import (  # noqa: E402
    Checkout,
    build_static,
    describe,
    launcher_of,
    load,
    median,
    num,
    open_tab,
)
from run import _TMP, CHROMIUM, LOADS, STATIC_PAINTED, VIEWPORT, WAIT_MS, Recorder, launch_chromium, serve_dir  # noqa: E402

TEXT = "PeakAtlas stack floor"
TEXT_APP = f"import streamlit as st\n\nst.write({TEXT!r})\n"
# The map page's default view, built once per process as BUILD_STATIC builds its "map" page, shown by stock
# st_folium at the map page's height and layout. st_folium renders the Map to JavaScript on every run, and a
# Map rendered once renders broken the second time (a GeoJSON layer's variable undefined), so each run
# renders a copy (~0.01 s; a rebuild with warm caches takes ~0.1 s).
FOLIUM_APP = f"""import copy
import sys

sys.path.insert(0, {str(REPO)!r})
import streamlit as st
from streamlit_folium import st_folium

st.set_page_config(layout="wide")


@st.cache_resource
def home():
    from data import views
    from layers import basemaps, families, map_builder

    spec = map_builder.MapSpec(layers=tuple(families.DEFAULT_ON), lang="zh", basemap=basemaps.available()[0].key,
                               bounds=views.overview_bounds())
    return map_builder.build_map(spec)


st_folium(copy.deepcopy(home()), height=640, returned_objects=[])
"""
# Resolves with ms since the navigation started once the text is visible (Streamlit's front end has mounted,
# opened its websocket, run the script and drawn its first element).
TEXT_VISIBLE = """(text) => {
  const els = Array.from(document.querySelectorAll('[data-testid="stMarkdownContainer"]'));
  const el = els.find(e => e.innerText.includes(text));
  return el && el.offsetHeight > 0 ? {t: performance.now()} : false;
}"""

STATIC, TEXT_ROW, FOLIUM_ROW = "static", "text", "st_folium"
ROWS = {
    STATIC: "1. static HTML file of the map page's view (the floor)",
    TEXT_ROW: "2. minimal Streamlit app, one st.write text",
    FOLIUM_ROW: "3. minimal Streamlit app, the same map via st_folium",
    "map": "4. the app's map page /, warm server",
    "present": "4'. the app's present page /present, warm server",
}


def build_site() -> Path:
    """The static maps (bench/firstvisit.py's BUILD_STATIC, in this checkout's code, on an empty data dir)."""
    site = _TMP / "site"
    build_static(REPO, site, _TMP / "build-data")
    return site


def minimal_app(name: str, script: str, site: Path) -> Path:
    """A folder holding one script, the app's .streamlit/config.toml and the vendor files the map links."""
    folder = _TMP / name
    (folder / ".streamlit").mkdir(parents=True)
    shutil.copy(REPO / ".streamlit" / "config.toml", folder / ".streamlit" / "config.toml")
    shutil.copytree(site / "app" / "static" / "vendor", folder / "static" / "vendor")
    (folder / "app.py").write_text(script, encoding="utf-8")
    return folder


def paint(browser, url: str, painted: str, co: Checkout, arg=None) -> dict | None:
    """One fresh context, as bench/run.py's static_paints loads the static file (one load here, so that the
    floor takes its turn in each round): seconds from the navigation's start until `painted` holds."""
    ctx = browser.new_context(viewport=VIEWPORT)
    page = ctx.new_page()
    rec = Recorder(page, None)  # every host but 127.0.0.1 refused
    try:
        page.goto(url, wait_until="commit", timeout=WAIT_MS)
        r = page.wait_for_function(painted, arg=arg, polling="raf", timeout=WAIT_MS).json_value()
    except PlaywrightTimeout:
        return None
    finally:
        co.outside.update(rec.outside)
        ctx.close()
    return {"map": r["t"] / 1000}


def start(co: Checkout, data: str):
    return start_app(_TMP / data, _TMP / f"{co.name}.log", timeout=90, repo=co.path, launch=co.launch)


def measure(browser, site: Path, co: dict[str, Checkout]) -> None:
    """Warm each server with one visit per page (not counted), then LOADS rounds of one fresh context per line."""
    httpd, static_base = serve_dir(site)
    servers = {}
    try:
        servers = {name: start(c, f"{name}-data") for name, c in co.items()}
        visits = {
            STATIC: lambda: paint(browser, f"{static_base}/map.html", STATIC_PAINTED, co["app"]),
            TEXT_ROW: lambda: paint(browser, servers[TEXT_ROW].base + "/", TEXT_VISIBLE, co[TEXT_ROW], TEXT),
            FOLIUM_ROW: lambda: load(*open_tab(browser), servers[FOLIUM_ROW].base, "map", co[FOLIUM_ROW]),
            "map": lambda: load(*open_tab(browser), servers["app"].base, "map", co["app"]),
            "present": lambda: load(*open_tab(browser), servers["app"].base, "present", co["app"]),
        }
        for visit in visits.values():
            visit()
        for _ in range(LOADS):
            for row, visit in visits.items():
                r = visit()
                owner = co.get(row, co["app"])
                if r is None:
                    owner.failures.append(f"{row}: not painted in {WAIT_MS / 1000:.0f} s")
                for what, seconds in (r or {}).items():
                    co["app"].add(row, "", what, seconds)
    finally:
        httpd.shutdown()
        for server in servers.values():
            server.stop()


def report(co: dict[str, Checkout]) -> None:
    results = co["app"]
    floor = results.median(STATIC, "", "map")
    print(
        f"\n{'page · painted':<56} {'n':>2} {'median s':>8} {'range s':>11} {'÷ static':>8} {'script s':>8} {'MB':>5}"
    )
    for row, label in ROWS.items():
        xs = [x for x in results.samples.get((row, "", "map"), []) if x == x]
        if not xs:
            print(f"{label:<56}  0  not painted")
            continue
        m, done, mb = median(xs), results.median(row, "", "done"), results.median(row, "", "mb")
        print(
            f"{label:<56} {len(xs):>2} {m:>8.2f} {f'{min(xs):.2f}–{max(xs):.2f}':>11} {m / floor:>7.2f}× "
            f"{num(done, 8)} {num(mb, 5)}"
        )
    print(f"5 × the static floor = {5 * floor:.2f} s")
    outside = set().union(*(c.outside for c in co.values()))
    print(f"requests to other hosts (refused): {sorted(outside) if outside else 'none'}")
    for c in co.values():
        for failure in c.failures:
            print(f"NOT PAINTED {c.name} {failure}")


def main() -> int:
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found: install Debian's chromium (make system-deps)")
        return 2
    load_before, started = os.getloadavg(), time.perf_counter()
    site = build_site()
    streamlit_run = ("-m", "streamlit", "run", "app.py")
    launch = launcher_of(REPO, "auto")
    co = {
        TEXT_ROW: Checkout(TEXT_ROW, minimal_app(TEXT_ROW, TEXT_APP, site), streamlit_run, "minimal text app"),
        FOLIUM_ROW: Checkout(FOLIUM_ROW, minimal_app(FOLIUM_ROW, FOLIUM_APP, site), streamlit_run, "st_folium"),
        "app": Checkout("app", REPO, launch, describe(REPO, launch)),
    }
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        measure(browser, site, co)
        browser.close()
    load_after = os.getloadavg()
    print(
        f"\nPeakAtlas stack floor — {LOADS} rounds of one fresh browser context per line, headless chromium, "
        f"seconds from the navigation's start; warm servers (one visit each before, not counted)"
    )
    print(f"app: {co['app'].label}; minimal apps: `python -m streamlit run app.py` with the app's config.toml")
    print(
        f"{os.cpu_count()} cores; load average (1, 5, 15 min) at start {', '.join(f'{x:.2f}' for x in load_before)}"
        f", at end {', '.join(f'{x:.2f}' for x in load_after)}; the run took {time.perf_counter() - started:.0f} s"
    )
    report(co)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:  # bench/run.py's temporary folder: the data dirs, server logs, minimal apps and static site
        shutil.rmtree(_TMP, ignore_errors=True)
