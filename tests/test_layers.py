"""Map layers: escaping, offline assets, datum shift for GCJ-02 basemaps, legend and families."""

import re

import shapely

from data import plan_data, vocab
from layers import families
from layers.html_safe import esc
from layers.map_builder import MapSpec, area_frame, build_map
from layers.popups import measure_group_popup, measure_item

EVIL = "<img src=x onerror=alert(1)>`${alert(2)}`\\"


def test_esc_is_safe_in_html_and_js_template_literals():
    out = esc(EVIL)
    assert "<" not in out and ">" not in out and "`" not in out and "$" not in out and "\\" not in out
    assert out.startswith("&lt;img")


def test_popup_escapes_plan_text():
    m = plan_data.load_measures().iloc[[0]].copy()
    m["place_name"] = EVIL
    m["measure"] = EVIL
    m["responsible"] = [[EVIL]]
    item = measure_item(next(m.itertuples()), "zh", EVIL)
    assert "<img" not in item and "`" not in item and "${" not in item
    assert "&lt;img" in item


def test_every_category_belongs_to_a_family():
    assert set(vocab.CATEGORIES) == set(families.BY_CATEGORY)
    assert set(families.DEFAULT_ON) <= set(families.BY_KEY)


def test_map_html_has_no_outside_address():
    html = build_map(MapSpec(layers=tuple(f.key for f in families.FAMILIES))).get_root().render()
    assert not re.search(r"https?://", html)
    assert "/app/static/vendor/leaflet/leaflet.js" in html


def test_gcj02_basemap_shifts_every_overlay(monkeypatch):
    monkeypatch.setenv("PEAKATLAS_BASEMAPS", "amap")
    wgs = area_frame("district", "wgs84").loc["310117", "geometry"]
    gcj = area_frame("district", "gcj02").loc["310117", "geometry"]
    dx = gcj.centroid.x - wgs.centroid.x
    assert 0.003 < dx < 0.006  # ~ +450 m east in Shanghai
    x, y = shapely.get_coordinates(wgs)[0]
    corner = f"[{x}, {y}]"
    plain = build_map(MapSpec(scope="310117")).get_root().render()
    shifted = build_map(MapSpec(scope="310117", basemap="amap")).get_root().render()
    assert "autonavi" in shifted  # the deployer asked for this basemap
    assert corner in plain and corner not in shifted


def test_basemap_is_off_unless_configured(monkeypatch):
    monkeypatch.delenv("PEAKATLAS_BASEMAPS", raising=False)
    html = build_map(MapSpec(scope="310117", basemap="amap")).get_root().render()
    assert "autonavi" not in html and "tileLayer" not in html


def test_schematic_towns_are_dashed_and_labelled():
    html = build_map(MapSpec(scope="310117")).get_root().render()
    assert '"dashArray": "6 5"' in html
    assert "示意边界" in html


def test_measure_group_popup_names_plan_section_and_precision():
    m = plan_data.load_measures()
    group = m[m["id"] == "000-M001"]
    html = measure_group_popup("光伏试点乡镇", "车墩镇", group, "town", "zh")
    assert "松江区碳达峰实施方案" in html and group["section"].iloc[0] in html
    assert "区发展改革委" in html and "乡镇驻地(近似)" in html
