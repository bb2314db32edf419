"""Reporting gaps per area and target; the illustrative sample as demo data of an empty store only."""
import pandas as pd
import pytest

from data import gazetteer_data as gaz
from data.progress import REPORT_COLUMNS, load_reports
from data.reporting import (PermissionDenied, clear_demo, gaps, load_demo, parse_upload, reports_frame, review,
                            store_mode, submit)
from data.reporting.audit import audit_frame
from data.reporting.targets import applicable
from tests.reporting import corpus


def test_gaps_per_area_and_target(session, people):
    ids = ["000-T002", "000-T028", "000-T010"]
    a = submit(session, people.sijing, "000-T002", "310117102", 2024, 1, "万千瓦")
    b = submit(session, people.sijing, "000-T028", "310117102", 2024, 10, "个")
    c = submit(session, people.sijing, "000-T010", "310117102", 2024, 10, "%")
    review(session, people.songjiang, a["id"], 1, "approved")
    review(session, people.songjiang, c["id"], 1, "rejected", "口径")
    g = gaps(session, "310117", 2024, targets=ids)
    areas = ["310117", *gaz.children("310117")]
    sijing = g[g["area_code"] == "310117102"].set_index("target_id")
    assert sijing["status"].to_dict() == {"000-T028": "pending", "000-T010": "rejected"}  # T002 is approved
    assert sijing.loc["000-T028", ["report_id", "version"]].tolist() == [b["id"], 1]
    # the district's additive T002 counts as reported (sum of towns); its T028 and T010 do not yet
    assert set(g[g["area_code"] == "310117"]["target_id"]) == {"000-T028", "000-T010"}
    assert len(g) == 3 * len(areas) - 1 - 1  # minus sijing's approved T002 and the district's summed T002
    assert set(g[g["area_code"] == "310117104"]["status"]) == {"missing"}
    full = gaps(session, "310117", 2024)
    assert len(full[full["area_code"] == "310117104"]) == len(applicable("310117104", 2024))
    assert list(full.columns) == ["area_code", "area_name", "level", "target_id", "indicator_zh", "unit", "year",
                                  "status", "report_id", "version"]


def test_gaps_only_count_the_year_asked(session, people):
    a = submit(session, people.sijing, "000-T002", "310117102", 2023, 1, "万千瓦")
    review(session, people.songjiang, a["id"], 1, "approved")
    g = gaps(session, "310117", 2024, targets=["000-T002"])
    assert "310117102" in set(g["area_code"])
    assert "310117102" not in set(gaps(session, "310117", 2023, targets=["000-T002"])["area_code"])


def test_demo_loads_the_sample_into_an_empty_store_only(session, people):
    assert store_mode(session) == "empty"
    n = load_demo(session, people.admin)
    sample = load_reports()
    assert n == len(sample) and store_mode(session) == "demo"
    frame = reports_frame(session)
    assert frame["illustrative"].all() and (frame["source"] == sample["source"].iloc[0]).all()
    pd.testing.assert_frame_equal(frame[REPORT_COLUMNS].reset_index(drop=True), sample.reset_index(drop=True),
                                  check_dtype=False)
    assert (audit_frame(session)["action"] == "demo_load").sum() == n
    with pytest.raises(PermissionDenied, match="already loaded"):
        load_demo(session, people.admin)
    # never mixed silently: real figures are refused while demo data is there
    with pytest.raises(PermissionDenied, match="illustrative demo data"):
        submit(session, people.sijing, "000-T002", "310117102", 2024, 1, "万千瓦")
    preview = parse_upload("x.csv", corpus.csv_bytes(corpus.GOOD_ROWS), people.sijing, session)
    assert preview.messages() == ["store: the store holds illustrative demo data; an admin must remove it before "
                                  "real figures are reported"]
    with pytest.raises(PermissionDenied):
        clear_demo(session, people.songjiang)
    assert clear_demo(session, people.admin) == n and store_mode(session) == "empty"
    assert (audit_frame(session)["action"] == "demo_clear").sum() == n  # every removed figure kept in the log
    submit(session, people.sijing, "000-T002", "310117102", 2024, 1, "万千瓦")
    assert store_mode(session) == "real"
    with pytest.raises(PermissionDenied, match="real figures"):
        load_demo(session, people.admin)
    assert not reports_frame(session)["illustrative"].any()


def test_only_admins_load_demo_data(session, people):
    for who in (people.sijing, people.songjiang, people.viewer):
        with pytest.raises(PermissionDenied):
            load_demo(session, who)
    assert store_mode(session) == "empty"
