"""The plans published in the store (data/reporting/plan_store.py) joined to the built-in five in this process,
at each page run: one revision query; the published rows are read again only when the store's revision moved,
and what was derived from the plan data alone (the caches registered with plan_data.derived) is dropped only
when they changed. Every app instance on the store picks up a publish or a withdrawal at its next run."""

from __future__ import annotations

import threading

from data.reporting import open_session, plan_store, store_revision

_seen: dict[str, tuple] = {}  # store URL → the revision last joined
_lock = threading.Lock()


def refresh(engine) -> bool:
    """Join the published plans as the store holds them now; True when the plan data changed."""
    with open_session(engine) as s:
        revision = store_revision(s)
    key = str(engine.url)
    if _seen.get(key) == revision:
        return False
    with _lock:
        changed = plan_store.join_into_plan_data(engine)
        _seen[key] = revision
    return changed
