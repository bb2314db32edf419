"""A server's very first visitor arrives by a deep link (a town official's bookmarked area page): Streamlit's
pages-folder mode would run the page without app.py's navigation; the app must still show its own."""

from __future__ import annotations

import pytest
from e2e_support import VIEWPORT, guard, start_app
from playwright.sync_api import expect

from data.i18n import t

pytestmark = pytest.mark.browser


def test_first_request_to_a_fresh_server_is_a_deep_link(browser, tmp_path):
    server = start_app(tmp_path / "data", tmp_path / "streamlit.log")
    context = browser.new_context(viewport=VIEWPORT, base_url=server.base)
    try:
        page = context.new_page()
        outside, _ = guard(page, server.base)
        page.goto("/area?area=310117104")
        expect(page.get_by_role("heading", name="车墩镇", level=1)).to_be_visible()
        nav = page.get_by_test_id("stSidebarNav")
        for key in ("nav_map", "nav_area", "nav_targets", "nav_present", "nav_report"):
            expect(nav.get_by_text(t(key, "zh"), exact=True)).to_be_visible()
        expect(nav.get_by_text("app", exact=True)).to_have_count(0)  # not the file-name pages
    finally:
        context.close()
        server.stop()
    assert not outside, f"requests to outside the app: {outside}"


def test_a_first_visitors_first_click_counts(browser, tmp_path):
    """Deep link to the reporting page on a fresh server, then one login click: it logs in (the page the old
    pages-folder mode drew had other widget ids, which lost that click)."""
    from data import reporting as r

    server = start_app(tmp_path / "data", tmp_path / "streamlit.log")
    engine = r.open_engine(server.db_url)
    with r.open_session(engine) as s:
        r.add_user(s, r.local_operator("e2e"), "songjiang", "district_reviewer", "correct horse 42", "310117")
    engine.dispose()
    context = browser.new_context(viewport=VIEWPORT, base_url=server.base)
    try:
        page = context.new_page()
        outside, _ = guard(page, server.base)
        page.goto("/report")
        page.get_by_label(t("username", "zh"), exact=True).fill("songjiang")
        page.get_by_label(t("password", "zh"), exact=True).fill("correct horse 42")
        page.get_by_role("button", name=t("login", "zh")).click()
        expect(page.get_by_role("tab", name=t("tab_review", "zh"))).to_be_visible()
    finally:
        context.close()
        server.stop()
    assert not outside, f"requests to outside the app: {outside}"
