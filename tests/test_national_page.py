"""The national overview page through Streamlit's AppTest: it runs in both languages, sends the map component
only local links (Leaflet, then Leaflet.VectorGrid), and names a clicked county beside the map."""

from __future__ import annotations

import pytest

from data.i18n import t
from layers import static_files
from layers.assets import COUNTY_TILES, VECTORGRID_JS
from tests.test_pages import app, map_args, map_js

pytestmark = pytest.mark.apptest


def test_the_page_sends_local_links_and_the_status_json():
    at = app("pages/national.py")
    assert at.title[0].value == t("national_title", "zh")
    args = map_args(at)
    links = args["js_links"] + args["css_links"]
    assert all(link.startswith(("/app/static/vendor/", static_files.URL + "/")) for link in links)
    assert args["js_links"].index(VECTORGRID_JS) > 0  # after Leaflet, which it extends
    script = map_js(at)
    assert COUNTY_TILES in script and '"310117": {"colour"' in script
    assert "http://" not in script and "https://" not in script
    assert t("national_hover_hint", "zh") in [i.value for i in at.info]


def clicked(code: str, name: str, lang: str = "zh"):
    """The page after the map component reports a click on a county's tile shape (its code and name)."""
    at = app("pages/national.py", lang=lang)
    feature = {"type": "Feature", "properties": {"code": code, "name": name}, "geometry": None}
    at.session_state[map_args(at)["key"]] = {"last_active_drawing": feature}
    at.run()
    assert not at.exception
    return at, " ".join(m.value for m in at.markdown)


def test_a_clicked_county_is_named_beside_the_map_in_english():
    at, text = clicked("310117", "松江区", "en")
    assert "Songjiang District" in [h.value for h in at.subheader]
    assert t("status_behind", "en") in text and "Shanghai" in text


def test_a_clicked_county_without_a_plan_is_named_and_linked():
    at, text = clicked("320102", "玄武区")
    assert "玄武区" in [h.value for h in at.subheader]
    assert t("national_no_plan", "zh") in text and "江苏省" in text
    link = next(p.proto for p in at.get("page_link") if p.proto.label == t("open_area_page", "zh"))
    assert link.query_string.startswith("area=320102&")  # its page lists its towns (layers/outside_area.py)
