"""The single-file snapshot in a real browser: opened from a file with every request that is not file: or data:
refused (and recorded), it draws the map (Leaflet inline) and shows the headline figures, the tables and the
data state; the area page's and present mode's buttons download it. Screenshots of the opened file at a
laptop's and a phone's size go to test-artifacts/e2e/."""

from __future__ import annotations

from pathlib import Path

import pytest
from e2e_support import ARTIFACTS
from playwright.sync_api import expect

from data import views, years
from data.i18n import t
from layers import view_spec
from layers.choropleth import indicator_label
from layers.exports import snapshot, sources, stamp
from layers.headline import area_cards

pytestmark = pytest.mark.browser

LAPTOP, PHONE = {"width": 1440, "height": 900}, {"width": 390, "height": 844}


@pytest.fixture
def store_reads():
    """sources reads the store once per process: let it open this test's own (empty) store."""
    sources.engine.cache_clear()
    yield
    sources.engine.cache_clear()


def open_offline(browser, path: Path, viewport: dict, artifact: str, check) -> None:
    """Open `path` as a file with every other request refused, run `check(page, map_frame)`, screenshot it."""
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(30_000)
    refused, errors = [], []

    def refuse(route):
        refused.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith(("file:", "data:")), refuse)
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(path.as_uri())
        frame = page.frame_locator("iframe.pa-snap-map")
        expect(frame.locator(".leaflet-overlay-pane path").first).to_be_attached()
        assert frame.locator(".leaflet-overlay-pane path").count() > 0
        expect(frame.locator(".pa-legend")).to_be_visible()
        assert page.locator("a[href]").count() == 0  # the app's links are dropped; nothing leads out
        assert frame.locator("a[href^='http']").count() == 0  # Leaflet's credit is plain text
        check(page, frame)
    finally:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{artifact}.png"))
        context.close()
    assert not refused, f"the snapshot asked for: {refused}"
    assert not errors, f"uncaught JavaScript errors: {errors}"


def area_check(code: str, lang: str, table_text: tuple[str, ...] = ()):
    """What the area's snapshot must show: its title, headline figures, target names (and `table_text`) in
    its tables, the data state, the area's name on the map."""
    year = years.reporting_year()
    report, data = sources.area_report_of(code, year, lang)
    names = data.owed["indicator_en" if lang == "en" else "indicator_zh"].tolist()
    state = stamp.data_state(data.mode, lang, data.owed)

    def check(page, frame):
        expect(page.get_by_role("heading", name=report.title, level=1)).to_be_visible()
        for card in area_cards(data.owed, year, lang):
            expect(page.locator(".pa-card-value").get_by_text(card.value, exact=True).first).to_be_visible()
        for name in [*names[:3], *table_text]:
            expect(page.locator("table.pa-table").get_by_text(name, exact=True).first).to_be_visible()
        expect(page.get_by_text(state)).to_be_visible()
        expect(frame.locator(".pa-label span").get_by_text(report.title, exact=True).first).to_be_attached()

    return check


@pytest.mark.parametrize(
    ("code", "viewport", "table_text"), [("310117", LAPTOP, ("车墩镇", "泗泾镇")), ("310117104", PHONE, ())]
)
def test_snapshot_opens_offline_and_shows_the_area(browser, store_reads, tmp_path, code, viewport, table_text):
    path = tmp_path / "snapshot.html"
    path.write_text(snapshot.area_from_store(code, years.reporting_year(), "zh"), encoding="utf-8")
    check = area_check(code, "zh", table_text)  # a district's towns table lists its towns, as plain text
    open_offline(browser, path, viewport, f"snapshot_{code}_{viewport['width']}", check)


def download(page, tmp_path: Path) -> tuple[str, Path]:
    # the visible one: Streamlit also draws a hidden copy of a download button with a tooltip
    button = page.get_by_test_id("stDownloadButton").get_by_role("button", name=t("snap_button", "zh"), exact=True)
    with page.expect_download() as info:
        button.click()
    path = tmp_path / "downloaded.html"
    info.value.save_as(path)
    return info.value.suggested_filename, path


def test_area_page_downloads_the_snapshot(page, browser, store_reads, tmp_path):
    page.goto("/area?area=310117104")
    expect(page.get_by_role("heading", name="车墩镇", level=1)).to_be_visible()
    name, path = download(page, tmp_path)
    assert name == stamp.snapshot_file_name("车墩镇", years.reporting_year(), "zh")
    assert path.read_text(encoding="utf-8").startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
    open_offline(browser, path, LAPTOP, "snapshot_downloaded_area", area_check("310117104", "zh"))


def test_present_mode_downloads_the_view(page, browser, store_reads, tmp_path):
    view = next(v for v in views.load() if v.id == "songjiang-pv")
    page.goto(f"/present?view={view.id}")
    expect(page.get_by_role("heading", name=view.title("zh"), level=1)).to_be_visible()
    page.get_by_role("button", name=t("export_menu", "zh")).click()  # the menu beside the title
    name, path = download(page, tmp_path)
    assert name == stamp.snapshot_file_name(view.title("zh"), view_spec.view_year(view), "zh")

    def check(pg, frame):
        expect(pg.get_by_role("heading", name=view.title("zh"), level=1)).to_be_visible()
        expect(pg.locator(".pa-cards")).to_be_visible()
        expect(frame.locator(".pa-legend")).to_contain_text(indicator_label(view.indicator, "zh"))

    open_offline(browser, path, LAPTOP, "snapshot_downloaded_view", check)
