"""PeakAtlas benchmark (not a test): the map page with EVERY layer on for all jurisdictions, as the app builds
it and as a naive folium app would. Run from the repository root:  .venv/bin/python bench/run.py
What is measured and how: bench/README.md."""

from __future__ import annotations

import functools
import http.server
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "e2e"))  # the same server start and browser launch as the tests
from e2e_support import (  # noqa: E402 (found through the path set just above)
    CHROMIUM,
    MAP_IFRAME,
    VIEWPORT,
    free_port,
    launch_chromium,
    local_ws,  # noqa: E402
    outside_url_pattern,
    start_app,
)

LOADS = 5  # cold loads per measurement (median reported)
RERUNS = 5  # layer toggles (median reported)
SETTLE_S = 0.6  # "the page is idle" = no websocket frame for this long
BUDGET = {"paint": 1.5, "payload": 1.5e6, "rerun": 0.3}
WAIT_MS = 60_000

_TMP = Path(tempfile.mkdtemp(prefix="peakatlas-bench-"))
os.environ["PEAKATLAS_DATA_DIR"] = str(_TMP / "data")  # an empty store, for the server and in-process builds

from layers import families  # noqa: E402

ALL_KEYS = [f.key for f in families.FAMILIES]
PAGE = f"/?layers={','.join(ALL_KEYS)}&j=all"

# Resolves (from the top page, polled every animation frame) with performance.now() - i.e. ms since the
# navigation started - once the st_folium iframe's Leaflet map has drawn its vector layers: our legend is the
# last thing the map script adds, after every GeoJSON/circle layer, so legend + SVG paths = all drawn.
APP_PAINTED = """(sel) => {
  const f = document.querySelector(sel);
  let d; try { d = f && f.contentDocument; } catch (e) { return false; }
  if (!d || f.offsetHeight === 0) return false;
  const legend = d.querySelector('.pa-legend');
  const n = d.querySelectorAll('path.leaflet-interactive').length;
  return legend && legend.offsetHeight > 0 && n > 0 ? {t: performance.now(), paths: n} : false;
}"""
STATIC_PAINTED = """() => {
  const n = document.querySelectorAll('path.leaflet-interactive').length;
  const legend = document.querySelector('.pa-legend');
  return legend && n > 0 ? {t: performance.now(), paths: n} : false;
}"""


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def mb(n: float) -> str:
    return f"{n / 1e6:.2f} MB"


# ---------------------------------------------------------------- browser side


class Recorder:
    """Everything one page receives: HTTP responses (by resource type) and websocket frames (timed,
    Streamlit ForwardMsgs decoded), plus refused requests to other hosts."""

    def __init__(self, page, base: str | None, block_outside=True):
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._msg = {"in": ForwardMsg, "out": BackMsg}
        self.requests, self.outside, self.frames = [], [], []  # frames: (t, direction, bytes, kind)
        page.on("requestfinished", lambda r: self.requests.append(r))
        page.on("websocket", self._ws)
        if block_outside:
            pattern = outside_url_pattern(base) if base else re.compile(r"^(?!http://127\.0\.0\.1[:/])")

            def refuse(route):
                self.outside.append(route.request.url)
                route.abort()

            page.route(pattern, refuse)
        self.base = base

    def _ws(self, ws):
        if self.base and not local_ws(ws.url, self.base):
            self.outside.append(ws.url)
        ws.on("framereceived", lambda p: self._frame("in", p))
        ws.on("framesent", lambda p: self._frame("out", p))

    def _frame(self, direction, payload):
        data = payload.encode() if isinstance(payload, str) else payload
        try:
            kind = self._msg[direction].FromString(data).WhichOneof("type") or ""
        except Exception:
            kind = "?"
        self.frames.append((time.perf_counter(), direction, len(data), kind))

    def settle(self, page, quiet=SETTLE_S, timeout=20.0):
        """Wait until no websocket frame has come or gone for `quiet` seconds."""
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            last = self.frames[-1][0] if self.frames else 0.0
            if time.perf_counter() - last >= quiet:
                return
            page.wait_for_timeout(50)

    def payload(self) -> dict[str, int]:
        out = {"html_json": 0, "ws": 0, "static": 0}
        for r in self.requests:
            size = r.sizes()["responseBodySize"]
            out["html_json" if r.resource_type in ("document", "xhr", "fetch") else "static"] += size
        out["ws"] = sum(n for _, d, n, _ in self.frames if d == "in")
        out["html_json"] += out["ws"]
        return out


