"""The ingester's one door to the gazetteer (data/divisions.py, every unit of China down to towns): whether a
jurisdiction exists, its name, and where a text names its towns — for a city's plan also its districts."""

from __future__ import annotations

import functools

from data import divisions
from data.divisions import Division

JURISDICTION_LEVELS = ("province", "city", "county")
_NOT_AFTER_DISTRICT = ("江", "河", "湖", "路", "街", "区", "县", "市", "港区")


def jurisdiction_name(code: str) -> str | None:
    unit = divisions.get(code)
    return unit.name if unit is not None and unit.level in JURISDICTION_LEVELS else None


@functools.cache
def counties_within(code: str) -> tuple[Division, ...]:
    """The county-level units a plan may name: the jurisdiction itself for a county, else those below it."""
    unit = divisions.get(code)
    if unit is None or unit.level == "county":
        return (unit,) if unit else ()
    out, todo = [], divisions.children(code)
    while todo:
        d = todo.pop(0)
        if d.level == "county":
            out.append(d)
        elif d.level == "city":
            todo += divisions.children(d.code)
    return tuple(out)


def _district_names(code: str) -> list[tuple[str, Division]]:
    names = []
    for county in counties_within(code):
        bare = divisions._strip(county.name, divisions.COUNTY_ENDINGS)
        names.append((county.name, county))
        if len(bare) >= 2 and bare != county.name:
            names.append((bare, county))
    return sorted(names, key=lambda p: -len(p[0]))


def places_named(code: str, text: str) -> list[tuple[Division, int, int]]:
    """(unit, start, end) for every town — and in a city's plan every district — the text names, in text order,
    never overlapping (the longer name wins)."""
    found: list[tuple[int, int, Division]] = []
    blocked: list[tuple[int, int]] = []  # 黄浦 of 黄浦江: neither the district nor the town 浦江(镇) inside it
    counties = counties_within(code)
    if len(counties) > 1:
        for name, county in _district_names(code):
            i = text.find(name)
            while i >= 0:
                if text.startswith(_NOT_AFTER_DISTRICT, i + len(name)):
                    blocked.append((i, i + len(name) + 1))
                else:
                    found.append((i, i + len(name), county))
                i = text.find(name, i + 1)
    for county in counties:
        for t, s, e in divisions.match_places(county.code, text):
            if not any(s < b_end and b_start < e for b_start, b_end in blocked):
                found.append((s, e, t))
    out: list[tuple[Division, int, int]] = []
    for start, end, unit in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]))):
        if not out or start >= out[-1][2]:
            out.append((unit, start, end))
    return out
