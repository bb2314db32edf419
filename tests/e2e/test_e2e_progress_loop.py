"""The progress loop as its users walk it, on running servers, without a restart: 车墩镇 uploads a filled
template, 泖港镇 submits the form, 松江区's reviewer splits the PV target by area and approves both — then the
map's colour, tooltip and clicked panel, the town's page and the district's breakdown show the figures
against each town's share, on the server that took the writes AND on a second server process sharing the
store (the same SQLite file; one PostgreSQL database). Both servers render every page once before the writes,
so a cache that ignores the store's revision fails this test."""

from __future__ import annotations

import io
import re

import pytest
from e2e_support import MAP_IFRAME, map_frame, servers_on_one_store, visit
from openpyxl import load_workbook
from playwright.sync_api import expect

from data import gazetteer_data, indicators, progress, years
from data.i18n import t
from layers import palette

pytestmark = pytest.mark.browser

PASSWORD = "correct horse 42"
CHEDUN, MAOGANG, DISTRICT = "310117104", "310117109", "310117"
YEAR = years.reporting_year()
INDICATOR = "pv_capacity_new"
MAP = f"/?j={DISTRICT}&ind={INDICATOR}&layers=&year={YEAR}"  # no measure layer over the colours


def _users(db_url: str) -> None:
    from data import reporting as r

    engine = r.open_engine(db_url)
    with r.open_session(engine) as s:
        op = r.local_operator("e2e")
        r.add_user(s, op, "chedun", "town_editor", PASSWORD, CHEDUN)
        r.add_user(s, op, "maogang", "town_editor", PASSWORD, MAOGANG)
        r.add_user(s, op, "songjiang", "district_reviewer", PASSWORD, DISTRICT)
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def two_servers(request, browser, tmp_path):
    """Two app processes on one store, with a town editor for 车墩镇 and 泖港镇 and 松江区's reviewer."""
    with servers_on_one_store(request.param, tmp_path, _users) as servers:
        yield servers


def login(page, name: str) -> None:
    page.goto("/report")
    page.get_by_label(t("username", "zh"), exact=True).fill(name)
    page.get_by_label(t("password", "zh"), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=t("login", "zh")).click()
    expect(page.get_by_test_id("stSidebar").get_by_text(name)).to_be_visible()


# the Leaflet map inside the component's frame, and the choropleth feature of one area
_AREA_JS = """([code, lat, lon]) => {
  const map = Object.values(window).find(v => v instanceof L.Map);
  let fill = null;
  map.eachLayer(l => { if (l.feature && l.feature.properties.code === code && l.feature.properties.status)
                         fill = l._path.getAttribute('fill'); });
  const p = map.latLngToContainerPoint([lat, lon]);
  return {fill: fill, x: p.x, y: p.y};
}"""


def choropleth_area(page, code: str) -> tuple[str | None, str]:
    """(fill colour of the area's progress polygon, its tooltip text after a real hover on the town seat)."""
    frame = map_frame(page, has=[indicators.label(INDICATOR, "zh")])  # the legend names the coloured indicator
    frame.locator(".pa-legend summary").click()  # fold the legend away from the town (as a reader would)
    expect(frame.locator(".pa-legend details")).not_to_have_attribute("open", "")
    seat = gazetteer_data.towns().loc[code]
    info = frame.evaluate(_AREA_JS, [code, seat["seat_lat"], seat["seat_lon"]])
    box = page.locator(MAP_IFRAME).bounding_box()
    page.mouse.move(box["x"] + info["x"], box["y"] + info["y"])
    tip = frame.locator(".leaflet-tooltip")
    expect(tip).to_be_visible()
    text = tip.inner_text()
    page.mouse.click(box["x"] + info["x"], box["y"] + info["y"])  # the clicked area's panel
    return info["fill"], text


def filled_template(path) -> None:
    from data import reporting as r

    wb = load_workbook(io.BytesIO(r.template(CHEDUN, "xlsx", YEAR)))
    ws = wb.active
    ids = [ws.cell(row, 3).value for row in range(1, ws.max_row + 1)]
    ws.cell(ids.index("000-T002") + 1, 9, 2.1)  # 累计新增光伏装机容量, 万千瓦
    wb.save(path)


def upload_as_chedun(browser, server, tmp_path) -> None:
    with visit(browser, server, "loop_town_upload") as page:
        login(page, "chedun")
        page.get_by_role("tab", name=t("tab_upload", "zh")).click()
        filled_template(tmp_path / "chedun.xlsx")
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(tmp_path / "chedun.xlsx"))
        commit = page.get_by_role("button", name=t("upload_commit", "zh"))
        commit.click()
        expect(page.get_by_text(t("upload_done", "zh", created=1, updated=0, unchanged=0))).to_be_visible()
        expect(commit).to_have_count(0)  # the preview and its button are gone: nothing invites a second commit
        expect(page.get_by_test_id("stFileChip")).to_have_count(0)  # the uploader is empty again
        expect(page.get_by_role("tab", name=t("tab_upload", "zh"))).to_have_attribute("aria-selected", "true")


