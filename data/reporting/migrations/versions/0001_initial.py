"""Initial reporting schema: users, reports, allocations, append-only audit log.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("area_code", sa.String(9)),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.CheckConstraint("role IN ('viewer', 'town_editor', 'district_reviewer', 'admin')", name="ck_users_role"),
    )
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("target_id", sa.String(16), nullable=False),
        sa.Column("area_code", sa.String(9), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("value", sa.Double, nullable=False),
        sa.Column("unit", sa.String(32), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column(
            "submitted_by", sa.Integer, sa.ForeignKey("users.id", name="fk_reports_submitted_by"), nullable=False
        ),
        sa.Column("reviewed_by", sa.Integer, sa.ForeignKey("users.id", name="fk_reports_reviewed_by")),
        sa.Column("updated_by", sa.Integer, sa.ForeignKey("users.id", name="fk_reports_updated_by"), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("illustrative", sa.Boolean, nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.UniqueConstraint("target_id", "area_code", "year", name="uq_reports_target_area_year"),
        sa.CheckConstraint("status IN ('pending', 'approved', 'rejected')", name="ck_reports_status"),
    )
    op.create_index("ix_reports_area_code", "reports", ["area_code"])
    op.create_table(
        "allocations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("target_id", sa.String(16), nullable=False),
        sa.Column("district_code", sa.String(6), nullable=False),
        sa.Column("area_code", sa.String(9), nullable=False),
        sa.Column("value", sa.Double, nullable=False),
        sa.Column("unit", sa.String(32), nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column(
            "created_by", sa.Integer, sa.ForeignKey("users.id", name="fk_allocations_created_by"), nullable=False
        ),
        sa.Column(
            "updated_by", sa.Integer, sa.ForeignKey("users.id", name="fk_allocations_updated_by"), nullable=False
        ),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.UniqueConstraint("target_id", "area_code", name="uq_allocations_target_area"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True),
        sa.Column("at", TS, nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", name="fk_audit_log_user_id")),
        sa.Column("user_name", sa.String(80), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("entity_id", sa.String(64)),
        sa.Column("changes", sa.JSON, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
    )
    op.create_index("ix_audit_log_entity", "audit_log", ["entity", "entity_id"])
    # The audit log is append-only in the database itself, not just by convention in the code.
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
        )


def downgrade() -> None:
    raise NotImplementedError("the reporting schema is never downgraded (it would drop reported figures)")
