"""A view's paint: the progress colours and reporting gaps laid over the base map's own area shapes.

The base map (boundaries, labels, legend frame) depends only on the jurisdiction, the town boundaries switch,
the language and the basemap; the paint depends on the indicator, the year and the figures. In the app the
paint travels as the map component's overlay script, so a change of year or indicator sends a list of codes,
colours and tooltips instead of a new map; an area the base map does not draw (a city, a town while town
boundaries are off) brings its own geometry. Standalone maps (exports, benchmarks) run the same script."""

from __future__ import annotations

import json

from branca.element import MacroElement
from jinja2 import Template

from layers.html_safe import script_json

# Defined once per base map; `paint` lays one view's items over the shapes the map draws (found by code) and
# fills the legend's sections. The layer joins the component's overlay list, which the component clears before
# it runs the next overlay script.
_SUPPORT_JS = """
window.paPaint = function (map, paint) {
    var shapes = Object.assign({}, window.paShapes);
    map.eachLayer(function (l) {
        var f = l.feature, p = f && f.properties;
        if (p && p.code && !p.paint) { shapes[p.code] = {geometry: f.geometry, name: p.name, level: p.level}; }
    });
    var features = paint.items.map(function (it) {
        var shape = shapes[it.code] || {};
        var props = Object.assign({paint: true, name: shape.name, level: shape.level}, it);
        delete props.geometry;
        var geometry = it.geometry || shape.geometry;
        return geometry ? {type: 'Feature', geometry: geometry, properties: props} : null;
    }).filter(Boolean);
    var layer = L.geoJSON(features, {
        style: function (f) { return paint.styles[f.properties.style]; },
        onEachFeature: function (f, l) {
            var lines = f.properties.lines.map(function (i) { return '<br>' + paint.lines[i]; });
            l.bindTooltip('<b>' + f.properties.name + '</b>' + lines.join(''), {sticky: true});
        }
    }).addTo(map);
    window.feature_group = window.feature_group || [];
    window.feature_group.push(layer);
    var box = map.getContainer().querySelector('.pa-legend');
    if (box) {
        box.querySelector('.pa-legend-main').innerHTML = paint.main;
        box.querySelector('.pa-legend-notes').innerHTML = paint.notes;
    }
};
"""


def payload_json(paint: dict) -> str:
    """The paint as a JavaScript literal that is safe inside a <script> element (its text is esc()'d already;
    this keeps a stray "</" from closing the element). Each distinct style and tooltip line is sent once (a
    handful of statuses, the gaps' counts), the items name theirs by number: repeated, they were most of a
    rerun's paint (and Streamlit sends each Chinese character of it as six bytes, a \\u escape)."""
    styles: dict[str, int] = {}
    lines: dict[str, int] = {}
    items = []
    for item in paint["items"]:
        key = json.dumps(item["style"], sort_keys=True)
        numbered = [lines.setdefault(line, len(lines)) for line in item["lines"]]
        items.append({**item, "style": styles.setdefault(key, len(styles)), "lines": numbered})
    compact = {**paint, "items": items, "styles": [json.loads(k) for k in styles], "lines": list(lines)}
    return script_json(compact, compact=True)


def paint_call(map_var: str, paint: dict) -> str:
    return f"paPaint({map_var}, {payload_json(paint)});"


class PaintSupport(MacroElement):
    """Adds window.paPaint to a map (every base map carries it), and `shapes` (code → geometry, name, level) of
    areas the map does not draw but a paint may colour (the cities around its districts): in the base map's
    file, fetched once, rather than in every rerun's paint. A paint item of an area the map has takes its
    shape, name and level from there."""

    _template = Template(
        "{% macro script(this, kwargs) %}window.paShapes = {{ this.shapes_json }};" + _SUPPORT_JS + "{% endmacro %}"
    )

    def __init__(self, shapes: dict[str, dict]):
        super().__init__()
        self._name = "PaintSupport"
        self.shapes_json = script_json(shapes, compact=True)


class Paint(MacroElement):
    """A view's paint applied when a standalone map opens (in the app it is the component's overlay)."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.call(this._parent.get_name()) }}{% endmacro %}")

    def __init__(self, paint: dict):
        super().__init__()
        self._name = "Paint"
        self.paint = paint

    def call(self, map_var: str) -> str:
        return paint_call(map_var, self.paint)
