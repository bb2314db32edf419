"""What an export draws, read from the store without Streamlit (the command line; the pages pass their cached
reads instead): an area's AreaReport, a saved view's or an area's MapSpec, and the data state printed on every
export."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd

from data import area_summary, gazetteer_data, jurisdictions, reporting, views
from data.progress_source import display_reports
from layers import area_report, view_spec
from layers.choropleth import indicator_statuses
from layers.exports import stamp
from layers.map_builder import MapSpec


@functools.cache
def engine():
    """The migrated store named by PEAKATLAS_DB_URL (or the embedded SQLite file), once per process."""
    return reporting.open_engine(reporting.database_url())


def figures() -> tuple[pd.DataFrame, str]:
    """The figures the app shows and their mode ("sample", "demo" or "real")."""
    with reporting.open_session(engine()) as s:
        return display_reports(s)


def state_line(lang: str) -> str:
    """The data state and date for a picture of the store as it is now."""
    return stamp.stamp(figures()[1], lang)


@dataclass(frozen=True)
class AreaData:
    owed: pd.DataFrame
    figures: pd.DataFrame
    mode: str
    breakdown: pd.DataFrame | None
    gaps: pd.DataFrame | None


def area_data(code: str, year: int) -> AreaData:
    """What the area page reads for `code` and `year`: owed with status, figures, and for a district with towns
    its towns' breakdown and the reporting gaps."""
    frame, mode = figures()
    district = area_summary.info(code).has_towns
    with reporting.open_session(engine()) as s:
        owed = reporting.owed_status(s, code, year, frame)
        breakdown = reporting.district_breakdown(s, code, year, frame) if district else None
        gaps = reporting.gaps(s, code, year) if district else None
    return AreaData(owed, frame, mode, breakdown, gaps)


def area_report_of(code: str, year: int, lang: str) -> tuple[area_report.AreaReport, AreaData]:
    d = area_data(code, year)
    return area_report.build(code, year, lang, d.owed, d.figures, d.breakdown, d.gaps), d


def _shares() -> pd.DataFrame:
    with reporting.open_session(engine()) as s:
        return pd.concat([reporting.stored_shares(s, d) for d in gazetteer_data.districts_with_towns()])


def statuses(indicator: str, scope: str | None, year: int, reads: tuple | None = None) -> pd.DataFrame:
    """Every area's status on an indicator in a view (as pages/ui/reports.indicator_statuses); `reads`: the
    (figures, shares) of store_reads() when several views are judged at once."""
    frame, shares = reads or store_reads()
    return indicator_statuses(indicator, scope, year, frame, shares)


def store_reads() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The figures the app shows and every stored share, read once."""
    return figures()[0], _shares().reset_index(drop=True)


def view_map(view_id: str, lang: str, present: bool = False) -> tuple[views.View, MapSpec]:
    """A saved view's map (raises KeyError for an unknown id)."""
    view = next((v for v in views.load() if v.id == view_id), None)
    if view is None:
        raise KeyError(view_id)
    scope = jurisdictions.scope_of(view.jurisdiction)
    found = statuses(view.indicator, scope, view_spec.view_year(view)) if view.indicator else None
    return view, view_spec.slide_spec(view, lang, found, present=present)


def area_map(code: str, lang: str, year: int, indicator: str | None = None) -> MapSpec:
    found = statuses(indicator, code, year) if indicator else None
    return view_spec.area_spec(code, lang, year, indicator, found)
