"""Rows for the progress choropleth: one per area with a target of the chosen indicator, judged as the area
owes it (data/reporting/obligations.py: a town against its share, a district on its towns' sum)."""

from __future__ import annotations

import functools

import pandas as pd

from data import gazetteer_data, indicators, plan_data
from data.i18n import t
from data.reporting import obligations
from layers.progress_text import progress_line

INDICATOR_NONE = "none"


def _in_scope(code: str, scope: str | None) -> bool:
    """A target belongs to a view when its area lies in the view or the view lies in its area."""
    return scope is None or gazetteer_data.is_within(code, scope) or gazetteer_data.is_within(scope, code)


def indicator_choices(scope: str | None) -> list[str]:
    """Indicator keys with at least one target in the view, in the order of indicators.INDICATORS."""
    return list(_choices(scope))


@plan_data.derived
@functools.cache  # every run of the map page asks; emptied when published plans change the plan data
def _choices(scope: str | None) -> tuple[str, ...]:
    targets = indicators.keyed_targets()
    present = {k for k, c in zip(targets["indicator_key"], targets["area_code"]) if k and _in_scope(c, scope)}
    return tuple(k for k in indicators.INDICATORS if k in present)


def indicator_label(key: str, lang: str) -> str:
    return indicators.label(key, lang)


def indicator_statuses(
    indicator_key: str, scope: str | None, year: int, reports: pd.DataFrame, allocations: pd.DataFrame | None = None
) -> pd.DataFrame:
    """obligations.area_statuses for every target of the indicator in the view."""
    targets = indicators.keyed_targets()
    targets = targets[(targets["indicator_key"] == indicator_key) & (targets["kind"] == "target")]
    ids = [i for i, c in zip(targets["id"], targets["area_code"]) if _in_scope(c, scope)]
    return obligations.area_statuses(ids, reports, year, allocations, scope)


def choropleth_rows(statuses: pd.DataFrame, year: int, lang: str) -> tuple[dict, ...]:
    """One row per area of indicator_statuses(...) (the target due next where an area has several): status,
    its label and the progress line shown on hover, click and in the clicked area's panel."""
    rows: dict[str, dict] = {}
    for r in statuses.to_dict("records"):
        prev = rows.get(r["area_code"])
        if prev is None or _due_rank(r["due_year"], year) < _due_rank(prev["target_year"], year):
            rows[r["area_code"]] = {
                "area_code": r["area_code"],
                "status": r["status"],
                "label": t(f"status_{r['status']}", lang),
                "detail": progress_line(r, year, lang),
                "illustrative": bool(r["illustrative"]),
                "target_year": r["due_year"],
                "target_id": r["target_id"],
            }
    return tuple(rows.values())


def _due_rank(target_year, year: int) -> tuple[int, int]:
    """Targets due this year or later first (soonest first), then past ones (latest first)."""
    ty = int(target_year) if target_year == target_year and target_year is not None else 9999
    return (0, ty) if ty >= year else (1, -ty)
