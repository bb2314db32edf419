"""The other pages, opened cold by deep link in a real browser: area, present mode, targets.
Every test also proves (in conftest.page) that the page asked nothing of any other host."""

from __future__ import annotations

import re
import tomllib

import pytest
from e2e_support import REPO, map_frame
from playwright.sync_api import expect

from data.i18n import t

pytestmark = pytest.mark.browser

VIEWS = tomllib.loads((REPO / "data" / "views.toml").read_text(encoding="utf-8"))["view"]


def test_area_deep_link_for_a_town(page):
    page.goto("/area?area=310117104")
    expect(page.get_by_role("heading", name="车墩镇", level=1)).to_be_visible()
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("310117104")).to_be_visible()
    expect(main.get_by_text(t("schematic_note", "zh")).first).to_be_visible()
    expect(page.get_by_role("heading", name=t("area_measures", "zh"))).to_be_visible()
    measures = page.locator("table.pa-table").filter(has_text=t("measure_target", "zh"))
    expect(measures).to_contain_text("整镇屋顶分布式光伏开发试点")
    owed = page.locator("table.pa-table").filter(has_text=t("owed_what", "zh"))
    expect(owed).to_contain_text("累计新增光伏装机容量")
    assert page.evaluate("() => window.find('整镇屋顶分布式光伏开发试点')")  # readable text: Ctrl+F finds it
    expect(page.get_by_role("link", name=t("go_report", "zh"))).to_be_visible()
    frame = map_frame(page)  # the area's own map is drawn too
    expect(frame.locator("path.leaflet-interactive").first).to_be_visible()


def title(view_id: str) -> str:
    return next(v["title_zh"] for v in VIEWS if v["id"] == view_id)


def neighbour(view_id: str, step: int) -> str:
    ids = [v["id"] for v in VIEWS]
    return ids[(ids.index(view_id) + step) % len(ids)]


def legend_title(view_id: str) -> str:
    """The map legend's first heading for a view with a progress indicator (its indicator's name)."""
    from data import views
    from layers.choropleth import indicator_label

    v = views.get(view_id)[1]
    assert v.indicator, view_id
    return indicator_label(v.indicator, "zh")


def test_present_deep_link_and_next_previous(page):
    start = "songjiang-pv"
    page.goto(f"/present?view={start}")
    expect(page.get_by_role("heading", name=title(start), level=1)).to_be_visible()
    map_frame(page)
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()  # no Streamlit chrome in present mode
    expect(page.get_by_test_id("stHeader")).to_be_hidden()

    map_frame(page, has=[legend_title(start)])
    after = neighbour(start, +1)
    page.get_by_role("button", name=t("present_next", "zh")).click()
    expect(page.get_by_role("heading", name=title(after), level=1)).to_be_visible()
    expect(page).to_have_url(re.compile(rf"[?&]view={re.escape(after)}(&|$)"))
    map_frame(page, has=[legend_title(after)], lacks=[legend_title(start)])  # the map follows the view

    page.get_by_role("button", name=t("present_prev", "zh")).click()
    expect(page.get_by_role("heading", name=title(start), level=1)).to_be_visible()
    expect(page).to_have_url(re.compile(rf"[?&]view={re.escape(start)}(&|$)"))

    before = neighbour(start, -1)
    page.get_by_role("button", name=t("present_prev", "zh")).click()
    expect(page.get_by_role("heading", name=title(before), level=1)).to_be_visible()
    expect(page).to_have_url(re.compile(rf"[?&]view={re.escape(before)}(&|$)"))
    map_frame(page, lacks=[legend_title(start)])


def test_targets_page_loads_its_table(page):
    page.goto("/targets")
    expect(page.get_by_role("heading", name=t("tx_title", "zh"), level=1)).to_be_visible()
    template = re.escape(t("tx_count", "zh", n="<n>", total="<n>")).replace("<n>", r"(\d+)")
    count = page.get_by_text(re.compile(template))
    expect(count).to_be_visible()
    n, total = map(int, re.search(template, count.inner_text()).groups())
    assert n == total > 0
    table = page.locator("table.pa-table").filter(has_text=t("tx_col_target_year", "zh"))
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(n)  # every counted target is a readable row
    expect(table).to_contain_text("29.4")  # 松江区's PV target, found as text (Ctrl+F works)
