"""Checking one reported figure (shared by submit(), update_report() and uploads).

Values are stored in the target's own unit: a convertible unit (MW for a 万千瓦 target) is converted and the
figure as reported is kept in the audit log; an inconvertible one is refused.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time

from data import gazetteer_data as gaz
from data.reporting import targets as tg
from data.reporting.errors import Problem
from data.units import UNITS, convert, convertible

MAX_NOTE = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab, CR and LF are fine in a note
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


@dataclass(frozen=True)
class Figure:
    """A checked figure: value and unit are the target's; reported_* as the user gave them."""
    area_code: str
    target_id: str
    year: int
    value: float
    unit: str
    note: str
    reported_value: float
    reported_unit: str

    @property
    def key(self) -> tuple[str, str, int]:
        return self.target_id, self.area_code, self.year


def blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _text(v) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return unicodedata.normalize("NFKC", str(v)).strip()


def area_code(v) -> tuple[str | None, str | None]:
    """(9- or 6-digit gazetteer code, None) or (None, reason). 12-digit 统计用区划代码 are accepted too."""
    code = _text(v)
    if not re.fullmatch(r"\d{6}|\d{9}|\d{12}", code):
        return None, f"{code!r} is not a 6-, 9- or 12-digit area code"
    if len(code) == 12:
        towns = gaz.towns()
        hit = towns.index[towns["code12"] == code]
        if len(hit):
            return hit[0], None
        code = code[:6] if code.endswith("000000") else code
    if code not in gaz.known_codes():
        return None, f"unknown area code {code}"
    return code, None


def _not_number(v) -> str:
    if isinstance(v, (datetime, date)):
        return f"a date ({v:%Y-%m-%d}) is not a number"
    return f"{v} is not a number" if isinstance(v, (bool, time)) else f"{v!r} is not a number"


def number(v) -> tuple[float | None, str | None]:
    if isinstance(v, (bool, datetime, date, time)):
        return None, _not_number(v)
    if isinstance(v, (int, float)):
        f = float(v)
    else:
        s = _text(v).replace(" ", "")
        if _THOUSANDS.fullmatch(s):
            s = s.replace(",", "")
        if not _NUMBER.fullmatch(s):
            return None, f"{_text(v)!r} is not a number"
        f = float(s)
    if not math.isfinite(f):
        return None, f"{v!r} is not a finite number"
    return f, None


def year(v) -> tuple[int | None, str | None]:
    if isinstance(v, (bool, datetime, date, time)):
        return None, _not_number(v).replace("number", "year")
    s = _text(v)
    if not re.fullmatch(r"\d{4}", s):
        return None, f"{s!r} is not a year"
    return int(s), None


def check(rec: dict, actor, row: int | None = None, skip: frozenset[str] = frozenset(),
          owed: Collection[str] | None = None) -> tuple[Figure | None, list[Problem]]:
    """Check one figure (raw values from a form or a file cell: area_code, target_id, year, value, unit, note)
    for `actor`. `owed`: the target ids the area reports on (shares.owed_ids, which needs the store for the
    shares); without it (a check before the store is at hand) any target of the area or above it passes and
    the store-side check at commit decides. Returns (Figure, []) or (None, every problem). Fields in `skip`
    already have a problem."""
    bad: list[Problem] = []

    def problem(field: str, reason: str) -> None:
        bad.append(Problem(row, field, reason))

    code = None
    if "area_code" not in skip:
        if blank(rec.get("area_code")):
            problem("area_code", "empty")
        else:
            code, why = area_code(rec["area_code"])
            if why:
                problem("area_code", why)
            elif actor.role != "town_editor" or code != actor.area_code:
                problem("area_code", f"{code} is outside your area ({actor.area_code or 'none'}); "
                                     f"{actor.name} may only report for {actor.area_code or 'no area'}")
                code = None  # what another area owes is not this user's question

    target = None
    if "target_id" not in skip:
        tid = "" if blank(rec.get("target_id")) else _text(rec["target_id"])
        kind = tg.kind_of(tid)
        if not tid:
            problem("target_id", "empty")
        elif kind is None:
            problem("target_id", f"unknown target {tid!r}")
        elif kind != "target":
            problem("target_id", f"{tid} is a {kind} figure of the plan, not a target to report on")
        else:
            target = tg.get(tid)
            if code and not (target["area_code"] in gaz.lineage(code) if owed is None else tid in owed):
                bad.append(Problem(row, "target_id", f"{tid} is not among the targets {gaz.area_name(code)} ({code}) "
                                   "reports on (its own targets, its shares, and targets the plan assigns to it)",
                                   key="not_owed", params={"target": tid, "area": gaz.area_name(code)}))
                target = None

    yr = None
    if "year" not in skip:
        if blank(rec.get("year")):
            problem("year", "empty")
        else:
            yr, why = year(rec["year"])
            if why:
                problem("year", why)
            elif target is not None:
                lo, hi = tg.year_range(target)
                if not lo <= yr <= hi:
                    problem("year", f"{yr} is outside the reporting years {lo}–{hi} of target {target['id']}")
                    yr = None

    value = None
    if "value" not in skip:
        if blank(rec.get("value")):
            problem("value", "empty")
        else:
            value, why = number(rec["value"])
            if why:
                problem("value", why)

    unit = None
    if "unit" not in skip:
        unit = "" if blank(rec.get("unit")) else _text(rec["unit"])
        if not unit:
            problem("unit", "empty")
            unit = None
        elif unit not in UNITS:
            problem("unit", f"unknown unit {unit!r}")
            unit = None
        elif target is not None and not convertible(unit, target["unit"]):
            problem("unit", f"{unit!r} cannot be converted to the target's unit {target['unit']!r}")
            unit = None

    note = rec.get("note")
    note = "" if note is None else (note if isinstance(note, str) else _text(note))
    if "note" not in skip:
        if len(note) > MAX_NOTE:
            problem("note", f"longer than {MAX_NOTE} characters")
        elif _CONTROL.search(note):
            problem("note", "contains control characters")

    converted = None
    if target is not None and value is not None and unit is not None:
        converted = convert(value, unit, target["unit"])
        shown = f"{converted:g} {target['unit']}" + (f" (= {value:g} {unit})" if unit != target["unit"] else "")
        comparator = target["comparator"]
        if tg.is_percent(target) and comparator not in ("reduce_by", "increase_by") and not 0 <= converted <= 100:
            problem("value", f"{shown} is outside 0–100 %")
        elif tg.is_percent(target) and comparator == "reduce_by" and converted > 100:
            problem("value", f"a reduction of {shown} is over 100 %")
        elif converted < 0 and (comparator not in ("reduce_by", "increase_by")
                                or UNITS[target["unit"]][0] not in ("%", "percentage points")):
            problem("value", f"{shown} is negative, which is impossible for {target['indicator_zh']}")
        elif tg.is_percent(target) and converted < -100:
            problem("value", f"{shown} is below -100 %")

    if bad or skip:
        return None, bad
    return Figure(code, target["id"], yr, converted, target["unit"], note, value, unit), []
