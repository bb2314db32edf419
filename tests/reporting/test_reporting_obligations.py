"""What an area owes (obligations.owed / shares.owed_ids / owed.owed_status), judged against its share; the
store revision that keys every cache."""

import math

import pandas as pd
import pytest

from data import progress
from data.gazetteer_data import children
from data.reporting import (
    district_breakdown,
    owed_ids,
    owed_status,
    propose_split,
    review,
    save_allocation,
    store_figures,
    store_revision,
    submit,
)
from data.reporting import obligations as ob
from geo.areas import areas_km2
from tests.figure_rows import approved

CHEDUN, MAOGANG, SIJING = "310117104", "310117109", "310117102"


def test_a_pilot_town_owes_the_pv_target_through_its_measure_and_the_forest_targets_by_the_plans_units():
    owed = ob.owed(CHEDUN, 2025).set_index("target_id")
    assert list(owed.index) == ["000-T002", "000-T046", "000-T047", "000-T048", "000-T049", "000-T050"]
    assert owed.loc["000-T002", "basis"] == (ob.MEASURE,) and owed.loc["000-T002", "measure_ids"] == ("000-M001",)
    assert owed.loc["000-T047", "basis"] == (ob.ASSIGNED,)  # 责任单位 names 各街镇
    assert not any(t.startswith("002-") for t in owed.index)  # nothing Shanghai-wide
    assert owed["share"].isna().all()
    sijing = ob.owed(SIJING, 2025)  # not a PV pilot: no PV target
    assert "000-T002" not in set(sijing["target_id"]) and len(sijing) == 5


def test_due_years_and_districts_and_cities():
    assert "000-T015" not in set(ob.owed("310117", 2025)["target_id"])  # due 2022: past
    assert "000-T015" in set(ob.owed("310117", 2022)["target_id"])
    district = ob.owed("310117", 2025)
    assert {"002-T048", "002-T049"} <= set(district["target_id"])  # Shanghai names 各区 for these
    assert (district.loc[district["target_area"] == "310117", "basis"] == (ob.OWN,)).all()
    assert set(ob.owed("310000", 2025)["target_area"]) == {"310000"}
    assert ob.owed_ids("430111101") >= {"003-T022"}  # 跳马镇's own target


def test_a_share_makes_a_target_owed_and_judged_against_it():
    shares = pd.DataFrame(
        [
            {
                "target_id": "000-T028",
                "district_code": "310117",
                "area_code": SIJING,
                "value": 150.0,
                "unit": "个",
                "version": 1,
            }
        ]
    )
    owed = ob.owed(SIJING, 2025, shares).set_index("target_id")
    assert owed.loc["000-T028", "basis"] == (ob.SHARE,) and owed.loc["000-T028", "share"] == 150
    assert list(owed.index)[0] == "000-T028"  # shares first: what the town has to reach
    figures = approved(SIJING, target_id="000-T028", value=160.0, unit="个")
    judged = ob.with_status(ob.owed(SIJING, 2025, shares), figures, 2025).set_index("target_id")
    assert judged.loc["000-T028", "status"] == progress.ACHIEVED and judged.loc["000-T028", "judged_value"] == 150
    assert judged.loc["000-T028", "progress_share"] == pytest.approx(160 / 150)
    assert judged.loc["000-T046", "status"] == progress.NO_REPORT


def test_a_contribution_without_a_share_is_shown_not_judged():
    figures = approved(CHEDUN)
    row = ob.with_status(ob.owed(CHEDUN, 2025), figures, 2025).set_index("target_id").loc["000-T002"]
    assert row["status"] == progress.NO_SHARE and math.isnan(row["judged_value"])  # not 2.1 / 29.4 → 滞后
    assert row["latest_value"] == 2.1 and row["source"] == "reported"
    rate = ob.with_status(ob.owed(CHEDUN, 2025), figures.assign(target_id="000-T047", value=20.0, unit="%"), 2025)
    assert rate.set_index("target_id").loc["000-T047", "status"] == progress.ACHIEVED  # a rate: the plan's 19.5 %


def test_area_statuses_show_towns_with_a_share_or_a_figure_only():
    figures = approved(CHEDUN)
    rows = ob.area_statuses(["000-T002"], figures, 2025, scope="310117")
    assert rows["area_code"].tolist() == ["310117", CHEDUN]  # 泖港镇 owes it too, but has nothing to show
    assert ob.area_statuses(["000-T002"], figures, 2025, scope="310114").empty


def test_store_side_owed_status_breakdown_and_revision(session, people):
    assert owed_ids(session, SIJING) == ob.owed_ids(SIJING)
    rev0 = store_revision(session)
    split = propose_split("000-T002", "310117", "area", areas_km2(children("310117")))
    save_allocation(session, people.songjiang, "000-T002", "310117", split, method="area")
    rev1 = store_revision(session)
    assert rev1 > rev0  # every write moves the revision (it keys every cache of the app)
    assert "000-T002" in owed_ids(session, SIJING)  # a share makes it owed
    r = submit(session, people.chedun, "000-T002", CHEDUN, 2025, 2.1, "万千瓦")
    row = owed_status(session, CHEDUN, 2025).set_index("target_id").loc["000-T002"]
    assert row["share"] == pytest.approx(1.379) and row["report_status"] == "pending" and row["report_value"] == 2.1
    assert row["status"] == progress.NO_REPORT and row["source"] == "pending"  # pending: not counted yet
    review(session, people.songjiang, r["id"], 1, "approved")
    assert store_revision(session) > rev1
    row = owed_status(session, CHEDUN, 2025).set_index("target_id").loc["000-T002"]
    assert (row["status"], row["latest_value"], row["report_status"]) == (progress.ACHIEVED, 2.1, "approved")
    towns = district_breakdown(session, "310117", 2025)
    assert len(towns[towns["target_id"] == "000-T002"]) == len(children("310117"))  # every town has a share now
    maogang = towns[(towns["area_code"] == MAOGANG) & (towns["target_id"] == "000-T002")].iloc[0]
    assert maogang["share"] == pytest.approx(2.6792) and maogang["status"] == progress.NO_REPORT
    district = store_figures(session)
    assert district[(district["area_code"] == "310117") & (district["target_id"] == "000-T002")]["value"].tolist() == [
        pytest.approx(2.1)
    ]  # the district's figure is its towns' sum
