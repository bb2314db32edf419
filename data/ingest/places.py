"""Candidate place measures in the measures.csv schema, each with a confidence and the reason: the towns (in a
city's plan also districts) a clause names, matched to the gazetteer, and named places by their endings (…新城,
…园区, …湿地, …公园, 郊野公园, 绿道 …) placed in the town or district their name starts with, else the
jurisdiction. Towns named only in a responsibility statement are not measures."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from data.ingest.clauses import Sentence
from data.ingest.gazetteer import counties_within, places_named
from data.ingest.place_words import ALONG, ENDINGS, STRONG, category_of, named_places
from data.ingest.targets import PROPOSED
from data.plan_text import PREAMBLE

_ENDS_PLACE = re.compile("(" + "|".join(ENDINGS) + ")$")
_BARE = " (a bare name)"
# what stands between two items of a list: a mark, maybe a qualifier (雨花段) or one more short item (奉贤、南汇和金山)
_LIST_GAP = re.compile(r"([(（][^()（）]{1,8}[)）])?[、和及与]([\u4e00-\u9fff]{1,4}[、和及与])?")
_NAME_AFTER_TOWN = re.compile(r"[\u4e00-\u9fff]{2,6}?(?=和|及|、|,|，|的|等|低碳|零碳|建设|创建)")
_VERB_START = re.compile(
    r"加快|推进|推动|打造|建设|实施|开展|围绕|依托|为|的|等|和|及|以|在|将|把|要|应|全面|率先|积极"
)
_RESPONSIBILITY = re.compile(r"[(（][^()（）]*(责任单位|分工负责)[^()（）]*[)）]")


@dataclass
class MeasureCandidate:
    section: str
    place_name: str
    place_type: str
    category: str
    area_code: str
    area_name: str
    measure: str
    responsible: str
    excerpt: str
    confidence: float
    reason: str

    def row(self) -> dict:
        return asdict(self)


def _excerpt(text: str, start: int, end: int) -> str:
    left = max(0, max(text.rfind(c, 0, start) for c in "。;；") + 1)
    right = min([i for i in (text.find(c, end) for c in "。;；,，") if i >= 0] or [len(text)])
    if right - left > 60:
        left, right = max(left, end - 40), min(right, max(end, left + 60))
        left = max(left, right - 60)
    return text[left:right]


_AREA_WORDS = ("地区",)


def _along(text: str, name_end: int, ending: str) -> bool:
    """A river, line or lake named after a town (圭塘河, 圭塘河湿地公园) runs through more than the town."""
    return ending in ALONG or text.startswith(ALONG, name_end)


def _found(text: str, code: str) -> list[tuple[str, int, int, str, object, float, str]]:
    """(name, start, end, place_type, unit or None, confidence, reason) of the places a sentence names."""
    units = places_named(code, text)
    several = len(counties_within(code)) > 1
    out, covered = [], []
    for _name, start, end, (ptype, ending), (confidence, why) in named_places(text):
        inside = [
            (u, us)
            for u, us, ue in units
            if start <= us < end and (u.level == "county" or not _along(text, ue, ending))
        ]
        unit, at = min(inside, key=lambda x: (x[0].level != "town", x[1])) if inside else (None, start)
        if at > start and _ENDS_PLACE.search(text[start:at]):
            start = at  # 长三角生态绿色一体化发展示范区嘉善片区: the place is 嘉善片区
        name_end = next((ue for _, us, ue in units if us == at), start)
        if unit is not None and ending in _AREA_WORDS and at == start and name_end == end - len(ending):
            # 高桥地区: the place is the town 高桥
            out.append((text[start:name_end], start, name_end, "town", unit, 0.75, f"{unit.name} as an area"))
            continue
        covered.append((start, end))
        if unit is not None:
            confidence, why = 0.75, f"named place ending in {ending}, in {unit.name} by its name"
            if ending in STRONG and text.startswith(unit.name, start) and end - start - len(unit.name) >= 3:
                start += len(unit.name)  # 方松街道泰晤士小镇: the place is 泰晤士小镇, in 方松街道
        out.append((text[start:end], start, end, ptype, unit, confidence, why))
    for unit, start, end in units:
        if any(s <= start < e for s, e in covered):
            continue
        if unit.level == "town" and text[start:end] == unit.name and (after := _after_town(text, end)):
            # 中山街道郭家娄, 小昆山镇“双碳产业交流培训中心和产业园”: the place is the name after its town
            a_start, a_end = after
            why = f"named after its town {unit.name} ({unit.code})"
            out.append((text[a_start:a_end], a_start, a_end, "project_site", unit, 0.6, why))
            continue
        bare = text[start:end] != unit.name
        what = "district" if unit.level == "county" else "town"
        # in a city's plan a bare name (石化 of 石化街道, 桐乡 of 桐乡市) is often a word or a mention: only a list
        # of places makes it one
        confidence = 0.45 if (bare and several) else 0.7 if bare else 0.8
        ptype = "street" if unit.kind == "街道" else "district_area" if unit.level == "county" else "town"
        why = f"{what} {unit.name} ({unit.code}) named" + (_BARE if bare else "")
        out.append((text[start:end], start, end, ptype, unit, confidence, why))
    return sorted(out, key=lambda f: f[1])


def _after_town(text: str, end: int) -> tuple[int, int] | None:
    """The span of a name written right after a town's full name: a quoted one, or a short one up to a break."""
    if text.startswith("“", end) and 0 < (close := text.find("”", end)) - end <= 24:
        return end + 1, close
    m = _NAME_AFTER_TOWN.match(text, end)
    if m and not _VERB_START.match(m.group()):
        return m.start(), m.end()
    return None


