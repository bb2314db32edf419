"""Upload template, full validation before storing, the malformed-file corpus, all-or-nothing commit."""
import csv
import io

import pytest
from openpyxl import load_workbook

from data.reporting import (ConflictError, ValidationError, commit, get_report, parse_upload, reports_table, submit,
                            template, update_report)
from data.reporting.audit import audit_frame
from data.reporting.targets import applicable
from data.reporting.uploads import COLUMNS
from tests.reporting import corpus
from tests.reporting.conftest import snapshot

HEADERS = [h for _, h in COLUMNS]


def test_template_has_one_row_per_applicable_target(session):
    want = applicable("310117102", 2024)
    assert set(want["area_code"]) == {"310117", "310000"}  # the district's and the city's targets
    own = applicable("430111101", 2024)  # 跳马镇 has a target of its own
    assert "003-T022" in set(own["id"]) and set(own["area_code"]) == {"430111101", "430111"}
    assert (want["kind"] == "target").all()
    rows = list(csv.reader(io.StringIO(template("310117102", "csv", 2024).decode("utf-8-sig"))))
    assert rows[0] == HEADERS and len(rows) == len(want) + 1
    assert [r[2] for r in rows[1:]] == want["id"].tolist()
    assert all(r[0] == "310117102" and r[6] == "2024" and r[7] == "" for r in rows[1:])
    assert template("310117102", "csv", 2024).startswith(b"\xef\xbb\xbf")  # BOM: Excel shows the Chinese

    wb = load_workbook(io.BytesIO(template("310117102", "xlsx", 2024)))
    ws = wb["填报 report"]
    assert [c.value for c in ws[1]] == HEADERS and ws.max_row == len(want) + 1
    assert ws["A2"].value == "310117102" and ws["A2"].number_format == "@" and ws["H2"].value is None
    assert "说明 instructions" in wb.sheetnames
    with pytest.raises(ValidationError):
        template("999999", "csv")


def test_filled_template_round_trip(session, people):
    wb = load_workbook(io.BytesIO(template("310117102", "xlsx", 2024)))
    ws = wb.active
    ids = [ws.cell(r, 3).value for r in range(2, ws.max_row + 1)]
    ws.cell(2 + ids.index("000-T002"), 8, 150)  # in MW: converted to 15 万千瓦
    ws.cell(2 + ids.index("000-T002"), 6, "MW")
    ws.cell(2 + ids.index("000-T028"), 8, 80)
    buf = io.BytesIO()
    wb.save(buf)
    preview = parse_upload("sijing.xlsx", buf.getvalue(), people.sijing, session)
    assert preview.ok, preview.messages()
    assert preview.skipped == len(ids) - 2  # unfilled template rows are skipped silently
    f = preview.frame().set_index("target_id")
    assert f.loc["000-T002", ["value", "unit", "reported", "action"]].tolist() == [15.0, "万千瓦", "150 MW", "new"]
    done = commit(session, preview, people.sijing)
    assert len(done["created"]) == 2 and done["updated"] == []
    stored = reports_table(session).set_index("target_id")
    assert stored.loc["000-T002", "value"] == 15 and stored.loc["000-T028", "status"] == "pending"


@pytest.mark.parametrize("name", list(corpus.good_files()))
def test_accepted_encodings_and_formats(session, people, name):
    preview = parse_upload(name, corpus.good_files()[name], people.sijing)
    assert preview.ok, preview.messages()
    assert [(r.figure.target_id, r.figure.value, r.figure.note) for r in preview.rows] == [
        ("000-T002", 3.5, "屋顶光伏"), ("000-T028", 120, ""), ("000-T010", 35, "含在建")]


def test_twelve_digit_codes_thousands_separators_and_full_width_digits(people):
    rows = [corpus.row(area_code="310117102000", value="1,234.5"), corpus.row(target_id="000-T028", unit="个",
                                                                             value="１２")]
    preview = parse_upload("x.csv", corpus.csv_bytes(rows), people.sijing)
    assert preview.ok, preview.messages()
    assert [(r.figure.area_code, r.figure.value) for r in preview.rows] == [("310117102", 1234.5), ("310117102", 12)]


