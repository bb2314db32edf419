"""Importing official boundaries (GeoJSON, zipped Shapefile, GeoPackage) in any datum.

Every check runs before anything is stored; a problem raises BoundaryImportError with one clear line.
The report says what matched, what did not, how the geometry sits against the official district outlines,
and warns when the data looks like GCJ-02 labelled as WGS84 (a systematic 400–500 m shift)."""

from __future__ import annotations

import json
import re
import statistics
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
from pyproj import CRS

from data import gazetteer_data, settings
from data.i18n import t
from data.reporting.auth import local_operator
from geo import areas, boundaries, datums, store
from geo.datums import to_metric
from geo.names import name_key

CHINA_BBOX = (73.0, 3.0, 136.0, 54.0)
GCJ_SIGNATURE_M = (250.0, 900.0)  # median offset band that GCJ-02 mislabelled as WGS84 produces
SUFFIXES = {".geojson": "GeoJSON", ".json": "GeoJSON", ".zip": "zip", ".gpkg": "GPKG", ".shp": "ESRI Shapefile"}


class BoundaryImportError(ValueError):
    """Bad input: the message is one line saying what is wrong and where (English, from the string table's
    entry `key`; the app shows the same entry in the reader's language)."""

    def __init__(self, key: str, **params):
        super().__init__(t(key, "en", **params))
        self.key, self.params = key, params


def _warning(key: str, **params) -> dict:
    """A warning of the import report: its English text (for the command line) and its string-table entry."""
    return {"text": t(key, "en", **params), "key": key, "params": params}


def max_bytes() -> int:
    return int(settings.get("PEAKATLAS_MAX_IMPORT_MB") * 1024 * 1024)


# ---------------------------------------------------------------- reading


def _dbf_encoding(dbf: Path) -> str:
    """Encoding of a .dbf attribute table without a .cpg: UTF-8, else GB18030, else refuse."""
    raw = dbf.read_bytes()
    header_len = int.from_bytes(raw[8:10], "little") if len(raw) >= 10 else len(raw)
    body = raw[header_len:].rstrip(b"\x1a")
    for enc in ("utf-8", "gb18030"):
        try:
            body.decode(enc)
            return enc
        except UnicodeDecodeError:
            continue
    raise BoundaryImportError("imp_dbf_encoding", source=dbf.name)


def _read_shapefile(shp: Path) -> gpd.GeoDataFrame:
    cpg = shp.with_suffix(".cpg")
    dbf = next((p for p in shp.parent.glob(shp.stem + ".*") if p.suffix.lower() == ".dbf"), None)
    if cpg.exists():
        encoding = cpg.read_text(errors="replace").strip() or "utf-8"
        if encoding.upper() in ("GBK", "936", "CP936", "GB2312"):
            encoding = "gb18030"
    elif dbf is not None:
        encoding = _dbf_encoding(dbf)
    else:
        encoding = "utf-8"
    try:
        return pyogrio.read_dataframe(str(shp), encoding=encoding)
    except UnicodeDecodeError as e:
        raise BoundaryImportError("imp_dbf_not_encoding", source=shp.name, encoding=encoding, reason=e.reason) from None


def read_any(path: Path, workdir: Path) -> tuple[gpd.GeoDataFrame, str]:
    """Read a boundary file; returns (frame, format name)."""
    if not path.exists():
        raise BoundaryImportError("imp_no_file", source=str(path))
    size = path.stat().st_size
    if size == 0:
        raise BoundaryImportError("imp_empty", source=path.name)
    if size > max_bytes():
        raise BoundaryImportError(
            "imp_too_big", source=path.name, mb=f"{size / 1e6:.1f}", limit=f"{max_bytes() / 1e6:.0f}"
        )
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None and zipfile.is_zipfile(path):
        kind = "zip"
    if kind == "zip":
        try:
            with zipfile.ZipFile(path) as z:
                z.extractall(workdir)
        except zipfile.BadZipFile:
            raise BoundaryImportError("imp_bad_zip", source=path.name) from None
        shps = sorted(workdir.rglob("*.[sS][hH][pP]"))
        gpkgs = sorted(workdir.rglob("*.gpkg"))
        if len(shps) > 1:
            raise BoundaryImportError("imp_many_shapefiles", source=path.name, n=len(shps))
        if shps:
            return _read_shapefile(shps[0]), "zipped Shapefile"
        if gpkgs:
            return read_any(gpkgs[0], workdir / "_"), "GeoPackage (zipped)"
        raise BoundaryImportError("imp_zip_no_shp", source=path.name)
    if kind == "ESRI Shapefile":
        return _read_shapefile(path), "Shapefile"
    try:
        gdf = pyogrio.read_dataframe(str(path))
    except Exception as e:  # GDAL's message says what it could not read
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise BoundaryImportError("imp_unreadable", source=path.name, error=first) from None
    return gdf, kind or pyogrio.read_info(str(path)).get("driver", "unknown")


