"""What an area owes under the plans: the ONE definition behind the report form, the upload template, the
checks of a reported figure, the area pages, the map's progress colours and the reporting gaps.

An area owes a target (kind=target) when
- own:      the plan sets it for this area itself;
- share:    a district reviewer split the target among the towns and this town has a share (目标分解);
- assigned: it is a target of the area just above and the plan names every area of this level among its
            responsible units (责任单位 "各街镇" for a district's towns, "各区" for a city's districts);
- measure:  a place measure of the plan located in this area is linked to it (a whole-town PV pilot → the
            district's new-PV target).
Targets of areas above that none of these name (Shanghai's gas supply, for a Songjiang town) are not owed.
With a year, targets past their due year are left out.

Judging (judge): against the area's share where one exists; an additive target without a share is the
area's contribution — shown (reported or not) but not judged (status NO_SHARE), since the whole district
target is not the town's to reach; a non-additive target (a rate, a level, a per-town count) is judged
against the plan's own value in the area. Pure functions: allocations and figures are passed in.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping

import pandas as pd

from data import gazetteer_data as gaz
from data import plan_data, progress
from data.reporting import targets as tg

OWN, SHARE, ASSIGNED, MEASURE = "own", "share", "assigned", "measure"
BASES = (OWN, SHARE, MEASURE, ASSIGNED)  # also the order rows are listed in
# Responsible units that name every area one level down (the plan makes each of them answer for the target).
_EVERY_CHILD = {
    "town": re.compile(r"^各(街镇|镇|乡镇|街道|镇街|乡镇街道|镇[(（]街道[)）]|乡镇[(（]街道[)）])$"),
    "district": re.compile(r"^各(区|县|区县|县区|县[(（]市、区[)）])$"),
}
COLUMNS = [
    "target_id",
    "plan_id",
    "section",
    "indicator_zh",
    "indicator_en",
    "comparator",
    "target_value",
    "unit",
    "due_year",
    "target_area",
    "area_code",
    "basis",
    "share",
    "share_version",
    "additive",
    "measure_ids",
    "responsible",
    "excerpt",
]
STATUS_COLUMNS = [
    "judged_value",
    "latest_value",
    "latest_year",
    "expected_value",
    "status",
    "progress_share",
    "source",
    "pending",
    "illustrative",
]
CONTEXT_COLUMNS = ["context_latest_value", "context_judged_value", "context_status"]


def level_of(code: str) -> str | None:
    if code in gaz.towns().index:
        return "town"
    d = gaz.districts()
    return d.loc[code, "level"] if code in d.index else None


def _names_every_child(target: Mapping) -> bool:
    pattern = _EVERY_CHILD.get(next((level_of(c) for c in gaz.children(target["area_code"])), ""))
    return bool(pattern) and any(pattern.match(u) for u in target["responsible"])


@plan_data.derived
@functools.cache
def _static() -> dict[str, dict[str, dict]]:
    """area → target id → {"bases": set, "measures": [measure ids]}, from the plan data alone."""
    from data.plan_data import load_measures

    out: dict[str, dict[str, dict]] = {}

    def add(area: str, tid: str, basis: str, measure: str | None = None) -> None:
        entry = out.setdefault(area, {}).setdefault(tid, {"bases": set(), "measures": []})
        entry["bases"].add(basis)
        if measure and measure not in entry["measures"]:
            entry["measures"].append(measure)

    targets = tg.table()
    for t in targets.to_dict("records"):
        add(t["area_code"], t["id"], OWN)
        if _names_every_child(t):
            for child in gaz.children(t["area_code"]):
                add(child, t["id"], ASSIGNED)
    for m in load_measures().to_dict("records"):
        for tid in m["target_ids"]:
            if tid not in targets.index:
                continue
            below = gaz.lineage(m["area_code"])
            owner = targets.loc[tid, "area_code"]
            if owner in below[1:]:  # the measure lies strictly inside the target's area
                for area in below[: below.index(owner)]:
                    add(area, tid, MEASURE, m["id"])
    return out


def owing_areas(target_id: str, allocations: pd.DataFrame | None = None) -> list[str]:
    """Every area that owes the target (its own area first)."""
    areas = [a for a, owed in _static().items() if target_id in owed]
    if allocations is not None and len(allocations):
        areas += list(allocations.loc[allocations["target_id"] == target_id, "area_code"])
    own = tg.get(target_id)["area_code"] if tg.get(target_id) else None
    return sorted(dict.fromkeys(areas), key=lambda a: (a != own, a))


def owed(area_code: str, year: int | None = None, allocations: pd.DataFrame | None = None) -> pd.DataFrame:
    """The targets `area_code` owes (see the module doc), one row each in COLUMNS; with `year`, only those not
    past due in that year. `allocations`: stored shares (reporting.allocations_frame), any area's."""
    entries = {
        tid: {"bases": set(e["bases"]), "measures": list(e["measures"])}
        for tid, e in _static().get(area_code, {}).items()
    }
    shares: dict[str, tuple[float, int]] = {}
    if allocations is not None and len(allocations):
        mine = allocations[allocations["area_code"] == area_code]
        for tid, value, version in zip(mine["target_id"], mine["value"], mine["version"]):
            shares[tid] = (float(value), int(version))
            entries.setdefault(tid, {"bases": set(), "measures": []})["bases"].add(SHARE)
    rows = []
    for tid, e in entries.items():
        t = tg.get(tid)
        if t is None or (year is not None and year > tg.due_year(t)):
            continue
        share, version = shares.get(tid, (math.nan, None))
        rows.append(
            {
                "target_id": tid,
                "plan_id": t["plan_id"],
                "section": t["section"],
                "indicator_zh": t["indicator_zh"],
                "indicator_en": t["indicator_en"],
                "comparator": t["comparator"],
                "target_value": float(t["value"]),
                "unit": t["unit"],
                "due_year": tg.due_year(t),
                "target_area": t["area_code"],
                "area_code": area_code,
                "basis": tuple(b for b in BASES if b in e["bases"]),
                "share": share,
                "share_version": version,
                "additive": tg.is_additive(t),
                "measure_ids": tuple(e["measures"]),
                "responsible": tuple(t["responsible"]),
                "excerpt": t["excerpt"],
            }
        )
    rows.sort(key=lambda row: (min(BASES.index(b) for b in row["basis"]), row["target_id"]))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["share_version"] = pd.array([row["share_version"] for row in rows], dtype="Int64")
    return frame