def test_malformed_corpus_each_rejected_with_its_message_and_nothing_stored(engine, session, people):
    bad = corpus.bad_files()
    assert len(bad) >= 30 and len({b[1] for b in bad}) == len(bad) and len({b[3] for b in bad}) == len(bad)
    submit(session, people.sijing, "000-T028", "310117102", 2023, 10, "个")  # the store is not empty
    session.close()
    before = snapshot(engine)
    for defect, filename, data, message in bad:
        preview = parse_upload(filename, data, people.sijing, session)
        assert preview.messages() == [message], defect
        assert not preview.ok
        with pytest.raises(ValidationError):
            commit(session, preview, people.sijing)
        session.close()
        assert snapshot(engine) == before, defect


def test_every_bad_row_is_reported_not_just_the_first(people):
    rows = [corpus.row(), corpus.row(target_id="000-T999"), [""] * 9, corpus.row(year=2040, value="x"),
            corpus.row(value="", note="")]
    preview = parse_upload("x.csv", corpus.csv_bytes(rows), people.sijing)
    assert preview.messages() == [
        "row 3, target_id: unknown target '000-T999'",
        "row 5, year: 2040 is outside the reporting years 2020–2035 of target 000-T002",
        "row 5, value: 'x' is not a number",
    ]
    assert preview.skipped == 2 and len(preview.rows) == 1  # the empty and the unfilled row


def test_size_limit_from_environment(people, monkeypatch):
    monkeypatch.setenv("PEAKATLAS_MAX_UPLOAD_MB", "0.001")
    data = corpus.csv_bytes([corpus.row(note="长" * 500)])
    preview = parse_upload("x.csv", data, people.sijing)
    assert preview.messages() == [f"size: {len(data):,} bytes is over the 0.001 MB limit (1,048 bytes, "
                                  "PEAKATLAS_MAX_UPLOAD_MB)"]
    monkeypatch.setenv("PEAKATLAS_MAX_UPLOAD_MB", "1")
    assert parse_upload("x.csv", data, people.sijing).ok


def test_commit_is_all_or_nothing(engine, session, people):
    preview = parse_upload("three.csv", corpus.csv_bytes(corpus.GOOD_ROWS), people.sijing, session)
    assert preview.ok
    # the last row's figure appears meanwhile (someone else saved it after the preview was made)
    submit(session, people.sijing, "000-T010", "310117102", 2024, 30, "%")
    n_audit = len(audit_frame(session))
    with pytest.raises(ConflictError, match=r"^changed by sijing at "):
        commit(session, preview, people.sijing)
    assert reports_table(session)["target_id"].tolist() == ["000-T010"]  # the first two rows were not kept
    log = audit_frame(session)
    assert len(log) == n_audit + 1 and log.iloc[-1]["action"] == "conflict"  # the attempt is kept in the log
    assert '"000-T002"' in log.iloc[-1]["changes"]


def test_reupload_updates_with_version_check(session, people):
    first = commit(session, parse_upload("a.csv", corpus.csv_bytes(corpus.GOOD_ROWS), people.sijing, session),
                   people.sijing)
    rows = [corpus.row(value=4.0)]
    preview = parse_upload("b.csv", corpus.csv_bytes(rows), people.sijing, session)
    assert preview.frame()[["action", "replaces"]].values.tolist() == [["update", 3.5]]
    rid = first["created"][0]
    update_report(session, people.sijing, rid, 1, value=3.8)  # changed after the preview
    with pytest.raises(ConflictError):
        commit(session, preview, people.sijing)
    assert get_report(session, rid)["value"] == 3.8
    preview = parse_upload("b.csv", corpus.csv_bytes(rows), people.sijing, session)
    assert commit(session, preview, people.sijing) == {"created": [], "updated": [rid]}
    assert (get_report(session, rid)["value"], get_report(session, rid)["version"]) == (4.0, 3)
