"""Reported figures: submit, edit, review, and the frames progress maths and the app read.

Rules: one figure per (target, area, year). A town editor submits and edits figures of its own area; every
edit goes back to "pending". A district reviewer approves or rejects figures within its district. Every
change is version-checked inside the UPDATE's WHERE clause (`… WHERE id = :id AND version = :base`), so of two
people saving at once exactly one succeeds and the other gets ConflictError("changed by <user> at <time>").
While the store holds illustrative demo data, real figures are refused (never mixed silently).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

import pandas as pd
from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from data import gazetteer_data as gaz
from data.cells import is_formula, neutral_frame
from data.progress import REPORT_COLUMNS
from data.reporting import audit, validate
from data.reporting.auth import Actor, current, require_reviewer, require_submitter
from data.reporting.db import as_utc, fmt_time, now, write_transaction
from data.reporting.errors import ConflictError, NotFound, PermissionDenied, ValidationError, problem
from data.reporting.models import reports, users
from data.reporting.shares import owed_ids

FRAME_COLUMNS = REPORT_COLUMNS + ["id", "version"]
TABLE_COLUMNS = [
    "id",
    "target_id",
    "area_code",
    "year",
    "value",
    "unit",
    "status",
    "version",
    "note",
    "review_note",
    "illustrative",
    "source",
    "submitted_by",
    "reviewed_by",
    "updated_by",
    "created_at",
    "updated_at",
    "reviewed_at",
]
_EDITABLE = ("value", "unit", "note", "status", "reviewed_by", "reviewed_at", "review_note")


def _row(session: Session, report_id: int) -> dict | None:
    r = session.execute(select(reports).where(reports.c.id == report_id)).mappings().first()
    return dict(r) if r else None


def _existing(session: Session, report_id: int) -> dict:
    row = _row(session, report_id)
    if row is None:
        raise NotFound.of("err_no_report", id=report_id)
    return row


def by_key(session: Session, key: tuple[str, str, int]) -> dict | None:
    return by_keys(session, [key]).get(key)


def by_keys(session: Session, keys: Iterable[tuple[str, str, int]]) -> dict[tuple[str, str, int], dict]:
    """The stored figures for (target_id, area_code, year) keys, read by one query: {key: row}."""
    keys = set(keys)
    if not keys:
        return {}
    q = select(reports).where(
        reports.c.area_code.in_({k[1] for k in keys}), reports.c.target_id.in_({k[0] for k in keys})
    )
    rows = (dict(r) for r in session.execute(q).mappings())
    return {k: r for r in rows if (k := (r["target_id"], r["area_code"], r["year"])) in keys}


def _user_name(session: Session, user_id) -> str:
    if user_id is None:
        return "unknown"
    return session.execute(select(users.c.name).where(users.c.id == user_id)).scalar() or f"user {user_id}"


def conflict(session: Session, row: dict | None, *, entity: str, entity_id, base_version) -> ConflictError:
    """The ConflictError for a row that changed (or exists) — "changed by <user> at <time>"."""
    if row is None:
        raise NotFound.of("err_no_entity", entity=entity, id=entity_id)
    return ConflictError(
        _user_name(session, row.get("updated_by")),
        fmt_time(row.get("updated_at")),
        entity=entity,
        entity_id=entity_id,
        base_version=base_version,
        current=row,
    )


def record_conflict(session: Session, actor: Actor, err: ConflictError, attempted: dict, reason: str = "") -> None:
    """Keep a refused figure: an audit entry of its own, after the refused transaction was rolled back."""
    with write_transaction(session):
        audit.record(
            session,
            actor,
            "conflict",
            err.entity,
            err.entity_id,
            {
                "attempted": attempted,
                "based_on_version": err.base_version,
                "current_version": err.current.get("version"),
                "refused": str(err),
            },
            reason,
        )


@contextmanager
def audited_write(
    session: Session,
    user: Actor,
    attempted: dict,
    reason: str = "",
    duplicate: Callable[[], ConflictError | None] | None = None,
) -> Iterator[Actor]:
    """One write transaction acting as `user` as the store knows them now (yields that Actor). A write refused
    by a version conflict — or by a duplicate key that `duplicate()` explains as one — is rolled back and the
    attempt is kept in the audit log; then the ConflictError propagates."""
    actor = user
    try:
        with write_transaction(session):
            actor = current(session, user)
            yield actor
    except IntegrityError:  # someone inserted the same key between our check and our insert
        err = duplicate() if duplicate else None
        if err is None:
            raise
        record_conflict(session, actor, err, attempted, reason)
        raise err from None
    except ConflictError as err:
        record_conflict(session, actor, err, attempted, reason)
        raise


def demo_loaded(session: Session) -> bool:
    return bool(
        session.execute(select(func.count()).select_from(reports).where(reports.c.illustrative.is_(True))).scalar()
    )


def refuse_if_demo(session: Session) -> None:
    if demo_loaded(session):
        raise PermissionDenied.of("err_store_demo_clear")


def _figure(session: Session, actor: Actor, **rec) -> validate.Figure:
    fig, problems = validate.check(rec, actor, owed=owed_ids(session, rec["area_code"]))
    if problems:
        raise ValidationError(problems)
    return fig


def as_reported(fig: validate.Figure) -> dict:
    return {} if fig.reported_unit == fig.unit else {"as_reported": f"{fig.reported_value:g} {fig.reported_unit}"}


def resubmitted(fig: validate.Figure) -> dict:
    """The changes of a corrected figure: its new value, unit and note, back to review (the old review cleared)."""
    return {
        "value": fig.value,
        "unit": fig.unit,
        "note": fig.note,
        "status": "pending",
        "reviewed_by": None,
        "reviewed_at": None,
        "review_note": "",
    }


_CREATED = ("target_id", "area_code", "year", "value", "unit", "note", "status")


def insert_figure(session: Session, actor: Actor, fig: validate.Figure, source: str, reason: str = "") -> int:
    """INSERT inside the caller's write transaction (a duplicate key raises IntegrityError)."""
    return insert_figures(session, actor, [(fig, reason)], source)[0]