def app_first_paints(browser, base: str):
    """One server-cold load (not counted), then LOADS cold loads, each in a fresh browser context."""
    results = []
    for _ in range(LOADS + 1):
        ctx = browser.new_context(viewport=VIEWPORT)
        page = ctx.new_page()
        rec = Recorder(page, base)
        t_nav = time.perf_counter()
        page.goto(base + PAGE, wait_until="commit", timeout=WAIT_MS)
        painted = page.wait_for_function(APP_PAINTED, arg=MAP_IFRAME, polling="raf", timeout=WAIT_MS).json_value()
        rec.settle(page)
        sent = next((t for t, d, _, k in rec.frames if d == "out" and k == "rerun_script"), t_nav) - t_nav
        done = next((t for t, d, _, k in rec.frames if d == "in" and k == "script_finished"), t_nav) - t_nav
        results.append(
            {
                "paint": painted["t"] / 1000,
                "paths": painted["paths"],
                **rec.payload(),
                "sent": sent,
                "done": done,
                "outside": list(rec.outside),
            }
        )
        ctx.close()
    return results[0], results[1:]


def app_warm_paints(browser, base: str):
    """First paint of the map page in a browser that has loaded the app before (HTTP cache warm: Streamlit's
    and the component's hashed bundles come from the cache), a fresh tab each time."""
    ctx = browser.new_context(viewport=VIEWPORT)
    results = []
    for i in range(LOADS + 1):
        page = ctx.new_page()
        page.goto(base + PAGE, wait_until="commit", timeout=WAIT_MS)
        painted = page.wait_for_function(APP_PAINTED, arg=MAP_IFRAME, polling="raf", timeout=WAIT_MS).json_value()
        if i:  # the first load fills the cache
            results.append(painted["t"] / 1000)
        page.close()
    ctx.close()
    return results


def app_reruns(browser, base: str):
    """Server time of a rerun after a layer toggle, seen from the browser: from the websocket frame that asks
    for the rerun (sent by the click on a layer's ✕) to the ForwardMsg script_finished. Each toggle starts
    from a fresh page whose ?layers= lacks the layers removed before, so every rerun is a new layer set
    (the base map is a cache hit; the layers come from per-family scripts cached per jurisdiction)."""
    times, outside = [], []
    keys = list(ALL_KEYS)
    for _ in range(RERUNS):
        ctx = browser.new_context(viewport=VIEWPORT)
        page = ctx.new_page()
        rec = Recorder(page, base)
        page.goto(base + f"/?layers={','.join(keys)}&j=all", timeout=WAIT_MS)
        page.wait_for_function(APP_PAINTED, arg=MAP_IFRAME, polling=50, timeout=WAIT_MS)
        rec.settle(page)
        drop = keys.pop(0)
        mark = len(rec.frames)
        page.get_by_role("button", name=f"Remove {families.BY_KEY[drop].label('zh')}").click()
        deadline = time.perf_counter() + 30
        sent = done = None
        while time.perf_counter() < deadline and done is None:
            for t, d, _, kind in rec.frames[mark:]:
                if sent is None and d == "out" and kind == "rerun_script":
                    sent = t
                elif sent is not None and d == "in" and kind == "script_finished":
                    done = t
                    break
            page.wait_for_timeout(5)
        if sent is not None and done is not None:
            times.append(done - sent)
        outside += rec.outside
        ctx.close()
    return times, outside


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_dir(directory: Path):
    port = free_port()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{port}"


def static_paints(browser, url: str):
    """Paint of a standalone map HTML file (served locally), LOADS cold loads; outside requests refused."""
    paints, refused = [], set()
    for _ in range(LOADS):
        ctx = browser.new_context(viewport=VIEWPORT)
        page = ctx.new_page()
        rec = Recorder(page, None)
        page.goto(url, wait_until="commit", timeout=WAIT_MS)
        painted = page.wait_for_function(STATIC_PAINTED, polling="raf", timeout=WAIT_MS).json_value()
        paints.append(painted["t"] / 1000)
        refused.update(rec.outside)
        ctx.close()
    return paints, sorted(refused)


