"""Prepared geometry kept on disk (geo/disk_cache.py): the frame read back is the frame built (columns, index,
CRS, every geometry), a damaged file is made again, a new boundary store version (an import, a revert) keys a
new towns file and the old one goes, and a data dir that cannot be written only costs time."""

import geopandas as gpd
import pytest
import shapely

from data import gazetteer_data
from geo import areas, boundaries, disk_cache


def built_and_read(name, key, build):
    first = disk_cache.frame(name, key, build)
    return first, disk_cache.frame(name, key, lambda: pytest.fail("read from disk, not built again"))


def same(a: gpd.GeoDataFrame, b: gpd.GeoDataFrame) -> None:
    assert list(a.columns) == list(b.columns) and list(a.index) == list(b.index)
    assert a.index.name == b.index.name == "code" and b.crs == "EPSG:4326"
    assert a.drop(columns="geometry").equals(b.drop(columns="geometry"))
    assert all(shapely.equals_exact(x, y, tolerance=0) for x, y in zip(a.geometry, b.geometry))


def test_the_official_outlines_and_towns_come_back_as_they_were_built(isolated_store):
    official, again = built_and_read("official_units", boundaries.official_key(), boundaries._official_units)
    same(official, again)
    towns, again = built_and_read("towns", "k", areas._tessellated_towns)
    same(towns, again)
    assert len(towns) == len(gazetteer_data.towns())


def test_a_damaged_file_is_made_again(isolated_store):
    disk_cache.frame("official_units", "k", boundaries._official_units)
    (path,) = (isolated_store / "cache").glob("official_units-*.parquet")
    path.write_bytes(b"PAR1 not really")
    calls = []

    def build():
        calls.append(1)
        return boundaries._official_units()

    assert len(disk_cache.frame("official_units", "k", build)) == len(gazetteer_data.districts())
    assert calls == [1]


def test_a_new_key_replaces_the_old_file(isolated_store):
    disk_cache.frame("official_units", "old", boundaries._official_units)
    disk_cache.frame("official_units", "new", boundaries._official_units)
    assert len(list((isolated_store / "cache").glob("official_units-*.parquet"))) == 1


def test_a_data_dir_that_cannot_be_written_still_gives_the_frame(isolated_store, monkeypatch):
    monkeypatch.setattr(disk_cache, "_folder", lambda: isolated_store / "a-file" / "cache")
    isolated_store.mkdir(parents=True, exist_ok=True)
    (isolated_store / "a-file").write_text("not a folder")
    assert len(disk_cache.frame("towns", "k", areas._tessellated_towns)) == len(gazetteer_data.towns())


def test_a_new_boundary_store_version_makes_the_towns_again(isolated_store, monkeypatch):
    built = []
    monkeypatch.setattr(areas, "_tessellated_towns", lambda: built.append(1) or boundaries._official_units())
    areas._towns.cache_clear()
    areas._towns("store#1")
    areas._towns.cache_clear()
    areas._towns("store#1")  # a new process: read from disk
    areas._towns("store#2")  # after an import
    areas._towns.cache_clear()
    assert built == [1, 1]
    assert len(list((isolated_store / "cache").glob("towns-*.parquet"))) == 1
