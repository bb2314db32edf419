"""Importing official boundaries (GeoJSON, zipped Shapefile, GeoPackage) in any datum.

Every check runs before anything is stored; a problem raises BoundaryImportError with one clear line.
The report says what matched, what did not, how the geometry sits against the official district outlines,
and warns when the data looks like GCJ-02 labelled as WGS84 (a systematic 400–500 m shift)."""

from __future__ import annotations

import re
import statistics
import tempfile
import unicodedata
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS

from data import gazetteer_data
from data.i18n import t
from data.reporting.auth import local_operator
from geo import areas, boundaries, datums, store
from geo.datums import to_metric
from geo.import_checks import check_extent, check_geometry, placement
from geo.import_errors import BoundaryImportError, warning
from geo.import_read import geojson_crs, read_any
from geo.names import name_key

GCJ_SIGNATURE_M = (250.0, 900.0)  # median offset band that GCJ-02 mislabelled as WGS84 produces
UNMATCHED_LISTED = 100  # the report lists this many unmatched features' attributes (and counts them all)
HELD = ("imp_looks_gcj02", "imp_outside_district", "imp_covers_far_more", "imp_tiny_unit")  # stored only if forced


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


# ---------------------------------------------------------------- matching

_CODE = re.compile(r"^\d{6}(\d{3}(\d{3})?)?$")


def _candidates(level: str) -> gpd.GeoDataFrame:
    return areas.areas(level)


