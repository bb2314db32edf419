"""Optional basemaps a deployer can switch on (settings PEAKATLAS_BASEMAPS, PEAKATLAS_TIANDITU_KEY,
PEAKATLAS_TILE_URL / _DATUM / _ATTR). Default: none — the app then needs no outside server."""

from __future__ import annotations

from dataclasses import dataclass

from data import settings
from data.i18n import t


@dataclass(frozen=True)
class Basemap:
    key: str
    url: str
    attribution: str
    datum: str  # overlays are shifted to this datum so they line up with the tiles

    def label(self, lang: str) -> str:
        return t(f"basemap_{self.key}", lang)


NONE = Basemap("none", "", "", "wgs84")


def _catalogue() -> dict[str, Basemap]:
    key = settings.get("PEAKATLAS_TIANDITU_KEY")
    return {
        "osm": Basemap(
            "osm", "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "© OpenStreetMap contributors", "wgs84"
        ),
        "tianditu": Basemap(
            "tianditu",
            "https://t{s}.tianditu.gov.cn/DataServer?T=vec_w&x={x}&y={y}&l={z}&tk=" + key,
            "© 天地图 GS(2024)0650",
            "wgs84",
        ),
        "amap": Basemap(
            "amap",
            "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
            "© 高德地图",
            "gcj02",
        ),
        "custom": Basemap(
            "custom",
            settings.get("PEAKATLAS_TILE_URL"),
            settings.get("PEAKATLAS_TILE_ATTR"),
            settings.get("PEAKATLAS_TILE_DATUM"),
        ),
    }


def available() -> list[Basemap]:
    """NONE first, then the basemaps the deployer enabled (and configured: a key or URL where needed)."""
    cat = _catalogue()
    usable = [cat[k] for k in settings.get("PEAKATLAS_BASEMAPS") if cat[k].url and not cat[k].url.endswith("tk=")]
    return [NONE] + usable


def get(key: str) -> Basemap:
    return next((b for b in available() if b.key == key), NONE)
