"""Printing a page from the browser (Ctrl+P) gives clean output, in a real browser: in print media the sidebar,
Streamlit's chrome, every widget and the map's zoom buttons are gone; the PDF Chromium prints (A4, 1 cm margins,
as its print dialog) holds every row of every readable table, no text beyond the printable width, no table that
scrolls sideways at paper width, a first page that is not half blank, the map at the print width with its whole
legend, and the area page's folded charts. The PDFs and their first pages are saved to test-artifacts/e2e/."""

from __future__ import annotations

import re
import subprocess

import pytest
from e2e_support import ARTIFACTS, MAP_IFRAME, map_frame
from PIL import Image

from layers.styles import PRINT_WIDTH_PX

pytestmark = pytest.mark.browser

A4_MARGIN_PT = 28.35  # 1 cm, about the margin of Chromium's print dialog
PAPER_WIDTH_PX = 718  # A4 less two 1 cm margins, in CSS pixels
PAGES = {  # name: (address, has a map)
    "area_310117": ("/area?area=310117", True),
    "area_310117104": ("/area?area=310117104", True),
    "map": ("/?j=310117", True),
    "targets": ("/targets", False),
    "present": ("/present?view=songjiang-pv", True),
}
# what must not be on paper (the test's own lists, not the stylesheet's)
WIDGETS = (
    ".stButton",
    ".stDownloadButton",
    ".stSelectbox",
    ".stMultiSelect",
    ".stSlider",
    ".stCheckbox",
    ".stRadio",
    ".stTextInput",
    ".stPopover",
)
NOT_PRINTED = (
    "[data-testid='stSidebar']",
    "[data-testid='stHeader']",
    "[data-testid='stToolbar']",
    "[data-testid='stStatusWidget']",
    *WIDGETS,
    ".stPageLink:has([data-testid^='stIcon'])",
    "[data-testid='stExpander']:has(details:not([open]))",
)

_VISIBLE_JS = """(selectors) => selectors.flatMap(sel => Array.from(document.querySelectorAll(sel))
  .filter(e => { const r = e.getBoundingClientRect();
                 return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; })
  .map(e => sel + ': ' + (e.innerText || '').slice(0, 40)))"""
_ROWS_JS = """() => Array.from(document.querySelectorAll('table.pa-table')).map(t =>
  Array.from(t.tBodies[0].rows).map(tr => Array.from(tr.cells).map(c => c.innerText.replace(/\\s+/g, ''))))"""
# laid out at the paper's width (the root element as wide as the page box; the window keeps its size, so
# Streamlit does not fold its sidebar as it would for a narrow window), the tables that scroll sideways
_SIDEWAYS_JS = """(width) => { document.documentElement.style.width = width + 'px';
  const wide = Array.from(document.querySelectorAll('.pa-table-wrap'))
    .filter(w => w.scrollWidth > w.clientWidth + 1).map(w => w.scrollWidth + ' > ' + w.clientWidth);
  document.documentElement.style.width = ''; return wide; }"""


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def loaded(page, path: str, has_map: bool):
    """The page as a reader sees it once everything is drawn; the map's frame if it has one."""
    page.goto(path)
    page.locator("h1").first.wait_for()
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget], [data-testid=stSkeleton]')")
    frame = map_frame(page) if has_map else None
    page.wait_for_timeout(1000)  # the charts' and the legend's last layout
    return frame


