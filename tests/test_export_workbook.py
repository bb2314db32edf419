"""The progress workbook (layers/exports/workbook.py): for 车墩镇, 松江区, 上海市 and 嘉兴市 in both languages it
opens in openpyxl with a sheet per plan, the gaps and About; headers are the string table's; a town's own workbook
lists what its area page lists and only its own gaps; a town's share, figures, status and the latest change appear
once stored, in the district's workbook and the town's; no cell is a formula; LibreOffice converts it; the command
line writes it or refuses in words; the area page offers it for every area."""

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys

import openpyxl
import pytest
from argon2 import PasswordHasher
from sqlalchemy import update

from data import reporting as r
from data.i18n import STRINGS, t
from data.plan_data import load_plans
from data.reporting import audit, auth
from data.reporting.models import users
from layers.exports import sources, workbook
from tests.conftest import REPO

YEAR = 2025  # the plans' targets for 2025 are still owed this year
PASSWORD = "correct horse battery"
DISTRICT, CHEDUN, SIJING = "310117", "310117104", "310117102"
PV = "000-T002"  # 累计新增光伏装机容量 ≥ 29.4 万千瓦, 二(一)1
AREAS = {CHEDUN: ["000"], "310117": ["000", "002"], "310000": ["002"], "330400": ["004"]}  # plans with targets there
HOSTILE = '=HYPERLINK("http://example.invalid","x")'


@pytest.fixture
def store(monkeypatch, isolated_store):
    """An empty store of this test's own, as the command line and the exports open it."""
    monkeypatch.setattr(auth, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.delenv("PEAKATLAS_DB_URL", raising=False)
    sources.engine.cache_clear()
    yield sources.engine()
    sources.engine().dispose()
    sources.engine.cache_clear()


def people(s) -> dict:
    op = r.local_operator("test")
    spec = {"songjiang": ("district_reviewer", DISTRICT), "chedun": ("town_editor", CHEDUN)}
    spec["sijing"] = ("town_editor", SIJING)
    return {name: r.add_user(s, op, name, role, PASSWORD, area) for name, (role, area) in spec.items()}


def book(code: str, lang: str) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(workbook.from_store(code, YEAR, lang)))


