"""Joins between measures and areas: where a measure is drawn, and which area holds a point or polygon."""

from __future__ import annotations

import functools

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from data import gazetteer_data
from geo import areas
from geo.datums import to_metric


@functools.cache
def _city_points() -> dict[str, shapely.Point]:
    units = areas.units(include_cities=True)
    return {c: g.representative_point() for c, g in zip(units.index, units.geometry)}


def anchor_point(area_code: str) -> shapely.Point | None:
    """The point that stands for an area: a town's seat, else a district's or city's representative point. A town
    without a seat here (a plan ingested for a district whose towns are not drawn) stands at its district's point;
    an area outside the drawn districts has none."""
    towns = gazetteer_data.towns()
    if area_code in towns.index:
        t = towns.loc[area_code]
        return shapely.Point(t["seat_lon"], t["seat_lat"])
    points = _city_points()
    return points.get(area_code, points.get(area_code[:6]))


def measure_points(measures: pd.DataFrame) -> gpd.GeoDataFrame:
    """Measures with a WGS84 point each (those with none are left out): the site itself when known, else the
    anchor of its area. Column `position` says which (site|town|district), mirroring location_precision."""
    geoms = [
        shapely.Point(r.lon, r.lat) if r.location_precision == "site" else anchor_point(r.area_code)
        for r in measures.itertuples()
    ]
    placed = [g is not None for g in geoms]
    out = gpd.GeoDataFrame(measures[placed].copy(), geometry=[g for g in geoms if g is not None], crs=4326)
    out["position"] = out["location_precision"].to_numpy()
    return out


def containing_area(geoms, level: str, within: str | None = None) -> list[str | None]:
    """For each geometry, the code of the area (district or town) that holds it: for a point the area it
    falls in, for a line or polygon the area with the largest share of it. None when outside all areas."""
    cand = areas.areas(level, within)
    arr = np.asarray(list(geoms), dtype=object)
    tree = shapely.STRtree(np.asarray(cand.geometry.values, dtype=object))
    codes = list(cand.index)
    out: list[str | None] = []
    for g in arr:
        hits = tree.query(g, predicate="intersects")
        if len(hits) == 0:
            out.append(None)
        elif len(hits) == 1 or g.geom_type == "Point":
            out.append(codes[hits[0]])
        else:
            parts = [shapely.intersection(g, cand.geometry.iloc[i]) for i in hits]
            size = [p.area if g.area > 0 else p.length for p in to_metric(parts)]
            out.append(codes[hits[int(np.argmax(size))]])
    return out