def insert_figures(session: Session, actor: Actor, figs: list[tuple[validate.Figure, str]], source: str) -> list[int]:
    """INSERT every (figure, reason) by one statement and their audit entries by one more, inside the caller's
    write transaction; the new ids in the order given (a duplicate key raises IntegrityError)."""
    if not figs:
        return []
    t = now()
    rows = [
        {
            "target_id": fig.target_id,
            "area_code": fig.area_code,
            "year": fig.year,
            "value": fig.value,
            "unit": fig.unit,
            "note": fig.note,
            "status": "pending",
            "version": 1,
            "submitted_by": actor.id,
            "updated_by": actor.id,
            "created_at": t,
            "updated_at": t,
            "illustrative": False,
            "source": source,
            "review_note": "",
        }
        for fig, _ in figs
    ]
    session.execute(reports.insert(), rows)  # one executemany: a short statement, however many rows
    stored = by_keys(session, [fig.key for fig, _ in figs])  # their ids: the keys are unique
    ids = [stored[fig.key]["id"] for fig, _ in figs]
    entries = [
        (rid, {**audit.created({k: row[k] for k in _CREATED}), **as_reported(fig)}, reason)
        for rid, row, (fig, reason) in zip(ids, rows, figs)
    ]
    audit.record_many(session, actor, "create", "report", entries)
    return ids


def versioned_update(
    session: Session,
    actor: Actor,
    report_id: int,
    base_version: int,
    changes: dict,
    action: str,
    reason: str = "",
    extra: dict | None = None,
    match: tuple[str, str, int] | None = None,
) -> dict:
    """UPDATE … WHERE id AND version = base_version inside the caller's write transaction; raises
    ConflictError when no row matched. `match` (target_id, area_code, year): the row must be that figure,
    else PermissionDenied. Returns the row as it is after the update."""
    before = _row(session, report_id)
    if before is None:
        raise NotFound.of("err_no_report", id=report_id)
    key = (before["target_id"], before["area_code"], before["year"])
    if match is not None and key != tuple(match):
        raise PermissionDenied.of("err_not_that_figure", id=report_id, figure=match)
    res = session.execute(
        update(reports)
        .where(
            reports.c.id == report_id,
            reports.c.version == base_version,
            reports.c.target_id == key[0],
            reports.c.area_code == key[1],
            reports.c.year == key[2],
        )
        .values(**changes, version=reports.c.version + 1, updated_by=actor.id, updated_at=now())
    )
    if res.rowcount != 1:
        raise conflict(
            session, _row(session, report_id), entity="report", entity_id=report_id, base_version=base_version
        )
    after = _row(session, report_id)
    audit.record(session, actor, action, "report", report_id, _changed(before, after, extra), reason)
    return after


def _changed(before: dict, after: dict, extra: dict | None) -> dict:
    return {**audit.diff(before, {k: after[k] for k in (*_EDITABLE, "version")}), **(extra or {})}


