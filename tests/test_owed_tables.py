"""The area pages' readable tables and cards, and data-layer errors in the reader's language: every piece of
user or plan text escaped, numbers for people, no raw codes."""

from datetime import UTC, datetime

import pandas as pd

from data import progress
from data.i18n import t
from data.reporting import obligations as ob
from data.reporting.errors import ConflictError, Problem, ValidationError, problem
from layers.headline import Card, area_cards, cards_html
from layers.html_table import link, table
from layers.messages import describe
from layers.owed_tables import gaps_table, owed_table
from tests.figure_rows import approved

EVIL = "<img src=x onerror=alert(1)>"


def _owed_with_figure(note: str) -> pd.DataFrame:
    figures = approved("310117104", "310117")  # the district's figure: its towns' sum
    shares = pd.DataFrame(
        [
            {
                "target_id": "000-T002",
                "district_code": "310117",
                "area_code": "310117104",
                "value": 1.379,
                "unit": "万千瓦",
                "version": 1,
            }
        ]
    )
    rows = ob.with_status(ob.owed("310117104", 2025, shares), figures, 2025)
    return rows.assign(
        report_id=1,
        report_status="rejected",
        report_version=2,
        report_value=2.1,
        review_note=note,
        report_updated_at=None,
    )


def test_owed_table_is_escaped_readable_text():
    html = owed_table(_owed_with_figure(EVIL), 2025, "zh")
    assert "<img" not in html and "&lt;img" in html  # the reviewer's note is shown as text
    assert "本区域分解目标:不低于 1.379 万千瓦(2025年)" in html and "2.1 / 1.379 万千瓦" in html
    assert t("status_achieved", "zh") in html and ">=" not in html and "000-T002" not in html
    assert "已退回 2.1" in html
    assert "松江区 2.1 / 29.4 万千瓦 · 滞后" in html  # how the district stands on what the town contributes to


def test_cards_count_what_is_owed_and_due():
    cards = area_cards(_owed_with_figure(""), 2025, "zh")
    assert [c.label for c in cards][:2] == [t("card_owed", "zh"), t("card_reported", "zh")]
    assert cards[0].value == "6" and cards[1].value == "1 / 6"
    pv = next(c for c in cards if c.label == "累计新增光伏装机容量 · 分解份额")
    assert pv.value == "2.1 / 1.379 万千瓦" and pv.status == progress.ACHIEVED
    assert pv.note.startswith("已完成 · 完成 152 % · 截至2025年")
    assert cards[-1].value == "6"  # a rejected figure is due again
    assert "&lt;b&gt;" in cards_html([Card("<b>", "1")])


def test_gaps_table_names_who_and_since_when():
    gaps = pd.DataFrame(
        [
            {
                "area_code": "310117104",
                "area_name": "车墩镇",
                "indicator_zh": "累计新增光伏装机容量",
                "status": "missing",
                "since": datetime(2026, 1, 1, tzinfo=UTC),
                "who": (EVIL,),
            }
        ]
    )
    html = gaps_table(gaps, "zh")
    assert "2026-01-01" in html and t("gap_missing", "zh") in html and "&lt;img" in html and "<img" not in html


def test_links_and_tables_escape():
    assert 'href="area?area=%3Cx%3E"' in link("a", "area", area="<x>")
    assert '<th scope="col">&lt;h&gt;</th>' in table(["<h>"], [["v"]])


def test_errors_in_the_readers_language():
    exists = ConflictError(
        "chedun",
        "2026-12-02 05:03:11 UTC",
        entity="report",
        entity_id=1,
        base_version=None,
        current={"year": 2025, "status": "pending"},
    )
    assert describe(exists, "zh") == [t("already_reported", "zh", year=2025, status="待审核", name="chedun")]
    changed = ConflictError("chedun", "2026-12-02 05:03:11 UTC", entity="report", entity_id=1, base_version=1)
    assert describe(changed, "zh")[0].startswith("保存未成功:这条数据已被 chedun 于 2026-12-02 13:03(北京时间) 修改")
    dup = ValidationError([problem(None, "name", "err_user_exists", name="x")])
    assert str(dup) == "name: user 'x' already exists"  # the API's English, from the same string table entry
    assert describe(dup, "zh") == ["用户名:用户“x”已存在。"]
    row = ValidationError([problem(3, "target_id", "err_not_owed", target="000-T028", area="泗泾镇", code="310117102")])
    assert describe(row, "zh")[0].startswith("第 3 行,目标编号:目标 000-T028 不在泗泾镇应报的目标之中")
    plain = ValidationError([Problem(2, "value", "'x' is not a number")])
    assert describe(plain, "zh") == ["row 2, value: 'x' is not a number"]  # no key: the data layer's own text


def test_the_area_report_is_the_page_as_data():
    from layers import area_report

    owed = _owed_with_figure("")
    figures = approved("310117104")
    town = area_report.build("310117104", 2025, "zh", owed, figures)
    assert (town.title, town.level) == ("车墩镇", "town") and town.subtitle.startswith("街镇 · 松江区 · 上海市")
    assert t("schematic_note", "zh") in town.notes and not town.illustrative
    assert [s.title for s in town.sections] == [t("owed_list_title", "zh")]
    assert "整镇屋顶分布式光伏开发试点" in town.measures.html and len(town.charts) == 1
    figure, spec = town.charts[0]  # the page's picture and the exports' Vega-Lite spec, of the same figure
    assert figure.startswith('<figure class="pa-chart">') and "2025 年 2.1(已完成)" in figure
    assert [r["value"] for r in spec["data"]["values"] if r["status"]] == [2.1]
    assert "2.1 / 1.379 万千瓦" in town.cards
    empty = pd.DataFrame(columns=list(owed.columns))
    district = area_report.build(
        "310117",
        2025,
        "en",
        owed.iloc[0:0],
        figures,
        owed.iloc[0:0],
        empty.assign(since=None, who=None, area_name=None, indicator_zh=None),
    )
    assert [s.title for s in district.sections][:3] == [
        t("towns_title", "en"),
        t("shares_title", "en"),
        t("area_gaps", "en", year=2025),
    ]
    assert district.sections[1].empty == t("shares_none", "en") and district.title == "Songjiang District"
