"""Page state kept in the URL (so every view is a shareable deep link). Streamlit glue only.

Widgets own their state through a key; the URL seeds that state on the first run and whenever the address
changes under the page (a followed link), and every run writes the state back. Seeding a widget's
`default` from the URL instead would change the widget's identity on each change and drop the next one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from data.i18n import LANGS
from layers.html_safe import md_message

_SHOWN = 60  # characters of a bad parameter's value shown in its notice


def lang_params(lang: str) -> dict[str, str]:
    """The language as a link's query parameters (none for Chinese, the default)."""
    return {"lang": lang} if lang != "zh" else {}


def param(name: str, default: str = "") -> str:
    return st.query_params.get(name, default)


def set_param(name: str, value: str | None, default: str | None = None) -> None:
    """Write a URL parameter, dropping it when it equals its default (shorter links)."""
    if value is None or value == default:
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != value:
        st.query_params[name] = value


def url_bound(key: str, name: str, default: str, parse: Callable[[str], Any] = str) -> None:
    """Before a widget with `key` is drawn: take its value from URL parameter `name` when the URL is new."""
    url = st.query_params.get(name, default)
    if key not in st.session_state or st.session_state.get(f"_url_{name}") != url:
        st.session_state[key] = parse(url)
        st.session_state[f"_url_{name}"] = url


def bad_params(checks: dict[str, Callable[[str], bool]]) -> list[tuple[str, str]]:
    """(name, value) of each URL parameter value present that its check refuses (every value of a repeated
    parameter): a link that lost its meaning is said, not silently dropped."""
    return [(n, v) for n, ok in checks.items() for v in st.query_params.get_all(n) if not ok(v)]


def say_bad_params(bad: list[tuple[str, str]], lang: str) -> None:
    """One notice per refused link parameter (the language's own check included), its value shown literally
    (never as Markdown) and clipped."""
    for name, value in bad_params({"lang": lambda v: v in LANGS}) + bad:
        st.warning(md_message("bad_link_param", lang, name=name, value=clipped(value)))


def clipped(value: str) -> str:
    """A link parameter's value as a notice shows it: a pasted essay or a 5,000-digit year stays one line."""
    return value if len(value) <= _SHOWN else value[:_SHOWN] + "…"


def write_back(key: str, name: str, default: str, dump: Callable[[Any], str] = str) -> None:
    """After the widget: mirror its value into the URL (and remember what we wrote)."""
    value = dump(st.session_state[key])
    set_param(name, value, default)
    st.session_state[f"_url_{name}"] = value
