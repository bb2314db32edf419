"""Checks of an imported file's geometry: finite coordinates, polygons only, a bounded vertex count, Z/M dropped,
invalid polygons repaired only when the repair keeps the area, inside China — and, once features are matched to
units, whether each unit lands where its official district is and has a plausible size.

The placement checks give *held* warnings: the report is shown and nothing is stored unless the importer forces
it (like the GCJ-02 check), because a wrong .prj zone, a shifted export or a box drawn over the map all look
like valid polygons with the right codes."""

from __future__ import annotations

import numpy as np
import shapely

from data import gazetteer_data, settings
from geo import boundaries, datums
from geo.datums import to_metric
from geo.import_errors import BoundaryImportError, warning

CHINA_BBOX = (73.0, 3.0, 136.0, 54.0)
OUTSIDE_KM = 3.0  # a unit reaching further than this outside its official district is held
TINY_KM2 = {"town": 0.05, "district": 1.0}  # smaller than any real unit of the level
DISTRICT_TIMES = 1.5  # a district import covering more than this multiple of the official outline is held
TOWN_SHARE = 0.5  # a town covering more than this share of a district of 4 or more towns is held


def max_vertices() -> int:
    return int(settings.get("PEAKATLAS_MAX_IMPORT_VERTICES"))


def check_geometry(gdf, source: str) -> list[dict]:
    """Polygons only, finite, bounded, 2D and valid (repairing when the repair keeps the area). Returns warnings;
    the frame's geometry is replaced by its repaired 2D form."""
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    if len(geoms) == 0:
        raise BoundaryImportError("imp_no_features", source=source)
    missing = np.flatnonzero(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if len(missing):
        raise BoundaryImportError("imp_no_geometry", source=source, i=int(missing[0]))
    kinds = shapely.get_type_id(geoms)
    bad = np.flatnonzero(~np.isin(kinds, (3, 6)))  # Polygon, MultiPolygon
    if len(bad):
        raise BoundaryImportError("imp_not_polygon", source=source, i=int(bad[0]), kind=geoms[bad[0]].geom_type)
    n = int(shapely.get_num_coordinates(geoms).sum())
    if n > max_vertices():
        raise BoundaryImportError("imp_too_many_vertices", source=source, n=f"{n:,}", limit=f"{max_vertices():,}")
    coords, index = shapely.get_coordinates(geoms, include_z=True, return_index=True)
    finite = np.isfinite(coords[:, :2]).all(axis=1)
    if not finite.all():
        raise BoundaryImportError("imp_bad_coordinates", source=source, i=int(index[np.argmin(finite)]))
    warnings = []
    has_z = shapely.has_z(geoms) | _has_m(geoms)
    if has_z.any():
        geoms = shapely.force_2d(geoms)
        warnings.append(warning("imp_dropped_z", n=int(has_z.sum())))
    fixed, repairs = _repaired(geoms, source)
    gdf["geometry"] = list(fixed)
    return warnings + repairs


def _has_m(geoms) -> np.ndarray:
    return shapely.has_m(geoms) if hasattr(shapely, "has_m") else np.zeros(len(geoms), dtype=bool)


def _repaired(geoms, source: str) -> tuple[np.ndarray, list[dict]]:
    geoms = geoms.copy()
    warnings = []
    for i in np.flatnonzero(~shapely.is_valid(geoms)):
        g = geoms[i]
        reason = shapely.is_valid_reason(g)
        made = shapely.make_valid(g, method="structure", keep_collapsed=False)
        fixed = shapely.union_all([p for p in getattr(made, "geoms", [made]) if p.geom_type.endswith("Polygon")])
        ref = shapely.buffer(g, 0)
        if fixed.is_empty or ref.area <= 0 or abs(fixed.area - ref.area) > 0.01 * ref.area:
            raise BoundaryImportError("imp_unrepairable", source=source, i=int(i), reason=reason)
        geoms[i] = fixed
        warnings.append(warning("imp_repaired", i=int(i), reason=reason))
    return geoms, warnings


def check_extent(gdf, source: str) -> None:
    minx, miny, maxx, maxy = gdf.total_bounds
    x0, y0, x1, y1 = CHINA_BBOX
    if not np.isfinite([minx, miny, maxx, maxy]).all() or not (x0 <= minx and maxx <= x1 and y0 <= miny and maxy <= y1):
        raise BoundaryImportError(
            "imp_outside_china", source=source, box=f"({minx:.4g}, {miny:.4g}) – ({maxx:.4g}, {maxy:.4g})"
        )


# ---------------------------------------------------------------- placement against the official districts


def _district_of(code: str, level: str) -> str:
    return gazetteer_data.towns().loc[code, "parent_code"] if level == "town" else code


def placement(gdf, matched: dict[int, str], level: str, names: dict[str, str]) -> list[dict]:
    """Held warnings for units outside their official district, far too big, or too small to be a unit."""
    official = boundaries.official_units()
    towns_per_district = gazetteer_data.towns()["parent_code"].value_counts()
    outside, too_big, tiny = [], [], []
    for i, code in matched.items():
        district = _district_of(code, level)
        outline = official.loc[district, "geometry"]
        crs = datums.utm_crs(outline.centroid.x, outline.centroid.y)
        unit, o = to_metric([gdf.geometry.iloc[i], outline], crs)
        label = f"{names[code]} ({code})"
        reach = float(shapely.distance(shapely.points(shapely.get_coordinates(unit)), o).max()) / 1000
        if (level == "district" and unit.area > DISTRICT_TIMES * o.area) or (
            level == "town" and towns_per_district.get(district, 0) >= 4 and unit.area > TOWN_SHARE * o.area
        ):
            too_big.append((label, unit.area / o.area))
        elif reach > OUTSIDE_KM:
            outside.append((label, reach))
        elif unit.area / 1e6 < TINY_KM2[level]:
            tiny.append((label, unit.area / 1e6))
    out = []
    if outside:
        out.append(
            warning("imp_outside_district", n=len(outside), units=_some(outside, "{:,.0f} km"), km=f"{OUTSIDE_KM:g}")
        )
    if too_big:
        out.append(warning("imp_covers_far_more", n=len(too_big), units=_some(too_big, "{:.0%}")))
    if tiny:
        out.append(warning("imp_tiny_unit", n=len(tiny), units=_some(tiny, "{:.2g} km²"), km2=f"{TINY_KM2[level]:g}"))
    return out


def _some(items: list[tuple[str, float]], fmt: str, k: int = 3) -> str:
    shown = ", ".join(f"{label} {fmt.format(v)}" for label, v in items[:k])
    return shown + (f" … (+{len(items) - k})" if len(items) > k else "")
