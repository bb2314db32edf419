"""A plan published in the store joins the built-in five wherever plan data is read (layers/plan_refresh.py):
plans, targets and measures, the cross-plan indicators, the reporting targets, the map's measure marks; a
withdrawal takes it out again. The map and area pages themselves: tests/test_page_ingest.py."""

from __future__ import annotations

import pytest

from data import divisions, gazetteer_data, indicators, jurisdictions, plan_data
from data import reporting as r
from data.reporting import plan_store
from data.reporting import targets as reporting_targets
from layers import boundaries, explorer, map_builder, outside_area, plan_refresh
from tests.reporting.test_reporting_plan_store import FENGXIAN_PLAN


@pytest.fixture
def published(isolated_store):
    engine = r.open_engine()
    op = r.local_operator("test")
    ref = plan_store.ingest(op, FENGXIAN_PLAN.encode(), "fengxian.txt", "310120", "奉贤区碳达峰实施方案", engine)
    plan_store.accept_above(op, ref, 0.0, engine)
    plan_store.publish(op, ref, engine)
    yield engine, op, ref
    plan_data.join_published([], [], [])
    engine.dispose()


def test_a_published_plan_joins_and_a_withdrawn_one_leaves(published):
    engine, op, ref = published
    builtin = len(plan_data.builtin_targets())
    drawn = boundaries.version()
    assert plan_refresh.refresh(engine)
    assert boundaries.version() != drawn  # the key of the drawn maps and their measure layers
    assert not plan_refresh.refresh(engine)  # the same revision: nothing read again
    assert plan_data.load_plans().loc["501", "jurisdiction_code"] == "310120"
    assert "310120" in jurisdictions.choices()
    targets = plan_data.load_targets()
    assert len(targets) == builtin + 2
    mine = targets[targets["plan_id"] == "501"].set_index("id")
    assert mine.loc["501-T002", "canonical_value"] == 500.0  # 50万千瓦 in MW
    assert "501-T001" in set(indicators.keyed_targets()["id"])
    assert reporting_targets.get("501-T001")["area_code"] == "310120"
    explored = explorer.targets_frame()  # the targets explorer's rows
    assert explored.set_index("id").loc["501-T002", "jurisdiction_name"] == "奉贤区"
    assert "501-T002" in set(explorer.filter_targets(explored, query="可再生能源")["id"])
    marks = map_builder.family_marks("310120", "pv_pilot")  # 南桥镇: not drawn, marked at 奉贤区's point
    assert marks.count == 2
    assert gazetteer_data.is_within("310120101", "310120")
    town_page = outside_area.build("310120101", "zh")  # 南桥镇: only the national gazetteer holds it
    assert "南桥镇" in town_page.measures_html and "奉贤区碳达峰实施方案" in town_page.measures_html
    assert "区发展改革委" in town_page.measures_html  # its responsible unit, as on the five plans' area pages
    assert outside_area.build("310120102", "zh").measures_html == ""  # another town of 奉贤区

    plan_store.withdraw(op, ref, engine)
    assert plan_refresh.refresh(engine)
    assert "501" not in plan_data.load_plans().index
    assert len(plan_data.load_targets()) == builtin
    assert reporting_targets.get("501-T001") is None
    assert map_builder.family_marks("310120", "pv_pilot").count == 0
    assert outside_area.build("310120101", "zh").measures_html == ""


def test_a_plan_outside_the_drawn_districts_joins_everything_but_the_map(isolated_store):
    engine = r.open_engine()
    op = r.local_operator("test")
    town = divisions.towns_of("430102")[0]  # 芙蓉区 (长沙市): neither its outline nor its towns are drawn
    text = FENGXIAN_PLAN.replace("奉贤区", "芙蓉区").replace("南桥镇", town.name)
    ref = plan_store.ingest(op, text.encode(), "furong.txt", "430102", "芙蓉区碳达峰实施方案", engine)
    plan_store.accept_above(op, ref, 0.0, engine)
    plan_store.publish(op, ref, engine)
    try:
        assert plan_refresh.refresh(engine)
        assert "501-T001" in set(plan_data.load_targets()["id"])
        assert town.code in set(plan_data.load_measures()["area_code"])
        assert "430102" not in jurisdictions.choices()  # the map offers only what it can draw
        assert "501-M001" not in set(map_builder._measure_points("wgs84")["id"])  # no point to mark it at
    finally:
        plan_data.join_published([], [], [])
        engine.dispose()
