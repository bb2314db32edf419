"""Logging in and out, and logins a browser keeps across reloads.

login() checks a name and password through the throttle (throttle.py) and, when right, opens a login: a random
token the browser keeps in a cookie, signed with an HMAC key the store makes once and shares with every app
instance (app_secrets), so a forged or altered cookie is refused before any lookup. The store keeps only the
token's SHA-256 with its user, expiry and revocation, so a leaked database gives no usable token. resume()
turns a cookie back into the user as the store knows them now — every page run, so a deactivated user, a
logout elsewhere or an expired login ends the page's login at once."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from data import settings
from data.reporting import auth, throttle
from data.reporting.auth import Actor
from data.reporting.db import as_utc, now, write_transaction
from data.reporting.errors import ReportingError
from data.reporting.models import app_secrets, login_sessions, users
from data.reporting.throttle import Clock, LoginRefused, Policy

COOKIE = "peakatlas_session"
_KEY = "login_token_hmac"


class LoginEnded(ReportingError):
    """A kept login that no longer holds: `key` says why (None: not a login of this store at all)."""

    def __init__(self, key: str | None):
        super().__init__(key or "invalid login token", key=key)


KEEP_DAYS = 7  # an expired login's row is kept this long, then dropped at the next login


def lifetime() -> timedelta:
    """How long a login lasts (PEAKATLAS_SESSION_HOURS); the cookie lives as long."""
    return timedelta(hours=settings.get("PEAKATLAS_SESSION_HOURS"))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _signature(key: bytes, token: str) -> str:
    return _b64(hmac.new(key, token.encode(), hashlib.sha256).digest())


def _key(session: Session) -> bytes | None:
    return session.execute(select(app_secrets.c.value).where(app_secrets.c.name == _KEY)).scalar()


def _issue(session: Session, actor: Actor, address: str, clock: Clock) -> str:
    """A new login for `actor` (inside the caller's serialised write transaction): the cookie's value."""
    t = clock()
    key = _key(session)
    if key is None:  # the first login ever on this store makes the key
        key = secrets.token_bytes(32)
        session.execute(app_secrets.insert().values(name=_KEY, value=key, created_at=t))
    token = _b64(secrets.token_bytes(32))
    # logins that ended long ago go (their start and end stay in the audit log)
    session.execute(login_sessions.delete().where(login_sessions.c.expires_at < t - timedelta(days=KEEP_DAYS)))
    session.execute(
        login_sessions.insert().values(
            token_hash=_digest(token),
            user_id=actor.id,
            address=address,
            created_at=t,
            expires_at=t + lifetime(),
        )
    )
    return f"{token}.{_signature(key, token)}"


def _row(session: Session, cookie: str):
    """The stored login a cookie names, if its signature holds."""
    token, _, signature = (cookie if isinstance(cookie, str) else "").partition(".")
    key = _key(session)
    if not token or key is None or not hmac.compare_digest(signature.encode(), _signature(key, token).encode()):
        return None
    return session.execute(
        select(login_sessions, users.c.name, users.c.role, users.c.area_code, users.c.active)
        .join(users, users.c.id == login_sessions.c.user_id)
        .where(login_sessions.c.token_hash == _digest(token))
    ).first()


def login(
    session: Session, name: str, password: str, address: str, *, policy: Policy | None = None, clock: Clock = now
) -> tuple[Actor, str]:
    """(the user, the cookie value) for a right name and password; else LoginRefused — a wrong name or
    password ("login_failed", the same whether the user exists or not), a wait or a locked account, which
    are refused before the password is looked at. Every try is audited."""
    policy = policy or Policy.from_settings()
    throttle.begin_try(session, name, address, policy, clock)
    actor = auth.verify(session, name, password)
    if actor is None:
        throttle.wrong_password(session, name, address, policy, clock)
        raise LoginRefused("login_failed")
    with write_transaction(session):
        throttle.right_password(session, name, address, clock)
        cookie = _issue(session, actor, address, clock)
        throttle.record_attempt(session, actor, "login", address)
    return actor, cookie


def resume(session: Session, cookie: str, clock: Clock = now) -> Actor:
    """The user a kept login belongs to, as the store knows them now; else LoginEnded saying why."""
    row = _row(session, cookie)
    session.rollback()  # end the read transaction
    if row is None:
        raise LoginEnded(None)
    if not row.active:
        raise LoginEnded("login_inactive")
    if row.revoked_at is not None:
        raise LoginEnded("login_revoked")
    if as_utc(row.expires_at) <= clock():
        raise LoginEnded("login_expired")
    return Actor(row.user_id, row.name, row.role, row.area_code)


def logout(session: Session, cookie: str, address: str, clock: Clock = now) -> None:
    """End a kept login (audited); a cookie that names no open login is left alone."""
    with write_transaction(session):
        row = _row(session, cookie)
        if row is None or row.revoked_at is not None:
            return
        session.execute(update(login_sessions).where(login_sessions.c.id == row.id).values(revoked_at=clock()))
        actor = Actor(row.user_id, row.name, row.role, row.area_code)
        throttle.record_attempt(session, actor, "logout", address)
