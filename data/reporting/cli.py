"""`python -m data users|reports|audit …` (wired into data/__main__.py).

How the CLI authenticates:
- `users add` is local administration: it acts as the operator of this machine (audited as cli:<OS user>).
  Whoever can run it against the store (the SQLite file's owner, or holder of PEAKATLAS_DB_URL's credentials)
  controls the store anyway. The new user's password comes from PEAKATLAS_PASSWORD or a prompt.
- `reports import FILE --user NAME` acts as NAME and checks NAME's password (PEAKATLAS_PASSWORD or a prompt),
  so the import carries NAME's role and area checks and NAME in the audit log.
- template, export and audit only read.
Importing this module is cheap; the store is opened only when a command runs.
"""
from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

COMMANDS = ("users", "reports", "audit")
ROLES = ("viewer", "town_editor", "district_reviewer", "admin")


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
    p = sub.add_parser("audit", help="print the audit log")
    p.add_argument("--format", choices=["csv"], default="csv")


def _password(prompt: str, confirm: bool) -> str:
    pw = os.environ.get("PEAKATLAS_PASSWORD")
    if pw is not None:
        return pw
    if not sys.stdin.isatty():
        raise SystemExit("set PEAKATLAS_PASSWORD or run in a terminal to be asked for the password")
    pw = getpass.getpass(prompt)
    if confirm and getpass.getpass("again: ") != pw:
        raise SystemExit("the passwords differ")
    return pw


def run(args) -> int:
    from data import reporting as r
    try:
        if args.cmd == "reports" and args.reports_cmd == "template":
            Path(args.out).write_bytes(r.template(args.area, args.format, args.year))
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


def _import(r, s, args) -> int:
    actor = r.verify(s, args.user, _password(f"password for {args.user}: ", confirm=False))
    if actor is None:
        print(f"wrong user name or password for {args.user}", file=sys.stderr)
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
    print(f"stored {len(done['created'])} new and {len(done['updated'])} corrected figure(s) from {path.name} "
          f"(pending review); skipped {preview.skipped} empty row(s)")
    return 0
