"""Showing a view's map through the streamlit-folium component, each part rendered once.

st_folium() renders the whole folium map to JavaScript on every rerun (~0.1–0.25 s with every layer on),
although the result depends only on the view. Here the base map (boundaries, labels, legend) is rendered
once per jurisdiction, town switch, language and basemap, and each measure family once per jurisdiction and
language, with streamlit-folium's own helpers; the families and the view's paint (progress colours, gaps:
layers/paint.py) travel as the component's "feature groups", which its front end swaps in place — so
toggling a layer or changing the year or the indicator neither redraws the base map nor resets the reader's
zoom and pan. Pinned to
streamlit-folium 0.27.4 (requirements.txt); tests/test_map_component.py fails loudly when that version, a
helper's signature or the front end's arguments change, and tests/test_pages.py and tests/e2e check that the
map draws. This is the one module that knows the component (tests/test_architecture.py)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable

import folium
import streamlit as st
import streamlit_folium as sf

from layers import basemaps, boundaries, families
from layers.assets import OfflineMap, ensure_static
from layers.html_safe import safe_markup
from layers.map_builder import FamilyLayer, MapSpec, build_base, family_layer, legend_layers_html, view_paint
from layers.paint import paint_call

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


@st.cache_resource(max_entries=256, show_spinner=False)
def _family_script(scope: str | None, family: str, lang: str, datum: str, boundary_version: str) -> tuple[str, int]:
    """The JavaScript that adds one family's layer to the map, and how many measures it shows."""
    layer = family_layer(scope, family, lang, datum)
    if layer.group is None:
        return "", layer.count
    slot = [f.key for f in families.FAMILIES].index(family)
    return sf._get_feature_group_string(layer.group, OfflineMap(), slot), layer.count


def _overlay_script(spec: MapSpec, boundary_version: str) -> str:
    """The view's paint (progress, gaps) and its measure families, over the base map."""
    datum = basemaps.get(spec.basemap).datum
    parts, shown = [paint_call("map_div", view_paint(spec))], []
    for key in spec.layers:
        script, count = _family_script(spec.scope, key, spec.lang, datum, boundary_version)
        parts.append(script)
        shown.append(FamilyLayer(key, count, None))
    legend = safe_markup(legend_layers_html(shown, spec.lang))
    parts.append(
        f"document.querySelectorAll('.pa-legend-layers').forEach(function (e) {{ e.innerHTML = `{legend}`; }});"
    )
    return "\n".join(parts)


def show_view(spec: MapSpec, *, key: str, height: int, returned_objects: tuple[str, ...] = ()) -> dict:
    """Draw a view's map; returns the component's value (e.g. the clicked area)."""
    # neither the layers nor the paint change the base map
    base = dataclasses.replace(spec, layers=(), choropleth=None, gaps=None, gaps_year=0)
    version = boundaries.version()  # one query of the store per run, not one per layer
    cache_key = (base, version)  # imports redraw
    return show_map(
        cache_key,
        lambda: build_base(base),
        key=key,
        height=height,
        returned_objects=returned_objects,
        feature_group=_overlay_script(spec, version),
    )


def show_map(
    cache_key: Hashable,
    build: Callable[[], folium.Map],
    *,
    key: str,
    height: int,
    returned_objects: tuple[str, ...] = (),
    feature_group: str | None = None,
) -> dict:
    """Draw the map built by `build` (called only when `cache_key` is new), plus `feature_group` script that
    the front end evaluates on top of it and replaces when it changes; returns the component's value."""
    args = _component_args(cache_key, build)
    hash_key = _hash(args["script"], key)

    def on_change() -> None:
        st.session_state[key] = st.session_state.get(hash_key, {})

    return sf._component_func(
        **args,
        key=hash_key,
        height=height,
        width=None,
        returned_objects=list(returned_objects),
        default={k: _DEFAULTS[k] for k in returned_objects},
        zoom=None,
        center=None,
        feature_group=feature_group,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        on_change=on_change,
        wrap_longitude=False,
    )
