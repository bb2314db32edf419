"""Logins on SQLite and PostgreSQL: waits that grow per user name and per address (a refused try checks no
password), the lock and its admin unlock, every failed try in the audit, and logins a browser keeps (resumed,
revoked, forged, expired)."""

import json
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from data.i18n import t
from data.reporting import NotFound, PermissionDenied, ValidationError, add_user, auth, set_active
from data.reporting import sessions as logins
from data.reporting.audit import audit_frame
from data.reporting.db import now, open_session
from data.reporting.models import login_sessions
from data.reporting.revision import store_revision
from data.reporting.sessions import LoginEnded
from data.reporting.throttle import LoginRefused, Policy, client_address, locked_frame, unlock
from tests.reporting.conftest import PASSWORD

HOME = "10.1.2.3"
POLICY = Policy(user_free=5, address_free=20, max_wait_s=300, lock_after=20)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def checks(monkeypatch):
    """How many times a password was checked (auth.verify is the only place that does)."""
    calls = []
    real = auth.verify

    def counted(session, name, password):
        calls.append(name)
        return real(session, name, password)

    monkeypatch.setattr(auth, "verify", counted)
    return calls


def attempt(session, name, password, clock, address=HOME, policy=POLICY):
    """The outcome of one login try: ("ok", cookie) or (message key, wait in s)."""
    try:
        return "ok", logins.login(session, name, password, address, policy=policy, clock=clock)[1]
    except LoginRefused as refused:
        return refused.key, refused.wait_s


def logins_audit(session, name=None):
    log = audit_frame(session, "login")
    return log if name is None else log[log["entity_id"] == name]


def test_fifty_wrong_passwords_in_a_row_are_throttled_then_the_right_one_works(session, people, checks):
    clock = Clock()
    revision = store_revision(session)
    outcomes = [attempt(session, "sijing", f"guess {i}", clock) for i in range(50)]
    assert outcomes[:5] == [("login_failed", 0)] * 5  # the free tries
    assert outcomes[5:] == [("login_wait", 1)] * 45  # refused during the wait
    assert len(checks) == 5  # 45 of 50 tries never reached a password check
    assert store_revision(session) == revision  # audited, but the pages' caches stay warm
    assert attempt(session, "sijing", PASSWORD, clock) == ("login_wait", 1)  # the right one waits as well
    clock.advance(1)
    assert attempt(session, "sijing", PASSWORD, clock)[0] == "ok"
    log = logins_audit(session, "sijing")
    assert log["action"].value_counts().to_dict() == {"login_refused": 46, "login_failed": 5, "login": 1}
    assert set(log["user_id"]) == {people.sijing.id}
    # the count started over: the next wrong password is a free try again
    assert attempt(session, "sijing", "guess", clock) == ("login_failed", 0)


def test_waits_double_and_are_capped(session, people, checks):
    clock, waits = Clock(), []
    policy = Policy(user_free=5, address_free=1000, max_wait_s=300, lock_after=0)
    assert [attempt(session, "sijing", f"guess {i}", clock, policy=policy)[0] for i in range(5)] == ["login_failed"] * 5
    for i in range(15):
        key, wait = attempt(session, "sijing", PASSWORD, clock, policy=policy)  # refused unchecked: it waits
        assert key == "login_wait"
        waits.append(wait)
        clock.advance(wait - 0.5)
        assert attempt(session, "sijing", PASSWORD, clock, policy=policy) == ("login_wait", 1)  # 0.5 s, rounded up
        clock.advance(0.5)
        assert attempt(session, "sijing", f"guess {i + 5}", clock, policy=policy)[0] == "login_failed"
    assert waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300, 300, 300, 300]  # after the 5th … 19th
    assert len(checks) == 20  # the 20 wrong passwords; none of the 30 refused tries was checked
    clock.advance(300)
    assert attempt(session, "sijing", PASSWORD, clock, policy=policy)[0] == "ok"


def test_one_real_wait(session, people):
    policy = Policy(user_free=1, address_free=100, max_wait_s=1, lock_after=0)
    assert attempt(session, "sijing", "wrong", now, policy=policy)[0] == "login_failed"
    assert attempt(session, "sijing", PASSWORD, now, policy=policy) == ("login_wait", 1)
    time.sleep(1.05)
    assert attempt(session, "sijing", PASSWORD, now, policy=policy)[0] == "ok"


