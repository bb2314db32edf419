"""The areas PeakAtlas draws: official districts and township units, schematic unless imported.

Imported geometry (geo/store.py) replaces a unit's default geometry; when only some towns of a district are
imported, the rest of the district is tessellated again among the remaining town seats, so the towns
still cover the district without gaps or overlaps (as far as the imported shapes allow)."""

from __future__ import annotations

import functools

import geopandas as gpd
import pandas as pd
import shapely

from data import gazetteer_data
from geo import boundaries, disk_cache, store
from geo.boundaries import IMPORTED, SCHEMATIC
from geo.tessellation import voronoi_cover

COLUMNS = ["code", "name", "name_en", "level", "parent_code", "kind", "boundary_quality", "source", "geometry"]
SCHEMATIC_SOURCE = "schematic: Voronoi tessellation of the district from approximate town seats (示意边界)"


def _imported(level: str) -> gpd.GeoDataFrame:
    gdf = store.load()
    gdf = gdf[gdf["level"] == level].set_index("code", drop=False)
    return gdf


def _import_source(row) -> str:
    return f"imported from {row['source_file']} ({row['datum']}) on {row['imported_at'][:10]}"


@functools.lru_cache(maxsize=4)  # one per boundary store version: old ones go
def _districts(store_version: str) -> gpd.GeoDataFrame:
    gdf = boundaries.official_units().copy()
    gdf["kind"] = gdf["level"]
    for code, row in _imported("district").iterrows():
        if code in gdf.index:
            gdf.loc[code, "geometry"] = row.geometry
            gdf.loc[code, "boundary_quality"] = IMPORTED
            gdf.loc[code, "source"] = _import_source(row)
    return gdf[COLUMNS]


def units(include_cities: bool = False) -> gpd.GeoDataFrame:
    """Cities (optionally) and districts in WGS84, indexed by 6-digit code."""
    gdf = _districts(store.version())
    return gdf if include_cities else gdf[gdf["level"] == "district"]


def _district_towns(code: str, district_geom, imported: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    gaz = gazetteer_data.towns()
    gaz = gaz[gaz["parent_code"] == code]
    done = imported[imported["code"].isin(gaz.index)]
    rest = gaz[~gaz.index.isin(done.index)]
    rows = []
    for c, r in done.iterrows():
        rows.append({"code": c, "geometry": r.geometry, "boundary_quality": IMPORTED, "source": _import_source(r)})
    if len(rest):
        region = district_geom
        if len(done):
            region = shapely.difference(district_geom, shapely.union_all(list(done.geometry)))
        seats = [shapely.Point(x, y) for x, y in zip(rest["seat_lon"], rest["seat_lat"])]
        for c, cell in zip(rest.index, voronoi_cover(region, seats)):
            rows.append({"code": c, "geometry": cell, "boundary_quality": SCHEMATIC, "source": SCHEMATIC_SOURCE})
    out = pd.DataFrame(rows).set_index("code", drop=False)
    out = out.join(gaz[["name", "name_en", "kind", "parent_code"]])
    out["level"] = "town"
    return gpd.GeoDataFrame(out, geometry="geometry", crs=4326).loc[list(gaz.index)]


@functools.lru_cache(maxsize=4)
def _towns(store_version: str) -> gpd.GeoDataFrame:
    """Kept on disk per boundary store version, official outlines and towns' gazetteer (geo/disk_cache.py)."""
    key = f"{store_version}|{boundaries.official_key()}|{disk_cache.file_key(gazetteer_data.TOWNS_FILE)}"
    return disk_cache.frame("towns", key, _tessellated_towns)


def _tessellated_towns() -> gpd.GeoDataFrame:
    districts = units()
    imported = _imported("town")
    parents = gazetteer_data.towns()["parent_code"].unique()
    parts = [_district_towns(c, districts.loc[c, "geometry"], imported) for c in parents]
    return gpd.GeoDataFrame(pd.concat(parts), crs=4326)[COLUMNS]


def towns(within: str | None = None) -> gpd.GeoDataFrame:
    """Township units in WGS84, indexed by 9-digit code; within = a district or city code."""
    gdf = _towns(store.version())
    if within:
        gdf = gdf[gdf["parent_code"].isin(descendant_districts(within))]
    return gdf


def descendant_districts(code: str) -> list[str]:
    """The district codes at or below a city/district code."""
    table = gazetteer_data.districts()
    if code in table.index and table.loc[code, "level"] == "city":
        return list(table[table["parent_code"] == code]["code"])
    return [code]


def areas(level: str, within: str | None = None) -> gpd.GeoDataFrame:
    if level == "town":
        return towns(within)
    if level == "district":
        gdf = units()
        return gdf[gdf["code"].isin(descendant_districts(within))] if within else gdf
    raise ValueError(f"unknown level {level!r}: expected district or town")


def areas_km2(codes: list[str]) -> dict[str, float]:
    """Area in km² of each town or district (projected, see geo.datums.to_metric)."""
    from geo.datums import to_metric

    towns_, districts_ = towns(), units()
    geoms = [towns_.loc[c, "geometry"] if c in towns_.index else districts_.loc[c, "geometry"] for c in codes]
    return {c: g.area / 1e6 for c, g in zip(codes, to_metric(geoms))}
