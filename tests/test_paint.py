"""A view's paint as the browser gets it (layers/paint.py): each distinct style and tooltip line once, every item
naming its own, no geometry the base map already carries, and no text able to close the script element it
travels in."""

from __future__ import annotations

import json

from data import gazetteer_data
from layers.map_builder import MapSpec, build_base, view_paint
from layers.paint import payload_json


def test_styles_and_lines_are_sent_once_and_each_item_keeps_its_own():
    towns = gazetteer_data.children("310117")
    statuses = ["on_track", "behind", "on_track", "achieved"] * 5
    rows = tuple(
        {"area_code": c, "status": s, "label": f"label {s}", "detail": f"detail {i}"}
        for i, (c, s) in enumerate(zip(towns, statuses, strict=False))
    )
    paint = view_paint(MapSpec(scope="310117", layers=(), choropleth=rows, gaps=((towns[0], 2),), gaps_year=2024))
    sent = json.loads(payload_json(paint))
    assert len(sent["items"]) == len(paint["items"]) == len(towns) + 1
    assert len(sent["styles"]) == 4  # three statuses and the gaps
    assert len(sent["lines"]) == 3 + len(towns) + 1  # the status labels, each town's detail, the gaps' line
    for given, item in zip(paint["items"], sent["items"], strict=True):
        assert sent["styles"][item["style"]] == given["style"]
        assert [sent["lines"][i] for i in item["lines"]] == given["lines"]
        rest = {k: v for k, v in item.items() if k not in ("style", "lines")}
        assert rest == {k: v for k, v in given.items() if k not in ("style", "lines")}


def test_the_city_around_a_district_travels_in_its_base_map_not_in_the_paint():
    rows = ({"area_code": "310000", "status": "on_track", "label": "x", "detail": "y"},)
    item = view_paint(MapSpec(scope="310117", layers=(), choropleth=rows))["items"][0]
    assert item["code"] == "310000" and not {"geometry", "name", "level"} & set(item)
    base = build_base(MapSpec(scope="310117", layers=())).get_root().render()
    assert 'window.paShapes = {"310000":{"geometry":{"type":' in base and '"name":"上海市","level":"city"' in base
    # a city the base map does not carry still brings its own shape
    far = ({"area_code": "330400", "status": "on_track", "label": "x", "detail": "y"},)
    own = view_paint(MapSpec(scope="310117", layers=(), choropleth=far))["items"][0]
    assert own["name"] == "嘉兴市" and own["level"] == "city" and own["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_no_text_closes_the_script_element():
    item = {"code": "x", "style": {}, "name": "</script>", "lines": ["</script><script>alert(1)</script>"]}
    paint = {"items": [item], "main": "", "notes": ""}
    assert "</" not in payload_json(paint)
