"""Areas as GeoJSON, in WGS84 or shifted to GCJ-02 (to line up with a GCJ-02 basemap)."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np

from geo import areas, datums
from geo.simplify import simplify_coverage

PROPERTIES = ["code", "name", "name_en", "level", "parent_code", "kind", "boundary_quality", "source"]


def prepared(
    level: str, within: str | None = None, datum: str = datums.WGS84, simplified: bool = True
) -> gpd.GeoDataFrame:
    gdf = areas.areas(level, within).copy()
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    if simplified:
        # simplify each district's towns as one coverage (districts as one coverage per city)
        groups = gdf["parent_code"].to_numpy()
        for g in np.unique(groups):
            idx = np.flatnonzero(groups == g)
            geoms[idx] = simplify_coverage(geoms[idx])
    if datum != datums.WGS84:
        geoms = datums.geoms_from_wgs84(geoms, datum)
    return gpd.GeoDataFrame(gdf.drop(columns="geometry"), geometry=list(geoms), crs=4326)


def feature_collection(
    level: str, within: str | None = None, datum: str = datums.WGS84, simplified: bool = False
) -> dict:
    gdf = prepared(level, within, datum, simplified)
    return json.loads(gdf[PROPERTIES + ["geometry"]].to_json(drop_id=True, ensure_ascii=False))
