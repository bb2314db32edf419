"""Where a sentence names places: named places by their endings (place_words.py) placed in the town or district
their name starts with, towns and (in a city's plan) districts from the gazetteer, names written right after
their town (中山街道郭家娄), and the items of an enumeration that the text calls places (长江口、杭州湾北岸、南汇东滩
等重点区域). Each with a confidence and the reason."""

from __future__ import annotations

import re
from typing import NamedTuple

from data.divisions import Division
from data.ingest.gazetteer import counties_within, elsewhere, places_named
from data.ingest.place_words import ALONG, ENDINGS, STRONG, has_verb, is_generic, named_places, strip_leading
from data.ingest.reasons import Reason, because
from data.ingest.targets import PROPOSED

LISTED = 0.55
_ENDS_PLACE = re.compile("(" + "|".join(ENDINGS) + ")$")
_BARE = because("ingest_why_bare_name")
# what stands between two items of a list: a mark, maybe a qualifier (雨花段) or one more short item (奉贤、南汇和金山)
_LIST_GAP = re.compile(r"([(（][^()（）]{1,8}[)）])?[、和及与]([\u4e00-\u9fff]{1,4}[、和及与])?")
_AFTER_BREAKS = "和|及|、|,|，|的|等|低碳|零碳|建设|创建|列入|入选|入围|获得|成功"
_NAME_AFTER_UNIT = re.compile(r"[\u4e00-\u9fff]{2,6}?(?=" + _AFTER_BREAKS + ")")
_VERB_START = re.compile(
    r"加快|推进|推动|打造|建设|实施|开展|围绕|依托|为|的|等|和|及|以|在|将|把|要|应|全面|率先|积极"
)
# "A、B和C等重点区域": the items of a list the text itself calls places of a kind
_ENUMERATION = re.compile(
    r"([^、，。；,;:：]{2,16}(?:[、和及][^、，。；,;:：]{2,16}){1,8})等(?:重点|重大|相关)?"
    r"(区域|地区|片区|板块|园区|湿地|海域|枢纽|廊道|生态空间|地)"
)


class Found(NamedTuple):
    name: str
    start: int
    end: int
    place_type: str
    unit: Division | None
    confidence: float
    reason: Reason


def _along(text: str, name_end: int, ending: str) -> bool:
    """A river, line or lake named after a town (圭塘河, 圭塘河湿地公园) runs through more than the town."""
    return ending in ALONG or text.startswith(ALONG, name_end)


def _by_ending(text: str, units: list) -> tuple[list[Found], list[tuple[int, int]]]:
    """The places named by their endings, and the spans they take as written (before a town's name is cut off)."""
    out, taken = [], []
    for _name, start, end, (ptype, ending), (confidence, why) in named_places(text):
        if any(us < end < ue for _, us, ue in units):
            continue  # the ending cuts through a town's name (桐乡市河|山镇)
        inside = [
            (u, us)
            for u, us, ue in units
            if start <= us < end and (u.level == "county" or not _along(text, ue, ending))
        ]
        unit, at = min(inside, key=lambda x: (x[0].level != "town", x[1])) if inside else (None, start)
        taken.append((start, end))
        if at - start >= 4 and _ENDS_PLACE.search(text[start:at]):
            start = at  # 长三角生态绿色一体化发展示范区嘉善片区: the place is 嘉善片区
        name_end = next((ue for _, us, ue in units if us == at), start)
        if unit is not None and ending == "地区" and at == start and name_end == end - len(ending):
            why = because("ingest_why_unit_as_area", unit=unit.name)
            out.append(Found(text[start:name_end], start, name_end, "town", unit, 0.75, why))
            continue  # 高桥地区: the place is the town 高桥
        if unit is not None:
            confidence = 0.75
            why = because("ingest_why_place_ending", ending=ending) + because("ingest_why_in_unit", unit=unit.name)
            if ending in STRONG and text.startswith(unit.name, start) and end - start - len(unit.name) >= 3:
                start += len(unit.name)  # 方松街道泰晤士小镇: the place is 泰晤士小镇, in 方松街道
        out.append(Found(text[start:end], start, end, ptype, unit, confidence, why))
    return out, taken


def _after_unit(text: str, end: int) -> tuple[int, int] | None:
    """The span of a name written right after a unit's full name: a quoted one, or a short one up to a break."""
    if text.startswith("“", end) and 0 < (close := text.find("”", end)) - end <= 24:
        return end + 1, close
    m = _NAME_AFTER_UNIT.match(text, end)
    if m and not _VERB_START.match(m.group()) and not is_generic(m.group()):
        return m.start(), m.end()
    return None


