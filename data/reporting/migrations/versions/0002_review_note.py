"""Keep the reviewer's reason and time on the report itself, so a town sees why a figure was rejected.

Existing rows get an empty review note and no review time (their history stays in the audit log).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("reviewed_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("review_note", sa.Text, nullable=False, server_default=""))


def downgrade() -> None:
    raise NotImplementedError("the reporting schema is never downgraded (it would drop reported figures)")
