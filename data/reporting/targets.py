"""Which plan targets an area reports on, their reporting years, and whether a target can be split."""

from __future__ import annotations

import functools
import re

import pandas as pd

from data import gazetteer_data as gaz
from data import plan_data, progress
from data.units import UNITS

YEARS_AFTER = 5  # figures may be reported up to this many years after the plan period / due year
# Shares, ratios, radii, averages and per-unit figures do not add up across towns, whatever their unit.
NON_ADDITIVE_WORDS = re.compile(r"率|比例|占比|比重|半径|平均|每个|每万|人均|强度|密度|指数|星级")


@plan_data.derived
@functools.cache
def table() -> pd.DataFrame:
    """Every kind=target row, indexed by id."""
    from data.plan_data import load_targets

    t = load_targets()
    return t[t["kind"] == "target"].set_index("id", drop=False)


@plan_data.derived
@functools.cache
def _all_ids() -> dict[str, str]:
    from data.plan_data import load_targets

    t = load_targets()
    return dict(zip(t["id"], t["kind"]))


def kind_of(target_id: str) -> str | None:
    """'target', 'baseline', or None for an unknown id."""
    return _all_ids().get(target_id)


def get(target_id: str) -> dict | None:
    """The targets row (kind=target only) as a dict (the caller's own copy), or None."""
    row = plan_data.target_rows().get(target_id)
    return dict(row) if row is not None and row["kind"] == "target" else None


def due_year(target: dict) -> int:
    return progress.target_year(target) or plan_data.periods()[target["plan_id"]][1]


def year_range(target: dict) -> tuple[int, int]:
    """Years a figure may be reported for: from the earlier of the plan's start and the target's base year (the
    baseline figure) to YEARS_AFTER years after the later of the plan's end and the due year (e.g. 2020–2035)."""
    start, end = plan_data.periods()[target["plan_id"]]
    lo = min(start, progress.base_year(target))
    hi = max(end, due_year(target)) + YEARS_AFTER
    return lo, hi


def applicable(area_code: str, year: int | None = None) -> pd.DataFrame:
    """Targets an area reports on (its own and those of every area above it); with `year`, only those not yet
    past their due year. Sorted by target id."""
    t = table()
    t = t[t["area_code"].isin(gaz.lineage(area_code))]
    if year is not None:
        t = t[[year <= due_year(r) for r in t.to_dict("records")]]
    return t.reset_index(drop=True).sort_values("id", kind="stable").reset_index(drop=True)


def is_additive(target: dict) -> bool:
    """Town figures add up to the district figure: an extensive unit (MW, 个, 万平方米 …, not data.progress's
    INTENSIVE_UNITS), no relative comparator (reduce_by / increase_by) and no ratio wording in the indicator."""
    canon = UNITS.get(target["unit"], ("",))[0]
    return (
        canon not in progress.INTENSIVE_UNITS
        and target["comparator"] not in ("reduce_by", "increase_by")
        and not NON_ADDITIVE_WORDS.search(target.get("indicator_zh") or "")
    )
