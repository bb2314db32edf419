"""Escaping for text that reaches map HTML.

folium puts popup and tooltip HTML inside JavaScript template literals (`...`) and GeoJSON tooltips set
innerHTML, so text must be safe in both: HTML-escaped, and with the characters that mean something in a
template literal (backtick, dollar, backslash) written as entities."""

from __future__ import annotations

import html

_JS_TEMPLATE = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})


def esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True).translate(_JS_TEMPLATE)


def safe_markup(markup: str) -> str:
    """Markup we built ourselves from esc()'d parts: only the template-literal characters need care."""
    return markup.translate(_JS_TEMPLATE)


def md_text(text) -> str:
    """Data text shown through Streamlit's Markdown (st.markdown, st.error …): Markdown and HTML neutralised."""
    s = str(text)
    for ch in "\\`*_{}[]<>#|~$":
        s = s.replace(ch, "\\" + ch)
    return s
