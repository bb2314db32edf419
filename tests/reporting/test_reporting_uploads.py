"""Upload template, full validation before storing, the malformed-file corpus, all-or-nothing commit."""

import csv
import io

import pytest
from openpyxl import load_workbook

from data.reporting import (
    ConflictError,
    ValidationError,
    commit,
    get_report,
    parse_upload,
    reports_table,
    review,
    submit,
    template,
    update_report,
)
from data.reporting.audit import audit_frame
from data.reporting.obligations import owed
from data.reporting.uploads import COLUMNS
from tests.reporting import corpus
from tests.reporting.conftest import snapshot

HEADERS = [h for _, h in COLUMNS]


def test_template_has_one_row_per_owed_target(session):
    want = owed("310117102", 2024)
    assert set(want["target_area"]) == {"310117"}  # the district's targets the plan assigns to 各街镇; no city one
    assert want["target_id"].tolist() == ["000-T046", "000-T047", "000-T048", "000-T049", "000-T050"]
    own = owed("430111101", 2024)  # 跳马镇 has a target of its own
    assert "003-T022" in set(own["target_id"]) and set(own["target_area"]) <= {"430111101", "430111"}
    rows = list(csv.reader(io.StringIO(template("310117102", "csv", 2024).decode("utf-8-sig"))))
    assert rows[0] == HEADERS and len(rows) == len(want) + 1
    assert [r[2] for r in rows[1:]] == want["target_id"].tolist()
    assert all(r[0] == "310117102" and r[7] == "2024" and r[8] == "" for r in rows[1:])
    assert rows[1][4] == "松江区 不低于 2.5 千亩(2030年)"  # the plan's target in words, no raw comparator code
    owed_text = {r[2]: r[5] for r in rows[1:]}  # what the town is to reach or report, in words
    assert owed_text["000-T049"] == "适用规划目标:不低于 1 处(2030年)"  # a per-town count: the plan's value
    assert owed_text["000-T046"].startswith("上报本区域完成量")  # additive and not split: a contribution
    assert template("310117102", "csv", 2024).startswith(b"\xef\xbb\xbf")  # BOM: Excel shows the Chinese

    wb = load_workbook(io.BytesIO(template("310117102", "xlsx", 2024)))
    ws = wb["填报 report"]
    assert [c.value for c in ws[1]] == HEADERS and ws.max_row == len(want) + 1
    assert ws["A2"].value == "310117102" and ws["A2"].number_format == "@" and ws["I2"].value is None
    assert "说明 instructions" in wb.sheetnames
    with pytest.raises(ValidationError):
        template("999999", "csv")


def test_filled_template_round_trip(session, people):
    wb = load_workbook(io.BytesIO(template("310117102", "xlsx", 2024, session=session)))
    ws = wb.active
    ids = [ws.cell(r, 3).value for r in range(2, ws.max_row + 1)]
    ws.cell(2 + ids.index("000-T050"), 9, 1500)  # in 亩: converted to 0.15 万亩
    ws.cell(2 + ids.index("000-T050"), 7, "亩")
    ws.cell(2 + ids.index("000-T049"), 9, 1)
    buf = io.BytesIO()
    wb.save(buf)
    preview = parse_upload("sijing.xlsx", buf.getvalue(), people.sijing, session)
    assert preview.ok, preview.messages()
    assert preview.skipped == len(ids) - 2  # unfilled template rows are skipped silently
    f = preview.frame().set_index("target_id")
    assert f.loc["000-T050", "value"] == pytest.approx(0.15)
    assert f.loc["000-T050", ["unit", "reported", "action"]].tolist() == ["万亩", "1500 亩", "new"]
    done = commit(session, preview, people.sijing)
    assert len(done["created"]) == 2 and done["updated"] == []
    stored = reports_table(session).set_index("target_id")
    assert stored.loc["000-T050", "value"] == pytest.approx(0.15) and stored.loc["000-T049", "status"] == "pending"


@pytest.mark.parametrize("name", list(corpus.good_files()))
def test_accepted_encodings_and_formats(session, people, name):
    preview = parse_upload(name, corpus.good_files()[name], people.sijing)
    assert preview.ok, preview.messages()
    assert [(r.figure.target_id, r.figure.value, r.figure.note) for r in preview.rows] == [
        ("000-T046", 0.3, "新造林"),
        ("000-T049", 1, ""),
        ("000-T047", 18.5, "按林地图斑"),
    ]


def test_twelve_digit_codes_thousands_separators_and_full_width_digits(people):
    rows = [
        corpus.row(area_code="310117102000", value="1,234.5"),
        corpus.row(target_id="000-T049", unit="处", value="１２"),
    ]
    preview = parse_upload("x.csv", corpus.csv_bytes(rows), people.sijing)
    assert preview.ok, preview.messages()
    assert [(r.figure.area_code, r.figure.value) for r in preview.rows] == [("310117102", 1234.5), ("310117102", 12)]