def _digits(value) -> str:
    """A code cell as text: full-width digits and surrounding spaces normalised, a float's ".0" dropped."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return ""
    if isinstance(value, float):
        value = int(value) if value.is_integer() else value
    s = unicodedata.normalize("NFKC", str(value)).strip()
    return s[:-2] if s.endswith(".0") else s


def _code_of(value, level: str) -> str | None:
    """The unit code a cell names at this level: 9 digits (or 12 ending 000) for a town, 6 (or 9/12 ending in
    zeros) for a district; None for anything else, codes of another level included."""
    s = _digits(value)
    if not _CODE.match(s):
        return None
    if level == "town":
        return s[:9] if len(s) == 9 or (len(s) == 12 and s.endswith("000")) else None
    return s[:6] if len(s) == 6 or s[6:] in ("000", "000000") else None


def _code_column(gdf: gpd.GeoDataFrame, attrs: list[str], level: str, codes: set[str], source: str):
    """The column whose cells name most units of this level, as {feature: code}. A file whose codes are all of
    another level (district codes in a town import, village codes…) is refused: matching it by names alone
    would store units of the wrong level."""
    best: dict[int, str] = {}
    wrong = None
    for col in attrs:
        cells = gdf[col].tolist()
        found = {i: c for i, c in enumerate(_code_of(v, level) for v in cells) if c in codes}
        if len(found) > len(best):
            best = found
        if wrong is None:
            odd = [v for v in cells if _CODE.match(_digits(v)) and _code_of(v, level) is None]
            wrong = (col, _digits(odd[0])) if odd and len(odd) * 2 >= len(cells) else None
    if not best and wrong is not None:
        raise BoundaryImportError(
            "imp_wrong_level_codes", source=source, column=str(wrong[0])[:40], example=wrong[1], level=level
        )
    return best


def _by_name(gdf: gpd.GeoDataFrame, attrs: list[str], cands: gpd.GeoDataFrame) -> dict[int, str]:
    """{feature: code} from the column whose names match most units (same name in two districts: the one
    holding the feature)."""
    keys: dict[str, list[str]] = {}
    for code, name in zip(cands.index, cands["name"]):
        keys.setdefault(name_key(name), []).append(code)
    columns = {c: gdf[c].tolist() for c in attrs}
    columns = {c: v for c, v in columns.items() if any(isinstance(x, str) for x in v)}
    if not columns:
        return {}
    col = max(columns, key=lambda c: sum(isinstance(v, str) and name_key(v) in keys for v in columns[c]))
    out = {}
    for i, v in enumerate(columns[col]):
        hits = keys.get(name_key(v), []) if isinstance(v, str) else []
        if len(hits) > 1:
            point = gdf.geometry.iloc[i].representative_point()
            hits = [h for h in hits if cands.loc[h, "geometry"].buffer(0.01).contains(point)] or hits[:0]
        if len(hits) == 1:
            out[i] = hits[0]
    return out


def match(gdf: gpd.GeoDataFrame, level: str, source: str) -> tuple[dict[int, str], list[int]]:
    """Feature index → unit code; by a code column first, else by a name column."""
    cands = _candidates(level)
    attrs = [c for c in gdf.columns if c != "geometry"]
    result = _by_name(gdf, attrs, cands) | _code_column(gdf, attrs, level, set(cands.index), source)
    seen: dict[str, int] = {}
    for i, code in sorted(result.items()):
        if code in seen:
            raise BoundaryImportError("imp_duplicate_unit", source=source, a=seen[code], b=i, code=code)
        seen[code] = i
    unmatched = [i for i in range(len(gdf)) if i not in result]
    return dict(sorted(result.items())), unmatched


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
    path: str | Path,
    level: str,
    datum: str = "auto",
    dry_run: bool = False,
    force: bool = False,
    actor=None,
    name: str | None = None,
) -> dict:
    """Check, match and (unless dry_run, or a held warning without force) store one boundary file, as `actor`
    (default: the local command-line operator; the store accepts admins only). `name`: the file's name for
    messages and provenance when it was saved under another (an upload)."""
    path = Path(path)
    try:
        return _import(path, level, datum, dry_run, force, actor, name or path.name)
    except BoundaryImportError as e:
        if name is None or e.params.get("source") != path.name:
            raise
        raise BoundaryImportError(e.key, **(e.params | {"source": name})) from None


def _import(path: Path, level: str, datum: str, dry_run: bool, force: bool, actor, source: str) -> dict:
    if level not in ("town", "district"):
        raise BoundaryImportError("imp_bad_level", level=level)
    wanted = parse_datum(datum)
    try:
        gdf, fmt, warnings, datum_used = _read_checked(path, wanted)
        matched, unmatched = match(gdf, level, source)
        if not matched:
            raise BoundaryImportError("imp_no_match", source=source, level=level, level_zh=t(f"level_{level}", "zh"))
        cands = _candidates(level)
        names = {c: cands.loc[c, "name"] for c in matched.values()}
        q = quality(gdf, matched, level)
        warnings += _gcj_warning(q, datum_used) + placement(gdf, matched, level, names)
    except shapely.errors.GEOSException as e:  # geometry GEOS cannot compute with, whatever the check
        raise BoundaryImportError("imp_bad_geometry", source=source, error=str(e).splitlines()[0]) from None
    report = {
        "file": source,
        "format": fmt,
        "level": level,
        "datum": datum_used,
        "features": len(gdf),
        "matched": [{"feature": i, "code": c, "name": names[c]} for i, c in matched.items()],
        "unmatched_total": len(unmatched),
        "unmatched_features": _unmatched(gdf, unmatched[:UNMATCHED_LISTED]),
        "missing_units": _missing(cands, matched, level),
        **q,
        "warnings": [w["text"] for w in warnings],
        "warning_keys": [[w["key"], w["params"]] for w in warnings],  # the same, for the app's languages
        "held": [w["key"] for w in warnings if w["key"] in HELD],
        "stored": False,
    }
    if dry_run or (report["held"] and not force):
        return report
    units = gpd.GeoDataFrame(
        {"code": list(names), "name": list(names.values())}, geometry=[gdf.geometry.iloc[i] for i in matched], crs=4326
    )
    saved = {k: report[k] for k in ("matched", "median_offset_m", "warnings")}
    report["import_id"] = store.save_import(actor or local_operator(), units, level, source, report["datum"], saved)
    report["stored"] = True
    return report


def _read_checked(path: Path, wanted: str | CRS) -> tuple[gpd.GeoDataFrame, str, list[dict], str]:
    """Read, check and bring to WGS84 lon/lat: (frame, format, warnings, the datum used)."""
    with tempfile.TemporaryDirectory() as tmp:
        gdf, fmt, warnings = read_any(path, Path(tmp))
    if wanted == "auto" and fmt == "GeoJSON" and geojson_crs(path) is None:
        wanted = datums.WGS84  # RFC 7946: GeoJSON without a crs member is WGS84
    gdf = gdf.reset_index(drop=True)
    if "geometry" not in gdf or len(gdf.columns) == 0:
        raise BoundaryImportError("imp_not_geo", source=path.name)
    warnings += check_geometry(gdf, path.name)
    gdf, datum_used = to_wgs84(gdf, wanted, path.name)
    check_extent(gdf, path.name)
    return gdf, fmt, warnings, datum_used


def _gcj_warning(q: dict, datum_used: str) -> list[dict]:
    """GCJ-02 mislabelled as WGS84: a systematic offset in the GCJ band that mostly vanishes read as GCJ-02."""
    med, med_gcj = q["median_offset_m"], q["median_offset_if_gcj02_m"]
    if datum_used == datums.GCJ02 or med is None or med_gcj is None:
        return []
    if GCJ_SIGNATURE_M[0] <= med <= GCJ_SIGNATURE_M[1] and med_gcj < med / 3:
        return [warning("imp_looks_gcj02", med=f"{med:.0f}", gcj=f"{med_gcj:.0f}")]
    return []


def _missing(cands: gpd.GeoDataFrame, matched: dict[int, str], level: str) -> list[dict]:
    """Units of the touched districts that the file does not hold."""
    got = set(matched.values())
    parent = cands["parent_code"] if level == "town" else cands.index.to_series()
    touched = set(parent[list(got)])
    wanted = sorted(parent.index[parent.isin(touched)])
    return [{"code": c, "name": cands.loc[c, "name"]} for c in wanted if c not in got]


def _plain(v):
    """An attribute value as the report shows it: text (cut at 200 characters) or a finite number."""
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return float(v) if np.isfinite(v) else None
    return None if v is None else str(v)[:200]


def _unmatched(gdf: gpd.GeoDataFrame, rows: list[int]) -> list[dict]:
    """Attributes of some unmatched features, read once (not one table copy per feature)."""
    records = gdf.drop(columns="geometry").iloc[rows].to_dict("records")
    return [
        {"feature": i, "properties": {str(k): p for k, v in r.items() if (p := _plain(v)) is not None}}
        for i, r in zip(rows, records)
    ]


def import_upload(
    name: str, data: bytes, level: str, datum: str = "auto", dry_run: bool = False, force: bool = False, actor=None
) -> dict:
    """import_file for bytes received by the app (the name's suffix says the format). The bytes are saved under
    a plain name: GDAL reads characters such as "!" in a path as syntax."""
    suffix = re.sub(r"[^a-z0-9.]", "", Path(name).suffix.lower())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        return import_file(path, level, datum, dry_run, force, actor, name=Path(name).name)
