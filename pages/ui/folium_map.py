"""Showing a folium map through the streamlit-folium component, rendered once per map.

st_folium() renders the whole folium map to JavaScript on every rerun (~0.1 s with every layer on), although
the result depends only on the map. Here the component's arguments are computed once per map, with
streamlit-folium's own helpers, cached, and handed to its component on each rerun. Pinned to
streamlit-folium 0.27.4 (requirements.txt); tests/test_pages.py and tests/e2e check the component draws."""
from __future__ import annotations

from collections.abc import Callable, Hashable

import folium
import streamlit as st
import streamlit_folium as sf

from layers.assets import ensure_static

# The values the component reports before the first interaction, per returned object.
_DEFAULTS = {"last_active_drawing": None, "last_object_clicked": None, "last_clicked": None}


def _links(element, attr: str) -> list[str]:
    """Every default_js / default_css link of the element and its children, in order, once each."""
    found = [url for _, url in getattr(element, attr, [])]
    for child in getattr(element, "_children", {}).values():
        found += _links(child, attr)
    return list(dict.fromkeys(found))


@st.cache_resource(max_entries=64, show_spinner=False)
def _component_args(cache_key: Hashable, _build: Callable[[], folium.Map]) -> dict:
    # a server's very first run may start on any page (Streamlit's pages/ folder handling), not app.py
    ensure_static()
    fmap = _build()
    fmap.get_root().render()
    fmap.render()
    return {
        "html": sf._get_html(fmap),
        "header": sf._get_header(fmap),
        "script": sf._get_map_string(fmap),
        "id": sf.get_full_id(fmap),
        "js_links": _links(fmap, "default_js"),
        "css_links": _links(fmap, "default_css"),
    }


@st.cache_data(max_entries=64, show_spinner=False)
def _hash(script: str, key: str) -> str:
    return sf.generate_js_hash(script, key, False)


def show_map(cache_key: Hashable, build: Callable[[], folium.Map], *, key: str, height: int,
             returned_objects: tuple[str, ...] = ()) -> dict:
    """Draw the map built by `build` (called only when `cache_key` is new); returns the component's value."""
    args = _component_args(cache_key, build)
    hash_key = _hash(args["script"], key)

    def on_change() -> None:
        st.session_state[key] = st.session_state.get(hash_key, {})

    return sf._component_func(
        **args, key=hash_key, height=height, width=None, returned_objects=list(returned_objects),
        default={k: _DEFAULTS[k] for k in returned_objects}, zoom=None, center=None, feature_group=None,
        return_on_hover=False, layer_control=None, pixelated=False, on_change=on_change, wrap_longitude=False,
    )
