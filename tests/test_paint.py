"""A view's paint as the browser gets it (layers/paint.py): each distinct style once, every item naming its own,
and no text able to close the script element it travels in."""

from __future__ import annotations

import json

from data import gazetteer_data
from layers.map_builder import MapSpec, view_paint
from layers.paint import payload_json


def test_styles_are_sent_once_and_each_item_keeps_its_own():
    towns = gazetteer_data.children("310117")
    rows = tuple(
        {"area_code": c, "status": s, "label": "x", "detail": "y"}
        for c, s in zip(towns, ["on_track", "behind", "on_track", "achieved"] * 5, strict=False)
    )
    paint = view_paint(MapSpec(scope="310117", layers=(), choropleth=rows, gaps=((towns[0], 2),), gaps_year=2024))
    sent = json.loads(payload_json(paint))
    assert len(sent["items"]) == len(paint["items"]) == len(towns) + 1
    assert len(sent["styles"]) == 4  # three statuses and the gaps
    for given, item in zip(paint["items"], sent["items"], strict=True):
        assert sent["styles"][item["style"]] == given["style"]
        assert {k: v for k, v in item.items() if k != "style"} == {k: v for k, v in given.items() if k != "style"}


def test_no_text_closes_the_script_element():
    item = {"code": "x", "style": {}, "tip": "</script><script>alert(1)</script>"}
    paint = {"items": [item], "main": "", "notes": ""}
    assert "</" not in payload_json(paint)
