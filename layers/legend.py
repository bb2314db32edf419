"""A map legend drawn as a Leaflet control from our own HTML (no branca colormap, which pulls d3 from a CDN)."""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

from layers import palette
from layers.html_safe import esc, safe_markup


class Legend(MacroElement):
    """The legend control; folded on a narrow map (a phone), open otherwise, and a <details> element so a
    reader can fold it away."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            var legend = L.control({position: 'bottomright'});
            legend.onAdd = function () {
                var div = L.DomUtil.create('div', 'pa-legend');
                div.innerHTML = `{{ this.markup }}`;
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            legend.addTo(map);
            var box = map.getContainer().querySelector('.pa-legend details');
            // at most 60 % of the map's height (not vh: inside the component's frame that is 0 at first), again
            // whenever the map changes size (present mode fits the map to the window after it is drawn)
            function cap() { box.style.maxHeight = Math.round(map.getSize().y * 0.6) + 'px'; }
            cap();
            map.on('resize', cap);
            if (map.getContainer().clientWidth < {{ this.narrow }}) { box.open = false; }
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
        large: bool = False,
    ):
        """sections: [(title, [(swatch kind, colour, label)])]; swatch kind: fill|dot|line|dash|outline. The
        measure layers' rows go into a container of class pa-legend-layers (layers_html, or filled in later by
        script). `large`: type for a projector (present mode)."""
        super().__init__()
        self._name = "Legend"
        self.markup = safe_markup(_markup(title, sections, notes, layers_html, large))
        self.narrow = NARROW_PX


class FitBeside(MacroElement):
    """Fit the view's bounds beside the legend (the area in focus is never under it), when the map opens."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            var legend = map.getContainer().querySelector('.pa-legend');
            var waits = 0;
            function fit() {
                var size = map.getSize();
                if (size.x < 40 || size.y < 40) { return false; }  // not laid out yet
                var frame = map.getContainer().getBoundingClientRect();
                var r = legend ? legend.firstChild.getBoundingClientRect() : null;
                if (r && (r.top < frame.top || r.bottom > frame.bottom + 1 || r.left < frame.left) && waits < 40) {
                    waits += 1;  // Leaflet's stylesheet has not placed the control in its corner yet; a legend
                    setTimeout(fit, 50);  // taller than the map never will: after 2 s fit anyway
                    return true;
                }
                // the box itself (Leaflet's stylesheet may not float the control yet when this runs); keep the
                // area clear of the corner it takes — beside it or above it, whichever shows the area larger
                var box = legend ? legend.firstChild : null;
                // from the map's right and bottom edges to the legend's far side (controls below it included)
                var w = box ? Math.min(frame.right - r.left, {{ this.max_width }}) + 8 : 12;
                var h = box ? frame.bottom - r.top + 8 : 12;
                var b = L.latLngBounds({{ this.bounds }});
                var nw = map.project(b.getNorthWest(), 0), se = map.project(b.getSouthEast(), 0);
                function scale(p) {
                    return Math.min((size.x - 12 - p[0]) / (se.x - nw.x), (size.y - 12 - p[1]) / (se.y - nw.y));
                }
                var pad = !box ? [12, 12] : (scale([w, 12]) >= scale([12, h]) ? [w, 12] : [12, h]);
                if (pad[0] > size.x - 200 || pad[1] > size.y - 150) { pad = [12, 12]; }
                map.fitBounds({{ this.bounds }}, {paddingTopLeft: [12, 12], paddingBottomRight: pad, animate: false});
                return true;
            }
            map._paFit = fit;  // present mode refits once the map fills the window
            // the legend's layer rows arrive with the layers' script: refit when it grows, until the reader
            // has moved the map themselves
            var touched = false;
            ['pointerdown', 'wheel', 'keydown', 'touchstart'].forEach(function (ev) {
                map.getContainer().addEventListener(ev, function () { touched = true; }, {passive: true});
            });
            if (legend && window.ResizeObserver) {
                new ResizeObserver(function () { if (!touched) { fit(); } }).observe(legend.firstChild);
            }
            if (!fit() && window.ResizeObserver) {
                var watch = new ResizeObserver(function () {
                    map.invalidateSize(false);
                    if (fit()) { watch.disconnect(); }
                });
                watch.observe(map.getContainer());
            }
        })();
        {% endmacro %}
        """
    )

    def __init__(self, south: float, west: float, north: float, east: float):
        super().__init__()
        self._name = "FitBeside"
        self.bounds = [[float(south), float(west)], [float(north), float(east)]]
        self.max_width = 360  # the widest the legend box gets (present mode)


NARROW_PX = 600  # a map narrower than this (a phone) opens with its legend folded


def _swatch(kind: str, colour: str) -> str:
    """A legend key: its shape from LEGEND_CSS, its colour inline (a paint sends these on every change)."""
    c = esc(colour)
    if kind in ("line", "dash"):
        return f'<span class="pa-sw pa-sw-{kind}" style="border-top-color:{c}"></span>'
    if kind == "outline":
        return f'<span class="pa-sw pa-sw-outline" style="border-color:{c}"></span>'
    return f'<span class="pa-sw pa-sw-{"dot" if kind == "dot" else "fill"}" style="background:{c}"></span>'


def legend_section(title: str, rows: list[tuple[str, str, str]]) -> str:
    if not rows:
        return ""
    lines = [f'<div class="pa-legend-h">{esc(title)}</div>']
    lines += [f"<div>{_swatch(kind, colour)} {esc(label)}</div>" for kind, colour, label in rows]
    return "".join(lines)


def legend_main_html(sections: list[tuple[str, list[tuple[str, str, str]]]]) -> str:
    """The legend's progress and boundary sections (a view's paint replaces them: layers/paint.py)."""
    return "".join(legend_section(title, rows) for title, rows in sections)


def legend_notes_html(notes: list[str]) -> str:
    return "".join(f'<div class="pa-legend-note">⚠ {esc(note)}</div>' for note in notes)


def _markup(title, sections, notes, layers_html, large: bool) -> str:
    return (
        f'<details open class="pa-legend-box{" pa-legend-large" if large else ""}">'
        f"<summary>{esc(title)}</summary>"
        f'<div class="pa-legend-main">{legend_main_html(sections)}</div>'
        f'<div class="pa-legend-layers">{layers_html}</div>'
        f'<div class="pa-legend-notes">{legend_notes_html(notes)}</div>'
        "</details>"
    )


LEGEND_CSS = (
    ".pa-legend-box{display:inline-block;background:rgba(255,255,255,.95);padding:5px 9px;border-radius:6px;"
    "box-shadow:0 1px 4px rgba(0,0,0,.3);font-size:12.5px;line-height:1.45;max-width:230px;"
    "overflow:auto;color:" + palette.TEXT + "}"
    ".pa-legend-box summary{cursor:pointer;font-weight:700}.pa-legend-h{font-weight:700;margin-top:4px}"
    ".pa-sw{display:inline-block;width:14px;height:12px;border:1px solid #333}.pa-sw-fill{opacity:.8}"
    ".pa-sw-dot{width:12px;border-radius:50%}.pa-sw-outline{border:3px solid}"
    ".pa-sw-line,.pa-sw-dash{width:18px;height:0;border:0;border-top:2px solid;vertical-align:middle}"
    ".pa-sw-dash{border-top-style:dashed}"
    ".pa-legend-note{margin-top:3px;color:" + palette.WARNING_TEXT + ";font-size:11.5px}"
    ".pa-legend-large{font-size:18px;max-width:340px}.pa-legend-large .pa-legend-note{font-size:15px}"
)
