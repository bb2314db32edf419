"""`python -m data users|reports|allocations|audit …` (wired into data/__main__.py).

How the CLI authenticates:
- `users add` is local administration: it acts as the operator of this machine (audited as cli:<OS user>).
  Whoever can run it against the store (the SQLite file's owner, or holder of PEAKATLAS_DB_URL's credentials)
  controls the store anyway. The new user's password comes from PEAKATLAS_PASSWORD or a prompt.
- `reports import FILE --user NAME`, `reports review … --user NAME` and `allocations save … --user NAME` act
  as NAME after checking NAME's password (PEAKATLAS_PASSWORD or a prompt), so they carry NAME's role and area
  checks and NAME in the audit log, exactly as in the app.
- template, owed, export and audit only read.
Importing this module is cheap; the store is opened only when a command runs. It knows no geometry:
data/__main__.py hands it the towns' areas (from geo/) for `allocations save --by area`.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from pathlib import Path

from data import settings
from data.reporting.errors import problem
from data.reporting.roles import ROLES

COMMANDS = ("users", "reports", "allocations", "audit")


def add_parsers(sub) -> None:
    users = sub.add_parser("users", help="manage reporting users").add_subparsers(dest="users_cmd", required=True)
    p = users.add_parser("add", help="add a user (password from PEAKATLAS_PASSWORD or a prompt)")
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument("--area", help="town (9-digit) or district code; required for town_editor/district_reviewer")
    reports = sub.add_parser("reports", help="progress reports").add_subparsers(dest="reports_cmd", required=True)
    p = reports.add_parser("template", help="write an upload template for an area")
    p.add_argument("--area", required=True)
    p.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    p.add_argument("--year", type=int, help="year pre-filled in the template (default: last year)")
    p.add_argument("--out", required=True)
    p = reports.add_parser("import", help="check and store an upload (all or nothing)")
    p.add_argument("file")
    p.add_argument("--user", required=True, help="act as this user (password from PEAKATLAS_PASSWORD or a prompt)")
    p = reports.add_parser("export", help="print every stored report with status and version")
    p.add_argument("--format", choices=["csv"], default="csv")
    p = reports.add_parser("review", help="approve or reject a pending figure, as a district reviewer")
    p.add_argument("report_id", type=int)
    decision = p.add_mutually_exclusive_group(required=True)
    decision.add_argument("--approve", action="store_true")
    decision.add_argument("--reject", action="store_true")
    p.add_argument("--reason", default="", help="why (required to reject; shown to the town)")
    p.add_argument("--user", required=True, help="act as this user (password from PEAKATLAS_PASSWORD or a prompt)")
    p = reports.add_parser("owed", help="print what an area owes for a year, with its share and status")
    p.add_argument("--area", required=True)
    p.add_argument("--year", type=int, help="reporting year (default: last year)")
    p.add_argument("--format", choices=["csv"], default="csv")
    alloc = sub.add_parser("allocations", help="target splits among towns (目标分解)").add_subparsers(
        dest="allocations_cmd", required=True
    )
    p = alloc.add_parser("save", help="split an additive district target among its towns, as its reviewer")
    p.add_argument("target_id")
    p.add_argument("--district", required=True)
    p.add_argument("--by", choices=["equal", "area"], required=True, help="the proposal: equal shares or by area")
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="TOWN=VALUE",
        help="override a town's share (in the target's unit); repeatable",
    )
    p.add_argument("--user", required=True, help="act as this user (password from PEAKATLAS_PASSWORD or a prompt)")
    p = sub.add_parser("audit", help="print the audit log")
    p.add_argument("--format", choices=["csv"], default="csv")


def _password(prompt: str, confirm: bool) -> str:
    pw = settings.get("PEAKATLAS_PASSWORD")
    if pw:
        return pw
    if not sys.stdin.isatty():
        raise SystemExit("set PEAKATLAS_PASSWORD or run in a terminal to be asked for the password")
    pw = getpass.getpass(prompt)
    if confirm and getpass.getpass("again: ") != pw:
        raise SystemExit("the passwords differ")
    return pw


def run(args, town_areas: Callable[[str], dict[str, float]]) -> int:
    """Run a parsed command. town_areas(district) gives each town's km² (for `allocations save --by area`):
    geometry is geo/'s, so the entry point passes it in."""
    from data import reporting as r
    from data.reporting import plan_store

    try:
        plan_store.join_into_plan_data()  # the published plans owe figures too, as in the app
        if args.cmd == "reports" and args.reports_cmd == "template":
            with r.open_session(r.default_engine()) as s:  # the stored shares are part of what an area owes
                Path(args.out).write_bytes(r.template(args.area, args.format, args.year, session=s))
            print(f"wrote {args.out}", file=sys.stderr)
            return 0
        if args.cmd == "users":  # refuse a bad binding before asking for a password or opening the store
            from data.reporting.auth import check_binding

            if problems := check_binding(args.role, args.area):
                raise r.ValidationError(problems)
        with r.open_session(r.default_engine()) as s:
            if args.cmd == "users":
                pw = _password(f"password for {args.name}: ", confirm=True)
                u = r.add_user(s, r.local_operator(), args.name, args.role, pw, args.area)
                print(f"added {u.name} ({u.role}{', ' + u.area_code if u.area_code else ''})")
            elif args.cmd == "reports" and args.reports_cmd == "import":
                return _import(r, s, args)
            elif args.cmd == "reports" and args.reports_cmd == "review":
                return _review(r, s, args)
            elif args.cmd == "reports" and args.reports_cmd == "owed":
                return _owed(r, s, args)
            elif args.cmd == "allocations":
                return _allocate(r, s, args, town_areas)
            elif args.cmd == "reports" and args.reports_cmd == "export":
                from data.reporting.reports import export_csv

                sys.stdout.write(export_csv(s))
            elif args.cmd == "audit":
                from data.reporting.audit import export_csv

                sys.stdout.write(export_csv(s))
    except r.ReportingError as e:
        print(e, file=sys.stderr)
        return 1
    return 0


