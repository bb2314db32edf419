"""China's administrative divisions down to the township level: every province, city, county-level unit and
township-level unit (街道, 镇, 乡, other) by the 国家统计局 2023 统计用区划代码, with the standard map's counties
(data/gazetteer/divisions_2023.csv, derived by data/divisions_build.py; its source and licence in
data/gazetteer/SOURCE.md).

Names and codes only — no geometry. data/gazetteer_data.py keeps what only the five plans' areas have (English
names, town seats); its codes and names agree with this table (tests/test_divisions.py). Loaded once, on first
use."""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path
from sys import intern

DIVISIONS_FILE = Path(__file__).resolve().parent / "gazetteer" / "divisions_2023.csv"
LEVELS = ("province", "city", "county", "town")
TOWN_KINDS = ("街道", "镇", "乡", "其他")


@dataclass(frozen=True, slots=True)
class Division:
    code: str  # 6 digits (province xx0000, city xxxx00, county), 9 digits for a township-level unit
    name: str
    level: str  # one of LEVELS
    kind: str  # a town's: one of TOWN_KINDS; "" above towns
    parent: str  # "" for a province
    source: str = ""  # "" NBS 2023; "nbs" a county without an outline on the standard map; "map" the reverse
    same_as: str = ""  # a "map" county's NBS 2023 code when its code changed since (its towns are there)


Town = Division  # a township-level Division: code, name, kind (街道/镇/乡/其他), parent county


class _Table:
    def __init__(self, rows: list[Division]):
        self.by_code = {d.code: d for d in rows}
        self.children: dict[str, list[Division]] = {}
        for d in rows:  # rows are in code order, so children are too
            if d.parent:
                self.children.setdefault(d.parent, []).append(d)


@functools.cache
def _table() -> _Table:
    with DIVISIONS_FILE.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        # the repeated fields shared (a county's code is every one of its towns' parent): 23 -> 14 MB
        rows = [Division(c, n, intern(lv), intern(k), intern(p), intern(s), a) for c, n, lv, k, p, s, a in reader]
        return _Table(rows)


def get(code: str) -> Division | None:
    """The unit with this code (6 or 9 digits), or None — also for anything that is not a code at all (without
    reading the file: the area chooser's empty code, a hostile link's long value)."""
    if not isinstance(code, str) or len(code) not in (6, 9) or not code.isdigit():
        return None
    return _table().by_code.get(code)


def is_valid(code: str) -> bool:
    return get(code) is not None


def children(code: str) -> list[Division]:
    """Units one level down: a province's cities (or, under 市辖区, its counties), a city's counties, a county's
    towns; a county whose code changed since 2023 (same_as) answers with the towns under its NBS code."""
    d = get(code)
    if d is None:
        return []
    return list(_table().children.get(d.same_as or d.code, []))


def towns_of(county_code: str) -> list[Town]:
    """The township-level units of a county-level unit, in code order; [] for anything else."""
    d = get(county_code)
    if d is None or d.level != "county":
        return []
    return children(county_code)


def parents(code: str) -> list[Division]:
    """Every unit above `code`, nearest first (town → county → city → province)."""
    out: list[Division] = []
    d = get(code)
    while d is not None and d.parent:
        d = get(d.parent)
        if d is not None:
            out.append(d)
    return out


def all_units() -> list[Division]:
    """Every unit, in code order."""
    return list(_table().by_code.values())


def counties() -> list[Division]:
    return [d for d in _table().by_code.values() if d.level == "county"]


def search(query: str, limit: int = 20, levels: tuple[str, ...] = LEVELS, within: str | None = None) -> list[Division]:
    """Units whose name contains `query` (or whose code starts with it): exact names first, then names that
    start with it, then the rest; higher levels before lower, then by code. `within`: only units below that
    code."""
    q = query.strip()
    if not q or limit <= 0:
        return []
    rank = {lv: i for i, lv in enumerate(LEVELS)}
    found = []
    for d in _table().by_code.values():
        if d.level not in levels:
            continue
        if q in d.name:
            how = 0 if d.name == q else 1 if d.name.startswith(q) else 2
        elif q.isdigit() and d.code.startswith(q):
            how = 0 if d.code == q else 1
        else:
            continue
        if within is None or within in (p.code for p in parents(d.code)):
            found.append((how, rank[d.level], d.code, d))
    found.sort(key=lambda x: x[:3])
    return [x[3] for x in found[:limit]]


