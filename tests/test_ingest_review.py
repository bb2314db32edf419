"""The ingestion page's content as data (layers/ingest_review.py): the excerpt marked in its own section with the
plan's text escaped, a missing excerpt said so, the candidates table in the reader's language, refusals in words."""

from __future__ import annotations

import re

import pandas as pd

from data.i18n import t
from data.ingest.reasons import because, to_json
from data.reporting.errors import ValidationError, problem
from layers.ingest_review import candidates_table, excerpt_html, reason_line, refusal

TEXT = "前言<script>alert(1)</script>\n一、主要目标\n到2025年,光伏装机达到29.4万千瓦。\n二、重点任务\n建设光伏。"


def test_the_excerpt_is_marked_in_its_section_and_the_text_escaped():
    html = excerpt_html(TEXT, {"section": "一", "excerpt": "光伏装机达到29.4万千瓦"}, "zh")
    assert '<mark class="pa-excerpt">光伏装机达到29.4万千瓦</mark>' in html
    assert "重点任务" not in html and t("ingest_section", "zh", section="一") in html
    hostile = excerpt_html(TEXT, {"section": "", "excerpt": "<script>alert(1)</script>"}, "en")
    assert "<script>" not in hostile and "&lt;script&gt;" in hostile
    missing = excerpt_html(TEXT, {"section": "一", "excerpt": "风电<b>"}, "en")
    assert "pa-excerpt-missing" in missing and "风电&lt;b&gt;" in missing and "<mark" not in missing


def test_the_table_and_refusals_speak_the_readers_language():
    rows = pd.DataFrame(
        [
            {
                "row_id": "501-T001",
                "kind": "target",
                "row": {"indicator_zh": "光伏装机", "value_text": "29.4", "unit": "万千瓦", "target_year": 2025},
                "confidence": 0.9,
                "review": "proposed",
                "problems": ["unit", "excerpt"],
            }
        ]
    )
    table = candidates_table(rows, "zh")
    assert table.iloc[0][t("ingest_col_what", "zh")] == "光伏装机 29.4万千瓦(2025)"
    assert table.iloc[0][t("ingest_col_review", "zh")] == "待审"
    assert table.iloc[0][t("ingest_col_problems", "zh")] == "单位、原文摘录"
    err = ValidationError([problem(None, "501-T001", "plan_row_invalid", row="501-T001", why="unit", fields=["unit"])])
    assert refusal(err, "zh") == [t("plan_row_invalid", "zh", row="501-T001", why="单位")]
    assert refusal(ValidationError([problem(None, "state", "plan_has_reports", plan="501", n=2)]), "en") == [
        "plan 501 cannot be withdrawn: 2 figures are reported against its targets"
    ]


def test_the_reason_speaks_the_readers_language_and_an_old_one_is_shown_as_written():
    stored = to_json(
        because("ingest_why_place_ending", ending="湿地")
        + because("ingest_why_in_unit", unit="泖港镇")
        + because("ingest_why_outside", region="苏州")
    )
    zh = reason_line(stored, "zh")
    assert zh == "提出理由:以“湿地”结尾的地名；据名称位于泖港镇；在辖区之外(苏州)"
    assert not re.search(r"[A-Za-z]", zh)  # no English on a Chinese page
    assert (
        reason_line(stored, "en") == "Why proposed: named place ending in 湿地; in 泖港镇 by its name; outside the "
        "jurisdiction (苏州)"
    )
    old = "number with unit %; year from '到2025年'"  # stored before reasons had keys
    assert reason_line(old, "zh") == t("ingest_reason", "zh", reason=old)


def test_the_fields_to_fix_are_listed_in_the_readers_language():
    from data.i18n import t
    from layers.ingest_review import field_words

    zh, en = field_words(["unit", "value"], "zh"), field_words(["unit", "value"], "en")
    assert zh == f"{t('ingest_field_unit', 'zh')}、{t('ingest_field_value', 'zh')}"
    assert en == f"{t('ingest_field_unit', 'en')}, {t('ingest_field_value', 'en')}"  # no Chinese 、 in English
