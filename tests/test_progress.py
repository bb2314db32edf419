"""Progress maths: statuses against linear trajectories, report validation, and the illustrative sample."""

import math

import pandas as pd
import pytest

from data import plan_data, progress
from data.progress import (
    ACHIEVED,
    BEHIND,
    NO_REPORT,
    NO_SHARE,
    ON_TRACK,
    SAMPLE_SOURCE,
    STATUS_COLUMNS,
    STATUSES,
    assess,
    load_reports,
    status_table,
    trajectory,
)

HEADER = "target_id,area_code,year,value,unit,status,illustrative,source,note\n"


def target(**kw):
    row = {
        "id": "999-T001",
        "kind": "target",
        "indicator_zh": "光伏装机容量",
        "comparator": ">=",
        "value": 100.0,
        "unit": "万千瓦",
        "base_year": None,
        "target_year": 2025,
        "area_code": "310117",
        "excerpt": "",
        "plan_id": "",
    }
    row.update(kw)
    return row


def reports(*rows, target_id="999-T001", area="310117", unit="万千瓦"):
    """rows: (year, value) or (year, value, status) or (year, value, status, unit)."""
    recs = []
    for r in rows:
        year, value, status, u = (*r, "approved", unit)[:4] if len(r) == 2 else (*r, unit)[:4]
        recs.append(
            {
                "target_id": target_id,
                "area_code": area,
                "year": year,
                "value": float(value),
                "unit": u,
                "status": status,
                "illustrative": True,
                "source": "test",
                "note": "",
            }
        )
    return pd.DataFrame(recs, columns=progress.REPORT_COLUMNS)


# --- directions and kinds ----------------------------------------------------------------------------------


def test_level_target_against_linear_trajectory():
    t = target()  # level: 100 万千瓦 by 2025, baseline from the 2020 report
    a = assess(t, reports((2020, 50), (2022, 70)), 2022)
    assert (a.status, a.baseline_value, a.baseline_year) == (ON_TRACK, 50, 2020)
    assert a.expected_value == pytest.approx(70) and a.progress_share == pytest.approx(0.4)
    assert assess(t, reports((2020, 50), (2022, 65)), 2022).status == BEHIND
    assert assess(t, reports((2020, 50), (2024, 100)), 2024).status == ACHIEVED
    # the expected value is clamped at the target year
    assert assess(t, reports((2020, 50), (2028, 90)), 2028).expected_value == pytest.approx(100)


def test_level_baseline_falls_back_to_earliest_report():
    a = assess(target(), reports((2022, 60), (2024, 90)), 2024)
    assert (a.baseline_year, a.baseline_value) == (2022, 60)
    assert a.expected_value == pytest.approx(60 + 40 * 2 / 3) and a.status == ON_TRACK


def test_level_without_baseline_is_judged_against_the_final_target_only():
    a = assess(target(), reports((2023, 99)), 2023)  # a lone report is no baseline
    assert (a.status, a.expected_value, a.baseline_value, a.progress_share) == (BEHIND, None, None, None)
    assert assess(target(), reports((2023, 100)), 2023).status == ACHIEVED


def test_cumulative_increment_starts_from_zero_at_base_year():
    t = target(indicator_zh="累计新增光伏装机容量", value=29.4)  # no base_year: 2020
    a = assess(t, reports((2023, 18)), 2023)
    assert (a.baseline_value, a.baseline_year) == (0, 2020)
    assert a.expected_value == pytest.approx(29.4 * 3 / 5) and a.status == ON_TRACK
    assert a.progress_share == pytest.approx(18 / 29.4)
    assert assess(t, reports((2023, 17)), 2023).status == BEHIND
    assert (
        assess(target(indicator_zh="新建公园", unit="个", value=26), reports((2024, 26), unit="个"), 2024).status
        == ACHIEVED
    )


def test_reduce_by_counts_the_reduction_achieved_since_base_year():
    t = target(indicator_zh="单位生产总值能耗", comparator="reduce_by", value=14, unit="%", base_year=2020)
    for value, status in ((5.6, ON_TRACK), (5.0, BEHIND), (14.2, ACHIEVED)):
        a = assess(t, reports((2022, value), unit="%"), 2022)
        assert a.status == status, value
    assert assess(t, reports((2022, 5.6), unit="%"), 2022).expected_value == pytest.approx(5.6)


def test_increase_by_with_an_early_base_year():
    t = target(
        indicator_zh="海铁联运箱量", comparator="increase_by", value=100, unit="%", base_year=2005, target_year=2030
    )
    a = assess(t, reports((2024, 80), unit="%"), 2024)
    assert a.expected_value == pytest.approx(100 * 19 / 25) and a.status == ON_TRACK


