"""Schematic town shapes: a Voronoi tessellation of a district from its town-seat points, clipped to the
official district outline. It covers the district exactly (no gaps, no overlaps) but its inner edges are
not real boundaries — every feature says so (boundary_quality="schematic")."""

from __future__ import annotations

import shapely
from shapely.geometry.base import BaseGeometry


def voronoi_cover(region: BaseGeometry, points: list[BaseGeometry]) -> list[BaseGeometry]:
    """Split region into one cell per point (cell i = the part of region nearer to point i than to any
    other). Cells are returned in the order of points; a point outside region still gets its nearest part."""
    if len(points) == 1:
        return [region]
    seeds = shapely.MultiPoint([(p.x, p.y) for p in points])
    minx, miny, maxx, maxy = region.bounds
    pad = max(maxx - minx, maxy - miny)
    frame = shapely.box(minx - pad, miny - pad, maxx + pad, maxy + pad)
    cells = list(shapely.voronoi_polygons(seeds, extend_to=frame).geoms)
    # voronoi_polygons does not keep input order: match each cell to the seed it contains
    tree = shapely.STRtree(cells)
    ordered = []
    for p in points:
        hits = list(tree.query(p, predicate="intersects"))
        if not hits:
            raise ValueError(f"no Voronoi cell contains seed {p.wkt}")
        ordered.append(cells[hits[0]])
    out = [shapely.make_valid(shapely.intersection(c, region)) for c in ordered]
    return [_polygonal(g) for g in out]


def _polygonal(g: BaseGeometry) -> BaseGeometry:
    """Keep only the areal parts of an intersection result (drop stray lines and points)."""
    if g.geom_type in ("Polygon", "MultiPolygon"):
        return g
    parts = [p for p in getattr(g, "geoms", [g]) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def coverage_errors(region: BaseGeometry, cells: list[BaseGeometry], metric) -> tuple[float, float]:
    """(gap share, overlap share) of region's area, computed in metres by the metric projection fn."""
    region_m = metric([region])[0]
    cells_m = list(metric(cells))
    union = shapely.union_all(cells_m)
    gap = shapely.difference(region_m, union).area
    overlap = sum(c.area for c in cells_m) - union.area
    return gap / region_m.area, max(overlap, 0.0) / region_m.area
