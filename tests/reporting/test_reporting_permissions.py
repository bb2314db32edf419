"""Nobody writes outside their role and area — through any write function; refused writes store nothing."""

import dataclasses

import pytest

from data.reporting import (
    PermissionDenied,
    ValidationError,
    add_user,
    clear_demo,
    commit,
    get_report,
    load_demo,
    parse_upload,
    propose_split,
    review,
    save_allocation,
    set_active,
    set_password,
    submit,
    update_report,
)
from data.reporting.uploads import Preview, PreviewRow
from data.reporting.validate import Figure
from tests.reporting import corpus
from tests.reporting.conftest import PASSWORD, snapshot

CHEDUN = "310117104"


@pytest.fixture
def chedun_report(session, people):
    return submit(session, people.chedun, "000-T002", CHEDUN, 2023, 2, "万千瓦", "车墩的数字")


def _forged_preview(editor, figure: Figure, **row) -> Preview:
    return Preview("forged.csv", "0" * 64, editor.id, editor.name, rows=[PreviewRow(2, figure, **row)])


def test_town_editor_cannot_write_another_towns_figures_through_any_function(engine, session, people, chedun_report):
    sijing, rid = people.sijing, chedun_report["id"]
    session.close()
    before = snapshot(engine)
    chedun_fig = Figure(CHEDUN, "000-T002", 2024, 9.0, "万千瓦", "", 9.0, "万千瓦")
    own_key_fig = Figure("310117102", "000-T046", 2023, 9.0, "千亩", "", 9.0, "千亩")  # a figure 泗泾镇 owes
    attempts = {
        "submit": lambda: submit(session, sijing, "000-T002", CHEDUN, 2024, 9, "万千瓦"),
        "update_report": lambda: update_report(session, sijing, rid, 1, value=9),
        "commit (forged preview row for 车墩镇)": lambda: commit(session, _forged_preview(sijing, chedun_fig), sijing),
        "commit (preview pointing at 车墩镇's report)": lambda: commit(
            session, _forged_preview(sijing, own_key_fig, existing_id=rid, existing_version=1), sijing
        ),
        "save_allocation": lambda: save_allocation(session, sijing, "000-T002", "310117", {CHEDUN: 1.0}),
        "review (approve)": lambda: review(session, sijing, rid, 1, "approved"),
        "review (reject)": lambda: review(session, sijing, rid, 1, "rejected", "no"),
        "load_demo": lambda: load_demo(session, sijing),
        "clear_demo": lambda: clear_demo(session, sijing),
        "add_user": lambda: add_user(session, sijing, "sock", "town_editor", PASSWORD, CHEDUN),
        "set_password": lambda: set_password(session, sijing, "chedun", "hijacked pw"),
        "set_active": lambda: set_active(session, sijing, "chedun", False),
    }
    for name, attempt in attempts.items():
        with pytest.raises(PermissionDenied):
            attempt()
            pytest.fail(f"{name} was not refused")
    # the upload path refuses 车墩镇's rows before anything can be committed
    preview = parse_upload("x.csv", corpus.csv_bytes([corpus.row(area_code=CHEDUN)]), sijing, session)
    assert not preview.ok and preview.messages()[0].startswith("row 2, area_code: 310117104 is outside your area")
    with pytest.raises(ValidationError):
        commit(session, preview, sijing)
    session.close()
    assert snapshot(engine) == before  # nothing stored, not even an audit entry
    assert get_report(session, rid)["value"] == 2


def test_a_preview_cannot_be_committed_by_someone_else(session, people):
    preview = parse_upload("ok.csv", corpus.csv_bytes(corpus.GOOD_ROWS), people.sijing, session)
    assert preview.ok
    with pytest.raises(PermissionDenied, match="another user"):
        commit(session, preview, people.chedun)
    tampered = dataclasses.replace(preview, user_id=people.chedun.id)
    with pytest.raises(PermissionDenied):  # chedun may not report 泗泾镇's figures either
        commit(session, tampered, people.chedun)


def test_reviewer_cannot_review_outside_its_district(session, people, chedun_report):
    with pytest.raises(PermissionDenied, match="outside jiading's district 310114"):
        review(session, people.jiading, chedun_report["id"], 1, "approved")
    assert get_report(session, chedun_report["id"])["status"] == "pending"
    jd = submit(session, people.sijing, "000-T046", "310117102", 2024, 1, "千亩")
    assert review(session, people.songjiang, jd["id"], 1, "approved")["status"] == "approved"
    # a reviewer neither submits figures nor splits another district's targets
    with pytest.raises(PermissionDenied):
        submit(session, people.songjiang, "000-T002", "310117", 2024, 1, "万千瓦")
    split = propose_split("000-T002", "310117")
    with pytest.raises(PermissionDenied):
        save_allocation(session, people.jiading, "000-T002", "310117", split)


def test_district_level_editor_reports_only_the_district_figure(session, people):
    r = submit(session, people.songjiang_editor, "000-T002", "310117", 2024, 5, "万千瓦")
    assert r["area_code"] == "310117"
    with pytest.raises(PermissionDenied):  # not its towns' figures
        submit(session, people.songjiang_editor, "000-T002", "310117102", 2024, 5, "万千瓦")
    with pytest.raises(PermissionDenied):  # and a town editor not the district figure
        update_report(session, people.sijing, r["id"], 1, value=6)
