"""Progress towards plan targets: a status per target, area and year from reported values.

Rules (see `assess`):
- Only approved reports count; reports after the assessed year are ignored; the latest one at or before it is
  used. Every reported value is first converted to the target's unit (data.units.convert).
- Increment targets (comparator reduce_by / increase_by, or an indicator naming what is added or completed —
  INCREMENT_WORDS — measured in an extensive unit such as 万千瓦, 个 or 万平方米): the reported value is the
  amount achieved since base_year (2020 when empty), so the baseline is 0 at base_year.
- Level targets (森林覆盖率达到X%, share ≥ X%, PUE ≤ 1.3, 公园总数 …): the baseline is the earliest approved
  report at or before base_year (2020 when empty), else the earliest approved report before the latest one.
  With no baseline (a single report) the status is judged only against the final target: achieved or behind.
- Annual targets (每年/年均/年度 in indicator or excerpt) are compared to the target value directly.
- A missing target_year defaults to the plan's period_end; the expected value is the linear interpolation
  baseline → target, clamped at target_year.
- "=" and "~" count as reached within TOLERANCE (2 %) below the value; "<=" targets are ceilings.
- kind=baseline rows are not assessable: `assess` raises ValueError, `status_table` skips them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from data import figures, years
from data.i18n import t
from data.units import UNITS, convert

ACHIEVED, ON_TRACK, BEHIND, NO_REPORT = "achieved", "on_track", "behind", "no_report"
# A town's figure for an additive district target that has not been split among the towns: a contribution,
# shown but not judged (data/reporting/obligations.py).
NO_SHARE = "no_share"
STATUSES = (ACHIEVED, ON_TRACK, BEHIND, NO_REPORT, NO_SHARE)  # their colours: layers/palette.py

SAMPLE_PATH = Path(__file__).resolve().parent / "sample_progress.csv"
SAMPLE_SOURCE = "illustrative sample (PeakAtlas demo data)"
REPORT_COLUMNS = ["target_id", "area_code", "year", "value", "unit", "status", "illustrative", "source", "note"]
REPORT_STATUSES = ("approved", "pending")

DEFAULT_BASE_YEAR = years.FIRST_YEAR
TOLERANCE = 0.02  # "=" and "~" are reached within 2 % of the value
INCREMENT_WORDS = re.compile(r"新增|累计|净增|新建|创建|建设|改造|整治|调整|抚育|示范项目")
ANNUAL_WORDS = re.compile(r"每年|年均|年度")
# Canonical units of shares, ratios and grades: a target in one of these is a level, whatever its wording.
INTENSIVE_UNITS = {
    "%",
    "percentage points",
    "×",
    "PUE",
    "star rating",
    "index",
    "kinds",
    "kg/ha",
    "t ce/10k CNY",
    "t CO2/10k CNY",
    "years",
    "days",
}
_TRUE, _FALSE = {"true", "1", "yes"}, {"false", "0", "no"}


class ReportError(ValueError):
    """Raised with every problem in a reports file, one line each: file:row N:field: message."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Assessment:
    status: str
    year: int
    latest_value: float | None  # in the target's unit
    latest_year: int | None
    expected_value: float | None  # on the trajectory at `year` (the target itself for annual targets)
    target_value: float
    baseline_value: float | None
    baseline_year: int | None
    progress_share: float | None  # baseline → target share, ≥ 0; ≥ 1 once achieved; else None without baseline
    illustrative: bool  # any value used is illustrative
    pending: bool  # pending reports at or before `year` exist and were not counted


# --- target properties -------------------------------------------------------------------------------------


def _blank(v) -> bool:
    return v is None or v == "" or (isinstance(v, float) and math.isnan(v))


def _year(v) -> int | None:
    return None if _blank(v) else int(float(v))


def target_year(target: Mapping) -> int | None:
    """The year the target is due; when the row gives none, the end of its plan's period."""
    ty = _year(target.get("target_year"))
    if ty is None and not _blank(target.get("plan_id")):
        from data import plan_data  # lazy: only needed for rows without a target year

        ty = plan_data.periods().get(target["plan_id"], (None, None))[1]
    return ty


def base_year(target: Mapping) -> int:
    return _year(target.get("base_year")) or DEFAULT_BASE_YEAR


def is_annual(target: Mapping) -> bool:
    text = f"{target.get('indicator_zh') or ''} {target.get('excerpt') or ''}"
    return bool(ANNUAL_WORDS.search(text))


def is_increment(target: Mapping) -> bool:
    """Reported values are amounts achieved since base_year (baseline 0) rather than levels."""
    if target.get("comparator") in ("reduce_by", "increase_by"):
        return True
    canon = UNITS.get(target.get("unit") or "", ("",))[0]
    return canon not in INTENSIVE_UNITS and bool(INCREMENT_WORDS.search(target.get("indicator_zh") or ""))


def _meets(value: float, threshold: float, comparator: str) -> bool:
    eps = 1e-9 * max(1.0, abs(threshold))
    if comparator == "<=":
        return value <= threshold + eps
    if comparator in ("=", "~"):
        return value >= threshold - TOLERANCE * abs(threshold) - eps
    return value >= threshold - eps  # ">=", "reduce_by", "increase_by": higher is better


