"""Users, login and the role rules every write function checks.

Roles: viewer (reads only) · town_editor bound to one area (a 9-digit town, or a district for district-level
figures) submits and edits figures for exactly that area · district_reviewer bound to a district approves or
rejects figures for areas within it (gazetteer lineage) and manages its allocations · admin manages users and
the demo data (an admin does not report or review figures).

An Actor is what login returns; write functions re-read the user row, so a deactivated user or a changed role
takes effect at once and a hand-made Actor cannot claim a role the database does not give it.
"""

from __future__ import annotations

import contextlib
import getpass
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from data import gazetteer_data as gaz
from data.cells import is_formula
from data.i18n import t
from data.reporting import audit
from data.reporting.db import now, write_transaction
from data.reporting.errors import NotFound, PermissionDenied, Problem, ValidationError, problem
from data.reporting.models import login_sessions, users
from data.reporting.roles import ROLES

HASHER = PasswordHasher()  # argon2id, RFC 9106 low-memory profile (argon2-cffi defaults)
MIN_PASSWORD = 8
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_dummy_hash: str | None = None


@dataclass(frozen=True)
class Actor:
    id: int | None  # None only for the local command-line operator
    name: str
    role: str
    area_code: str | None

    @property
    def is_operator(self) -> bool:
        return self.id is None


def local_operator(os_user: str | None = None) -> Actor:
    """The person running `python -m data users add` on the machine: whoever can run the CLI against the
    database already controls it, so user management from the CLI acts as this admin (audited as cli:<user>)."""
    return Actor(None, f"cli:{os_user or getpass.getuser()}", "admin", None)


def _actor(row) -> Actor:
    return Actor(row.id, row.name, row.role, row.area_code)


def current(session: Session, actor: Actor) -> Actor:
    """The acting user as the database knows it now (refuses unknown or deactivated users)."""
    if actor.is_operator:
        if actor.role != "admin" or not actor.name.startswith("cli:"):
            raise PermissionDenied.of("err_unknown_user")
        return actor
    row = session.execute(select(users).where(users.c.id == actor.id)).first()
    if row is None or not row.active:
        raise PermissionDenied.of("err_inactive_user", name=actor.name)
    return _actor(row)


# --- role checks (raise PermissionDenied) --------------------------------------------------------------------


def require_submitter(actor: Actor, area_code: str) -> None:
    if actor.role != "town_editor":
        raise PermissionDenied.of("err_not_submitter", name=actor.name, role=actor.role)
    if area_code != actor.area_code:
        raise PermissionDenied.of("err_reports_elsewhere", name=actor.name, area=actor.area_code, other=area_code)


def require_reviewer(actor: Actor, area_code: str) -> None:
    if actor.role != "district_reviewer":
        raise PermissionDenied.of("err_not_reviewer", name=actor.name, role=actor.role)
    if not gaz.is_within(area_code, actor.area_code):
        raise PermissionDenied.of("err_outside_district", code=area_code, name=actor.name, district=actor.area_code)


def require_district_manager(actor: Actor, district: str) -> None:
    if actor.role != "district_reviewer" or actor.area_code != district:
        raise PermissionDenied.of("err_not_allocator", name=actor.name, role=actor.role, district=district)


def require_admin(actor: Actor) -> None:
    if actor.role != "admin":
        raise PermissionDenied.of("err_not_admin", name=actor.name, role=actor.role)


# --- users ---------------------------------------------------------------------------------------------------


def check_binding(role: str, area_code: str | None) -> list[Problem]:
    """A town editor needs a town or a district; a district reviewer a district; others no area."""
    if role not in ROLES:
        return [problem(None, "role", "err_role", role=role, roles=", ".join(ROLES))]
    level = None
    if area_code:
        if area_code in gaz.towns().index:
            level = "town"
        elif area_code in gaz.districts().index:
            level = gaz.districts().loc[area_code, "level"]
        else:
            return [problem(None, "area", "err_area_not_in_gazetteer", code=area_code)]
    level_zh = t(f"level_name_{level}", "zh") if level else ""
    if role == "town_editor" and level not in ("town", "district"):
        return [
            problem(None, "area", "err_editor_area_level", level=level, level_zh=level_zh)
            if level
            else problem(None, "area", "err_editor_area")
        ]
    if role == "district_reviewer" and level != "district":
        return [
            problem(None, "area", "err_reviewer_area_level", level=level, level_zh=level_zh)
            if level
            else problem(None, "area", "err_reviewer_area")
        ]
    if role in ("viewer", "admin") and area_code:
        return [problem(None, "area", "err_unbound_role", role=role, role_zh=t(f"role_{role}", "zh"))]
    return []


def _check_name(name: str) -> list[Problem]:
    # Names are shown verbatim (escaped by the UI); only blank, padded or control characters are refused.
    if not name or name != name.strip() or len(name) > 64 or _CONTROL.search(name) or name.startswith("cli:"):
        return [problem(None, "name", "err_user_name")]
    if is_formula(name):  # names reach exports and the audit CSV
        return [problem(None, "name", "err_user_name_formula")]
    return []


