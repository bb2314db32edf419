"""The area page of a county or town outside the five plans (pages/ui/outside_area.py, layers/outside_area.py)
and the search that leads there, through Streamlit's AppTest."""

import pytest
from streamlit.testing.v1 import AppTest

from data.i18n import t
from layers.html_safe import md_message
from tests.conftest import REPO
from tests.test_pages import components

pytestmark = pytest.mark.apptest


def area_page(**query) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params.update(query)
    at.switch_page("pages/area.py").run()
    assert not at.exception, at.exception
    return at


def html(at: AppTest) -> str:
    return "".join(h.proto.body for h in at.get("html"))


def links(at: AppTest) -> list[str]:
    return [p.proto.label for p in at.get("page_link")]


def test_a_county_outside_the_five_lists_its_towns_and_filters_them():
    at = area_page(area="320102")
    assert at.title[0].value == "玄武区"
    assert at.caption[0].value == "县级 · 南京市 › 江苏省"
    assert [i.value for i in at.info] == [t("outside_no_plan", "zh")]
    assert at.subheader[0].value == t("outside_units_town", "zh", n=8)
    table = html(at)
    assert table.count("<tr>") == 9 and "梅园新村街道" in table and "徐庄高新技术产业开发区" in table
    assert table.count(t("outside_no_boundary", "zh")) == 8 and 'href="area?area=320102005"' in table
    assert links(at) == ["南京市", "江苏省"]
    assert components(at) == []  # no map: nothing to draw without boundaries

    at.text_input(key="outside_filter_320102").input("玄武").run()
    table = html(at)
    assert "玄武门街道" in table and "玄武湖街道" in table and "新街口街道" not in table
    assert at.caption[-1].value == t("outside_filter_count", "zh", shown=2, n=8)

    at.text_input(key="outside_filter_320102").input("不存在").run()
    assert at.info[-1].value == md_message("outside_filter_none", "zh", q="不存在") and "<tr>" not in html(at)


def test_in_english_the_page_speaks_english_and_keeps_the_names():
    at = area_page(area="110101", lang="en")
    assert at.title[0].value == "东城区" and at.caption[0].value == "County · 北京市"
    assert [i.value for i in at.info] == [t("outside_no_plan", "en")]
    assert t("outside_col_boundary", "en") in html(at) and "Subdistrict" in html(at)


def test_a_town_of_a_district_a_plan_covers():
    """奉贤区's towns are not in the five's gazetteer, but 上海市's plan covers them."""
    at = area_page(area="310120101")
    assert at.title[0].value == "南桥镇"
    assert at.info[0].value == t("outside_covered", "zh", plan="上海市碳达峰实施方案")
    assert t("outside_town_no_boundary", "zh") in at.markdown[0].value
    assert links(at) == ["奉贤区", "上海市"] and "<tr>" not in html(at)


@pytest.mark.parametrize("code", ["320199", "32010", "3201020011", "320102 "])
def test_a_code_that_is_no_unit_keeps_its_clear_error(code):
    at = area_page(area=code)
    assert [e.value for e in at.error] == [md_message("area_not_found", "zh", code=code)]


def test_the_chooser_finds_any_county_by_name():
    at = area_page()
    at.text_input(key="area_search").input("玄武").run()
    assert links(at)[0] == "玄武区 · 南京市 · 江苏省" and len(links(at)) == 5
    at.text_input(key="area_search").input("城关镇").run()
    assert len(links(at)) == 8 and at.caption[-1].value == t("other_area_more", "zh", n=8)


def test_the_map_sidebar_leads_to_any_county():
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    assert t("other_area", "zh") in [e.label for e in at.sidebar if type(e).__name__ == "Expander"]
    at.sidebar.text_input(key="map_other_area").input("东城区").run()
    hits = at.sidebar.get("page_link")
    assert [h.proto.label for h in hits][:1] == ["东城区 · 北京市"]
    assert hits[0].proto.page.endswith("area") and hits[0].proto.query_string == "area=110101"


def test_a_district_of_a_plan_whose_towns_only_the_national_gazetteer_holds():
    """奉贤区 has its full area page (上海市's plan covers it); its towns come from the national gazetteer."""
    at = area_page(area="310120")
    assert at.title[0].value.startswith("奉贤区")
    assert t("outside_units_town", "zh", n=12) in [s.value for s in at.subheader]
    assert "南桥镇" in html(at) and t("outside_towns_not_drawn", "zh") in [c.value for c in at.caption]
    at.text_input(key="outside_filter_310120").input("南桥").run()
    assert "南桥镇" in html(at) and "奉城镇" not in html(at)
    songjiang = area_page(area="310117")  # towns in the five's gazetteer: its own list, not this one
    assert not [w for w in songjiang.text_input if w.key.startswith("outside_filter")]