def _geojson_declares_crs(path: Path) -> bool:
    try:
        return "crs" in json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return False


# ---------------------------------------------------------------- datums


def parse_datum(datum: str) -> str | CRS:
    d = datum.strip().lower()
    if d in ("auto",) + datums.DATUMS:
        return d
    m = re.fullmatch(r"epsg:(\d{4,6})", d)
    if m:
        try:
            return CRS.from_epsg(int(m.group(1)))
        except Exception:
            raise BoundaryImportError("imp_unknown_epsg", datum=datum) from None
    raise BoundaryImportError("imp_bad_datum", datum=datum)


def to_wgs84(gdf: gpd.GeoDataFrame, datum: str | CRS, source: str) -> tuple[gpd.GeoDataFrame, str]:
    """Bring geometry to WGS84 lon/lat. Returns (frame, datum label used)."""
    declared = gdf.crs
    if isinstance(datum, CRS):
        gdf = gdf.set_crs(datum, allow_override=True).to_crs(4326)
        return gdf, f"EPSG:{datum.to_epsg()}"
    if datum == "auto":
        if declared is None:
            raise BoundaryImportError("imp_no_crs", source=source)
        if declared.is_geographic:
            return gdf.set_crs(4326, allow_override=True), f"declared {declared.to_string()}"
        return gdf.to_crs(4326), f"declared {declared.to_string()}"
    if declared is not None and declared.is_projected:
        raise BoundaryImportError("imp_projected_vs_datum", source=source, declared=declared.to_string(), datum=datum)
    geoms = datums.geoms_to_wgs84(np.asarray(gdf.geometry.values, dtype=object), datum)
    return gpd.GeoDataFrame(gdf.drop(columns="geometry"), geometry=list(geoms), crs=4326), datum


# ---------------------------------------------------------------- checks


def _check_geometry(gdf: gpd.GeoDataFrame, source: str) -> list[dict]:
    """Polygons only, inside China, valid (repairing when the repair keeps the area). Returns warnings."""
    if gdf.empty:
        raise BoundaryImportError("imp_no_features", source=source)
    if gdf.geometry.isna().any() or gdf.geometry.is_empty.any():
        i = int(np.flatnonzero(gdf.geometry.isna() | gdf.geometry.is_empty)[0])
        raise BoundaryImportError("imp_no_geometry", source=source, i=i)
    bad_types = gdf.geometry.geom_type[~gdf.geometry.geom_type.isin(["Polygon", "MultiPolygon"])]
    if len(bad_types):
        raise BoundaryImportError("imp_not_polygon", source=source, i=bad_types.index[0], kind=bad_types.iloc[0])
    warnings = []
    for i in np.flatnonzero(~gdf.geometry.is_valid):
        g = gdf.geometry.iloc[i]
        reason = shapely.is_valid_reason(g)
        fixed = shapely.make_valid(g)
        fixed = shapely.union_all(
            [p for p in getattr(fixed, "geoms", [fixed]) if p.geom_type in ("Polygon", "MultiPolygon")]
        )
        ref = shapely.buffer(g, 0)
        safe = not fixed.is_empty and ref.area > 0 and abs(fixed.area - ref.area) <= 0.01 * ref.area
        if not safe:
            raise BoundaryImportError("imp_unrepairable", source=source, i=i, reason=reason)
        gdf.loc[gdf.index[i], "geometry"] = fixed
        warnings.append(_warning("imp_repaired", i=i, reason=reason))
    return warnings


def _check_extent(gdf: gpd.GeoDataFrame, source: str) -> None:
    minx, miny, maxx, maxy = gdf.total_bounds
    x0, y0, x1, y1 = CHINA_BBOX
    if not np.isfinite([minx, miny, maxx, maxy]).all() or not (x0 <= minx and maxx <= x1 and y0 <= miny and maxy <= y1):
        raise BoundaryImportError(
            "imp_outside_china", source=source, box=f"({minx:.4g}, {miny:.4g}) – ({maxx:.4g}, {maxy:.4g})"
        )


