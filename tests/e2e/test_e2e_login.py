"""Logins in a real browser against a real server: a login survives a reload (the cookie), a logout survives
one too; wrong passwords end in "try again in N s" and the right one works after the wait; a user deactivated
while their tab is open is logged out with a message; an admin unlocks a locked account in the users tab."""

from __future__ import annotations

import re
import time

import pytest
from e2e_support import ARTIFACTS, start_app, visit
from playwright.sync_api import expect

from data import reporting as r
from data.i18n import t
from data.reporting import sessions
from data.reporting.db import DB_FILE
from data.reporting.throttle import LoginRefused, Policy

pytestmark = pytest.mark.browser

PASSWORD = "correct horse 42"
WAIT = re.escape(t("login_wait", "zh", n=999)).replace("999", r"(\d+)")


@pytest.fixture(scope="module")
def server(browser, tmp_path_factory):
    """The app on a store of its own with two town editors, an admin and a viewer; 2 free tries per name."""
    tmp = tmp_path_factory.mktemp("e2e-login")
    url = f"sqlite:///{tmp / 'data' / DB_FILE}"
    engine = r.open_engine(url)
    with r.open_session(engine) as s:
        op = r.local_operator("e2e")
        for name, role, area in (("chedun", "town_editor", "310117104"), ("maogang", "town_editor", "310117109")):
            r.add_user(s, op, name, role, PASSWORD, area)
        r.add_user(s, op, "boss", "admin", PASSWORD)
        r.add_user(s, op, "reader", "viewer", PASSWORD)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PEAKATLAS_LOGIN_FREE_TRIES", "2")
        app = start_app(tmp / "data", tmp / "streamlit.log")
    app.engine = engine
    try:
        with visit(browser, app) as page:  # a first session, so the tests below are not the server's first
            page.goto("/report")
            login_form(page)
        yield app
    finally:
        app.stop()
        engine.dispose()


def submit(page, name: str, password: str) -> None:
    page.get_by_label(t("username", "zh"), exact=True).fill(name)
    page.get_by_label(t("password", "zh"), exact=True).fill(password)
    page.get_by_role("button", name=t("login", "zh")).click()


def try_login(page, server, name: str, password: str) -> str:
    """Submit the form and wait until the store has the try's audit entry; its action."""
    before = len(audit(server))
    submit(page, name, password)
    deadline = time.monotonic() + 30
    while len(log := audit(server)) == before:
        assert time.monotonic() < deadline, "the login try left no audit entry"
        time.sleep(0.05)
    return log["action"].iloc[-1]


def logged_in_as(page, name: str) -> None:
    expect(page.get_by_test_id("stSidebar").get_by_text(name)).to_be_visible()
    expect(page.get_by_role("button", name=t("logout", "zh"))).to_be_visible()


def login_form(page) -> None:
    expect(page.get_by_role("button", name=t("login", "zh"))).to_be_visible()
    expect(page.get_by_role("button", name=t("logout", "zh"))).to_have_count(0)


def test_a_login_survives_a_reload_and_so_does_a_logout(browser, server):
    with visit(browser, server) as page:
        page.goto("/report")
        submit(page, "chedun", PASSWORD)
        logged_in_as(page, "chedun")
        page.wait_for_function(f"document.cookie.includes('{sessions.COOKIE}=')")
        [cookie] = [c for c in page.context.cookies() if c["name"] == sessions.COOKIE]
        assert (cookie["sameSite"], cookie["path"]) == ("Strict", "/") and cookie["expires"] > time.time() + 11 * 3600
        page.reload()
        logged_in_as(page, "chedun")
        other = page.context.new_page()  # another tab of the same browser
        other.goto("/report")
        logged_in_as(other, "chedun")
        other.close()
        page.get_by_role("button", name=t("logout", "zh")).click()
        login_form(page)
        page.wait_for_function(f"!document.cookie.includes('{sessions.COOKIE}=')")
        page.reload()
        login_form(page)
        expect(page.get_by_text(t("login_revoked", "zh"))).to_have_count(0)


@pytest.mark.parametrize("name,width,height", [("maogang", 1280, 720), ("reader", 390, 844)])
def test_wrong_passwords_say_when_to_try_again_and_the_right_one_works_after(browser, server, name, width, height):
    with visit(browser, server, viewport={"width": width, "height": height}) as page:
        page.goto("/report")
        outcomes = [try_login(page, server, name, "wrong password") for _ in range(2)]  # the free tries
        expect(page.get_by_text(t("login_failed", "zh"))).to_be_visible()
        while outcomes[-1] != "login_refused":  # the next try within its wait (a slow machine may need more)
            assert len(outcomes) < 6, outcomes
            outcomes.append(try_login(page, server, name, "wrong password"))
        message = page.get_by_test_id("stAlert").filter(has_text=re.compile(WAIT))
        expect(message).to_be_visible()
        wait = int(re.search(WAIT, message.inner_text()).group(1))
        assert 1 <= wait <= 2 ** (len(outcomes) - 3)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"login_wait_{width}x{height}.png"))
        time.sleep(wait)
        assert try_login(page, server, name, PASSWORD) == "login"
        logged_in_as(page, name)
    assert outcomes == ["login_failed"] * (len(outcomes) - 1) + ["login_refused"]


def test_a_user_deactivated_while_the_tab_is_open_is_logged_out_with_a_message(browser, server):
    with visit(browser, server) as page:
        page.goto("/report")
        submit(page, "chedun", PASSWORD)
        logged_in_as(page, "chedun")
        with r.open_session(server.engine) as s:
            r.set_active(s, r.local_operator("e2e"), "chedun", False, "left the post")
        page.get_by_role("tab", name=t("tab_upload", "zh")).click()  # the next run of the page
        expect(page.get_by_text(t("login_inactive", "zh"))).to_be_visible()
        login_form(page)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        page.reload()
        login_form(page)
    with r.open_session(server.engine) as s:
        r.set_active(s, r.local_operator("e2e"), "chedun", True)


def test_an_admin_unlocks_a_locked_account_in_the_users_tab(browser, server):
    lock_three = Policy(user_free=100, address_free=100, max_wait_s=1, lock_after=3)
    with r.open_session(server.engine) as s:
        for _ in range(3):
            with pytest.raises(LoginRefused):
                sessions.login(s, "maogang", "wrong password", "198.51.100.7", policy=lock_three)
    with visit(browser, server) as page:
        page.goto("/report")
        submit(page, "maogang", PASSWORD)
        expect(page.get_by_text(t("login_locked", "zh"))).to_be_visible()
        submit(page, "boss", PASSWORD)
        logged_in_as(page, "boss")
        expect(page.get_by_role("heading", name=t("locked_accounts", "zh"))).to_be_visible()
        page.get_by_role("button", name=t("unlock_user", "zh", name="maogang")).click()
        expect(page.get_by_text(t("user_unlocked", "zh", name="maogang"))).to_be_visible()
        expect(page.get_by_text(t("locked_none", "zh"))).to_be_visible()
    with visit(browser, server) as page:
        page.goto("/report")
        submit(page, "maogang", PASSWORD)
        logged_in_as(page, "maogang")
    assert audit(server).query("action == 'unlock'")["user_name"].tolist() == ["boss"]


def audit(server):
    with r.open_session(server.engine) as s:
        return r.audit_frame(s, "login")
