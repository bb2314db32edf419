"""Numbers for people and the one reporting year."""

from datetime import date

import pytest

from data import numbers, years


@pytest.mark.parametrize(
    "value,text",
    [
        (1.379, "1.379"),
        (2.6792, "2.679"),
        (29.4, "29.4"),
        (3500, "3,500"),
        (0.35, "0.35"),
        (3.55271e-15, "0"),
        (-3.55271e-15, "0"),
        (152.17, "152.2"),
        (1234567.8, "1,234,568"),
        (None, "–"),
        (float("nan"), "–"),
        (-2.5, "-2.5"),
        (0.5077, "0.5077"),
    ],
)
def test_fmt(value, text):
    assert numbers.fmt(value) == text


def test_shares_and_decimals():
    assert numbers.fmt_share(1.5217) == "152 %" and numbers.fmt_share(None) == "–"
    assert numbers.fmt_amount(1.379, "万千瓦") == "1.379 万千瓦"
    assert numbers.fmt_amount(2025, "年") == "2025 年" and numbers.fmt_value(2025, "年") == "2025"  # 达峰年份
    assert numbers.fmt_value(3500, "万千瓦") == "3,500"
    assert numbers.rounding_decimals(29.4, 1.379, 2.6792) == 3


@pytest.mark.parametrize(
    ("value", "bound", "text"),
    [
        (6, 5, "6"),
        (5 + 1 / 2**20, 5, "5.000001"),
        (20.01, 20, "20.01"),
        (20.0004, 20, "20.0004"),
        (0.0012, 0.001, "0.0012"),
    ],
)
def test_a_size_over_a_limit_never_reads_as_the_limit(value, bound, text):
    assert numbers.fmt_beyond(value, bound) == text


def test_reporting_year_is_last_full_year_within_the_plans():
    assert years.reporting_year(date(2026, 12, 2)) == 2025
    assert years.reporting_year(date(2019, 6, 1)) == years.FIRST_YEAR
    assert years.reporting_year(date(2050, 1, 1)) == years.LAST_YEAR
    assert years.parse_year("2024") == 2024
    for junk in ("²", "9" * 5000, "二〇二四", "", None, "1999", "2040"):
        assert years.parse_year(junk, 2025) == 2025