def _in_lists(text: str, found: list) -> list:
    """A place that is an item of an enumeration (奉贤、南汇和金山; 叶榭獐栖息地、泖港湿地、新浜片林等) is surer."""
    out = []
    for i, place in enumerate(found):
        start, end = place[1], place[2]
        listed = text[end : end + 1] == "、" or text[start - 1 : start] == "、"
        listed = listed or (text[start - 1 : start] in ("和", "及") and "、" in text[max(0, start - 12) : start])
        if place[6].endswith(_BARE):  # a bare name needs another place beside it (石化 of 钢铁、石化 is a sector)
            before, after = found[i - 1] if i else None, found[i + 1] if i + 1 < len(found) else None
            listed = bool(before and _LIST_GAP.fullmatch(text[before[2] : start])) or bool(
                after and _LIST_GAP.fullmatch(text[end : after[1]])
            )
        if listed and place[5] < PROPOSED:
            place = (*place[:5], 0.55, place[6] + "; an item of a list of places")
        out.append(place)
    return out


def _sentence_places(s: Sentence, text: str, code: str, name: str) -> list[MeasureCandidate]:
    out = []
    for place, start, end, ptype, unit, confidence, why in _in_lists(text, _found(text, code)):
        if s.section == PREAMBLE:  # a preamble lists addressees and offices, not places of measures
            confidence, why = round(confidence - 0.2, 2), why + "; in the preamble"
        out.append(_measure(s, text, place, start, end, ptype, unit, code, name, confidence, why))
    return out


def _measure(s, text, place, start, end, ptype, unit, code, name, confidence, why) -> MeasureCandidate:
    excerpt = _excerpt(text, start, end)
    return MeasureCandidate(
        section=s.section,
        place_name=place,
        place_type=ptype,
        category=category_of(excerpt + place),
        area_code=unit.code if unit else code,
        area_name=unit.name if unit else name,
        measure=excerpt,
        responsible=";".join(s.responsible),
        excerpt=excerpt,
        confidence=confidence,
        reason=why,
    )


def measure_candidates(sentences: list[Sentence], code: str, name: str) -> list[MeasureCandidate]:
    out = []
    for s in sentences:
        text = _RESPONSIBILITY.sub(lambda m: " " * len(m.group()), s.text)  # keep offsets, drop the units
        out += sorted(_sentence_places(s, text, code, name), key=lambda m: s.text.find(m.place_name))
    return out
