"""Real-browser fixtures: one Streamlit server and one Playwright/chromium per session, one page per test.

Every page refuses (and records) any request that does not go to the app's own server, and any websocket
to another host; a test fails at teardown if there was one. That is the offline proof, page by page.
Each test's final state is saved to test-artifacts/e2e/<test>.png."""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

import pytest
from e2e_support import CHROMIUM, REPO, VIEWPORT, guard, launch_chromium, map_frame, start_app

ARTIFACTS = REPO / "test-artifacts" / "e2e"
TIMEOUT_MS = 30_000  # cold first loads build the geometry on the server: generous, but bounded


def unavailable(reason: str):
    """No browser: a hard failure in CI (the offline proof must run there), a skip on a laptop."""
    if os.environ.get("CI"):
        pytest.fail(
            f"{reason} (CI is set, so the browser tests may not be skipped; run `make system-deps`)", pytrace=False
        )
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        unavailable(f"{CHROMIUM} not found: install Debian's chromium (`make system-deps`)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright Python package is not installed (requirements-dev.txt)")
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as pw:  # one sync_playwright per process
        b = launch_chromium(pw)
        yield b
        b.close()


@pytest.fixture(scope="session")
def app_server(browser, tmp_path_factory):
    """The app as users run it, on a free port, with an empty store of its own."""
    tmp = tmp_path_factory.mktemp("e2e-app")
    try:
        server = start_app(tmp / "peakatlas-data", tmp / "streamlit.log")
    except RuntimeError as e:
        pytest.fail(str(e), pytrace=False)
    yield server
    server.stop()


@pytest.fixture
def page(browser, app_server, request):
    context = browser.new_context(viewport=VIEWPORT, base_url=app_server.base)
    context.set_default_timeout(TIMEOUT_MS)
    pg = context.new_page()
    outside, page_errors = guard(pg, app_server.base)
    pg.outside_requests = outside
    pg.page_errors = page_errors
    yield pg
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(Exception):  # a screenshot is a convenience, never the verdict
        pg.screenshot(path=str(ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', request.node.name)}.png"))
    context.close()
    assert not outside, f"requests to outside the app (must work offline): {outside}"
    assert not page_errors, f"uncaught JavaScript errors: {page_errors}"


@pytest.fixture
def open_map(page):
    """Navigate to a map URL; return the st_folium iframe's Frame once Leaflet and the legend are drawn."""

    def go(path: str):
        page.goto(path)
        return map_frame(page)

    return go
