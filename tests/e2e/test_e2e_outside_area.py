"""A county outside the five plans in a real browser: found from the map's sidebar, its area page lists its towns
(none drawn: they have no boundary), a filter finds one, its link opens the town's page. Screenshots at three
screen sizes (test-artifacts/e2e/outside_area_*.png)."""

from __future__ import annotations

import pytest
from e2e_support import REPO, map_frame
from playwright.sync_api import expect

from data.i18n import t

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "test-artifacts" / "e2e"


def towns_table(page):
    return page.locator("table.pa-table")


def test_from_the_map_to_a_county_outside_the_five_and_one_of_its_towns(page):
    page.goto("/")
    map_frame(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text(t("other_area", "zh")).click()
    box = sidebar.get_by_label(t("other_area_search", "zh"), exact=True)
    box.fill("玄武区")
    box.press("Enter")
    sidebar.get_by_role("link", name="玄武区 · 南京市 · 江苏省").click()

    expect(page.get_by_role("heading", name="玄武区", level=1)).to_be_visible()
    assert "area=320102" in page.url
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text(t("outside_no_plan", "zh"))).to_be_visible()
    expect(towns_table(page).locator("tbody tr")).to_have_count(8)
    expect(towns_table(page)).to_contain_text("梅园新村街道")
    expect(towns_table(page).get_by_text(t("outside_no_boundary", "zh"))).to_have_count(8)
    assert page.evaluate("() => window.find('孝陵卫街道')")  # readable text: Ctrl+F finds a town
    assert page.locator("iframe").count() == 0  # no map: nothing is drawn for towns without boundaries

    search = main.get_by_label(t("outside_filter", "zh"), exact=True)
    search.fill("玄武")
    search.press("Enter")
    expect(towns_table(page).locator("tbody tr")).to_have_count(2)
    expect(towns_table(page)).not_to_contain_text("梅园新村街道")
    expect(main.get_by_text(t("outside_filter_count", "zh", shown=2, n=8))).to_be_visible()

    towns_table(page).get_by_role("link", name="玄武湖街道").click()
    expect(page.get_by_role("heading", name="玄武湖街道", level=1)).to_be_visible()
    expect(page.get_by_text(t("outside_town_no_boundary", "zh"))).to_be_visible()
    expect(page.get_by_test_id("stMain").get_by_role("link", name="玄武区")).to_be_visible()


@pytest.mark.parametrize("width, height", [(1440, 900), (1280, 720), (390, 844)])
def test_the_page_fits_every_screen(page, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/area?area=110101")
    expect(page.get_by_role("heading", name="东城区", level=1)).to_be_visible()
    expect(towns_table(page).locator("tbody tr")).to_have_count(17)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width  # no sideways scrolling
    table = towns_table(page).bounding_box()
    assert table and table["x"] >= 0 and table["x"] + table["width"] <= width
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"outside_area_{width}x{height}.png"))
