"""A corpus of hostile and broken boundary files, each with the outcome the importer must give:

- ("refused", key): BoundaryImportError with that string-table entry; nothing stored;
- ("held", key): checked, reported with that warning and NOT stored unless forced (like the GCJ-02 check);
- ("stored", key or None): stored, with that warning (a stated repair) among the report's warnings.

Files are made from 松江区's towns (tests/boundary_files.py) at test time; nothing here is a fixture file."""

from __future__ import annotations

import copy
import json
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely
from shapely import affinity

from tests import boundary_files as bf


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], Path]  # folder → the file to import
    outcome: tuple[str, str | None]
    level: str = "town"
    datum: str = "auto"
    env: dict = field(default_factory=dict)


def refused(key):
    return ("refused", key)


def held(key):
    return ("held", key)


def stored(key=None):
    return ("stored", key)


# ---------------------------------------------------------------- material


def towns(n: int = 3) -> gpd.GeoDataFrame:
    return bf.songjiang_towns().iloc[:n].reset_index(drop=True)


def fc(n: int = 3) -> dict:
    return json.loads(towns(n).to_json(drop_id=True, ensure_ascii=False))


def write_fc(obj, name: str) -> Callable[[Path], Path]:
    def make(d: Path) -> Path:
        (d / name).write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
        return d / name

    return make


def mutated(fn: Callable[[dict], None], name: str, n: int = 3) -> Callable[[Path], Path]:
    """A FeatureCollection of n towns, changed in place by fn."""
    obj = fc(n)
    fn(obj)
    return write_fc(obj, name)


def raw(name: str, data: bytes | Callable[[], bytes]) -> Callable[[Path], Path]:
    def make(d: Path) -> Path:
        (d / name).write_bytes(data() if callable(data) else data)
        return d / name

    return make


def frame(geoms, n: int | None = None, **cols) -> gpd.GeoDataFrame:
    base = towns(n or len(geoms))
    out = gpd.GeoDataFrame(base.drop(columns="geometry"), geometry=list(geoms), crs=4326)
    for k, v in cols.items():
        out[k] = v
    return out


def gdf_geojson(make_gdf: Callable[[], gpd.GeoDataFrame], name: str, declare: str | None = None):
    return lambda d: bf.write_geojson(make_gdf(), d / name, declare)


def shp_folder(gdf: gpd.GeoDataFrame, d: Path, encoding: str = "UTF-8", crs=4326) -> Path:
    folder = d / "shp"
    folder.mkdir(exist_ok=True)
    frame_ = gdf.set_crs(crs, allow_override=True) if crs is not None else gdf
    pyogrio.write_dataframe(frame_, folder / "towns.shp", encoding=encoding)
    return folder


def shp_zip(
    make_gdf: Callable[[], gpd.GeoDataFrame],
    name: str,
    change: Callable[[Path], None] | None = None,
    encoding: str = "UTF-8",
    crs=4326,
    arc_prefix: str = "",
) -> Callable[[Path], Path]:
    """A zipped Shapefile; `change` edits the folder's files before zipping."""

    def make(d: Path) -> Path:
        folder = shp_folder(make_gdf(), d, encoding, crs)
        if change:
            change(folder)
        with zipfile.ZipFile(d / name, "w", zipfile.ZIP_DEFLATED) as z:
            for p in sorted(folder.iterdir()):
                z.write(p, arc_prefix + p.name)
        return d / name

    return make


def zip_of(entries: Callable[[Path], dict[str, bytes]], name: str, patch=None) -> Callable[[Path], Path]:
    def make(d: Path) -> Path:
        with zipfile.ZipFile(d / name, "w", zipfile.ZIP_DEFLATED) as z:
            for arc, data in entries(d).items():
                z.writestr(arc, data)
        if patch:
            (d / name).write_bytes(patch((d / name).read_bytes()))
        return d / name

    return make


def shp_entries(gdf_fn=lambda: towns(), drop=(), prefix="") -> Callable[[Path], dict[str, bytes]]:
    def entries(d: Path) -> dict[str, bytes]:
        folder = shp_folder(gdf_fn(), d)
        return {prefix + p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix not in drop}

    return entries


