"""The national overview at scale (not a test): all 2,891 counties, and ~40,000 SYNTHETIC cells (Voronoi cells
of 14 random points inside each county, a stand-in for towns: no open town polygons of China exist), drawn the
way the map page draws areas today (a folium GeoJson SVG layer in a static HTML file) and as the app's vector
tiles (tippecanoe + Leaflet.VectorGrid on canvas, a static page served by a local http server with the same
tiles and vendored JS); then the national page inside the app. Run from the repository root:

    .venv/bin/python bench/national.py [--loads 5]

How and why: bench/README.md ("The national overview at scale"). The synthetic cells are built once and kept
under bench/out/ (gitignored); they are never shown in the app."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import shapely
from branca.element import MacroElement
from jinja2 import Template
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "bench"), str(REPO / "tests" / "e2e")]
from e2e_support import CHROMIUM, launch_chromium, outside_url_pattern, start_app  # noqa: E402
from run import serve_dir  # noqa: E402

_TMP = Path(tempfile.mkdtemp(prefix="peakatlas-national-"))
os.environ.setdefault("PEAKATLAS_DATA_DIR", str(_TMP / "data"))

from data import national, progress  # noqa: E402
from geo import simplify, tessellation, tiles  # noqa: E402
from layers import assets, national_map  # noqa: E402
from layers.assets import OfflineMap  # noqa: E402
from layers.legend import FitBeside  # noqa: E402

OUT = REPO / "bench" / "out"
CELLS_PER_COUNTY = 14
SEED = 20261203
VIEWPORT = {"width": 1440, "height": 900}
WAIT_MS = 120_000

# Painted: SVG — the GeoJSON layer's paths are in the document (Leaflet adds them in one go); tiles — every tile
# of the view has loaded and drawn (VectorGrid calls a tile done after drawing it). Times in ms since navigation.
PAINTED_JS = """() => {
  const grid = window.paCountyGrid;
  if (grid) {
    const n = Object.keys(grid._tiles || {}).length;
    return n > 0 && !grid.isLoading() ? performance.now() : false;
  }
  return document.querySelectorAll('path.leaflet-interactive').length > 0 && window.paMap ? performance.now() : false;
}"""
# One move (a zoom in by one, or a pan by the map's width: every tile new) until the map has moved, the view's
# tiles (if any) have loaded and two frames drew.
MOVE_JS = """(kind) => new Promise(done => {
  const grid = window.paCountyGrid, map = grid ? grid._map : window.paMap;
  const t0 = performance.now();
  const settle = () => requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));
  map.once('moveend', () => {
    if (!grid) return settle();
    const wait = () => grid.isLoading() ? setTimeout(wait, 5) : settle();
    wait();
  });
  if (kind === 'pan') map.panBy([map.getSize().x, 0], {animate: false});
  else map.setZoom(map.getZoom() + 1, {animate: false});
})"""
# The national page in the app: the component's frame holds the map, its legend and every tile of the view drawn.
APP_PAINTED_JS = """(sel) => {
  const f = document.querySelector(sel);
  let d; try { d = f && f.contentDocument; } catch (e) { return false; }
  const w = d && d.defaultView, grid = w && w.paCountyGrid;
  if (!grid || f.offsetHeight === 0 || !d.querySelector('.pa-legend')) return false;
  return Object.keys(grid._tiles || {}).length > 0 && !grid.isLoading() ? performance.now() : false;
}"""
MAP_IFRAME = 'iframe[data-testid="stCustomComponentV1"]'


# ---------------------------------------------------------------- the data


def synthetic_cells(counties: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """SYNTHETIC cells: each county split by the app's Voronoi code (geo/tessellation.py) among 14 random points
    inside it. Codes are the county's code plus a two-digit cell number; kept under bench/out/."""
    path = OUT / f"synthetic-cells-{CELLS_PER_COUNTY}-{SEED}.parquet"
    if path.exists():
        return gpd.read_parquet(path)
    rng = np.random.default_rng(SEED)
    rows = []
    for code, geom in zip(counties["code"], counties.geometry):
        for i, cell in enumerate(tessellation.voronoi_cover(geom, _points_in(geom, rng))):
            if not cell.is_empty:
                rows.append((f"{code}{i:02d}", f"合成单元 synthetic {code}-{i}", cell))
    cells = gpd.GeoDataFrame(rows, columns=["code", "name", "geometry"], crs=4326)
    OUT.mkdir(parents=True, exist_ok=True)
    cells.to_parquet(path)
    return cells


