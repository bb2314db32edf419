"""Candidate targets in the targets.csv schema, each with a confidence (0-1) and the reason it was proposed.

Every quantity of every sentence is a candidate; the rules lower the confidence of what is probably not a
target (thresholds, names, numbers without a known unit, the upper end of a range, peak years) rather than
hide it, so a reviewer sees what was passed over and why. PROPOSED is the confidence from which a candidate
is proposed; the evaluation counts those."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace

from data.ingest import target_rules as rules
from data.ingest.clauses import Sentence
from data.ingest.quantities import Quantity, in_title, quantities
from data.ingest.reasons import Reason, because

PROPOSED = 0.5
_NUMBER_NOT_YEAR = re.compile(r"\d+(?:\.\d+)?(?!\d*年)|[一二两三四五六七八九十]星")
_CLAUSE_BREAK = re.compile(r"[,，;；:：]")
_LEADING = re.compile(r"^(其中|且|并|和|及|、|同时|力争|确保|进一步|全面|(到|至|截至)(?=\d))+")
_YEAR_WORDS = re.compile(r"(到|至|截至)?((19|20)\d{2}年(底|末|前|起)?|“?(十三五|十四五|十五五)”?(期间|时期|末)?)")
_TRAILING = re.compile(
    r"(分别|均)?(力争|确保)?(不低于|不少于|不小于|至少|达到|达|超过|超|突破|提升至|提升到|提高到|提高至|增加到|增至|稳定在|维持在|"
    r"保持在|控制在|不高于|不超过|低于|下降到|降到|降至|下降|降低|减少|提高|增长|提升|增加|约|为)?的?"
    r"(至少)?(使用|建设|建成|创建|打造)?$"
)
_FORM_CONFIDENCE = {
    "range_high": (0.6, because("ingest_why_range_high")),
    "fraction": (0.6, because("ingest_why_fraction")),
    "cn_count": (0.6, because("ingest_why_cn_count")),
    "stars": (0.6, because("ingest_why_stars")),
    "doubling": (0.7, because("ingest_why_doubling")),
    "zero_growth": (0.6, because("ingest_why_zero_growth")),
    "full_coverage": (0.5, because("ingest_why_full_coverage")),
}


@dataclass
class TargetCandidate:
    section: str
    indicator_zh: str
    kind: str
    comparator: str
    value: float
    value_text: str
    unit: str
    base_year: int | None
    target_year: int | None
    period: str
    commitment: str
    area_code: str
    area_name: str
    responsible: str
    excerpt: str
    confidence: float
    reason: Reason  # keys of the string table with their parameters (data/ingest/reasons.py)

    def row(self) -> dict:
        return asdict(self)


_BASE_WORDS = re.compile(r"(比|较|相比)((19|20)\d{2})年(基础上)?|在((19|20)\d{2})年基础上")
_MID_COMPARATOR = re.compile(r"(不少于|不低于|不高于|不超过|占)[\u4e00-\u9fff]{1,8}的$")  # 快充车位不少于总车位的
_VERBS_ONLY = re.compile(r"^(打造|建设|建成|创建|新建|新增|完成|推动|推进|开展|累计|实现|高质量推进|改造)*$")
_AFTER_UNIT = re.compile(r"[^,，;；。、]{2,20}")


def _indicator(text: str, start: int, end: int) -> str:
    words = _YEAR_WORDS.sub("", _BASE_WORDS.sub("", text[start:end]))
    words = _MID_COMPARATOR.sub("", words)
    words = _TRAILING.sub("", _LEADING.sub("", words.strip('“”"')))
    return words.strip('“”"的')


def _named_after(text: str, q: Quantity, verb: str) -> str:
    """An indicator written after its number (打造6条“四化”示范特色道路): the verb and the words after the unit."""
    m = _AFTER_UNIT.match(text, q.end)
    if not m or re.match(r"(以上|以下|左右|以内)", m.group()):
        return verb
    return re.sub('[“”"]', "", verb + m.group())


def _clause(text: str, q: Quantity, after: int) -> tuple[int, str]:
    """Where the quantity's clause starts (not before `after`, the end of the sentence's quantity before it) and the
    indicator it names (from the clause before when it names none)."""
    starts = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, q.start)]
    if after > starts[-1]:
        starts.append(after)
    start = starts[-1]
    name = _indicator(text, start, q.start)
    if _VERBS_ONLY.match(name):
        name = _named_after(text, q, name)
    for prev in reversed(starts[-3:-1]):  # 进一步提升到15%: the indicator is the clause before's
        if len(name) >= 2:
            break
        head = _NUMBER_NOT_YEAR.search(text, prev, start)
        name, start = _indicator(text, prev, head.start() if head else start), prev
    return start, name[:30]


def _excerpt(text: str, start: int, end: int) -> str:
    end += len(m.group()) if (m := re.match(r"(及以上|以上|以下|以内|左右)", text[end:])) else 0
    return text[max(start, end - 60) : end]


def _unit(q: Quantity, clause: str) -> tuple[str, float, Reason]:
    """The unit, a confidence and a reason for the quantity's unit."""
    if q.unit and q.unit_known:
        return q.unit, 0.8, because("ingest_why_unit", unit=q.unit)
    if q.unit:
        return q.unit, 0.3, because("ingest_why_unit_unknown", unit=q.unit)
    for unit in ("PUE", "指数"):
        if unit in clause:
            return unit, 0.75, because("ingest_why_unit_before", unit=unit)
    return "", 0.25, because("ingest_why_no_unit")


@dataclass(frozen=True)
class Jurisdiction:
    code: str
    name: str


