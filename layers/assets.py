"""Offline map assets: Leaflet comes from its PyPI package (XStatic-Leaflet) and is copied at start-up into
./static/vendor/, which Streamlit serves at /app/static/ (see .streamlit/config.toml). Maps use this local
copy instead of folium's CDN links. Nothing else is loaded: popups and tooltips are GeoJSON popups/tooltips
(plain Leaflet), so folium's jQuery, Bootstrap and icon fonts are not needed."""

from __future__ import annotations

import shutil
from pathlib import Path

import folium
import xstatic.pkg.leaflet as xleaflet

STATIC_DIR = Path(__file__).resolve().parent.parent / "static" / "vendor"
URL = "/app/static/vendor"

LEAFLET_JS = f"{URL}/leaflet/leaflet.js"
LEAFLET_CSS = f"{URL}/leaflet/leaflet.css"
LEAFLET_IMAGES = f"{URL}/leaflet/images/"


def _copy(src: Path, dst: Path) -> None:
    if src.is_dir():
        shutil.copytree(src, dst, dirs_exist_ok=True)
    else:
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)


def ensure_static() -> Path:
    """Copy the vendor files once per package version; cheap when they are already there."""
    stamp = STATIC_DIR / f".versions-{xleaflet.VERSION}"
    if stamp.exists():
        return STATIC_DIR
    leaflet = Path(xleaflet.BASE_DIR)
    _copy(leaflet / "leaflet.js", STATIC_DIR / "leaflet" / "leaflet.js")
    _copy(leaflet / "leaflet.css", STATIC_DIR / "leaflet" / "leaflet.css")
    _copy(leaflet / "images", STATIC_DIR / "leaflet" / "images")
    stamp.touch()
    return STATIC_DIR


class OfflineMap(folium.Map):
    """A folium map whose scripts and styles come from the app's own server, never a CDN."""

    default_js = [("leaflet", LEAFLET_JS)]
    default_css = [("leaflet_css", LEAFLET_CSS)]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("tiles", None)
        super().__init__(*args, **kwargs)
        # leaflet.css is linked after the map script, so Leaflet cannot infer its image folder itself
        self.get_root().header.add_child(
            folium.Element(f"<script>if (window.L) {{ L.Icon.Default.imagePath = '{LEAFLET_IMAGES}'; }}</script>"),
            name="leaflet_image_path",
        )
