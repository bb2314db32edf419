"""Ingested plans in the store (issue 14): an admin ingests a plan file into a draft, reviews its candidates
(accept, edit, reject; in bulk only above a confidence), publishes it (its accepted rows join the built-in plans
wherever plan data is read: data/plan_data.py) and may withdraw it. Every write is one transaction as an admin
the store knows now, audited with the reviewer (so the store's revision moves and the pages' caches refresh);
bad input raises IngestError and stores nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Engine, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from data.ingest import reasons, review_rows
from data.ingest.errors import IngestError
from data.ingest.pipeline import Ingested, ingest_bytes
from data.reporting import audit
from data.reporting.auth import Actor, current, require_admin
from data.reporting.db import default_engine, now, open_session, write_transaction
from data.reporting.errors import NotFound, ValidationError, problem
from data.reporting.models import ingested_plans, ingested_rows, reports

PLAN_ID_BASE = 500  # plan ids 501, 502 …: never one of the built-in plans' (000-004) nor their rows' ids
MAX_PLANS = 999 - PLAN_ID_BASE
REVIEWED = ("accepted", "edited")
PLAN_COLUMNS = ["ref", "plan_id", "jurisdiction_code", "jurisdiction_name", "title", "file_name", "state",
                "created_by_name", "created_at", "updated_by_name", "updated_at"]  # fmt: skip
ROW_COLUMNS = ["ref", "row_id", "kind", "row", "confidence", "reason", "review", "reviewed_by_name", "problems"]


def plan_id(ref: int) -> str:
    return f"{PLAN_ID_BASE + ref:03d}"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _admin(session: Session, actor: Actor) -> Actor:
    who = current(session, actor)
    require_admin(who)
    return who


def _plan(session: Session, ref: int):
    row = session.execute(select(ingested_plans).where(ingested_plans.c.id == ref)).first()
    if row is None:
        raise NotFound.of("plan_not_found", ref=ref)
    return row


# --- ingest ----------------------------------------------------------------------------------------------------


def ingest(
    actor: Actor, data: bytes, file_name: str, jurisdiction: str, title: str, engine: Engine | None = None
) -> int:
    """Read, normalise and propose (data/ingest), then store a draft with every candidate as "proposed".
    Returns the plan's ref. Refuses (IngestError, nothing stored) bad files, unknown codes and a plan already
    ingested (the same normalised text)."""
    result = ingest_bytes(data, file_name, jurisdiction)
    return store_draft(actor, result, file_name, title, engine)


def _duplicate(session: Session, digest: str, file_name: str) -> None:
    found = session.execute(select(ingested_plans.c.title).where(ingested_plans.c.text_sha256 == digest)).first()
    if found is not None:
        raise IngestError("ingest_duplicate", name=file_name, title=found.title)


def store_draft(actor: Actor, result: Ingested, file_name: str, title: str, engine: Engine | None = None) -> int:
    title = (title or "").strip() or file_name
    if len(title) < 2:  # plans.csv's rule: a published plan's header must validate, or no page could load
        raise IngestError("ingest_title_short", title=title)
    digest = text_hash(result.text)
    with open_session(engine or default_engine()) as s:
        try:
            with write_transaction(s):
                who = _admin(s, actor)
                _duplicate(s, digest, file_name)
                ref = _insert_plan(s, who, result, file_name, title, digest)
                _insert_rows(s, ref, result)
                audit.record(s, who, "ingest", "plan", plan_id(ref), _summary(result, file_name, title, digest))
        except IntegrityError as e:  # another instance stored the same text between the check and the insert
            raise IngestError("ingest_duplicate", name=file_name, title=title) from e
    return ref


def _summary(result: Ingested, file_name: str, title: str, digest: str) -> dict:
    return {
        "file": file_name,
        "title": title,
        "jurisdiction": result.jurisdiction_code,
        "sha256": digest,
        "targets": len(result.targets),
        "measures": len(result.measures),
    }


def _insert_plan(s: Session, who: Actor, result: Ingested, file_name: str, title: str, digest: str) -> int:
    at = now()
    ref = s.execute(
        ingested_plans.insert()
        .values(
            jurisdiction_code=result.jurisdiction_code,
            jurisdiction_name=result.jurisdiction_name,
            title=title,
            file_name=file_name[:255],
            text_sha256=digest,
            text=result.text,
            state="draft",
            created_by_name=who.name,
            created_at=at,
            updated_by_name=who.name,
            updated_at=at,
        )
        .returning(ingested_plans.c.id)
    ).scalar_one()
    if ref > MAX_PLANS:
        raise IngestError("ingest_too_many_plans", limit=MAX_PLANS)
    return ref


def _insert_rows(s: Session, ref: int, result: Ingested) -> None:
    rows = []
    for kind, candidates in (("target", result.targets), ("measure", result.measures)):
        for n, c in enumerate(candidates[: review_rows.MAX_ROWS], start=1):
            cand = c.row()
            rid = review_rows.row_id(plan_id(ref), kind, n)
            rows.append(
                {
                    "plan_ref": ref,
                    "kind": kind,
                    "row_id": rid,
                    "row": review_rows.schema_row(kind, cand, rid),
                    "confidence": float(cand["confidence"]),
                    "reason": reasons.to_json(c.reason),  # keys and parameters: shown in the reader's language
                    "review": "proposed",
                }
            )
    if rows:
        s.execute(ingested_rows.insert(), rows)


# --- review ----------------------------------------------------------------------------------------------------


def _rows(s: Session, ref: int, row_ids: Iterable[str] | None = None) -> list:
    q = select(ingested_rows).where(ingested_rows.c.plan_ref == ref).order_by(ingested_rows.c.id)
    if row_ids is not None:
        q = q.where(ingested_rows.c.row_id.in_(list(row_ids)))
    return list(s.execute(q))


def _draft(s: Session, ref: int):
    plan = _plan(s, ref)
    if plan.state == "published":
        raise ValidationError([problem(None, "state", "plan_published_locked", plan=plan_id(ref))])
    return plan


def _provenance(plan, row: dict) -> dict:
    return {"file": plan.file_name, "section": row.get("section"), "excerpt": row.get("excerpt")}


def _set_review(s: Session, who: Actor, plan, rows: list, decision: str, new_rows: dict | None = None) -> None:
    at, entries = now(), []
    for r in rows:
        values = {"review": decision, "reviewed_by_name": who.name, "reviewed_at": at}
        changes = {"review": [r.review, decision], **_provenance(plan, r.row)}
        if new_rows and r.row_id in new_rows:
            values["row"] = new_rows[r.row_id]
            changes["row"] = audit.diff(r.row, new_rows[r.row_id])
        s.execute(update(ingested_rows).where(ingested_rows.c.id == r.id).values(**values))
        entries.append((r.row_id, changes, ""))
    audit.record_many(s, who, decision if decision != "edited" else "edit", "plan_row", entries)
    touched = {"updated_by_name": who.name, "updated_at": at}
    s.execute(update(ingested_plans).where(ingested_plans.c.id == plan.id).values(**touched))


def _refuse_invalid(text: str, rows: list[tuple[str, str, dict]]) -> None:
    """Refuse (row id, kind, row) triples that fail the schema or provenance checks against the plan's text."""
    found = [
        problem(None, row_id, "plan_row_invalid", row=row_id, why=", ".join(why), fields=why)
        for row_id, kind, row in rows
        if (why := review_rows.problems(kind, row, text))
    ]
    if found:
        raise ValidationError(found)


