"""Alembic environment: always run through data.reporting.migrate with an open connection (never offline)."""

from alembic import context

from data.reporting.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through data.reporting.migrate.upgrade(engine)")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True, compare_type=True)
with context.begin_transaction():
    context.run_migrations()
