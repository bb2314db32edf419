"""Which progress figures the app shows, and how to say where they come from.

The reporting store is the source. While it is empty, the app shows the illustrative sample
(data/sample_progress.csv) instead — every such value is flagged illustrative and labelled in the UI; the two
are never mixed: as soon as the store holds figures (real, or the demo loaded into it) only those are shown.
District figures of additive targets are the sums of their towns' approved figures."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data import gazetteer_data, progress
from data.reporting import district_reports_frame, reports_frame, store_mode
from data.reporting.models import reports

SAMPLE = "sample"  # the store is empty: illustrative sample file


def stamp(session: Session) -> tuple:
    """Changes whenever a figure is stored, corrected or reviewed (cheap: one aggregate query)."""
    row = session.execute(select(func.count(), func.max(reports.c.updated_at), func.sum(reports.c.version))).one()
    return tuple(str(v) for v in row)


def display_reports(session: Session) -> tuple[pd.DataFrame, str]:
    """(figures in progress.REPORT_COLUMNS, mode) with mode "sample", "demo" or "real"."""
    mode = store_mode(session)
    if mode == "empty":
        return progress.load_reports(), SAMPLE
    frame = reports_frame(session)
    districts = gazetteer_data.towns()["parent_code"].unique()
    for d in districts:
        frame = district_reports_frame(session, d, frame)
    return frame[progress.REPORT_COLUMNS].reset_index(drop=True), mode