def owed_ids(area_code: str, allocations: pd.DataFrame | None = None) -> set[str]:
    """Target ids the area may report on (any year)."""
    return set(owed(area_code, None, allocations)["target_id"])


def judge(row: Mapping, reports: pd.DataFrame, year: int) -> dict:
    """STATUS_COLUMNS for one owed row as of `year`, from figures in progress.REPORT_COLUMNS (a district's
    additive figures already summed from its towns, see allocation.district_reports_frame)."""
    t = tg.get(row["target_id"])
    area = row["area_code"]
    has_share = not pd.isna(row["share"])
    judged = OWN in row["basis"] or has_share or not row["additive"]
    target = {**t, "value": row["share"], "area_code": area} if has_share else {**t, "area_code": area}
    a = progress.assess(target, reports, year, area)
    status = a.status if judged else (progress.NO_SHARE if a.latest_value is not None else progress.NO_REPORT)
    source = (
        ("illustrative" if a.illustrative else "reported")
        if a.latest_value is not None
        else ("pending" if a.pending else "none")
    )
    return {
        "judged_value": float(target["value"]) if judged else math.nan,
        "latest_value": a.latest_value,
        "latest_year": a.latest_year,
        "expected_value": a.expected_value if judged else None,
        "status": status,
        "progress_share": a.progress_share if judged else None,
        "source": source,
        "pending": a.pending,
        "illustrative": a.illustrative,
    }


def with_status(owed_rows: pd.DataFrame, reports: pd.DataFrame, year: int) -> pd.DataFrame:
    """owed() rows with STATUS_COLUMNS added, and CONTEXT_COLUMNS: where the target belongs to an area above,
    how that area stands on it (the district's sum against the district's target)."""
    judged, context = [], []
    # each row is judged on its own (target, area) figures: split once here, not filtered from all per row
    areas = set(owed_rows["area_code"]) | set(owed_rows["target_area"])
    mine = reports[reports["area_code"].isin(areas)]
    split = dict(tuple(mine.groupby(["target_id", "area_code"], sort=False))) if len(mine) else {}
    none = reports.iloc[:0]

    def figures_of(row: Mapping) -> pd.DataFrame:
        return split.get((row["target_id"], row["area_code"]), none)

    for r in owed_rows.to_dict("records"):
        judged.append(judge(r, figures_of(r), year))
        above = r["target_area"] != r["area_code"]
        whole_row = {**r, "area_code": r["target_area"], "basis": (OWN,), "share": math.nan}
        whole = judge(whole_row, figures_of(whole_row), year) if above else {}
        context.append({"context_" + k: whole.get(k) for k in ("latest_value", "judged_value", "status")})
    return pd.concat(
        [
            owed_rows.reset_index(drop=True),
            pd.DataFrame(judged, columns=STATUS_COLUMNS),
            pd.DataFrame(context, columns=CONTEXT_COLUMNS),
        ],
        axis=1,
    )


def area_statuses(
    target_ids: Iterable[str],
    reports: pd.DataFrame,
    year: int,
    allocations: pd.DataFrame | None = None,
    scope: str | None = None,
) -> pd.DataFrame:
    """For the map: each target in its own area, plus every area below that owes it and has something to show
    (a share, or a figure); with `scope`, only areas inside it or containing it. owed() + STATUS_COLUMNS."""
    reported = set(zip(reports["target_id"], reports["area_code"]))
    frames = []
    for tid in dict.fromkeys(target_ids):
        t = tg.get(tid)
        if t is None:
            continue
        for area in owing_areas(tid, allocations):
            if scope is not None and not (gaz.is_within(area, scope) or gaz.is_within(scope, area)):
                continue
            rows = owed(area, None, allocations)
            rows = rows[rows["target_id"] == tid]
            if area != t["area_code"] and not (rows["share"].notna().any() or (tid, area) in reported):
                continue
            frames.append(rows)
    if not frames:
        return pd.DataFrame(columns=COLUMNS + STATUS_COLUMNS + CONTEXT_COLUMNS)
    return with_status(pd.concat(frames, ignore_index=True), reports, year)
