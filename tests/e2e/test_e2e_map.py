"""The map page in a real browser: cold load, layers, a click on a town, the language switch.
Every test also proves (in conftest.page) that the page asked nothing of any other host."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from e2e_support import MAP_IFRAME, map_frame
from playwright.sync_api import expect

from data import years
from data.i18n import t
from layers import families

pytestmark = pytest.mark.browser

TITLE_ZH, TITLE_EN = t("map_title", "zh"), t("map_title", "en")  # 碳达峰行动地图 / Carbon-peaking action map
TOWN_OUTLINE = "#475569"  # schematic town boundaries (layers/map_builder.py)


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def drawn(frame, colour: str, town: bool = False):
    """Leaflet's SVG paths filled with a family's colour: circle markers (black outline) or, for the pilot
    towns, the town polygons themselves (outlined in the same colour)."""
    sel = f'path.leaflet-interactive[fill="{colour}"]'
    return frame.locator(sel + (f'[stroke="{colour}"]' if town else '[stroke="#111827"]'))


def test_cold_load_draws_map_and_legend(page):
    page.goto("/")
    iframe = page.locator(MAP_IFRAME)
    iframe.wait_for(state="attached")  # height 0 until the map has drawn
    frame = iframe.element_handle().content_frame()
    expect(frame.locator(".leaflet-container")).to_be_visible()
    legend = frame.locator(".pa-legend")
    expect(legend).to_be_visible()
    for key in families.DEFAULT_ON:
        expect(legend).to_contain_text(families.BY_KEY[key].label("zh"))
    expect(frame.locator(f'path.leaflet-interactive[stroke="{TOWN_OUTLINE}"]').first).to_be_visible()
    expect(page.get_by_role("heading", name=TITLE_ZH)).to_be_visible()
    expect(page.get_by_text(t("click_hint", "zh"))).to_be_visible()


@pytest.mark.parametrize("key", families.DEFAULT_ON)
def test_each_named_layer_alone_is_drawn(page, key):
    fam = families.BY_KEY[key]
    others = [families.BY_KEY[k].label("zh") for k in families.DEFAULT_ON if k != key]
    page.goto(f"/?layers={key}&j=all")
    frame = map_frame(page, has=[fam.label("zh")], lacks=others)
    shapes = drawn(frame, fam.colour, town=fam.shape == "town")
    expect(shapes.first).to_be_visible()
    assert shapes.count() >= 1
    for k in families.DEFAULT_ON:  # nothing of the other named layers is drawn
        if k != key and families.BY_KEY[k].colour != fam.colour:
            assert frame.locator(f'path.leaflet-interactive[fill="{families.BY_KEY[k].colour}"]').count() == 0
    # the sidebar's multiselect shows exactly this layer
    tags = page.locator('[data-testid="stMultiSelect"] [data-tag]')
    expect(tags).to_have_count(1)
    expect(tags).to_have_attribute("aria-label", fam.label("zh"))


def tags(page) -> list[str]:
    return page.locator('[data-testid="stMultiSelect"] [data-tag]').evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label'))"
    )


def test_layer_toggled_off_in_sidebar(page):
    hydrogen = families.BY_KEY["hydrogen"]
    page.goto("/?j=all")
    frame = map_frame(page, has=[hydrogen.label("zh")])
    expect(drawn(frame, hydrogen.colour).first).to_be_visible()

    page.get_by_role("button", name=t("sw_remove", "zh", name=hydrogen.label("zh"))).click()
    frame = map_frame(page, lacks=[hydrogen.label("zh")])
    assert drawn(frame, hydrogen.colour).count() == 0
    expect(page).to_have_url(re.compile(r"[?&]layers=pv_pilot%2Cwetland%2Ccommunity%2Cpark(&|$)"))


def test_second_sidebar_change_is_kept(page):
    hydrogen, forest = families.BY_KEY["hydrogen"], families.BY_KEY["forest"]
    page.goto("/?j=all")
    map_frame(page, has=[hydrogen.label("zh")])
    page.get_by_role("button", name=t("sw_remove", "zh", name=hydrogen.label("zh"))).click()
    map_frame(page, lacks=[hydrogen.label("zh")])
    expect(page).to_have_url(re.compile(r"[?&]layers=pv_pilot%2Cwetland%2Ccommunity%2Cpark(&|$)"))

    page.locator('[data-testid="stMultiSelect"]').get_by_role("combobox").click()
    page.get_by_role("option", name=forest.label("zh"), exact=True).click()
    page.keyboard.press("Escape")
    frame = map_frame(page, has=[forest.label("zh")], lacks=[hydrogen.label("zh")], timeout_ms=8000)
    expect(drawn(frame, forest.colour).first).to_be_visible()
    assert tags(page) == [
        families.BY_KEY[k].label("zh") for k in ("pv_pilot", "wetland", "community", "park", "forest")
    ]
    assert query(page)["layers"].split(",") == ["pv_pilot", "wetland", "community", "park", "forest"]


# A pixel (in the iframe's viewport) where the topmost element is a path of a feature with this code.
FIND_FEATURE_PIXEL = """(code) => {
  const paths = new Set();
  window.map.eachLayer(l => {
    if (l._path && l.feature && l.feature.properties && l.feature.properties.code === code) paths.add(l._path);
  });
  for (const p of paths) {
    const r = p.getBoundingClientRect();
    for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) {
      const x = r.left + r.width * i / 20, y = r.top + r.height * j / 20;
      if (paths.has(document.elementFromPoint(x, y))) return {x, y};
    }
  }
  return null;
}"""


def test_click_on_town_opens_its_summary(page):
    page.goto("/?j=310117")
    frame = map_frame(page)
    # the town layers arrive after the map object (and its tiles): wait for 车墩镇's polygon itself
    found = frame.wait_for_function(f"(code) => window.map && ({FIND_FEATURE_PIXEL})(code)", arg="310117104")
    point = found.json_value()
    box = page.locator(MAP_IFRAME).bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])  # a real click on the polygon

    expect(page.get_by_role("heading", name="车墩镇")).to_be_visible()
    link = page.get_by_role("link", name=t("open_area_page", "zh"))
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", re.compile(rf"area\?area=310117104&year={years.reporting_year()}$"))
    expect(page.get_by_text(t("click_hint", "zh"))).to_have_count(0)


SIDEBAR_EN = [
    t(k, "en") for k in ("language", "jurisdiction", "layers", "show_towns", "progress_indicator", "progress_year")
]


def test_english_by_url(page):
    page.goto("/?lang=en")
    frame = map_frame(page, has=[families.BY_KEY["hydrogen"].label("en")])
    expect(page.get_by_role("heading", name=TITLE_EN)).to_be_visible()
    sidebar = page.get_by_test_id("stSidebar")
    for label in SIDEBAR_EN:
        expect(sidebar.get_by_test_id("stWidgetLabel").filter(has_text=label).first).to_be_visible()
    expect(sidebar.get_by_role("link", name=t("nav_targets", "en"))).to_be_visible()
    expect(frame.locator(".pa-legend")).to_contain_text("Wetlands")


def test_language_radio_switches_to_english(page):
    page.goto("/")
    map_frame(page, has=[families.BY_KEY["hydrogen"].label("zh")])
    expect(page.get_by_role("heading", name=TITLE_ZH)).to_be_visible()
    page.get_by_test_id("stSidebar").get_by_text(t("lang_en", "zh"), exact=True).click()
    expect(page.get_by_role("heading", name=TITLE_EN)).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]lang=en(&|$)"))
    expect(
        page.get_by_test_id("stSidebar").get_by_test_id("stWidgetLabel").filter(has_text=t("layers", "en"))
    ).to_be_visible()
    map_frame(page, has=[families.BY_KEY["hydrogen"].label("en")])


HAS_AREA = """([selector, code]) => {
  const frames = document.querySelectorAll(selector);
  const iframe = frames[frames.length - 1];
  const w = iframe && iframe.contentWindow;
  if (!w || !w.map) return false;
  let found = false;
  w.map.eachLayer(l => { if (l.feature && l.feature.properties && l.feature.properties.code === code) found = true; });
  return found;
}"""


def test_changing_the_jurisdiction_redraws_the_map(page):
    page.goto("/?j=310117")
    map_frame(page)
    page.wait_for_function(HAS_AREA, arg=[MAP_IFRAME, "310117104"], polling=50)  # 车墩镇 is on the 松江区 map
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="嘉定区", exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]j=310114(&|$)"))
    page.wait_for_function(HAS_AREA, arg=[MAP_IFRAME, "310114102"], polling=50)  # a 嘉定区 town
    assert not page.evaluate(HAS_AREA, [MAP_IFRAME, "310117104"])
