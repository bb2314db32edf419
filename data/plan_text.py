"""Plan source texts: locating the seeds, normalising them and splitting them into numbered sections.

Section ids follow the plans' own numbering: top level 一、 → "一", (一) → "一(一)", 1. → "一(一)1",
(1) → "一(一)1(1)". Text before the first heading is section "前言".
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import opencc

from data import settings

PREAMBLE = "前言"
_CN_NUM = "一二三四五六七八九十"

_L1 = re.compile(r"^([一二三四五六七八九十]*)、(.*)$")
_L2 = re.compile(r"^[(（]([一二三四五六七八九十]+)[)）](.*)$")
_L2_INLINE = re.compile(r"[(（]([一二三四五六七八九十]+)[)）]")
_L3 = re.compile(r"^(\d{1,2})\s*[.．、](?!\d)(.*)$")
_L4 = re.compile(r"^[(（](\d{1,2})[)）](.*)$")


def seeds_dir() -> Path:
    """Where the plan texts live: $PEAKATLAS_SEEDS, else ../shared/seeds beside the repository."""
    return settings.get("PEAKATLAS_SEEDS")


@functools.cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def normalise(text: str) -> str:
    """Comparable form: simplified characters, NFKC (full-width → half-width), no whitespace."""
    text = unicodedata.normalize("NFKC", to_simplified(text))
    return re.sub(r"\s+", "", text)


def cn_numeral(n: int) -> str:
    if n <= 10:
        return _CN_NUM[n - 1]
    if n < 20:
        return "十" + _CN_NUM[n - 11]
    raise ValueError(f"numeral {n} out of range")


def cn_value(s: str) -> int:
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN_NUM.index(s[1]) + 1
    return _CN_NUM.index(s) + 1


@dataclass
class Section:
    id: str
    title: str
    lines: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def split_sections(text: str) -> list[Section]:
    """Split a plan (already simplified) into sections in document order."""
    sections = [Section(PREAMBLE, "", [])]
    path: list[str] = []  # [l1, l2, l3, l4] parts currently open
    last_l1 = 0

    def open_section(level: int, part: str, title: str, line: str) -> None:
        del path[level - 1 :]
        path.extend([""] * (level - 1 - len(path)))
        path.append(part)
        sections.append(Section("".join(path), title, [line]))

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        m = _L1.match(line)
        if m and len(m.group(2)) < 60:
            last_l1 = cn_value(m.group(1)) if m.group(1) else last_l1 + 1
            rest = m.group(2)
            inner = _L2_INLINE.search(rest)
            if inner:  # "三、重点任务(一)加快…" carries two headings on one line
                open_section(1, cn_numeral(last_l1), rest[: inner.start()], line)
                open_section(2, f"({inner.group(1)})", rest[inner.end() :], line)
            else:
                open_section(1, cn_numeral(last_l1), rest, line)
            continue
        for level, pattern, fmt in ((2, _L2, "({})"), (3, _L3, "{}"), (4, _L4, "({})")):
            m = pattern.match(line)
            if m and len(path) >= level - 1:
                open_section(level, fmt.format(m.group(1)), m.group(2)[:40], line)
                break
        else:
            sections[-1].lines.append(line)
    return sections


@functools.cache
def plan_files() -> dict[str, Path]:
    """Plan id ("000".."004") → seed file path."""
    found = {p.name[:3]: p for p in sorted(seeds_dir().glob("[0-9][0-9][0-9]_*.txt"))}
    if not found:
        raise FileNotFoundError(f"no plan texts in {seeds_dir()} (set PEAKATLAS_SEEDS)")
    return found


@functools.cache
def plan_sections(plan_id: str) -> dict[str, Section]:
    text = to_simplified(plan_files()[plan_id].read_text(encoding="utf-8"))
    out: dict[str, Section] = {}
    for s in split_sections(text):
        if s.id in out:  # a repeated number: keep both, the later one marked
            s.id = f"{s.id}#{sum(k.split('#')[0] == s.id for k in out) + 1}"
        out[s.id] = s
    return out


def locate(plan_id: str, excerpt: str) -> list[str]:
    """Ids of the sections whose own text contains the excerpt (after normalisation)."""
    needle = normalise(excerpt)
    return [sid for sid, s in plan_sections(plan_id).items() if needle in normalise(s.text)]
