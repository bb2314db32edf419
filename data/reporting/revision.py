"""The store's revision: one number pair that changes with every write, for cache keys.

Every write function records its audit entries in the same transaction as the change (figures, reviews,
shares, users, demo data…), so the audit log's row count and highest id change exactly when the store does.
Both are read: on PostgreSQL a transaction that took a lower id may commit after one with a higher id, and
only the count tells. One cheap query per script run; every app instance sharing the store sees a write at
its next run. Login entries (tries, waits, locks, logouts) change nothing a page caches, so they are left out:
a flood of wrong passwords must not empty every reader's caches."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.reporting.models import audit_log


def store_revision(session: Session) -> tuple[int, int]:
    q = select(func.count(), func.max(audit_log.c.id)).where(audit_log.c.entity != "login")
    count, highest = session.execute(q).one()
    session.rollback()  # end the read transaction
    return int(count), int(highest or 0)
