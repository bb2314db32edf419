"""The reporting page's login (Streamlit glue only; the rules are in data/reporting/sessions.py and throttle.py):
the form, the login the browser keeps in a cookie so a reload stays logged in, logout, and the check at every
run that the login still holds — a user deactivated while their tab is open is logged out with a message."""

from __future__ import annotations

import streamlit as st

from data.i18n import t
from data.reporting import ReportingError, open_session, sessions, throttle
from data.reporting.auth import Actor
from data.reporting.roles import ADMIN
from layers.html_safe import md_message, md_text
from layers.session_cookie import cookie_script

_LOGIN = "login_cookie"  # this session's login: the cookie value the data layer issued
_TRIED = "login_cookie_tried"  # the cookie the browser sent when it connected, once it was tried


def _text(value) -> str | None:
    return value if isinstance(value, str) and value else None  # without a browser (AppTest) st.context is a mock


def _address() -> str:
    headers = st.context.headers
    return throttle.client_address(_text(st.context.ip_address), _text(headers.get("X-Forwarded-For")))


def _sent() -> str | None:
    """The login cookie as the browser sent it when this session connected (st.context holds no other)."""
    return _text(st.context.cookies.get(sessions.COOKIE))


def _refusal(err: ReportingError, lang: str) -> str:
    return md_message(err.key, lang, **err.params) if err.key else md_text(str(err))


def current_actor(engine, lang: str) -> Actor | None:
    """The logged-in user as the store knows them now, or None (saying why when a login just ended). After a
    reload the browser's cookie is the login."""
    cookie = st.session_state.get(_LOGIN)
    sent = _sent()
    if cookie is None and sent and st.session_state.get(_TRIED) != sent:
        st.session_state[_TRIED] = cookie = sent
    if cookie is None:
        return None
    try:
        with open_session(engine) as s:
            actor = sessions.resume(s, cookie)
    except sessions.LoginEnded as ended:
        st.session_state.pop(_LOGIN, None)
        if ended.key:
            st.warning(t(ended.key, lang))
        return None
    st.session_state[_LOGIN] = cookie
    return actor


def is_admin(engine) -> bool:
    """Whether this session's login, or the one its browser keeps, is an admin's (one read, only when logged in).
    Asked before any page runs (the navigation): it says nothing and keeps nothing, current_actor does."""
    cookie = st.session_state.get(_LOGIN) or _sent()
    if not cookie:
        return False
    try:
        with open_session(engine) as s:
            return sessions.resume(s, cookie).role == ADMIN
    except sessions.LoginEnded:
        return False


def keep_cookie() -> None:
    """Bring the browser's cookie in line with this session's login: set after a login, deleted after a
    logout or a login that ended."""
    cookie = st.session_state.get(_LOGIN)
    if _sent() != cookie:
        script = cookie_script(sessions.COOKIE, cookie, int(sessions.lifetime().total_seconds()))
        with st.sidebar:
            st.html(script, unsafe_allow_javascript=True)


def login_form(engine, lang: str) -> None:
    st.caption(t("login_hint", lang))
    with st.form("login"):
        name = st.text_input(t("username", lang))
        password = st.text_input(t("password", lang), type="password")
        if st.form_submit_button(t("login", lang)):
            try:
                with open_session(engine) as s:
                    _, cookie = sessions.login(s, name, password, _address())
            except ReportingError as refused:
                st.error(_refusal(refused, lang))
            else:
                st.session_state[_LOGIN] = cookie
                st.rerun()


def logout_button(engine, lang: str) -> None:
    if st.sidebar.button(t("logout", lang)):
        cookie = st.session_state.pop(_LOGIN, None)
        if cookie:
            with open_session(engine) as s:
                sessions.logout(s, cookie, _address())
        st.rerun()