# ---------------------------------------------------------------- Python side


def builds():
    """Build + render the all-layers map in-process: the app's way with cold caches (in the app a warm hit
    only joins cached scripts: see the AppTest rerun) and naively (stock folium.Map with CDN assets, raw
    unsimplified geometry at full precision, no cache)."""
    import folium
    import shapely

    from geo import areas, datums
    from geo.export import prepared
    from layers import map_builder as mbld

    spec = mbld.MapSpec(scope=None, layers=tuple(ALL_KEYS), towns=True, lang="zh")
    # the source geometry (official districts, tessellated towns) and plan data: loaded once for both
    areas.areas("district"), areas.areas("town")
    mbld.build_map(spec).get_root().render()

    mbld._areas.cache_clear()
    mbld._measure_points.cache_clear()
    t0 = time.perf_counter()
    fmap = mbld.build_map(spec)
    opt_html = fmap.get_root().render()
    opt_cold = time.perf_counter() - t0
    opt_vertices = sum(
        int(shapely.get_num_coordinates(mbld.area_frame(lv).geometry.values).sum()) for lv in ("district", "town")
    )

    real_area_frame, real_map = mbld.area_frame, mbld.OfflineMap
    mbld.area_frame = lambda level, datum=datums.WGS84: prepared(level, None, datum, simplified=False)
    mbld.OfflineMap = folium.Map
    try:
        t0 = time.perf_counter()
        naive_html = mbld.build_map(spec).get_root().render()
        naive_build = time.perf_counter() - t0
    finally:
        mbld.area_frame, mbld.OfflineMap = real_area_frame, real_map
    naive_vertices = sum(
        int(shapely.get_num_coordinates(areas.areas(lv).geometry.values).sum()) for lv in ("district", "town")
    )
    return {
        "opt_cold": opt_cold,
        "opt_html": opt_html,
        "opt_vertices": opt_vertices,
        "naive_build": naive_build,
        "naive_html": naive_html,
        "naive_vertices": naive_vertices,
    }


def apptest_reruns():
    """In-process alternative: streamlit.testing AppTest, time `.run()` after removing one layer."""
    from streamlit.testing.v1 import AppTest

    times = []
    keys = list(ALL_KEYS)
    for _ in range(RERUNS):
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
        at.query_params.update({"layers": ",".join(keys), "j": "all"})
        at.run()
        ms = next(w for w in at.multiselect if list(w.value) == keys)
        keys.pop(0)
        ms.set_value(list(keys))
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
        assert not at.exception, at.exception
    return times


def localise(html: str, app_base: str) -> str:
    """Point stock folium's Leaflet CDN links at the app's local copy (so the naive page can paint offline);
    every other CDN link (jQuery, Bootstrap, fonts …) is left alone and refused by the browser."""
    vendor = f"{app_base}/app/static/vendor"
    html = re.sub(r"https://[^\"']+/leaflet\.js", f"{vendor}/leaflet/leaflet.js", html)
    return re.sub(r"https://[^\"']+/leaflet\.css", f"{vendor}/leaflet/leaflet.css", html)


def absolutise(html: str, app_base: str) -> str:
    """The app's own map HTML links /app/static/vendor/...: make those absolute for a standalone file."""
    return re.sub(r"([\"'])/app/static/", rf"\1{app_base}/app/static/", html)


# ---------------------------------------------------------------- report


