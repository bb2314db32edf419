"""The rules every reported figure obeys, wherever it comes from (the form, an upload, the illustrative
sample): a number, a year, a unit that converts to the target's, and a value the target's unit allows (a
share within 0–100 %, no negative count …). Each answer is a string-table key and its parameters (Why), so
callers word it in their own place and language. Add a rule for figures here."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, time

from data.units import UNITS, convert, convertible

_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
Why = tuple[str, dict]  # (string-table key, its parameters)
RELATIVE = ("reduce_by", "increase_by")


def text(v) -> str:
    """A cell or form value as text: full-width forms folded, 3.0 written 3."""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return unicodedata.normalize("NFKC", str(v)).strip()


def _not_a(v, what: str) -> Why:
    """what: "number" or "year"."""
    if isinstance(v, (datetime, date)):
        return f"err_date_not_{what}", {"date": f"{v:%Y-%m-%d}"}
    return f"err_not_{what}", {"shown": str(v) if isinstance(v, (bool, time)) else repr(v)}


def number(v) -> tuple[float | None, Why | None]:
    if isinstance(v, (bool, datetime, date, time)):
        return None, _not_a(v, "number")
    if isinstance(v, (int, float)):
        f = float(v)
    else:
        s = text(v).replace(" ", "")
        if _THOUSANDS.fullmatch(s):
            s = s.replace(",", "")
        if not _NUMBER.fullmatch(s):
            return None, _not_a(text(v), "number")
        f = float(s)
    if not math.isfinite(f):
        return None, ("err_not_finite", {"shown": repr(v)})
    return f, None


def year(v) -> tuple[int | None, Why | None]:
    if isinstance(v, (bool, datetime, date, time)):
        return None, _not_a(v, "year")
    s = text(v)
    if not re.fullmatch(r"\d{4}", s):
        return None, _not_a(s, "year")
    return int(s), None


def unit_problem(unit: str, target_unit: str) -> Why | None:
    if unit not in UNITS:
        return "err_unit_unknown", {"unit": unit}
    if not convertible(unit, target_unit):
        return "err_unit_mismatch", {"unit": unit, "target_unit": target_unit}
    return None


def is_percent(target: dict) -> bool:
    return UNITS.get(target["unit"], ("",))[0] == "%"


def in_range(target: dict, value: float, unit: str) -> tuple[float, Why | None]:
    """The value in the target's unit, and why it cannot be (a share over 100 %, a negative count …) or None."""
    converted = convert(value, unit, target["unit"])
    shown = f"{converted:g} {target['unit']}" + (f" (= {value:g} {unit})" if unit != target["unit"] else "")
    comparator = target["comparator"]
    relative = comparator in RELATIVE
    if is_percent(target) and not relative and not 0 <= converted <= 100:
        return converted, ("err_percent_range", {"shown": shown})
    if is_percent(target) and comparator == "reduce_by" and converted > 100:
        return converted, ("err_reduction_range", {"shown": shown})
    if converted < 0 and (not relative or UNITS[target["unit"]][0] not in ("%", "percentage points")):
        return converted, ("err_negative", {"shown": shown, "indicator": target["indicator_zh"]})
    if is_percent(target) and converted < -100:
        return converted, ("err_below_minus_100", {"shown": shown})
    return converted, None