def _check_password(password: str) -> list[Problem]:
    if len(password or "") < MIN_PASSWORD:
        return [problem(None, "password", "err_password_short", n=MIN_PASSWORD)]
    return []


def add_user(
    session: Session, actor: Actor, name: str, role: str, password: str, area_code: str | None = None
) -> Actor:
    """Admin (or the local CLI operator): create a user. Raises ValidationError (also for a name that exists)
    or PermissionDenied."""
    problems = _check_name(name) + check_binding(role, area_code or None) + _check_password(password)
    if problems:
        raise ValidationError(problems)
    pw_hash = HASHER.hash(password)
    try:
        with write_transaction(session):
            actor = current(session, actor)
            require_admin(actor)
            t = now()
            uid = session.execute(
                users.insert()
                .values(
                    name=name,
                    role=role,
                    area_code=area_code or None,
                    password_hash=pw_hash,
                    active=True,
                    version=1,
                    created_at=t,
                    updated_at=t,
                )
                .returning(users.c.id)
            ).scalar_one()
            audit.record(
                session,
                actor,
                "create",
                "user",
                uid,
                {"name": [None, name], "role": [None, role], "area_code": [None, area_code or None]},
            )
    except IntegrityError:
        if session.execute(select(users.c.id).where(users.c.name == name)).first() is None:
            raise
        raise ValidationError([problem(None, "name", "err_user_exists", name=name)]) from None
    return Actor(uid, name, role, area_code or None)


def set_password(session: Session, actor: Actor, name: str, new_password: str) -> None:
    """A user changes their own password; an admin anyone's."""
    if problems := _check_password(new_password):
        raise ValidationError(problems)
    pw_hash = HASHER.hash(new_password)
    with write_transaction(session):
        actor = current(session, actor)
        row = session.execute(select(users).where(users.c.name == name)).first()
        if row is None:
            raise NotFound.of("err_no_user", name=name)
        if actor.id != row.id:
            require_admin(actor)
        session.execute(
            update(users)
            .where(users.c.id == row.id)
            .values(password_hash=pw_hash, version=users.c.version + 1, updated_at=now())
        )
        ended = _end_logins(session, row.id)
        audit.record(
            session, actor, "set_password", "user", row.id, {"password": ["***", "***"], "logins_ended": ended}
        )


def set_active(session: Session, actor: Actor, name: str, active: bool, reason: str = "") -> None:
    """Admin: deactivate (or reactivate) a user. Users are never deleted: their figures keep their author."""
    with write_transaction(session):
        actor = current(session, actor)
        require_admin(actor)
        row = session.execute(select(users).where(users.c.name == name)).first()
        if row is None:
            raise NotFound.of("err_no_user", name=name)
        session.execute(
            update(users)
            .where(users.c.id == row.id)
            .values(active=active, version=users.c.version + 1, updated_at=now())
        )
        changes = {"active": [bool(row.active), active]}
        if not active:  # a reactivation must not bring back a browser's old login
            changes["logins_ended"] = _end_logins(session, row.id)
        audit.record(session, actor, "activate" if active else "deactivate", "user", row.id, changes, reason)


def _end_logins(session: Session, user_id: int) -> int:
    """Revoke every login a browser keeps for the user (inside the caller's write transaction)."""
    return session.execute(
        update(login_sessions)
        .where(login_sessions.c.user_id == user_id, login_sessions.c.revoked_at.is_(None))
        .values(revoked_at=now())
    ).rowcount


def users_frame(session: Session):
    """Every user without the password hash (for an admin page)."""
    import pandas as pd

    rows = (
        session.execute(
            select(
                users.c.id,
                users.c.name,
                users.c.role,
                users.c.area_code,
                users.c.active,
                users.c.version,
                users.c.created_at,
            ).order_by(users.c.id)
        )
        .mappings()
        .all()
    )
    return pd.DataFrame(
        [dict(r) for r in rows], columns=["id", "name", "role", "area_code", "active", "version", "created_at"]
    )


def verify(session: Session, name: str, password: str) -> Actor | None:
    """Login: the Actor for a correct name and password of an active user, else None (same work either way)."""
    global _dummy_hash
    row = session.execute(select(users).where(users.c.name == name)).first()
    session.rollback()  # end the read transaction
    if row is None or not row.active:
        _dummy_hash = _dummy_hash or HASHER.hash("not a password")
        with contextlib.suppress(VerificationError):  # the same work as a real check: no timing hint
            HASHER.verify(_dummy_hash, password or "")
        return None
    try:
        HASHER.verify(row.password_hash, password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if HASHER.check_needs_rehash(row.password_hash):  # parameters were raised since the hash was made
        with write_transaction(session):
            session.execute(
                update(users)
                .where(users.c.id == row.id, users.c.version == row.version)
                .values(password_hash=HASHER.hash(password), version=users.c.version + 1, updated_at=now())
            )
    return _actor(row)
