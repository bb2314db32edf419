"""The reporting schema. It is created and changed ONLY by the migration scripts in migrations/versions/;
these classes must describe the newest revision (tests compare them with a migrated database)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from data.reporting.roles import ROLES

STATUSES = ("pending", "approved", "rejected")

Timestamp = DateTime(timezone=True)
AuditId = BigInteger().with_variant(Integer, "sqlite")  # SQLite: INTEGER PRIMARY KEY is the rowid


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(f"role IN ({', '.join(repr(r) for r in ROLES)})", name="ck_users_role"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(32))
    area_code: Mapped[str | None] = mapped_column(String(9))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(Timestamp)
    updated_at: Mapped[datetime] = mapped_column(Timestamp)


class Report(Base):
    """One figure per target, area and year; edits bump `version` (the old value stays in the audit log)."""

    __tablename__ = "reports"
    __table_args__ = (
        UniqueConstraint("target_id", "area_code", "year", name="uq_reports_target_area_year"),
        CheckConstraint("status IN ('pending', 'approved', 'rejected')", name="ck_reports_status"),
        Index("ix_reports_area_code", "area_code"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target_id: Mapped[str] = mapped_column(String(16))
    area_code: Mapped[str] = mapped_column(String(9))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Double)
    unit: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    version: Mapped[int] = mapped_column(Integer, default=1)
    submitted_by: Mapped[int] = mapped_column(ForeignKey("users.id", name="fk_reports_submitted_by"))
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", name="fk_reports_reviewed_by"))
    updated_by: Mapped[int] = mapped_column(ForeignKey("users.id", name="fk_reports_updated_by"))
    created_at: Mapped[datetime] = mapped_column(Timestamp)
    updated_at: Mapped[datetime] = mapped_column(Timestamp)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(200), default="")
    # revision 0002
    reviewed_at: Mapped[datetime | None] = mapped_column(Timestamp)
    review_note: Mapped[str] = mapped_column(Text, default="", server_default="")


class Allocation(Base):
    """A town's share of an additive district target (目标分解), in the target's unit."""

    __tablename__ = "allocations"
    __table_args__ = (UniqueConstraint("target_id", "area_code", name="uq_allocations_target_area"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target_id: Mapped[str] = mapped_column(String(16))
    district_code: Mapped[str] = mapped_column(String(6))
    area_code: Mapped[str] = mapped_column(String(9))
    value: Mapped[float] = mapped_column(Double)
    unit: Mapped[str] = mapped_column(String(32))
    method: Mapped[str] = mapped_column(String(16), default="manual")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id", name="fk_allocations_created_by"))
    updated_by: Mapped[int] = mapped_column(ForeignKey("users.id", name="fk_allocations_updated_by"))
    created_at: Mapped[datetime] = mapped_column(Timestamp)
    updated_at: Mapped[datetime] = mapped_column(Timestamp)


class AuditEntry(Base):
    """Append-only (database triggers refuse UPDATE and DELETE). user_name is copied so the entry stays
    readable whatever happens to the user row; user_id is NULL for the local command-line operator."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)
    id: Mapped[int] = mapped_column(AuditId, primary_key=True)
    at: Mapped[datetime] = mapped_column(Timestamp)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", name="fk_audit_log_user_id"))
    user_name: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    changes: Mapped[dict] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text, default="")