# ---------------------------------------------------------------- matching

_CODE = re.compile(r"^\d{6}(\d{3}(\d{3})?)?$")


def _candidates(level: str) -> gpd.GeoDataFrame:
    return areas.areas(level)


def _code_of(value, level: str) -> str | None:
    s = str(value).strip()
    if s.endswith(".0"):
        s = s[:-2]
    if not _CODE.match(s):
        return None
    if level == "town":
        return s[:9] if len(s) >= 9 else None
    return s[:6] if len(s) == 6 or s[6:] in ("", "000", "000000") else None


def match(gdf: gpd.GeoDataFrame, level: str, source: str) -> tuple[dict[int, str], list[int]]:
    """Feature index → unit code; by a code column first, else by a name column."""
    cands = _candidates(level)
    codes = set(cands.index)
    attrs = [c for c in gdf.columns if c != "geometry"]
    code_col = max(attrs, key=lambda c: sum(_code_of(v, level) in codes for v in gdf[c]), default=None)
    by_code = {}
    if code_col is not None:
        by_code = {i: _code_of(v, level) for i, v in enumerate(gdf[code_col]) if _code_of(v, level) in codes}
    keys: dict[str, list[str]] = {}
    for code, name in zip(cands.index, cands["name"]):
        keys.setdefault(name_key(name), []).append(code)
    name_cols = [c for c in attrs if gdf[c].map(lambda v: isinstance(v, str)).any()]
    name_col = max(
        name_cols, key=lambda c: sum(name_key(v) in keys for v in gdf[c] if isinstance(v, str)), default=None
    )
    result: dict[int, str] = {}
    for i in range(len(gdf)):
        if i in by_code:
            result[i] = by_code[i]
            continue
        if name_col is None or not isinstance(gdf[name_col].iloc[i], str):
            continue
        hits = keys.get(name_key(gdf[name_col].iloc[i]), [])
        if len(hits) > 1:  # same name in two districts: take the one holding the feature
            point = gdf.geometry.iloc[i].representative_point()
            hits = [h for h in hits if cands.loc[h, "geometry"].buffer(0.01).contains(point)] or hits[:0]
        if len(hits) == 1:
            result[i] = hits[0]
    seen: dict[str, int] = {}
    for i, code in result.items():
        if code in seen:
            raise BoundaryImportError("imp_duplicate_unit", source=source, a=seen[code], b=i, code=code)
        seen[code] = i
    unmatched = [i for i in range(len(gdf)) if i not in result]
    return result, unmatched


# ---------------------------------------------------------------- quality against official outlines


def _offset_stats(geoms: list, outline, shift_back: bool) -> float | None:
    """Median distance (m) from the outer boundary of geoms to the official outline's boundary, using only
    vertices within 3 km of it (inner edges of a partial import are far away and say nothing)."""
    union = shapely.union_all(geoms)
    if shift_back:
        union = datums.geoms_to_wgs84(union, datums.GCJ02)
    crs = datums.utm_crs(outline.centroid.x, outline.centroid.y)
    u, o = to_metric([union, outline], crs)
    pts = shapely.points(shapely.get_coordinates(u.boundary))
    d = shapely.distance(pts, o.boundary)
    d = d[d < 3000]
    return float(statistics.median(d)) if len(d) else None


def quality(gdf: gpd.GeoDataFrame, matched: dict[int, str], level: str) -> dict:
    """Gap/overlap against each touched district's official outline and the median boundary offset."""
    gaz = gazetteer_data.towns()
    by_district: dict[str, list] = {}
    for i, code in matched.items():
        d = gaz.loc[code, "parent_code"] if level == "town" else code
        by_district.setdefault(d, []).append(gdf.geometry.iloc[i])
    official = boundaries.official_units()
    per = {}
    offsets, gcj_offsets = [], []
    for d, geoms in by_district.items():
        outline = official.loc[d, "geometry"]
        crs = datums.utm_crs(outline.centroid.x, outline.centroid.y)
        gm = list(to_metric(geoms, crs))
        om = to_metric([outline], crs)[0]
        union = shapely.union_all(gm)
        overlap = max(sum(g.area for g in gm) - union.area, 0.0)
        per[d] = {
            "units": len(geoms),
            "covered_pct": round(100 * shapely.intersection(union, om).area / om.area, 3),
            "gap_pct": round(100 * shapely.difference(om, union).area / om.area, 3),
            "outside_pct": round(100 * shapely.difference(union, om).area / om.area, 3),
            "overlap_pct": round(100 * overlap / om.area, 3),
        }
        off = _offset_stats(geoms, outline, shift_back=False)
        if off is not None:
            offsets.append(off)
            gcj = _offset_stats(geoms, outline, shift_back=True)
            gcj_offsets.append(gcj if gcj is not None else off)
    med = round(statistics.median(offsets), 1) if offsets else None
    med_gcj = round(statistics.median(gcj_offsets), 1) if gcj_offsets else None
    return {"districts": per, "median_offset_m": med, "median_offset_if_gcj02_m": med_gcj}


