"""Schema migrations (Alembic; scripts in migrations/versions/), run on every open of the store.

Idempotent: a store already at the newest revision is left alone. Safe when several app instances start at
once: PostgreSQL takes an advisory lock for the migration transaction, SQLite a write lock (BEGIN IMMEDIATE),
so the second instance waits and then finds nothing to do. A migration runs in one transaction: it either
completes or leaves the store as it was. New revision: add a script next to the others (or
`alembic -c data/reporting/alembic.ini revision -m "…"`) that only adds or transforms, never drops data.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_PG_LOCK = 0x5045414B  # "PEAK"


def config(connection=None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head() -> str:
    return ScriptDirectory.from_config(config()).get_current_head()


def current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    with engine.connect() as conn:
        conn.execution_options(peakatlas_write=True)  # SQLite: BEGIN IMMEDIATE
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK})")
            command.upgrade(config(conn), revision)
