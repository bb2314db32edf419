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
_LIST_GAP = re.compile(r"([(（][^()（）]{1,8}[)）])?[、,，和及与]")
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
    out = []
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
        if unit is not None:
            confidence, why = 0.75, f"named place ending in {ending}, in {unit.name} by its name"
            if ending in STRONG and text.startswith(unit.name, start) and end - start - len(unit.name) >= 3:
                start += len(unit.name)  # 方松街道泰晤士小镇: the place is 泰晤士小镇, in 方松街道
        out.append((text[start:end], start, end, ptype, unit, confidence, why))
    for unit, start, end in units:
        if any(s <= start < e for _, s, e, *_ in out):
            continue
        bare = text[start:end] != unit.name
        what = "district" if unit.level == "county" else "town"
        # in a city's plan a bare name (石化 of 石化街道, 桐乡 of 桐乡市) is often a word or a mention: only a list
        # of places makes it one
        confidence = 0.45 if (bare and several) else 0.7 if bare else 0.8
        ptype = "street" if unit.kind == "街道" else "district_area" if unit.level == "county" else "town"
        out.append((text[start:end], start, end, ptype, unit, confidence, f"{what} {unit.name} ({unit.code}) named"))
    return sorted(out, key=lambda f: f[1])


def _in_lists(text: str, found: list) -> list:
    """Places listed together (车墩镇、泖港镇…; 叶榭獐栖息地、泖港湿地、新浜片林等) vouch for each other."""
    out = list(found)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if _LIST_GAP.fullmatch(text[a[2] : b[1]]):
            for j in (i, i + 1):
                place = out[j]
                if place[5] < PROPOSED:
                    out[j] = (*place[:5], 0.55, place[6] + "; listed with another place")
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
