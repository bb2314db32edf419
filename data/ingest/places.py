"""Candidate place measures in the measures.csv schema, each with a confidence and the reason: the towns (in a
city's plan also districts) a clause names, matched to the gazetteer, and named places by their endings (…新城,
…园区, …湿地, …公园, 郊野公园, 绿道 …) placed in the town or district their name starts with, else the
jurisdiction. Towns named only in a responsibility statement are not measures."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from data.ingest.clauses import Sentence
from data.ingest.place_finding import find_places
from data.ingest.place_words import category_of
from data.ingest.reasons import Reason, because
from data.plan_text import PREAMBLE

# a responsibility statement, with brackets inside (国际汽车城(集团)公司), or unclosed at a text's end
_INNER = r"(?:[^()（）]|[(（][^()（）]*[)）])*"
_RESPONSIBILITY = re.compile(r"[(（]" + _INNER + r"(责任单位|分工负责)" + _INNER + r"([)）]|$)")


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
    reason: Reason  # keys of the string table with their parameters (data/ingest/reasons.py)

    def row(self) -> dict:
        return asdict(self)


def _excerpt(text: str, start: int, end: int) -> str:
    left = max(0, max(text.rfind(c, 0, start) for c in "。;；") + 1)
    right = min([i for i in (text.find(c, end) for c in "。;；,，") if i >= 0] or [len(text)])
    if right - left > 60:
        left, right = max(left, end - 40), min(right, max(end, left + 60))
        left = max(left, right - 60)
    return text[left:right]


def _sentence_places(s: Sentence, text: str, code: str, name: str) -> list[MeasureCandidate]:
    out = []
    for place, start, end, ptype, unit, confidence, why in find_places(text, code):
        if s.section == PREAMBLE:  # a preamble lists addressees and offices, not places of measures
            confidence, why = round(confidence - 0.2, 2), why + because("ingest_why_preamble")
        out.append(_measure(s, place, start, end, ptype, unit, code, name, confidence, why))
    return out


def _category(text: str, place: str, start: int, end: int) -> str:
    """From the place's name (not a town's: 老港 is no port), else its clause (what is done there), else its
    sentence."""
    left = max(text.rfind(c, 0, start) for c in "。;；,，") + 1
    right = min([i for i in (text.find(c, end) for c in "。;；,，") if i >= 0] or [len(text)])
    found = category_of(place, text[left:right])
    return found if found != "other" else category_of(place, text)


def _measure(s, place, start, end, ptype, unit, code, name, confidence, why) -> MeasureCandidate:
    excerpt = _excerpt(s.text, start, end)  # the plan's own words: offsets are those of the masked text
    return MeasureCandidate(
        section=s.section,
        place_name=place,
        place_type=ptype,
        category=_category(s.text, "" if unit and unit.name.startswith(place) else place, start, end),
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