def update_figures(session: Session, actor: Actor, items: list[tuple[dict, dict, str, dict]], action: str) -> None:
    """Version-checked UPDATEs of rows read in the caller's write transaction, by one statement, and their
    audit entries by one more. `items`: (the row as read, its changes — the same fields for every row —, reason,
    audit extra); every row must still have the version it was read with, else ConflictError."""
    if not items:
        return
    t = now()
    fields = list(items[0][1])
    stmt = (
        update(reports)
        .where(reports.c.id == bindparam("b_id"), reports.c.version == bindparam("b_version"))
        .values(
            {k: bindparam(f"n_{k}") for k in fields}
            | {"version": reports.c.version + 1, "updated_by": actor.id, "updated_at": t}
        )
    )
    params = [
        {"b_id": row["id"], "b_version": row["version"], **{f"n_{k}": changes[k] for k in fields}}
        for row, changes, _, _ in items
    ]
    if session.execute(stmt, params).rowcount != len(items):
        raise _first_changed(session, [row for row, _, _, _ in items], t)
    entries = [
        (row["id"], _changed(row, {**row, **changes, "version": row["version"] + 1}, extra), reason)
        for row, changes, reason, extra in items
    ]
    audit.record_many(session, actor, action, "report", entries)


def _first_changed(session: Session, rows: list[dict], t) -> ConflictError:
    """The conflict of the first row that update_figures (at time `t`) did not update: someone changed it."""
    for row in rows:
        now_row = _row(session, row["id"])
        if now_row is None or now_row["version"] != row["version"] + 1 or as_utc(now_row["updated_at"]) != t:
            return conflict(session, now_row, entity="report", entity_id=row["id"], base_version=row["version"])
    first = rows[0]
    return conflict(
        session, _row(session, first["id"]), entity="report", entity_id=first["id"], base_version=first["version"]
    )


def refuse_formulas(**texts) -> None:
    """Notes and reasons end up in CSV and Excel exports: text a spreadsheet would run as a formula (data/cells.py)
    is refused before anything is written, one problem per field."""
    if bad := [problem(None, field, "err_text_formula") for field, text in texts.items() if is_formula(text)]:
        raise ValidationError(bad)


def _attempted(**kw) -> dict:
    return {k: v for k, v in kw.items() if v is not None}


def submit(
    session: Session,
    user: Actor,
    target_id: str,
    area_code: str,
    year: int,
    value,
    unit: str,
    note: str = "",
    *,
    source: str = "",
) -> dict:
    """A town editor reports a new figure (status pending). A figure for the same target, area and year that
    already exists raises ConflictError (edit that one with update_report and its version)."""
    refuse_formulas(note=note)
    attempted = _attempted(target_id=target_id, area_code=area_code, year=year, value=value, unit=unit, note=note)
    checked: list[validate.Figure] = []

    def duplicate() -> ConflictError | None:
        existing = by_key(session, checked[0].key) if checked else None
        return existing and conflict(session, existing, entity="report", entity_id=existing["id"], base_version=None)

    with audited_write(session, user, attempted, duplicate=duplicate) as actor:
        require_submitter(actor, area_code)
        fig = _figure(
            session, actor, area_code=area_code, target_id=target_id, year=year, value=value, unit=unit, note=note
        )
        checked.append(fig)
        refuse_if_demo(session)
        if err := duplicate():
            raise err
        rid = insert_figure(session, actor, fig, source or f"reported by {actor.name} (PeakAtlas)")
    return get_report(session, rid)


def update_report(
    session: Session,
    user: Actor,
    report_id: int,
    base_version: int,
    *,
    value=None,
    unit: str | None = None,
    note: str | None = None,
    reason: str = "",
) -> dict:
    """The town editor of the figure's area corrects it (back to pending). `value` is in `unit` (default the
    figure's unit); `base_version` is the version the user saw: if the figure changed since, ConflictError
    and nothing is written (the attempt is audited)."""
    refuse_formulas(note=note, reason=reason)
    with audited_write(session, user, _attempted(value=value, unit=unit, note=note), reason) as actor:
        row = _existing(session, report_id)
        require_submitter(actor, row["area_code"])
        if row["illustrative"]:
            raise PermissionDenied.of("err_demo_not_edited")
        if value is None and unit is not None:
            raise ValidationError([problem(None, "unit", "err_unit_without_value")])
        fig = _figure(
            session,
            actor,
            area_code=row["area_code"],
            target_id=row["target_id"],
            year=row["year"],
            value=row["value"] if value is None else value,
            unit=row["unit"] if value is None else unit or row["unit"],
            note=row["note"] if note is None else note,
        )
        if row["version"] != base_version:  # fast path; the WHERE clause below is the guarantee
            raise conflict(session, row, entity="report", entity_id=report_id, base_version=base_version)
        versioned_update(
            session,
            actor,
            report_id,
            base_version,
            resubmitted(fig),
            "update",
            reason,
            as_reported(fig),
        )
    return get_report(session, report_id)