def _patch_headers(data: bytes, offset: int, fmt: str, value: int) -> bytes:
    """Rewrite a field of every local (PK\\3\\4) and central (PK\\1\\2) zip header."""
    out = bytearray(data)
    for sig, extra in ((b"PK\x03\x04", 0), (b"PK\x01\x02", 2)):
        at = out.find(sig)
        while at >= 0:
            struct.pack_into(fmt, out, at + offset + extra, value)
            at = out.find(sig, at + 4)
    return bytes(out)


def encrypted(data: bytes) -> bytes:
    return _patch_headers(data, 6, "<H", 0x1)  # general purpose flag: encrypted


def aes_method(data: bytes) -> bytes:
    return _patch_headers(data, 8, "<H", 99)  # compression method 99 (WinZip AES)


# ---------------------------------------------------------------- geometry edits


def first_coords(obj: dict) -> list:
    return obj["features"][0]["geometry"]["coordinates"]


def set_vertex(value) -> Callable[[dict], None]:
    def fn(obj):
        ring = first_coords(obj)[0] if obj["features"][0]["geometry"]["type"] == "Polygon" else first_coords(obj)[0][0]
        ring[1] = [value, ring[1][1]]

    return fn


def moved(dx: float, dy: float, n: int = 3) -> Callable[[], gpd.GeoDataFrame]:
    return lambda: frame([affinity.translate(g, dx, dy) for g in towns(n).geometry], n)


def one_town(geom_fn: Callable[[shapely.Geometry], shapely.Geometry]) -> Callable[[], gpd.GeoDataFrame]:
    def make():
        t = towns(3)
        geoms = list(t.geometry)
        geoms[0] = geom_fn(geoms[0])
        return frame(geoms, 3)

    return make


def sliver(g: shapely.Geometry) -> shapely.Geometry:
    """A 1 m wide strip across the town, in degrees (1 m ≈ 0.00001°)."""
    x0, y0, x1, _ = g.bounds
    y = g.representative_point().y
    return shapely.box(x0, y, x1, y + 0.00001)


def densified(step: float) -> Callable[[], gpd.GeoDataFrame]:
    return lambda: frame([shapely.segmentize(g, step) for g in towns(3).geometry], 3)


def with_z(g):
    return shapely.force_3d(g, 5.0)


def nested_collection(depth: int) -> dict:
    geom = fc(1)["features"][0]["geometry"]
    for _ in range(depth):
        geom = {"type": "GeometryCollection", "geometries": [geom]}
    return geom


def with_geometry(geom: dict, name: str) -> Callable[[Path], Path]:
    obj = fc(1)
    obj["features"][0]["geometry"] = geom
    return write_fc(obj, name)


def set_props(**props) -> Callable[[dict], None]:
    def fn(obj):
        for f in obj["features"]:
            f["properties"].update(copy.deepcopy(props))

    return fn


def codes(fn: Callable[[str], object]) -> Callable[[dict], None]:
    def change(obj):
        for f in obj["features"]:
            f["properties"]["XZQDM"] = fn(f["properties"]["XZQDM"])

    return change


def drop_names(obj: dict) -> None:
    for f in obj["features"]:
        f["properties"].pop("XZQMC")


def gbk_html_names() -> gpd.GeoDataFrame:
    t = towns(3)
    t["BZ"] = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "&lt;b&gt;备注&lt;/b&gt;"]
    return t


def mismatched_dbf(extra_rows: int) -> Callable[[Path], None]:
    """Replace the .dbf by one with `extra_rows` more (or fewer, when negative) rows than the .shp has shapes."""

    def change(folder: Path) -> None:
        t = towns(3 + extra_rows)
        other = folder.parent / "other"
        other.mkdir()
        pyogrio.write_dataframe(t, other / "towns.shp")
        (folder / "towns.dbf").write_bytes((other / "towns.dbf").read_bytes())

    return change


def gpkg_layers(layers: dict[str, Callable[[], gpd.GeoDataFrame]], name: str) -> Callable[[Path], Path]:
    def make(d: Path) -> Path:
        for layer, fn in layers.items():
            pyogrio.write_dataframe(fn(), d / name, layer=layer, driver="GPKG", append=(d / name).exists())
        return d / name

    return make


