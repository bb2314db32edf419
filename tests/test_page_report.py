"""The reporting page through AppTest: login, a town's figure, the district's review, upload, allocation,
admin demo data — each step checked in the store, and the map's progress following the store."""

import pytest
from streamlit.testing.v1 import AppTest

from data import reporting as r
from data import years
from data.i18n import t
from layers.html_safe import md_message
from tests.conftest import REPO

pytestmark = pytest.mark.apptest  # Streamlit's AppTest: the pages run headless

PASSWORD = "correct horse 42"
TOWN, DISTRICT = "310117104", "310117"  # 车墩镇, 松江区


@pytest.fixture
def users(isolated_store):
    op = r.local_operator("test")
    with r.open_session(r.open_engine()) as s:
        r.add_user(s, op, "chedun", "town_editor", PASSWORD, TOWN)
        r.add_user(s, op, "songjiang", "district_reviewer", PASSWORD, DISTRICT)
        r.add_user(s, op, "boss", "admin", PASSWORD)
    return isolated_store


def logged_in(name: str) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    at.switch_page("pages/report.py").run()
    assert not at.exception, at.exception
    at.text_input[0].input(name)
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()  # the form's submit button
    assert not at.exception, at.exception
    return at


def stored():
    with r.open_session(r.open_engine()) as s:
        return r.reports_table(s)


def test_wrong_password_is_refused(users):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    at.switch_page("pages/report.py").run()
    at.text_input[0].input("chedun")
    at.text_input[1].input("nope")
    at.button[0].click().run()
    assert [e.value for e in at.error] == [t("login_failed", "zh")]


def test_town_reports_and_district_approves(users):
    at = logged_in("chedun")
    assert any("chedun" in m.value for m in at.sidebar.markdown)
    at.selectbox(key="submit_target").set_value("000-T002").run()  # 新增光伏装机容量 29.4万千瓦
    at.number_input(key="submit_value").set_value(3.5).run()
    at.selectbox(key="submit_unit_000-T002").set_value("MW").run()
    [b for b in at.button if b.label == t("submit_figure", "zh")][0].click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == [t("submitted", "zh")]
    figures = stored()
    assert len(figures) == 1 and figures["status"][0] == "pending" and figures["area_code"][0] == TOWN
    assert figures["value"][0] == pytest.approx(0.35) and figures["unit"][0] == "万千瓦"  # 3.5 MW in the target's unit

    rv = logged_in("songjiang")
    rv.text_input(key="review_reason").input("核实无误")
    rv.button(key="review_approved").click().run()
    assert not rv.exception, rv.exception
    assert stored()["status"][0] == "approved"


def test_town_cannot_submit_twice_for_the_same_year(users):
    at = logged_in("chedun")
    at.selectbox(key="submit_target").set_value("000-T002").run()
    at.number_input(key="submit_value").set_value(1.0).run()
    [b for b in at.button if b.label == t("submit_figure", "zh")][0].click().run()
    assert len(stored()) == 1
    # the form now says so and offers no second submission
    year = years.reporting_year()
    assert any(f"本区域已报过该目标 {year} 年的数据" in i.value and "已报数据" in i.value for i in at.info)
    assert not [b for b in at.button if b.label == t("submit_figure", "zh")]


def test_a_figure_stored_meanwhile_is_refused_in_words(users):
    at = logged_in("chedun")
    at.selectbox(key="submit_target").set_value("000-T002").run()
    at.number_input(key="submit_value").set_value(1.0).run()
    with r.open_session(r.open_engine()) as s:  # the same figure arrives from another browser meanwhile
        r.submit(s, r.verify(s, "chedun", PASSWORD), "000-T002", TOWN, years.reporting_year(), 2.0, "万千瓦")
    [b for b in at.button if b.label == t("submit_figure", "zh")][0].click().run()
    assert len(stored()) == 1 and stored()["value"][0] == 2.0  # the click stored nothing
    said = " ".join(m.value for m in [*at.info, *at.error])
    assert "本区域已报过该目标" in said and "2 万千瓦" in said and "changed by" not in said


def test_admin_loads_demo_data_and_the_map_shows_it(users):
    at = logged_in("boss")
    [b for b in at.button if b.label == t("load_demo", "zh")][0].click().run()
    assert not at.exception, at.exception
    assert at.success and "示例数据" in at.success[0].value
    assert stored()["illustrative"].all() and len(stored()) > 40
    at.switch_page("pages/map.py").run()
    assert not at.exception, at.exception


def test_allocation_is_saved_and_sums_to_the_target(users):
    at = logged_in("songjiang")
    # the first additive target is preselected; store the proposed equal split
    [b for b in at.button if b.label == t("save_allocation", "zh")][0].click().run()
    assert not at.exception, at.exception
    with r.open_session(r.open_engine()) as s:
        frame = r.allocations_frame(s, district=DISTRICT)
        assert len(frame) == 20  # every town of 松江区
        tid = frame["target_id"].iloc[0]
        assert r.allocation_gap(s, tid, DISTRICT)["balanced"]


