"""No export writes a cell a spreadsheet would run (data/cells.py): the CLI's figures, audit and owed CSVs, the
upload templates, the targets' CSV and Excel downloads and the reporting page's tables (whose own "download as
CSV" writes what they show). And the store refuses formula-like notes and reasons before writing anything."""

import csv
import io
import sys

import openpyxl
import pandas as pd
import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select, update

from data import reporting as r
from data import years
from data.i18n import t
from data.reporting import audit, auth, uploads
from data.reporting.models import audit_log, reports, users
from data.reporting.reports import export_csv
from layers import explorer as ex
from layers import report_tables

HOSTILE = ['=HYPERLINK("http://example.invalid","x")', "+1+cmd|' /C calc'!A0", "-1+cmd", "@SUM(A1:A9)"]
PASSWORD = "correct horse battery"
TOWN, DISTRICT = "310117104", "310117"


@pytest.fixture
def store(monkeypatch, isolated_store):
    monkeypatch.setattr(auth, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.delenv("PEAKATLAS_DB_URL", raising=False)
    engine = r.open_engine()
    with r.open_session(engine) as s:
        op = r.local_operator("test")
        r.add_user(s, op, "chedun", "town_editor", PASSWORD, TOWN)
        r.add_user(s, op, "songjiang", "district_reviewer", PASSWORD, DISTRICT)
        yield s
    engine.dispose()


def town(s):
    return r.verify(s, "chedun", PASSWORD)


def owed_rows(s, n: int) -> list[dict]:
    year = years.reporting_year()
    rows = r.owed_status(s, TOWN, year, r.store_figures(s)).to_dict("records")
    assert len(rows) >= n
    return rows[:n]


def submitted(s, n: int) -> list[dict]:
    """n figures of the town, as the form stores them (plain notes)."""
    year = years.reporting_year()
    return [r.submit(s, town(s), o["target_id"], TOWN, year, 1, o["unit"], "ok") for o in owed_rows(s, n)]


def store_as_before_the_rule(s, figures: list[dict]) -> None:
    """Text stored before the store refused formulas (or by another tool): written straight into the tables."""
    for fig, text in zip(figures, HOSTILE):
        s.execute(update(reports).where(reports.c.id == fig["id"]).values(note=text, review_note=text))
    s.execute(update(reports).where(reports.c.id == figures[0]["id"]).values(value=-3.5))
    s.execute(update(users).where(users.c.name == "chedun").values(name=HOSTILE[0]))
    for text in HOSTILE:  # the log is append-only: entries as an older release could have written them
        audit.record(s, auth.Actor(1, text, "admin", None), "review", "report", figures[0]["id"], {}, text)
    s.commit()


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def neutralised(value: str, text: str) -> bool:
    return value == "'" + text


def test_the_figures_export_neutralises_notes_and_keeps_numbers(store):
    figs = submitted(store, len(HOSTILE))
    store_as_before_the_rule(store, figs)
    out = rows(export_csv(store))
    assert [row["note"] for row in out] == ["'" + h for h in HOSTILE]
    assert [row["review_note"] for row in out] == ["'" + h for h in HOSTILE]
    assert out[0]["value"] == "-3.5"  # a negative number stays a number
    assert out[0]["submitted_by"] == "'" + HOSTILE[0]  # the user's name as stored


def test_the_audit_export_neutralises_names_and_reasons(store):
    store_as_before_the_rule(store, submitted(store, len(HOSTILE)))
    out = rows(audit.export_csv(store))
    assert [row["user_name"] for row in out[-len(HOSTILE) :]] == ["'" + h for h in HOSTILE]
    assert [row["reason"] for row in out[-len(HOSTILE) :]] == ["'" + h for h in HOSTILE]
    assert all(row["changes"].startswith("{") for row in out)  # JSON: never a formula, left as it is
    assert out[-1]["id"] == str(len(out))  # ids stay numbers


def test_the_owed_export_neutralises_its_text(store, monkeypatch):
    frame = r.owed_status(store, TOWN, years.reporting_year())
    frame.loc[frame.index[0], "indicator_zh"] = HOSTILE[3]
    frame.loc[frame.index[0], "target_value"] = -2.0
    owed = sys.modules["data.reporting.owed"]  # (the package's name `owed` is a function)
    monkeypatch.setattr(owed, "owed_status", lambda *a, **k: frame)
    out = rows(owed.owed_csv(store, TOWN, years.reporting_year()))
    assert out[0]["indicator"] == "'" + HOSTILE[3] and out[0]["target_value"] == "-2"


def hostile_template_rows(template_rows) -> pd.DataFrame:
    base = template_rows(TOWN).iloc[: len(HOSTILE)].copy()
    base["indicator"] = HOSTILE
    base["note"] = HOSTILE
    return base


def test_the_upload_templates_write_no_formula(monkeypatch):
    original = uploads.template_rows
    monkeypatch.setattr(uploads, "template_rows", lambda *a, **k: hostile_template_rows(original))
    header = dict(uploads.COLUMNS)
    got = rows(uploads.template(TOWN, "csv").decode("utf-8-sig"))
    assert [row[header["note"]] for row in got] == ["'" + h for h in HOSTILE]
    assert all(row[header["area_code"]] == TOWN for row in got)
    sheet = openpyxl.load_workbook(io.BytesIO(uploads.template(TOWN, "xlsx"))).worksheets[0]
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # openpyxl stores "=…" text as a formula
    notes = [row[[h for _, h in uploads.COLUMNS].index(header["note"])].value for row in sheet.iter_rows(min_row=2)]
    assert notes == ["'" + h for h in HOSTILE]


def targets_with_hostile_text() -> pd.DataFrame:
    df = ex.targets_frame().head(len(HOSTILE)).copy()
    df["excerpt"] = HOSTILE
    df["note"] = HOSTILE
    df["canonical_value"] = -5.0
    return df


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_targets_csv_and_excel_downloads_write_no_formula(lang):
    df = targets_with_hostile_text()
    excerpt, note, canonical = (t(k, lang) for k in ("excerpt", "tx_col_note", "tx_col_canonical_value"))
    got = rows(ex.to_csv_bytes(df, lang).decode("utf-8-sig"))
    assert [row[excerpt] for row in got] == ["'" + h for h in HOSTILE]
    assert [row[note] for row in got] == ["'" + h for h in HOSTILE]
    assert all(float(row[canonical]) == -5.0 for row in got)
    sheet = openpyxl.load_workbook(io.BytesIO(ex.to_excel_bytes(df, lang))).worksheets[0]
    head = [c.value for c in sheet[1]]
    body = list(sheet.iter_rows(min_row=2))
    assert not [c.coordinate for row in body for c in row if c.data_type == "f"]
    assert [row[head.index(excerpt)].value for row in body] == ["'" + h for h in HOSTILE]
    assert all(row[head.index(canonical)].value == -5.0 for row in body)  # numbers stay numbers


def test_the_reporting_tables_show_what_their_csv_download_writes(store):
    store_as_before_the_rule(store, submitted(store, len(HOSTILE)))
    figures = report_tables.figures_table(r.reports_table(store), "zh")
    assert list(figures[t("note", "zh")]) == ["'" + h for h in HOSTILE]
    log = report_tables.audit_table(r.audit_frame(store), "zh")
    assert list(log[t("review_reason", "zh")][-len(HOSTILE) :]) == ["'" + h for h in HOSTILE]
    names = report_tables.users_table(r.users_frame(store), "zh")[t("username", "zh")]
    assert "'" + HOSTILE[0] in list(names) and "songjiang" in list(names)


# --- the store refuses formula-like notes and reasons -----------------------------------------------------------


def counts(s) -> tuple[int, int]:
    return (
        s.execute(select(func.count()).select_from(reports)).scalar(),
        s.execute(select(func.count()).select_from(audit_log)).scalar(),
    )


def refused(call, field: str):
    with pytest.raises(r.ValidationError) as e:
        call()
    assert [(p.field, p.key) for p in e.value.problems] == [(field, "err_text_formula")]


@pytest.mark.parametrize("text", HOSTILE + ["\t=1+1"])
def test_notes_and_reasons_that_a_spreadsheet_would_run_are_refused_and_nothing_is_stored(store, text):
    o = owed_rows(store, 1)[0]
    year = years.reporting_year()
    before = counts(store)
    refused(lambda: r.submit(store, town(store), o["target_id"], TOWN, year, 1, o["unit"], text), "note")
    assert counts(store) == before
    fig = r.submit(store, town(store), o["target_id"], TOWN, year, 1, o["unit"], "ok")
    before = counts(store)
    refused(lambda: r.update_report(store, town(store), fig["id"], 1, value=2, unit=o["unit"], note=text), "note")
    refused(lambda: r.update_report(store, town(store), fig["id"], 1, value=2, reason=text), "reason")
    reviewer = r.verify(store, "songjiang", PASSWORD)
    refused(lambda: r.review(store, reviewer, fig["id"], 1, "rejected", text), "reason")
    assert counts(store) == before and r.get_report(store, fig["id"])["status"] == "pending"


def test_numbers_as_text_and_words_are_fine_in_notes(store):
    o = owed_rows(store, 1)[0]
    fig = r.submit(store, town(store), o["target_id"], TOWN, years.reporting_year(), 1, o["unit"], "-3")
    reviewer = r.verify(store, "songjiang", PASSWORD)
    done = r.review(store, reviewer, fig["id"], 1, "rejected", "请核实 = 号前的数据")
    assert (r.get_report(store, fig["id"])["note"], done["review_note"]) == ("-3", "请核实 = 号前的数据")


def test_a_split_and_a_boundary_revert_refuse_a_formula_reason(store):
    from data.reporting.models import allocations, boundary_changes
    from geo import store as boundary_store

    r.add_user(store, r.local_operator("test"), "boss", "admin", PASSWORD)
    reviewer, admin = r.verify(store, "songjiang", PASSWORD), r.verify(store, "boss", PASSWORD)
    target = r.splittable_targets(DISTRICT).iloc[0]
    before = counts(store)
    refused(lambda: r.save_allocation(store, reviewer, target["id"], DISTRICT, {TOWN: 1.0}, reason="=1+1"), "reason")
    refused(lambda: boundary_store.revert(admin, "town", [TOWN], reason="@SUM(A1)"), "reason")
    assert counts(store) == before
    for table in (allocations, boundary_changes):
        assert store.execute(select(func.count()).select_from(table)).scalar() == 0
