"""The ingester's one door to the gazetteer (data/divisions.py, every unit of China down to towns): whether a
jurisdiction exists, its name, and where a text names its towns — for a city's plan also its districts."""

from __future__ import annotations

import functools

from data import divisions
from data.divisions import Division, occurrences, strip_ending

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
        bare = strip_ending(county.name, divisions.COUNTY_ENDINGS)
        names.append((county.name, county))
        if len(bare) >= 2 and bare != county.name:
            names.append((bare, county))
    return sorted(names, key=lambda p: -len(p[0]))


@functools.cache
def _name_starts(county_code: str) -> frozenset[str]:
    """The first two characters of every town name of a county (a bare name starts as its full name does)."""
    return frozenset(t.name[:2] for t in divisions.towns_of(county_code))


_ALIASES = (("经济技术开发区", "经开区"), ("经济开发区", "经开区"), ("高新技术产业开发区", "高新区"))


@functools.cache
def _alias_names(county_code: str) -> tuple[tuple[str, Division], ...]:
    out = []
    for town in divisions.towns_of(county_code):
        for long, short in _ALIASES:
            if town.name.endswith(long):
                out.append((town.name[: -len(long)] + short, town))
                break
    return tuple(out)


def _aliases(county_code: str, text: str) -> list[tuple[int, int, Division]]:
    """Towns that are development zones, by their usual short names (雨花经济开发区 → 雨花经开区)."""
    return [(i, i + len(alias), town) for alias, town in _alias_names(county_code) for i in occurrences(text, alias)]


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
                if name != county.name and text.startswith(_NOT_AFTER_DISTRICT, i + len(name)):
                    blocked.append((i, i + len(name) + 1))
                else:
                    found.append((i, i + len(name), county))
                i = text.find(name, i + 1)
    bigrams = {text[i : i + 2] for i in range(len(text) - 1)}
    for county in counties:
        if not bigrams & _name_starts(county.code):
            continue  # no town of this county can be named here (match_places is the costly step)
        for t, s, e in divisions.match_places(county.code, text):
            if not any(s < b_end and b_start < e for b_start, b_end in blocked):
                found.append((s, e, t))
        found += _aliases(county.code, text)
    out: list[tuple[Division, int, int]] = []
    for start, end, unit in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]))):
        if not out or start >= out[-1][2]:
            out.append((unit, start, end))
    return out


_NATURE = tuple("湾江河湖海山")
_REGION_ENDINGS = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "地区",
    "省",
    "市",
    "盟",
)


@functools.cache
def _regions_elsewhere(code: str) -> frozenset[str]:
    """Bare names of the provinces and cities that are neither the jurisdiction, above it nor below it."""
    mine = {code, *(p.code for p in divisions.parents(code))}
    names = set()
    for d in divisions.all_units():
        if d.level in ("province", "city") and d.code not in mine and d.parent not in mine and d.parent != code:
            bare = strip_ending(d.name, _REGION_ENDINGS)
            names.add(bare if len(bare) >= 2 else d.name)
    own = {strip_ending(u.name, _REGION_ENDINGS) for u in [divisions.get(code), *divisions.parents(code)] if u}
    return frozenset(names - own)


def elsewhere(code: str, name: str) -> str:
    """The province or city outside the jurisdiction a place's name starts with (苏州吴江片区 in 嘉兴's plan), or ""."""
    regions = _regions_elsewhere(code)
    found = next((name[:k] for k in (4, 3, 2) if name[:k] in regions), "")
    return "" if name[len(found) : len(found) + 1] in _NATURE else found  # 杭州湾 is a bay, not 杭州
