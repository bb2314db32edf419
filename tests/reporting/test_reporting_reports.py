"""Submitting, correcting and reviewing figures; the frames progress maths reads; verbatim text."""

import csv
import io
import json
import re

import pandas as pd
import pytest

from data import progress
from data.plan_data import load_targets
from data.reporting import (
    ConflictError,
    PermissionDenied,
    ValidationError,
    add_user,
    get_report,
    reports_frame,
    reports_table,
    review,
    submit,
    update_report,
)
from data.reporting.audit import audit_frame
from data.reporting.reports import export_csv
from tests.reporting.conftest import PASSWORD

CONFLICT = re.compile(r"^changed by \S+ at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$")


def test_submit_converts_units_and_keeps_the_figure_as_reported(session, people):
    r = submit(session, people.chedun, "000-T002", "310117104", 2023, 190, "MW", "屋顶光伏")
    assert (r["value"], r["unit"], r["status"], r["version"], r["submitted_by"]) == (
        19.0,
        "万千瓦",
        "pending",
        1,
        "chedun",
    )
    created = json.loads(audit_frame(session, "report", r["id"])["changes"].iloc[0])
    assert created["as_reported"] == "190 MW" and created["value"] == [None, 19.0]


def test_submit_validates(session, people):
    with pytest.raises(ValidationError) as e:
        submit(session, people.sijing, "000-T047", "310117102", 2050, 150, "%")
    assert str(e.value).splitlines() == [
        "year: 2050 is outside the reporting years 2020–2035 of target 000-T047",
        "value: 150 % is outside 0–100 %",
    ]  # every problem at once
    with pytest.raises(ValidationError, match="outside 0–100 %"):
        submit(session, people.sijing, "000-T047", "310117102", 2024, 150, "%")
    with pytest.raises(ValidationError, match="a reduction of 120 % is over 100 %"):  # a district's own target
        submit(session, people.songjiang_editor, "000-T001", "310117", 2024, 120, "%")
    with pytest.raises(ValidationError, match="000-T028 is not among the targets 泗泾镇"):  # not split, not assigned
        submit(session, people.sijing, "000-T028", "310117102", 2024, 10, "个")
    assert reports_table(session).empty and audit_frame(session, "report").empty


def test_second_submit_of_the_same_figure_is_a_conflict(session, people):
    first = submit(session, people.chedun, "000-T002", "310117104", 2023, 2, "万千瓦")
    add_user(session, people.admin, "chedun2", "town_editor", PASSWORD, "310117104")
    from data.reporting import verify

    other = verify(session, "chedun2", PASSWORD)
    with pytest.raises(ConflictError) as e:
        submit(session, other, "000-T002", "310117104", 2023, 3, "万千瓦")
    assert CONFLICT.match(str(e.value)) and str(e.value).startswith("changed by chedun at") and e.value.exists
    assert e.value.current["version"] == 1
    assert get_report(session, first["id"])["value"] == 2  # not overwritten
    refused = audit_frame(session, "report", first["id"]).iloc[-1]
    assert refused["action"] == "conflict" and json.loads(refused["changes"])["attempted"]["value"] == 3


def test_update_is_version_checked(session, people):
    r = submit(session, people.chedun, "000-T002", "310117104", 2023, 2, "万千瓦")
    r2 = update_report(session, people.chedun, r["id"], 1, value=2.5, note="修正")
    assert (r2["value"], r2["version"], r2["note"]) == (2.5, 2, "修正")
    with pytest.raises(ConflictError) as e:
        update_report(session, people.chedun, r["id"], 1, value=9)
    assert CONFLICT.match(str(e.value)) and e.value.current["value"] == 2.5
    assert get_report(session, r["id"])["value"] == 2.5
    log = audit_frame(session, "report", r["id"])
    assert log["action"].tolist() == ["create", "update", "conflict"]
    assert json.loads(log["changes"].iloc[1])["value"] == [2.0, 2.5]


