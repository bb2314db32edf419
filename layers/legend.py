"""A map legend drawn as a Leaflet control from our own HTML (no branca colormap, which pulls d3 from a CDN)."""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

from layers import palette
from layers.html_safe import esc, safe_markup


class Legend(MacroElement):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var legend = L.control({position: 'bottomright'});
            legend.onAdd = function () {
                var div = L.DomUtil.create('div', 'pa-legend');
                div.innerHTML = `{{ this.markup }}`;
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        title: str,
        sections: list[tuple[str, list[tuple[str, str, str]]]],
        notes: list[str],
        layers_html: str = "",
    ):
        """sections: [(title, [(swatch kind, colour, label)])]; swatch kind: fill|dot|line|dash. The measure
        layers' rows go into a container of class pa-legend-layers (layers_html, or filled in later by script).
        The legend can be folded away (a <details> element) so it never hides the map for long."""
        super().__init__()
        self._name = "Legend"
        self.markup = safe_markup(_markup(title, sections, notes, layers_html))


def _swatch(kind: str, colour: str) -> str:
    c = esc(colour)
    box = "display:inline-block;"
    if kind == "dot":
        dot = f"width:12px;height:12px;border-radius:50%;background:{c};border:1px solid #333"
        return f'<span style="{box}{dot}"></span>'
    if kind in ("line", "dash"):
        style = "dashed" if kind == "dash" else "solid"
        return f'<span style="{box}width:18px;height:0;border-top:2px {style} {c};vertical-align:middle"></span>'
    return f'<span style="{box}width:14px;height:12px;background:{c};opacity:.8;border:1px solid #333"></span>'


def legend_section(title: str, rows: list[tuple[str, str, str]]) -> str:
    if not rows:
        return ""
    lines = [f'<div style="font-weight:700;margin-top:4px">{esc(title)}</div>']
    lines += [f"<div>{_swatch(kind, colour)} {esc(label)}</div>" for kind, colour, label in rows]
    return "".join(lines)


def _markup(title, sections, notes, layers_html) -> str:
    parts = [
        '<details open style="background:rgba(255,255,255,.93);padding:6px 10px;border-radius:6px;'
        "box-shadow:0 1px 4px rgba(0,0,0,.3);font-size:12.5px;line-height:1.45;max-width:250px;"
        'max-height:60vh;overflow:auto">',
        f'<summary style="cursor:pointer;font-weight:700">{esc(title)}</summary>',
    ]
    parts += [legend_section(title, rows) for title, rows in sections]
    parts.append(f'<div class="pa-legend-layers">{layers_html}</div>')
    for note in notes:
        parts.append(f'<div style="margin-top:4px;color:{palette.WARNING_TEXT};font-size:12px">⚠ {esc(note)}</div>')
    parts.append("</details>")
    return "".join(parts)
