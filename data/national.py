"""The national overview's join (全国概览): which plans cover each county-level unit, and how it stands.

A plan covers a county when its jurisdiction is the county itself or an area above it in the gazetteer
(上海市's plan covers Shanghai's 16 districts, 嘉兴市's plan its 7 county units). How a county stands comes from
the rules every page uses (obligations.owed + with_status, with the figures the app shows): of the targets it
owes that are judged, the worst status shows — behind before on track before achieved — so a county behind on
any target stands out; a county that owes nothing judged yet is PLAN_ONLY. Pure: figures and shares are passed
in."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd

from data import gazetteer_data, plan_data, progress
from data.reporting import obligations

PLAN_ONLY = "plan_only"  # a plan covers it, no judged figure (yet)
NO_PLAN = "no_plan"  # no plan in PeakAtlas covers it
WORST_FIRST = (progress.BEHIND, progress.ON_TRACK, progress.ACHIEVED)
STATUSES = (*WORST_FIRST, PLAN_ONLY, NO_PLAN)  # the legend's order; colours in layers/palette.py


@dataclass(frozen=True)
class CountyStatus:
    code: str
    status: str  # one of STATUSES
    plan_ids: tuple[str, ...]  # the plans covering it, its own first
    counts: tuple[tuple[str, int], ...]  # (progress status, targets) of what it owes, progress.STATUSES order
    illustrative: bool  # a figure behind its status is illustrative sample data


PROVINCES_FILE = gazetteer_data.GAZETTEER_DIR / "provinces.csv"


@functools.cache
def provinces() -> pd.DataFrame:
    """Provincial-level units: code (2 digits, the start of every county code in them), name, name_en."""
    return pd.read_csv(PROVINCES_FILE, dtype=str, keep_default_na=False).set_index("code", drop=False)


def _counties_in(code: str) -> list[str]:
    """The county-level units of the gazetteer at or below `code`."""
    d = gazetteer_data.districts()
    if code not in d.index:
        return []
    if d.loc[code, "level"] == "district":
        return [code]
    return [c for child in gazetteer_data.children(code) for c in _counties_in(child)]


def covering_plans() -> dict[str, tuple[str, ...]]:
    """County code → ids of the plans covering it, the nearest jurisdiction first (松江区's own plan, then
    上海市's)."""
    plans = plan_data.load_plans()
    out: dict[str, list[tuple[int, str]]] = {}
    for pid, where in zip(plans["id"], plans["jurisdiction_code"]):
        for county in _counties_in(where):
            out.setdefault(county, []).append((gazetteer_data.lineage(county).index(where), pid))
    return {c: tuple(pid for _, pid in sorted(found)) for c, found in sorted(out.items())}


def summarise(code: str, plan_ids: tuple[str, ...], owed: pd.DataFrame) -> CountyStatus:
    """A county's status from its owed rows with their status (obligations.with_status)."""
    counts = owed["status"].value_counts() if len(owed) else pd.Series(dtype=int)
    status = next((s for s in WORST_FIRST if s in counts), PLAN_ONLY)
    judged = owed[owed["status"].isin(WORST_FIRST)] if len(owed) else owed
    return CountyStatus(
        code,
        status,
        plan_ids,
        tuple((s, int(counts[s])) for s in progress.STATUSES if s in counts),
        bool(len(judged)) and bool(judged["illustrative"].fillna(False).astype(bool).any()),
    )


def county_statuses(year: int, figures: pd.DataFrame, allocations: pd.DataFrame | None) -> dict[str, CountyStatus]:
    """Every county a plan covers, with its status for `year` from `figures` (progress.REPORT_COLUMNS, what the
    app shows) and the stored shares. Counties not in the result have NO_PLAN."""
    return {
        code: summarise(code, plans, obligations.with_status(obligations.owed(code, year, allocations), figures, year))
        for code, plans in covering_plans().items()
    }