def test_an_address_is_throttled_across_user_names(session, people, checks):
    clock = Clock()
    policy = Policy(user_free=5, address_free=3, max_wait_s=300, lock_after=0)
    names = ["chedun", "nobody", "songjiang", "viewer", "admin"]
    outcomes = [attempt(session, n, "spray", clock, policy=policy) for n in names]
    assert outcomes == [("login_failed", 0)] * 3 + [("login_wait", 1)] * 2  # one wrong try each, yet refused
    assert checks == names[:3]
    assert attempt(session, "viewer", PASSWORD, clock, address="10.9.9.9", policy=policy)[0] == "ok"  # elsewhere
    clock.advance(1)
    assert attempt(session, "viewer", PASSWORD, clock, policy=policy)[0] == "ok"
    # a right password gives back only its own try: the address's three wrong ones still count (from its last try)
    assert attempt(session, "admin", "spray", clock, policy=policy) == ("login_wait", 1)
    clock.advance(1)
    assert attempt(session, "admin", "spray", clock, policy=policy) == ("login_failed", 0)
    assert attempt(session, "chedun", PASSWORD, clock, policy=policy) == ("login_wait", 2)


def test_lock_after_the_threshold_and_admin_unlock(session, people, checks):
    clock = Clock()
    policy = Policy(user_free=100, address_free=100, max_wait_s=300, lock_after=3)
    for name in ("sijing", "nobody"):  # a name nobody has is locked alike: no hint whether a user exists
        assert [attempt(session, name, "wrong", clock, policy=policy)[0] for _ in range(4)] == ["login_failed"] * 3 + [
            "login_locked"
        ]
    del checks[:]
    assert attempt(session, "sijing", PASSWORD, clock, policy=policy) == ("login_locked", 0)
    assert checks == []  # a locked account's password is not looked at
    assert locked_frame(session)["name"].tolist() == ["nobody", "sijing"]
    for who in (people.sijing, people.songjiang, people.viewer):
        with pytest.raises(PermissionDenied):
            unlock(session, who, "sijing")
    refused = logins_audit(session, "sijing").query("action == 'refused'")
    assert refused["user_name"].tolist() == ["sijing", "songjiang", "viewer"]
    assert attempt(session, "sijing", PASSWORD, clock, policy=policy) == ("login_locked", 0)
    unlock(session, people.admin, "sijing", "called the office")
    entry = logins_audit(session, "sijing").iloc[-1]
    assert (entry["action"], entry["user_name"], entry["reason"]) == ("unlock", "admin", "called the office")
    assert json.loads(entry["changes"]) == {"failures": [3, 0]}
    assert attempt(session, "sijing", PASSWORD, clock, policy=policy)[0] == "ok"
    with pytest.raises(NotFound):
        unlock(session, people.admin, "sijing")
    assert locked_frame(session)["name"].tolist() == ["nobody"]
    actions = logins_audit(session, "sijing")["action"].tolist()
    assert actions.count("lock") == 1 and actions.count("login_failed") == 3


def test_every_failed_login_is_audited_alike_for_known_and_unknown_names(session, people):
    clock = Clock()
    known = attempt(session, "sijing", "wrong", clock, address="10.0.0.1")
    unknown = attempt(session, "no such user", "wrong", clock, address="10.0.0.2")
    assert known == unknown == ("login_failed", 0)
    log = logins_audit(session)
    assert log["action"].tolist() == ["login_failed", "login_failed"]
    assert log["entity_id"].tolist() == ["sijing", "no such user"]
    assert [json.loads(c)["address"] for c in log["changes"]] == ["10.0.0.1", "10.0.0.2"]
    assert log["user_id"].tolist()[0] == people.sijing.id and log["user_id"].isna().tolist()[1]


def test_tries_in_parallel_get_no_more_than_the_free_ones(engine, people, checks):
    policy = Policy(user_free=3, address_free=100, max_wait_s=300, lock_after=0)

    def one(i):
        with open_session(engine) as s:
            return attempt(s, "sijing", f"guess {i}", now, policy=policy)[0]

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(one, range(16)))
    assert sorted(outcomes) == ["login_failed"] * 3 + ["login_wait"] * 13
    assert len(checks) == 3


