"""Boundaries shared by every instance, as an admin walks it: on two server processes over one store (one SQLite
file; one PostgreSQL database), an import made on server A is drawn by server B at its next run, and an undo
made on B is drawn by A — no restart. Both servers draw the district once before, so a cache keyed on anything
but the shared store's boundary version fails this test."""

from __future__ import annotations

import pytest
from e2e_support import map_frame, visit
from playwright.sync_api import expect
from test_e2e_progress_loop import PASSWORD, two_servers  # noqa: F401 — two_servers is a fixture

from data.i18n import t
from tests import boundary_files as bf

pytestmark = pytest.mark.browser

MAP = "/?j=310117&layers="
IMPORTED, SCHEMATIC = t("boundary_imported", "zh"), t("boundary_schematic", "zh")


def _admin(server) -> None:
    from data import reporting as r

    engine = r.open_engine(server.db_url)
    with r.open_session(engine) as s:
        r.add_user(s, r.local_operator("e2e"), "atlas", "admin", PASSWORD)
    engine.dispose()


def _login_admin(page) -> None:
    page.goto("/report")
    page.get_by_label(t("username", "zh"), exact=True).fill("atlas")
    page.get_by_label(t("password", "zh"), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=t("login", "zh")).click()
    page.get_by_role("tab", name=t("tab_boundaries", "zh")).click()


def _legend(page, has: str, lacks: str | None = None) -> None:
    page.goto(MAP)
    map_frame(page, has=[has], lacks=[lacks] if lacks else [])


def test_an_import_and_its_undo_show_on_the_other_server(two_servers, browser, tmp_path):  # noqa: F811
    a, b = two_servers
    _admin(a)
    for server in (a, b):
        with visit(browser, server) as page:
            _legend(page, SCHEMATIC, lacks=IMPORTED)
    towns = bf.songjiang_towns()
    three = towns[towns["XZQDM"].isin(["310117104", "310117109", "310117102"])]  # 车墩镇, 泖港镇, 泗泾镇
    path = bf.write_geojson(three, tmp_path / "三镇边界.geojson")
    with visit(browser, a, "boundaries_import_a") as page:
        _login_admin(page)
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))
        page.get_by_role("button", name=t("boundary_store", "zh")).click()
        expect(page.get_by_text(t("boundary_stored", "zh", n=3))).to_be_visible()
    with visit(browser, b, "boundaries_seen_on_b") as page:
        _legend(page, IMPORTED)
        page.goto("/area?area=310117104")  # 车墩镇 is one of the three: its page no longer calls it schematic
        expect(page.get_by_text(t("card_owed", "zh")).first).to_be_visible()
        expect(page.get_by_text(t("schematic_note", "zh"))).to_have_count(0)
        _login_admin(page)
        undo = page.get_by_role("button", name="撤销变更 #1")
        undo.click()
        expect(page.get_by_text(t("boundary_reverted", "zh", n=3))).to_be_visible()
    with visit(browser, a, "boundaries_undone_on_a") as page:
        _legend(page, SCHEMATIC, lacks=IMPORTED)
