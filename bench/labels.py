"""What the place names cost (not a test): the all-jurisdictions map with every layer on, built and painted
with its labels and without them, in one process and one Chromium, medians of 5; and the in-process rerun
after a layer toggle (AppTest) with and without them. Run from the repository
root:  .venv/bin/python bench/labels.py

Without labels = the same build with layers.map_builder.AreaLabels replaced by an empty element (here only).
The painted time with labels waits until the labels have been placed (decluttered) too."""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
import folium  # noqa: E402
from run import (  # noqa: E402
    _TMP,
    CHROMIUM,
    LOADS,
    STATIC_PAINTED,
    VIEWPORT,
    WAIT_MS,
    apptest_reruns,
    launch_chromium,
    serve_dir,
)

from layers import families, map_builder  # noqa: E402
from layers.assets import ensure_static  # noqa: E402

LABELS_PLACED = """() => {
  const shown = Array.from(document.querySelectorAll('.pa-label')).filter(e => e.style.visibility === 'visible').length;
  return shown > 0 ? {t: performance.now(), shown: shown} : false;
}"""
SPEC = map_builder.MapSpec(scope=None, layers=tuple(f.key for f in families.FAMILIES))


@contextmanager
def labels(on: bool):
    """The app as it is, or with its area labels replaced by an empty element (in this process only)."""
    real = map_builder.AreaLabels
    if not on:
        map_builder.AreaLabels = lambda *a, **k: folium.Element("")
    try:
        yield
    finally:
        map_builder.AreaLabels = real


def build(with_labels: bool) -> tuple[float, str]:
    """Median build + render time of the whole map (its caches warm, as on a running server) and the HTML."""
    with labels(with_labels):
        map_builder.build_map(SPEC).get_root().render()  # warm the geometry and label caches
        times, html = [], ""
        for _ in range(LOADS):
            t0 = time.perf_counter()
            html = map_builder.build_map(SPEC).get_root().render()
            times.append(time.perf_counter() - t0)
        return statistics.median(times), html


def toggle(with_labels: bool) -> float:
    """Median in-process rerun after a layer toggle (bench/run.py's AppTest line), Streamlit's caches emptied
    first so the maps it joins are built with or without labels."""
    import streamlit as st

    with labels(with_labels):
        st.cache_data.clear()
        st.cache_resource.clear()
        return statistics.median(apptest_reruns())


def paint(browser, url: str, with_labels: bool) -> tuple[float, float]:
    """One cold load in a fresh context: (the map painted, and its labels placed too), in seconds."""
    ctx = browser.new_context(viewport=VIEWPORT)
    page = ctx.new_page()
    page.goto(url, wait_until="commit", timeout=WAIT_MS)
    painted = page.wait_for_function(STATIC_PAINTED, polling="raf", timeout=WAIT_MS).json_value()["t"] / 1000
    done = LABELS_PLACED if with_labels else STATIC_PAINTED
    placed = page.wait_for_function(done, polling="raf", timeout=WAIT_MS).json_value()["t"] / 1000
    ctx.close()
    return painted, placed


def paints(browser, base: str, results: dict) -> None:
    """Medians of LOADS cold loads of each page, the two interleaved (neither gains from going second)."""
    loads = {False: [], True: []}
    for i in range(2 * LOADS):
        with_labels = bool(i % 2)
        loads[with_labels].append(paint(browser, f"{base}/{'with' if with_labels else 'without'}.html", with_labels))
    for with_labels, pairs in loads.items():
        results[with_labels]["paint"] = statistics.median(p for p, _ in pairs)
        results[with_labels]["placed"] = statistics.median(p for _, p in pairs)


def main() -> int:
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found: install Debian's chromium (make system-deps)")
        return 2
    from playwright.sync_api import sync_playwright

    site = _TMP / "labels-site"
    shutil.copytree(ensure_static(), site / "app" / "static" / "vendor")
    results = {}
    for with_labels in (False, True):
        build_s, html = build(with_labels)
        name = "with.html" if with_labels else "without.html"
        (site / name).write_text(html, encoding="utf-8")
        results[with_labels] = {"build": build_s, "bytes": len(html.encode()), "toggle": toggle(with_labels)}
    httpd, base = serve_dir(site)
    try:
        with sync_playwright() as pw:
            browser = launch_chromium(pw)
            paints(browser, base, results)
            browser.close()
    finally:
        httpd.shutdown()
    off, on = results[False], results[True]
    print(f"\nPlace names — all jurisdictions, every layer; medians of {LOADS}; load {os.getloadavg()[0]:.2f}\n")
    print(f"{'':40} {'without':>10} {'with':>10} {'with/without':>13}")
    for key, label, fmt in (
        ("build", "build + render, warm caches (s)", "{:.3f}"),
        ("bytes", "map HTML (bytes)", "{:,}"),
        ("toggle", "rerun after a layer toggle, AppTest (s)", "{:.3f}"),
        ("paint", "static paint: the map drawn (s)", "{:.3f}"),
        ("placed", "static paint: labels placed too (s)", "{:.3f}"),
    ):
        print(f"{label:40} {fmt.format(off[key]):>10} {fmt.format(on[key]):>10} {on[key] / off[key]:>12.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
