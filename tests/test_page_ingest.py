"""The plan-ingestion page through AppTest: admins only; a stored draft's candidates in a table, the chosen one's
excerpt marked in its section, accept in bulk above a confidence, reject, edit, publish (the plan then on the
area page), withdraw. The upload itself (AppTest has no file uploader) is in tests/e2e/test_e2e_ingest.py."""

import json
import re

import pytest
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from data import plan_data
from data import reporting as r
from data.i18n import t
from data.reporting import plan_store
from data.reporting.models import ingested_rows
from layers.html_safe import md_text
from tests.conftest import REPO
from tests.reporting.test_reporting_plan_store import FENGXIAN_PLAN

pytestmark = pytest.mark.apptest

PASSWORD = "correct horse 42"


@pytest.fixture
def draft(isolated_store):
    engine = r.open_engine()
    op = r.local_operator("test")
    with r.open_session(engine) as s:
        r.add_user(s, op, "boss", "admin", PASSWORD)
        r.add_user(s, op, "viewer", "viewer", PASSWORD)
    ref = plan_store.ingest(op, FENGXIAN_PLAN.encode(), "fengxian.txt", "310120", "奉贤区碳达峰实施方案", engine)
    yield engine, ref
    plan_data.join_published([], [], [])


def logged_in(name: str) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    at.switch_page("pages/ingest.py").run()
    at.text_input[0].input(name)
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def button(at: AppTest, key: str):
    return [b for b in at.button if b.label == t(key, "zh")][0]


def test_only_admins_review(draft):
    at = logged_in("viewer")
    assert [w.value for w in at.warning] == [t("ingest_admins_only", "zh")]
    assert not at.dataframe


def test_admin_reviews_publishes_and_withdraws(draft):
    engine, ref = draft
    at = logged_in("boss")
    table = at.dataframe[0].value
    assert list(table[t("ingest_col_id", "zh")]) == list(plan_store.rows_frame(ref, engine)["row_id"])
    assert set(table[t("ingest_col_review", "zh")]) == {t("ingest_review_proposed", "zh")}
    marked = [h.proto.body for h in at.get("html") if "<mark" in h.proto.body]
    assert len(marked) == 1 and "单位生产总值能源消耗比2020年下降14%" in marked[0]

    at.selectbox(key=f"ingest_pick_{ref}").set_value("501-M002").run()
    button(at, "ingest_reject").click().run()
    assert at.success[0].value == t("ingest_done_rejected", "zh", n=1)
    at.slider(key="ingest_threshold").set_value(0.5).run()
    button(at, "ingest_accept_above").click().run()
    reviews = plan_store.rows_frame(ref, engine).set_index("row_id")["review"]
    assert reviews.to_dict() == {
        "501-T001": "accepted",
        "501-T002": "accepted",
        "501-M001": "accepted",
        "501-M002": "rejected",
    }

    at.selectbox(key=f"ingest_pick_{ref}").set_value("501-T001").run()
    at.selectbox(key="ingest_field").set_value("unit").run()
    at.text_input(key="ingest_value_501-T001_unit").input("furlong").run()
    button(at, "ingest_edit").click().run()
    refused = t("plan_row_invalid", "zh", row="501-T001", why=t("ingest_field_unit", "zh"))
    assert at.error[0].value == md_text(refused)
    at.selectbox(key="ingest_field").set_value("sector").run()
    at.selectbox(key="ingest_value_501-T001_sector").set_value("energy").run()
    button(at, "ingest_edit").click().run()
    assert at.success[0].value == t("ingest_done_edited", "zh", row="501-T001")
    assert plan_store.rows_frame(ref, engine).set_index("row_id").loc["501-T001", "row"]["sector"] == "energy"

    button(at, "ingest_publish").click().run()
    assert at.success[0].value == t("ingest_done_published", "zh", plan="501")
    area = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    area.query_params["area"] = "310120"
    area.run()
    area.switch_page("pages/area.py").run()
    assert not area.exception, area.exception
    shown = " ".join(h.proto.body for h in area.get("html")) + " ".join(m.value for m in area.markdown)
    assert "奉贤区碳达峰实施方案" in shown and "南桥镇" in shown
    town = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)  # 南桥镇: in the national gazetteer only
    town.query_params["area"] = "310120101"
    town.run()
    town.switch_page("pages/area.py").run()
    assert not town.exception, town.exception
    assert [s.value for s in town.subheader][0] == t("area_measures", "zh")
    listed = " ".join(h.proto.body for h in town.get("html"))
    assert "奉贤区碳达峰实施方案" in listed and "区发展改革委" in listed

    button(at, "ingest_withdraw").click().run()
    assert at.success[0].value == t("ingest_done_withdrawn", "zh", plan="501")
    assert plan_store.published(engine) == ([], [], [])


def test_the_reason_is_shown_in_chinese_and_an_old_stored_one_as_written(draft):
    engine, ref = draft
    at = logged_in("boss")
    at.selectbox(key=f"ingest_pick_{ref}").set_value("501-T001").run()
    stored = plan_store.rows_frame(ref, engine).set_index("row_id").loc["501-T001", "reason"]
    assert [k for k, _ in json.loads(stored)][0] == "ingest_why_unit"  # keys and parameters, not words
    why = [c.value for c in at.caption if c.value.startswith(md_text(t("ingest_reason", "zh", reason="")))]
    assert why == [md_text(t("ingest_reason", "zh", reason="数值与单位 %；比较词“下降”；年份取自“到2025年”"))]
    assert not re.search(r"[A-Za-z]", why[0])  # no English reason on a Chinese page
    old = "number with unit %; comparator from '下降'; year from '到2025年'"  # a row stored before reasons had keys
    with engine.begin() as c:
        c.execute(update(ingested_rows).where(ingested_rows.c.row_id == "501-T001").values(reason=old))
    at.run()
    assert md_text(t("ingest_reason", "zh", reason=old)) in [c.value for c in at.caption]
