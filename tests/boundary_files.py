"""Generated boundary files for the import tests, made from the gazetteer's schematic towns of 松江区
(whose outer edges follow the official district outline)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely

from geo import areas, datums

DISTRICT = "310117"


def songjiang_towns() -> gpd.GeoDataFrame:
    t = areas.towns(DISTRICT)
    return gpd.GeoDataFrame({"XZQDM": list(t["code"]), "XZQMC": list(t["name"])}, geometry=list(t.geometry), crs=4326)


def shifted(gdf: gpd.GeoDataFrame, datum: str) -> gpd.GeoDataFrame:
    geoms = datums.geoms_from_wgs84(np.asarray(gdf.geometry.values, dtype=object), datum)
    return gpd.GeoDataFrame(gdf.drop(columns="geometry"), geometry=list(geoms), crs=None)


def write_geojson(gdf: gpd.GeoDataFrame, path: Path, declare_crs: str | None = None) -> Path:
    fc = json.loads(gdf.to_json(drop_id=True, ensure_ascii=False))
    if declare_crs:
        fc["crs"] = {"type": "name", "properties": {"name": declare_crs}}
    path.write_text(json.dumps(fc, ensure_ascii=False), encoding="utf-8")
    return path


def write_shapefile_zip(
    gdf: gpd.GeoDataFrame, path: Path, encoding: str = "UTF-8", keep_cpg: bool = True, keep_prj: bool = True, crs=4326
) -> Path:
    folder = path.parent / (path.stem + "_shp")
    folder.mkdir()
    shp = folder / "towns.shp"
    frame = gdf.set_crs(crs, allow_override=True) if crs is not None else gdf
    pyogrio.write_dataframe(frame, shp, encoding=encoding)
    with zipfile.ZipFile(path, "w") as z:
        for p in folder.iterdir():
            if (p.suffix == ".cpg" and not keep_cpg) or (p.suffix == ".prj" and not keep_prj):
                continue
            z.write(p, p.name)
    return path


def write_gpkg(gdf: gpd.GeoDataFrame, path: Path, epsg: int) -> Path:
    pyogrio.write_dataframe(gdf.to_crs(epsg), path, driver="GPKG")
    return path


def bowtie_near(lon: float, lat: float, size: float = 0.01) -> shapely.Polygon:
    return shapely.Polygon([(lon, lat), (lon + size, lat + size), (lon + size, lat), (lon, lat + size)])