def _by_gazetteer(text: str, units: list, taken: list[tuple[int, int]], several: bool) -> list[Found]:
    out: list[Found] = []
    for i, (unit, start, end) in enumerate(units):
        if any(s <= start < e for s, e in taken) or (out and start < out[-1].end):
            continue
        nxt = units[i + 1] if i + 1 < len(units) else None
        if unit.level == "county" and nxt and nxt[1] == end and nxt[0].level == "town":
            # a town written with its county: 桐乡市河山镇 is the town 河山镇, 桐乡乌镇 one name
            town, t_start, t_end = nxt
            n_start = t_start if text[start:end] == unit.name else start
            why = because("ingest_why_town", name=town.name, code=town.code)
            out.append(Found(text[n_start:t_end], n_start, t_end, "town", town, 0.8, why))
            continue
        full = text[start:end] == unit.name
        if full and (unit.level == "town" or several) and (after := _after_unit(text, end)):
            a_start, a_end = after  # 中山街道郭家娄, 南湖区世合理想大地: the place is the name after its unit
            why = because("ingest_why_named_after", name=unit.name, code=unit.code)
            out.append(Found(text[a_start:a_end], a_start, a_end, "project_site", unit, 0.6, why))
            continue
        # in a city's plan a bare name (石化 of 石化街道, 桐乡 of 桐乡市) is often a word: only a list makes it a place
        confidence = 0.8 if full else 0.45 if several else 0.7
        ptype = "street" if unit.kind == "街道" else "district_area" if unit.level == "county" else "town"
        named = because(
            "ingest_why_district_named" if unit.level == "county" else "ingest_why_town_named",
            name=unit.name,
            code=unit.code,
        )
        why = named + (() if full else _BARE)
        out.append(Found(text[start:end], start, end, ptype, unit, confidence, why))
    return out


def _enumerated(text: str, units: list, found: list[Found]) -> list[Found]:
    """The places with the items of "A、B和C等重点区域" added; an item longer than the town or district it starts with
    takes its place (崇明北沿, not 崇明)."""
    out = list(found)
    for m in _ENUMERATION.finditer(text):
        pos = m.start(1)
        for item in re.split(r"[、和及]", m.group(1)):
            name = strip_leading(item)
            start, end = pos + len(item) - len(name), pos + len(item)
            pos = end + 1
            if not 2 <= len(name) <= 10 or is_generic(name) or re.search(r"[\d()（）]", name) or has_verb(name):
                continue
            inner = [f for f in out if f.unit and start <= f.start and f.end <= end and f.end - f.start < len(name)]
            if any(f.start < end and start < f.end for f in out if f not in inner):
                continue
            unit = inner[0].unit if inner and inner[0].start == start else None
            out = [f for f in out if f not in inner]
            why = because("ingest_why_list_of", kind=m.group(2))
            why += because("ingest_why_in_unit", unit=unit.name) if unit else ()
            out.append(Found(name, start, end, "district_area", unit, LISTED, why))
    return out


def _listed(text: str, found: list[Found]) -> list[Found]:
    """A place that is an item of an enumeration (车墩镇、泖港镇; 叶榭獐栖息地、泖港湿地、新浜片林等) is surer; a bare
    name only beside another place (石化 of 钢铁、石化 is a sector)."""
    out = []
    for i, f in enumerate(found):
        before, after = found[i - 1] if i else None, found[i + 1] if i + 1 < len(found) else None
        beside = bool(before and _LIST_GAP.fullmatch(text[before.end : f.start])) or bool(
            after and _LIST_GAP.fullmatch(text[f.end : after.start])
        )
        marked = text[f.end : f.end + 1] == "、" or text[f.start - 1 : f.start] == "、"
        if f.confidence < PROPOSED and (beside or (marked and f.reason[-1:] != _BARE)):
            f = f._replace(confidence=LISTED, reason=f.reason + because("ingest_why_list_item"))
        out.append(f)
    return out


def _outside(code: str, found: list[Found]) -> list[Found]:
    """A place named after a province or city elsewhere (苏州吴江片区, 上海东方绿舟) is outside the jurisdiction."""
    out = []
    for f in found:
        if f.unit is None and (region := elsewhere(code, f.name)):
            why = because("ingest_why_outside", region=region) + f.reason
            f = f._replace(confidence=min(f.confidence, 0.3), reason=why)
        out.append(f)
    return out


# a sentence that opens with a place as its subject gives it a task: 文旅融合示范区要发挥…, 产城融合示范片区以…为契机
_SUBJECT_OF = re.compile(r"要|应|将|以|作为")


def _subjects(text: str, found: list[Found]) -> list[Found]:
    """A weakly named place that opens a sentence and is given a task there is surer."""
    out = []
    for f in found:
        opens = f.start == 0 or text[f.start - 1] in "。;；\n"
        located = text[f.start - 1 : f.start] == "在"
        if f.confidence < PROPOSED and f.unit is None and (located or (opens and _SUBJECT_OF.match(text, f.end))):
            f = f._replace(confidence=LISTED, reason=f.reason + because("ingest_why_subject"))
        out.append(f)
    return out


def find_places(text: str, code: str) -> list[Found]:
    units = places_named(code, text)
    several = len(counties_within(code)) > 1
    found, taken = _by_ending(text, units)
    found += _by_gazetteer(text, units, taken, several)
    found = _enumerated(text, units, found)
    return _outside(code, _subjects(text, _listed(text, sorted(found, key=lambda f: f.start))))
