"""The contract with streamlit-folium's internals. pages/ui/folium_map.py (the one module that knows the map
component) calls its private helpers and passes the front end's arguments itself, so each layer toggle sends
cached scripts instead of re-rendering the whole map. Upstream may change any of that between releases: this
test fails loudly when the installed version is not the pinned one, when a helper changes its signature, or
when st_folium starts passing the front end other arguments than folium_map.show_map does."""

import ast
import importlib.metadata
import inspect
import re

import streamlit_folium as sf

from tests.conftest import REPO

HELPERS = {
    "_get_html": ["fig"],
    "_get_header": ["fig"],
    "_get_map_string": ["fig"],
    "get_full_id": ["m"],
    "generate_js_hash": ["js_string", "key", "return_on_hover"],
    "_get_feature_group_string": ["feature_group_to_add", "map", "idx"],
}


def _component_kwargs(source: str, owner: str) -> set[str]:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and ast.unparse(node.func) in (owner, f"sf.{owner}"):
            return {k.arg for k in node.keywords if k.arg}  # **args: checked below
    raise AssertionError(f"no call of {owner}")


def test_the_installed_streamlit_folium_is_the_pinned_one():
    pinned = re.search(r"^streamlit-folium==(\S+)", (REPO / "requirements.txt").read_text(), re.M).group(1)
    assert importlib.metadata.version("streamlit-folium") == pinned


def test_the_private_helpers_keep_their_signatures():
    for name, params in HELPERS.items():
        assert list(inspect.signature(getattr(sf, name)).parameters) == params, name
    assert callable(sf._component_func)


def test_we_pass_the_front_end_exactly_what_st_folium_passes():
    theirs = _component_kwargs(inspect.getsource(sf.st_folium), "_component_func")
    ours = _component_kwargs((REPO / "pages" / "ui" / "folium_map.py").read_text(encoding="utf-8"), "_component_func")
    from pages.ui import folium_map

    args = inspect.getsource(folium_map._component_args)
    ours |= set(re.findall(r'^\s+"(\w+)": ', args, re.M))  # the cached arguments, passed through **args
    assert ours == theirs
