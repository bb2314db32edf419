"""The append-only audit log: who, when, what (entity), what changed from → to, and why.

Every write adds its entries in the same transaction as the change itself. A write refused by a version
conflict is recorded too (action "conflict", in its own transaction after the rollback) with the figure that
was attempted, so no reported figure is lost even when it could not be stored.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from data.cells import neutral_frame
from data.reporting.db import as_utc, now
from data.reporting.models import audit_log

COLUMNS = ["id", "at", "user_id", "user_name", "action", "entity", "entity_id", "changes", "reason"]


def _plain(v):
    if isinstance(v, datetime):
        return as_utc(v).isoformat()
    return v.isoformat() if isinstance(v, date) else v


def diff(before: Mapping, after: Mapping) -> dict[str, list]:
    """{field: [from, to]} for every field of `after` whose value differs from `before`."""
    return {k: [_plain(before.get(k)), _plain(v)] for k, v in after.items() if before.get(k) != v}


def created(after: Mapping) -> dict[str, list]:
    return {k: [None, _plain(v)] for k, v in after.items()}


def record(session: Session, actor, action: str, entity: str, entity_id, changes: Mapping, reason: str = "") -> None:
    record_many(session, actor, action, entity, [(entity_id, changes, reason)])


def record_many(session: Session, actor, action: str, entity: str, entries: list[tuple[object, Mapping, str]]) -> None:
    """One entry per (entity_id, changes, reason), inserted by one statement (a large upload's rows)."""
    if not entries:
        return
    at = now()
    session.execute(
        audit_log.insert(),
        [
            {
                "at": at,
                "user_id": actor.id,
                "user_name": actor.name,
                "action": action,
                "entity": entity,
                "entity_id": None if entity_id is None else str(entity_id),
                "changes": json.loads(json.dumps(changes, ensure_ascii=False, default=str)),
                "reason": reason or "",
            }
            for entity_id, changes, reason in entries
        ],
    )


def audit_frame(session: Session, entity: str | None = None, entity_id=None) -> pd.DataFrame:
    """The log, oldest first; `changes` as a JSON string. Filter by entity ("report", "allocation", "user" …)."""
    q = select(audit_log).order_by(audit_log.c.id)
    if entity:
        q = q.where(audit_log.c.entity == entity)
    if entity_id is not None:
        q = q.where(audit_log.c.entity_id == str(entity_id))
    rows = [dict(r) for r in session.execute(q).mappings()]
    for r in rows:
        r["at"] = as_utc(r["at"])
        r["changes"] = json.dumps(r["changes"], ensure_ascii=False)
    return pd.DataFrame(rows, columns=COLUMNS).astype({"id": "int64", "user_id": "Int64"})


def export_csv(session: Session) -> str:
    df = audit_frame(session)
    df["at"] = df["at"].map(lambda t: t.isoformat() if t is not None else "")
    return neutral_frame(df).to_csv(index=False, lineterminator="\n")  # names and reasons: never a formula
