"""The national overview in a real browser: the county tiles come from the app's own server and paint on canvas,
松江区 answers a hover and a click with its name and status, and its popup's link opens its area page. The page
fixture (conftest.page) proves that no request left 127.0.0.1."""

from __future__ import annotations

import pytest
from e2e_support import MAP_IFRAME, map_frame
from playwright.sync_api import expect

from data.i18n import t
from layers import palette

pytestmark = pytest.mark.browser

SONGJIANG = (31.03, 121.2)  # a point inside 松江区

# How many pixels of the map's tile canvases are painted in something other than the map's background.
PAINTED_JS = """() => {
  let n = 0;
  for (const c of document.querySelectorAll('.leaflet-tile-container canvas')) {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 0; i < d.length; i += 16) if (d[i + 3] > 0) n++;
  }
  return n;
}"""
# Zoom to a point and resolve once every tile of the new view has loaded and drawn.
ZOOM_JS = """([lat, lon, z]) => new Promise(done => {
  const grid = window.paCountyGrid, map = grid._map;
  grid.once('load', () => requestAnimationFrame(() => done(true)));
  map.setView([lat, lon], z, {animate: false});
})"""
POINT_JS = """([lat, lon]) => {
  const p = window.paCountyGrid._map.latLngToContainerPoint([lat, lon]);
  const r = window.paCountyGrid._map.getContainer().getBoundingClientRect();
  return [p.x + r.left, p.y + r.top];
}"""


def _page_point(page, frame, lat: float, lon: float) -> tuple[float, float]:
    x, y = frame.evaluate(POINT_JS, [lat, lon])
    box = page.locator(MAP_IFRAME).bounding_box()
    return box["x"] + x, box["y"] + y


def test_counties_paint_and_songjiang_leads_to_its_area_page(page, app_server):
    page.goto("/national")
    expect(page.get_by_role("heading", name=t("national_title", "zh"))).to_be_visible()
    frame = map_frame(page, has=[t("national_plan_only", "zh"), t("national_no_plan", "zh")])
    frame.wait_for_function(f"({PAINTED_JS})() > 5000", polling=100)
    expect(frame.locator(".pa-county-hover")).to_have_text(t("national_hover_hint", "zh"))

    page.locator(MAP_IFRAME).scroll_into_view_if_needed()
    frame.evaluate(ZOOM_JS, [*SONGJIANG, 9])
    x, y = _page_point(page, frame, *SONGJIANG)
    page.mouse.move(x, y)
    hover = frame.locator(".pa-county-hover")
    expect(hover).to_contain_text("松江区")
    expect(hover).to_contain_text(f"{t('national_status', 'zh')}: {t('status_behind', 'zh')}")  # the sample's
    expect(hover).to_contain_text("上海市")  # its province

    page.mouse.click(x, y)
    popup = frame.locator(".leaflet-popup-content .pa-county")
    expect(popup).to_have_attribute("data-code", "310117")
    expect(popup).to_contain_text("松江区碳达峰实施方案")
    link = popup.get_by_role("link", name=t("open_area_page", "zh"))
    expect(link).to_have_attribute("href", "/area?area=310117")
    expect(link).to_have_attribute("target", "_blank")  # the component's sandbox may open a tab, not leave

    # the click also reaches the page, which names the county beside the map and links its area page
    expect(page.get_by_role("heading", name="松江区")).to_be_visible()
    status = page.locator("li").filter(has_text=t("national_targets", "zh")).locator("xpath=..")
    expect(status).to_contain_text(t("status_behind", "zh"))
    page.get_by_role("link", name=t("open_area_page", "zh")).click()
    page.wait_for_url("**/area?area=310117*")
    expect(page.get_by_role("heading", name="松江区").first).to_be_visible()


def test_an_uncovered_county_is_grey_and_named(page):
    page.goto("/national?lang=en")
    frame = map_frame(page, has=[t("national_no_plan", "en")])
    frame.evaluate(ZOOM_JS, [39.93, 116.41, 9])  # 东城区, Beijing: no plan in PeakAtlas
    x, y = _page_point(page, frame, 39.93, 116.41)
    page.mouse.move(x, y)
    hover = frame.locator(".pa-county-hover")
    expect(hover).to_contain_text("东城区")
    expect(hover).to_contain_text(f"{t('national_status', 'en')}: {t('national_no_plan', 'en')}")
    expect(hover).to_contain_text("Beijing")
    colour = frame.evaluate(
        """([x, y]) => {
          const el = document.elementsFromPoint(x, y).find(e => e.tagName === 'CANVAS');
          const b = el.getBoundingClientRect(), px = el.getContext('2d').getImageData(
            Math.round((x - b.left) * el.width / b.width), Math.round((y - b.top) * el.height / b.height), 1, 1).data;
          return '#' + [px[0], px[1], px[2]].map(v => v.toString(16).padStart(2, '0')).join('');
        }""",
        frame.evaluate(POINT_JS, [39.93, 116.41]),
    )
    assert colour == palette.FRAME_LIGHT

    # a click names it beside the map too and leads to its page: its towns, from the national gazetteer
    page.mouse.click(x, y)
    popup_link = frame.locator(".leaflet-popup-content").get_by_role("link", name=t("open_area_page", "en"))
    expect(popup_link).to_have_attribute("href", "/area?area=110101&lang=en")
    expect(page.get_by_role("heading", name="东城区")).to_be_visible()
    page.get_by_role("link", name=t("open_area_page", "en")).click()
    page.wait_for_url("**/area?area=110101*")
    expect(page.get_by_role("heading", name=t("outside_units_town", "en", n=17))).to_be_visible()
