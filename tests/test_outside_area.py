"""layers/outside_area.py: the area page of any unit of China outside the five plans, as data (no Streamlit)."""

from __future__ import annotations

from data.i18n import t
from layers import outside_area


def test_a_county_without_a_plan():
    page = outside_area.build("320102", "zh")
    assert (page.title, page.level, page.subtitle) == ("玄武区", "county", "县级 · 南京市 › 江苏省")
    assert page.parents == (("320100", "南京市"), ("320000", "江苏省"))
    assert page.notes == (
        t("outside_no_plan", "zh"),
        t("outside_towns_not_drawn", "zh"),
        t("outside_source", "zh"),
    )
    assert page.units_title == t("outside_units_town", "zh", n=8) and len(page.units) == 8


def test_what_each_kind_of_unit_says():
    hk = outside_area.build("810101", "en")  # on the standard map, no NBS code: no towns listed
    assert hk.title == "中西区" and hk.units == () and t("outside_no_towns", "en") in hk.notes
    zone = outside_area.build("320576", "zh")  # 苏州工业园区: NBS only, no outline on the standard map
    assert t("outside_no_outline", "zh") in zone.notes and zone.units
    town = outside_area.build("310120101", "en")  # 南桥镇 under 上海市's plan
    assert town.notes[0] == t("outside_covered", "en", plan="Shanghai Carbon Peaking Implementation Plan")
    assert t("outside_town_no_boundary", "en") in town.notes and town.units == ()
    beijing = outside_area.build("110000", "zh")  # a province lists its counties (no 市辖区 between)
    assert beijing.units[0].name == "东城区" and beijing.units_title == t("outside_units", "zh", n=16)
    assert outside_area.build("999999", "zh") is None and outside_area.build("<b>", "zh") is None


def test_the_towns_table_and_its_filter():
    units = outside_area.build("320102", "en").units
    assert [u.name for u in outside_area.matching(units, " 玄武 ")] == ["玄武门街道", "玄武湖街道"]
    assert outside_area.matching(units, "") == list(units) and outside_area.matching(units, "x") == []
    html = outside_area.units_table(outside_area.matching(units, "玄武"), "en")
    assert html.count("<tr>") == 3 and 'href="area?area=320102005&amp;lang=en"' in html
    assert html.count(t("outside_no_boundary", "en")) == 2 and "Subdistrict" in html
    counties = outside_area.units_table(list(outside_area.build("320100", "zh").units), "zh")
    assert t("outside_col_boundary", "zh") not in counties and "玄武区" in counties  # counties: no boundary column


def test_names_are_escaped():
    from data.divisions import Division

    odd = Division("999999001", "<script>x</script>镇", "town", "镇", "999999")
    html = outside_area.units_table([odd], "zh")
    assert "<script>" not in html and "&lt;script&gt;" in html
