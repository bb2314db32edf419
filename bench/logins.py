"""What login throttling does to a password-guessing run (not a test): 50 wrong passwords in a row for one user
on a fresh SQLite store with the real argon2 parameters, the way the app logged in before (auth.verify, no
throttle) and now (sessions.login with the default settings); then an attacker who always retries the moment
the wait is over (a hand-moved clock): how many passwords are checked before the account locks, and when.
Run from the repository root:  .venv/bin/python bench/logins.py"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from data.reporting import auth, db, sessions  # noqa: E402
from data.reporting.throttle import LoginRefused, Policy  # noqa: E402

PASSWORD = "correct horse battery"
TRIES = 50


def run(label: str, attempt) -> None:
    """Time TRIES calls of attempt(i) (True when refused), counting the password checks (auth.verify)."""
    calls: list = []
    real = auth.verify

    def verify(session, name, password):
        calls.append(name)
        return real(session, name, password)

    auth.verify = verify
    try:
        start = time.perf_counter()
        refused = sum(bool(attempt(i)) for i in range(TRIES))
        took = time.perf_counter() - start
    finally:
        auth.verify = real
    print(f"{label:<34} {len(calls):>7} {refused:>8} {took:>9.2f} s")


def patient_attacker(session, policy: Policy) -> tuple[int, float]:
    """Wrong passwords checked before the lock, and the minutes it took, retrying as soon as allowed."""
    now = [datetime(2026, 1, 1, tzinfo=UTC)]
    checked = 0
    while True:
        try:
            sessions.login(session, "target", "guess", "198.51.100.1", policy=policy, clock=lambda: now[0])
        except LoginRefused as refused:
            if refused.key == "login_locked":
                return checked, (now[0] - datetime(2026, 1, 1, tzinfo=UTC)).total_seconds() / 60
            if refused.key == "login_failed":
                checked += 1
            now[0] += timedelta(seconds=max(refused.wait_s, 0))


def main() -> None:
    os.environ["PEAKATLAS_DATA_DIR"] = tempfile.mkdtemp(prefix="peakatlas-bench-logins-")
    engine = db.open_engine()
    policy = Policy.from_settings()
    with db.open_session(engine) as s:
        op = auth.local_operator("bench")
        for name in ("victim", "target"):
            auth.add_user(s, op, name, "viewer", PASSWORD)
        hasher = auth.HASHER
        print(
            f"{TRIES} wrong passwords in a row for one user (argon2id m={hasher.memory_cost} KiB, t={hasher.time_cost})"
        )
        print(f"{'':<34} {'checked':>7} {'refused':>8} {'total':>11}")

        def before(i: int) -> bool:  # the app's login until now: a password check per try
            auth.verify(s, "victim", f"guess {i}")
            return False

        def after(i: int) -> bool:
            try:
                sessions.login(s, "victim", f"guess {i}", "198.51.100.9", policy=policy)
            except LoginRefused as refused:
                return refused.key == "login_wait"
            return False

        run("before: auth.verify, no throttle", before)
        run("after: sessions.login, throttled", after)
        waited = time.perf_counter()
        while True:
            try:
                sessions.login(s, "victim", PASSWORD, "198.51.100.9", policy=policy)
                break
            except LoginRefused:
                time.sleep(0.05)
        print(f"the right password then works after {time.perf_counter() - waited:.2f} s")
        checked, minutes = patient_attacker(s, policy)
        print(
            f"a patient attacker (free {policy.user_free}, cap {policy.max_wait_s} s, lock {policy.lock_after}): "
            f"{checked} passwords checked, locked after {minutes:.1f} min"
        )
    engine.dispose()


if __name__ == "__main__":
    main()
