"""Which progress figures the app shows, and how to say where they come from.

The reporting store is the source. While it is empty, the app shows the illustrative sample
(data/sample_progress.csv) instead — every such value is flagged illustrative and labelled in the UI; the two
are never mixed: as soon as the store holds figures (real, or the demo loaded into it) only those are shown.
District figures of additive targets are the sums of their towns' approved figures."""

from __future__ import annotations

import pandas as pd
from sqlalchemy.orm import Session

from data import progress
from data.reporting import store_figures, store_mode

SAMPLE = "sample"  # the store is empty: illustrative sample file


def display_reports(session: Session) -> tuple[pd.DataFrame, str]:
    """(figures in progress.REPORT_COLUMNS, mode) with mode "sample", "demo" or "real"."""
    mode = store_mode(session)
    if mode == "empty":
        return progress.load_reports(), SAMPLE
    return store_figures(session)[progress.REPORT_COLUMNS].reset_index(drop=True), mode