def test_ceiling_target_lower_is_better():
    t = target(indicator_zh="新建数据中心能源利用效率(PUE)", comparator="<=", value=1.3, unit="PUE", target_year=2030)
    base = (2020, 1.5)
    a = assess(t, reports(base, (2025, 1.38), unit="PUE"), 2025)
    assert a.expected_value == pytest.approx(1.4) and a.status == ON_TRACK
    assert a.progress_share == pytest.approx(0.6)
    assert assess(t, reports(base, (2025, 1.45), unit="PUE"), 2025).status == BEHIND
    assert assess(t, reports(base, (2025, 1.29), unit="PUE"), 2025).status == ACHIEVED


@pytest.mark.parametrize("comparator", ["=", "~"])
def test_about_and_equal_are_reached_within_two_percent(comparator):
    t = target(indicator_zh="森林覆盖率", comparator=comparator, value=50, unit="%")
    assert assess(t, reports((2024, 49.1), unit="%"), 2024).status == ACHIEVED
    assert assess(t, reports((2024, 48.9), unit="%"), 2024).status == BEHIND  # no baseline: final target only
    a = assess(t, reports((2020, 40), (2024, 49.1), unit="%"), 2024)
    assert a.status == ACHIEVED and a.progress_share >= 1
    a = assess(t, reports((2020, 40), (2024, 47.2), unit="%"), 2024)  # expected 48, reached within 2 %
    assert a.status == ON_TRACK and a.progress_share == pytest.approx(0.72)


def test_annual_target_is_compared_directly():
    t = target(indicator_zh="年均节约用能量", comparator="reduce_by", value=1, unit="%")
    a = assess(t, reports((2024, 0.8), unit="%"), 2024)
    assert (a.status, a.expected_value, a.baseline_value) == (BEHIND, 1, None)
    assert a.progress_share == pytest.approx(0.8)
    assert assess(t, reports((2021, 1.2), unit="%"), 2021).status == ACHIEVED
    assert progress.is_annual(target(indicator_zh="节能", excerpt="每年节约1%"))


def test_percent_level_reports_must_lie_within_0_and_100(tmp_path):
    path = tmp_path / "pct.csv"
    path.write_text(HEADER + "000-T047,310117,2024,120,%,approved,true,test,\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"row 2:value:.*0–100"):
        load_reports(path)


# --- which reports count -----------------------------------------------------------------------------------


def test_reports_are_converted_to_the_target_unit():
    t = target(indicator_zh="累计新增光伏装机容量", value=29.4)
    a = assess(t, reports((2023, 190, "approved", "MW")), 2023)
    assert a.latest_value == pytest.approx(19.0) and a.status == ON_TRACK


def test_pending_reports_are_not_counted_but_flagged():
    r = reports((2020, 50), (2022, 70), (2024, 100, "pending"))
    a = assess(target(), r, 2024)
    assert (a.latest_value, a.latest_year, a.pending) == (70, 2022, True)
    assert a.status == BEHIND
    assert assess(target(), r, 2022).pending is False


def test_reports_after_the_year_are_ignored():
    a = assess(target(), reports((2020, 50), (2022, 70), (2025, 100)), 2023)
    assert (a.latest_year, a.status) == (2022, BEHIND)


def test_no_report():
    empty = reports()
    a = assess(target(), empty, 2024)
    assert (a.status, a.latest_value, a.progress_share, a.pending) == (NO_REPORT, None, None, False)
    assert assess(target(), reports((2024, 100, "pending")), 2024).status == NO_REPORT
    assert assess(target(), reports((2025, 100)), 2024).status == NO_REPORT
    assert assess(target(), reports((2024, 100), area="310000"), 2024).status == NO_REPORT  # other area


def test_baseline_rows_are_not_assessable():
    with pytest.raises(ValueError, match="baseline"):
        assess(target(kind="baseline"), reports(), 2024)


def test_missing_target_year_defaults_to_plan_period_end():
    assert progress.target_year(target(target_year=None, plan_id="000")) == 2030
    assert progress.target_year(target(target_year=float("nan"), plan_id="004")) == 2025


# --- trajectory and table ----------------------------------------------------------------------------------


def test_trajectory_for_charts():
    t = target(indicator_zh="累计新增光伏装机容量", value=30)
    df = trajectory(t, reports((2022, 13), (2024, 20), (2024, 30, "pending")))
    assert list(df.columns) == ["year", "expected", "reported", "status"]
    assert list(df["year"]) == list(range(2020, 2026))
    assert list(df["expected"]) == pytest.approx([0, 6, 12, 18, 24, 30])
    assert math.isnan(df.loc[df.year == 2023, "reported"].iloc[0])
    assert list(df["status"]) == [NO_REPORT, NO_REPORT, ON_TRACK, BEHIND, BEHIND, BEHIND]


def test_status_table_covers_each_target_and_sub_areas():
    targets = pd.DataFrame([target(), target(id="999-T002"), target(id="999-T003", kind="baseline")])
    r = pd.concat([reports((2020, 50), (2024, 95)), reports((2020, 10), (2024, 15), area="310117101")])
    st = status_table(targets, r, 2024)
    assert list(st.columns) == STATUS_COLUMNS
    got = {(x.target_id, x.area_code): x.status for x in st.itertuples()}
    assert got == {
        ("999-T001", "310117"): ON_TRACK,
        ("999-T001", "310117101"): BEHIND,
        ("999-T002", "310117"): NO_REPORT,
    }


# --- loading and validation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, field",
    [
        ("999-T999,310117,2023,10,万千瓦,approved,true,test,", "target_id"),
        ("004-T016,330400,2023,10,万千瓦,approved,true,test,", "target_id"),  # a baseline row
        ("000-T002,310117,2023,10,个,approved,true,test,", "unit"),
        ("000-T002,310117,2023,10,furlong,approved,true,test,", "unit"),
        ("000-T002,310117,twenty,10,万千瓦,approved,true,test,", "year"),
        ("000-T002,310117,2023,lots,万千瓦,approved,true,test,", "value"),
        ("000-T002,310117,2023,10,万千瓦,maybe,true,test,", "status"),
        ("000-T002,310117,2023,10,万千瓦,approved,perhaps,test,", "illustrative"),
        ("000-T002,3101,2023,10,万千瓦,approved,true,test,", "area_code"),
        ("000-T002,310117,2023,10,万千瓦,approved,true,,", "source"),
    ],
)
def test_bad_rows_are_named_by_file_row_and_field(tmp_path, line, field):
    path = tmp_path / "bad.csv"
    good = "000-T002,310117,2022,10,万千瓦,approved,true,test,\n"
    path.write_text(HEADER + good + line + "\n", encoding="utf-8")
    with pytest.raises(ValueError) as e:
        load_reports(path)
    assert str(e.value).count("\n") == 0  # only the bad row is reported
    assert str(e.value).startswith(f"{path}:row 3:{field}:")


