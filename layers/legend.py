"""A map legend drawn as a Leaflet control from our own HTML (no branca colormap, which pulls d3 from a CDN)."""
from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

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

    def __init__(self, sections: list[tuple[str, list[tuple[str, str, str]]]], notes: list[str]):
        """sections: [(title, [(swatch kind, colour, label)])]; swatch kind: fill|dot|line|dash."""
        super().__init__()
        self._name = "Legend"
        self.markup = safe_markup(_markup(sections, notes))


def _swatch(kind: str, colour: str) -> str:
    c = esc(colour)
    if kind == "dot":
        return f'<span style="display:inline-block;width:12px;height:12px;border-radius:50%;background:{c};border:1px solid #333"></span>'
    if kind in ("line", "dash"):
        style = "dashed" if kind == "dash" else "solid"
        return f'<span style="display:inline-block;width:18px;height:0;border-top:2px {style} {c};vertical-align:middle"></span>'
    return f'<span style="display:inline-block;width:14px;height:12px;background:{c};opacity:.8;border:1px solid #333"></span>'


def _markup(sections, notes) -> str:
    parts = ['<div style="background:rgba(255,255,255,.93);padding:8px 10px;border-radius:6px;'
             'box-shadow:0 1px 4px rgba(0,0,0,.3);font-size:13px;line-height:1.5;max-width:260px">']
    for title, rows in sections:
        if not rows:
            continue
        parts.append(f'<div style="font-weight:700;margin-top:4px">{esc(title)}</div>')
        for kind, colour, label in rows:
            parts.append(f"<div>{_swatch(kind, colour)} {esc(label)}</div>")
    for note in notes:
        parts.append(f'<div style="margin-top:4px;color:#92400e;font-size:12px">⚠ {esc(note)}</div>')
    parts.append("</div>")
    return "".join(parts)
