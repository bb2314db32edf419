"""A plan's text made ready for the section parser and the rules: traditional → simplified, full-width digits,
letters, ％ and decimal points → half-width, no spaces around numbers and Chinese ("29.4 万千瓦", "2025 年"), page
numbers dropped, and hard line breaks inside phrases and numbers (PDF text) joined while headings and paragraph
ends stay on their own lines. Headings with a missing numeral ("、主要目标") and two headings on one line
("三、重点任务(一)…") are left to plan_text.split_sections, which numbers and splits them."""

from __future__ import annotations

import re

from data import plan_text

_FULL_WIDTH = [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]  # digits, A-Z, a-z
_FULL_TO_HALF = {chr(c): chr(c - 0xFEE0) for c in _FULL_WIDTH}
_FULL_TO_HALF.update({"％": "%", "\u3000": " ", "\u00a0": " "})
_BETWEEN_DIGITS = {"．": ".", "／": "/", "－": "-", "～": "~"}
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(\d{1,3}|第\s*\d+\s*页(\s*共\s*\d+\s*页)?)[-—–\s]*$")
_HEADING = re.compile(
    r"^([一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d{1,2}[.．、](?!\d)|[(（]\d{1,2}[)）])"
)
_SENTENCE_END = "。！？；;:：!?”」》)）"
_JOIN_AFTER_NUMBER = re.compile(r"[\d.]$")
_JOIN_BEFORE_NUMBER = re.compile(r"^[\d.%万亿千百年个]")
_SPACE_BY_CJK = re.compile(r"(?<=[^\x00-\x7f])[ \t]+|[ \t]+(?=[^\x00-\x7f])")
_SPACE_IN_NUMBER = re.compile(r"(?<=\d)[ \t]+(?=%|[.]\d|[kMG]W\b)|(?<=\d\.)[ \t]+(?=\d)")


def normalise_plan(text: str) -> str:
    text = plan_text.to_simplified(text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
    text = _half_width(text)
    lines = [_tidy(line) for line in text.split("\n")]
    lines = [line for line in lines if not _PAGE_NUMBER.match(line)]
    return _between_digits("\n".join(_join_wrapped(lines)))  # again: a joined line break may have parted a number


def _half_width(text: str) -> str:
    return _between_digits(text.translate(str.maketrans(_FULL_TO_HALF)))


def _between_digits(text: str) -> str:
    return re.sub(r"(?<=\d)[．／－～](?=\d)|(?<=%)[－～](?=\d)", lambda m: _BETWEEN_DIGITS[m.group()], text)


def _tidy(line: str) -> str:
    line = _SPACE_BY_CJK.sub("", line.strip())
    return _SPACE_IN_NUMBER.sub("", line)


def _full_width(lines: list[str]) -> float:
    """The length of a full line when the text is hard-wrapped (PDF), else infinity (one paragraph a line)."""
    lengths = sorted(len(x) for x in lines if x)
    if len(lengths) < 5:
        return float("inf")
    typical = lengths[int(len(lengths) * 0.75)]
    near = sum(abs(n - typical) <= max(2, typical * 0.1) for n in lengths)
    return typical if typical <= 120 and near >= len(lengths) * 0.3 else float("inf")


def _is_heading(line: str) -> bool:
    return bool(_HEADING.match(line)) and len(line) <= 40 and not line.endswith("。")


def _joins(prev: str, line: str, full: float) -> bool:
    wrapped = len(prev) >= full * 0.85 and prev[-1:] not in _SENTENCE_END  # a full line: a heading is short
    if not prev or not line or (_is_heading(prev) and not wrapped):
        return False
    if _JOIN_AFTER_NUMBER.search(prev) and _JOIN_BEFORE_NUMBER.match(line):
        return True  # a number or a number and its unit broken over two lines
    if _HEADING.match(line) and not line.startswith("、"):
        return False
    return wrapped


def _join_wrapped(lines: list[str]) -> list[str]:
    full = _full_width(lines)
    out: list[str] = []
    for line in lines:
        if out and _joins(out[-1], line, full):
            out[-1] += line
        else:
            out.append(line)
    return out
