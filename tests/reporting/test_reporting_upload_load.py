"""Uploads under load, on SQLite and PostgreSQL: 20 town editors upload at once and every upload is stored or
refused with a clear message — no driver error, nothing lost, the audit log accounting for every row; an upload
waits while another writer holds the store, and past db.WRITE_WAIT_S is refused as busy with nothing stored;
the page's progress callback.

The files here are each town's real obligations (every figure the plans ask of a Songjiang town, for every
reportable year: 80 or 96 rows), to keep CI quick; bench/uploads.py runs 20 files of 2,000 rows."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select

from data import gazetteer_data as gaz
from data.i18n import STRINGS, t
from data.reporting import ConflictError, ReportingError, add_user, commit, db, open_session, parse_upload
from data.reporting import reports as rp
from data.reporting import targets as tg
from data.reporting import uploads as up
from data.reporting.errors import StoreBusy
from data.reporting.models import audit_log, reports
from data.reporting.obligations import owed_ids
from layers.messages import describe
from tests.reporting import corpus
from tests.reporting.conftest import PASSWORD

TOWNS = gaz.children("310117")  # 松江区's 20 towns
DRIVER_TEXT = ("sqlalche.me", "OperationalError", "psycopg", "sqlite3", "database is locked")


def owed_rows(town: str, value: float) -> list[list]:
    """Every figure the town owes under the plans, for every year it may be reported."""
    rows = []
    for tid in sorted(owed_ids(town)):
        target = tg.get(tid)
        lo, hi = tg.year_range(target)
        rows += [[town, "", tid, "", "", "", target["unit"], y, value, ""] for y in range(lo, hi + 1)]
    return rows


@pytest.fixture
def editors(session, people):
    """20 editors: one for each of 18 towns, and a second editor for each of the first two towns."""
    assert len(TOWNS) == 20
    towns = TOWNS[:18] + TOWNS[:2]
    eds = [add_user(session, people.admin, f"load-{i:02d}", "town_editor", PASSWORD, c) for i, c in enumerate(towns)]
    session.close()
    return eds


def _upload_all(engine, editors, files) -> list[dict]:
    """Every editor checks its file at once, then all commit at once (so the two editors of a town both see
    their figures as new). Each thread has its own session, so its own connection."""
    checked, stored = threading.Barrier(len(editors)), threading.Barrier(len(editors))
    out: list[dict] = [{} for _ in editors]

    def run(i):
        res = out[i]
        with open_session(engine) as s:
            try:
                checked.wait(60)
                preview = parse_upload(f"load-{i:02d}.csv", files[i], editors[i], s)
                assert preview.ok, preview.messages()[:3]
                stored.wait(60)
                res["stored"] = commit(s, preview, editors[i])
            except ReportingError as e:
                res["refused"] = e
            except Exception as e:  # a driver error, or the test's own failure: both fail the test
                res["error"] = repr(e)
                stored.abort()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(editors))]
    for th in threads:
        th.start()
    for th in threads:
        th.join(180)
    return out


def test_twenty_concurrent_uploads_stored_or_refused_clearly_none_lost(engine, editors):
    files = [corpus.csv_bytes(owed_rows(ed.area_code, 1.0 + i)) for i, ed in enumerate(editors)]
    # the second editors' rows in reverse order: on PostgreSQL the two inserts may deadlock, and the one
    # PostgreSQL aborts is run again (then refused: the figures exist)
    files[18:] = [corpus.csv_bytes(owed_rows(ed.area_code, 1.0 + i)[::-1]) for i, ed in enumerate(editors) if i >= 18]
    res = _upload_all(engine, editors, files)
    assert [r["error"] for r in res if "error" in r] == []
    stored = [i for i, r in enumerate(res) if "stored" in r]
    refused = [i for i, r in enumerate(res) if "refused" in r]
    # the two editors of each of the first two towns raced for the same figures: exactly one of them won
    assert len(stored) == 18 and len(refused) == 2
    assert sorted(i % 18 for i in refused) == [0, 1] and {0, 1} <= {i % 18 for i in stored}
    for i in refused:
        err = res[i]["refused"]
        assert isinstance(err, ConflictError) and err.exists  # "already reported", in the reader's language
        assert not any(d in str(err) for d in DRIVER_TEXT)
        assert describe(err, "zh") and describe(err, "en")
    with open_session(engine) as s:
        values = {(r.target_id, r.area_code, r.year): r.value for r in s.execute(select(reports))}
        created = s.scalar(select(func.count()).where(audit_log.c.action == "create", audit_log.c.entity == "report"))
        conflicts = s.scalar(select(func.count()).where(audit_log.c.action == "conflict"))
    n_stored = sum(len(res[i]["stored"]["created"]) for i in stored)
    assert n_stored == sum(len(owed_rows(editors[i].area_code, 0)) for i in stored) > 1500
    assert len(values) == n_stored == created  # no figure lost, none written twice, each audited
    assert conflicts == 2  # each refused upload is kept in the log
    for i in stored:  # each stored upload's figures are the ones in its file
        mine = [values[(r[2], r[0], r[7])] for r in owed_rows(editors[i].area_code, 0)]
        assert mine == pytest.approx([1.0 + i] * len(mine))


@contextmanager
def store_held(engine, release_after: float | None = None):
    """Another writer holds the store (SQLite: the write lock; PostgreSQL: a lock on the reports table that
    every insert waits for), released after `release_after` seconds or at the end."""
    conn = engine.connect().execution_options(peakatlas_write=True)  # SQLite: BEGIN IMMEDIATE
    conn.begin()
    if engine.dialect.name == "postgresql":
        conn.exec_driver_sql("LOCK TABLE reports IN EXCLUSIVE MODE")
    timer = threading.Timer(release_after, conn.rollback) if release_after else None
    if timer:
        timer.start()
    try:
        yield
    finally:
        if timer:
            timer.join()
        conn.rollback()
        conn.close()


def _preview(session, editor):
    preview = parse_upload("sijing.csv", corpus.csv_bytes(owed_rows("310117102", 2.0)), editor, session)
    assert preview.ok, preview.messages()
    return preview


def test_an_upload_waits_for_its_turn_while_another_writer_holds_the_store(engine, session, people):
    preview = _preview(session, people.sijing)
    waits = []
    with store_held(engine, release_after=1.5):
        t0 = time.perf_counter()
        done = commit(session, preview, people.sijing, progress=lambda key, n, _: waits.append((key, n)))
        waited = time.perf_counter() - t0
    assert len(done["created"]) == len(preview.rows) and waited >= 1.4
    if engine.dialect.name == "sqlite":  # it retried the write lock with backoff, and said so
        assert ("upload_step_wait", 1) in waits
    else:  # PostgreSQL: the insert waited for the table lock (lock_timeout: the time left of its turn)
        assert not any(key == "upload_step_wait" for key, _ in waits)


def test_a_store_held_too_long_refuses_the_upload_as_busy_and_stores_nothing(engine, session, people, monkeypatch):
    preview = _preview(session, people.sijing)
    session.close()
    monkeypatch.setattr(db, "WRITE_WAIT_S", 1.0)
    monkeypatch.setattr(db, "ATTEMPT_S", 0.3)
    with store_held(engine):
        t0 = time.perf_counter()
        with pytest.raises(StoreBusy) as caught:
            commit(session, preview, people.sijing)
        waited = time.perf_counter() - t0
    err = caught.value
    assert 1.0 <= waited < 10
    assert (err.key, str(err)) == ("err_store_busy", t("err_store_busy", "en"))
    assert not any(d in str(err) for d in DRIVER_TEXT)
    assert describe(err, "zh") == [t("err_store_busy", "zh")]
    with open_session(engine) as s:
        assert s.scalar(select(func.count()).select_from(reports)) == 0
        assert s.scalar(select(func.count()).where(audit_log.c.entity == "report")) == 0


def test_a_check_that_gets_no_connection_in_time_is_refused_as_busy(db_url, people):
    small = db.open_engine(db_url, pool_size=1, max_overflow=0, pool_timeout=0.2)
    data = corpus.csv_bytes(owed_rows("310117102", 2.0))
    try:
        with small.connect(), open_session(small) as s:  # every connection of the pool is in use
            with pytest.raises(StoreBusy) as caught:
                parse_upload("sijing.csv", data, people.sijing, s)
            assert not any(d in str(caught.value) for d in DRIVER_TEXT)
        with open_session(small) as s:  # and once one is free again, the same check goes through
            assert parse_upload("sijing.csv", data, people.sijing, s).ok
    finally:
        small.dispose()


def test_a_write_refused_as_busy_is_run_again_until_its_time_is_up(monkeypatch):
    monkeypatch.setattr(db, "BACKOFF_S", (0.001, 0.01))
    calls, waits = [], []

    def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise StoreBusy.of("err_store_busy")
        return "stored"

    assert db.retry_when_busy(flaky, on_wait=waits.append) == "stored"
    assert (len(calls), waits) == (3, [1, 2])
    monkeypatch.setattr(db, "WRITE_WAIT_S", 0.05)
    calls.clear()

    def always_busy():
        calls.append(1)
        raise StoreBusy.of("err_store_busy")

    t0 = time.perf_counter()
    with pytest.raises(StoreBusy):
        db.retry_when_busy(always_busy)
    assert len(calls) > 1 and time.perf_counter() - t0 < 1  # re-run, but only within the bound


def test_progress_is_reported_with_string_table_keys(session, people, monkeypatch):
    monkeypatch.setattr(up, "PROGRESS_EVERY", 10)
    steps = []
    preview = parse_upload(
        "sijing.csv",
        corpus.csv_bytes(owed_rows("310117102", 2.0)),
        people.sijing,
        session,
        progress=lambda *a: steps.append(a),
    )
    n = len(preview.rows)
    commit(session, preview, people.sijing, progress=lambda *a: steps.append(a))
    assert all(key in STRINGS and 0 <= done <= max(total, done) for key, done, total in steps)
    checks = [done for key, done, _ in steps if key == "upload_step_check"]
    assert checks == list(range(10, n + 1, 10))  # every 10 rows, in order
    assert steps[0][0] == "upload_step_read" and steps[-1] == ("upload_step_store", n, n)
    assert ("upload_step_compare", n, n) in steps


def test_a_bulk_correction_of_a_figure_changed_since_it_was_read_stores_nothing(session, people):
    first = commit(session, _preview(session, people.sijing), people.sijing)
    rows = [rp.get_report(session, rid) for rid in first["created"][:3]]  # as read: version 1 each
    rp.update_report(session, people.sijing, rows[1]["id"], 1, value=9)  # someone corrects the second meanwhile
    changes = {"value": 5.0, "note": "bulk"}
    with pytest.raises(ConflictError) as caught, db.write_transaction(session):
        rp.update_figures(session, people.sijing, [(r, changes, "", {}) for r in rows], "update")
    assert (caught.value.entity_id, caught.value.base_version) == (rows[1]["id"], 1)  # the one that changed
    after = [rp.get_report(session, r["id"]) for r in rows]
    assert [a["version"] for a in after] == [1, 2, 1] and "bulk" not in {a["note"] for a in after}  # none of it
