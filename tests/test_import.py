"""Importing official boundaries: every format and datum, GCJ-02 mislabelled as WGS84, and bad input."""

import json
import subprocess
import sys
import zipfile

import geopandas as gpd
import pytest
import shapely

from data.reporting.auth import local_operator
from geo import areas, importer, store
from geo.importer import BoundaryImportError
from layers import boundaries
from tests import boundary_files as bf
from tests.conftest import REPO, store_snapshot


@pytest.fixture
def towns():
    return bf.songjiang_towns()


def assert_imported(report, n=20):
    assert report["stored"] is True
    assert len(report["matched"]) == n
    assert report["unmatched_features"] == [] and report["missing_units"] == []
    assert report["median_offset_m"] is not None and report["median_offset_m"] < 5
    d = report["districts"]["310117"]
    assert d["gap_pct"] < 0.01 and d["overlap_pct"] < 0.01


def test_geojson_wgs84(tmp_path, towns):
    assert boundaries.schematic_towns("310117") and boundaries.schematic_towns("310117104")
    report = importer.import_file(bf.write_geojson(towns, tmp_path / "t.geojson"), "town")
    assert_imported(report)
    t = areas.towns("310117")
    assert (t["boundary_quality"] == "imported").all()
    assert t["source"].str.contains("t.geojson").all()
    # the pages stop calling them schematic
    assert not boundaries.schematic_towns("310117") and not boundaries.schematic_towns("310117104")


def test_geojson_gcj02_mislabelled_as_wgs84_is_detected_and_not_stored(tmp_path, towns, isolated_store):
    path = bf.write_geojson(bf.shifted(towns, "gcj02"), tmp_path / "amap.geojson")
    report = importer.import_file(path, "town")
    assert report["stored"] is False
    assert 250 < report["median_offset_m"] < 600  # distance across the outline, not the shift itself
    assert report["median_offset_if_gcj02_m"] < 5
    assert any("GCJ-02" in w and "--datum gcj02" in w for w in report["warnings"])
    assert store_snapshot(isolated_store) == {}
    fixed = importer.import_file(path, "town", datum="gcj02")
    assert_imported(fixed)


def test_bd09_datum(tmp_path, towns):
    path = bf.write_geojson(bf.shifted(towns, "bd09"), tmp_path / "baidu.geojson")
    assert_imported(importer.import_file(path, "town", datum="bd09"))


def test_zipped_shapefile_gbk_without_cpg(tmp_path, towns):
    path = bf.write_shapefile_zip(towns, tmp_path / "gbk.zip", encoding="GBK", keep_cpg=False)
    report = importer.import_file(path, "town")
    assert_imported(report)
    assert {m["name"] for m in report["matched"]} >= {"车墩镇", "泖港镇"}


def test_zipped_shapefile_utf8_with_cpg_matched_by_name_only(tmp_path, towns):
    by_name = towns.drop(columns="XZQDM")
    by_name["XZQMC"] = by_name["XZQMC"].str.replace("街道", "").str.replace("镇", "")  # suffixes optional
    assert_imported(importer.import_file(bf.write_shapefile_zip(by_name, tmp_path / "u.zip"), "town"))


def test_traditional_names_match(tmp_path, towns):
    trad = towns.drop(columns="XZQDM")
    trad["XZQMC"] = trad["XZQMC"].str.replace("车墩", "車墩").str.replace("永丰", "永豐")
    assert_imported(importer.import_file(bf.write_geojson(trad, tmp_path / "trad.geojson"), "town"))


def test_geopackage_in_projected_crs_with_12_digit_codes(tmp_path, towns):
    t = towns.copy()
    t["XZQDM"] = t["XZQDM"] + "000"
    assert_imported(importer.import_file(bf.write_gpkg(t, tmp_path / "t.gpkg", 32651), "town"))


def test_cgcs2000_gk_zone_epsg_override(tmp_path, towns):
    path = bf.write_shapefile_zip(towns.to_crs(4549), tmp_path / "gk.zip", keep_prj=False, crs=None)
    with pytest.raises(BoundaryImportError, match="declares no coordinate system"):
        importer.import_file(path, "town")
    assert_imported(importer.import_file(path, "town", datum="EPSG:4549"))


