"""Imported boundaries move into the shared store: every import and revert is a change, every unit's geometry
a version of it (append-only, like the audit log), so every app instance on the store sees the same
boundaries and nothing is ever lost by a revert. The file store of earlier releases is moved in by
geo/store.py on first use (it knows where the data directory is; a migration must not).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
VERSION_ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade() -> None:
    op.create_table(
        "boundary_changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("source_file", sa.String(255), nullable=False),
        sa.Column("datum", sa.String(64), nullable=False),
        sa.Column("report", sa.JSON, nullable=False),
        sa.Column("reverts", sa.Integer, sa.ForeignKey("boundary_changes.id", name="fk_boundary_changes_reverts")),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id", name="fk_boundary_changes_created_by")),
        sa.Column("created_by_name", sa.String(80), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.CheckConstraint("kind IN ('import', 'revert')", name="ck_boundary_changes_kind"),
        sa.CheckConstraint("level IN ('district', 'town')", name="ck_boundary_changes_level"),
    )
    op.create_table(
        "boundary_versions",
        sa.Column("id", VERSION_ID, primary_key=True),
        sa.Column(
            "change_id",
            sa.Integer,
            sa.ForeignKey("boundary_changes.id", name="fk_boundary_versions_change_id"),
            nullable=False,
        ),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("code", sa.String(12), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("geometry", sa.LargeBinary),
        sa.Column("origin_id", sa.Integer, sa.ForeignKey("boundary_changes.id", name="fk_boundary_versions_origin")),
    )
    op.create_index("ix_boundary_versions_unit", "boundary_versions", ["level", "code", "id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$"
        )
    for table in ("boundary_changes", "boundary_versions"):
        _append_only(table)


def _append_only(table: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
        return
    op.execute(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION append_only()"
    )
    op.execute(
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION append_only()"
    )


def downgrade() -> None:
    raise NotImplementedError("the reporting schema is never downgraded (it would drop imported boundaries)")
