"""The command line of ingested plans (called by `python -m data ingest`, see data/ingest/cli.py): store a plan
file as a draft, list the plans and a plan's candidates, review them (accept or reject by id, accept above a
confidence), publish, withdraw — as the admin `--user NAME` after checking NAME's password (PEAKATLAS_PASSWORD or
a prompt), so the admin check and the audit log are the app's."""

from __future__ import annotations

import sys
from pathlib import Path

from data.ingest.errors import IngestError
from data.ingest.review_rows import what


def add_arguments(p) -> None:
    p.add_argument("--user", help="store or review as this admin (password from PEAKATLAS_PASSWORD or a prompt)")
    p.add_argument("--list", action="store_true", help="list the ingested plans")
    p.add_argument("--plan", type=int, help="an ingested plan's number (see --list): print its rows, or review it")
    p.add_argument("--accept", help="accept these rows of --plan (ids, comma-separated)")
    p.add_argument("--accept-above", type=float, help="accept the proposed rows of --plan from this confidence")
    p.add_argument("--reject", help="reject these rows of --plan (ids, comma-separated)")
    p.add_argument("--publish", action="store_true", help="publish --plan (its accepted rows become plan data)")
    p.add_argument("--withdraw", action="store_true", help="withdraw --plan")


def wanted(args) -> bool:
    """Whether the arguments ask for the store (not a dry run, not the evaluation)."""
    return bool(args.list or args.plan is not None or (args.file is not None and not args.dry_run))


def _ids(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


def _list() -> None:
    from data.reporting import plan_store

    for p in plan_store.plans_frame().itertuples():
        print(f"{p.ref}\t{p.plan_id}\t{p.state}\t{p.jurisdiction_code}\t{p.title}\t{p.file_name}")


def _rows(ref: int) -> None:
    from data.reporting import plan_store

    for r in plan_store.rows_frame(ref).itertuples():
        print(f"{r.row_id}\t{r.kind}\t{r.confidence:g}\t{r.review}\t{what(r.kind, r.row)}\t{','.join(r.problems)}")


def _admin(name: str | None):
    from data import reporting as r
    from data.reporting.cli import _login

    if not name:
        print("--user NAME (an admin) is needed to store or review a plan", file=sys.stderr)
        return None
    with r.open_session(r.default_engine()) as s:
        return _login(r, s, name)


def _write(args, actor) -> str:
    from data.reporting import plan_store

    if args.file is not None:
        ref = plan_store.ingest(actor, Path(args.file).read_bytes(), args.file.name, args.jurisdiction, args.title)
        return f"stored draft {ref} (plan {plan_store.plan_id(ref)}); review it with --plan {ref}"
    ref = args.plan
    if args.accept:
        return f"accepted {plan_store.accept(actor, ref, _ids(args.accept))}"
    if args.accept_above is not None:
        return f"accepted {plan_store.accept_above(actor, ref, args.accept_above)}"
    if args.reject:
        return f"rejected {plan_store.reject(actor, ref, _ids(args.reject))}"
    if args.publish:
        plan_store.publish(actor, ref)
        return f"published plan {plan_store.plan_id(ref)}"
    plan_store.withdraw(actor, ref)
    return f"withdrew plan {plan_store.plan_id(ref)}"


def run(args) -> int:
    from data.reporting import ReportingError

    if args.file is not None and not args.jurisdiction:
        print("ingest needs FILE and --jurisdiction CODE", file=sys.stderr)
        return 2
    try:
        if args.list:
            _list()
            return 0
        writes = args.file is not None or any((args.accept, args.reject, args.publish, args.withdraw))
        if not writes and args.accept_above is None:
            _rows(args.plan)
            return 0
        actor = _admin(args.user)
        if actor is None:
            return 1
        print(_write(args, actor))
    except (IngestError, ReportingError, OSError) as e:
        print(e, file=sys.stderr)
        return 1
    return 0
