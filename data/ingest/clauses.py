"""A normalised plan as sections (the plan's own numbering, plan_text.split_sections) and sentences, with each
section's responsible units: the "(责任单位:…)" or "(…按职责分工负责)" that closes its clause."""

from __future__ import annotations

import re
from dataclasses import dataclass

from data import plan_text

_RESPONSIBLE = (
    re.compile(r"[(（]\s*(?:主要)?责任单位\s*[:：]\s*([^()（）]*(?:[(（][^()（）]*[)）][^()（）]*)*)[)）]"),
    re.compile(r"[(（]([^()（）]*(?:[(（][^()（）]*[)）][^()（）]*)*?)(?:按照?职责分工负责|按照?职能分工负责)[)）]"),
)
_DROP = re.compile(r"等相关职能部门$|等$")
_OPENING = re.compile(r"^(到|至)(19|20)\d{2}年|^“?(十四五|十五五)”?(期间|时期)")
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")


@dataclass(frozen=True)
class Sentence:
    section: str
    text: str
    responsible: tuple[str, ...]
    headings: str  # the titles of the section and the sections above it
    opening: str  # how its paragraph opens (到2030年, “十五五”期间): the year it frames every sentence with


def numbered_sections(text: str) -> list[plan_text.Section]:
    """Sections in document order; a repeated number is kept, the later one marked #2 (as plan_sections does)."""
    out, seen = [], {}
    for s in plan_text.split_sections(text):
        n = seen.get(s.id, 0) + 1
        seen[s.id] = n
        if n > 1:
            s.id = f"{s.id}#{n}"
        out.append(s)
    return out


def responsible_units(section_text: str) -> tuple[str, ...]:
    """The last responsibility statement of a section, split at 、 (等 and 等相关职能部门 dropped)."""
    for pattern in _RESPONSIBLE:
        found = pattern.findall(section_text)
        if found:
            units = [_DROP.sub("", u.strip()) for u in re.split(r"[、,，;；]", found[-1])]
            return tuple(u for u in units if u)
    return ()


def sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    titles: dict[str, str] = {}
    for section in numbered_sections(text):
        titles[section.id] = section.title
        headings = "/".join(t for sid, t in titles.items() if section.id.startswith(sid))
        responsible = responsible_units(section.text)
        for line in section.lines:
            opening = m.group() if (m := _OPENING.match(line)) else ""
            found = _SENTENCE.finditer(line)
            out += [Sentence(section.id, m.group().strip(), responsible, headings, opening) for m in found]
    return out
