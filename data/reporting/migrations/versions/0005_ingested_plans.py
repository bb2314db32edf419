"""Ingested plans (issue 14): a plan file's normalised text with its candidate targets and place measures, each
reviewed by an admin; a published plan joins the built-in five wherever plan data is read.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "ingested_plans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("jurisdiction_code", sa.String(6), nullable=False),
        sa.Column("jurisdiction_name", sa.String(80), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("text_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("created_by_name", sa.String(80), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_by_name", sa.String(80), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.CheckConstraint("state IN ('draft', 'published', 'withdrawn')", name="ck_ingested_plans_state"),
    )
    op.create_table(
        "ingested_rows",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "plan_ref",
            sa.Integer,
            sa.ForeignKey("ingested_plans.id", name="fk_ingested_rows_plan_ref"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("row_id", sa.String(16), nullable=False),
        sa.Column("row", sa.JSON, nullable=False),
        sa.Column("confidence", sa.Double, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("review", sa.String(16), nullable=False),
        sa.Column("reviewed_by_name", sa.String(80)),
        sa.Column("reviewed_at", TS),
        sa.CheckConstraint("kind IN ('target', 'measure')", name="ck_ingested_rows_kind"),
        sa.CheckConstraint("review IN ('proposed', 'accepted', 'edited', 'rejected')", name="ck_ingested_rows_review"),
        sa.UniqueConstraint("row_id", name="uq_ingested_rows_row_id"),
    )
    op.create_index("ix_ingested_rows_plan_ref", "ingested_rows", ["plan_ref"])


def downgrade() -> None:
    raise NotImplementedError("the reporting schema is never downgraded")