def test_partial_import_keeps_the_district_covered(tmp_path, towns):
    importer.import_file(bf.write_geojson(towns.iloc[:5], tmp_path / "part.geojson"), "town")
    t = areas.towns("310117")
    assert (t["boundary_quality"] == "imported").sum() == 5
    from geo.datums import to_metric
    from geo.tessellation import coverage_errors

    gap, overlap = coverage_errors(areas.units().loc["310117", "geometry"], list(t.geometry), to_metric)
    assert gap < 1e-4 and overlap < 1e-4


def test_report_lists_unmatched_and_missing(tmp_path, towns):
    t = towns.iloc[:3].copy()
    extra = gpd.GeoDataFrame(
        {"XZQDM": ["999999999"], "XZQMC": ["不存在镇"]}, geometry=[shapely.box(121.2, 31.0, 121.21, 31.01)], crs=4326
    )
    report = importer.import_file(
        bf.write_geojson(gpd.pd.concat([t, extra]), tmp_path / "x.geojson"), "town", dry_run=True
    )
    assert report["stored"] is False and len(report["matched"]) == 3
    assert report["unmatched_features"][0]["properties"]["XZQMC"] == "不存在镇"
    assert len(report["missing_units"]) == 17


def test_district_level_import_and_revert(tmp_path):
    d = areas.units().loc[["310117", "310114"]]
    frame = gpd.GeoDataFrame({"name": list(d["name"])}, geometry=list(d.geometry), crs=4326)
    report = importer.import_file(bf.write_geojson(frame, tmp_path / "d.geojson"), "district")
    assert report["stored"] and {m["code"] for m in report["matched"]} == {"310117", "310114"}
    assert areas.units().loc["310117", "boundary_quality"] == "imported"
    assert store.revert(OPERATOR, "district", change_id=report["import_id"]) == ["310114", "310117"]
    assert areas.units().loc["310117", "boundary_quality"] == "official"


def test_import_persists_and_reverts(tmp_path, towns):
    report = importer.import_file(bf.write_geojson(towns, tmp_path / "t.geojson"), "town")
    assert len(store.load()) == 20  # read back from the store
    assert store.revert(OPERATOR, "town", codes=["310117104"]) == ["310117104"]
    assert areas.towns("310117").loc["310117104", "boundary_quality"] == "schematic"
    store.revert(OPERATOR, "town", change_id=report["import_id"])
    assert (areas.towns("310117")["boundary_quality"] == "schematic").all()


# ---------------------------------------------------------------- bad input: clear error, nothing stored


def _zip_without_shp(p):
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("readme.txt", "no shapefile here")
    return p


def _unknown_encoding(p, towns):
    t = towns.copy()
    t.loc[t.index[0], "XZQMC"] = "QQQQQQ"
    path = bf.write_shapefile_zip(t, p, encoding="UTF-8", keep_cpg=False)
    raw = zipfile.ZipFile(path).read("towns.dbf").replace(b"QQQQQQ", b"\xff\xfe\xff\xfe\x80\xff")
    out = p.with_name("enc2.zip")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w") as zout:
        for n in zin.namelist():
            zout.writestr(n, raw if n == "towns.dbf" else zin.read(n))
    return out


def _points(p, towns):
    pts = gpd.GeoDataFrame(
        towns.drop(columns="geometry"), geometry=list(towns.geometry.representative_point()), crs=4326
    )
    return bf.write_geojson(pts, p)


def _outside_china(p, towns):
    moved = gpd.GeoDataFrame(towns.drop(columns="geometry"), geometry=list(towns.geometry.translate(60, 0)), crs=4326)
    return bf.write_geojson(moved, p)


def _bowtie(p, towns):
    t = towns.copy()
    t.loc[t.index[0], "geometry"] = bf.bowtie_near(121.2, 31.0)
    return bf.write_geojson(t, p)


def _duplicate(p, towns):
    return bf.write_geojson(gpd.pd.concat([towns, towns.iloc[[0]]]), p)


OPERATOR = local_operator()

