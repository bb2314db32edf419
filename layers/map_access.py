"""The map for keyboards and screen readers: the component's frame gets a title that says what map it is,
and every area is a named, focusable button — Tab reaches it, Enter or Space selects it as a click does."""

from __future__ import annotations

import json

from branca.element import MacroElement
from jinja2 import Template

from data.i18n import t
from layers.html_safe import script_json


class MapAccess(MacroElement):
    """The frame's and the document's title and language, Leaflet's zoom buttons in the reader's language, and
    every area a named, focusable button."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            try {
                if (window.frameElement) { window.frameElement.setAttribute('title', {{ this.title }}); }
            } catch (e) { /* a frame of another origin keeps its own title */ }
            document.title = {{ this.title }};
            document.documentElement.lang = {{ this.lang }};  // the component's page says "en"
            var zoom = {{ this.zoom }};
            if (map.zoomControl) {  // Leaflet's own "Zoom in" / "Zoom out"
                [[map.zoomControl._zoomInButton, zoom[0]], [map.zoomControl._zoomOutButton, zoom[1]]].forEach(
                    function (b) { b[0].title = b[1]; b[0].setAttribute('aria-label', b[1]); });
            }
            var decode = document.createElement('textarea');
            function named(layer) {
                var p = layer.feature && layer.feature.properties;
                if (!p || !p.name || !layer._path || layer._pa_named) { return; }
                decode.innerHTML = p.name;  // the property is HTML-escaped for the tooltips
                var path = layer._path;
                path.setAttribute('tabindex', '0');
                path.setAttribute('role', 'button');
                path.setAttribute('aria-label', decode.value);
                path.addEventListener('keydown', function (e) {
                    if (e.key === 'Enter' || e.key === ' ') {
                        e.preventDefault();
                        var c = layer.getBounds ? layer.getBounds().getCenter() : layer.getLatLng();
                        layer.fire('click', {latlng: c, originalEvent: e}, true);  // up to its layer, as a click
                    }
                });
                layer._pa_named = true;
            }
            function all() { map.eachLayer(named); }
            map.whenReady(all);
            map.on('layeradd', function (e) { if (e.layer.feature) { named(e.layer); } });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, title: str, lang: str):
        super().__init__()
        self._name = "MapAccess"
        self.title = script_json(title)
        self.lang = script_json("en" if lang == "en" else "zh-CN")
        self.zoom = script_json([t("zoom_in", lang), t("zoom_out", lang)])


class FillWindow(MacroElement):
    """Present mode: the map takes the page's height below what is above it (title, headline figures), so a
    slide fits a 1280×720 projector without scrolling and leaves no blank quarter at 1920×1080."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            var frame;
            try { frame = window.frameElement; } catch (e) { return; }
            if (!frame) { return; }
            function fill() {
                var top = frame.getBoundingClientRect().top;
                var h = Math.max(240, Math.floor(window.parent.innerHeight - top - 12));
                frame.style.setProperty('height', h + 'px', 'important');
                map.getContainer().style.height = h + 'px';
                map.invalidateSize(false);
                if (map._paFit) { map._paFit(); }
            }
            window.parent.addEventListener('resize', fill);
            // a clicker's keys change the slide even when the map has the focus (instead of panning it)
            var keys = {{ this.keys }};
            document.addEventListener('keydown', function (e) {
                var press = window.parent.__paPress;
                if (!keys[e.key] || !press) { return; }
                e.preventDefault();
                e.stopPropagation();
                press(keys[e.key]);
            }, true);
            setTimeout(fill, 0);
            setTimeout(fill, 400);  // once the headline above has its final height
        })();
        {% endmacro %}
        """
    )

    def __init__(self):
        from layers.styles import CLICKER_KEYS

        super().__init__()
        self._name = "FillWindow"
        self.keys = json.dumps(CLICKER_KEYS)
