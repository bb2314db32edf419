"""The ingester's one door to the gazetteer: a jurisdiction's name, and the towns (or a city's districts) whose
names a plan may use. It reads data/gazetteer_data.py (the five plans' areas) today; when the national gazetteer
(data/divisions.py, towns_of) lands, _towns switches to it in one line."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from data import gazetteer_data

_SUFFIX = re.compile(r"(街道|镇|乡|新区|区|县|市)$")


@dataclass(frozen=True)
class Town:
    code: str
    name: str
    kind: str


def jurisdiction_name(code: str) -> str | None:
    return gazetteer_data.area_name(code) if code in gazetteer_data.districts().index else None


def _towns(code: str) -> list[Town]:
    t = gazetteer_data.towns()
    rows = t[t["parent_code"] == code]
    return [Town(r.code, r.name, r.kind) for r in rows.itertuples()]


@functools.cache
def areas_within(code: str) -> tuple[Town, ...]:
    """The towns of a county; for a city its districts and their towns (districts first)."""
    d = gazetteer_data.districts()
    if code in d.index and d.loc[code, "level"] == "city":
        districts = [Town(c, d.loc[c, "name"], "district") for c in gazetteer_data.children(code)]
        return tuple(districts + [t for x in districts for t in _towns(x.code)])
    return tuple(_towns(code))


def short_name(name: str) -> str:
    """车墩镇 → 车墩, 秀洲区 → 秀洲, 浦东新区 → 浦东; a name that would be shorter than two characters stays whole."""
    short = _SUFFIX.sub("", name)
    return short if len(short) >= 2 else name


@functools.cache
def name_index(code: str) -> tuple[tuple[str, Town], ...]:
    """(name as a plan may write it, area), longest names first, full names before short ones."""
    pairs = {}
    for town in areas_within(code):
        pairs.setdefault(town.name, town)
    for town in areas_within(code):
        pairs.setdefault(short_name(town.name), town)
    return tuple(sorted(pairs.items(), key=lambda p: -len(p[0])))
