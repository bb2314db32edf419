"""Maps and slides a room and a phone can read, in a real browser: place names drawn and never overlapping,
the legend never over the area in focus, slides that fit a projector without scrolling and follow a
clicker's keys, the page's language, no English widget defaults or raw column names, and the content
findable with Ctrl+F (window.find)."""

from __future__ import annotations

import re

import pytest
from e2e_support import MAP_IFRAME, guard, map_frame
from playwright.sync_api import expect

from data import views
from data.i18n import t

pytestmark = pytest.mark.browser

# visible labels and the legend, in the map frame's coordinates; the focused area's box from its own path
_LAYOUT_JS = """(code) => {
  const visible = Array.from(document.querySelectorAll('.pa-label'))
    .filter(e => e.style.visibility === 'visible').map(e => {
      const r = e.firstChild.getBoundingClientRect();
      return {text: e.textContent, level: e.className.match(/pa-label-(\\w+)/)[1],
              box: [r.left, r.top, r.right, r.bottom]};
    });
  const lg = document.querySelector('.pa-legend').getBoundingClientRect();
  const map = Object.values(window).find(v => v instanceof L.Map);
  let area = null;
  map.eachLayer(l => {
    if (!area && l.feature && l.feature.properties.code === code && l._path) {
      const r = l._path.getBoundingClientRect();
      area = [r.left, r.top, r.right, r.bottom];
    }
  });
  const size = map.getSize();
  return {labels: visible, legend: [lg.left, lg.top, lg.right, lg.bottom], area: area, size: [size.x, size.y]};
}"""


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _layout(frame, code: str) -> dict:
    frame.wait_for_function("() => document.querySelectorAll('.pa-label').length > 0")
    frame.wait_for_timeout(300)  # the decluttering after the last resize and fit
    return frame.evaluate(_LAYOUT_JS, code)


def _check_map(frame, code: str, district_name: str) -> dict:
    got = _layout(frame, code)
    boxes = [lab["box"] for lab in got["labels"]]
    assert not any(_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :]), "labels overlap"
    assert district_name in [lab["text"] for lab in got["labels"] if lab["level"] == "district"]
    assert got["area"] and not _overlap(got["area"], got["legend"]), "the legend covers the area in focus"
    (left, top, right, bottom), (width, height) = got["area"], got["size"]
    # fitted to the view: a legend taller than the map once left it at world scale (a dot in a "5000 km" map)
    assert (right - left) > 0.25 * width or (bottom - top) > 0.5 * height, "the area in focus is not fitted"
    return got


@pytest.fixture
def sized(browser, app_server):
    """A page at a given viewport, refused every outside request; closed and checked at the end."""
    opened = []

    def make(width: int, height: int):
        context = browser.new_context(viewport={"width": width, "height": height}, base_url=app_server.base)
        context.set_default_timeout(30_000)
        page = context.new_page()
        opened.append((context, *guard(page, app_server.base)))
        return page

    yield make
    for context, outside, errors in opened:
        context.close()
        assert not outside, f"requests to outside the app: {outside}"
        assert not errors, f"uncaught JavaScript errors: {errors}"


def _no_scroll(page) -> bool:
    return page.evaluate(
        "() => { const m = document.querySelector('[data-testid=stMain]');"
        " return m.scrollHeight <= m.clientHeight + 2 && document.scrollingElement.scrollHeight <= innerHeight + 2; }"
    )


@pytest.mark.parametrize("width,height", [(1280, 720), (1920, 1080)])
def test_slides_fit_the_projector_and_follow_the_clicker(sized, width, height):
    page = sized(width, height)
    ids = [v.id for v in views.load()]
    page.goto(f"/present?view={ids[0]}")
    for i, view_id in enumerate(ids):
        title = views.get(view_id)[1].title("zh")
        expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
        map_frame(page)
        page.wait_for_timeout(1000)  # the map takes the window's height below the headline
        frame = map_frame(page)  # the frame as it is now (a rerun may have replaced it)
        assert _no_scroll(page), f"{view_id} at {width}×{height} needs scrolling"
        page.wait_for_function("() => document.documentElement.lang === 'zh-CN'", timeout=10_000)
        size = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)")
        assert size >= 24
        if view_id == "songjiang-pv":
            _check_map(frame, "310117", "松江区")
            legend = frame.evaluate(
                "() => parseFloat(getComputedStyle(document.querySelector('.pa-legend-box')).fontSize)"
            )
            figure = page.evaluate(
                "() => parseFloat(getComputedStyle(document.querySelector('.pa-card-value')).fontSize)"
            )
            assert legend >= 18 and figure >= 18
            page.screenshot(path=str(_artifact(f"present_{view_id}_{width}x{height}")))
        elif width == 1920:
            page.screenshot(path=str(_artifact(f"present_{view_id}_{width}x{height}")))
        if i + 1 < len(ids):
            page.locator("body").press("ArrowRight")  # what a clicker sends
            expect(page).to_have_url(re.compile(rf"view={re.escape(ids[i + 1])}"))
    page.keyboard.press("Home")
    expect(page).to_have_url(re.compile(rf"view={re.escape(ids[0])}"))


