"""Checking one reported figure (shared by submit(), update_report() and uploads).

Values are stored in the target's own unit: a convertible unit (MW for a 万千瓦 target) is converted and the
figure as reported is kept in the audit log; an inconvertible one is refused. Every problem names its
string-table key (data/i18n.py, err_*), so the page says it in the reader's language.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection
from dataclasses import dataclass

from data import figures
from data import gazetteer_data as gaz
from data.figures import Why, number, text, year
from data.reporting import targets as tg
from data.reporting.errors import Problem, problem
from data.units import UNITS

MAX_NOTE = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab, CR and LF are fine in a note


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


# The plan data and the gazetteer are fixed for the life of the process (their loaders are cached), so the
# per-row lookups an upload of thousands of rows makes are answered from these, not from pandas each time.
@functools.cache
def _known_codes() -> frozenset[str]:
    return frozenset(gaz.known_codes())


@functools.cache
def _plan_target(target_id: str) -> dict | None:
    return tg.get(target_id)


@functools.cache
def _years(target_id: str) -> tuple[int, int]:
    return tg.year_range(_plan_target(target_id))


def blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def area_code(v) -> tuple[str | None, Why | None]:
    """(9- or 6-digit gazetteer code, None) or (None, why). 12-digit 统计用区划代码 are accepted too."""
    code = text(v)
    if not re.fullmatch(r"\d{6}|\d{9}|\d{12}", code):
        return None, ("err_area_malformed", {"code": code})
    if len(code) == 12:
        towns = gaz.towns()
        hit = towns.index[towns["code12"] == code]
        if len(hit):
            return hit[0], None
        code = code[:6] if code.endswith("000000") else code
    if code not in _known_codes():
        return None, ("err_area_unknown", {"code": code})
    return code, None


class _Checks:
    """The problems found in one figure, each tied to its row and field."""

    def __init__(self, row: int | None):
        self.row, self.found = row, []

    def add(self, field: str, key: str, **params) -> None:
        self.found.append(problem(self.row, field, key, **params))

    def why(self, field: str, why: Why) -> None:
        self.add(field, why[0], **why[1])


def _area(rec: dict, actor, c: _Checks) -> str | None:
    if blank(rec.get("area_code")):
        return c.add("area_code", "err_empty")
    code, why = area_code(rec["area_code"])
    if why:
        return c.why("area_code", why)
    if actor.role != "town_editor" or code != actor.area_code:
        mine = actor.area_code or "none"
        return c.add(
            "area_code", "err_outside_area", code=code, area=mine, name=actor.name, may=actor.area_code or "no area"
        )  # what another area owes is not this user's question
    return code


def _target(rec: dict, code: str | None, owed: Collection[str] | None, c: _Checks) -> dict | None:
    tid = "" if blank(rec.get("target_id")) else text(rec["target_id"])
    kind = tg.kind_of(tid)
    if not tid:
        return c.add("target_id", "err_empty")
    if kind is None:
        return c.add("target_id", "err_target_unknown", target=tid)
    if kind != "target":
        return c.add("target_id", "err_target_kind", target=tid, kind=kind)
    target = _plan_target(tid)
    if code and not (target["area_code"] in gaz.lineage(code) if owed is None else tid in owed):
        return c.add("target_id", "err_not_owed", target=tid, area=gaz.area_name(code), code=code)
    return target


def _year(rec: dict, target: dict | None, c: _Checks) -> int | None:
    if blank(rec.get("year")):
        return c.add("year", "err_empty")
    yr, why = year(rec["year"])
    if why:
        return c.why("year", why)
    if target is not None:
        lo, hi = _years(target["id"])
        if not lo <= yr <= hi:
            return c.add("year", "err_year_range", year=yr, lo=lo, hi=hi, target=target["id"])
    return yr


def _value(rec: dict, c: _Checks) -> float | None:
    if blank(rec.get("value")):
        return c.add("value", "err_empty")
    value, why = number(rec["value"])
    return c.why("value", why) if why else value


def _unit(rec: dict, target: dict | None, c: _Checks) -> str | None:
    unit = "" if blank(rec.get("unit")) else text(rec["unit"])
    if not unit:
        return c.add("unit", "err_empty")
    if unit not in UNITS:
        return c.add("unit", "err_unit_unknown", unit=unit)
    why = figures.unit_problem(unit, target["unit"]) if target is not None else None
    return c.why("unit", why) if why else unit


def _note(rec: dict, c: _Checks, skip: frozenset[str]) -> str:
    note = rec.get("note")
    note = "" if note is None else (note if isinstance(note, str) else text(note))
    if "note" not in skip:
        if len(note) > MAX_NOTE:
            c.add("note", "err_note_long", n=MAX_NOTE)
        elif _CONTROL.search(note):
            c.add("note", "err_note_control")
    return note


def _in_range(target: dict, value: float, unit: str, c: _Checks) -> float:
    converted, why = figures.in_range(target, value, unit)
    if why:
        c.why("value", why)
    return converted


def check(
    rec: dict, actor, row: int | None = None, skip: frozenset[str] = frozenset(), owed: Collection[str] | None = None
) -> tuple[Figure | None, list[Problem]]:
    """Check one figure (raw values from a form or a file cell: area_code, target_id, year, value, unit, note)
    for `actor`. `owed`: the target ids the area reports on (shares.owed_ids, which needs the store for the
    shares); without it (a check before the store is at hand) any target of the area or above it passes and
    the store-side check at commit decides. Returns (Figure, []) or (None, every problem). Fields in `skip`
    already have a problem."""
    c = _Checks(row)
    code = _area(rec, actor, c) if "area_code" not in skip else None
    target = _target(rec, code, owed, c) if "target_id" not in skip else None
    yr = _year(rec, target, c) if "year" not in skip else None
    value = _value(rec, c) if "value" not in skip else None
    unit = _unit(rec, target, c) if "unit" not in skip else None
    note = _note(rec, c, skip)
    converted = _in_range(target, value, unit, c) if None not in (target, value, unit) else None
    if c.found or skip:
        return None, c.found
    return Figure(code, target["id"], yr, converted, target["unit"], note, value, unit), []
