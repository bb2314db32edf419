import numpy as np
import pytest
import shapely

from geo import datums
from geo.datums import to_metric

# Points across the plans' jurisdictions: 松江, 嘉定, 雨花 (长沙), 嘉兴, 崇明
LON = np.array([121.2277, 121.2650, 113.0350, 120.7550, 121.3970])
LAT = np.array([31.0322, 31.3750, 28.1350, 30.7460, 31.6230])


def metres(lon1, lat1, lon2, lat2):
    a = to_metric(shapely.points(np.column_stack([lon1, lat1])), datums.utm_crs(121, 31))
    b = to_metric(shapely.points(np.column_stack([lon2, lat2])), datums.utm_crs(121, 31))
    return shapely.distance(a, b)


def test_gcj02_round_trip_below_one_centimetre():
    glon, glat = datums.wgs84_to_gcj02(LON, LAT)
    wlon, wlat = datums.gcj02_to_wgs84(glon, glat)
    assert metres(LON, LAT, wlon, wlat).max() < 0.01


def test_gcj02_offset_around_shanghai_is_the_known_few_hundred_metres():
    glon, glat = datums.wgs84_to_gcj02(LON[:2], LAT[:2])
    # GCJ-02 lies east and south of WGS84 here: ~ +430 m in x, ~ -220 m in y (NOTES.md)
    dx = (glon - LON[:2]) * 111320 * np.cos(np.radians(LAT[:2]))
    dy = (glat - LAT[:2]) * 110540
    assert np.all((dx > 380) & (dx < 480)), dx
    assert np.all((dy > -280) & (dy < -180)), dy


def test_bd09_round_trip_below_one_centimetre():
    blon, blat = datums.from_wgs84(LON, LAT, datums.BD09)
    wlon, wlat = datums.to_wgs84(blon, blat, datums.BD09)
    assert metres(LON, LAT, wlon, wlat).max() < 0.01
    assert metres(LON, LAT, blon, blat).min() > 500  # BD-09 is further off than GCJ-02


def test_cgcs2000_is_treated_as_wgs84():
    lon, lat = datums.to_wgs84(LON, LAT, datums.CGCS2000)
    assert np.array_equal(lon, LON) and np.array_equal(lat, LAT)


def test_geometry_transform_keeps_shape():
    poly = shapely.box(121.2, 31.0, 121.3, 31.1)
    back = datums.geoms_to_wgs84(datums.geoms_from_wgs84(poly, datums.GCJ02), datums.GCJ02)
    assert shapely.hausdorff_distance(poly, back) < 1e-8


def test_unknown_datum_is_refused():
    with pytest.raises(ValueError, match="unknown datum"):
        datums.to_wgs84(LON, LAT, "mars")
