"""Ingested plans in the store: a draft from a plan file, review (accept, edit, reject, bulk above a confidence),
publish and withdraw; admins only, every write audited, bad input and a second ingest of the same text store
nothing. SQLite and PostgreSQL (the fixtures in conftest.py)."""

from __future__ import annotations

import json

import pytest

from data.ingest.errors import IngestError
from data.reporting import audit_frame, plan_store, store_revision
from data.reporting.errors import PermissionDenied, ValidationError
from tests.reporting.conftest import snapshot

FENGXIAN_PLAN = """奉贤区碳达峰实施方案

一、主要目标
到2025年,全区单位生产总值能源消耗比2020年下降14%。到2030年,全区可再生能源装机容量达到50万千瓦。

二、重点任务
(一)推进南桥镇光伏建设。在南桥镇建设分布式光伏示范项目。(责任单位:区发展改革委)
"""


def _ingest(people, engine, text=FENGXIAN_PLAN, name="fengxian.txt"):
    return plan_store.ingest(people.admin, text.encode("utf-8"), name, "310120", "奉贤区碳达峰实施方案", engine)


def test_ingest_review_publish_withdraw(engine, session, people):
    ref = _ingest(people, engine)
    rows = plan_store.rows_frame(ref, engine)
    assert set(rows["review"]) == {"proposed"}
    assert plan_store.plan_id(ref) == "501" and rows["row_id"].str.startswith("501-").all()
    targets = rows[rows["kind"] == "target"]
    measures = rows[rows["kind"] == "measure"]
    assert {r["value"] for r in targets["row"]} >= {14.0, 50.0}
    assert "南桥镇" in {r["place_name"] for r in measures["row"]}
    before = store_revision(session)

    accepted = plan_store.accept_above(people.admin, ref, 0.8, engine)
    assert accepted >= 1
    assert store_revision(session) != before
    first = targets.iloc[0]["row_id"]
    edited = plan_store.edit(people.admin, ref, first, {"sector": "energy"}, engine)
    assert edited["sector"] == "energy"
    last = rows.iloc[-1]["row_id"]
    plan_store.reject(people.admin, ref, [last], engine)
    reviews = plan_store.rows_frame(ref, engine).set_index("row_id")["review"]
    assert reviews[first] == "edited" and reviews[last] == "rejected"

    plan_store.publish(people.admin, ref, engine)
    plans, t_rows, m_rows = plan_store.published(engine)
    assert [p["id"] for p in plans] == ["501"] and plans[0]["jurisdiction_code"] == "310120"
    kept = {r["id"] for r in t_rows + m_rows}
    assert first in kept and last not in kept
    assert kept == set(reviews[reviews.isin(["accepted", "edited"])].index)

    log = audit_frame(session, "plan_row", first)
    assert log.iloc[-1]["action"] == "edit"
    assert set(log["user_name"]) == {"admin"}
    changes = json.loads(log.iloc[-1]["changes"])
    assert changes["file"] == "fengxian.txt" and changes["excerpt"] in plan_store.plan_text(ref, engine)

    plan_store.withdraw(people.admin, ref, engine)
    assert plan_store.published(engine) == ([], [], [])
    session.rollback()  # a fresh read
    assert list(audit_frame(session, "plan", "501")["action"]) == ["ingest", "publish", "withdraw"]


def test_an_edit_is_validated_and_its_excerpt_checked(engine, people):
    ref = _ingest(people, engine)
    rid = plan_store.rows_frame(ref, engine)["row_id"].iloc[0]
    with pytest.raises(ValidationError, match="check: unit"):
        plan_store.edit(people.admin, ref, rid, {"unit": "furlong"}, engine)
    with pytest.raises(ValidationError, match="check: excerpt"):
        plan_store.edit(people.admin, ref, rid, {"excerpt": "到2035年全区碳排放下降"}, engine)
    assert set(plan_store.rows_frame(ref, engine)["review"]) == {"proposed"}


def test_only_admins_write_and_refusals_store_nothing(engine, people):
    before = snapshot(engine)
    with pytest.raises(PermissionDenied):
        plan_store.ingest(people.songjiang, FENGXIAN_PLAN.encode(), "f.txt", "310120", "奉贤区方案", engine)
    with pytest.raises(IngestError, match="unknown jurisdiction"):
        plan_store.ingest(people.admin, FENGXIAN_PLAN.encode(), "f.txt", "999999", "t", engine)
    with pytest.raises(IngestError, match="holds no text"):
        plan_store.ingest(people.admin, b"  \n", "f.txt", "310120", "t", engine)
    with pytest.raises(IngestError, match="too short"):
        plan_store.ingest(people.admin, FENGXIAN_PLAN.encode(), "f.txt", "310120", " 奉 ", engine)
    assert snapshot(engine) == before
    ref = _ingest(people, engine)
    with pytest.raises(PermissionDenied):
        plan_store.accept_above(people.viewer, ref, 0.0, engine)
    with pytest.raises(PermissionDenied):
        plan_store.publish(people.songjiang, ref, engine)


def test_a_plan_already_ingested_is_refused(engine, people):
    _ingest(people, engine)
    before = snapshot(engine)
    again = FENGXIAN_PLAN.replace("\n", "\r\n")  # the same text once normalised
    with pytest.raises(IngestError) as refused:
        _ingest(people, engine, again, "copy.txt")
    assert "copy.txt was ingested before" in str(refused.value)
    assert "已导入过" in refused.value.message("zh")
    assert snapshot(engine) == before


def test_publish_needs_an_accepted_row_and_a_published_plan_is_locked(engine, people):
    ref = _ingest(people, engine)
    with pytest.raises(ValidationError, match="no accepted row"):
        plan_store.publish(people.admin, ref, engine)
    plan_store.accept_above(people.admin, ref, 0.0, engine)
    plan_store.publish(people.admin, ref, engine)
    with pytest.raises(ValidationError, match="withdraw it"):
        plan_store.accept_above(people.admin, ref, 0.0, engine)


def test_a_plan_with_reported_figures_is_not_withdrawn(engine, session, people):
    from data import plan_data
    from data.reporting import auth, local_operator, submit
    from layers import plan_refresh
    from tests.reporting.conftest import PASSWORD

    ref = _ingest(people, engine)
    plan_store.accept_above(people.admin, ref, 0.0, engine)
    plan_store.publish(people.admin, ref, engine)
    try:
        plan_refresh.refresh(engine)  # as a page run does: the published targets can be reported
        fengxian = auth.add_user(session, local_operator("test"), "fengxian", "town_editor", PASSWORD, "310120")
        submit(session, fengxian, "501-T002", "310120", 2025, 30, "万千瓦")
        with pytest.raises(ValidationError, match="1 figures are reported"):
            plan_store.withdraw(people.admin, ref, engine)
        assert plan_store.plans_frame(engine)["state"].tolist() == ["published"]
    finally:
        plan_data.join_published([], [], [])