def roads() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"name": ["路"]}, geometry=[shapely.LineString([(121.2, 31.0), (121.3, 31.1)])], crs=4326)


def bomb(size: int) -> Callable[[Path], dict[str, bytes]]:
    """A Shapefile zip padded with a file of `size` zero bytes (deflates about 1000:1)."""
    return lambda d: {**shp_entries()(d), "padding.bin": b"\0" * size}


def many_entries(n: int) -> Callable[[Path], dict[str, bytes]]:
    return lambda d: {**shp_entries()(d), **{f"x/{i}.txt": b"" for i in range(n)}}


def gdf_in(epsg: int, n: int = 3) -> Callable[[], gpd.GeoDataFrame]:
    return lambda: towns(n).to_crs(epsg)


def _projected_geojson(epsg: int, declared: str, name: str) -> Callable[[Path], Path]:
    return lambda d: bf.write_geojson(towns(3).to_crs(epsg).set_crs(None, allow_override=True), d / name, declared)


def _wrong_prj(folder: Path) -> None:
    """Coordinates in CGCS2000 3° Gauss–Krüger CM 120°E (EPSG:4549), the .prj naming CM 117°E (EPSG:4548)."""
    (folder / "towns.prj").write_text(_prj(4548))


def _prj(epsg: int) -> str:
    from pyproj import CRS

    return CRS.from_epsg(epsg).to_wkt("WKT1_ESRI")


def _write_text(name: str, text: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).write_text(text)


def _remove(name: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).unlink()


def _no_crs_declared(obj: dict) -> None:
    obj["crs"] = {"type": "name", "properties": {"name": "EPSG:99999"}}


def _box_over_china() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"code": ["310117"], "name": ["松江区"]}, geometry=[shapely.box(74, 18, 134, 53)], crs=4326)


def _district(geom_fn=lambda g: g) -> Callable[[], gpd.GeoDataFrame]:
    def make():
        from geo import boundaries

        g = boundaries.official_units().loc["310117", "geometry"]
        return gpd.GeoDataFrame({"code": ["310117"], "name": ["松江区"]}, geometry=[geom_fn(g)], crs=4326)

    return make


def _jiading(g):
    from geo import boundaries

    return boundaries.official_units().loc["310114", "geometry"]


def _in_jiading(g):
    c = _jiading(g).representative_point()
    return affinity.translate(g, c.x - g.centroid.x, c.y - g.centroid.y)


def _overlapping_parts(g):
    return shapely.MultiPolygon([g, affinity.translate(g, 0.001, 0)])


def _spike(g):
    x, y = g.exterior.coords[0]
    coords = list(g.exterior.coords)
    return shapely.Polygon([coords[0], (x + 0.00001, y + 0.5), (x + 0.00002, y), *coords[1:]])


def _hole_outside(g):
    x0, y0, x1, y1 = g.bounds
    return shapely.Polygon(g.exterior.coords, [shapely.box(x1 + 0.01, y0, x1 + 0.02, y0 + 0.01).exterior.coords])


def _collinear(g):
    x, y = g.representative_point().coords[0]
    return shapely.Polygon([(x, y), (x + 0.01, y), (x + 0.02, y), (x, y)])


def _clockwise(g):
    return shapely.orient_polygons(g, exterior_cw=True)


def _nan_in_shp(folder: Path) -> None:
    """Overwrite the x of the first shape's third vertex with NaN (GDAL will not write one): main header 100 B,
    record header 8, shape type 4, box 32, part and point counts 8, one part index 4, then 16 B per point."""
    shp = folder / "towns.shp"
    data = bytearray(shp.read_bytes())
    struct.pack_into("<d", data, 100 + 8 + 4 + 32 + 8 + 4 + 2 * 16, float("nan"))
    shp.write_bytes(bytes(data))


def _numeric_codes(obj):
    codes(int)(obj)


def _unclosed(obj):
    first_coords(obj)[0].pop()