def review(session: Session, user: Actor, report_id: int, base_version: int, decision: str, reason: str = "") -> dict:
    """A district reviewer approves or rejects a figure of an area within its district (a rejection needs a
    reason, shown to the town). Only approved figures count towards progress."""
    if decision not in ("approved", "rejected"):
        raise ValidationError([problem(None, "decision", "err_decision", decision=decision)])
    if decision == "rejected" and not (reason or "").strip():
        raise ValidationError([problem(None, "reason", "err_reject_reason")])
    refuse_formulas(reason=reason)
    with audited_write(session, user, {"status": decision}, reason) as actor:
        row = _existing(session, report_id)
        require_reviewer(actor, row["area_code"])
        if row["version"] != base_version:
            raise conflict(session, row, entity="report", entity_id=report_id, base_version=base_version)
        if row["status"] == decision:
            raise ValidationError([problem(None, "decision", "err_already_decided", id=report_id, decision=decision)])
        versioned_update(
            session,
            actor,
            report_id,
            base_version,
            {"status": decision, "reviewed_by": actor.id, "reviewed_at": now(), "review_note": reason or ""},
            "review",
            reason,
        )
    return get_report(session, report_id)


# --- reading ---------------------------------------------------------------------------------------------------


def _table_query():
    sub, rev, upd = aliased(users), aliased(users), aliased(users)
    return (
        select(
            reports,
            sub.c.name.label("submitted_by_name"),
            rev.c.name.label("reviewed_by_name"),
            upd.c.name.label("updated_by_name"),
        )
        .join(sub, sub.c.id == reports.c.submitted_by)
        .join(upd, upd.c.id == reports.c.updated_by)
        .outerjoin(rev, rev.c.id == reports.c.reviewed_by)
    )


def _named(r) -> dict:
    d = dict(r)
    for k in ("submitted_by", "reviewed_by", "updated_by"):
        d[k] = d.pop(f"{k}_name")
    for k in ("created_at", "updated_at", "reviewed_at"):
        d[k] = as_utc(d[k])
    return d


def get_report(session: Session, report_id: int) -> dict:
    """One figure with user names (submitted_by, reviewed_by, updated_by) instead of ids."""
    r = session.execute(_table_query().where(reports.c.id == report_id)).mappings().first()
    if r is None:
        raise NotFound.of("err_no_report", id=report_id)
    return _named(r)


def reports_table(
    session: Session,
    *,
    within: str | None = None,
    status: str | Iterable[str] | None = None,
    target_id: str | None = None,
) -> pd.DataFrame:
    """Every figure (all statuses) with user names, oldest first; `within` an area code (e.g. the reviewer's
    district), `status` one or several of pending/approved/rejected. For review queues and the export."""
    q = _table_query().order_by(reports.c.id)
    if status:
        q = q.where(reports.c.status.in_([status] if isinstance(status, str) else list(status)))
    if target_id:
        q = q.where(reports.c.target_id == target_id)
    rows = [_named(r) for r in session.execute(q).mappings()]
    if within:
        rows = [r for r in rows if gaz.is_within(r["area_code"], within)]
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


def reports_frame(session: Session, *, within: str | None = None) -> pd.DataFrame:
    """Approved and pending figures as data.progress.REPORT_COLUMNS + id, version: the input of
    progress.assess / status_table / trajectory (which count approved ones and flag pending ones).
    Rejected figures are left out. Dtypes as progress.load_reports gives them."""
    q = select(reports).where(reports.c.status.in_(("approved", "pending"))).order_by(reports.c.id)
    rows = [dict(r) for r in session.execute(q).mappings()]
    if within:
        rows = [r for r in rows if gaz.is_within(r["area_code"], within)]
    df = pd.DataFrame(rows, columns=list(FRAME_COLUMNS))
    return df.astype(
        {
            "year": int,
            "value": float,
            "illustrative": bool,
            "id": int,
            "version": int,
            "target_id": str,
            "area_code": str,
            "unit": str,
            "status": str,
            "source": str,
            "note": str,
        }
    )[FRAME_COLUMNS]


def export_csv(session: Session) -> str:
    """Every stored figure with status and version, as CSV (text a spreadsheet would run as a formula gets a
    leading apostrophe, data/cells.py; numbers stay numbers)."""
    df = reports_table(session)
    for c in ("created_at", "updated_at", "reviewed_at"):
        df[c] = df[c].map(lambda t: t.isoformat() if t is not None and not pd.isna(t) else "")
    return neutral_frame(df).to_csv(index=False, lineterminator="\n")
