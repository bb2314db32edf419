"""Districts from the official standard map; schematic towns that tile each district exactly."""

import json
import subprocess
import sys

import pytest
import shapely

from data import gazetteer_data
from geo import areas, boundaries
from geo.datums import to_metric
from geo.export import prepared
from geo.simplify import vertex_count
from geo.tessellation import coverage_errors
from tests.conftest import REPO

TOWN_COUNTS = {"310117": 20, "310114": 12, "430111": 14, "330400": 72}


def test_sixteen_districts_tile_shanghai():
    d = areas.areas("district", "310000")
    assert len(d) == 16
    city = boundaries.outline("310000")
    m = to_metric([city] + list(d.geometry))
    mismatch = shapely.symmetric_difference(shapely.union_all(m[1:]), m[0]).area / m[0].area
    assert mismatch < 0.001


def test_every_district_of_the_five_jurisdictions_is_there():
    codes = set(areas.areas("district").index)
    assert {"310117", "310114", "430111", "330402", "330411", "330421", "330424", "330481", "330482", "330483"} <= codes
    assert len(codes) == 24
    assert (areas.units()["boundary_quality"] == "official").all()


@pytest.mark.parametrize("within,count", TOWN_COUNTS.items())
def test_town_counts_match_the_2023_codes(within, count):
    assert len(areas.towns(within)) == count


def test_gazetteer_matches_the_official_2023_codes():
    import csv

    ref = (
        {
            r["code"]: r
            for r in csv.DictReader(
                (REPO.parent / "shared/reference/township_codes_2023.csv").read_text(encoding="utf-8").splitlines()
            )
        }
        if (REPO.parent / "shared/reference").exists()
        else None
    )
    if ref is None:
        pytest.skip("../shared/reference is not beside the repository")
    towns = gazetteer_data.towns()
    for code, row in towns.iterrows():
        assert ref[code]["name"] == row["name"] and ref[code]["areaCode"] == row["parent_code"]
    wanted = {c for c, r in ref.items() if r["areaCode"] in {"310117", "310114", "430111"} or r["cityCode"] == "3304"}
    assert set(towns.index) == wanted


def test_town_seats_lie_inside_their_district():
    d = areas.units()
    for code, t in gazetteer_data.towns().iterrows():
        assert d.loc[t["parent_code"], "geometry"].contains(shapely.Point(t["seat_lon"], t["seat_lat"])), code


@pytest.mark.parametrize("simplified", [False, True])
def test_towns_tile_their_district(simplified):
    towns = prepared("town", simplified=simplified)
    districts = areas.units()
    assert (towns["boundary_quality"] == "schematic").all()
    for code in towns["parent_code"].unique():
        cells = list(towns[towns["parent_code"] == code].geometry)
        assert all(c.is_valid and not c.is_empty for c in cells)
        gap, overlap = coverage_errors(districts.loc[code, "geometry"], cells, to_metric)
        assert gap < 1e-4 and overlap < 1e-4, (code, gap, overlap)


def test_display_simplification_reduces_payload():
    raw, simple = prepared("town", simplified=False), prepared("town", simplified=True)
    assert vertex_count(simple.geometry) <= vertex_count(raw.geometry)
    assert len(simple.to_json()) < 0.95 * len(raw.to_json())


def run_geo(*args, **kw):
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=REPO, capture_output=True, text=True, **kw)


def test_cli_export_town_within_songjiang():
    r = run_geo("export", "--level", "town", "--within", "310117")
    assert r.returncode == 0, r.stderr
    fc = json.loads(r.stdout)
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 20
    props = fc["features"][0]["properties"]
    assert {"code", "name", "level", "parent_code", "boundary_quality", "source"} <= set(props)
    assert {f["properties"]["boundary_quality"] for f in fc["features"]} == {"schematic"}


def test_cli_export_districts_and_gcj02():
    r = run_geo("export", "--level", "district")
    fc = json.loads(r.stdout)
    assert len(fc["features"]) == 24
    g = json.loads(run_geo("export", "--level", "district", "--within", "310117", "--datum", "gcj02").stdout)
    w = [f for f in fc["features"] if f["properties"]["code"] == "310117"][0]
    dx = g["features"][0]["geometry"]["coordinates"][0][0][0][0] - w["geometry"]["coordinates"][0][0][0][0]
    assert 0.003 < dx < 0.006  # shifted east by the GCJ-02 offset


def test_cli_export_unknown_area_is_an_error():
    r = run_geo("export", "--level", "town", "--within", "999999")
    assert r.returncode != 0 and "no town areas" in r.stderr


def test_joins_assign_points_and_polygons_to_their_area():
    from geo.joins import anchor_point, containing_area

    seat = anchor_point("310117104")  # 车墩镇's seat
    assert containing_area([seat], "town") == ["310117104"]
    assert containing_area([seat], "district") == ["310117"]
    assert containing_area([shapely.Point(10, 10)], "district") == [None]
    # a polygon straddling two towns goes to the one holding most of it
    cell = areas.towns("310117").loc["310117104", "geometry"]
    blob = shapely.union_all([cell.buffer(-0.002), cell.centroid.buffer(0.02)])
    assert containing_area([blob], "town", within="310117") == ["310117104"]