def test_missing_column_is_reported(tmp_path):
    path = tmp_path / "cols.csv"
    path.write_text("target_id,area_code,year,value\n000-T002,310117,2022,10\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing columns"):
        load_reports(path)


def test_loaded_types(tmp_path):
    path = tmp_path / "ok.csv"
    path.write_text(HEADER + "000-T002,310117,2022,190,MW,pending,FALSE,test,a note\n", encoding="utf-8")
    r = load_reports(path)
    row = r.iloc[0]
    assert (row.year, row.value, row.illustrative, row.status, row.note) == (2022, 190.0, False, "pending", "a note")
    assert r["year"].dtype.kind == "i" and r["value"].dtype.kind == "f" and r["illustrative"].dtype == bool


# --- the illustrative sample -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample():
    return load_reports()


def test_sample_is_illustrative_and_broad(sample):
    targets = plan_data.load_targets().set_index("id")
    assert sample["illustrative"].all() and (sample["source"] == SAMPLE_SOURCE).all()
    assert 40 <= sample["target_id"].nunique() <= 60
    assert (targets.loc[sample["target_id"], "kind"] == "target").all()
    assert set(targets.loc[sample["target_id"], "plan_id"]) == {"000", "001", "002", "003", "004"}
    assert sample["year"].between(2020, 2024).all()
    towns = targets[(targets["kind"] == "target") & (targets["area_code"].str.len() == 9)].index
    assert set(towns) <= set(sample["target_id"])
    pv = sample[(sample["target_id"] == "000-T002") & (sample["area_code"] == "310117")]
    assert len(pv) and (pv["unit"] != "万千瓦").any()  # one report in MW, converted on use
    assert (sample["status"] == "pending").sum() >= 3


def test_sample_pv_target_of_000(sample):
    t = plan_data.load_targets().set_index("id", drop=False).loc["000-T002"]
    assert assess(t, sample, 2023).latest_value == pytest.approx(19.0)  # 190 MW
    assert assess(t, sample, 2024).status == ON_TRACK


def test_sample_status_mix_in_2024(sample):
    st = status_table(plan_data.load_targets(), sample, 2024)
    st = st.merge(sample[["target_id", "area_code"]].drop_duplicates(), on=["target_id", "area_code"])
    counts = st["status"].value_counts()
    assert set(counts.index) == set(STATUSES) - {NO_SHARE}  # no_share is a town's unjudged contribution
    assert min(counts[ACHIEVED], counts[ON_TRACK], counts[BEHIND]) >= 10
    assert st["pending"].sum() >= 3 and st["illustrative"].sum() == (st["status"] != NO_REPORT).sum()


def test_status_constants():
    assert STATUSES == ("achieved", "on_track", "behind", "no_report", "no_share")
    from layers import palette  # every status has its own colour

    assert set(palette.STATUS) == set(STATUSES)
    assert all(c.startswith("#") and len(c) == 7 for c in palette.STATUS.values())
    assert len(set(palette.STATUS.values())) == 5