def submit_as_maogang(browser, server) -> None:
    with visit(browser, server, "loop_town_form") as page:
        login(page, "maogang")
        target = page.get_by_role("combobox", name=t("pick_target", "zh"))  # the first of the town's own list
        expect(target).to_have_value(re.compile("^累计新增光伏装机容量 不低于 29.4 万千瓦"))
        page.get_by_label(t("value", "zh"), exact=True).fill("1.5")
        page.get_by_role("button", name=t("submit_figure", "zh")).click()
        expect(page.get_by_text(t("submitted", "zh"))).to_be_visible()
        expect(page.get_by_text("本区域已报过该目标")).to_be_visible()  # and the form says so from now on


def allocate_and_approve(browser, server) -> None:
    with visit(browser, server, "loop_reviewer") as page:
        login(page, "songjiang")
        page.get_by_role("tab", name=t("tab_allocation", "zh")).click()
        page.get_by_text(t("split_area", "zh")).click()
        expect(
            page.get_by_text(t("allocation_sum", "zh", allocated="29.4", target="29.4", unit="万千瓦", gap="0"))
        ).to_be_visible()
        page.get_by_role("button", name=t("save_allocation", "zh")).click()
        expect(page.get_by_text(t("allocation_saved", "zh", target="000-T002"))).to_be_visible()
        # the page stays on the allocation tab after saving
        expect(page.get_by_role("tab", name=t("tab_allocation", "zh"))).to_have_attribute("aria-selected", "true")
        page.get_by_role("tab", name=t("tab_review", "zh")).click()
        for _ in range(2):
            page.get_by_role("button", name=t("approve", "zh")).click()
            expect(page.get_by_text(t("reviewed", "zh"))).to_be_visible()
            expect(page.get_by_role("tab", name=t("tab_review", "zh"))).to_have_attribute("aria-selected", "true")
        expect(page.get_by_text(t("nothing_pending", "zh"))).to_be_visible()


def test_report_approve_and_see_it_on_every_server_without_restart(two_servers, browser, tmp_path):
    a, b = two_servers
    for server in (a, b):  # each server renders the views once before anything is written
        with visit(browser, server) as page:
            page.goto(MAP)
            fill, tip = choropleth_area(page, CHEDUN)
            assert fill is None and "1.379" not in tip  # no share, no figure: 车墩镇 has no colour of its own
            page.goto(f"/area?area={CHEDUN}")
            expect(page.locator(".pa-cards")).to_contain_text(t("card_owed", "zh"))
            page.goto(f"/area?area={DISTRICT}")
            expect(page.get_by_text(t("shares_none", "zh"))).to_be_visible()

    upload_as_chedun(browser, a, tmp_path)
    submit_as_maogang(browser, a)
    allocate_and_approve(browser, a)

    achieved = palette.STATUS[progress.ACHIEVED]
    for server in (a, b):
        name = "a" if server is a else "b"
        with visit(browser, server, f"loop_map_{name}") as page:
            page.goto(MAP)
            fill, tip = choropleth_area(page, CHEDUN)
            assert fill == achieved and "2.1 / 1.379 万千瓦" in tip and t("status_achieved", "zh") in tip, tip
            assert tip.startswith(gazetteer_data.towns().loc[CHEDUN, "name"]), tip  # the name from the base map
            panel = page.get_by_test_id("stMain")
            expect(panel.get_by_text("2.1 / 1.379 万千瓦").first).to_be_visible()  # the clicked area's summary
        with visit(browser, server, f"loop_town_page_{name}") as page:
            page.goto(f"/area?area={CHEDUN}")
            cards = page.locator(".pa-cards")
            expect(cards).to_contain_text("2.1 / 1.379 万千瓦")
            expect(cards).to_contain_text(t("status_achieved", "zh"))
            assert page.evaluate("() => window.find('整镇屋顶分布式光伏开发试点')")  # Ctrl+F finds the measure
            owed = page.locator("table.pa-table").first  # and the district's sum beside the town's share
            expect(owed.locator("tr").filter(has_text="累计新增光伏装机容量")).to_contain_text(
                "松江区 3.6 / 29.4 万千瓦"
            )
        with visit(browser, server, f"loop_district_{name}") as page:
            page.goto(f"/area?area={DISTRICT}")
            shares = page.locator("table.pa-table").filter(has_text=t("towns_share", "zh")).last
            chedun = shares.locator("tr").filter(has_text="车墩镇")
            expect(chedun).to_contain_text("1.379 万千瓦")
            expect(chedun).to_contain_text(t("status_achieved", "zh"))
            maogang = shares.locator("tr").filter(has_text="泖港镇")
            expect(maogang).to_contain_text("2.679 万千瓦")
            expect(maogang).to_contain_text("1.5")
            expect(maogang).to_contain_text(t("status_behind", "zh"))