def _draft_rows(s: Session, actor: Actor, ref: int, row_ids: list[str]):
    """The admin, the draft plan and the named rows of it (NotFound naming any id it does not have)."""
    who, plan = _admin(s, actor), _draft(s, ref)
    rows = _rows(s, ref, row_ids)
    unknown = sorted(set(row_ids) - {r.row_id for r in rows})
    if unknown:
        raise NotFound.of("plan_row_not_found", row=", ".join(unknown))
    return who, plan, rows


def accept(actor: Actor, ref: int, row_ids: list[str], engine: Engine | None = None) -> int:
    """Accept the named rows; every one must pass the schema and provenance checks, or none is accepted."""
    with open_session(engine or default_engine()) as s, write_transaction(s):
        who, plan, rows = _draft_rows(s, actor, ref, row_ids)
        _refuse_invalid(plan.text, [(r.row_id, r.kind, r.row) for r in rows])
        _set_review(s, who, plan, rows, "accepted")
    return len(rows)


def accept_above(actor: Actor, ref: int, threshold: float, engine: Engine | None = None) -> int:
    """Bulk accept where it is safe: the rows still proposed, with a confidence of at least `threshold`, that pass
    every check (the others stay proposed for a look one by one). Returns how many were accepted."""
    with open_session(engine or default_engine()) as s, write_transaction(s):
        who, plan = _admin(s, actor), _draft(s, ref)
        rows = [
            r
            for r in _rows(s, ref)
            if r.review == "proposed"
            and r.confidence >= threshold
            and not review_rows.problems(r.kind, r.row, plan.text)
        ]
        _set_review(s, who, plan, rows, "accepted")
    return len(rows)


def reject(actor: Actor, ref: int, row_ids: list[str], engine: Engine | None = None) -> int:
    with open_session(engine or default_engine()) as s, write_transaction(s):
        who, plan, rows = _draft_rows(s, actor, ref, row_ids)
        _set_review(s, who, plan, rows, "rejected")
    return len(rows)


