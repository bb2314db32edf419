"""Regenerate tests/reporting/README.md: the malformed-upload corpus (file → message, as the upload reports it)
and concurrency figures on SQLite and PostgreSQL.   .venv/bin/python -m tests.reporting.make_readme"""

from __future__ import annotations

import os
import platform
import tempfile
from pathlib import Path

from argon2 import PasswordHasher

from data.reporting import auth, db, local_operator, open_engine, open_session, parse_upload, submit
from tests.reporting import concurrency, corpus, pg

OUT = Path(__file__).with_name("README.md")
HEAD = """# Reporting store tests

`.venv/bin/python -m pytest -q tests/reporting` — every store test runs twice: on SQLite (a file in the
test's `PEAKATLAS_DATA_DIR`) and on PostgreSQL (`PEAKATLAS_TEST_PG_URL`, a role allowed to `CREATE DATABASE`;
else a throwaway cluster of Debian's postgresql started from a temporary directory on 127.0.0.1 and a unix
socket, stopped afterwards). When PostgreSQL cannot be started the PostgreSQL half is skipped with the
reason, or fails when `CI` is set.

| file | what it shows |
|---|---|
| test_reporting_store.py | store outside the repo, SQLite WAL/busy timeout/synchronous=FULL/0600 file, schema = models, migrations idempotent and keeping data (0001 store with rows → newest), audit log append-only in the database |
| test_reporting_auth.py | argon2id parameters, login, rehash, role/area bindings, only admins manage users, deactivation, forged Actor |
| test_reporting_reports.py | submit (unit conversion kept in the audit), version-checked update and review, conflict message, reports_frame → progress maths, HTML verbatim in store and CSV export (escaped where shown: layers/html_safe.py, tests/test_page_report.py) |
| test_reporting_permissions.py | a town editor cannot write another town's figures through submit, update_report, commit (two forged previews), save_allocation, review, demo, user functions — nothing stored; reviewers only in their district |
| test_reporting_concurrency.py | 20 threads, each with its own session and connection, on one report |
| test_reporting_uploads.py | template, round trip, encodings, the corpus below (database unchanged: SQLite file hash after a TRUNCATE checkpoint, PostgreSQL every row of every table), all-or-nothing commit |
| test_reporting_allocation.py | equal/area split, non-additive targets refused, gap reported, version-checked allocation, town and district progress |
| test_reporting_gaps_demo.py | gaps per area/target/year; demo data only in an empty store, never mixed |
| test_reporting_cli.py | `python -m data users add / reports template / import / export / audit` |
| test_reporting_upload_load.py | 20 town editors upload at once (each town's every owed figure, 80–96 rows; 2,000-row files in bench/uploads.py): stored or refused with a clear message, no driver error, none lost, all audited; a store held by another writer is waited for, or past `db.WRITE_WAIT_S` refused as busy with nothing stored; progress keys |
| test_reporting_upload_cells.py | data/cells.py's formula check on every read text cell of CSV and XLSX uploads (= + - @, tab/CR); numbers as text are numbers |

Regenerate this file with `.venv/bin/python -m tests.reporting.make_readme`.
"""


def _corpus_table(engine) -> list[str]:
    with open_session(engine) as s:
        admin = auth.add_user(s, local_operator("readme"), "admin", "admin", "readme password")
        editor = auth.add_user(s, admin, "sijing", "town_editor", "readme password", "310117102")
    lines = [
        "## Malformed uploads: each rejected with its message, nothing stored",
        "",
        f"{len(corpus.bad_files())} files, each with one defect, uploaded by the town editor `sijing` of 泗泾镇 "
        "(310117102). Rows are spreadsheet rows (header = row 1).",
        "",
        "| # | defect | file | message |",
        "|---|---|---|---|",
    ]
    for i, (defect, name, data, expected) in enumerate(corpus.bad_files(), 1):
        with open_session(engine) as s:
            got = parse_upload(name, data, editor, s).messages()
        assert got == [expected], (name, got)
        cell = expected.replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {i} | {defect} | `{name}` | {cell} |")
    return lines


def _concurrency(engine) -> list[dict]:
    with open_session(engine) as s:
        admin = auth.add_user(s, local_operator("readme"), "admin", "admin", "readme password")
        eds = [
            auth.add_user(s, admin, f"editor-{i:02d}", "town_editor", "readme password", "310117104")
            for i in range(concurrency.WRITERS)
        ]
        r1 = submit(s, eds[0], "000-T002", "310117104", 2023, 3.5, "万千瓦")["id"]
        r2 = submit(s, eds[0], "000-T002", "310117104", 2024, 3.5, "万千瓦")["id"]
    out = []
    for name, res in (
        ("same base version", concurrency.same_base_version(engine, eds, r1, 1)),
        ("retry until stored", concurrency.retry_until_stored(engine, eds, r2)),
    ):
        assert not res["errors"], res["errors"]
        out.append({"scenario": name, **res})
    return out


def main() -> None:
    auth.HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # hashing is not measured
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PEAKATLAS_DATA_DIR"] = tmp
        os.environ.pop("PEAKATLAS_DB_URL", None)
        engine = open_engine(db.database_url(), pool_size=25)
        rows += [("SQLite (WAL)", r) for r in _concurrency(engine)]
        engine.dispose()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PEAKATLAS_DATA_DIR"] = tmp
        engine = open_engine(db.database_url())
        corpus_lines = _corpus_table(engine)
        engine.dispose()
    server, cluster = pg.start()
    try:
        url = server.create()
        engine = open_engine(url, pool_size=25)
        rows += [("PostgreSQL", r) for r in _concurrency(engine)]
        engine.dispose()
        server.drop(url)
        with server.admin.connect() as c:
            pg_version = c.exec_driver_sql("SHOW server_version").scalar()
    finally:
        server.close()
        if cluster:
            cluster.stop()
    lines = [
        HEAD,
        "## Concurrency: 20 writers on one report",
        "",
        "Each writer is a thread with its own session and connection; all start at a barrier. *Same base "
        "version*: each saves once, based on version 1. *Retry until stored*: after a conflict a writer "
        "re-reads the version and tries again, until its own value is stored. Audit rows = the report's "
        "`update` + `conflict` entries (a refused figure is kept in its `conflict` entry).",
        "",
        '| store | scenario | attempts | stored | refused ("changed by … at …") | audit rows (update + conflict) '
        "| final version | lost | time |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for store, r in rows:
        audit_rows = r["audit_updates"] + r["audit_conflicts"]
        lost = r["attempts"] - r["stored"] - r["refused"]
        lines.append(
            f"| {store} | {r['scenario']} | {r['attempts']} | {r['stored']} | {r['refused']} | "
            f"{audit_rows} ({r['audit_updates']} + {r['audit_conflicts']}) | {r['final_version']} | "
            f"{lost} | {r['seconds']:.2f} s |"
        )
    lines += [
        "",
        f"Measured on {os.cpu_count()} cores, Python {platform.python_version()}, PostgreSQL "
        f"{pg_version}; the numbers of refused attempts in *retry until stored* vary from run to run.",
        "",
    ]
    lines += corpus_lines
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
