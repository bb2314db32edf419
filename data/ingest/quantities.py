"""Numbers with their units in a sentence: Arabic numbers (decimals, ranges "10-15%", "3-5个", fractions "2/3")
and the few Chinese-numeral forms plans use for quantities ("至少…一种", "二星级及以上", "翻一番", "零增长").
Numbers that are parts of names, dates, document numbers or years are not quantities and are not returned."""

from __future__ import annotations

import re
from dataclasses import dataclass

from data.units import UNITS

_UNITS = sorted(UNITS, key=len, reverse=True)
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?")
_RANGE = re.compile(r"\s*%?\s*[-~—–至到]\s*(\d+(?:\.\d+)?)")
_FRACTION = re.compile(r"/(\d+)(?![\d.])")
_NOT_QUANTITY_AFTER = re.compile(r"^(年|月|日|号|期|批|届|版|代|周年|:\d|时|点|分钟|[A-Za-z+＋]|\.\d*[A-Za-z])")
_NOT_QUANTITY_BEFORE = re.compile(r"([A-Za-z+＋第]|专栏|国|阶段)$")
_HEADING_NUMBER = re.compile(r"\d{1,2}(?:[.．、](?!\d)|[)）])")
_UNIT_LETTERS = ("kW", "MW", "GW", "PUE")
_OTHER_UNIT = re.compile(r"[万亿千百]?[株棵亩吨户座个家处]")  # a measure word the unit table lacks (1亿株)
_CN_DIGIT = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_COUNT = re.compile(r"(至少|不少于)(?:使用|建设|建成|创建|打造)?([一二两三四五六七八九十])(个|种|处|座|家|项|条)")
_STARS = re.compile(r"([一二三])星级(及以上|以上)?")
_DOUBLING = re.compile(r"翻(一|两|三)?番")
_ZERO_GROWTH = re.compile(r"零增长")
_FULL_COVERAGE = re.compile(r"全覆盖|应装尽装|全量回收")  # stored as 100 % (data/plans/README.md)


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int  # after the unit
    value: float
    value_text: str
    unit: str
    form: str  # number, range_low, range_high, fraction, cn_count, stars, doubling, zero_growth, full_coverage
    unit_known: bool = True


def _in_brackets(text: str, pos: int, left: str, right: str) -> bool:
    return text.rfind(left, 0, pos) > text.rfind(right, 0, pos)


def _unit_at(text: str, pos: int) -> tuple[str, bool]:
    rest = text[pos:].lstrip()
    for unit in _UNITS:
        after = rest[len(unit) : len(unit) + 1]
        if rest.startswith(unit) and (unit not in _UNIT_LETTERS or not (after.isascii() and after.isalpha())):
            return unit, True
    m = _OTHER_UNIT.match(rest)
    return (m.group(), False) if m else ("", False)


def in_title(text: str, pos: int) -> bool:
    """Whether pos is inside 《…》 (a document's title) or 〔…〕/[…] (a document number)."""
    return any(_in_brackets(text, pos, a, b) for a, b in (("《", "》"), ("〔", "〕"), ("[", "]")))


def _skipped(text: str, m: re.Match) -> bool:
    after, before = text[m.end() : m.end() + 4], text[max(0, m.start() - 2) : m.start()]
    if _HEADING_NUMBER.match(text[m.start() :]) and not text[: m.start()].strip("(（ "):
        return True  # the clause's own number: "1.", "(2)"
    if _NOT_QUANTITY_AFTER.match(after) and not any(after.startswith(u) for u in _UNIT_LETTERS):
        return True
    return bool(_NOT_QUANTITY_BEFORE.search(before)) or in_title(text, m.start())


def arabic(text: str) -> list[Quantity]:
    out: list[Quantity] = []
    for m in _NUMBER.finditer(text):
        if _skipped(text, m) or (out and m.start() < out[-1].end):
            continue
        num, end = m.group(), m.end()
        if (fr := _FRACTION.match(text, end)) and not _unit_at(text, fr.end())[0]:
            value = float(num) / float(fr.group(1))
            out.append(Quantity(m.start(), fr.end(), round(value, 4), text[m.start() : fr.end()], "倍", "fraction"))
            continue
        rng = _RANGE.match(text, end)
        if rng and text[m.start() : rng.start()].strip("%") == num:
            hi, end = rng.group(1), rng.end()
            unit, known = _unit_at(text, end)
            if unit == "年":  # a span of years (2021~2025年), not a quantity
                continue
            if unit:
                stop = end + len(text[end:]) - len(text[end:].lstrip()) + len(unit)
                vt = text[m.start() : stop if unit == "%" else end]
                out.append(Quantity(m.start(), stop, float(num), vt, unit, "range_low", known))
                out.append(Quantity(m.start(), stop, float(hi), vt, unit, "range_high", known))
                continue
            end = m.end()
        unit, known = _unit_at(text, end)
        stop = end + len(text[end:]) - len(text[end:].lstrip()) + len(unit)
        out.append(Quantity(m.start(), stop, float(num), num, unit, "number", known))
    return out


def chinese(text: str) -> list[Quantity]:
    out = []
    for m in _CN_COUNT.finditer(text):
        v = 10 if m.group(2) == "十" else _CN_DIGIT[m.group(2)]
        out.append(Quantity(m.start(2), m.end(), v, m.group(2), m.group(3), "cn_count"))
    for m in _STARS.finditer(text):
        out.append(Quantity(m.start(), m.end(), _CN_DIGIT[m.group(1)], m.group(1), "星级", "stars"))
    for m in _DOUBLING.finditer(text):
        times = {"一": 1, None: 1, "两": 2, "三": 3}[m.group(1)]
        out.append(Quantity(m.start(), m.end(), 100.0 * (2**times - 1), m.group(), "%", "doubling"))
    for m in _ZERO_GROWTH.finditer(text):
        out.append(Quantity(m.start(), m.end(), 0.0, "零", "%", "zero_growth"))
    for m in _FULL_COVERAGE.finditer(text):
        out.append(Quantity(m.start(), m.end(), 100.0, m.group(), "%", "full_coverage"))
    return out


def quantities(text: str) -> list[Quantity]:
    return sorted(arabic(text) + chinese(text), key=lambda q: (q.start, q.form != "range_low"))
