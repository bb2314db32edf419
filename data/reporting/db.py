"""Opening the reporting store.

- SQLite (default): $PEAKATLAS_DATA_DIR (default ~/.peakatlas)/peakatlas.db, outside the git tree; WAL journal,
  busy timeout, synchronous=FULL (a committed figure survives a power cut), foreign keys on. Writes start with
  BEGIN IMMEDIATE, so concurrent writers queue on the busy timeout instead of failing on a stale snapshot.
- PostgreSQL when PEAKATLAS_DB_URL names one (postgresql://… is run through psycopg 3), for several app
  instances against one server.
Opening an engine runs the schema migrations (idempotent; see migrate.py).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from data import settings

DB_FILE = "peakatlas.db"
BUSY_TIMEOUT_MS = 30_000
_WRITE = "peakatlas_write"  # connection execution option: this transaction writes


def data_dir() -> Path:
    return settings.get("PEAKATLAS_DATA_DIR")


def normalise_url(url: str) -> str:
    """postgres:// and postgresql:// → postgresql+psycopg:// (psycopg 3); only SQLite and PostgreSQL."""
    url = url.strip()
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix) :]
    u = make_url(url)
    if u.get_backend_name() == "postgresql" and u.get_driver_name() != "psycopg":
        raise ValueError(f"PostgreSQL is used through psycopg 3 (postgresql+psycopg://), not {u.drivername}")
    if u.get_backend_name() not in ("sqlite", "postgresql"):
        raise ValueError(f"unsupported database {u.get_backend_name()!r}: use SQLite or PostgreSQL")
    return u.render_as_string(hide_password=False)


def database_url() -> str:
    """PEAKATLAS_DB_URL if set, else the SQLite file in the data directory."""
    url = settings.get("PEAKATLAS_DB_URL")
    return normalise_url(url) if url else f"sqlite:///{data_dir() / DB_FILE}"


def _json(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=False, default=str)


def _sqlite_engine(url: str, **kw) -> Engine:
    path = make_url(url).database
    if not path or path == ":memory:":
        raise ValueError("the SQLite store must be a file (WAL journal, several connections)")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():  # reports and password hashes: readable by the owner only
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    kw.setdefault("pool_size", 5)
    kw.setdefault("max_overflow", 15)
    engine = create_engine(url, json_serializer=_json, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, **kw)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # pysqlite must not issue its own BEGIN; see _begin
        cur = dbapi_conn.cursor()
        for pragma in (f"busy_timeout={BUSY_TIMEOUT_MS}", "journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")

    return engine


def create_store_engine(url: str | None = None, **kw) -> Engine:
    """An engine for the store WITHOUT running migrations (open_engine does both)."""
    url = normalise_url(url) if url else database_url()
    if make_url(url).get_backend_name() == "sqlite":
        return _sqlite_engine(url, **kw)
    kw.setdefault("pool_size", 5)
    kw.setdefault("max_overflow", 15)
    return create_engine(
        url, json_serializer=_json, pool_pre_ping=True, connect_args={"application_name": "peakatlas"}, **kw
    )


def open_engine(url: str | None = None, **kw) -> Engine:
    """Engine for `url` (default: database_url()), schema migrated to the newest version."""
    from data.reporting import migrate

    engine = create_store_engine(url, **kw)
    migrate.upgrade(engine)
    return engine


_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def default_engine() -> Engine:
    """One migrated engine per process for the configured store (the app may also cache open_engine())."""
    url = database_url()
    with _engines_lock:
        if url not in _engines:
            _engines[url] = open_engine(url)
        return _engines[url]


def open_session(engine: Engine | None = None) -> Session:
    """A session on the store; use as `with open_session(engine) as s: …`. Objects stay readable after commit."""
    return Session(engine or default_engine(), expire_on_commit=False)


@contextmanager
def write_transaction(session: Session) -> Iterator[Session]:
    """One write function = one transaction: begin (SQLite: BEGIN IMMEDIATE), commit, or roll back on any error.

    A read transaction the session still has open is ended first (it holds no changes); unsaved ORM changes
    are refused rather than committed by accident."""
    if session.in_transaction():
        if session.new or session.dirty or session.deleted:
            raise RuntimeError("the session has unsaved changes; reporting functions commit their own work")
        session.rollback()
    session.connection(execution_options={_WRITE: True})
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise


def now() -> datetime:
    return datetime.now(UTC)


def as_utc(dt: datetime | None) -> datetime | None:
    """SQLite hands timestamps back without a zone; they are stored in UTC."""
    if dt is None:
        return None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def fmt_time(dt: datetime | None) -> str:
    dt = as_utc(dt)
    return dt.strftime("%Y-%m-%d %H:%M:%S UTC") if dt else "an unknown time"