def _points_in(geom, rng) -> list:
    minx, miny, maxx, maxy = geom.bounds
    found: list = []
    while len(found) < CELLS_PER_COUNTY:
        xs, ys = rng.uniform(minx, maxx, 200), rng.uniform(miny, maxy, 200)
        inside = shapely.contains_xy(geom, xs, ys)
        found += [shapely.Point(x, y) for x, y in zip(xs[inside], ys[inside])]
    return found[:CELLS_PER_COUNTY]


class _MapHandle(MacroElement):
    """window.paMap for the measuring script (rendered after the map's own script, as its child)."""

    _template = Template("{% macro script(this, kwargs) %}window.paMap = {{ this._parent.get_name() }};{% endmacro %}")


def svg_page(frame: gpd.GeoDataFrame, areas: dict, path: Path) -> None:
    """Today's approach: one folium GeoJson (SVG) layer of every polygon, simplified for display as the map page
    does (geo/simplify.py), coloured by code from the same JSON as the tiles."""
    none = national_map.COLOUR[national.NO_PLAN]
    shown = frame.assign(geometry=simplify.simplify_coverage(frame.geometry))
    m = OfflineMap(location=[35.0, 104.0], zoom_start=4, zoom_snap=0.25)  # the same view as the tile page
    folium.GeoJson(
        shown[["code", "name", "geometry"]].to_json(),
        style_function=lambda f: {
            "fillColor": areas.get(f["properties"]["code"], {}).get("colour", none),
            "fillOpacity": 0.9,
            "color": "#ffffff",
            "weight": 0.5,
        },
    ).add_to(m)
    FitBeside(*national_map.CHINA).add_to(m)
    _MapHandle().add_to(m)
    path.write_text(m.get_root().render(), encoding="utf-8")


def build_site(site: Path) -> tuple[dict, dict]:
    """The four static pages and the tiles they use; returns ({page: file}, {what: count})."""
    assets.ensure_static()
    county_tiles = assets.ensure_tiles()
    counties = tiles.counties()
    cells = synthetic_cells(counties)
    cell_tiles = tiles.build(
        OUT / "tiles-cells",
        {tiles.COUNTIES: lambda: cells, tiles.BORDERS: tiles.borders},
        f"synthetic|{CELLS_PER_COUNTY}|{SEED}|{tiles.county_key()}",
    )
    (site / "app" / "static").mkdir(parents=True)
    (site / "app" / "static" / "vendor").symlink_to(assets.STATIC_DIR)
    (site / "app" / "static" / "tiles").mkdir()
    (site / "app" / "static" / "tiles" / "counties").symlink_to(county_tiles)
    (site / "app" / "static" / "tiles" / "cells").symlink_to(cell_tiles)
    (site / "favicon.ico").touch()
    ov = national_map.overview(2025, "zh", progress.load_reports(), None)
    areas = national_map.county_json(ov)
    cells_url = "/app/static/tiles/cells/{z}/{x}/{y}.pbf"
    for name, url in (("tiles-counties", assets.COUNTY_TILES), ("tiles-cells", cells_url)):
        (site / f"{name}.html").write_text(national_map.build_map(ov, url).get_root().render(), encoding="utf-8")
    svg_page(counties, areas, site / "svg-counties.html")
    svg_page(cells, areas, site / "svg-cells.html")
    pages = {k: f"{k}.html" for k in ("svg-counties", "tiles-counties", "svg-cells", "tiles-cells")}
    return pages, {"counties": len(counties), "cells": len(cells)}


# ---------------------------------------------------------------- the browser


def visit(browser, base: str, path: str, painted_js: str, moves: bool = True) -> dict:
    """One cold load in a fresh context: paint (s since navigation), bytes, then a pan and a zoom, JS heap."""
    ctx = browser.new_context(viewport=VIEWPORT)
    page = ctx.new_page()
    outside: list[str] = []

    def refuse(route):  # never sleep in here
        outside.append(route.request.url)
        route.abort()

    page.route(outside_url_pattern(base), refuse)
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Performance.enable")
    received = {"bytes": 0}

    def count(event):
        received["bytes"] += event["encodedDataLength"]

    cdp.on("Network.loadingFinished", count)
    page.goto(base + path, wait_until="commit", timeout=WAIT_MS)
    paint = page.wait_for_function(painted_js, polling="raf", timeout=WAIT_MS).json_value() / 1000
    out = {"paint": paint, "bytes": received["bytes"]}
    if moves:
        out["zoom"] = page.evaluate(MOVE_JS, "zoom") / 1000
        out["pan"] = page.evaluate(MOVE_JS, "pan") / 1000
        out["bytes_after"] = received["bytes"]
    cdp.send("HeapProfiler.collectGarbage")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    out["heap"] = metrics.get("JSHeapUsedSize", float("nan"))
    out["nodes"] = metrics.get("Nodes", float("nan"))
    out["outside"] = outside
    ctx.close()
    return out


