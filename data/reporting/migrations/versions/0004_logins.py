"""Logins: wrong passwords in a row per user name and per client address (the waits and the lock are computed
from them, so every app instance shares them), logins kept by a browser (only a hash of each token), and the
store's shared secrets (the tokens' HMAC key).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "login_throttle",
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("key", sa.String(128), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failure_at", TS),
        sa.Column("locked_at", TS),
        sa.CheckConstraint("kind IN ('user', 'address')", name="ck_login_throttle_kind"),
    )
    op.create_table(
        "login_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", name="fk_login_sessions_user_id"), nullable=False),
        sa.Column("address", sa.String(128), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("revoked_at", TS),
    )
    op.create_index("ix_login_sessions_user_id", "login_sessions", ["user_id"])
    op.create_table(
        "app_secrets",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("value", sa.LargeBinary, nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )


def downgrade() -> None:
    raise NotImplementedError("the reporting schema is never downgraded")