# ---------------------------------------------------------------- the whole import


def import_file(
    path: str | Path, level: str, datum: str = "auto", dry_run: bool = False, force: bool = False, actor=None
) -> dict:
    """Check, match and (unless dry_run, or a datum warning without force) store one boundary file, as `actor`
    (default: the local command-line operator; the store accepts admins only)."""
    path = Path(path)
    if level not in ("town", "district"):
        raise BoundaryImportError("imp_bad_level", level=level)
    wanted = parse_datum(datum)
    with tempfile.TemporaryDirectory() as tmp:
        gdf, fmt = read_any(path, Path(tmp))
        if wanted == "auto" and fmt == "GeoJSON" and not _geojson_declares_crs(path):
            wanted = datums.WGS84  # RFC 7946: GeoJSON without a crs member is WGS84
    gdf = gdf.reset_index(drop=True)
    if "geometry" not in gdf or len(gdf.columns) == 0:
        raise BoundaryImportError("imp_not_geo", source=path.name)
    warnings = _check_geometry(gdf, path.name)
    gdf, datum_used = to_wgs84(gdf, wanted, path.name)
    _check_extent(gdf, path.name)
    matched, unmatched = match(gdf, level, path.name)
    if not matched:
        raise BoundaryImportError("imp_no_match", source=path.name, level=level, level_zh=t(f"level_{level}", "zh"))
    q = quality(gdf, matched, level)
    med, med_gcj = q["median_offset_m"], q["median_offset_if_gcj02_m"]
    suspect = (
        datum_used != datums.GCJ02
        and med is not None
        and med_gcj is not None
        and GCJ_SIGNATURE_M[0] <= med <= GCJ_SIGNATURE_M[1]
        and med_gcj < med / 3
    )
    if suspect:
        warnings.append(_warning("imp_looks_gcj02", med=f"{med:.0f}", gcj=f"{med_gcj:.0f}"))
    cands = _candidates(level)
    districts_touched = {cands.loc[c, "parent_code"] if level == "town" else c for c in matched.values()}
    missing = sorted(
        c
        for c in cands.index
        if c not in matched.values() and (cands.loc[c, "parent_code"] if level == "town" else c) in districts_touched
    )
    report = {
        "file": path.name,
        "format": fmt,
        "level": level,
        "datum": datum_used,
        "features": len(gdf),
        "matched": [{"feature": i, "code": c, "name": cands.loc[c, "name"]} for i, c in sorted(matched.items())],
        "unmatched_features": [{"feature": i, "properties": _props(gdf, i)} for i in unmatched],
        "missing_units": [{"code": c, "name": cands.loc[c, "name"]} for c in missing],
        **q,
        "warnings": [w["text"] for w in warnings],
        "warning_keys": [[w["key"], w["params"]] for w in warnings],  # the same, for the app's languages
        "stored": False,
    }
    if dry_run or (suspect and not force):
        return report
    units = gpd.GeoDataFrame(
        {"code": list(matched.values()), "name": [cands.loc[c, "name"] for c in matched.values()]},
        geometry=[gdf.geometry.iloc[i] for i in matched],
        crs=4326,
    )
    report["import_id"] = store.save_import(
        actor or local_operator(),
        units,
        level,
        path.name,
        datum_used,
        {k: report[k] for k in ("matched", "median_offset_m", "warnings")},
    )
    report["stored"] = True
    return report


def _props(gdf: gpd.GeoDataFrame, i: int) -> dict:
    row = gdf.drop(columns="geometry").iloc[i]
    return {k: (v if isinstance(v, (str, int, float)) else str(v)) for k, v in row.items() if v == v}


def import_upload(
    name: str, data: bytes, level: str, datum: str = "auto", dry_run: bool = False, force: bool = False, actor=None
) -> dict:
    """import_file for bytes received by the app (the name's suffix says the format)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / Path(name).name
        path.write_bytes(data)
        return import_file(path, level, datum, dry_run, force, actor)
