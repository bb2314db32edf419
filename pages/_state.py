"""Page state kept in the URL (so every view is a shareable deep link). Streamlit glue only."""
from __future__ import annotations

import streamlit as st


def param(name: str, default: str = "") -> str:
    return st.query_params.get(name, default)


def set_param(name: str, value: str | None, default: str | None = None) -> None:
    """Write a URL parameter, dropping it when it equals its default (shorter links)."""
    if value is None or value == default:
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != value:
        st.query_params[name] = value
