"""The plans as data: schema, units, and provenance against the plan texts."""

import csv
import io
import os
import subprocess
import sys

import pytest

from data import plan_data, plan_text, provenance, units
from data.plan_data import MeasureRow, TargetRow
from tests.conftest import REPO

SEEDS = plan_text.seeds_dir()


def need_seeds():
    if not SEEDS.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have the plan texts at {SEEDS}")
        pytest.skip(f"plan texts not found at {SEEDS} (they live in ../shared/seeds beside the repository)")


def test_every_plan_has_targets_and_measures():
    t, m = plan_data.load_targets(), plan_data.load_measures()
    plans = set(plan_data.load_plans().index)
    assert {"000", "001", "002", "003", "004"} <= plans  # the five seed plans (more may be added)
    assert set(t["plan_id"]) == plans and set(m["plan_id"]) <= plans
    assert len(t) >= 200 and len(m) >= 120
    assert t["id"].is_unique and m["id"].is_unique


def test_canonical_units_come_from_one_table():
    t = plan_data.load_targets()
    pv = t[(t["plan_id"] == "000") & (t["value"] == 29.4) & (t["unit"] == "万千瓦")]
    assert (
        len(pv) == 1 and pv["canonical_value"].iloc[0] == pytest.approx(294.0) and pv["canonical_unit"].iloc[0] == "MW"
    )
    assert units.convert(29.4, "万千瓦", "MW") == pytest.approx(294)
    assert units.canonical(150, "亩") == pytest.approx((10.0, "ha"))
    with pytest.raises(units.UnknownUnit):
        units.canonical(1, "furlong")


def test_measure_links_point_to_existing_targets():
    t, m = plan_data.load_targets(), plan_data.load_measures()
    ids = set(t["id"])
    dangling = [(r.id, x) for r in m.itertuples() for x in r.target_ids if x not in ids]
    assert dangling == []


def test_site_points_lie_in_their_area_and_others_have_none():
    import shapely

    from geo import areas

    m = plan_data.load_measures()
    sites = m[m["location_precision"] == "site"]
    for r in sites.itertuples():
        code = r.area_code
        geom = (
            areas.towns().loc[code, "geometry"]
            if len(code) == 9
            else areas.areas("district", code).geometry.union_all()
        )
        # towns are schematic, so a site is only required to be in the town's district
        if len(code) == 9:
            geom = areas.units().loc[areas.towns().loc[code, "parent_code"], "geometry"]
        # the standard map's coast is generalised (coastal sites fall ~1.5 km off it) and shoals and sea
        # areas lie beyond it: allow ~10 km there, ~3 km elsewhere
        margin = 0.1 if r.place_type in ("island", "sea_area") else 0.03
        assert geom.buffer(margin).contains(shapely.Point(r.lon, r.lat)), r.id
    assert m.loc[m["location_precision"] != "site", "lon"].isna().all()


def _bad_csv(tmp_path, header, row):
    p = tmp_path / "plans" / "999" / "targets.csv"
    p.parent.mkdir(parents=True)
    with p.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerow(row)
    return p


def test_bad_rows_are_named_by_file_row_and_field(tmp_path, monkeypatch):
    monkeypatch.setattr(plan_data, "PLANS_DIR", tmp_path / "plans")
    header = list(TargetRow.model_fields)
    good = {
        "id": "999-T001",
        "section": "一",
        "sector": "energy",
        "indicator_zh": "光伏",
        "indicator_en": "PV",
        "kind": "target",
        "comparator": ">=",
        "value": "29.4",
        "value_text": "29.4",
        "unit": "万千瓦",
        "base_year": "",
        "target_year": "2025",
        "period": "十四五",
        "commitment": "",
        "area_code": "310117",
        "area_name": "松江区",
        "responsible": "区发展改革委",
        "excerpt": "光伏29.4万千瓦",
        "note": "",
    }
    bad = dict(good, value="lots", unit="furlong", comparator="about")
    path = _bad_csv(tmp_path, header, [bad[h] for h in header])
    rows, problems = plan_data.read_rows(path, TargetRow)
    assert rows == []
    text = "\n".join(problems)
    assert "row 2:value:" in text and "row 2:unit:" in text and "row 2:comparator:" in text
    assert "999/targets.csv" in text


def test_site_measure_needs_a_point_and_a_source():
    base = {
        "id": "000-M999",
        "section": "一",
        "place_name": "某公园",
        "place_type": "park",
        "category": "park_greenway",
        "area_code": "310117",
        "area_name": "松江区",
        "lon": "",
        "lat": "",
        "location_precision": "site",
        "location_source": "",
        "target_ids": "",
        "measure": "建设",
        "responsible": "",
        "excerpt": "某公园",
    }
    with pytest.raises(ValueError, match="lon/lat"):
        MeasureRow.model_validate(base)
    with pytest.raises(ValueError, match="location_source"):
        MeasureRow.model_validate(dict(base, lon="121.2", lat="31.0"))


def test_every_row_is_the_plans_own_words():
    """Every excerpt is in its section's text, every value in its excerpt, every section exists, every area
    code is in the gazetteer, every place is named in its excerpt."""
    need_seeds()
    problems = provenance.check(plan_data.load_targets(), plan_data.load_measures())
    assert problems == []


def test_provenance_check_catches_a_wrong_row():
    need_seeds()
    t = plan_data.load_targets().head(3).copy()
    t.loc[t.index[0], "excerpt"] = "这句话不在任何规划里"
    t.loc[t.index[1], "section"] = "九十九"
    t.loc[t.index[2], "value_text"] = "123456"
    problems = provenance.check(t, plan_data.load_measures().head(0))
    assert {p.split()[1] for p in problems} == set(t["id"])
    assert any("nowhere in the plan" in p for p in problems) and any("does not exist" in p for p in problems)


def test_plan_002_is_stored_in_simplified_characters():
    t = plan_data.load_targets()
    text = "".join(t.loc[t["plan_id"] == "002", "excerpt"])
    assert plan_text.to_simplified(text) == text


def test_sections_follow_the_plans_numbering():
    need_seeds()
    s = plan_text.plan_sections("000")
    assert "一" in s and "二(一)1" in s and "主要目标" in s["一"].title  # "、主要目标" lacks its numeral
    s4 = plan_text.plan_sections("004")
    assert "三(一)" in s4 and "三(一)1" in s4  # "三、重点任务(一)…" carries two headings on one line


def run_data(*args):
    return subprocess.run([sys.executable, "-m", "data", *args], cwd=REPO, capture_output=True, text=True)


def test_cli_targets_and_measures_csv():
    r = run_data("targets", "--format", "csv")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert {
        "source_file",
        "section",
        "indicator_zh",
        "indicator_en",
        "kind",
        "comparator",
        "value",
        "unit",
        "base_year",
        "target_year",
        "area_code",
        "area_name",
        "responsible",
        "excerpt",
    } <= set(rows[0])
    assert len(rows) == len(plan_data.load_targets())
    r = run_data("measures", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert {
        "source_file",
        "section",
        "place_name",
        "place_type",
        "category",
        "area_code",
        "lon",
        "lat",
        "location_precision",
        "measure",
        "excerpt",
    } <= set(rows[0])
    assert len(rows) == len(plan_data.load_measures())