def _interpolate(year: int, b_year: int, b_value: float, t_year: int | None, t_value: float) -> float:
    if t_year is None or t_year <= b_year:
        return t_value
    y = min(max(year, b_year), t_year)
    return b_value + (t_value - b_value) * (y - b_year) / (t_year - b_year)


# --- reports -----------------------------------------------------------------------------------------------


def load_reports(path: str | Path | None = None, targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """Read and validate a progress reports CSV (default: the illustrative sample).

    Raises ReportError (a ValueError) naming file, row and field for an unknown or baseline target id, a bad
    area code, year, value, status or illustrative flag, a unit not convertible to the target's unit, or a
    percentage outside 0–100 for a level target.
    """
    path = Path(path) if path else SAMPLE_PATH
    if targets is None:
        from data.plan_data import load_targets

        targets = load_targets()
    by_id = targets.set_index("id")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in REPORT_COLUMNS if c not in raw.columns and c != "note"]
    if missing:
        raise ReportError([f"{path}: missing columns {missing}"])
    rows, problems = [], []
    for n, rec in enumerate(raw.to_dict("records"), start=2):  # row 1 is the header
        rec = {k: (rec.get(k) or "").strip() for k in REPORT_COLUMNS}
        bad: list[tuple[str, str]] = []  # (field, message)
        target = by_id.loc[rec["target_id"]] if rec["target_id"] in by_id.index else None
        if target is None:
            bad.append(("target_id", f"unknown target id {rec['target_id']!r}"))
        elif target["kind"] != "target":
            bad.append(("target_id", f"{rec['target_id']} is a {target['kind']}, not an assessable target"))
        if not re.fullmatch(r"\d{6}|\d{9}", rec["area_code"]):
            bad.append(("area_code", f"{rec['area_code']!r} is not a 6- or 9-digit code"))
        bad += _figure_problems(rec, target)
        if rec["status"] not in REPORT_STATUSES:
            bad.append(("status", f"{rec['status']!r} is not one of {REPORT_STATUSES}"))
        if rec["illustrative"].lower() not in _TRUE | _FALSE:
            bad.append(("illustrative", f"{rec['illustrative']!r} is not true or false"))
        if not rec["source"]:
            bad.append(("source", "a report needs its source"))
        problems += [f"{path}:row {n}:{field}: {msg}" for field, msg in bad]
        if not bad:
            rows.append(
                {
                    **rec,
                    "year": int(rec["year"]),
                    "value": float(rec["value"]),
                    "illustrative": rec["illustrative"].lower() in _TRUE,
                }
            )
    if problems:
        raise ReportError(problems)
    out = pd.DataFrame(rows, columns=REPORT_COLUMNS)
    return out.astype({"year": int, "value": float, "illustrative": bool})


def _figure_problems(rec: dict, target: Mapping | None) -> list[tuple[str, str]]:
    """(field, message) for the year, value and unit of one row, by the rules of every figure (data/figures.py)."""
    found: list[tuple[str, figures.Why]] = []
    yr, why = figures.year(rec["year"])
    if why or yr not in years.YEARS:
        found.append(("year", why or ("err_not_year", {"shown": repr(rec["year"])})))
    value, why = figures.number(rec["value"])
    if why:
        found.append(("value", why))
    if target is None:
        if rec["unit"] not in UNITS:
            found.append(("unit", ("err_unit_unknown", {"unit": rec["unit"]})))
    elif why := figures.unit_problem(rec["unit"], target["unit"]):
        found.append(("unit", why))
    elif value is not None and (why := figures.in_range(dict(target), value, rec["unit"])[1]):
        found.append(("value", why))
    return [(field, t(key, "en", **params)) for field, (key, params) in found]


def _figures_of(target: Mapping, reports: pd.DataFrame, area_code: str) -> list[dict]:
    """This target's figures for one area as records (year, value in the target's unit, status, illustrative),
    oldest first: the assessment below runs on these, not on frames (a district page judges hundreds of
    (area, target, year) triples, most with no figure or a few)."""
    if reports.empty:
        return []
    r = reports[(reports["target_id"] == target["id"]) & (reports["area_code"] == area_code)]
    rows = [
        {"year": y, "value": convert(v, u, target["unit"]), "status": st, "illustrative": ill}
        for y, v, u, st, ill in zip(r["year"], r["value"], r["unit"], r["status"], r["illustrative"])
    ]
    return sorted(rows, key=lambda row: row["year"])  # stable: figures of one year keep their order


# --- assessment --------------------------------------------------------------------------------------------


def _assessable(target: Mapping) -> None:
    if target.get("kind", "target") != "target":
        raise ValueError(f"{target.get('id')} is a {target.get('kind')} row, not an assessable target")


def assess(target: Mapping, reports: pd.DataFrame, year: int, area_code: str | None = None) -> Assessment:
    """Status of a target (a targets row) in an area (default: the target's own) as of `year`."""
    _assessable(target)
    return _assess(target, _figures_of(target, reports, area_code or target["area_code"]), year)