# a section that reports what was achieved (“十三五”工作成效, 发展基础): its figures are baselines
_BASELINE_HEADINGS = re.compile(r"发展基础|工作基础|现实基础|基础与|成效|发展现状|现状与|回顾|成就")


def _kind_and_year(s: Sentence, pre: str, past_period: bool) -> tuple[str, int | None, Reason]:
    """Target or baseline, the year and where it is from: the sentence's own, else the one its paragraph opens with
    (a year from any earlier sentence is not carried over: the curated plans leave such rows without a year;
    carrying cost 22 of 272 matches)."""
    year, words = rules.year_before(pre)
    why = because("ingest_why_year", words=words)
    if year is None and s.opening:
        year, why = rules.year_before(s.opening)[0], because("ingest_why_year_opening", words=s.opening)
    baseline = bool(_BASELINE_HEADINGS.search(s.headings)) or (year is not None and year <= 2020 and "十三五" in s.text)
    if baseline and year is None and past_period:
        year, why = 2020, because("ingest_why_year_past_period")
    return ("baseline" if baseline else "target"), year, why


# full coverage stated as an outcome to reach (实现全覆盖, 基本全覆盖), not as work to push (推进…全覆盖, 开展…全覆盖)
_OUTCOME = re.compile(r"实现|基本")


def _without_year(q: Quantity, before: str) -> tuple[float, Reason]:
    """What a missing target year costs a candidate: less sure, unless it is full coverage to be achieved (the
    plan data's rule keeps those without a year, data/plans/README.md)."""
    if q.form == "full_coverage" and _OUTCOME.search(before):
        return 0.0, because("ingest_why_no_year") + because("ingest_why_outcome")
    return 0.1, because("ingest_why_no_year")


def _candidate(s: Sentence, q: Quantity, after: int, area_of, past: bool) -> TargetCandidate:
    pre, post = s.text[: q.start], s.text[q.end :]
    start, indicator = _clause(s.text, q, after)
    area = area_of(s.text[start : q.start])
    unit, confidence, reason = _unit(q, s.text[start : q.end])
    if q.form in _FORM_CONFIDENCE:
        confidence, reason = _FORM_CONFIDENCE[q.form]
    if "亿级" in s.text[q.start : q.end + 3] and not q.unit:
        unit, confidence, reason = "亿元", 0.55, because("ingest_why_scale_class")
    comp, comp_word = rules.comparator(pre, post, unit)
    if q.form == "doubling":
        comp, comp_word = "increase_by", q.value_text
    kind, year, year_why = _kind_and_year(s, pre, past)
    if comp_word:
        reason += because("ingest_why_comparator", word=comp_word)
        confidence += 0.1 if confidence >= PROPOSED else 0
    if year is None:
        penalty, why = _without_year(q, s.text[start : q.start])
        reason += why
        confidence -= penalty
    else:
        reason += year_why
    if why_not := rules.not_a_target(pre, post):
        confidence, reason = min(confidence, 0.2), why_not + reason
    return TargetCandidate(
        section=s.section,
        indicator_zh=indicator,
        kind=kind,
        comparator=comp or (">=" if kind == "target" else "="),
        value=q.value,
        value_text=q.value_text,
        unit=unit,
        base_year=rules.base_year(pre) if comp in ("reduce_by", "increase_by") else None,
        target_year=year,
        period=rules.period_of(pre),
        commitment=rules.commitment(pre),
        area_code=area[0],
        area_name=area[1],
        responsible=";".join(s.responsible),
        excerpt=_excerpt(s.text, start, q.end),
        confidence=round(max(0.0, min(confidence, 1.0)), 2),
        reason=reason,
    )


def _peak_years(s: Sentence, area: tuple[str, str]) -> list[TargetCandidate]:
    out = []
    for m in rules.PEAK.finditer(s.text):
        if (not m.group(1) and "率先" not in m.group()) or in_title(s.text, m.start()):
            continue  # 碳达峰 as a topic, or in a document's title, not a date
        year = int(m.group(1)) if m.group(1) else rules.year_before(s.text[: m.start()])[0]
        if year is None:
            continue
        out.append(
            TargetCandidate(
                s.section,
                "碳达峰",
                "target",
                "<=",
                float(year),
                str(year),
                "年",
                None,
                year,
                "",
                rules.commitment(s.text[: m.end()]),
                area[0],
                area[1],
                ";".join(s.responsible),
                _excerpt(s.text, max(0, m.start() - 30), m.end() - 0),
                0.6,
                because("ingest_why_peak_year"),
            )
        )
    return out


_TWO_RATES = re.compile(r"(.{2,}?(?:率|比例|比重|占比))和(.{2,}?(?:率|比例|比重|占比))")


def _each_indicator(c: TargetCandidate) -> list[TargetCandidate]:
    """One figure for two indicators (邮轮码头岸电设施使用率和港作船舶岸电使用率力争达到100%): a candidate each."""
    m = _TWO_RATES.fullmatch(c.indicator_zh)
    if not m:
        return [c]
    why = because("ingest_why_two_indicators")
    return [replace(c, indicator_zh=m.group(i), reason=c.reason + why) for i in (1, 2)]


def target_candidates(sentences: list[Sentence], area_of) -> list[TargetCandidate]:
    """Candidates of every sentence in order; area_of(text) gives (code, name) of the area a clause speaks of."""
    past = any("十三五" in s.text for s in sentences)
    out: list[TargetCandidate] = []
    for s in sentences:
        ends = [0]
        for q in quantities(s.text):
            after = max(e for e in ends if e <= q.start)  # the end of the quantity before (a range's two share it)
            out += _each_indicator(_candidate(s, q, after, area_of, past))
            ends.append(q.end)
        out += _peak_years(s, area_of(s.text))
    return out
