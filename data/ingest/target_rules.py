"""The rules that read a quantity's context in its sentence: comparator, base and target year, commitment, and
whether the number is a target at all (a threshold that defines a scope, part of a name)."""

from __future__ import annotations

import re

from data.ingest.reasons import Reason, because

_YEAR = re.compile(
    r"(?<![比较与\d])(?:到|至|截至|截止到|在)?((?:19|20)\d{2})年(?!基础|水平|不变价)(?:底|末|前|起|以前)?"
)
_PERIOD = re.compile(r"(十三五|十四五|十五五)")
PERIOD_END = {"十三五": 2020, "十四五": 2025, "十五五": 2030}
_BASE_YEAR = re.compile(r"(?:比|较|相比|相较|与|在|由)((?:19|20)\d{2})年(?:基础上|水平|的)?")
_GE = (
    "不低于",
    "不少于",
    "不小于",
    "至少",
    "达到",
    "达",
    "超过",
    "超",
    "突破",
    "提升至",
    "提升到",
    "提高到",
    "提高至",
    "增加到",
    "增至",
    "进一步提升到",
    "大于",
)
_LE = ("不高于", "不超过", "低于", "控制在", "下降到", "降到", "降至", "降低到", "降低至", "小于", "以内")
_EQ = ("稳定在", "维持在", "保持在", "保持")
_WORDS = sorted([(w, c) for ws, c in ((_LE, "<="), (_EQ, "="), (_GE, ">=")) for w in ws], key=lambda p: -len(p[0]))
_REDUCE = ("下降", "降低", "减少", "削减", "节约")
_INCREASE = ("提高", "增长", "提升", "增加")
_SUFFIX = re.compile(r"^(及以上|以上|以下|及以下|以内|左右)")
_ASPIRATIONAL = re.compile(r"力争|争取")
_BINDING = re.compile(r"确保|必须")
_THRESHOLD_AFTER = re.compile(r"^(及)?(以上|以下)(的|[\u4e00-\u9fff])")
_THRESHOLD_BEFORE = re.compile(r"(大于|小于)$")
_NAME_AFTER = re.compile(r"^[^,，;；。、]{0,8}(行动计划|行动|计划|工程)")
PEAK = re.compile(r"(?:((?:19|20)\d{2})年前?)?(?:实现|率先|全面)?(?:碳达峰|率先达峰|排放达峰)")


def comparator(pre: str, post: str, unit: str) -> tuple[str, str]:
    """(comparator, the word that decided it) from the words just before and just after a quantity."""
    suffix = _SUFFIX.match(post)
    if suffix:
        word = suffix.group()
        return {"左右": "~", "以内": "<=", "以下": "<=", "及以下": "<="}.get(word, ">="), word
    tail = pre[-14:]
    if unit == "%":
        for words, comp in ((_REDUCE, "reduce_by"), (_INCREASE, "increase_by")):
            for w in words:
                if re.search(re.escape(w) + r"(了)?$", tail):
                    return comp, w
    for w, comp in _WORDS:
        if re.search(re.escape(w) + r"[\u4e00-\u9fff]{0,8}的$|" + re.escape(w) + "$", tail):
            return comp, w
    if tail.startswith("约") or pre.endswith("约"):
        return "~", "约"
    return "", ""


def year_before(pre: str) -> tuple[int | None, str]:
    """The target year the text gives before a quantity (the nearest year or period), with its words."""
    best: tuple[int, int | None, str] = (-1, None, "")
    for m in _YEAR.finditer(pre):
        best = max(best, (m.start(), int(m.group(1)), m.group()), key=lambda b: b[0])
    for m in _PERIOD.finditer(pre):
        best = max(best, (m.start(), PERIOD_END[m.group(1)], m.group()), key=lambda b: b[0])
    return best[1], best[2]


def base_year(pre: str) -> int | None:
    found = _BASE_YEAR.findall(pre[-20:])
    return int(found[-1]) if found else None


def period_of(pre: str) -> str:
    found = _PERIOD.findall(pre)
    return found[-1] if found and found[-1] != "十三五" else ""


def commitment(pre: str) -> str:
    clause = re.split(r"[;；]", pre)[-1]
    if _BINDING.search(clause):
        return "binding"
    return "aspirational" if _ASPIRATIONAL.search(clause) else ""


def not_a_target(pre: str, post: str) -> Reason:
    """Why a quantity is not a target of its own (empty when it may be one)."""
    achieved = re.search(r"(完成|达到|达|建成|新增|实现|落实)$", pre)
    if (_THRESHOLD_AFTER.match(post) and not achieved) or _THRESHOLD_BEFORE.search(pre):
        return because("ingest_why_threshold")
    if _NAME_AFTER.match(post) and not re.search(r"[达到于超过]$", pre):
        return because("ingest_why_programme_name")
    return ()
