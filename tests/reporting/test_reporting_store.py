"""The store itself: where it lives, SQLite settings, migrations (idempotent, data kept), append-only audit."""

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from data.reporting import db, migrate, open_session, reports_frame, submit
from data.reporting.audit import audit_frame
from data.reporting.models import Base
from tests.conftest import REPO


def test_default_store_is_outside_the_repository(isolated_store, monkeypatch):
    url = db.database_url()
    assert url == f"sqlite:///{isolated_store / 'peakatlas.db'}"
    assert REPO not in Path(url.removeprefix("sqlite:///")).parents
    monkeypatch.delenv("PEAKATLAS_DATA_DIR")
    assert db.database_url() == f"sqlite:///{Path.home() / '.peakatlas' / 'peakatlas.db'}"


def test_database_url_from_environment(monkeypatch):
    monkeypatch.setenv("PEAKATLAS_DB_URL", "postgresql://u:p@db.example:5432/peak")
    assert db.database_url() == "postgresql+psycopg://u:p@db.example:5432/peak"
    assert db.normalise_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    for bad in ("mysql://u@h/d", "postgresql+psycopg2://u@h/d"):
        with pytest.raises(ValueError):
            db.normalise_url(bad)
    with pytest.raises(ValueError):
        db.create_store_engine("sqlite://")  # in-memory: no WAL, no sharing


def test_sqlite_settings_and_file_mode(isolated_store):
    engine = db.open_engine()
    with engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA busy_timeout").scalar() == db.BUSY_TIMEOUT_MS
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert c.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    assert os.stat(isolated_store / "peakatlas.db").st_mode & 0o077 == 0
    engine.dispose()


def test_schema_matches_models_and_open_is_idempotent(engine, db_url):
    with engine.connect() as c:
        assert compare_metadata(MigrationContext.configure(c), Base.metadata) == []
    assert migrate.current(engine) == migrate.head() == "0005"
    again = db.open_engine(db_url)  # a second app instance opening the same store
    assert migrate.current(again) == "0005"
    again.dispose()


def _insert_at_0001(c):
    t = datetime(2024, 3, 1, tzinfo=UTC)
    c.execute(
        text(
            "INSERT INTO users (id, name, role, area_code, password_hash, active, version, created_at, "
            "updated_at) VALUES (1, 'old-editor', 'town_editor', '310117102', 'x', :yes, 1, :t, :t)"
        ),
        {"t": t, "yes": True},
    )
    c.execute(
        text(
            "INSERT INTO reports (id, target_id, area_code, year, value, unit, note, status, version, "
            "submitted_by, updated_by, created_at, updated_at, illustrative, source) VALUES "
            "(1, '000-T002', '310117102', 2023, 4.5, '万千瓦', '<i>旧</i>', 'approved', 3, 1, 1, :t, :t, "
            ":no, 'before the migration')"
        ),
        {"t": t, "no": False},
    )
    c.execute(
        text(
            "INSERT INTO allocations (target_id, district_code, area_code, value, unit, method, version, "
            "created_by, updated_by, created_at, updated_at) VALUES "
            "('000-T002', '310117', '310117102', 1.5, '万千瓦', 'equal', 1, 1, 1, :t, :t)"
        ),
        {"t": t},
    )
    c.execute(
        text(
            "INSERT INTO audit_log (at, user_id, user_name, action, entity, entity_id, changes, reason) "
            "VALUES (:t, 1, 'old-editor', 'create', 'report', '1', :ch, '')"
        ),
        {"t": t, "ch": '{"value": [null, 4.5]}'},
    )


def test_migration_keeps_existing_data(db_url):
    old = db.create_store_engine(db_url)
    migrate.upgrade(old, "0001")  # a store made by the first release
    with old.begin() as c:
        _insert_at_0001(c)
        assert "review_note" not in {col["name"] for col in inspect(c).get_columns("reports")}
    old.dispose()

    engine = db.open_engine(db_url)  # the new release opens it: 0001 → newest
    assert migrate.current(engine) == migrate.head()
    with open_session(engine) as s:
        frame = reports_frame(s)
        assert frame[
            ["target_id", "area_code", "year", "value", "unit", "status", "note", "version"]
        ].values.tolist() == [["000-T002", "310117102", 2023, 4.5, "万千瓦", "approved", "<i>旧</i>", 3]]
        row = s.execute(text("SELECT review_note, reviewed_at FROM reports WHERE id = 1")).one()
        assert tuple(row) == ("", None)
        assert s.execute(text("SELECT value FROM allocations")).scalar() == 1.5
        assert audit_frame(s)["user_name"].tolist() == ["old-editor"]
        assert s.execute(text("SELECT name FROM users")).scalars().all() == ["old-editor"]
    engine.dispose()


def test_audit_log_is_append_only(engine, session, people):
    submit(session, people.chedun, "000-T002", "310117104", 2024, 3, "万千瓦")
    n = len(audit_frame(session))
    session.rollback()
    for stmt in ("UPDATE audit_log SET reason = 'tampered'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as c:
            c.execute(text(stmt))
    assert len(audit_frame(session)) == n
    assert (audit_frame(session)["reason"] != "tampered").all()


def test_instances_opening_a_new_store_at_once_migrate_it_once(db_url):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        engines = list(pool.map(lambda _: db.open_engine(db_url), range(4)))
    assert {migrate.current(e) for e in engines} == {"0005"}
    for e in engines:
        e.dispose()


class _LockedAtFirst:
    """A cursor whose first `n` switches to WAL meet another connection switching (SQLite: "locked" at once)."""

    def __init__(self, cur, n):
        self.cur, self.n, self.tries = cur, n, 0

    def execute(self, sql):
        if sql == "PRAGMA journal_mode=WAL":
            self.tries += 1
            if self.tries <= self.n:
                raise sqlite3.OperationalError("database is locked")
        return self.cur.execute(sql)


def test_a_new_store_switches_to_wal_even_when_another_connection_is_switching(tmp_path):
    conn = sqlite3.connect(tmp_path / "new.db", isolation_level=None)
    cur = _LockedAtFirst(conn.cursor(), 3)
    db._use_wal(cur)
    assert cur.tries == 4
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    db._use_wal(cur)  # already WAL: nothing to switch
    assert cur.tries == 4


def test_switching_to_wal_gives_up_on_other_errors():
    class DiskFailing:
        def execute(self, sql):
            if sql == "PRAGMA journal_mode=WAL":
                raise sqlite3.OperationalError("disk I/O error")
            return self

        def fetchone(self):
            return ("delete",)

    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        db._use_wal(DiskFailing())


def test_sqlite_writes_take_the_write_lock_at_begin(isolated_store):
    from sqlalchemy import event

    from data.reporting import add_user, local_operator

    engine = db.open_engine()
    seen = []
    event.listen(engine, "before_cursor_execute", lambda conn, cursor, stmt, *a: seen.append(stmt))
    with open_session(engine) as s:
        editor = add_user(s, local_operator("t"), "chedun", "town_editor", "a password", "310117104")
        seen.clear()
        reports_frame(s)
        s.rollback()
        assert seen[0] == "BEGIN"  # reads do not block writers
        seen.clear()
        submit(s, editor, "000-T002", "310117104", 2024, 3, "万千瓦")
        assert seen[0] == "BEGIN IMMEDIATE"  # writers queue on the busy timeout, never on a stale snapshot
    engine.dispose()
