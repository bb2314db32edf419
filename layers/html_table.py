"""Plain HTML tables for content people read (targets, measures, gaps): unlike st.dataframe's canvas, their
text is found by Ctrl+F and read by screen readers. Every cell is escaped unless it is Markup we built."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from urllib.parse import urlencode

from layers.html_safe import esc


class Markup(str):
    """HTML built here from escaped parts (a link, a status badge): inserted as it is."""


def cell(value) -> str:
    return value if isinstance(value, Markup) else esc("" if value is None else value)


def link(label: str, page: str, **params) -> Markup:
    """A link to one of the app's own pages (relative, so it works behind any host name)."""
    query = urlencode({k: v for k, v in params.items() if v})
    return Markup(f'<a href="{esc(page)}{"?" + esc(query) if query else ""}" target="_self">{esc(label)}</a>')


def badge(label: str, colour: str) -> Markup:
    return Markup(
        f'<span class="pa-status" style="border-color:{esc(colour)}">'
        f'<span class="pa-dot" style="background:{esc(colour)}"></span>{esc(label)}</span>'
    )


def table(headers: Sequence[str], rows: Iterable[Sequence], caption: str = "", css: str = "pa-table") -> str:
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell(v)}</td>" for v in r) + "</tr>" for r in rows)
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (
        f'<div class="pa-table-wrap"><table class="{esc(css)}">{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )
