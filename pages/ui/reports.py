"""Shared, cached access to the reporting store for the pages (Streamlit glue only)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from data import gazetteer_data, reporting
from data.progress_source import display_reports, stamp


REPORT_YEAR = 2025  # the latest full year towns report on (the plans run to 2025 and 2030)


@st.cache_resource(show_spinner=False)
def _engine(url: str):
    return reporting.open_engine(url)


def engine():
    """One migrated engine per database (SQLite file or PEAKATLAS_DB_URL) per server process."""
    return _engine(reporting.database_url())


@st.cache_data(show_spinner=False, max_entries=4)
def _reports(_stamp: tuple) -> tuple[pd.DataFrame, str]:
    with reporting.open_session(engine()) as s:
        return display_reports(s)


def progress_reports() -> tuple[pd.DataFrame, str, tuple]:
    """The figures to show, their mode ("sample", "demo" or "real") and the store stamp they were read at
    (a cache key for anything built from them); re-read only when the store changed."""
    with reporting.open_session(engine()) as s:
        key = stamp(s)
    frame, mode = _reports(key)
    return frame, mode, key


@st.cache_data(show_spinner=False, max_entries=32)
def gap_counts(scope: str | None, year: int, store_stamp: tuple) -> tuple[tuple[str, int], ...]:
    """(area code, number of targets without an approved figure for `year`) in the districts with towns that
    the view covers; store_stamp (progress_reports()[2]) makes a new store state a new cache entry."""
    districts = [d for d in gazetteer_data.towns()["parent_code"].unique()
                 if gazetteer_data.is_within(d, scope) or (scope is not None and gazetteer_data.is_within(scope, d))]
    with reporting.open_session(engine()) as s:
        frames = [reporting.gaps(s, d, year) for d in districts]
    counts = pd.concat(frames)["area_code"].value_counts() if frames else pd.Series(dtype=int)
    return tuple((str(c), int(n)) for c, n in counts.items())