def label(code: str) -> str:
    """Name with the units above it, nearest first ("玄武区 · 南京市 · 江苏省"): many names repeat (东区, 城关镇)."""
    d = get(code)
    if d is None:
        return code
    return " · ".join([d.name] + [p.name for p in parents(code)])


# ---- naming towns in a text (used by the plan ingester) ----

# endings a town's name is also written without ("车墩镇" → "车墩"), longest first
TOWN_ENDINGS = ("街道办事处", "民族苏木", "民族乡", "办事处", "街道", "苏木", "镇", "乡")
COUNTY_ENDINGS = ("自治县", "自治旗", "新区", "林区", "特区", "区", "县", "市", "旗")
# a bare name followed by one of these is another thing: a road, a village, another administrative unit
NOT_AFTER_BARE = ("路", "街", "巷", "弄", "大道", "公路", "村", "社区", "小区", "区", "县", "市", "省", "州")
# bare names that are everyday words or other places far more often than the town (中山路, 建设项目, 山东省)
_GENERIC_WORDS = (
    "城关 城区 城南 城北 城东 城西 城中 东城 西城 南城 北城 新城 老城 中心 中山 人民 "
    "解放 建设 和平 胜利 红旗 东风 光明 幸福 新华 团结 前进 友谊 民主 文化 花园 东方 "
    "新区 新村 新街 农场 林场 开发 工业 经济 高新 市场 新民 新兴 兴隆 复兴 长江 黄河 "
    "江南 江北 河东 河西 东山 西山 南山 北山 东湖 西湖 南湖 北湖 滨江 滨湖 滨海 中华 "
    "太平 永安 长安 新安 北京 上海 天津 重庆 河北 山西 辽宁 吉林 江苏 浙江 安徽 福建 "
    "江西 山东 河南 湖北 湖南 广东 广西 海南 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 "
    "新疆 "
)
GENERIC_BARE = frozenset(_GENERIC_WORDS.split())


def strip_ending(name: str, endings: tuple[str, ...]) -> str:
    """秀洲区 → 秀洲: the name without the first of `endings` it ends with (kept whole when nothing would remain)."""
    for e in endings:
        if name.endswith(e) and len(name) > len(e):
            return name[: -len(e)]
    return name


def _bare_names(county_code: str, towns: list[Town]) -> dict[str, Town]:
    """Each town's name without its ending, where that is safe: two characters at least, not an everyday word,
    not a road's name, not the bare name of the county or a unit above it, and one town's only."""
    above = {strip_ending(d.name, COUNTY_ENDINGS) for d in [get(county_code), *parents(county_code)] if d}
    above |= {strip_ending(d.name, ("省", "自治区", "特别行政区")) for d in parents(county_code)}
    seen: dict[str, list[Town]] = {}
    for town in towns:
        bare = strip_ending(town.name, TOWN_ENDINGS)
        safe = bare != town.name and len(bare) >= 2 and bare not in GENERIC_BARE and bare not in above
        if safe and not bare.endswith(("路", "街", "道")):
            seen.setdefault(bare, []).append(town)
    return {bare: ts[0] for bare, ts in seen.items() if len(ts) == 1}


@functools.cache
def _names_of(county_code: str) -> tuple[tuple[str, Town, bool], ...]:
    """(name, town, whether it is a bare name) for every way the county's towns are looked for."""
    towns = towns_of(county_code)
    full = [(t.name, t, False) for t in towns]
    return tuple(full + [(bare, t, True) for bare, t in _bare_names(county_code, towns).items()])


def occurrences(text: str, word: str):
    """Every position of `word` in `text`, in order (overlapping ones too)."""
    i = text.find(word)
    while i >= 0:
        yield i
        i = text.find(word, i + 1)


def match_places(county_code: str, text: str) -> list[tuple[Town, int, int]]:
    """Where `text` names towns of the county: (town, start, end) with text[start:end] the name as written, in
    text order, never overlapping (the longest name wins where two overlap). A full name ("车墩镇", "岳阳街道")
    counts wherever it stands; a bare one ("车墩") only where it is safe (see _bare_names) and not followed by
    what makes it another thing ("新桥路", "南湖区")."""
    found = []
    for word, town, bare in _names_of(county_code):
        for i in occurrences(text, word):
            if not (bare and text.startswith(NOT_AFTER_BARE, i + len(word))):
                found.append((i, -len(word), town))
    out: list[tuple[Town, int, int]] = []
    for start, neg_len, town in sorted(found, key=lambda f: (f[0], f[1])):
        if not out or start >= out[-1][2]:
            out.append((town, start, start - neg_len))
    return out
