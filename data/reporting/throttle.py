"""Login throttling: wrong passwords in a row, counted per user name and per client address in the store (so
every app instance behind one database shares them, and a restart forgets nothing).

After `free` wrong passwords in a row the next try waits 1 s, then 2, 4, 8 … up to the cap; a try during the
wait is refused before any password is checked. A user name is locked after `lock_after` wrong passwords in a
row until an admin unlocks it. Unknown names are counted and locked exactly like real ones, so neither the
answer nor its timing tells whether a user exists. A correct password resets its name's count (not the
address's: one valid account must not buy an address fresh guesses at other names). A count starts over after
a quiet spell (a day for a name that is not locked, an hour for an address)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from data import settings
from data.i18n import t
from data.reporting import audit
from data.reporting.auth import Actor, current, require_admin
from data.reporting.db import as_utc, now, write_transaction
from data.reporting.errors import NotFound, PermissionDenied, ReportingError
from data.reporting.models import User, login_throttle, users

Clock = Callable[[], datetime]
USER, ADDRESS = "user", "address"
QUIET = {USER: timedelta(days=1), ADDRESS: timedelta(hours=1)}
KEY_LEN = 128
_PG_LOCK = 0x4C4F474E  # "LOGN": one login decision at a time across instances (short transactions)


class LoginRefused(ReportingError):
    """A login that did not succeed: wrong name or password, a wait (`wait_s` > 0) or a locked account."""

    def __init__(self, key: str, wait_s: int = 0):
        params = {"n": wait_s} if wait_s else {}
        super().__init__(t(key, "en", **params), key=key, params=params)
        self.wait_s = wait_s


@dataclass(frozen=True)
class Policy:
    user_free: int
    address_free: int
    max_wait_s: int
    lock_after: int  # 0: never

    @classmethod
    def from_settings(cls) -> Policy:
        return cls(
            settings.get("PEAKATLAS_LOGIN_FREE_TRIES"),
            settings.get("PEAKATLAS_LOGIN_ADDRESS_TRIES"),
            settings.get("PEAKATLAS_LOGIN_MAX_WAIT_S"),
            settings.get("PEAKATLAS_LOGIN_LOCK_AFTER"),
        )

    def wait_s(self, failures: int, kind: str) -> int:
        """Seconds between the last wrong password and the next try after `failures` in a row."""
        free = self.user_free if kind == USER else self.address_free
        if failures < free:
            return 0
        return min(self.max_wait_s, 2 ** min(failures - free, 31))


@dataclass
class _Count:
    kind: str
    key: str
    failures: int = 0
    last_failure_at: datetime | None = None
    locked_at: datetime | None = None

    def remaining_s(self, policy: Policy, t: datetime) -> float:
        if self.last_failure_at is None:
            return 0.0
        until = self.last_failure_at + timedelta(seconds=policy.wait_s(self.failures, self.kind))
        return max(0.0, (until - t).total_seconds())


def client_address(remote_ip: str | None, forwarded_for: str | None, hops: int | None = None) -> str:
    """The address a login comes from: the connection's peer, or behind `hops` reverse proxies (default:
    PEAKATLAS_PROXY_HOPS) the entry the outermost one appended to X-Forwarded-For (entries before it are the
    client's own claims and are ignored)."""
    hops = settings.get("PEAKATLAS_PROXY_HOPS") if hops is None else hops
    chain = [a.strip() for a in (forwarded_for or "").split(",") if a.strip()]
    if hops > 0 and len(chain) >= hops:
        return chain[-hops][:KEY_LEN]
    return (remote_ip or "local")[:KEY_LEN]


def _read(session: Session, kind: str, key: str, t: datetime) -> _Count:
    row = session.execute(
        select(login_throttle).where(login_throttle.c.kind == kind, login_throttle.c.key == key[:KEY_LEN])
    ).first()
    if row is None:
        return _Count(kind, key[:KEY_LEN])
    count = _Count(kind, row.key, row.failures, as_utc(row.last_failure_at), as_utc(row.locked_at))
    if count.locked_at is None and count.last_failure_at and t - count.last_failure_at > QUIET[kind]:
        count.failures, count.last_failure_at = 0, None  # a quiet spell: start over
    return count


def _save(session: Session, count: _Count) -> None:
    values = {"failures": count.failures, "last_failure_at": count.last_failure_at, "locked_at": count.locked_at}
    done = session.execute(
        update(login_throttle)
        .where(login_throttle.c.kind == count.kind, login_throttle.c.key == count.key)
        .values(**values)
    ).rowcount
    if not done:
        session.execute(login_throttle.insert().values(kind=count.kind, key=count.key, **values))


def _serialise(session: Session) -> None:
    """Inside a write transaction: SQLite already holds the write lock (BEGIN IMMEDIATE); PostgreSQL takes an
    advisory lock, so two instances cannot both let a try through on the same count."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(_PG_LOCK)))


def _user_id(session: Session, name: str) -> int | None:
    return session.execute(select(users.c.id).where(users.c.name == name)).scalar()


def record_attempt(session: Session, actor: Actor, action: str, address: str, reason: str = "", **changes) -> None:
    """One audit entry of a login event (entity "login", the name as typed)."""
    audit.record(session, actor, action, "login", actor.name[:64], {"address": address, **changes}, reason)


def who(session: Session, name: str) -> Actor:
    """The audit's author of a try at `name`: the user when one has the name (admins read the audit), else the
    name as typed."""
    return Actor(_user_id(session, name), name[:80], "", None)


def begin_try(session: Session, name: str, address: str, policy: Policy, clock: Clock) -> None:
    """Let a login try through, counting it as a wrong password until it proves right (so tries racing in
    parallel see it); or refuse it — audited — with LoginRefused, without looking at the password."""
    with write_transaction(session):
        _serialise(session)
        t = clock()
        by_name, by_address = _read(session, USER, name, t), _read(session, ADDRESS, address, t)
        if by_name.locked_at is not None:
            refusal = LoginRefused("login_locked")
        else:
            wait = max(by_name.remaining_s(policy, t), by_address.remaining_s(policy, t))
            refusal = LoginRefused("login_wait", math.ceil(wait)) if wait > 0 else None
        if refusal is None:
            for count in (by_name, by_address):
                count.failures, count.last_failure_at = count.failures + 1, t
                _save(session, count)
        else:
            outcome = "locked" if refusal.wait_s == 0 else "throttled"
            record_attempt(session, who(session, name), "login_refused", address, outcome, wait_s=refusal.wait_s)
    if refusal is not None:
        raise refusal


def wrong_password(session: Session, name: str, address: str, policy: Policy, clock: Clock) -> None:
    """The try was wrong: audit it; lock the name once it reaches the threshold."""
    with write_transaction(session):
        _serialise(session)
        t = clock()
        by_name = _read(session, USER, name, t)
        author = who(session, name)
        record_attempt(session, author, "login_failed", address, failures=by_name.failures)
        if policy.lock_after and by_name.failures >= policy.lock_after and by_name.locked_at is None:
            by_name.locked_at = t
            _save(session, by_name)
            record_attempt(session, author, "lock", address, failures=by_name.failures)


def right_password(session: Session, name: str, address: str, clock: Clock) -> None:
    """The try was right (inside the caller's write transaction): the name starts over; the address gets back
    the try it was charged."""
    _serialise(session)
    t = clock()
    by_address = _read(session, ADDRESS, address, t)
    by_address.failures = max(0, by_address.failures - 1)
    _save(session, by_address)
    _save(session, _Count(USER, name[:KEY_LEN]))


def unlock(session: Session, actor: Actor, name: str, reason: str = "") -> None:
    """Admin: unlock a user name (and clear its count). A refusal is audited too."""
    try:
        with write_transaction(session):
            admin = current(session, actor)
            require_admin(admin)
            _serialise(session)
            count = _read(session, USER, name, now())
            if count.locked_at is None and count.failures == 0:
                raise NotFound.of("err_not_locked", name=name)
            _save(session, _Count(USER, count.key))
            audit.record(session, admin, "unlock", "login", name[:64], {"failures": [count.failures, 0]}, reason)
    except PermissionDenied as refused:
        with write_transaction(session):
            known = actor.is_operator or session.get(User, actor.id) is not None
            author = actor if known else Actor(None, f"unknown:{actor.name}"[:80], actor.role, None)
            audit.record(session, author, "refused", "login", name[:64], {"attempted": "unlock"}, str(refused))
        raise


def locked_frame(session: Session) -> pd.DataFrame:
    """The locked user names, with their count and when they were locked (for the admin page)."""
    rows = session.execute(
        select(login_throttle.c.key, login_throttle.c.failures, login_throttle.c.locked_at)
        .where(login_throttle.c.kind == USER, login_throttle.c.locked_at.is_not(None))
        .order_by(login_throttle.c.locked_at, login_throttle.c.key)
    ).all()
    session.rollback()  # end the read transaction
    return pd.DataFrame(
        [(r.key, r.failures, as_utc(r.locked_at)) for r in rows], columns=["name", "failures", "locked_at"]
    )
