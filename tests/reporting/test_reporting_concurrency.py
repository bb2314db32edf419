"""20 concurrent writers on the same report: nothing is lost, every attempt is stored or refused, and the
audit log accounts for every attempt."""

import re

import pytest

from data.reporting import add_user, get_report, submit, verify
from tests.reporting import concurrency
from tests.reporting.conftest import PASSWORD

CONFLICT = re.compile(r"^changed by editor-\d\d at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$")


@pytest.fixture
def writers(session, people):
    for i in range(concurrency.WRITERS):
        add_user(session, people.admin, f"editor-{i:02d}", "town_editor", PASSWORD, "310117104")
    eds = [verify(session, f"editor-{i:02d}", PASSWORD) for i in range(concurrency.WRITERS)]
    report = submit(session, eds[0], "000-T002", "310117104", 2024, 3.5, "万千瓦")
    session.close()
    return eds, report["id"]


def test_same_base_version_one_wins_the_rest_are_refused(engine, writers):
    eds, rid = writers
    res = concurrency.same_base_version(engine, eds, rid, base_version=1)
    assert res["errors"] == []
    assert (res["attempts"], res["stored"], res["refused"]) == (20, 1, 19)
    assert all(CONFLICT.match(m) for m in res["messages"])
    assert (res["audit_updates"], res["audit_conflicts"]) == (1, 19)  # audit accounts for all 20
    assert res["final_version"] == 2 and res["final_value"] == res["stored_values"][0]
    # every refused figure is kept in the audit log: the 20 values are all there, once each
    assert sorted(res["stored_values"] + res["refused_values"]) == [100 + i for i in range(20)]


def test_writers_retrying_after_conflicts_all_get_stored(engine, writers, session):
    eds, rid = writers
    res = concurrency.retry_until_stored(engine, eds, rid)
    assert res["errors"] == []
    assert res["stored"] == 20 and res["attempts"] == 20 + res["refused"]
    assert all(CONFLICT.match(m) for m in res["messages"])
    assert res["audit_updates"] == 20 and res["audit_conflicts"] == res["refused"]
    assert sorted(res["stored_values"]) == [200 + i for i in range(20)]  # each writer's figure was stored
    assert res["final_version"] == 21 == get_report(session, rid)["version"]
