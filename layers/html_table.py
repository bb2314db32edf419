"""Plain HTML tables for content people read (targets, measures, gaps): unlike st.dataframe's canvas, their
text is found by Ctrl+F and read by screen readers. Every cell is escaped unless it is Markup we built."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from layers.html_safe import esc


class Markup(str):
    """HTML built here from escaped parts (a link, a status badge): inserted as it is. `text` is what it says
    in plain words (for exports that are not HTML), `colour` a status colour where it shows one."""

    text: str = ""
    colour: str = ""


def _markup(html: str, text: str, colour: str = "") -> Markup:
    m = Markup(html)
    m.text, m.colour = text, colour
    return m


def plain(value) -> str:
    """A cell as plain text: a badge's or link's label, anything else as written."""
    if isinstance(value, Markup):
        return value.text
    return "" if value is None else str(value)


def cell(value) -> str:
    return value if isinstance(value, Markup) else esc("" if value is None else value)


def link(label: str, page: str, **params) -> Markup:
    """A link to one of the app's own pages (relative, so it works behind any host name)."""
    query = urlencode({k: v for k, v in params.items() if v})
    return _markup(f'<a href="{esc(page)}{"?" + esc(query) if query else ""}" target="_self">{esc(label)}</a>', label)


def badge(label: str, colour: str) -> Markup:
    return _markup(
        f'<span class="pa-status" style="border-color:{esc(colour)}">'
        f'<span class="pa-dot" style="background:{esc(colour)}"></span>{esc(label)}</span>',
        label,
        colour,
    )


def table(headers: Sequence[str], rows: Iterable[Sequence], caption: str = "", css: str = "pa-table") -> str:
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell(v)}</td>" for v in r) + "</tr>" for r in rows)
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (
        f'<div class="pa-table-wrap"><table class="{esc(css)}">{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


@dataclass(frozen=True)
class Grid:
    """A readable table as data: the page draws it as HTML, the PDF and the workbook as their own tables.
    `details`, when given, holds one line per row that the PDF prints under it (the plan's words, who acts)."""

    headers: list[str]
    rows: list[list]
    details: list[str] = field(default_factory=list)

    def html(self, caption: str = "") -> str:
        return table(self.headers, self.rows, caption)