def _two_point_ring(obj):
    obj["features"][0]["geometry"]["coordinates"] = [[[121.2, 31.0], [121.3, 31.0]]]


def _mix_point(obj):
    obj["features"].append(
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [121, 31]}}
    )


def _null_geometry(obj):
    obj["features"][1]["geometry"] = None


def _empty_polygon(obj):
    obj["features"][1]["geometry"] = {"type": "Polygon", "coordinates": []}


def _swap_lonlat(obj):
    for f in obj["features"]:
        swapped = affinity.affine_transform(shapely.geometry.shape(f["geometry"]), [0, 1, 1, 0, 0, 0])
        f["geometry"] = shapely.geometry.mapping(swapped)


def _extra_listed(obj):
    """One more feature, matching nothing, whose attributes are lists and objects (listed in the report)."""
    extra = copy.deepcopy(obj["features"][0])
    extra["properties"] = {"XZQDM": [310117, 104], "XZQMC": {"zh": ["车墩"]}, "NOTE": float("nan")}
    obj["features"].append(extra)


def _big_props(obj):
    obj["features"][0]["properties"]["BZ"] = "长" * 1_000_000


def _many_columns(obj):
    for f in obj["features"]:
        f["properties"].update({f"c{i}": i for i in range(1000)})


def _antimeridian(obj):
    obj["features"][0]["geometry"] = {
        "type": "Polygon",
        "coordinates": [[[179.5, 31.0], [-179.5, 31.0], [-179.5, 31.1], [179.5, 31.1], [179.5, 31.0]]],
    }


def _nested_json(depth: int) -> bytes:
    return b'{"type": "FeatureCollection", "features": ' + b"[" * depth + b"]" * depth + b"}"


def _not_gpkg_sqlite(d: Path) -> Path:
    import sqlite3

    with sqlite3.connect(d / "t.gpkg") as c:
        c.execute("create table t (a)")
    return d / "t.gpkg"


def _attribute_only_gpkg(d: Path) -> Path:
    import pandas as pd

    pyogrio.write_dataframe(pd.DataFrame({"code": ["310117104"]}), d / "attr.gpkg", driver="GPKG")
    return d / "attr.gpkg"


GOOD_GEOJSON = lambda d: bf.write_geojson(towns(3), d / "good.geojson")  # noqa: E731 — the control case

CASES: list[Case] = [
    # ------------------------------------------------------------ controls: good files are stored
    Case("good_geojson", GOOD_GEOJSON, stored()),
    Case("good_shapefile_zip", shp_zip(towns, "good.zip"), stored()),
    Case("good_gpkg_epsg4549", lambda d: bf.write_gpkg(towns(3), d / "good.gpkg", 4549), stored()),
    Case("good_district", gdf_geojson(_district(), "district.geojson"), stored(), level="district"),
    # ------------------------------------------------------------ not a geo file
    Case("empty_file", raw("e.geojson", b""), refused("imp_empty")),
    Case("plain_text", raw("t.geojson", "名称,数值\n车墩镇,1\n".encode()), refused("imp_unreadable")),
    Case("json_array", raw("a.geojson", b"[]"), refused("imp_unreadable")),
    Case("json_object", raw("o.geojson", b"{}"), refused("imp_unreadable")),
    Case(
        "no_features", write_fc({"type": "FeatureCollection", "features": []}, "n.geojson"), refused("imp_no_features")
    ),
    Case("truncated_json", raw("cut.geojson", lambda: json.dumps(fc()).encode()[:500]), refused("imp_unreadable")),
    Case("binary_gpkg", raw("junk.gpkg", bytes(range(256)) * 40), refused("imp_unreadable")),
    Case("deep_json", raw("deep.geojson", _nested_json(100_000)), refused("imp_unreadable")),
    Case("csv_as_json", raw("c.json", b"code,name\n310117104,x\n"), refused("imp_unreadable")),
    Case("unknown_suffix_text", raw("notes.txt", b"hello"), refused("imp_unreadable")),
    Case(
        "utf16_geojson",
        raw("u16.geojson", lambda: json.dumps(fc(), ensure_ascii=False).encode("utf-16")),
        refused("imp_unreadable"),
    ),
    Case("not_gpkg_sqlite", _not_gpkg_sqlite, refused("imp_unreadable")),
    Case("attribute_only_gpkg", _attribute_only_gpkg, refused("imp_not_geo")),
    Case("over_size_limit", GOOD_GEOJSON, refused("imp_too_big"), env={"PEAKATLAS_MAX_IMPORT_MB": "0.001"}),
    # ------------------------------------------------------------ coordinates
    Case("nan_vertex", mutated(set_vertex(float("nan")), "nan.geojson"), refused("imp_bad_coordinates")),
    Case("infinity_vertex", mutated(set_vertex(float("inf")), "inf.geojson"), refused("imp_bad_coordinates")),
    Case("minus_infinity_vertex", mutated(set_vertex(float("-inf")), "ninf.geojson"), refused("imp_bad_coordinates")),
    Case("huge_vertex", mutated(set_vertex(1e308), "huge.geojson"), refused("imp_outside_china")),
    Case("lat_lon_swapped", mutated(_swap_lonlat, "swapped.geojson"), refused("imp_outside_china")),
    Case("antimeridian", mutated(_antimeridian, "am.geojson"), refused("imp_outside_china")),
    Case("metres_without_crs", _projected_geojson(4549, None, "m.geojson"), refused("imp_outside_china")),
    Case("nan_in_shapefile", shp_zip(towns, "nan.zip", _nan_in_shp), refused("imp_bad_coordinates")),
    Case("z_coordinates", gdf_geojson(one_town(with_z), "z.geojson"), stored("imp_dropped_z")),
    Case(
        "z_shapefile", shp_zip(lambda: frame([with_z(g) for g in towns().geometry]), "z.zip"), stored("imp_dropped_z")
    ),
    Case(
        "too_many_vertices",
        gdf_geojson(densified(0.00001), "dense.geojson"),
        refused("imp_too_many_vertices"),
        env={"PEAKATLAS_MAX_IMPORT_VERTICES": "20000"},
    ),
    Case("dense_but_within_limit", gdf_geojson(densified(0.002), "dense_ok.geojson"), stored()),
    # ------------------------------------------------------------ geometry types and validity
    Case(
        "points",
        gdf_geojson(lambda: frame(list(towns().geometry.representative_point())), "p.geojson"),
        refused("imp_not_polygon"),
    ),
    Case(
        "lines",
        gdf_geojson(lambda: frame([shapely.LineString(g.exterior.coords) for g in towns().geometry]), "l.geojson"),
        refused("imp_not_polygon"),
    ),
    Case("collection", with_geometry(nested_collection(1), "gc.geojson"), refused("imp_not_polygon")),
    Case("nested_collection", with_geometry(nested_collection(60), "gc60.geojson"), refused("imp_not_polygon")),
    Case("mixed_types", mutated(_mix_point, "mixed.geojson"), refused("imp_not_polygon")),
    Case("null_geometry", mutated(_null_geometry, "null.geojson"), refused("imp_no_geometry")),
    Case("empty_polygon", mutated(_empty_polygon, "emptyp.geojson"), refused("imp_no_geometry")),
    Case(
        "bowtie_far_from_area",
        gdf_geojson(one_town(lambda g: bf.bowtie_near(121.2, 31.0)), "bow.geojson"),
        refused("imp_unrepairable"),
    ),
    Case("collinear_ring", gdf_geojson(one_town(_collinear), "flat.geojson"), refused("imp_unrepairable")),
    Case("hole_outside_shell", gdf_geojson(one_town(_hole_outside), "hole.geojson"), refused("imp_unrepairable")),
    Case("overlapping_parts", gdf_geojson(one_town(_overlapping_parts), "overlap.geojson"), stored("imp_repaired")),
    Case("unclosed_ring", mutated(_unclosed, "open.geojson"), refused("imp_bad_geometry")),
    Case("two_point_ring", mutated(_two_point_ring, "two.geojson"), refused("imp_bad_geometry")),
    Case("spike", gdf_geojson(one_town(_spike), "spike.geojson"), held("imp_outside_district")),
    Case("clockwise_rings", gdf_geojson(one_town(_clockwise), "cw.geojson"), stored()),
    Case(
        "duplicate_vertices",
        gdf_geojson(one_town(lambda g: shapely.Polygon([c for c in g.exterior.coords for _ in (0, 1)])), "dup.geojson"),
        stored(),
    ),
    # ------------------------------------------------------------ coordinate systems
    Case("declared_3857", _projected_geojson(3857, "EPSG:3857", "web.geojson"), stored()),
    Case("declared_4490", _projected_geojson(4490, "EPSG:4490", "cgcs.geojson"), stored()),
    Case("declared_crs84", _projected_geojson(4326, "urn:ogc:def:crs:OGC:1.3:CRS84", "crs84.geojson"), stored()),
    Case("declared_epsg_99999", mutated(_no_crs_declared, "e99999.geojson"), refused("imp_unknown_crs")),
    Case(
        "declared_garbage_crs",
        mutated(lambda o: o.update(crs={"type": "name", "properties": {"name": "火星坐标"}}), "mars.geojson"),
        refused("imp_unknown_crs"),
    ),
    Case("datum_epsg_99999", GOOD_GEOJSON, refused("imp_unknown_epsg"), datum="EPSG:99999"),
    Case("datum_word", GOOD_GEOJSON, refused("imp_bad_datum"), datum="beijing54"),
    Case(
        "projected_with_datum_wgs84",
        lambda d: bf.write_gpkg(towns(3), d / "p.gpkg", 4549),
        refused("imp_projected_vs_datum"),
        datum="wgs84",
    ),
    Case("shapefile_without_prj", shp_zip(towns, "noprj.zip", _remove("towns.prj")), refused("imp_no_crs")),
    Case(
        "shapefile_garbage_prj",
        shp_zip(towns, "badprj.zip", _write_text("towns.prj", "不是坐标系")),
        refused("imp_unknown_crs"),
    ),
    Case(
        "wrong_gauss_kruger_zone", shp_zip(gdf_in(4549), "gk.zip", _wrong_prj, crs=None), held("imp_outside_district")
    ),
    Case(
        "gcj02_as_wgs84",
        gdf_geojson(lambda: bf.shifted(towns(20), "gcj02").set_crs(4326), "amap.geojson"),
        held("imp_looks_gcj02"),
    ),
    # ------------------------------------------------------------ in the wrong place or the wrong size
    Case("towns_2_degrees_west", gdf_geojson(moved(-2, 0, 20), "anhui.geojson"), held("imp_outside_district")),
    Case("towns_20km_north", gdf_geojson(moved(0, 0.2), "north.geojson"), held("imp_outside_district")),
    Case("town_in_another_district", gdf_geojson(one_town(_in_jiading), "jd.geojson"), held("imp_outside_district")),
    Case(
        "district_box_over_china",
        gdf_geojson(_box_over_china, "china.geojson"),
        held("imp_covers_far_more"),
        level="district",
    ),
    Case(
        "district_double_size",
        gdf_geojson(_district(lambda g: affinity.scale(g, 1.6, 1.6)), "big.geojson"),
        held("imp_covers_far_more"),
        level="district",
    ),
    Case(
        "district_is_jiading",
        gdf_geojson(_district(_jiading), "jd_as_sj.geojson"),
        held("imp_outside_district"),
        level="district",
    ),
    Case("town_sliver_1m", gdf_geojson(one_town(sliver), "sliver.geojson"), held("imp_tiny_unit")),
    Case(
        "town_10m_square",
        gdf_geojson(one_town(lambda g: shapely.box(*g.representative_point().buffer(0.00005).bounds)), "dot.geojson"),
        held("imp_tiny_unit"),
    ),
    Case(
        "town_covers_district",
        gdf_geojson(one_town(lambda g: _district()().geometry[0]), "whole.geojson"),
        held("imp_covers_far_more"),
    ),
    # ------------------------------------------------------------ codes and names
    Case(
        "district_codes_in_town_import",
        mutated(codes(lambda c: c[:6]), "six.geojson"),
        refused("imp_wrong_level_codes"),
    ),
    Case(
        "village_codes_in_town_import",
        mutated(codes(lambda c: c + "201"), "village.geojson"),
        refused("imp_wrong_level_codes"),
    ),
    Case(
        "town_codes_in_district_import",
        mutated(codes(lambda c: c), "towns_as_d.geojson"),
        refused("imp_wrong_level_codes"),
        level="district",
    ),
    Case("twelve_digit_town_codes", mutated(codes(lambda c: c + "000"), "twelve.geojson"), stored()),
    Case("codes_with_spaces", mutated(codes(lambda c: f"  {c}\t"), "spaces.geojson"), stored()),
    Case(
        "full_width_codes",
        mutated(codes(lambda c: c.translate(str.maketrans("0123456789", "０１２３４５６７８９"))), "fw.geojson"),
        stored(),
    ),
    Case("numeric_codes", mutated(_numeric_codes, "num.geojson"), stored()),
    Case("float_codes", mutated(codes(lambda c: float(c)), "float.geojson"), stored()),
    Case(
        "duplicate_codes",
        mutated(lambda o: o["features"].append(copy.deepcopy(o["features"][0])), "dupc.geojson"),
        refused("imp_duplicate_unit"),
    ),
    Case(
        "unknown_codes",
        mutated(lambda o: (codes(lambda c: "999999999")(o), drop_names(o)), "unk.geojson"),
        refused("imp_no_match"),
    ),
    Case(
        "no_properties",
        mutated(lambda o: [f.update(properties={}) for f in o["features"]], "bare.geojson"),
        refused("imp_no_match"),
    ),
    Case(
        "names_only",
        mutated(lambda o: [f["properties"].pop("XZQDM") for f in o["features"]], "names.geojson"),
        stored(),
    ),
    Case("integer_list_property", mutated(set_props(LIST=[1, 2, 3]), "list.geojson"), stored()),
    Case("integer_list_unmatched", mutated(_extra_listed, "extra.geojson"), stored()),
    Case(
        "integer_list_codes_only",
        mutated(lambda o: [f.update(properties={"L": [3, 1, 0]}) for f in o["features"]], "listonly.geojson"),
        refused("imp_no_match"),
    ),
    Case("nested_object_property", mutated(set_props(OBJ={"a": {"b": [1, {"c": None}]}}), "obj.geojson"), stored()),
    Case("boolean_and_null_columns", mutated(set_props(B=True, N=None), "bool.geojson"), stored()),
    Case("megabyte_string_property", mutated(_big_props, "long.geojson"), stored()),
    Case("thousand_columns", mutated(_many_columns, "wide.geojson"), stored()),
    Case(
        "html_in_names_unmatched",
        mutated(
            lambda o: (codes(lambda c: "999999999")(o), set_props(XZQMC="<script>alert(1)</script>")(o)), "xss.geojson"
        ),
        refused("imp_no_match"),
    ),
    Case("gbk_shapefile_with_html", shp_zip(gbk_html_names, "gbk.zip", encoding="GBK"), stored()),
    # ------------------------------------------------------------ zip archives
    Case("encrypted_zip", zip_of(shp_entries(), "locked.zip", encrypted), refused("imp_zip_encrypted")),
    Case("aes_zip", zip_of(shp_entries(), "aes.zip", aes_method), refused("imp_zip_unsupported")),
    Case(
        "zip_bomb_by_size",
        zip_of(bomb(30_000_000), "bomb.zip"),
        refused("imp_zip_too_large"),
        env={"PEAKATLAS_MAX_IMPORT_MB": "2"},
    ),
    Case("zip_bomb_by_ratio", zip_of(bomb(5_000_000), "ratio.zip"), refused("imp_zip_ratio")),
    Case("zip_many_entries", zip_of(many_entries(3000), "many.zip"), refused("imp_zip_many_entries")),
    Case("zip_path_traversal", zip_of(shp_entries(prefix="../../"), "escape.zip"), refused("imp_zip_unsafe_path")),
    Case("zip_absolute_path", zip_of(shp_entries(prefix="/tmp/peakatlas-"), "abs.zip"), refused("imp_zip_unsafe_path")),
    Case(
        "zip_in_zip",
        zip_of(lambda d: {"inner.zip": shp_zip(towns, "inner.zip")(d).read_bytes()}, "outer.zip"),
        refused("imp_zip_no_shp"),
    ),
    Case(
        "zip_two_shapefiles",
        zip_of(lambda d: {**shp_entries()(d), **shp_entries(prefix="b/")(d)}, "two.zip"),
        refused("imp_many_shapefiles"),
    ),
    Case("zip_empty", zip_of(lambda d: {}, "nothing.zip"), refused("imp_zip_no_shp")),
    Case(
        "zip_truncated",
        lambda d: raw("cut.zip", shp_zip(towns, "whole.zip")(d).read_bytes()[:300])(d),
        refused("imp_bad_zip"),
    ),
    Case(
        "zip_macos_resource_forks",
        zip_of(
            lambda d: {**shp_entries()(d), "__MACOSX/._towns.shp": b"\0" * 100, "._towns.shp": b"\0" * 100}, "mac.zip"
        ),
        stored(),
    ),
    Case("zip_in_subfolder", shp_zip(towns, "sub.zip", arc_prefix="松江/边界/"), stored()),
    Case(
        "zip_upper_case",
        zip_of(
            lambda d: {
                k.replace("towns", "TOWNS").upper().replace("TOWNS.", "TOWNS."): v for k, v in shp_entries()(d).items()
            },
            "UPPER.ZIP",
        ),
        stored(),
    ),
    Case(
        "zip_gpkg",
        zip_of(lambda d: {"t.gpkg": bf.write_gpkg(towns(3), d / "t.gpkg", 4326).read_bytes()}, "g.zip"),
        stored(),
    ),
    Case("shp_without_shx", zip_of(shp_entries(drop=(".shx",)), "noshx.zip"), refused("imp_shp_missing_part")),
    Case("shp_without_dbf", zip_of(shp_entries(drop=(".dbf",)), "nodbf.zip"), refused("imp_shp_missing_part")),
    Case(
        "shp_2_shapes_dbf_1_row",
        shp_zip(lambda: towns(2), "2v1.zip", mismatched_dbf(-2)),
        refused("imp_shp_dbf_mismatch"),
    ),
    Case(
        "shp_1_shape_dbf_2_rows",
        shp_zip(lambda: towns(1), "1v2.zip", mismatched_dbf(-1)),
        refused("imp_shp_dbf_mismatch"),
    ),
    Case(
        "cpg_names_no_encoding", shp_zip(towns, "cpg.zip", _write_text("towns.cpg", "FOO-9")), stored("imp_cpg_ignored")
    ),
    Case("cpg_empty", shp_zip(towns, "cpg0.zip", _write_text("towns.cpg", "")), stored()),
    Case("cpg_936_with_gbk", shp_zip(towns, "936.zip", _write_text("towns.cpg", "936"), encoding="GBK"), stored()),
    Case("gbk_without_cpg", shp_zip(towns, "gbk_nocpg.zip", _remove("towns.cpg"), encoding="GBK"), stored()),
    Case(
        "cpg_utf8_but_gbk_data",
        shp_zip(towns, "liar.zip", _write_text("towns.cpg", "UTF-8"), encoding="GBK"),
        refused("imp_dbf_not_encoding"),
    ),
    Case(
        "dbf_latin1_garbage",
        shp_zip(lambda: towns().assign(XZQMC="café"), "latin.zip", _remove("towns.cpg"), encoding="latin1"),
        refused("imp_dbf_encoding"),
    ),
    # ------------------------------------------------------------ GeoPackages
    Case(
        "gpkg_two_polygon_layers",
        gpkg_layers({"a": towns, "b": lambda: towns(2)}, "two.gpkg"),
        refused("imp_many_layers"),
    ),
    Case(
        "gpkg_polygons_and_roads",
        gpkg_layers({"towns": towns, "roads": roads}, "mixed.gpkg"),
        refused("imp_many_layers"),
    ),
    Case("gpkg_roads_only", gpkg_layers({"roads": roads}, "roads.gpkg"), refused("imp_not_polygon")),
]
