"""Progress reporting: towns report figures, districts review them, nothing is overwritten or lost.

Public API (see README.md in this folder):
    engine = open_engine()                      # migrated store (SQLite file or PEAKATLAS_DB_URL)
    with open_session(engine) as s: …           # one session per request / thread
    actor = verify(s, name, password)           # login → Actor or None
    reports_frame(s) → progress REPORT_COLUMNS + id, version
    submit / update_report / review             # version-checked writes
    template / parse_upload / commit            # spreadsheet upload
    propose_split / save_allocation / allocations_frame / allocation_gap / district_reports_frame
    owed / owed_status / district_breakdown / gaps(s, district, year) · store_revision (cache key)
    load_demo / clear_demo / store_mode · audit_frame
"""

from __future__ import annotations

import importlib

# Names are imported on first use, so `python -m data targets` does not load SQLAlchemy.
_EXPORTS = {
    "allocation": [
        "allocation_gap",
        "allocations_frame",
        "district_reports_frame",
        "propose_split",
        "save_allocation",
        "splittable_targets",
    ],
    "audit": ["audit_frame"],
    "auth": ["Actor", "add_user", "local_operator", "set_active", "set_password", "users_frame", "verify"],
    "db": ["database_url", "default_engine", "open_engine", "open_session"],
    "demo": ["clear_demo", "load_demo", "store_mode"],
    "errors": ["ConflictError", "NotFound", "PermissionDenied", "Problem", "ReportingError", "ValidationError"],
    "obligations": ["owed"],
    "owed": ["district_breakdown", "gaps", "owed_csv", "owed_status", "store_figures"],
    "reports": ["get_report", "reports_frame", "reports_table", "review", "submit", "update_report"],
    "revision": ["store_revision"],
    "shares": ["owed_ids", "stored_shares"],
    "targets": ["applicable", "is_additive"],
    "uploads": ["Preview", "commit", "parse_upload", "template"],
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module 'data.reporting' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"data.reporting.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