def table(ws) -> list[dict]:
    """The rows below the header (row workbook.HEADER_ROW) as {header: value}."""
    rows = list(ws.iter_rows(min_row=workbook.HEADER_ROW, values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def strings(lang: str) -> set[str]:
    """Every text of the string table in `lang` (with the year filled in where a text takes one)."""
    out = set()
    for key in STRINGS:
        with contextlib.suppress(KeyError, IndexError):  # a text that takes something other than the year
            out.add(t(key, lang, year=YEAR))
    return out


def sheet_of(wb: openpyxl.Workbook, plan_id: str, lang: str):
    plan = load_plans().loc[plan_id]
    title = plan["title"] if lang == "zh" else plan["title_en"]
    found = [ws for ws in wb.worksheets if ws.cell(1, 1).value and ws.cell(1, 1).value.endswith(title)]
    assert len(found) == 1, (plan_id, wb.sheetnames)
    return found[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("code", list(AREAS))
def test_a_sheet_per_plan_the_gaps_and_about(store, code, lang):
    wb = book(code, lang)
    gaps, about = t("area_gaps", lang, year=YEAR), t("tx_sheet_about", lang)
    assert wb.sheetnames[-2:] == [gaps, about] and len(wb.sheetnames) == len(AREAS[code]) + 2
    known = strings(lang)
    for plan_id in AREAS[code]:
        ws = sheet_of(wb, plan_id, lang)
        assert ws.freeze_panes == "D5" and ws.auto_filter.ref.startswith("A4:")
        header = [c.value for c in ws[workbook.HEADER_ROW]]
        assert set(header) <= known and all(c.font.bold for c in ws[workbook.HEADER_ROW])
        rows = table(ws)
        assert rows and all(isinstance(row[t("wb_col_target_value", lang)], (int, float)) for row in rows)
        assert ws.cell(2, 1).value.startswith(t("export_state_sample", lang))
        levels = {row[t("wb_col_level", lang)] for row in rows}
        if code == CHEDUN:  # a town's own rows only; the sample has no town figures, so none is shown
            assert levels == {t("level_name_town", lang)} and {row[t("area", lang)] for row in rows} == {town(lang)}
            assert all(row[t("owed_latest", lang)] is None for row in rows) and ws.cell(3, 1).value is None
            continue
        shown = [row for row in rows if row[t("owed_latest", lang)] is not None]
        # the store is empty: every figure shown is the illustrative sample, and says so
        assert shown and all(row[t("wb_col_source", lang)].startswith(t("source_illustrative", lang)) for row in shown)
        assert ws.cell(3, 1).value == t("illustrative_note", lang)
        if code != DISTRICT:  # a city's sheet lists its districts below its own rows
            assert t("level_name_district", lang) in levels
    assert {c.value for c in wb[gaps][workbook.HEADER_ROW]} <= known
    text = "\n".join(str(v) for row in wb[about].iter_rows(values_only=True) for v in row if v is not None)
    for plan_id in AREAS[code]:
        assert load_plans().loc[plan_id, "source_file"] in text
    for x in ("zh", "en"):
        assert t("export_state_sample", x) in text and t("wb_about_words", x) in text
        assert (t("illustrative_note", x) in text) == (code != CHEDUN)


def town(lang: str) -> str:
    return "车墩镇" if lang == "zh" else "Chedun Town"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_town_has_what_its_area_page_lists_and_only_its_own_gaps(store, lang):
    with r.open_session(store) as s:
        owed = r.owed_status(s, CHEDUN, YEAR)
    wb = book(CHEDUN, lang)
    rows = table(sheet_of(wb, "000", lang))
    indicator = "indicator_zh" if lang == "zh" else "indicator_en"
    listed = sorted(zip(owed["section"], owed[indicator]))
    assert sorted((row[t("section", lang)], row[t("indicator", lang)]) for row in rows) == listed
    pv = next(row for row in rows if row[t("indicator", lang)] == owed.set_index("target_id").loc[PV, indicator])
    assert pv[t("section", lang)] == "二(一)1" and pv[t("wb_col_target_value", lang)] == 29.4
    assert "29.4万千瓦" in pv[t("excerpt", lang)] and "区发展改革委" in pv[t("responsible", lang)]
    assert pv[t("plan", lang)] == load_plans().loc["000", "title" if lang == "zh" else "title_en"]
    assert pv[t("status", lang)] == t("status_no_report", lang) and pv[t("owed_why", lang)]
    gaps = table(wb[t("area_gaps", lang, year=YEAR)])
    # nothing is reported: the town owes a figure for each of its targets, and no other area's gap is listed
    assert {g[t("area", lang)] for g in gaps} == {town(lang)} and len(gaps) == len(rows)


def test_songjiang_pv_target_with_its_section_and_provenance(store):
    for lang, indicator in (("zh", "累计新增光伏装机容量"), ("en", "Cumulative new PV capacity")):
        ws = sheet_of(book(DISTRICT, lang), "000", lang)
        row = next(row for row in table(ws) if row[t("indicator", lang)] == indicator)
        assert row[t("area", lang)] == ("松江区" if lang == "zh" else "Songjiang District")
        assert row[t("wb_col_target_value", lang)] == 29.4 and row[t("unit", lang)] == "万千瓦"
        assert row[t("section", lang)] == "二(一)1" and row[t("tx_col_target_year", lang)] == 2025
        assert "29.4万千瓦" in row[t("excerpt", lang)] and "区发展改革委" in row[t("responsible", lang)]
        done = [c for c in ws[workbook.HEADER_ROW] if c.value == t("done", lang)][0].column
        assert ws.cell(workbook.HEADER_ROW + 1, done).number_format == "0%"


def test_town_shares_figures_status_and_the_latest_change(store):
    with r.open_session(store) as s:
        who = people(s)
        r.save_allocation(s, who["songjiang"], PV, DISTRICT, r.propose_split(PV, DISTRICT), method="equal")
        fig = r.submit(s, who["chedun"], PV, CHEDUN, YEAR, 2.1, "万千瓦", "屋顶光伏")
        r.review(s, who["songjiang"], fig["id"], fig["version"], "approved")
        r.submit(s, who["sijing"], PV, SIJING, YEAR, 1.0, "万千瓦")
        share = float(r.allocations_frame(s, PV, DISTRICT).set_index("area_code").loc[CHEDUN, "value"])
    wb = book(DISTRICT, "zh")
    rows = [row for row in table(sheet_of(wb, "000", "zh")) if row["指标"] == "累计新增光伏装机容量"]
    by_area = {row["区域"]: row for row in rows}
    assert len(rows) == 21 and rows[0]["区域"] == "松江区"  # the district, then each of its 20 towns
    chedun, sijing, district = by_area["车墩镇"], by_area["泗泾镇"], by_area["松江区"]
    assert chedun["分解份额"] == pytest.approx(share) and chedun["最新数据"] == pytest.approx(2.1)
    assert chedun["状态"] == t("status_achieved", "zh") and chedun["2025年填报"] == t("report_state_approved", "zh")
    assert (chedun["最近变更人"], chedun["最近变更操作"]) == ("songjiang", t("wb_action_approved", "zh"))
    assert sijing["最新数据"] is None and sijing["2025年填报数值"] == pytest.approx(1.0)
    assert (sijing["最近变更人"], sijing["最近变更操作"]) == ("sijing", t("wb_action_create", "zh"))
    # the district's figure is its towns' sum, so their latest change is the district's too
    assert district["最新数据"] == pytest.approx(2.1) and district["最近变更人"] == "sijing"
    assert all(row["数据来源"] != t("source_illustrative", "zh") for row in rows)
    gaps = [g for g in table(wb[t("area_gaps", "zh", year=YEAR)]) if g["指标"] == "累计新增光伏装机容量"]
    assert {g["区域"]: (g["情况"], g["由谁处理"]) for g in gaps}["泗泾镇"] == (t("gap_pending", "zh"), "songjiang")
    assert "车墩镇" not in {g["区域"] for g in gaps}
    # the town's own workbook: the same row, and its gaps without the approved target
    wb = book(CHEDUN, "zh")
    (own,) = [row for row in table(sheet_of(wb, "000", "zh")) if row["指标"] == "累计新增光伏装机容量"]
    assert own["区域"] == "车墩镇" and own["条款"] == "二(一)1" and own["分解份额"] == pytest.approx(share)
    assert own["最新数据"] == pytest.approx(2.1) and own["2025年填报数值"] == pytest.approx(2.1)
    assert own["状态"] == t("status_achieved", "zh") and own["2025年填报"] == t("report_state_approved", "zh")
    assert (own["最近变更人"], own["最近变更操作"]) == ("songjiang", t("wb_action_approved", "zh"))
    town_gaps = table(wb[t("area_gaps", "zh", year=YEAR)])
    assert town_gaps and {g["区域"] for g in town_gaps} == {"车墩镇"}
    assert "累计新增光伏装机容量" not in {g["指标"] for g in town_gaps}


def test_no_cell_is_a_formula(store):
    with r.open_session(store) as s:
        who = people(s)
        fig = r.submit(s, who["chedun"], PV, CHEDUN, YEAR, 2.1, "万千瓦")
        # names stored before the store refused formulas (or by another tool): written straight into the tables
        audit.record(s, auth.Actor(1, HOSTILE, "admin", None), "review", "report", fig["id"], {}, "")
        s.execute(update(users).where(users.c.name == "sijing").values(name=HOSTILE))
        s.commit()
    wb = book(DISTRICT, "zh")
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    chedun = next(
        row for row in table(sheet_of(wb, "000", "zh")) if row["区域"] == "车墩镇" and row["条款"] == "二(一)1"
    )
    assert chedun["最近变更人"] == "'" + HOSTILE and chedun["最近变更操作"] == t("wb_action_other", "zh")
    who_acts = {g["由谁处理"] for g in table(wb[t("area_gaps", "zh", year=YEAR)]) if g["区域"] == "泗泾镇"}
    assert who_acts == {"'" + HOSTILE}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_every_sheet(store, tmp_path):
    names = {}
    for code in AREAS:
        for lang in ("zh", "en"):
            path = tmp_path / f"wb-{code}-{lang}.xlsx"
            path.write_bytes(workbook.from_store(code, YEAR, lang))
            names[path] = openpyxl.load_workbook(path).sheetnames
    out = tmp_path / "out"
    all_sheets = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--convert-to"]
        + [all_sheets, "--outdir", str(out), *map(str, names)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    for path, sheets in names.items():
        for sheet in sheets:
            assert (out / f"{path.stem}-{sheet}.csv").stat().st_size > 0, (path.name, sheet)
    for code, name in ((DISTRICT, "松江区"), (CHEDUN, "车墩镇")):
        sheet = (out / f"wb-{code}-zh-松江区碳达峰实施方案.csv").read_text(encoding="utf-8")
        line = next(x for x in sheet.splitlines() if x.startswith(f"二(一)1,累计新增光伏装机容量,{name},"))
        assert ",29.4,万千瓦,2025," in line
    about = (out / "wb-310117-en-说明 About.csv").read_text(encoding="utf-8")
    assert t("wb_about_words", "en") in about and t("wb_about_words", "zh") in about


def cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "data", "workbook", *args], cwd=REPO, env=env, capture_output=True, text=True
    )


def test_command_line_writes_the_workbook_or_refuses_in_words(store, tmp_path):
    out = tmp_path / "x.xlsx"
    done = cli("--district", DISTRICT, "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert openpyxl.load_workbook(out).sheetnames[0] == "松江区碳达峰实施方案"
    bad = cli("--district", "999999", "--out", str(tmp_path / "bad.xlsx"))
    assert bad.returncode == 2 and t("area_not_found", "zh", code="999999") in bad.stderr
    assert not (tmp_path / "bad.xlsx").exists()
    with pytest.raises(ValueError, match=re.escape(t("area_not_found", "en", code="999999"))):
        workbook.from_store("999999", YEAR, "en")
    for option in ("--district", "--area"):  # a town's own workbook, by either name of the option
        town = cli(option, CHEDUN, "--out", str(tmp_path / f"town{option}.xlsx"), "--lang", "en")
        assert town.returncode == 0, town.stderr
        rows = table(openpyxl.load_workbook(tmp_path / f"town{option}.xlsx").worksheets[0])
        assert rows and {row[t("area", "en")] for row in rows} == {"Chedun Town"}


@pytest.mark.apptest
def test_the_area_page_offers_it_for_a_town_a_district_and_a_city(store):
    from streamlit.testing.v1 import AppTest

    def labels(code: str) -> list[str]:
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
        at.query_params.update(area=code)
        at.run()
        at.switch_page("pages/area.py").run()
        assert not at.exception, at.exception
        return [b.proto.label for b in at.get("download_button")]

    for code in (CHEDUN, DISTRICT, "310000"):
        assert t("wb_download", "zh") in labels(code), code