def _login(r, s, name: str):
    """The Actor for NAME after checking NAME's password, else None (and a message)."""
    actor = r.verify(s, name, _password(f"password for {name}: ", confirm=False))
    if actor is None:
        print(f"wrong user name or password for {name}", file=sys.stderr)
    return actor


def _review(r, s, args) -> int:
    actor = _login(r, s, args.user)
    if actor is None:
        return 1
    report = r.get_report(s, args.report_id)
    done = r.review(
        s, actor, args.report_id, report["version"], "approved" if args.approve else "rejected", args.reason
    )
    print(
        f"report {done['id']} ({done['target_id']}, {done['area_code']}, {done['year']}: {done['value']:g} "
        f"{done['unit']}) is {done['status']} (version {done['version']})"
    )
    return 0


def _owed(r, s, args) -> int:
    from data import gazetteer_data, years

    if args.area not in gazetteer_data.known_codes():
        print(f"unknown area code {args.area!r}", file=sys.stderr)
        return 1
    sys.stdout.write(r.owed_csv(s, args.area, args.year or years.reporting_year()))
    return 0


def _shares(r, args, town_areas: Callable[[str], dict[str, float]]) -> dict[str, float]:
    """The --by proposal with the --set overrides (TOWN=VALUE)."""
    areas = town_areas(args.district) if args.by == "area" else None
    split = r.propose_split(args.target_id, args.district, args.by, areas)
    values = dict(zip(split["area_code"], split["value"]))
    for item in args.set:
        town, _, value = item.partition("=")
        try:
            values[town.strip()] = float(value)
        except ValueError:
            raise r.ValidationError([problem(None, "--set", "err_set_syntax", item=item)]) from None
    return values


def _allocate(r, s, args, town_areas) -> int:
    actor = _login(r, s, args.user)
    if actor is None:
        return 1
    values = _shares(r, args, town_areas)
    stored = r.allocations_frame(s, args.target_id, args.district)
    gap = r.save_allocation(
        s,
        actor,
        args.target_id,
        args.district,
        values,
        base_versions=dict(zip(stored["area_code"], stored["version"])),
        method="manual" if args.set else args.by,
    )
    from data.numbers import fmt

    print(
        f"saved {len(values)} shares of {args.target_id} in {args.district}: allocated {fmt(gap['allocated'])} of "
        f"{fmt(gap['target_value'])} {gap['unit']}, gap {fmt(gap['gap'])}"
    )
    return 0


def _import(r, s, args) -> int:
    actor = _login(r, s, args.user)
    if actor is None:
        return 1
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as e:
        print(f"cannot read {path}: {e.strerror}", file=sys.stderr)
        return 1
    preview = r.parse_upload(path.name, data, actor, s)
    if not preview.ok:
        for line in preview.messages():
            print(line)
        print(f"{len(preview.problems)} problem(s); nothing stored", file=sys.stderr)
        return 1
    done = r.commit(s, preview, actor)
    print(
        f"stored {len(done['created'])} new and {len(done['updated'])} corrected figure(s) from {path.name} "
        f"(pending review); skipped {preview.skipped} empty row(s)"
    )
    return 0
