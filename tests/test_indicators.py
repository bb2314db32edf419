"""Cross-plan indicator keys: known rows get the right key, and no key mixes canonical units."""

import pandas as pd
import pytest

from data import plan_data
from data.indicators import INDICATORS, RULES, indicator_key, label, with_keys


@pytest.fixture(scope="module")
def keyed():
    return with_keys(plan_data.load_targets()).set_index("id", drop=False)


@pytest.mark.parametrize(
    "target_id, key",
    [
        ("000-T002", "pv_capacity_new"),  # 累计新增光伏装机容量 29.4 万千瓦
        ("001-T002", "pv_capacity_new"),
        ("002-T006", "pv_capacity"),
        ("004-T016", "pv_capacity"),  # a baseline row keeps its key too
        ("000-T001", "energy_intensity_reduction"),
        ("003-T001", "energy_intensity_reduction"),
        ("001-T007", "industrial_energy_intensity_reduction"),
        ("000-T047", "forest_coverage"),
        ("004-T065", "forest_coverage"),
        ("000-T003", "pue_new_data_centres"),
        ("002-T022", "pue_existing_data_centres"),
        ("000-T011", "building_retrofit_area"),
        ("000-T012", "building_retrofit_area_15pct"),
        ("000-T028", "ev_chargers_built"),
        ("002-T044", "ev_chargers_built"),
        ("001-T001", "hydrogen_stations"),
        ("000-T016", "building_renewable_share"),
        ("004-T053", "building_renewable_share"),
        ("001-T027", "ultra_low_energy_building_area"),
        ("000-T032", "household_waste_recycling_rate"),
        ("003-T026", "household_waste_recycling_rate"),
        ("004-T055", "ev_share_new_purchases"),
        ("003-T012", "green_building_share_new"),
    ],
)
def test_known_rows_get_their_key(keyed, target_id, key):
    assert keyed.loc[target_id, "indicator_key"] == key


@pytest.mark.parametrize(
    "target_id",
    [
        "001-T003",  # 公共机构新增光伏: a sub-sector, not the total
        "004-T001",  # energy intensity as a level (吨标准煤/万元), not a reduction
        "003-T016",  # 充电桩普及率 is a share, not a count of chargers
        "001-T020",  # 新建加氢站 (added) is not stations in operation
    ],
)
def test_lookalikes_stay_unkeyed(keyed, target_id):
    assert pd.isna(keyed.loc[target_id, "indicator_key"])


def test_no_key_mixes_canonical_units(keyed):
    units = keyed.dropna(subset=["indicator_key"]).groupby("indicator_key")["canonical_unit"].nunique()
    assert (units == 1).all(), units[units > 1]


def test_every_key_is_labelled_and_used(keyed):
    assert {r.key for r in RULES} == set(INDICATORS)
    assert all(label(k, "zh") != k and label(k, "en") != k for k in INDICATORS)  # the string table labels each
    assert set(keyed["indicator_key"].dropna()) == set(INDICATORS)


def test_keys_compare_across_plans(keyed):
    plans = keyed.dropna(subset=["indicator_key"]).groupby("indicator_key")["plan_id"].nunique()
    assert (plans >= 2).sum() >= 30
    for key in (
        "pv_capacity_new",
        "forest_coverage",
        "energy_intensity_reduction",
        "ev_chargers_built",
        "building_renewable_share",
        "household_waste_recycling_rate",
        "ultra_low_energy_building_area",
    ):
        assert plans[key] >= 2, key


def test_rules_check_unit_and_comparator():
    assert indicator_key({"indicator_zh": "森林覆盖率", "unit": "%", "comparator": ">="}) == "forest_coverage"
    assert indicator_key({"indicator_zh": "森林覆盖率", "unit": "个", "comparator": ">="}) is None
    assert indicator_key({"indicator_zh": "森林覆盖率", "unit": "furlong", "comparator": ">="}) is None
    assert indicator_key({"indicator_zh": "单位GDP能耗", "unit": "%", "comparator": ">="}) is None
    assert (
        indicator_key({"indicator_zh": "单位GDP能耗", "unit": "%", "comparator": "reduce_by"})
        == "energy_intensity_reduction"
    )


def test_with_keys_leaves_its_input_alone():
    t = plan_data.load_targets()
    out = with_keys(t)
    assert "indicator_key" not in t.columns and len(out) == len(t)
