"""Numbers for people: sensible rounding, thousands separators, never 3.55271e-15."""

from __future__ import annotations

import math

SIGNIFICANT = 4  # digits kept for values; enough for 1.379 万千瓦 and 29.4, no noise from float sums
MISSING = "–"


def _blank(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def fmt(v, significant: int = SIGNIFICANT) -> str:
    """1.379, 29.4, 3,500, 0.35; a value within 1e-9 of zero is 0; None/NaN is "–"."""
    if _blank(v):
        return MISSING
    v = float(v)
    if abs(v) < 1e-9:
        return "0"
    decimals = min(max(significant - 1 - math.floor(math.log10(abs(v))), 0), 6)
    text = f"{v:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fmt_beyond(value: float, bound: float) -> str:
    """`value` with as many significant digits as it takes not to read as `bound` (a file one byte over a 5 MB
    limit is 5.000001 MB, not "5 MB, over the limit of 5 MB")."""
    for digits in range(SIGNIFICANT, 10):
        text = fmt(value, digits)
        if text != fmt(bound, digits):
            return text
    return text


def fmt_value(v, unit: str) -> str:
    """fmt, except that a value in years is a year or a span, never grouped: 达峰年份 2025, not 2,025."""
    return fmt(v).replace(",", "") if unit == "年" else fmt(v)


def fmt_amount(v, unit: str) -> str:
    """ "1.379 万千瓦", "95 %", "2025 年"."""
    return f"{fmt_value(v, unit)} {unit}".strip() if not _blank(v) else MISSING


def fmt_share(share) -> str:
    """A progress share (1.0 = the target) as a whole percentage: "152 %"."""
    return MISSING if _blank(share) else f"{round(float(share) * 100):,} %"


def rounding_decimals(*values: float) -> int:
    """Decimals to show a sum of these values at their own precision (at most 4), e.g. allocations."""

    def places(v: float) -> int:
        text = fmt(v)
        return len(text.split(".")[1]) if "." in text else 0

    return min(max([places(v) for v in values if not _blank(v)] + [0]), 4)