BAD = {
    "empty": (lambda p, t: (p.write_bytes(b""), p)[1], "the file is empty"),
    "not_geo": (lambda p, t: (p.write_text("名称,数值\n车墩镇,1\n", encoding="utf-8"), p)[1], "not a readable"),
    "zip_without_shp": (lambda p, t: _zip_without_shp(p.with_suffix(".zip")), "holds no .shp"),
    "no_crs": (
        lambda p, t: bf.write_shapefile_zip(t, p.with_suffix(".zip"), keep_prj=False, crs=None),
        "declares no coordinate system",
    ),
    "outside_china": (_outside_china, "outside China"),
    "bowtie": (_bowtie, "cannot be repaired safely"),
    "points": (_points, "is a Point; boundaries must be polygons"),
    "unknown_encoding": (lambda p, t: _unknown_encoding(p.with_suffix(".zip"), t), "unknown encoding"),
    "duplicate_codes": (_duplicate, "each unit must appear once"),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_input_is_rejected_with_its_message_and_nothing_stored(case, tmp_path, towns, isolated_store):
    importer.import_file(bf.write_geojson(towns.iloc[:2], tmp_path / "first.geojson"), "town")
    before = store_snapshot(isolated_store)
    make, message = BAD[case]
    path = make(tmp_path / f"{case}.geojson", towns)
    with pytest.raises(BoundaryImportError, match=message):
        importer.import_file(path, "town")
    assert store_snapshot(isolated_store) == before


def test_file_over_the_size_limit(tmp_path, towns, monkeypatch, isolated_store):
    monkeypatch.setenv("PEAKATLAS_MAX_IMPORT_MB", "0.001")
    with pytest.raises(BoundaryImportError, match="over the 0 MB limit|over the"):
        importer.import_file(bf.write_geojson(towns, tmp_path / "big.geojson"), "town")
    assert store_snapshot(isolated_store) == {}


def test_repairable_invalid_polygon_is_repaired_and_reported(tmp_path, towns):
    t = towns.copy()
    # a self-touching ring (figure-of-eight at a vertex) is invalid but repairs without area change
    bowtie = shapely.Polygon(
        [(121.30, 31.00), (121.32, 31.00), (121.31, 31.01), (121.32, 31.02), (121.30, 31.02), (121.31, 31.01)]
    )
    assert not bowtie.is_valid
    t.loc[t.index[1], "geometry"] = bowtie
    report = importer.import_file(bf.write_geojson(t, tmp_path / "r.geojson"), "town", dry_run=True)
    reason = shapely.is_valid_reason(bowtie)
    assert report["warnings"] == [f"feature 1: repaired invalid polygon ({reason})"]  # that one, and no other


def run_geo(*args):
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=REPO, capture_output=True, text=True)


def test_cli_import_report_and_bad_input(tmp_path, towns):
    good = bf.write_geojson(towns, tmp_path / "t.geojson")
    r = run_geo("import", str(good), "--level", "town", "--dry-run")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert {"matched", "unmatched_features", "missing_units", "median_offset_m", "warnings", "stored"} <= set(report)
    assert report["stored"] is False
    empty = tmp_path / "e.geojson"
    empty.write_bytes(b"")
    r = run_geo("import", str(empty), "--level", "town")
    assert r.returncode != 0
    assert r.stderr.strip().count("\n") == 0 and "empty" in r.stderr
    gcj = bf.write_geojson(bf.shifted(towns, "gcj02"), tmp_path / "g.geojson")
    r = run_geo("import", str(gcj), "--level", "town")
    assert r.returncode == 3 and json.loads(r.stdout)["stored"] is False


def test_upload_from_the_app_goes_through_the_same_checks(tmp_path, towns, isolated_store):
    with pytest.raises(BoundaryImportError, match="the file is empty"):
        importer.import_upload("towns.geojson", b"", "town")
    assert store_snapshot(isolated_store) == {}
    data = bf.write_shapefile_zip(towns, tmp_path / "gbk.zip", encoding="GBK", keep_cpg=False).read_bytes()
    assert_imported(importer.import_upload("gbk.zip", data, "town"))
