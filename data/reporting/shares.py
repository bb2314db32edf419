"""Stored shares (目标分解) as obligations.owed() takes them, and the targets an area may report on.

Kept apart from allocation.py (which writes shares) so the checks of a reported figure can read them without
importing the writers."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from data import gazetteer_data as gaz
from data.reporting import obligations as ob
from data.reporting.models import allocations

COLUMNS = ["target_id", "district_code", "area_code", "value", "unit", "version"]


def district_of(area_code: str) -> str | None:
    """The district an area belongs to (itself for a district); None for a city."""
    return next((c for c in gaz.lineage(area_code) if ob.level_of(c) == "district"), None)


def stored_shares(session: Session, district: str | None) -> pd.DataFrame:
    """The district's stored shares (none for None), value in the target's unit."""
    if district is None:
        return pd.DataFrame(columns=COLUMNS)
    q = select(*(allocations.c[c] for c in COLUMNS)).where(allocations.c.district_code == district)
    return pd.DataFrame([dict(r) for r in session.execute(q).mappings()], columns=COLUMNS)


def owed_ids(session: Session, area_code: str) -> set[str]:
    """Target ids the area may report on (any year): obligations.owed with the stored shares."""
    return ob.owed_ids(area_code, stored_shares(session, district_of(area_code)))