def test_viewer_needs_no_login_for_the_map_but_the_report_page_asks_for_one(isolated_store):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    at.switch_page("pages/report.py").run()
    assert not at.exception, at.exception
    assert [c.value for c in at.caption][0] == t("login_hint", "zh")


def test_map_gaps_layer_and_district_gap_list(users):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params.update({"j": DISTRICT, "gaps": "1", "year": "2025"})
    at.run()
    assert not at.exception, at.exception
    from tests.test_pages import map_js

    script = map_js(at)
    assert t("layer_gaps", "zh") in script and "2025" in script  # legend entry and tooltips
    at.switch_page("pages/area.py")
    at.query_params["area"] = DISTRICT
    at.run()
    assert not at.exception, at.exception
    assert t("area_gaps", "zh", year=2025) in [s.value for s in at.subheader]


def test_html_in_a_note_is_shown_as_text(users):
    evil = "<img src=x onerror=alert(1)>"
    at = logged_in("chedun")
    at.selectbox(key="submit_target").set_value("000-T002").run()
    at.number_input(key="submit_value").set_value(1.0).run()
    at.text_area(key="submit_note").input(evil).run()
    [b for b in at.button if b.label == t("submit_figure", "zh")][0].click().run()
    assert stored()["note"][0] == evil  # stored verbatim
    at.switch_page("pages/report.py").run()
    # shown only inside data tables (rendered as text by Streamlit), never through Markdown/HTML
    tables = [d.value for d in at.dataframe]
    assert any(evil in set(tbl[t("note", "zh")]) for tbl in tables if t("note", "zh") in tbl)
    assert not any(evil in m.value for m in at.markdown)


def test_admin_imports_official_town_boundaries_in_the_app(users, tmp_path):
    from geo import areas
    from tests import boundary_files as bf

    data = bf.write_geojson(bf.songjiang_towns(), tmp_path / "songjiang_towns.geojson").read_bytes()
    at = logged_in("boss")
    uploader = at.get("file_uploader")
    assert uploader, "the boundaries tab offers an upload"
    # AppTest cannot upload files: drive the same call the tab makes, then check what the tab shows
    from geo import importer

    report = importer.import_upload("songjiang_towns.geojson", data, "town", dry_run=True)
    assert report["stored"] is False and len(report["matched"]) == 20
    importer.import_upload("songjiang_towns.geojson", data, "town")
    assert (areas.towns("310117")["boundary_quality"] == "imported").all()
    at.run()
    assert t("boundary_current", "zh") in [s.value for s in at.subheader]
    kind = t("boundary_kind_import", "zh")
    label = md_message("boundary_revert", "zh", id=1, kind=kind, file="songjiang_towns.geojson", n=20)
    revert = [b for b in at.button if b.label == label]
    assert len(revert) == 1
    revert[0].click().run()
    assert not at.exception, at.exception
    assert (areas.towns("310117")["boundary_quality"] == "schematic").all()
    assert t("boundary_reverted", "zh", n=20) in [s.value for s in at.success]
    # the history says who did what; the revert itself can be undone
    assert any("boss" in h.value and "songjiang_towns.geojson" in h.value for h in at.get("html"))
    undo = [b for b in at.button if b.label.startswith(t("boundary_revert", "zh", id=2, kind="", file="", n=0)[:6])]
    assert len(undo) == 1  # the revert (change #2) can be undone; the import's work is no longer in force


def test_a_write_reaches_the_map_the_town_page_and_the_slides_at_the_next_run(users):
    """One server process (AppTest shares Streamlit's caches across runs): nothing is read from a stale cache."""
    from tests.test_pages import app, map_js

    year = years.reporting_year()
    at = app(j=DISTRICT, ind="pv_capacity_new", layers="", year=str(year))
    assert "1.379" not in map_js(at) and t("illustrative_note", "zh") in map_js(at)  # the sample, before
    town = app("pages/area.py", area=TOWN)
    assert "1.379" not in " ".join(h.proto.body for h in town.get("html"))
    slide = app("pages/present.py", view="songjiang-pv")
    with r.open_session(r.open_engine()) as s:
        reviewer = r.verify(s, "songjiang", PASSWORD)
        r.save_allocation(s, reviewer, "000-T002", DISTRICT, {TOWN: 1.379})
        fig = r.submit(s, r.verify(s, "chedun", PASSWORD), "000-T002", TOWN, year, 2.1, "万千瓦")
        r.review(s, reviewer, fig["id"], 1, "approved")
    for page in (at, town, slide):
        page.run()
        assert not page.exception, page.exception
    shown = "2.1 / 1.379 万千瓦 (本区域分解目标) · 已完成"  # as the paint's tooltips carry it
    assert shown in map_js(at) and t("illustrative_note", "zh") not in map_js(at)
    cards = " ".join(h.proto.body for h in town.get("html"))
    assert "2.1 / 1.379 万千瓦" in cards and t("status_achieved", "zh") in cards
    assert shown in map_js(slide)  # the slide's map too