def main() -> int:
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found: install Debian's chromium (make system-deps)")
        return 2
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    server = start_app(_TMP / "data", _TMP / "streamlit.log")
    httpd = None
    try:
        with sync_playwright() as pw:
            browser = launch_chromium(pw)
            cold, loads = app_first_paints(browser, server.base)
            warm = app_warm_paints(browser, server.base)
            reruns, rerun_outside = app_reruns(browser, server.base)

            b = builds()
            site = _TMP / "site"
            site.mkdir()
            (site / "naive.html").write_text(localise(b["naive_html"], server.base), encoding="utf-8")
            (site / "app.html").write_text(absolutise(b["opt_html"], server.base), encoding="utf-8")
            httpd, site_base = serve_dir(site)
            naive_paints, naive_refused = static_paints(browser, f"{site_base}/naive.html")
            opt_paints, opt_refused = static_paints(browser, f"{site_base}/app.html")
            browser.close()
        at_reruns = apptest_reruns()
    finally:
        server.stop()
        if httpd:
            httpd.shutdown()

    paint = median([r["paint"] for r in loads])
    payload = median([r["html_json"] for r in loads])
    static = median([r["static"] for r in loads])
    ws = median([r["ws"] for r in loads])
    rerun = median(reruns)
    outside = sorted({u for r in [cold] + loads for u in r["outside"]} | set(rerun_outside) | set(opt_refused))
    naive_html, opt_html = len(b["naive_html"].encode()), len(b["opt_html"].encode())

    def ratio(naive, opt):
        return f"{naive / opt:6.1f}×" if opt else "   n/a"

    print(
        f"\nPeakAtlas bench — {PAGE}  ({len(ALL_KEYS)} layers, all jurisdictions; headless chromium; "
        f"median of {LOADS} cold loads / {RERUNS} toggles)\n"
    )
    w = 46
    print(f"{'':{w}} {'PeakAtlas':>14} {'naive':>14} {'naive/app':>9}")
    print(
        f"{'boundary vertices drawn (districts + towns)':{w}} {b['opt_vertices']:>14,} {b['naive_vertices']:>14,} "
        f"{ratio(b['naive_vertices'], b['opt_vertices'])}"
    )
    print(
        f"{'Python build + render, no cache (s)':{w}} {b['opt_cold']:>14.3f} {b['naive_build']:>14.3f} "
        f"{ratio(b['naive_build'], b['opt_cold'])}"
    )
    print(f"{'map HTML (bytes)':{w}} {opt_html:>14,} {naive_html:>14,} {ratio(naive_html, opt_html)}")
    print(
        f"{'paint of the map as a static HTML file (s)':{w}} {median(opt_paints):>14.3f} "
        f"{median(naive_paints):>14.3f} {ratio(median(naive_paints), median(opt_paints))}"
    )
    print(f"{'first paint in the app, cold (s)':{w}} {paint:>14.3f} {'—':>14}")
    print(f"{'  run requested (websocket) at (s)':{w}} {median([r['sent'] for r in loads]):>14.3f}")
    print(f"{'  script finished on the server at (s)':{w}} {median([r['done'] for r in loads]):>14.3f}")
    print(f"{'  first load after server start (s)':{w}} {cold['paint']:>14.3f}")
    print(f"{'first paint, browser cache warm (s)':{w}} {median(warm):>14.3f}")
    print(f"{'HTML/JSON payload in the app (bytes)':{w}} {payload:>14,.0f} {'—':>14}")
    print(f"{'  of which websocket messages (bytes)':{w}} {ws:>14,.0f}")
    print(f"{'  static JS/CSS/fonts, cacheable (bytes)':{w}} {static:>14,.0f}")
    print(
        f"{'rerun after a layer toggle, server (s)':{w}} {rerun:>14.3f} {b['naive_build']:>14.3f} "
        f"{ratio(b['naive_build'], rerun)}"
    )
    print(f"{'  same, in-process AppTest .run() (s)':{w}} {median(at_reruns):>14.3f}")
    print(
        f"\nSVG paths drawn in the app: {loads[0]['paths'] if loads else 0}; "
        f"all paints: {', '.join(f'{p:.2f}' for p in (r['paint'] for r in loads))} s; "
        f"reruns: {', '.join(f'{x:.3f}' for x in reruns)} s"
    )
    print(
        f"naive page: {len(naive_refused)} CDN requests refused (offline), it painted anyway with local "
        f"Leaflet; naive rerun = its Python build + render (a lower bound: no cache, rebuilt every rerun)"
    )
    print(f"requests from the app's pages to other hosts: {outside if outside else 'none'}")

    print("\nBudgets")
    checks = [
        ("first paint, every layer on", paint, BUDGET["paint"], f"{paint:.2f} s", "1.5 s"),
        ("HTML/JSON payload", payload, BUDGET["payload"], mb(payload), "1.5 MB"),
        ("rerun after a layer toggle", rerun, BUDGET["rerun"], f"{rerun:.3f} s", "0.3 s"),
    ]
    for name, value, limit, shown, lim in checks:
        print(f"  {name:<30} {shown:>10}  ≤ {lim:<7} {'PASS' if value <= limit else 'OVER'}")
    print(f"\n(bench took {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
