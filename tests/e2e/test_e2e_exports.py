"""The exports as a reader reaches them, in one server: the area page's PDF report (one click), the map page's
picture menu (two clicks: PNG, SVG, also in English), present mode's slide picture and all-slides PDF. Each
file is checked as its reader would open it (pdftotext, pdffonts, pdfinfo, Pillow, an XML parser); every visit
is offline-guarded by visit() (a request that leaves 127.0.0.1 fails the test). The downloads are kept in
test-artifacts/e2e/ and each one's seconds from click to file are printed."""

from __future__ import annotations

import re
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from e2e_support import ARTIFACTS, visit
from PIL import Image
from playwright.sync_api import expect

from data import gazetteer_data, views, years
from data.i18n import t
from layers import view_spec
from layers.exports import sources, stamp

pytestmark = pytest.mark.browser

BUILD_MS = 120_000  # a PDF takes 10-30 s on a shared machine: wait for the file, never sleep
TOWN, TOWN_NAME = "310117104", "车墩镇"
SLIDE_VIEW = "songjiang-pv"


@pytest.fixture
def server_store(app_server, monkeypatch):
    """sources reads the store the server serves (once per process: let it open that one)."""
    monkeypatch.setenv("PEAKATLAS_DB_URL", app_server.db_url)
    sources.engine.cache_clear()
    yield
    sources.engine.cache_clear()


def download(page, label: str) -> tuple[str, Path]:
    """Click the visible download button `label` (Streamlit also draws a hidden copy of one with a tooltip) and
    return the file's suggested name and where it is kept once it has arrived."""
    button = page.get_by_test_id("stDownloadButton").get_by_role("button", name=label, exact=True)
    start = time.monotonic()
    with page.expect_download(timeout=BUILD_MS) as info:
        button.click()
    got = info.value
    got.path()  # waits for the whole file
    seconds = time.monotonic() - start
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    kept = ARTIFACTS / f"export_{got.suggested_filename}"
    got.save_as(kept)
    print(f"\n{got.suggested_filename}: {seconds:.1f} s from click to file, {kept.stat().st_size:,} bytes")
    return got.suggested_filename, kept


def poppler(*command: str | Path) -> str:
    return subprocess.run([str(c) for c in command], capture_output=True, check=True, text=True).stdout


def pdf_text(pdf: Path) -> str:
    """The PDF's text without whitespace: table cells and titles wrap anywhere."""
    return re.sub(r"\s+", "", poppler("pdftotext", "-enc", "UTF-8", pdf, "-"))


def unembedded_fonts(pdf: Path) -> list[str]:
    """Lines of pdffonts for fonts not embedded; the font table must not be empty. A long name shifts the
    columns, so count from the end: ... emb sub uni object-number generation."""
    _header, _rule, *fonts = poppler("pdffonts", pdf).splitlines()
    assert fonts, "the PDF lists no fonts"
    return [line for line in fonts if line.split()[-5] != "yes"]


def assert_png_slide(path: Path) -> None:
    picture = Image.open(path)
    assert picture.format == "PNG"
    assert picture.size == stamp.SLIDE == (1920, 1080)
    assert any(low != high for low, high in picture.convert("RGB").getextrema()), "the picture is one colour"


def test_area_page_pdf_report_in_one_click(browser, app_server, server_store):
    year = years.reporting_year()
    _report, data = sources.area_report_of(TOWN, year, "zh")
    owed = [re.sub(r"\s+", "", name) for name in data.owed["indicator_zh"]]
    assert owed, f"{TOWN_NAME} owes nothing: the check below would be empty"
    with visit(browser, app_server, "exports_area_pdf") as page:
        page.goto(f"/area?area={TOWN}")
        expect(page.get_by_role("heading", name=TOWN_NAME, level=1)).to_be_visible()
        name, pdf = download(page, t("export_pdf_button", "zh"))
    assert name == stamp.file_name("export_pdf_file", "zh", "pdf", name=TOWN_NAME, year=year)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = pdf_text(pdf)
    assert TOWN_NAME in text
    missing = [indicator for indicator in owed if indicator not in text]
    assert not missing, f"targets {TOWN_NAME} owes, not in the PDF's text: {missing}"
    assert unembedded_fonts(pdf) == []


def open_picture_menu(page, lang: str) -> None:
    page.get_by_role("button", name=t("export_picture", lang)).click()
    expect(page.get_by_text(t("export_picture_help", lang))).to_be_visible()


def test_map_page_picture_menu_gives_png_and_svg(browser, app_server):
    year = years.reporting_year()
    name_of = {lang: gazetteer_data.area_label("310117", lang) for lang in ("zh", "en")}
    with visit(browser, app_server, "exports_map_picture") as page:
        page.goto("/?j=310117&ind=pv_capacity_new")
        expect(page.get_by_role("heading", name=t("map_title", "zh"), level=1)).to_be_visible()
        open_picture_menu(page, "zh")
        png_name, png = download(page, t("export_png_button", "zh"))
        expect(page.get_by_text(t("export_picture_help", "zh"))).to_be_visible()  # still open: no rerun
        svg_name, svg = download(page, t("export_svg_button", "zh"))
    assert png_name == stamp.file_name("export_map_file", "zh", "png", name=name_of["zh"], year=year)
    assert svg_name == stamp.file_name("export_map_file", "zh", "svg", name=name_of["zh"], year=year)
    assert_png_slide(png)
    assert svg.read_bytes().lstrip().startswith((b"<?xml", b"<svg"))
    assert ET.parse(svg).getroot().tag.endswith("svg")

    with visit(browser, app_server, "exports_map_picture_en") as page:
        page.goto("/?j=310117&ind=pv_capacity_new&lang=en")
        expect(page.get_by_role("heading", name=t("map_title", "en"), level=1)).to_be_visible()
        open_picture_menu(page, "en")
        png_name, png = download(page, t("export_png_button", "en"))
    assert png_name == stamp.file_name("export_map_file", "en", "png", name=name_of["en"], year=year)
    assert_png_slide(png)


def page_size_ratio(info: str) -> float:
    width, height = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M).groups()
    return float(width) / float(height)


def test_present_mode_all_slides_pdf_and_this_slide_png(browser, app_server):
    all_views = views.load()
    view = next(v for v in all_views if v.id == SLIDE_VIEW)
    year = view_spec.view_year(view)
    with visit(browser, app_server, "exports_present") as page:
        page.goto(f"/present?view={view.id}")
        expect(page.get_by_role("heading", name=view.title("zh"), level=1)).to_be_visible()
        page.get_by_role("button", name=t("export_menu", "zh")).click()  # click 1: the menu beside the title
        pdf_name, pdf = download(page, t("export_slides_pdf", "zh"))
        png_name, png = download(page, t("export_slide_png", "zh"))
    assert pdf_name == stamp.file_name("export_slides_file", "zh", "pdf", year=year)
    assert pdf.read_bytes().startswith(b"%PDF")
    info = poppler("pdfinfo", pdf)
    assert int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)) == len(all_views)
    assert page_size_ratio(info) == pytest.approx(16 / 9, rel=0.01)
    text = pdf_text(pdf)
    missing = [v.title("zh") for v in all_views if re.sub(r"\s+", "", v.title("zh")) not in text]
    assert not missing, f"slide titles not in the PDF's text: {missing}"
    assert unembedded_fonts(pdf) == []
    assert png_name == stamp.file_name("export_map_file", "zh", "png", name=view.title("zh"), year=year)
    assert_png_slide(png)