def edit(actor: Actor, ref: int, row_id: str, changes: dict, engine: Engine | None = None) -> dict:
    """Change fields of one row (its id and kind stay); the edited row must pass the schema and provenance checks.
    Returns the row as stored."""
    with open_session(engine or default_engine()) as s, write_transaction(s):
        who, plan, rows = _draft_rows(s, actor, ref, [row_id])
        new = {**rows[0].row, **{k: v for k, v in changes.items() if k != "id"}}
        _refuse_invalid(plan.text, [(row_id, rows[0].kind, new)])
        new = review_rows.plan_row(rows[0].kind, new)  # typed as the row model reads it ("2030" → 2030)
        _set_review(s, who, plan, rows, "edited", {row_id: new})
    return new


# --- publish, withdraw -----------------------------------------------------------------------------------------


def _set_state(actor: Actor, ref: int, state: str, engine: Engine | None) -> None:
    with open_session(engine or default_engine()) as s, write_transaction(s):
        who, plan = _admin(s, actor), _plan(s, ref)
        if state == "published":
            rows = [r for r in _rows(s, ref) if r.review in REVIEWED]
            if not rows:
                raise ValidationError([problem(None, "rows", "plan_nothing_accepted", plan=plan_id(ref))])
            _refuse_invalid(plan.text, [(r.row_id, r.kind, r.row) for r in rows])
        else:
            _refuse_reported(s, plan_id(ref))
        s.execute(
            update(ingested_plans)
            .where(ingested_plans.c.id == ref)
            .values(state=state, updated_by_name=who.name, updated_at=now())
        )
        action = "publish" if state == "published" else "withdraw"
        audit.record(s, who, action, "plan", plan_id(ref), {"state": [plan.state, state], "file": plan.file_name})


def _refuse_reported(s: Session, pid: str) -> None:
    """Figures reported against the plan's targets would lose their target: the plan stays until they are gone."""
    n = s.execute(select(func.count()).where(reports.c.target_id.like(f"{pid}-%"))).scalar_one()
    if n:
        raise ValidationError([problem(None, "state", "plan_has_reports", plan=pid, n=n)])


def publish(actor: Actor, ref: int, engine: Engine | None = None) -> None:
    """Its accepted and edited rows become plan data, in every app instance on the store at its next run."""
    _set_state(actor, ref, "published", engine)


def withdraw(actor: Actor, ref: int, engine: Engine | None = None) -> None:
    """Its rows leave the plan data (kept in the store, with their reviews; it may be published again)."""
    _set_state(actor, ref, "withdrawn", engine)


# --- reads -----------------------------------------------------------------------------------------------------


def plans_frame(engine: Engine | None = None) -> pd.DataFrame:
    cols = [c for c in ingested_plans.c if c.name not in ("text", "text_sha256")]
    with open_session(engine or default_engine()) as s:
        rows = [dict(r) for r in s.execute(select(*cols).order_by(ingested_plans.c.id)).mappings()]
    for r in rows:
        r["ref"] = r.pop("id")
        r["plan_id"] = plan_id(r["ref"])
    return pd.DataFrame(rows, columns=PLAN_COLUMNS)


def plan_text(ref: int, engine: Engine | None = None) -> str:
    with open_session(engine or default_engine()) as s:
        return _plan(s, ref).text


def rows_frame(ref: int, engine: Engine | None = None) -> pd.DataFrame:
    """Every candidate of the plan with its review and what keeps it from becoming data (empty when nothing)."""
    with open_session(engine or default_engine()) as s:
        plan = _plan(s, ref)
        rows = _rows(s, ref)
    out = [
        {
            "ref": ref,
            **{k: getattr(r, k) for k in ROW_COLUMNS[1:-1]},
            "problems": review_rows.problems(r.kind, r.row, plan.text),
        }
        for r in rows
    ]
    return pd.DataFrame(out, columns=ROW_COLUMNS)


def published(engine: Engine | None = None) -> tuple[list[dict], list[dict], list[dict]]:
    """The published plans as plans.csv rows, and their accepted and edited rows as targets.csv and measures.csv
    rows (validated), for data/plan_data.py."""
    with open_session(engine or default_engine()) as s:
        plans = list(s.execute(select(ingested_plans).where(ingested_plans.c.state == "published")))
        refs = [p.id for p in plans]
        rows = list(
            s.execute(
                select(ingested_rows)
                .where(ingested_rows.c.plan_ref.in_(refs), ingested_rows.c.review.in_(REVIEWED))
                .order_by(ingested_rows.c.id)
            )
        )
    targets = [review_rows.plan_row("target", r.row) for r in rows if r.kind == "target"]
    measures = [review_rows.plan_row("measure", r.row) for r in rows if r.kind == "measure"]
    return [review_rows.plan_header(plan_id(p.id), p, targets) for p in plans], targets, measures


def join_into_plan_data(engine: Engine | None = None) -> bool:
    """Make data/plan_data.py's loaders return the built-in plans and the published ones as the store holds them
    now (what was derived from the plan data alone is then dropped: plan_data.derived); True when the plan data
    changed. The command line calls it once, the app at each page run (layers/plan_refresh.py)."""
    from data import plan_data

    return plan_data.join_published(*published(engine))
