"""Store fixtures: every store test runs on SQLite (a file in the test's PEAKATLAS_DATA_DIR) and on PostgreSQL
(PEAKATLAS_TEST_PG_URL, else a throwaway cluster; skipped when none can be started, failed under CI)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from argon2 import PasswordHasher
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from data.reporting import auth, db
from data.reporting.auth import local_operator
from tests.reporting import pg

PASSWORD = "correct horse battery"
REAL_HASHER = auth.HASHER  # before _fast_hashes replaces it
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def pg_server():
    try:
        server, cluster = pg.start()
    except pg.PgUnavailable as e:
        yield e
        return
    yield server
    server.close()
    if cluster:
        cluster.stop()


def _need_pg(pg_server):
    if isinstance(pg_server, Exception):
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL could not be started (CI is set): {pg_server}")
        pytest.skip(f"PostgreSQL could not be started: {pg_server}")
    return pg_server


@pytest.fixture(autouse=True)
def _fast_hashes(monkeypatch):
    """Cheap argon2 parameters for speed (test_reporting_auth checks the real defaults separately)."""
    monkeypatch.setattr(auth, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.delenv("PEAKATLAS_DB_URL", raising=False)
    monkeypatch.delenv("PEAKATLAS_MAX_UPLOAD_MB", raising=False)
    yield
    with db._engines_lock:
        for e in db._engines.values():
            e.dispose()
        db._engines.clear()


@pytest.fixture(params=BACKENDS)
def db_url(request, isolated_store):
    """A fresh, empty store URL (not yet migrated)."""
    if request.param == "sqlite":
        yield db.database_url()  # the default: $PEAKATLAS_DATA_DIR/peakatlas.db
        return
    server = _need_pg(request.getfixturevalue("pg_server"))
    url = server.create()
    yield url
    server.drop(url)


@pytest.fixture
def engine(db_url):
    e = db.open_engine(db_url, pool_size=25, max_overflow=5)
    yield e
    e.dispose()


@pytest.fixture
def session(engine):
    with db.open_session(engine) as s:
        yield s


@pytest.fixture
def people(session):
    """admin, town editors of 泗泾镇 (sijing) and 车墩镇 (chedun), a district-level editor of 松江区, reviewers of
    松江区 (songjiang) and 嘉定区 (jiading), a viewer."""
    op = local_operator("test")
    spec = {
        "admin": ("admin", None),
        "sijing": ("town_editor", "310117102"),
        "chedun": ("town_editor", "310117104"),
        "songjiang_editor": ("town_editor", "310117"),
        "songjiang": ("district_reviewer", "310117"),
        "jiading": ("district_reviewer", "310114"),
        "viewer": ("viewer", None),
    }
    return SimpleNamespace(
        **{k: auth.add_user(session, op, k, role, PASSWORD, area) for k, (role, area) in spec.items()}
    )


def snapshot(engine) -> dict:
    """Everything stored: SQLite — sha256 of the database file after a TRUNCATE checkpoint (the WAL is then
    empty); PostgreSQL — every row of every table, in key order."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as c:
            busy, _, _ = c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
            c.rollback()
        assert busy == 0, "a reader kept the checkpoint from completing"
        path = Path(make_url(str(engine.url)).database)
        wal = path.with_name(path.name + "-wal")
        return {
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "wal_bytes": wal.stat().st_size if wal.exists() else 0,
        }
    out = {}
    with engine.connect() as c:
        for table in sorted(inspect(c).get_table_names()):
            out[table] = [tuple(r) for r in c.execute(text(f'SELECT * FROM "{table}" ORDER BY 1'))]
    return out
