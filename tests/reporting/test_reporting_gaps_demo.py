"""Reporting gaps per area and target; the illustrative sample as demo data of an empty store only."""

import pandas as pd
import pytest

from data import gazetteer_data as gaz
from data.progress import REPORT_COLUMNS, load_reports
from data.reporting import (
    PermissionDenied,
    clear_demo,
    gaps,
    load_demo,
    parse_upload,
    propose_split,
    reports_frame,
    review,
    save_allocation,
    store_mode,
    submit,
)
from data.reporting.audit import audit_frame
from data.reporting.obligations import owed
from data.reporting.owed import GAP_COLUMNS
from tests.reporting import corpus


def test_gaps_per_area_and_target(session, people):
    ids = ["000-T046", "000-T049", "000-T047"]  # the forest targets the plan assigns to 各街镇
    a = submit(session, people.sijing, "000-T046", "310117102", 2024, 0.3, "千亩")
    b = submit(session, people.sijing, "000-T049", "310117102", 2024, 1, "处")
    c = submit(session, people.sijing, "000-T047", "310117102", 2024, 18, "%")
    review(session, people.songjiang, a["id"], 1, "approved")
    review(session, people.songjiang, c["id"], 1, "rejected", "口径")
    g = gaps(session, "310117", 2024, targets=ids)
    areas = ["310117", *gaz.children("310117")]
    sijing = g[g["area_code"] == "310117102"].set_index("target_id")
    assert sijing["status"].to_dict() == {"000-T049": "pending", "000-T047": "rejected"}  # T046 is approved
    assert sijing.loc["000-T049", ["report_id", "version"]].tolist() == [b["id"], 1]
    # who acts: the reviewers on a pending figure, the town's editors on a rejected or missing one
    assert sijing.loc["000-T049", "who"] == ("songjiang",) and sijing.loc["000-T047", "who"] == ("sijing",)
    chedun = g[g["area_code"] == "310117104"].set_index("target_id")
    assert set(chedun["status"]) == {"missing"} and set(chedun["who"]) == {("chedun",)}
    assert chedun["since"].iloc[0].isoformat() == "2025-01-01T00:00:00+00:00"  # due once 2024 is over
    assert sijing.loc["000-T049", "since"] >= sijing.loc["000-T047", "since"] - pd.Timedelta(hours=1)
    # the district's additive T046 counts as reported (sum of towns); its T049 and T047 do not yet
    assert set(g[g["area_code"] == "310117"]["target_id"]) == {"000-T049", "000-T047"}
    assert len(g) == 3 * len(areas) - 1 - 1  # minus sijing's approved T046 and the district's summed T046
    full = gaps(session, "310117", 2024)
    assert len(full[full["area_code"] == "310117104"]) == len(owed("310117104", 2024))
    town_gaps = full.loc[full["level"] == "town", "target_id"]
    assert not town_gaps.str.startswith("002-").any()  # no Shanghai-wide target is a town's gap
    assert list(full.columns) == GAP_COLUMNS


def test_a_split_target_becomes_every_towns_gap(session, people):
    before = gaps(session, "310117", 2025)
    assert "000-T028" not in set(before.loc[before["level"] == "town", "target_id"])  # not split: no town owes it
    save_allocation(session, people.songjiang, "000-T028", "310117", propose_split("000-T028", "310117"))
    after = gaps(session, "310117", 2025)
    towns = after[(after["level"] == "town") & (after["target_id"] == "000-T028")]
    assert len(towns) == len(gaz.children("310117")) and towns["share"].notna().all()
    assert len(after) == len(before) + len(gaz.children("310117"))


def test_gaps_only_count_the_year_asked(session, people):
    a = submit(session, people.sijing, "000-T046", "310117102", 2023, 1, "千亩")
    review(session, people.songjiang, a["id"], 1, "approved")
    g = gaps(session, "310117", 2024, targets=["000-T046"])
    assert "310117102" in set(g["area_code"])
    assert "310117102" not in set(gaps(session, "310117", 2023, targets=["000-T046"])["area_code"])


def test_demo_loads_the_sample_into_an_empty_store_only(session, people):
    assert store_mode(session) == "empty"
    n = load_demo(session, people.admin)
    sample = load_reports()
    assert n == len(sample) and store_mode(session) == "demo"
    frame = reports_frame(session)
    assert frame["illustrative"].all() and (frame["source"] == sample["source"].iloc[0]).all()
    pd.testing.assert_frame_equal(
        frame[REPORT_COLUMNS].reset_index(drop=True), sample.reset_index(drop=True), check_dtype=False
    )
    assert (audit_frame(session)["action"] == "demo_load").sum() == n
    with pytest.raises(PermissionDenied, match="already loaded"):
        load_demo(session, people.admin)
    # never mixed silently: real figures are refused while demo data is there
    with pytest.raises(PermissionDenied, match="illustrative demo data"):
        submit(session, people.sijing, "000-T046", "310117102", 2024, 1, "千亩")
    preview = parse_upload("x.csv", corpus.csv_bytes(corpus.GOOD_ROWS), people.sijing, session)
    assert preview.messages() == [
        "store: the store holds illustrative demo data; an admin must remove it before real figures are reported"
    ]
    with pytest.raises(PermissionDenied):
        clear_demo(session, people.songjiang)
    assert clear_demo(session, people.admin) == n and store_mode(session) == "empty"
    assert (audit_frame(session)["action"] == "demo_clear").sum() == n  # every removed figure kept in the log
    submit(session, people.sijing, "000-T046", "310117102", 2024, 1, "千亩")
    assert store_mode(session) == "real"
    with pytest.raises(PermissionDenied, match="real figures"):
        load_demo(session, people.admin)
    assert not reports_frame(session)["illustrative"].any()


def test_only_admins_load_demo_data(session, people):
    for who in (people.sijing, people.songjiang, people.viewer):
        with pytest.raises(PermissionDenied):
            load_demo(session, who)
    assert store_mode(session) == "empty"