def measure(browser, base: str, pages: dict, loads: int) -> dict:
    results = {}
    for name, file in pages.items():
        runs = [visit(browser, base, f"/{file}", PAINTED_JS) for _ in range(loads)]
        results[name] = runs
        print(f"  {name}: paint {median([r['paint'] for r in runs]):.2f} s", flush=True)
    return results


def app_paints(browser, loads: int) -> list[dict]:
    """The national page in the app: a warm server (one load first, not counted), fresh browsers."""
    server = start_app(_TMP / "app-data", _TMP / "app.log", timeout=90)
    painted = f"() => ({APP_PAINTED_JS})({MAP_IFRAME!r})"
    try:
        visit(browser, server.base, "/national", painted, moves=False)
        return [visit(browser, server.base, "/national", painted, moves=False) for _ in range(loads)]
    finally:
        server.stop()


# ---------------------------------------------------------------- the report


def median(xs) -> float:
    xs = [x for x in xs if x == x]
    return statistics.median(xs) if xs else float("nan")


def table(results: dict, app: list[dict], counts: dict, loads: int, load_avg: tuple) -> str:
    def m(name, key):
        return median([r[key] for r in results[name]])

    lines = [
        f"# National overview at scale — {time.strftime('%Y-%m-%d %H:%M')} UTC, medians of {loads} cold loads, "
        f"headless Chromium {VIEWPORT['width']}×{VIEWPORT['height']}",
        "",
        f"load average before/after: {load_avg[0]:.2f} / {load_avg[1]:.2f} (cores: {os.cpu_count()}); "
        f"counties {counts['counties']:,}, SYNTHETIC cells {counts['cells']:,}",
        "",
        "| polygons | approach | first paint s | pan s | zoom s | bytes to paint | bytes after pan+zoom | JS heap MB |"
        " DOM nodes |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for what, label in (("counties", f"{counts['counties']:,} counties"), ("cells", f"{counts['cells']:,} synthetic")):
        for kind, approach in (("svg", "folium GeoJson SVG"), ("tiles", "vector tiles (VectorGrid)")):
            n = f"{kind}-{what}"
            lines.append(
                f"| {label} | {approach} | {m(n, 'paint'):.2f} | {m(n, 'pan'):.2f} | {m(n, 'zoom'):.2f} | "
                f"{m(n, 'bytes') / 1e6:.2f} MB | {m(n, 'bytes_after') / 1e6:.2f} MB | {m(n, 'heap') / 1e6:.0f} | "
                f"{m(n, 'nodes'):.0f} |"
            )
    for what in ("counties", "cells"):
        s, v = f"svg-{what}", f"tiles-{what}"
        lines.append(
            f"| {what} | ratio SVG ÷ tiles | {m(s, 'paint') / m(v, 'paint'):.1f}× | {m(s, 'pan') / m(v, 'pan'):.1f}× | "
            f"{m(s, 'zoom') / m(v, 'zoom'):.1f}× | {m(s, 'bytes') / m(v, 'bytes'):.1f}× | | "
            f"{m(s, 'heap') / m(v, 'heap'):.1f}× | |"
        )
    ap = [r["paint"] for r in app]
    lines += [
        "",
        f"national page in the app (`/national`, warm server, fresh browser): first paint {median(ap):.2f} s "
        f"(range {min(ap):.2f}–{max(ap):.2f}), bytes {median([r['bytes'] for r in app]) / 1e6:.2f} MB "
        "(Streamlit's front end included)",
    ]
    outside = sorted({u for runs in [*results.values(), app] for r in runs for u in r["outside"]})
    lines.append(f"requests to other hosts (refused): {outside or 'none'}")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split(" Run from")[0])
    ap.add_argument("--loads", type=int, default=5, help="cold loads per page (default 5)")
    args = ap.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found: install Debian's chromium (make system-deps)")
        return 2
    site = _TMP / "site"
    t0 = time.perf_counter()
    pages, counts = build_site(site)
    print(f"built the pages and tiles in {time.perf_counter() - t0:.0f} s", flush=True)
    load_before = os.getloadavg()[0]
    httpd, base = serve_dir(site)
    try:
        with sync_playwright() as pw:
            browser = launch_chromium(pw)
            results = measure(browser, base, pages, args.loads)
            app = app_paints(browser, args.loads)
            browser.close()
    finally:
        httpd.shutdown()
    report = table(results, app, counts, args.loads, (load_before, os.getloadavg()[0]))
    print(report)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "national.md").write_text(report + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