class BoundaryChange(Base):
    """An import of official boundaries, or a revert (revision 0003). Append-only."""

    __tablename__ = "boundary_changes"
    __table_args__ = (
        CheckConstraint("kind IN ('import', 'revert')", name="ck_boundary_changes_kind"),
        CheckConstraint("level IN ('district', 'town')", name="ck_boundary_changes_level"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    level: Mapped[str] = mapped_column(String(16))
    source_file: Mapped[str] = mapped_column(String(255))
    datum: Mapped[str] = mapped_column(String(64))
    report: Mapped[dict] = mapped_column(JSON)
    reverts: Mapped[int | None] = mapped_column(ForeignKey("boundary_changes.id", name="fk_boundary_changes_reverts"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", name="fk_boundary_changes_created_by"))
    created_by_name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(Timestamp)


class BoundaryVersion(Base):
    """One unit's geometry as a change left it: WKB in WGS84, or NULL = back to the default geometry. The unit's
    geometry in force is its newest version; origin_id is the import the geometry came from. Append-only."""

    __tablename__ = "boundary_versions"
    __table_args__ = (Index("ix_boundary_versions_unit", "level", "code", "id"),)
    id: Mapped[int] = mapped_column(AuditId, primary_key=True)
    change_id: Mapped[int] = mapped_column(ForeignKey("boundary_changes.id", name="fk_boundary_versions_change_id"))
    level: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(80))
    geometry: Mapped[bytes | None] = mapped_column(LargeBinary)
    origin_id: Mapped[int | None] = mapped_column(ForeignKey("boundary_changes.id", name="fk_boundary_versions_origin"))


class LoginThrottle(Base):
    """Wrong passwords in a row for one user name or one client address (revision 0004): the waits between
    login tries and an account's lock are computed from it, so every app instance on the store shares them."""

    __tablename__ = "login_throttle"
    __table_args__ = (CheckConstraint("kind IN ('user', 'address')", name="ck_login_throttle_kind"),)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime | None] = mapped_column(Timestamp)
    locked_at: Mapped[datetime | None] = mapped_column(Timestamp)


class LoginSession(Base):
    """A login kept by a browser (revision 0004): only the SHA-256 of its token is stored."""

    __tablename__ = "login_sessions"
    __table_args__ = (Index("ix_login_sessions_user_id", "user_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", name="fk_login_sessions_user_id"))
    address: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(Timestamp)
    expires_at: Mapped[datetime] = mapped_column(Timestamp)
    revoked_at: Mapped[datetime | None] = mapped_column(Timestamp)


class AppSecret(Base):
    """Secrets the store makes once and every app instance shares (revision 0004): the login tokens' HMAC key."""

    __tablename__ = "app_secrets"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(Timestamp)


class IngestedPlan(Base):
    """A plan file ingested by an admin (revision 0005): its normalised text (every excerpt is checked against
    it), its SHA-256 (one plan is ingested once) and its state. Its plan id is 500 + id (plan_store.plan_id), so
    it never meets the built-in plans' ids 000-004 nor their rows' ids."""

    __tablename__ = "ingested_plans"
    __table_args__ = (CheckConstraint("state IN ('draft', 'published', 'withdrawn')", name="ck_ingested_plans_state"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_code: Mapped[str] = mapped_column(String(6))
    jurisdiction_name: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(Text)
    file_name: Mapped[str] = mapped_column(String(255))
    text_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16))
    created_by_name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(Timestamp)
    updated_by_name: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(Timestamp)


class IngestedRow(Base):
    """One candidate of an ingested plan (revision 0005): the row in the targets.csv or measures.csv schema, the
    ingester's confidence and reason, and its review. Only accepted or edited rows become plan data."""

    __tablename__ = "ingested_rows"
    __table_args__ = (
        CheckConstraint("kind IN ('target', 'measure')", name="ck_ingested_rows_kind"),
        CheckConstraint("review IN ('proposed', 'accepted', 'edited', 'rejected')", name="ck_ingested_rows_review"),
        UniqueConstraint("row_id", name="uq_ingested_rows_row_id"),
        Index("ix_ingested_rows_plan_ref", "plan_ref"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_ref: Mapped[int] = mapped_column(ForeignKey("ingested_plans.id", name="fk_ingested_rows_plan_ref"))
    kind: Mapped[str] = mapped_column(String(16))
    row_id: Mapped[str] = mapped_column(String(16))
    row: Mapped[dict] = mapped_column(JSON)
    confidence: Mapped[float] = mapped_column(Double)
    reason: Mapped[str] = mapped_column(Text)
    review: Mapped[str] = mapped_column(String(16))
    reviewed_by_name: Mapped[str | None] = mapped_column(String(80))
    reviewed_at: Mapped[datetime | None] = mapped_column(Timestamp)


users, reports, allocations, audit_log = (User.__table__, Report.__table__, Allocation.__table__, AuditEntry.__table__)
boundary_changes, boundary_versions = BoundaryChange.__table__, BoundaryVersion.__table__
login_throttle, login_sessions, app_secrets = LoginThrottle.__table__, LoginSession.__table__, AppSecret.__table__
ingested_plans, ingested_rows = IngestedPlan.__table__, IngestedRow.__table__
