"""目标分解: splitting additive district targets among towns, and progress per town and per district."""

import json

import pytest

from data import gazetteer_data as gaz
from data import progress
from data.reporting import (
    ConflictError,
    PermissionDenied,
    ValidationError,
    allocation_gap,
    allocations_frame,
    district_breakdown,
    district_reports_frame,
    propose_split,
    review,
    save_allocation,
    submit,
)
from data.reporting.audit import audit_frame
from data.reporting.targets import get, is_additive

TOWNS = gaz.children("310117")


def test_propose_equal_and_by_area():
    equal = propose_split("000-T002", "310117")
    assert equal["area_code"].tolist() == TOWNS and (equal["unit"] == "万千瓦").all()
    assert equal["value"].sum() == pytest.approx(29.4, abs=1e-9)
    assert equal["value"].iloc[0] == pytest.approx(29.4 / len(TOWNS), abs=1e-4)
    areas = {c: float(i + 1) for i, c in enumerate(TOWNS)}
    by_area = propose_split("000-T002", "310117", "area", areas)
    assert by_area["value"].sum() == pytest.approx(29.4, abs=1e-9)
    assert by_area["value"].iloc[1] == pytest.approx(2 * by_area["value"].iloc[0], rel=1e-3)
    with pytest.raises(ValidationError, match="no positive area"):
        propose_split("000-T002", "310117", "area", {TOWNS[0]: 1.0})


@pytest.mark.parametrize(
    "target_id,why",
    [
        ("000-T001", "is not additive"),  # % reduction of energy intensity
        ("000-T003", "is not additive"),  # PUE
        ("000-T010", "is not additive"),  # share in %
        ("000-T040", "is not additive"),  # 公园绿地服务半径 in 米: a radius does not add up
        ("001-T001", "is a target of 310114, not of 310117"),
        ("000-T999", "unknown target"),
    ],
)
def test_non_additive_and_foreign_targets_are_never_split(target_id, why):
    with pytest.raises(ValidationError, match=why):
        propose_split(target_id, "310117")


def test_additivity_follows_the_progress_notion():
    assert is_additive(get("000-T002")) and is_additive(get("000-T028"))  # 万千瓦, 个
    assert not any(is_additive(get(t)) for t in ("000-T001", "000-T003", "000-T007", "000-T047"))


def test_save_reports_the_gap_and_is_version_checked(session, people):
    split = propose_split("000-T002", "310117")
    partial = split.iloc[:5]
    gap = save_allocation(session, people.songjiang, "000-T002", "310117", partial, method="equal", reason="首批")
    assert gap["allocated"] == pytest.approx(partial["value"].sum())
    assert gap["gap"] == pytest.approx(29.4 - partial["value"].sum()) and not gap["balanced"]
    assert len(gap["towns_without_allocation"]) == len(TOWNS) - 5
    stored = allocations_frame(session, "000-T002", "310117")
    assert stored["version"].tolist() == [1] * 5 and (stored["updated_by"] == "songjiang").all()
    # the rest, in MW (converted to 万千瓦)
    rest = {c: v * 10 for c, v in zip(split["area_code"].iloc[5:], split["value"].iloc[5:])}
    gap = save_allocation(session, people.songjiang, "000-T002", "310117", rest, unit="MW")
    assert gap["balanced"] and gap["allocated"] == pytest.approx(29.4)
    assert allocation_gap(session, "000-T002", "310117") == gap
    # changing an existing allocation needs the version it was based on
    first = TOWNS[0]
    with pytest.raises(ConflictError, match="^changed by songjiang at "):
        save_allocation(session, people.songjiang, "000-T002", "310117", {first: 3.0})
    with pytest.raises(ConflictError):
        save_allocation(session, people.songjiang, "000-T002", "310117", {first: 3.0}, base_versions={first: 7})
    gap = save_allocation(session, people.songjiang, "000-T002", "310117", {first: 3.0}, base_versions={first: 1})
    assert gap["gap"] == pytest.approx(split["value"].iloc[0] - 3.0)
    log = audit_frame(session, "allocation")
    assert log["action"].tolist().count("create") == len(TOWNS) and log["action"].tolist()[-1] == "update"
    assert json.loads(log["changes"].iloc[-1])["value"][1] == 3.0
    assert (log["action"] == "conflict").sum() == 2


def test_save_allocation_validation(session, people):
    with pytest.raises(ValidationError) as e:
        save_allocation(
            session, people.songjiang, "000-T002", "310117", {"310114102": 1.0, TOWNS[0]: -1.0, TOWNS[1]: float("nan")}
        )
    assert str(e.value).splitlines() == [
        "310114102: 310114102 is not a town of 310117",
        f"{TOWNS[0]}: -1.0 is not a number ≥ 0",
        f"{TOWNS[1]}: nan is not a number ≥ 0",
    ]
    with pytest.raises(ValidationError, match="not additive"):
        save_allocation(session, people.songjiang, "000-T001", "310117", {TOWNS[0]: 1.0})
    with pytest.raises(PermissionDenied):
        save_allocation(session, people.jiading, "000-T002", "310117", {TOWNS[0]: 1.0})
    assert allocations_frame(session).empty


def test_progress_per_town_and_district_sum(session, people):
    save_allocation(session, people.songjiang, "000-T002", "310117", {"310117102": 2.0, "310117104": 3.0})
    a = submit(session, people.sijing, "000-T002", "310117102", 2023, 1.5, "万千瓦")
    b = submit(session, people.chedun, "000-T002", "310117104", 2023, 40, "MW")  # 4 万千瓦
    c = submit(session, people.sijing, "000-T002", "310117102", 2024, 2.5, "万千瓦")
    for r in (a, b):
        review(session, people.songjiang, r["id"], 1, "approved")
    towns = district_breakdown(session, "310117", 2024)
    towns = towns[towns["target_id"] == "000-T002"].set_index("area_code")
    assert towns.loc["310117104", ["share", "latest_value", "status"]].tolist() == [3.0, 4.0, progress.ACHIEVED]
    assert towns.loc["310117102", "latest_value"] == 1.5 and towns.loc["310117102", "pending"]  # 2024 pending
    frame = district_reports_frame(session, "310117")
    summed = frame[(frame["area_code"] == "310117") & (frame["target_id"] == "000-T002")]
    approved = summed[summed["status"] == "approved"]
    assert approved[["year", "value", "note"]].values.tolist() == [[2023, 5.5, "sum of 2/20 towns"]]
    assert summed[summed["status"] == "pending"]["value"].tolist() == [6.5]  # 2.5 pending + 4 approved
    target = get("000-T002")
    district = progress.assess(target, frame, 2024)
    assert district.latest_value == 5.5 and district.pending
    assert c["id"] in set(frame["id"].dropna())


def test_splittable_targets_are_the_districts_additive_own_targets():
    from data import reporting as r
    from data.reporting import targets as tg

    split = r.splittable_targets("310117")
    assert len(split) > 0
    assert (split["area_code"] == "310117").all()
    assert all(tg.is_additive(x) for x in split.to_dict("records"))
    assert "000-T002" in set(split["id"])  # 新增光伏装机 29.4 万千瓦
    assert "000-T001" not in set(split["id"])  # an energy-intensity reduction is never split
