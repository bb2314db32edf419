"""A change on the map page keeps the map in the browser and sends only the change (issue 13): the base map
and the measure families are files the map frame loads once (layers/static_files.py); a layer toggle, a year step
or the gaps toggle then sends the map component a few KB, the reader's zoom stays, and what the map shows
follows the change."""

from __future__ import annotations

import pytest
from e2e_support import MAP_IFRAME, map_frame
from playwright.sync_api import expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from data.i18n import t
from layers import families, static_files

pytestmark = pytest.mark.browser

PV = families.BY_KEY["pv_pilot"]
MAP_MESSAGE_LIMIT = 8_000  # bytes: the paint (22 towns' gaps: 5.3 KB on 2026-12-03) and which families to run


class MapMessages:
    """The map component's messages from the server (their sizes) and the map files the page fetched."""

    def __init__(self, page):
        self.sizes, self.files = [], []
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))
        page.on("request", self._request)

    def _request(self, request):
        name = request.url.rsplit("/", 1)[1]
        if f"{static_files.URL}/" in request.url and name.endswith(".js"):
            self.files.append(name)  # the map's files and the page's own script

    def _frame(self, payload):
        data = payload if isinstance(payload, bytes) else payload.encode()
        msg = ForwardMsg.FromString(data)
        if msg.WhichOneof("type") == "delta" and msg.delta.new_element.WhichOneof("type") == "component_instance":
            self.sizes.append(len(data))


def _zoom_in_and_mark(frame) -> float:
    """Zoom in as a reader does (the map then stops fitting itself to the legend) and tag the map: a map drawn
    again would lose both."""
    before = frame.evaluate("() => window.map.getZoom()")
    frame.locator(".leaflet-control-zoom-in").click()
    frame.wait_for_function("(z) => window.map.getZoom() > z", arg=before)
    return frame.evaluate("() => { window.map.__paMark = 1; return window.map.getZoom(); }")


def _same_map(frame, zoom: float) -> bool:
    return frame.evaluate("(z) => window.map.__paMark === 1 && window.map.getZoom() === z", zoom)


def _pv_towns(frame):
    return frame.locator(f'path.leaflet-interactive[fill="{PV.colour}"][stroke="{PV.colour}"]')


def test_changes_keep_the_map_and_send_a_few_kb(page):
    messages = MapMessages(page)
    page.goto("/?j=310117&ind=pv_capacity_new&year=2024")
    frame = map_frame(page, has=[PV.label("zh")])
    expect(_pv_towns(frame).first).to_be_visible()
    sent_before = len(messages.sizes)
    fetched = sorted(messages.files)
    assert [f.split("-")[0] for f in fetched] == ["base", "families", "page"]
    zoom = _zoom_in_and_mark(frame)

    page.get_by_role("button", name=t("sw_remove", "zh", name=PV.label("zh"))).click()  # a layer off
    map_frame(page, lacks=[PV.label("zh")])
    assert _pv_towns(frame).count() == 0 and _same_map(frame, zoom)

    page.get_by_test_id("stSidebar").get_by_text(t("layer_gaps", "zh")).click()  # the gaps on
    expect(frame.locator(".pa-legend")).to_contain_text(t("layer_gaps", "zh"))
    assert _same_map(frame, zoom)

    page.locator('[data-testid="stMultiSelect"]').get_by_role("combobox").click()  # the layer on again
    page.get_by_role("option", name=PV.label("zh"), exact=True).click()
    page.keyboard.press("Escape")
    map_frame(page, has=[PV.label("zh")])
    expect(_pv_towns(frame).first).to_be_visible()
    assert _same_map(frame, zoom)
    assert page.locator(MAP_IFRAME).count() == 1

    assert sorted(messages.files) == fetched  # the files were fetched once, with the map
    changes = messages.sizes[sent_before:]
    assert len(changes) >= 3 and max(changes) < MAP_MESSAGE_LIMIT, messages.sizes