def test_a_kept_login_is_resumed_until_logout(session, people):
    clock = Clock()
    actor, cookie = logins.login(session, "chedun", PASSWORD, HOME, policy=POLICY, clock=clock)
    assert actor == people.chedun
    assert logins.resume(session, cookie, clock) == people.chedun  # what a reload does
    token = cookie.split(".")[0]
    stored = session.execute(select(login_sessions)).one()
    assert token not in stored.token_hash and cookie not in stored.token_hash and len(stored.token_hash) == 64
    logins.logout(session, cookie, HOME, clock)
    with pytest.raises(LoginEnded) as ended:
        logins.resume(session, cookie, clock)
    assert ended.value.key == "login_revoked"
    log = logins_audit(session, "chedun")
    assert log["action"].tolist() == ["login", "logout"]


def test_forged_altered_and_expired_logins_are_refused(session, people):
    clock = Clock()
    _, cookie = logins.login(session, "chedun", PASSWORD, HOME, policy=POLICY, clock=clock)
    token, signature = cookie.split(".")
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    for forged in (f"{flipped}.{signature}", f"{token}.{signature[:-2]}", token, "", "x.y", f"{token}.{token}"):
        with pytest.raises(LoginEnded) as ended:
            logins.resume(session, forged, clock)
        assert ended.value.key is None
    _, other = logins.login(session, "songjiang", PASSWORD, HOME, policy=POLICY, clock=clock)
    assert logins.resume(session, other, clock) == people.songjiang  # one user's login is not another's
    clock.advance(12 * 3600)
    with pytest.raises(LoginEnded) as ended:
        logins.resume(session, cookie, clock)
    assert ended.value.key == "login_expired"
    # a week after they ended, the next login drops those rows
    clock.advance(logins.KEEP_DAYS * 86400 + 1)
    logins.login(session, "chedun", PASSWORD, HOME, policy=POLICY, clock=clock)
    assert len(session.execute(select(login_sessions)).all()) == 1


def test_deactivation_ends_the_kept_logins_for_good(session, people):
    clock = Clock()
    _, cookie = logins.login(session, "chedun", PASSWORD, HOME, policy=POLICY, clock=clock)
    set_active(session, people.admin, "chedun", False, "left the post")
    with pytest.raises(LoginEnded) as ended:
        logins.resume(session, cookie, clock)
    assert ended.value.key == "login_inactive"
    set_active(session, people.admin, "chedun", True)
    with pytest.raises(LoginEnded) as ended:  # coming back does not revive an old browser's login
        logins.resume(session, cookie, clock)
    assert ended.value.key == "login_revoked"
    assert attempt(session, "chedun", PASSWORD, clock)[0] == "ok"


@pytest.mark.parametrize("name", ["=cmd|'/c calc'!A1", "+1+1", "@SUM(A1)", "-x", "=1"])
def test_user_names_that_look_like_formulas_are_refused(session, name):
    from data.reporting.auth import local_operator

    with pytest.raises(ValidationError) as refused:
        add_user(session, local_operator("t"), name, "viewer", PASSWORD)
    assert [p.key for p in refused.value.problems] == ["err_user_name_formula"]
    assert str(refused.value) == f"name: {t('err_user_name_formula', 'en')}"


def test_the_client_address():
    assert client_address(None, None, 0) == "local"
    assert client_address("203.0.113.7", "1.2.3.4", 0) == "203.0.113.7"  # no proxy: the header is the client's claim
    assert client_address("127.0.0.1", "1.2.3.4, 198.51.100.9", 1) == "198.51.100.9"  # what our proxy saw
    assert client_address("127.0.0.1", "1.2.3.4, 198.51.100.9, 10.0.0.2", 2) == "198.51.100.9"
    assert client_address("127.0.0.1", "", 1) == "127.0.0.1"


def test_the_cookie_script_carries_only_a_token():
    from layers.session_cookie import cookie_script

    kept = cookie_script("peakatlas_session", "abc_-.XYZ", 43200)
    assert '"peakatlas_session=abc_-.XYZ; Max-Age=43200; Path=/; SameSite=Strict"' in kept
    assert '"peakatlas_session=; Max-Age=0; Path=/; SameSite=Strict"' in cookie_script("peakatlas_session", None, 1)
    for bad in ("a</script><script>alert(1)//", "a;b", "a b", ""):
        with pytest.raises(ValueError):
            cookie_script("peakatlas_session", bad, 1)