def test_a_slide_opened_from_a_link_fits_its_area_on_a_projector(sized):
    """At 1280×720 the legend is taller than the map the window leaves; the map still fits the district."""
    page = sized(1280, 720)
    page.goto("/present?view=songjiang-pv")
    expect(page.get_by_role("heading", name=views.get("songjiang-pv")[1].title("zh"), level=1)).to_be_visible()
    map_frame(page)
    page.wait_for_timeout(2500)  # the map fills the window, then fits its area
    _check_map(map_frame(page), "310117", "松江区")


def test_an_unknown_view_lists_the_views(sized):
    page = sized(1280, 720)
    page.goto("/present?view=no-such-view")
    expect(page.get_by_text(t("present_unknown_view", "zh", view="no-such-view"))).to_be_visible()
    expect(page.get_by_role("link", name=views.load()[0].title("zh"))).to_be_visible()


def test_a_town_page_on_a_phone(sized):
    page = sized(390, 844)
    page.goto("/area?area=310117104")
    expect(page.get_by_role("heading", name="车墩镇", level=1)).to_be_visible()
    frame = map_frame(page)
    got = _layout(frame, "310117104")
    assert got["area"] and not _overlap(got["area"], got["legend"])  # the folded legend keeps off the town
    assert frame.evaluate("() => !document.querySelector('.pa-legend details').open")
    assert "车墩镇" in [lab["text"] for lab in got["labels"]]
    assert page.evaluate("() => document.documentElement.lang") == "zh-CN"
    assert page.evaluate("() => window.find('整镇屋顶分布式光伏开发试点')")
    title = page.locator(MAP_IFRAME).get_attribute("title")
    assert title and title.startswith("地图")  # a named frame, not "streamlit_folium.st_folium"
    page.screenshot(path=str(_artifact("area_310117104_390x844")), full_page=True)


def test_the_map_on_a_laptop_names_its_places(sized):
    page = sized(1440, 900)
    page.goto("/?j=310117")
    frame = map_frame(page)
    got = _check_map(frame, "310117", "松江区")
    assert len([lab for lab in got["labels"] if lab["level"] == "town"]) >= 10
    # every area is a named button for a keyboard: focus 车墩镇 and press Enter
    frame.locator('path[aria-label="车墩镇"]').first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="车墩镇")).to_be_visible()
    expect(page).to_have_url(re.compile(r"area=310117104"))  # the selection is part of the link


def test_no_english_defaults_or_raw_column_names(sized):
    page = sized(1440, 900)
    for path in ("/?j=310117&ind=pv_capacity_new", "/targets", "/area?area=310117", "/report"):
        page.goto(path)
        expect(page.get_by_test_id("stMain").locator("h1")).to_be_visible()
        page.wait_for_timeout(1500)
        html = page.content()
        assert "Choose options" not in html and "Choose an option" not in html, path
        text = page.locator("body").inner_text()
        for raw in ("area_code", "report_id", "replaces_status", "target_id", "indicator_zh"):
            assert raw not in text, (path, raw)
        page.wait_for_function("() => document.documentElement.lang === 'zh-CN'", timeout=10_000)


def test_targets_are_findable_with_ctrl_f(sized):
    page = sized(1440, 900)
    page.goto("/targets")
    expect(page.locator("table.pa-table")).to_be_visible()
    assert page.evaluate("() => window.find('单位生产总值能耗')")
    page.goto("/targets?q=车墩")  # a town's name finds the targets it owes
    expect(page.locator("table.pa-table")).to_contain_text("累计新增光伏装机容量")


def test_a_broken_link_says_so(sized):
    page = sized(1440, 900)
    page.goto("/?j=999999&year=²")
    expect(page.get_by_text(t("bad_link_param", "zh", name="j", value="999999"))).to_be_visible()
    expect(page.get_by_text(t("bad_link_param", "zh", name="year", value="²"))).to_be_visible()


def _artifact(name: str):
    from e2e_support import REPO

    out = REPO / "test-artifacts" / "e2e"
    out.mkdir(parents=True, exist_ok=True)
    return out / f"{name}.png"
