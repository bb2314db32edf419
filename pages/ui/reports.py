"""Shared, cached access to the reporting store for the pages (Streamlit glue only).

Freshness: every cached read below takes the store's revision (reporting.store_revision, which changes with
every write of any app instance sharing the store, plus the boundary store's version) as a NORMAL parameter —
Streamlit does not hash parameters whose names start with "_" — so a write shows on every page of every
session at its next run, with no restart."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data import area_summary, gazetteer_data, reporting
from data.progress_source import display_reports
from layers import area_report, boundaries
from layers.choropleth import choropleth_rows
from layers.choropleth import indicator_statuses as _indicator_statuses
from layers.headline import cards_html, indicator_cards


@st.cache_resource(show_spinner=False)
def _engine(url: str):
    return reporting.open_engine(url)


def engine():
    """One migrated engine per database (SQLite file or PEAKATLAS_DB_URL) per server process."""
    return _engine(reporting.database_url())


def revision() -> tuple:
    """The key of every cached read of the store: (audit rows, highest audit id, boundary store version)."""
    with reporting.open_session(engine()) as s:
        return (*reporting.store_revision(s), boundaries.version())


@st.cache_data(show_spinner=False, max_entries=4)
def _figures(store_revision: tuple) -> tuple[pd.DataFrame, str]:
    with reporting.open_session(engine()) as s:
        return display_reports(s)


def progress_reports() -> tuple[pd.DataFrame, str, tuple]:
    """The figures to show, their mode ("sample", "demo" or "real") and the revision they were read at (the
    key for anything built from them)."""
    key = revision()
    frame, mode = _figures(key)
    return frame, mode, key


@st.cache_data(show_spinner=False, max_entries=16)
def shares(district: str | None, store_revision: tuple) -> pd.DataFrame:
    """The stored shares of a district (all districts for None)."""
    with reporting.open_session(engine()) as s:
        if district is not None:
            return reporting.stored_shares(s, district)
        frames = [reporting.stored_shares(s, d) for d in gazetteer_data.districts_with_towns()]
    return pd.concat(frames, ignore_index=True)


@st.cache_data(show_spinner=False, max_entries=64)
def owed_status(area: str, year: int, store_revision: tuple) -> pd.DataFrame:
    """What the area owes for `year` with its status, as the app shows it (sample figures while the store is
    empty)."""
    figures = _figures(store_revision)[0]
    with reporting.open_session(engine()) as s:
        return reporting.owed_status(s, area, year, figures)


@st.cache_data(show_spinner=False, max_entries=16)
def district_breakdown(district: str, year: int, store_revision: tuple) -> pd.DataFrame:
    figures = _figures(store_revision)[0]
    with reporting.open_session(engine()) as s:
        return reporting.district_breakdown(s, district, year, figures)


@st.cache_data(show_spinner=False, max_entries=32)
def area_page_report(code: str, year: int, lang: str, store_revision: tuple) -> area_report.AreaReport:
    """An area's page as data (layers/area_report.py), built once per area, year, language and store revision
    for every session (a district's charts take ~0.6 s: each trajectory is judged year by year)."""
    district = area_summary.info(code).has_towns
    return area_report.build(
        code,
        year,
        lang,
        owed_status(code, year, store_revision),
        _figures(store_revision)[0],
        district_breakdown(code, year, store_revision) if district else None,
        gaps(code, year, store_revision) if district else None,
    )


@st.cache_data(show_spinner=False, max_entries=16)
def gaps(district: str, year: int, store_revision: tuple) -> pd.DataFrame:
    with reporting.open_session(engine()) as s:
        return reporting.gaps(s, district, year)


@st.cache_data(show_spinner=False, max_entries=32)
def gap_counts(scope: str | None, year: int, store_revision: tuple) -> tuple[tuple[str, int], ...]:
    """(area code, number of owed targets without an approved figure for `year`) in the districts with towns
    that the view covers."""
    districts = [
        d
        for d in gazetteer_data.districts_with_towns()
        if gazetteer_data.is_within(d, scope) or (scope is not None and gazetteer_data.is_within(scope, d))
    ]
    frames = [gaps(d, year, store_revision) for d in districts]
    counts = pd.concat(frames)["area_code"].value_counts() if frames else pd.Series(dtype=int)
    return tuple((str(c), int(n)) for c, n in counts.items())


@st.cache_data(show_spinner=False, max_entries=64)
def indicator_statuses(indicator: str, scope: str | None, year: int, store_revision: tuple) -> pd.DataFrame:
    """Every area's status on a progress indicator in a view: the map's colours and headline figures."""
    return _indicator_statuses(indicator, scope, year, _figures(store_revision)[0], shares(None, store_revision))


@st.cache_data(show_spinner=False, max_entries=64)
def choropleth(indicator: str, scope: str | None, year: int, lang: str, store_revision: tuple) -> tuple[tuple, str]:
    """The map's status rows for a progress indicator in a view (layers.choropleth.choropleth_rows) and its
    headline cards as HTML: built once per view, language and revision, not again by every session's run."""
    statuses = indicator_statuses(indicator, scope, year, store_revision)
    return choropleth_rows(statuses, year, lang), cards_html(indicator_cards(statuses, scope, year, lang))
