"""Showing a view's map through the streamlit-folium component, each part rendered once.

st_folium() renders the whole folium map to JavaScript on every rerun (~0.1–0.25 s with every layer on),
although the result depends only on the view. Here the base map (boundaries, labels, legend) is rendered
once per jurisdiction, town switch, language and basemap, and each measure family once per jurisdiction and
language, with streamlit-folium's own helpers; the families and the view's paint (progress colours, gaps:
layers/paint.py) travel as the component's "feature groups", which its front end swaps in place — so
toggling a layer or changing the year or the indicator neither redraws the base map nor resets the reader's
zoom and pan. The base map's script and the families' scripts are published as files (layers/static_files.py)
that the front end loads once per map frame, so a rerun's arguments only name them and say which to run:
a few KB instead of the whole map. Pinned to
streamlit-folium 0.27.4 (requirements.txt); tests/test_map_component.py fails loudly when that version, a
helper's signature or the front end's arguments change, and tests/test_pages.py and tests/e2e check that the
map draws. This is the one module that knows the component (tests/test_architecture.py)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable

import folium
import streamlit as st
import streamlit_folium as sf

from layers import basemaps, boundaries, families, static_files
from layers.assets import OfflineMap, ensure_static
from layers.html_safe import safe_markup
from layers.map_builder import FamilyLayer, MapSpec, build_base, family_layer, legend_layers_html, view_paint
from layers.paint import paint_call
from layers.static_files import ServedFile

# The values the component reports before the first interaction, per returned object.
_DEFAULTS = {"last_active_drawing": None, "last_object_clicked": None, "last_clicked": None}


def _links(element, attr: str) -> list[str]:
    """Every default_js / default_css link of the element and its children, in order, once each."""
    found = [url for _, url in getattr(element, attr, [])]
    for child in getattr(element, "_children", {}).values():
        found += _links(child, attr)
    return list(dict.fromkeys(found))


@st.cache_resource(max_entries=64, show_spinner=False)
def _component_args(cache_key: Hashable, _build: Callable[[], folium.Map]) -> tuple[dict, ServedFile]:
    """The component's arguments for a base map, its script and header published as a file."""
    # a server's very first run may start on any page (Streamlit's pages/ folder handling), not app.py
    ensure_static()
    fmap = _build()
    fmap.get_root().render()
    fmap.render()
    base = static_files.publish("base", {"header": sf._get_header(fmap), "script": sf._get_map_string(fmap)})
    args = {
        "html": sf._get_html(fmap),
        "header": "",  # in the file: the front end adds it to the page's head before the script runs
        "script": _run_base(base),
        "id": sf.get_full_id(fmap),
        "js_links": [*_links(fmap, "default_js"), base.url],
        "css_links": _links(fmap, "default_css"),
    }
    return args, base


def _run_base(base: ServedFile) -> str:
    """What the component runs where it used to run the whole map script: the file's header, then its script
    (the front end appends `window.map = map_div`, defined by that script)."""
    get = static_files.texts_of(base)
    return f'document.head.insertAdjacentHTML("beforeend", {get}.header);\n(0, eval)({get}.script);\n'


@st.cache_data(max_entries=64, show_spinner=False)
def _hash(script: str, key: str) -> str:
    return sf.generate_js_hash(script, key, False)


@st.cache_resource(max_entries=64, show_spinner=False)
def _families_file(scope: str | None, lang: str, datum: str, boundary_version: str) -> tuple[ServedFile, dict]:
    """Every measure family's script for a jurisdiction, in one published file, and how many measures each
    shows. A frame loads it once; toggling a family then only runs or removes its script."""
    scripts, counts = {}, {}
    for slot, fam in enumerate(families.FAMILIES):
        layer = family_layer(scope, fam.key, lang, datum)
        counts[fam.key] = layer.count
        if layer.group is not None:
            scripts[fam.key] = sf._get_feature_group_string(layer.group, OfflineMap(), slot)
    return static_files.publish("families", scripts), counts


def _overlay_script(spec: MapSpec, fams: ServedFile, counts: dict) -> str:
    """The view's paint (progress, gaps) and its measure families, over the base map."""
    parts = [paint_call("map_div", view_paint(spec))]
    parts += [static_files.run_text(fams, key) for key in spec.layers]
    legend = safe_markup(legend_layers_html([FamilyLayer(k, counts[k], None) for k in spec.layers], spec.lang))
    parts.append(
        f"document.querySelectorAll('.pa-legend-layers').forEach(function (e) {{ e.innerHTML = `{legend}`; }});"
    )
    return "\n".join(parts)


def show_view(spec: MapSpec, *, key: str, height: int, returned_objects: tuple[str, ...] = ()) -> dict:
    """Draw a view's map; returns the component's value (e.g. the clicked area)."""
    # neither the layers nor the paint change the base map
    base = dataclasses.replace(spec, layers=(), choropleth=None, gaps=None, gaps_year=0)
    version = boundaries.version()  # one query of the store per run, not one per layer
    fams, counts = _families_file(spec.scope, spec.lang, basemaps.get(spec.basemap).datum, version)
    return show_map(
        (base, version),  # imports redraw
        lambda: build_base(base),
        key=key,
        height=height,
        returned_objects=returned_objects,
        feature_group=_overlay_script(spec, fams, counts),
        files=(fams,),
    )


def show_map(
    cache_key: Hashable,
    build: Callable[[], folium.Map],
    *,
    key: str,
    height: int,
    returned_objects: tuple[str, ...] = (),
    feature_group: str | None = None,
    files: tuple[ServedFile, ...] = (),
) -> dict:
    """Draw the map built by `build` (called only when `cache_key` is new), plus `feature_group` script that
    the front end evaluates on top of it and replaces when it changes; `files` are more published scripts the
    frame loads with the map (what `feature_group` runs). Returns the component's value."""
    args, base = _component_args(cache_key, build)
    for file in (base, *files):
        file.ensure()  # one stat each: written again if another instance's clean-up removed it
    # a frame loads its files once: other files need another frame, so they are part of its key
    hash_key = _hash(args["script"] + "".join(f.digest for f in files), key)

    def on_change() -> None:
        st.session_state[key] = st.session_state.get(hash_key, {})

    return sf._component_func(
        **{**args, "js_links": args["js_links"] + [f.url for f in files]},
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