def test_malformed_corpus_each_rejected_with_its_message_and_nothing_stored(engine, session, people):
    bad = corpus.bad_files()
    assert len(bad) >= 30 and len({b[1] for b in bad}) == len(bad) and len({b[3] for b in bad}) == len(bad)
    submit(session, people.sijing, "000-T049", "310117102", 2023, 1, "处")  # the store is not empty
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
    rows = [
        corpus.row(),
        corpus.row(target_id="000-T999"),
        [""] * 9,
        corpus.row(year=2040, value="x"),
        corpus.row(value="", note=""),
    ]
    preview = parse_upload("x.csv", corpus.csv_bytes(rows), people.sijing)
    assert preview.messages() == [
        "row 3, target_id: unknown target '000-T999'",
        "row 5, year: 2040 is outside the reporting years 2020–2035 of target 000-T046",
        "row 5, value: 'x' is not a number",
    ]
    assert preview.skipped == 2 and len(preview.rows) == 1  # the empty and the unfilled row


def test_size_limit_from_environment(people, monkeypatch):
    monkeypatch.setenv("PEAKATLAS_MAX_UPLOAD_MB", "0.001")
    data = corpus.csv_bytes([corpus.row(note="长" * 500)])
    preview = parse_upload("x.csv", data, people.sijing)
    assert preview.messages() == ["size: the file is 0.00169 MB, over the limit of 0.001 MB"]
    monkeypatch.setenv("PEAKATLAS_MAX_UPLOAD_MB", "1")
    assert parse_upload("x.csv", data, people.sijing).ok


def test_commit_is_all_or_nothing(engine, session, people):
    preview = parse_upload("three.csv", corpus.csv_bytes(corpus.GOOD_ROWS), people.sijing, session)
    assert preview.ok
    # the last row's figure appears meanwhile (someone else saved it after the preview was made)
    submit(session, people.sijing, "000-T047", "310117102", 2024, 30, "%")
    n_audit = len(audit_frame(session))
    with pytest.raises(ConflictError, match=r"^changed by sijing at "):
        commit(session, preview, people.sijing)
    assert reports_table(session)["target_id"].tolist() == ["000-T047"]  # the first two rows were not kept
    log = audit_frame(session)
    assert len(log) == n_audit + 1 and log.iloc[-1]["action"] == "conflict"  # the attempt is kept in the log
    assert '"000-T046"' in log.iloc[-1]["changes"]


def test_reupload_updates_with_version_check(session, people):
    first = commit(
        session, parse_upload("a.csv", corpus.csv_bytes(corpus.GOOD_ROWS), people.sijing, session), people.sijing
    )
    rows = [corpus.row(value=4.0)]
    preview = parse_upload("b.csv", corpus.csv_bytes(rows), people.sijing, session)
    assert preview.frame()[["action", "replaces"]].values.tolist() == [["update", 0.3]]
    rid = first["created"][0]
    update_report(session, people.sijing, rid, 1, value=3.8)  # changed after the preview
    with pytest.raises(ConflictError):
        commit(session, preview, people.sijing)
    assert get_report(session, rid)["value"] == 3.8
    preview = parse_upload("b.csv", corpus.csv_bytes(rows), people.sijing, session)
    assert commit(session, preview, people.sijing) == {"created": [], "updated": [rid], "unchanged": 0}
    assert (get_report(session, rid)["value"], get_report(session, rid)["version"]) == (4.0, 3)


def test_an_unchanged_reupload_changes_nothing(engine, session, people):
    data = corpus.csv_bytes(corpus.GOOD_ROWS)
    first = commit(session, parse_upload("a.csv", data, people.sijing, session), people.sijing)
    rid = first["created"][0]
    review(session, people.songjiang, rid, 1, "approved")
    session.close()
    before = snapshot(engine)
    again = parse_upload("a.csv", data, people.sijing, session)
    assert again.ok and again.changes == [] and {r.action for r in again.rows} == {"unchanged"}
    assert commit(session, again, people.sijing) == {"created": [], "updated": [], "unchanged": 3}
    session.close()
    assert snapshot(engine) == before  # no new version, no audit entry, the approval stands
    assert get_report(session, rid)["status"] == "approved"
    one_changed = parse_upload(
        "b.csv", corpus.csv_bytes([corpus.row(value=0.4), *corpus.GOOD_ROWS[1:]]), people.sijing, session
    )
    assert [r.action for r in one_changed.rows] == ["update", "unchanged", "unchanged"]
    assert commit(session, one_changed, people.sijing) == {"created": [], "updated": [rid], "unchanged": 2}
    assert get_report(session, rid)["status"] == "pending"  # only the corrected figure goes back to review
