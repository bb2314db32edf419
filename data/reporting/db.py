"""Opening the reporting store.

- SQLite (default): $PEAKATLAS_DATA_DIR (default ~/.peakatlas)/peakatlas.db, outside the git tree; WAL journal,
  busy timeout, synchronous=FULL (a committed figure survives a power cut), foreign keys on. Writes start with
  BEGIN IMMEDIATE, so concurrent writers queue for the write lock instead of failing on a stale snapshot.
- PostgreSQL when PEAKATLAS_DB_URL names one (postgresql://… is run through psycopg 3), for several app
  instances against one server.
Opening an engine runs the schema migrations (idempotent; see migrate.py).

Waiting for a turn: a write transaction waits at most WRITE_WAIT_S for the store. Its start (SQLite's write
lock, a pooled connection) is retried with exponential backoff and jitter until then; a busy error after the
start (PostgreSQL deadlock, serialization failure, lock timeout) rolls the transaction back. Either way the
caller gets StoreBusy (a ReportingError with its string-table message), never the driver's error. A whole
write function that may safely run again (retry_when_busy) is re-run within the same bound.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from data import settings
from data.reporting.errors import StoreBusy

DB_FILE = "peakatlas.db"
BUSY_TIMEOUT_MS = 30_000
WRITE_WAIT_S = 60.0  # the longest a write waits for its turn before StoreBusy
ATTEMPT_S = 1.0  # SQLite: one attempt at the write lock (the busy handler polls within it)
BACKOFF_S = (0.02, 1.0)  # pause before the next attempt: full jitter up to base·2^n, at most the cap
_WRITE = "peakatlas_write"  # connection execution option: this transaction writes
_WAIT_MS = "peakatlas_wait_ms"  # … and may wait this long for its lock
# SQLite: SQLITE_BUSY, SQLITE_LOCKED (and their extended codes); PostgreSQL: serialization failure, deadlock,
# lock not available (lock_timeout). Each leaves the transaction rolled back, so it can run again.
_SQLITE_BUSY = (5, 6)
_PG_BUSY = ("40001", "40P01", "55P03")
T = TypeVar("T")


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


def _use_wal(cur) -> None:
    """Switch a new store to WAL (persistent, so once per file). The switch needs the file to itself and SQLite
    answers "locked" at once, without its busy handler, while another connection is making the same switch — as
    when several instances open a new store together — so it is retried here within the busy timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while cur.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        try:
            cur.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() > deadline:
                raise
            time.sleep(random.uniform(0.005, 0.05))


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
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        _use_wal(cur)
        for pragma in ("synchronous=FULL", "foreign_keys=ON"):
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        opts = conn.get_execution_options()
        if not opts.get(_WRITE):
            conn.exec_driver_sql("BEGIN")
            return
        if _WAIT_MS not in opts:  # a migration: the connection's own busy timeout
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            return
        sqlite = conn.connection.driver_connection  # a setting of the connection, not part of the transaction
        sqlite.execute(f"PRAGMA busy_timeout={int(opts[_WAIT_MS])}")
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        finally:
            sqlite.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")

    return engine


def _pg_engine(url: str, **kw) -> Engine:
    kw.setdefault("pool_size", 5)
    kw.setdefault("max_overflow", 15)
    engine = create_engine(
        url, json_serializer=_json, pool_pre_ping=True, connect_args={"application_name": "peakatlas"}, **kw
    )

    @event.listens_for(engine, "begin")
    def _begin(conn):  # a write waits for a row or advisory lock no longer than its turn allows
        if _WAIT_MS in conn.get_execution_options():
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = {max(int(conn.get_execution_options()[_WAIT_MS]), 1)}")

    return engine


def create_store_engine(url: str | None = None, **kw) -> Engine:
    """An engine for the store WITHOUT running migrations (open_engine does both)."""
    url = normalise_url(url) if url else database_url()
    if make_url(url).get_backend_name() == "sqlite":
        return _sqlite_engine(url, **kw)
    return _pg_engine(url, **kw)


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


def is_busy(err: BaseException) -> bool:
    """The store was busy: a lock not granted in time, a deadlock, a serialization failure, no free pooled
    connection. The transaction did not take effect and may run again."""
    if isinstance(err, sa_exc.TimeoutError):  # the connection pool had no connection to lend in time
        return True
    orig = getattr(err, "orig", None) if isinstance(err, sa_exc.DBAPIError) else None
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _SQLITE_BUSY
    return getattr(orig, "sqlstate", None) in _PG_BUSY


@dataclass
class _Turn:
    """One write's wait for the store: its deadline, the attempts so far, who to tell that it waits."""

    deadline: float
    on_wait: Callable[[int], None] | None = None
    attempts: int = 0

    def left_ms(self) -> int:
        return max(int((self.deadline - time.monotonic()) * 1000), 0)

    def pause(self, err: BaseException) -> None:
        """Back off before the next attempt (full jitter); StoreBusy once the deadline has passed."""
        if time.monotonic() >= self.deadline:
            raise StoreBusy.of("err_store_busy") from err
        self.attempts += 1
        if self.on_wait:
            self.on_wait(self.attempts)
        base, cap = BACKOFF_S
        time.sleep(min(random.uniform(0, min(cap, base * 2**self.attempts)), self.left_ms() / 1000))


_turn: ContextVar[_Turn | None] = ContextVar("peakatlas_write_turn", default=None)


def _begin_write(session: Session, turn: _Turn) -> None:
    """Start the write transaction, attempt after attempt until the store lets it (or StoreBusy)."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    while True:
        wait = min(turn.left_ms(), int(ATTEMPT_S * 1000)) if sqlite else turn.left_ms()
        try:
            session.connection(execution_options={_WRITE: True, _WAIT_MS: wait})
            return
        except Exception as err:
            session.rollback()
            if not is_busy(err):
                raise
            turn.pause(err)


@contextmanager
def write_transaction(session: Session) -> Iterator[Session]:
    """One write function = one transaction: begin (SQLite: BEGIN IMMEDIATE), commit, or roll back on any error.
    Waits for its turn (see the module doc); a busy store raises StoreBusy, with nothing written.

    A read transaction the session still has open is ended first (it holds no changes); unsaved ORM changes
    are refused rather than committed by accident."""
    if session.in_transaction():
        if session.new or session.dirty or session.deleted:
            raise RuntimeError("the session has unsaved changes; reporting functions commit their own work")
        session.rollback()
    _begin_write(session, _turn.get() or _Turn(time.monotonic() + WRITE_WAIT_S))
    with busy_as_error(session):
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def busy_as_error(session: Session) -> Iterator[Session]:
    """A busy store (no pooled connection in time, a lock, a deadlock) raises StoreBusy, not the driver's
    error; the session's transaction is rolled back."""
    try:
        yield session
    except Exception as err:
        if not is_busy(err):
            raise
        session.rollback()
        raise StoreBusy.of("err_store_busy") from err


def retry_when_busy(work: Callable[[], T], on_wait: Callable[[int], None] | None = None) -> T:
    """Run a whole write (`work`: its transactions start from scratch each time) again while it is refused as
    busy, with backoff, until WRITE_WAIT_S has passed since the first try; then StoreBusy. `on_wait(attempt)`
    is told before each pause (a page shows that the upload waits its turn)."""
    turn = _Turn(time.monotonic() + WRITE_WAIT_S, on_wait)
    token = _turn.set(turn)
    try:
        while True:
            try:
                return work()
            except StoreBusy as busy:
                turn.pause(busy)
    finally:
        _turn.reset(token)


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
