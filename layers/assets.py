"""Offline map assets: Leaflet comes from its PyPI package (XStatic-Leaflet) and is copied at start-up into
./static/vendor/, which Streamlit serves at /app/static/ (see .streamlit/config.toml). Maps use this local
copy instead of folium's CDN links. Nothing else is loaded: popups and tooltips are GeoJSON popups/tooltips
(plain Leaflet), so folium's jQuery, Bootstrap and icon fonts are not needed.

The national overview also needs Leaflet.VectorGrid, installed from npm at install time (`npm ci` in frontend/,
run by make) and copied here the same way, and its county vector tiles (geo/tiles.py) under ./static/tiles/,
built by `python -m geo tiles` (make) or, when missing, on a thread from the first page run."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import folium
import xstatic.pkg.leaflet as xleaflet

from geo import tiles
from layers import static_files

STATIC_DIR = Path(__file__).resolve().parent.parent / "static" / "vendor"
URL = "/app/static/vendor"

LEAFLET_JS = f"{URL}/leaflet/leaflet.js"
LEAFLET_CSS = f"{URL}/leaflet/leaflet.css"
LEAFLET_IMAGES = f"{URL}/leaflet/images/"
VECTORGRID_PACKAGE = Path(__file__).resolve().parent.parent / "frontend" / "node_modules" / "leaflet.vectorgrid"
VECTORGRID_JS = f"{URL}/vectorgrid/Leaflet.VectorGrid.bundled.min.js"
COUNTY_TILES = f"/app/static/tiles/{tiles.COUNTY_SET}/{{z}}/{{x}}/{{y}}.pbf"
_tiles_lock = threading.Lock()
_all_in_place = threading.Event()  # vendor files and tiles checked: nothing more to check in this process


def _copy(src: Path, dst: Path) -> None:
    if src.is_dir():
        shutil.copytree(src, dst, dirs_exist_ok=True)
    else:
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)


def ensure_static() -> Path:
    """Copy the vendor files once per package version; cheap when they are already there. Missing county tiles
    start building on a thread; map files unused for a week are removed. Once everything is in place, later page
    runs of the process check nothing."""
    if _all_in_place.is_set():
        return STATIC_DIR
    static_files.prune()
    complete = start_tiles() & ensure_vectorgrid()
    stamp = STATIC_DIR / f".versions-{xleaflet.VERSION}"
    if not stamp.exists():
        leaflet = Path(xleaflet.BASE_DIR)
        _copy(leaflet / "leaflet.js", STATIC_DIR / "leaflet" / "leaflet.js")
        _copy(leaflet / "leaflet.css", STATIC_DIR / "leaflet" / "leaflet.css")
        _copy(leaflet / "images", STATIC_DIR / "leaflet" / "images")
        stamp.touch()
    if complete:
        _all_in_place.set()
    return STATIC_DIR


def vectorgrid_version() -> str | None:
    """The installed npm package's version (None when `npm ci` has not run: the national map says so)."""
    try:
        return json.loads((VECTORGRID_PACKAGE / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return None


def ensure_vectorgrid() -> bool:
    """Copy Leaflet.VectorGrid's bundle once per package version; False when the package is not installed."""
    version = vectorgrid_version()
    if version is None:
        return False
    stamp = STATIC_DIR / "vectorgrid" / f".version-{version}"
    if not stamp.exists():
        bundle = "Leaflet.VectorGrid.bundled.min.js"
        _copy(VECTORGRID_PACKAGE / "dist" / bundle, STATIC_DIR / "vectorgrid" / bundle)
        stamp.touch()
    return True


def ensure_tiles() -> Path:
    """The county tiles, built now if missing (the national page waits for them; a stamp check otherwise)."""
    with _tiles_lock:
        return tiles.ensure_counties(tiles.ROOT)


def start_tiles() -> bool:
    """Build missing county tiles on a thread (a checkout started without make), so no page waits for them
    unless it is the national overview, opened within the ~8 s the build takes. True if they are built."""
    if tiles.is_built(tiles.ROOT / tiles.COUNTY_SET, tiles.county_key()):
        return True
    if not _tiles_lock.locked():
        threading.Thread(target=ensure_tiles, name="peakatlas-tiles", daemon=True).start()
    return False


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
