"""Display preparation: simplify a coverage (towns of a district, districts of a city) so that shared
edges stay shared, then snap coordinates to a grid so the GeoJSON carries fewer digits."""

from __future__ import annotations

import numpy as np
import shapely

# ~0.0005° ≈ 50 m in Shanghai: invisible at district zoom, halves or better the vertices.
DEFAULT_TOLERANCE = 0.0005
# 5 decimals ≈ 1 m.
DEFAULT_GRID = 1e-5


def simplify_coverage(geoms, tolerance: float = DEFAULT_TOLERANCE, grid: float = DEFAULT_GRID) -> np.ndarray:
    """Simplify polygons that form a coverage (edge-matched, non-overlapping) without opening gaps.

    shapely.coverage_simplify works on the shared edges once, so neighbours stay edge-matched; the grid
    snap then rounds both sides of a shared edge to the same coordinates."""
    arr = np.asarray(list(geoms), dtype=object)
    simplified = shapely.coverage_simplify(arr, tolerance, simplify_boundary=True)
    snapped = shapely.set_precision(simplified, grid, mode="valid_output")
    return np.array([shapely.make_valid(g) if not g.is_valid else g for g in snapped], dtype=object)


def vertex_count(geoms) -> int:
    return int(shapely.get_num_coordinates(np.asarray(list(geoms), dtype=object)).sum())