def print_pdf(page, name: str) -> tuple[str, str, list[Image.Image], float]:
    """Print as Chromium's dialog does; (flattened text, bbox XML, page images at 40 dpi, page width in pt)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / f"print_{name}.pdf"
    margin = dict.fromkeys(("top", "right", "bottom", "left"), "1cm")
    page.pdf(path=str(pdf), format="A4", margin=margin, print_background=True)
    text = subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True, text=True, check=True).stdout
    bbox = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True, check=True).stdout
    prefix = ARTIFACTS / f"print_{name}_page"
    subprocess.run(["pdftoppm", "-r", "40", "-png", pdf, prefix], check=True)
    images = [Image.open(p).convert("L") for p in sorted(ARTIFACTS.glob(f"print_{name}_page-*.png"))]
    images[0].save(ARTIFACTS / f"print_{name}.png")
    for p in ARTIFACTS.glob(f"print_{name}_page-*.png"):
        p.unlink()
    width = float(re.search(r'<page width="([\d.]+)"', bbox).group(1))
    return flat(text), bbox, images, width


def ink_rows(image: Image.Image) -> list[int]:
    """The pixel rows with anything darker than paper on them."""
    w, h = image.size
    px = image.load()
    return [y for y in range(h) if any(px[x, y] < 235 for x in range(0, w, 2))]


@pytest.mark.parametrize("name", list(PAGES))
def test_printing_a_page_gives_clean_full_output(page, name):
    path, has_map = PAGES[name]
    frame = loaded(page, path, has_map)
    on_screen = page.evaluate(_VISIBLE_JS, list(WIDGETS))
    assert on_screen, "the page shows widgets on screen (else this test proves nothing)"
    rows = page.evaluate(_ROWS_JS)
    legend = (
        [flat(line) for line in frame.locator(".pa-legend").inner_text().splitlines() if flat(line)] if frame else []
    )
    if frame:
        assert frame.locator(".leaflet-control-zoom").is_visible()

    text, bbox, images, width = print_pdf(page, name)  # as a reader prints: the browser switches to print media
    assert page.locator(".pa-print-fit, .pa-print-noprint").count() == 0  # the screen as it was after printing
    if frame:  # prepared for printing on screen, measured in print media
        page.evaluate("dispatchEvent(new Event('beforeprint'))")
        page.emulate_media(media="print")
        printed = page.locator(MAP_IFRAME).bounding_box()["width"]
        page.emulate_media(media="screen")
        page.evaluate("dispatchEvent(new Event('afterprint'))")
        assert 0.85 * PRINT_WIDTH_PX <= printed <= PRINT_WIDTH_PX + 1, f"the map prints {printed:.0f} px wide"

    page.emulate_media(media="print")
    assert page.evaluate(_VISIBLE_JS, list(NOT_PRINTED)) == []
    if frame:
        assert not frame.locator(".leaflet-control-zoom").is_visible()
    assert page.evaluate(_SIDEWAYS_JS, PAPER_WIDTH_PX) == [], "tables scroll sideways on paper: columns clipped"

    for table in rows:
        missing = [r for r in table if not all(cell[:30] in text for cell in r)]
        assert not missing, f"{len(missing)} of {len(table)} rows not printed, e.g. {missing[:2]}"
        assert all(cell in text for cell in table[-1]), f"the last row is cut: {table[-1]}"
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<', bbox)
    beyond = [w for x0, x1, w in words if float(x0) < A4_MARGIN_PT - 3 or float(x1) > width - A4_MARGIN_PT + 3]
    assert not beyond, f"text cut at the paper's edge: {beyond[:5]}"
    assert all(x in text for x in legend if x), f"legend not printed whole: {[x for x in legend if x not in text]}"

    first = ink_rows(images[0])
    assert len(first) > 0.25 * images[0].height, "the first page is mostly blank"
    if len(images) > 1:  # content continues on page 2, so page 1 must be filled, not half blank
        assert first[-1] > 0.75 * images[0].height, f"page 1 ends at {first[-1] / images[0].height:.0%} of its height"


def test_an_area_page_prints_its_folded_charts_and_folds_them_again(page):
    loaded(page, "/area?area=310117", True)
    charts = page.get_by_test_id("stExpander").filter(has=page.locator("figure.pa-chart"))
    assert charts.locator("details").get_attribute("open") is None  # folded on screen
    captions = charts.locator("figure.pa-chart figcaption")
    assert captions.count() >= 2
    wanted = [flat(captions.nth(i).inner_text()) for i in (0, captions.count() - 1)]
    text, _, _, _ = print_pdf(page, "area_310117_charts")
    assert all(c in text for c in wanted), "the folded charts were not printed"
    assert charts.locator("details").get_attribute("open") is None  # folded again after printing