def _baseline(target: Mapping, approved: list[dict], annual: bool) -> tuple[float, int, bool] | None:
    """(value, year, illustrative) progress counts from; annual targets have none."""
    if annual:
        return None
    if is_increment(target):
        return (0.0, base_year(target), False)
    if not approved:
        return None
    early = [f for f in approved if f["year"] <= base_year(target)]
    first = early[0] if early else approved[0]
    if early or first["year"] < approved[-1]["year"]:  # a lone report is no baseline
        return (float(first["value"]), int(first["year"]), bool(first["illustrative"]))
    return None


def _assess(target: Mapping, figures: list[dict], year: int) -> Assessment:
    comparator, t_value, t_year = target["comparator"], float(target["value"]), target_year(target)
    seen = [f for f in figures if f["year"] <= year]
    approved = [f for f in seen if f["status"] == "approved"]
    pending = any(f["status"] == "pending" for f in seen)
    annual = is_annual(target)
    baseline = _baseline(target, approved, annual)
    if annual:
        expected = t_value
    elif baseline:
        expected = _interpolate(year, baseline[1], baseline[0], t_year, t_value)
    else:
        expected = None

    b_value, b_year = (baseline[0], baseline[1]) if baseline else (None, None)
    if not approved:
        return Assessment(NO_REPORT, year, None, None, expected, t_value, b_value, b_year, None, False, pending)

    latest = approved[-1]
    value = float(latest["value"])
    if _meets(value, t_value, comparator):
        status = ACHIEVED
    elif expected is not None and not annual and _meets(value, expected, comparator):
        status = ON_TRACK
    else:
        status = BEHIND

    # Share of the way from baseline to target (≥ 1 once achieved); an annual "at least" target counts from 0.
    start = 0.0 if annual and comparator != "<=" else b_value
    share = None
    if start is not None:
        span = t_value - start
        share = 0.0 if span == 0 else max(0.0, (value - start) / span)
    if status == ACHIEVED:  # also for "=" / "~" reached within tolerance, and without a baseline
        share = max(share or 0.0, 1.0)
    illustrative = bool(latest["illustrative"]) or bool(baseline and baseline[2])
    return Assessment(
        status, year, value, int(latest["year"]), expected, t_value, b_value, b_year, share, illustrative, pending
    )


def trajectory(
    target: Mapping, reports: pd.DataFrame, years: Iterable[int] | None = None, area_code: str | None = None
) -> pd.DataFrame:
    """Per year: the expected value on the trajectory, the approved reported value (NaN if none) and the status.

    The line uses the baseline known at the last year shown, so early years are drawn even for level targets.
    """
    _assessable(target)
    figures = _figures_of(target, reports, area_code or target["area_code"])
    approved = [f for f in figures if f["status"] == "approved"]
    if years is None:
        start = min([base_year(target), *(f["year"] for f in approved)])
        end = max([target_year(target) or start, *(f["year"] for f in approved)])
        years = range(start, end + 1)
    years = list(years)
    final = _assess(target, figures, max(years)) if years else None
    rows = []
    for y in years:
        if final is None or final.expected_value is None:
            expected = None
        elif final.baseline_year is None:  # annual target: the target itself every year
            expected = final.expected_value
        else:
            expected = _interpolate(
                y, final.baseline_year, final.baseline_value, target_year(target), final.target_value
            )
        in_year = [f["value"] for f in approved if f["year"] == y]
        rows.append(
            {
                "year": y,
                "expected": expected,
                "reported": float(in_year[-1]) if in_year else math.nan,
                "status": _assess(target, figures, y).status,
            }
        )
    return pd.DataFrame(rows, columns=["year", "expected", "reported", "status"]).astype(
        {"expected": float, "reported": float}
    )


# one row per (target, area) judged: what status_table returns
STATUS_COLUMNS = [
    "target_id",
    "area_code",
    "status",
    "latest_value",
    "expected_value",
    "target_value",
    "progress_share",
    "illustrative",
    "pending",
]


def status_table(targets: pd.DataFrame, reports: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per (target, area): each kind=target row in its own area, plus any other area it has reports for."""
    areas_by_target = reports.groupby("target_id")["area_code"].agg(lambda s: sorted(set(s))).to_dict()
    rows = []
    for target in targets[targets["kind"] == "target"].to_dict("records"):
        extra = [a for a in areas_by_target.get(target["id"], []) if a != target["area_code"]]
        for area in [target["area_code"], *extra]:
            a = assess(target, reports, year, area)
            rows.append(
                {
                    "target_id": target["id"],
                    "area_code": area,
                    "status": a.status,
                    "latest_value": a.latest_value,
                    "expected_value": a.expected_value,
                    "target_value": a.target_value,
                    "progress_share": a.progress_share,
                    "illustrative": a.illustrative,
                    "pending": a.pending,
                }
            )
    return pd.DataFrame(rows, columns=STATUS_COLUMNS)