def test_review_flow(session, people):
    r = submit(session, people.chedun, "000-T002", "310117104", 2023, 2, "万千瓦")
    with pytest.raises(ValidationError, match="needs a reason"):
        review(session, people.songjiang, r["id"], 1, "rejected")
    rej = review(session, people.songjiang, r["id"], 1, "rejected", "请附项目清单")
    assert (rej["status"], rej["review_note"], rej["reviewed_by"]) == ("rejected", "请附项目清单", "songjiang")
    fixed = update_report(session, people.chedun, r["id"], rej["version"], value=2.2, note="附清单")
    assert (fixed["status"], fixed["reviewed_by"], fixed["review_note"]) == ("pending", None, "")
    ok = review(session, people.songjiang, r["id"], fixed["version"], "approved")
    assert ok["status"] == "approved" and ok["reviewed_at"] is not None
    with pytest.raises(ConflictError):  # approving on a stale version
        review(session, people.songjiang, r["id"], fixed["version"], "rejected", "late")
    # an approved figure that is corrected needs a new review
    again = update_report(session, people.chedun, r["id"], ok["version"], value=2.3)
    assert again["status"] == "pending"


def test_reports_frame_feeds_progress_maths(session, people):
    a = submit(session, people.songjiang_editor, "000-T002", "310117", 2022, 10.5, "万千瓦")
    b = submit(session, people.songjiang_editor, "000-T002", "310117", 2023, 190, "MW")
    c = submit(session, people.songjiang_editor, "000-T002", "310117", 2024, 30, "万千瓦")
    review(session, people.songjiang, a["id"], 1, "approved")
    review(session, people.songjiang, b["id"], 1, "approved")
    d = submit(session, people.songjiang_editor, "000-T001", "310117", 2024, 5, "%")
    review(session, people.songjiang, d["id"], 1, "rejected", "口径不符")
    frame = reports_frame(session)
    assert list(frame.columns) == progress.REPORT_COLUMNS + ["id", "version"]
    assert frame.dtypes[["year", "value", "illustrative"]].tolist() == [int, float, bool]
    assert set(frame["status"]) == {"approved", "pending"}  # the rejected figure is left out
    assert c["id"] in set(frame["id"]) and d["id"] not in set(frame["id"])
    target = load_targets().set_index("id").loc["000-T002"].to_dict() | {"id": "000-T002"}
    result = progress.assess(target, frame, 2024)
    assert result.latest_value == pytest.approx(19) and result.pending  # approved counts, pending flagged
    table = progress.status_table(load_targets(), frame, 2024)
    assert table.set_index("target_id").loc["000-T002", "status"] == result.status == progress.BEHIND  # 19 < 23.52


HTML_NOTE = "<script>alert('x')</script> & <b>粗</b> \"quoted\" 'single'\n第二行"
HTML_NAME = "<img src=x onerror=alert(1)>"


def test_html_is_stored_verbatim_and_exported_unaltered(session, people):
    add_user(session, people.admin, HTML_NAME, "town_editor", PASSWORD, "310117104")
    from data.reporting import verify

    evil = verify(session, HTML_NAME, PASSWORD)
    r = submit(session, evil, "000-T002", "310117104", 2023, 1, "万千瓦", HTML_NOTE)
    assert get_report(session, r["id"])["note"] == HTML_NOTE
    assert get_report(session, r["id"])["submitted_by"] == HTML_NAME
    exported = list(csv.DictReader(io.StringIO(export_csv(session))))
    assert exported[0]["note"] == HTML_NOTE and exported[0]["submitted_by"] == HTML_NAME
    assert exported[0]["status"] == "pending" and exported[0]["version"] == "1"
    assert audit_frame(session)["user_name"].iloc[-1] == HTML_NAME


def test_reports_table_filters(session, people):
    submit(session, people.sijing, "000-T046", "310117102", 2023, 1, "千亩")
    submit(session, people.chedun, "000-T002", "310117104", 2023, 2, "万千瓦")
    assert len(reports_table(session, within="310117")) == 2
    assert reports_table(session, within="310117104")["area_code"].tolist() == ["310117104"]
    assert reports_table(session, within="310114").empty
    assert len(reports_table(session, status="pending")) == 2 and reports_table(session, status="approved").empty
    assert isinstance(reports_table(session), pd.DataFrame)


def test_viewer_reads_but_cannot_write(session, people):
    submit(session, people.chedun, "000-T002", "310117104", 2023, 1, "万千瓦")
    assert len(reports_frame(session)) == 1
    with pytest.raises(PermissionDenied):
        submit(session, people.viewer, "000-T002", "310117102", 2024, 1, "万千瓦")
    with pytest.raises(PermissionDenied):
        review(session, people.viewer, 1, 1, "approved")
