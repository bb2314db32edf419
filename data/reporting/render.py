"""Showing stored text. Notes and names are stored verbatim (HTML included); whatever puts them into HTML
(st.markdown(..., unsafe_allow_html=True), folium popups, tooltips) must pass them through html_safe."""
from __future__ import annotations

import html


def html_safe(value) -> str:
    """Escape stored text for HTML: <, >, &, " and ' become entities; None becomes ""."""
    return "" if value is None else html.escape(str(value), quote=True)
