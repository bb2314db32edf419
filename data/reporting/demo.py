"""The illustrative sample (data/sample_progress.csv) as demo content of an EMPTY store.

Demo figures are stored with illustrative=True and their sample source, so every frame and export shows
them as such. They are only loaded into a store without real figures, and while they are there real
figures are refused (reports.refuse_if_demo): demo and real figures are never mixed silently.
clear_demo removes them again (each removal audited with the full row).
"""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from data import progress
from data.reporting import audit
from data.reporting.auth import Actor, current, require_admin
from data.reporting.db import now, write_transaction
from data.reporting.errors import PermissionDenied
from data.reporting.models import reports

_FIELDS = ("target_id", "area_code", "year", "value", "unit", "status", "note", "illustrative", "source")


def store_mode(session: Session) -> str:
    """ "empty", "demo" (illustrative figures only) or "real"."""
    real, demo = (
        session.execute(select(func.count()).select_from(reports).where(reports.c.illustrative.is_(flag))).scalar()
        for flag in (False, True)
    )
    return "real" if real else "demo" if demo else "empty"


def load_demo(session: Session, user: Actor, path=None) -> int:
    """Admin: load the illustrative sample into an empty store; returns the number of figures loaded."""
    sample = progress.load_reports(path)  # validated by the progress module's own reader
    with write_transaction(session):
        actor = current(session, user)
        require_admin(actor)
        if actor.is_operator:
            raise PermissionDenied.of("err_demo_needs_login")
        mode = store_mode(session)
        if mode != "empty":
            raise PermissionDenied.of("err_demo_real_figures" if mode == "real" else "err_demo_loaded")
        t = now()
        for rec in sample.to_dict("records"):
            values = {k: rec[k] for k in _FIELDS} | {
                "year": int(rec["year"]),
                "value": float(rec["value"]),
                "illustrative": True,
                "note": rec["note"] or "",
            }
            rid = session.execute(
                reports.insert()
                .values(
                    **values,
                    version=1,
                    submitted_by=actor.id,
                    updated_by=actor.id,
                    created_at=t,
                    updated_at=t,
                    review_note="",
                )
                .returning(reports.c.id)
            ).scalar_one()
            audit.record(
                session,
                actor,
                "demo_load",
                "report",
                rid,
                audit.created(values),
                "illustrative sample (data/sample_progress.csv)",
            )
    return len(sample)


def clear_demo(session: Session, user: Actor) -> int:
    """Admin: remove the illustrative figures (each one audited with its full row); real figures untouched."""
    with write_transaction(session):
        actor = current(session, user)
        require_admin(actor)
        rows = session.execute(select(reports).where(reports.c.illustrative.is_(True))).mappings().all()
        for r in rows:
            audit.record(
                session,
                actor,
                "demo_clear",
                "report",
                r["id"],
                {k: [r[k], None] for k in (*_FIELDS, "version")},
                "illustrative demo data removed",
            )
        session.execute(delete(reports).where(reports.c.illustrative.is_(True)))
    return len(rows)
