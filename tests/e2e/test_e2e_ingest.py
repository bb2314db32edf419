"""A plan ingested in the browser (issue 14): an admin uploads a plan written here for 奉贤区 (310120), naming one
of its towns (南桥镇) and numeric targets, accepts the candidates above the default confidence and publishes; the
area page of 奉贤区, the map of 奉贤区 and 南桥镇's own page show them on that server AND on a second server
process on the same store (one SQLite file; one PostgreSQL database), without a restart. Both servers render the
area page once before, so a cache that ignores the store fails this test."""

from __future__ import annotations

import pytest
from e2e_support import map_frame, servers_on_one_store, visit
from playwright.sync_api import expect

from data.i18n import t
from layers import families

pytestmark = pytest.mark.browser

PASSWORD = "correct horse 42"
TITLE = "奉贤区碳达峰实施方案(测试)"
PLAN = """奉贤区碳达峰实施方案

一、主要目标
到2025年,全区单位生产总值能源消耗比2020年下降14%。到2030年,全区可再生能源装机容量达到50万千瓦。

二、重点任务
(一)推进南桥镇光伏建设。在南桥镇建设分布式光伏示范项目。(责任单位:区发展改革委)
"""


def _admin(db_url: str) -> None:
    from data import reporting as r

    engine = r.open_engine(db_url)
    with r.open_session(engine) as s:
        r.add_user(s, r.local_operator("e2e"), "boss", "admin", PASSWORD)
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def two_servers(request, browser, tmp_path):
    """Two app processes on one store with an admin."""
    with servers_on_one_store(request.param, tmp_path, _admin) as servers:
        yield servers


def ingest_and_publish(browser, server, tmp_path) -> None:
    plan = tmp_path / "fengxian.txt"
    plan.write_text(PLAN, encoding="utf-8")
    with visit(browser, server, "ingest_admin") as page:
        page.goto("/ingest")  # not listed for a visitor; its address opens the login
        nav = page.get_by_test_id("stSidebarNav")
        expect(nav).to_contain_text(t("nav_report", "zh"))
        expect(nav).not_to_contain_text(t("nav_ingest", "zh"))
        page.get_by_label(t("username", "zh"), exact=True).fill("boss")
        page.get_by_label(t("password", "zh"), exact=True).fill(PASSWORD)
        page.get_by_role("button", name=t("login", "zh")).click()
        expect(nav).to_contain_text(t("nav_ingest", "zh"))  # listed for an admin
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(plan))
        page.get_by_label(t("ingest_where_search", "zh"), exact=True).fill("奉贤")
        page.get_by_label(t("ingest_where_search", "zh"), exact=True).press("Enter")
        expect(page.get_by_role("combobox", name=t("ingest_where", "zh"))).to_have_value("奉贤区 · 上海市(310120)")
        page.get_by_label(t("ingest_title_input", "zh"), exact=True).fill(TITLE)
        page.get_by_label(t("ingest_title_input", "zh"), exact=True).press("Enter")
        page.get_by_role("button", name=t("ingest_run", "zh")).click()
        expect(page.get_by_text("已保存草稿 501")).to_be_visible()
        expect(page.locator("mark.pa-excerpt")).to_be_visible()  # the first candidate's excerpt, in its section
        page.get_by_role("button", name=t("ingest_accept_above", "zh")).click()
        expect(page.get_by_text(t("ingest_done_accepted", "zh", n=4))).to_be_visible()
        page.get_by_role("button", name=t("ingest_publish", "zh")).click()
        expect(page.get_by_text(t("ingest_done_published", "zh", plan="501"))).to_be_visible()


def test_an_admin_ingests_a_plan_and_every_server_shows_it(two_servers, browser, tmp_path):
    a, b = two_servers
    for server in (a, b):
        with visit(browser, server) as page:
            page.goto("/area?area=310120")
            expect(page.get_by_text("南桥镇").first).to_be_visible()  # listed among 奉贤区's towns
            expect(page.get_by_text(TITLE)).to_have_count(0)

    ingest_and_publish(browser, a, tmp_path)

    pv = f"{families.BY_KEY['pv_pilot'].label('zh')} (2)"
    for server in (a, b):
        name = "a" if server is a else "b"
        with visit(browser, server, f"ingest_area_{name}") as page:
            page.goto("/area?area=310120")
            expect(page.get_by_text(TITLE).first).to_be_visible()
            expect(page.get_by_text("单位生产总值能源消耗").first).to_be_visible()
        with visit(browser, server, f"ingest_map_{name}") as page:
            page.goto("/?j=310120")
            map_frame(page, has=[pv])  # 南桥镇's two PV measures, marked at 奉贤区's point
        with visit(browser, server, f"ingest_town_{name}") as page:  # 南桥镇's own page, as its official opens it
            page.goto("/area?area=310120101")
            expect(page.get_by_role("heading", name=t("area_measures", "zh"))).to_be_visible()
            expect(page.get_by_text(TITLE).first).to_be_visible()
            expect(page.get_by_text("区发展改革委").first).to_be_visible()
