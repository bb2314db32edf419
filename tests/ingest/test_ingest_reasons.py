"""A candidate's reason is keys of the string table with their parameters: every key the ingester gives on the
five seeds is in data/i18n.py in Chinese and English and fills in from the parameters it comes with; the Chinese
reason has no English words (only the plan's own words and codes as parameters); a reason stored as JSON reads the
same as the one made, and one stored as plain text before reasons had keys is shown as written."""

import re
import string

import pytest

from data import plan_data, plan_text
from data.i18n import STRINGS, t
from data.ingest.pipeline import ingest_path, ingest_text
from data.ingest.reasons import because, render, to_json

_LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture(scope="module")
def seed_reasons():
    plans = plan_data.load_plans()
    found = []
    for plan_id, plan in plans.iterrows():
        result = ingest_path(plan_text.plan_files()[plan_id], plan["jurisdiction_code"])
        found += [c.reason for c in result.targets + result.measures]
    return found


def _without_params(text: str, params: dict) -> str:
    for value in sorted(params.values(), key=len, reverse=True):
        text = text.replace(value, "")
    return text


@pytest.mark.seeds
def test_every_reason_on_the_seeds_is_in_the_table_and_fills_in_both_languages(seed_reasons):
    pieces = {(key, tuple(sorted(params.items()))) for reason in seed_reasons for key, params in reason}
    keys = {key for key, _ in pieces}
    assert len(seed_reasons) > 500 and all(seed_reasons) and len(keys) >= 25
    for key, items in pieces:
        params = dict(items)
        assert key.startswith("ingest_why_") and key in STRINGS, key
        for text in STRINGS[key]:
            assert {f for _, f, _, _ in string.Formatter().parse(text) if f} == set(params), key
        zh, en = t(key, "zh", **params), t(key, "en", **params)
        assert zh and en and zh != en
        assert not _LATIN.search(_without_params(zh, params)), zh  # no English left in the Chinese
    for reason in seed_reasons:
        zh = render(reason, "zh")
        assert zh.count("；") == len(reason) - 1 and render(to_json(reason), "zh") == zh
        assert render(to_json(reason), "en") == render(reason, "en") != zh


def test_the_plans_words_stay_as_written_in_both_languages():
    found = ingest_text("二、重点任务\n(一)测试\n到2025年,光伏装机容量不少于29.4万千瓦。", "310117").targets
    c = next(c for c in found if c.value == 29.4)
    assert c.reason == (
        because("ingest_why_unit", unit="万千瓦")
        + because("ingest_why_comparator", word="不少于")
        + because("ingest_why_year", words="到2025年")
    )
    assert render(c.reason, "zh") == "数值与单位 万千瓦；比较词“不少于”；年份取自“到2025年”"
    assert render(c.reason, "en") == "number with unit 万千瓦; comparator from “不少于”; year from “到2025年”"


def test_a_reason_stored_before_reasons_had_keys_is_shown_as_written():
    old = "number with unit %; comparator from '不少于'; year from '到2025年'"
    assert render(old, "zh") == old == render(old, "en")
    assert render('[["no_such_key", {}]]', "zh") == '[["no_such_key", {}]]'  # not ours: as stored
    assert render(None, "zh") == ""
