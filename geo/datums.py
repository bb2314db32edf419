"""Datums: WGS84, CGCS2000, GCJ-02 (Chinese obfuscated "Mars" datum) and BD-09 (Baidu).

CGCS2000 (EPSG:4490) differs from WGS84 by centimetres at map scale, so PeakAtlas treats it as WGS84 for
display and joins; only GCJ-02 and BD-09 need converting. pyproj has no CRS for either: GCJ-02 uses the
published forward formula (Krasovsky ellipsoid offsets) and an iterative inverse; BD-09 is a further
rotation of GCJ-02.
"""

from __future__ import annotations

import math

import numpy as np
import shapely
from pyproj import CRS, Transformer

WGS84 = "wgs84"
CGCS2000 = "cgcs2000"
GCJ02 = "gcj02"
BD09 = "bd09"
DATUMS = (WGS84, CGCS2000, GCJ02, BD09)

_A = 6378245.0  # Krasovsky 1940 semi-major axis used by GCJ-02
_EE = 0.00669342162296594323  # its eccentricity squared
_X_PI = math.pi * 3000.0 / 180.0


def _delta(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """GCJ-02 offset (degrees) at WGS84 lon/lat."""
    x, y = lon - 105.0, lat - 35.0
    dlat = (
        -100.0
        + 2.0 * x
        + 3.0 * y
        + 0.2 * y * y
        + 0.1 * x * y
        + 0.2 * np.sqrt(np.abs(x))
        + (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
        + (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
        + (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    )
    dlon = (
        300.0
        + x
        + 2.0 * y
        + 0.1 * x * x
        + 0.1 * x * y
        + 0.1 * np.sqrt(np.abs(x))
        + (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
        + (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
        + (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    )
    rad = lat / 180.0 * np.pi
    magic = 1 - _EE * np.sin(rad) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * np.cos(rad) * np.pi)
    return dlon, dlat


def wgs84_to_gcj02(lon, lat):
    lon, lat = np.asarray(lon, float), np.asarray(lat, float)
    dlon, dlat = _delta(lon, lat)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon, lat, tol_deg: float = 1e-10, max_iter: int = 20):
    """Invert the forward formula by fixed-point iteration (converges to < 1 mm in a few steps)."""
    glon, glat = np.asarray(lon, float), np.asarray(lat, float)
    wlon, wlat = glon.copy(), glat.copy()
    for _ in range(max_iter):
        flon, flat = wgs84_to_gcj02(wlon, wlat)
        elon, elat = flon - glon, flat - glat
        wlon, wlat = wlon - elon, wlat - elat
        if np.all(np.abs(elon) < tol_deg) and np.all(np.abs(elat) < tol_deg):
            break
    return wlon, wlat


def gcj02_to_bd09(lon, lat):
    x, y = np.asarray(lon, float), np.asarray(lat, float)
    z = np.sqrt(x * x + y * y) + 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * _X_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def bd09_to_gcj02(lon, lat, iterations: int = 4):
    """The published closed-form inverse is off by up to ~10 cm; a few fixed-point steps remove that."""
    blon, blat = np.asarray(lon, float), np.asarray(lat, float)
    x, y = blon - 0.0065, blat - 0.006
    z = np.sqrt(x * x + y * y) - 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _X_PI)
    glon, glat = z * np.cos(theta), z * np.sin(theta)
    for _ in range(iterations):
        flon, flat = gcj02_to_bd09(glon, glat)
        glon, glat = glon - (flon - blon), glat - (flat - blat)
    return glon, glat


def to_wgs84(lon, lat, datum: str):
    if datum in (WGS84, CGCS2000):
        return np.asarray(lon, float), np.asarray(lat, float)
    if datum == GCJ02:
        return gcj02_to_wgs84(lon, lat)
    if datum == BD09:
        return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))
    raise ValueError(f"unknown datum {datum!r}; expected one of {', '.join(DATUMS)}")


def from_wgs84(lon, lat, datum: str):
    if datum in (WGS84, CGCS2000):
        return np.asarray(lon, float), np.asarray(lat, float)
    if datum == GCJ02:
        return wgs84_to_gcj02(lon, lat)
    if datum == BD09:
        return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))
    raise ValueError(f"unknown datum {datum!r}; expected one of {', '.join(DATUMS)}")


def _apply(geoms, fn):
    def tx(coords: np.ndarray) -> np.ndarray:
        x, y = fn(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geoms, tx)


def geoms_to_wgs84(geoms, datum: str):
    """Shapely geometries (array or single) from a datum to WGS84."""
    return _apply(geoms, lambda x, y: to_wgs84(x, y, datum))


def geoms_from_wgs84(geoms, datum: str):
    return _apply(geoms, lambda x, y: from_wgs84(x, y, datum))


def utm_crs(lon: float, lat: float) -> CRS:
    """The UTM zone CRS (WGS84) for a point: metres for areas and lengths."""
    zone = int((lon + 180) // 6) + 1
    return CRS.from_epsg((32600 if lat >= 0 else 32700) + zone)


def to_metric(geoms, crs: CRS | None = None):
    """Project WGS84 shapely geometries to metres (UTM zone of their centre unless crs is given)."""
    arr = np.atleast_1d(np.asarray(geoms, dtype=object))
    if crs is None:
        c = shapely.union_all(shapely.envelope(arr)).centroid
        crs = utm_crs(c.x, c.y)
    t = Transformer.from_crs(4326, crs, always_xy=True)
    return shapely.transform(arr, lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1])))
