"""Place names on the map: each district and town named inside its area (at its pole of inaccessibility),
in the reader's language, with a white halo that keeps it legible over any fill. Labels are DOM elements
(findable, readable) in a pane above the shapes that takes no clicks. After every zoom and pan a small
script shows them by priority — districts first, then larger towns — and hides a label that would overlap
one already shown, a town label whose town is narrower on screen than its name, and a site label below
SITE_ZOOM."""

from __future__ import annotations

import geopandas as gpd
import shapely
from branca.element import MacroElement
from jinja2 import Template

from data.i18n import pick
from layers.html_safe import script_json

SITE_ZOOM = 12  # measure sites are named from this zoom on (they have their tooltips before)


def _anchor(geom) -> shapely.Point:
    """A point well inside the area: the pole of inaccessibility of its largest part."""
    part = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
    return shapely.ops.polylabel(part, tolerance=0.0005)


def area_labels(gdf: gpd.GeoDataFrame, lang: str, level: str) -> list[dict]:
    """One label per area, larger areas first (they win a collision)."""
    out = []
    order = shapely.area(gdf.geometry.values).argsort()[::-1]  # degrees²: only the order matters here
    for r in gdf.iloc[order].itertuples():
        p = _anchor(r.geometry)
        minx, miny, maxx, maxy = r.geometry.bounds
        out.append(
            {
                "code": r.code,
                "name": pick(r.name, r.name_en, lang),
                "lat": round(p.y, 5),
                "lon": round(p.x, 5),
                "level": level,
                "bbox": [round(miny, 5), round(minx, 5), round(maxy, 5), round(maxx, 5)],
            }
        )
    return out


def site_labels(points: gpd.GeoDataFrame) -> list[dict]:
    return [
        {
            "name": r.place_name,
            "lat": round(r.geometry.y, 5),
            "lon": round(r.geometry.x, 5),
            "level": "site",
            "bbox": None,
        }
        for r in points.itertuples()
    ]


class AreaLabels(MacroElement):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            var pane = map.createPane('pa-labels');
            pane.style.zIndex = 640;
            pane.style.pointerEvents = 'none';
            if ({{ this.large }}) { pane.classList.add('pa-labels-large'); }
            var labels = [];
            function create() {  // after the map's first frame: the names never delay the map itself
                labels = {{ this.labels_json }}.map(function (l) {
                    var span = document.createElement('span');
                    span.textContent = l.name;
                    var icon = L.divIcon({className: 'pa-label pa-label-' + l.level, html: span, iconSize: [0, 0]});
                    var m = L.marker([l.lat, l.lon], {pane: 'pa-labels', icon: icon, interactive: false,
                                                      keyboard: false}).addTo(map);
                    return {spec: l, marker: m};
                });
                schedule();
            }
            function fits(l, box) {
                if (l.spec.level === 'site') { return map.getZoom() >= {{ this.site_zoom }}; }
                if (l.spec.level !== 'town' || !l.spec.bbox) { return true; }
                var b = l.spec.bbox;
                var a = map.latLngToContainerPoint([b[0], b[1]]), c = map.latLngToContainerPoint([b[2], b[3]]);
                return Math.abs(c.x - a.x) >= box.width && Math.abs(c.y - a.y) >= box.height;
            }
            function overlaps(a, b) {
                return a.left < b.right + 3 && b.left < a.right + 3 && a.top < b.bottom + 2 && b.top < a.bottom + 2;
            }
            function declutter() {
                var view = map.getContainer().getBoundingClientRect();
                var legend = map.getContainer().querySelector('.pa-legend');
                var shown = legend ? [legend.getBoundingClientRect()] : [];  // nothing named under the legend
                // read every box first (one layout; hidden labels keep theirs), then show or hide: visibility
                // changes no geometry, so nothing is laid out again
                var boxes = labels.map(function (l) {
                    var el = l.marker.getElement();
                    return el ? el.firstChild.getBoundingClientRect() : null;
                });
                labels.forEach(function (l, i) {
                    var el = l.marker.getElement(), box = boxes[i];
                    if (!el) { return; }
                    var inside = box.left >= view.left && box.right <= view.right && box.top >= view.top
                                 && box.bottom <= view.bottom;
                    var ok = inside && fits(l, box) && !shown.some(function (s) { return overlaps(box, s); });
                    el.style.visibility = ok ? 'visible' : 'hidden';
                    if (ok) { shown.push(box); }
                });
            }
            var pending = false;
            function schedule() {  // one placement per frame, however many reasons arrive together
                if (pending) { return; }
                pending = true;
                requestAnimationFrame(function () { pending = false; declutter(); });
            }
            map.whenReady(function () { requestAnimationFrame(function () { setTimeout(create, 0); }); });
            map.on('zoomend moveend resize', schedule);
            // the frame, its stylesheets and fonts arrive after this script: place the labels again when they do
            if (window.ResizeObserver) { new ResizeObserver(schedule).observe(map.getContainer()); }
            window.addEventListener('load', schedule);
            if (document.fonts) { document.fonts.ready.then(schedule); }
            setTimeout(schedule, 400);
        })();
        {% endmacro %}
        """
    )

    def __init__(self, labels: list[dict], large: bool = False):
        super().__init__()
        self._name = "AreaLabels"
        self.large = "true" if large else "false"
        self.labels_json = script_json(labels)
        self.site_zoom = SITE_ZOOM


LABEL_CSS = (
    ".pa-label{visibility:hidden}"
    ".pa-label span{position:absolute;transform:translate(-50%,-50%);white-space:nowrap;pointer-events:none;"
    "font-weight:600;color:#0f172a;"
    # the halo: eight unblurred offsets (a blurred shadow costs far more to paint without a GPU)
    "text-shadow:1px 0 #fff,-1px 0 #fff,0 1px #fff,0 -1px #fff,1px 1px #fff,-1px -1px #fff,1px -1px #fff,-1px 1px #fff}"
    ".pa-label-district span{font-size:14px}.pa-label-town span{font-size:11.5px;font-weight:500}"
    ".pa-label-site span{font-size:11px;font-style:italic;transform:translate(8px,-50%)}"
    ".pa-labels-large .pa-label-district span{font-size:22px}.pa-labels-large .pa-label-town span{font-size:16px}"
    ".pa-labels-large .pa-label-site span{font-size:16px}"
)
