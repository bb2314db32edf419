"""Optional basemaps a deployer can switch on. Default: none — the app then needs no outside server.

PEAKATLAS_BASEMAPS: comma-separated keys to offer (osm, tianditu, amap, custom).
PEAKATLAS_TIANDITU_KEY: the 天地图 key. PEAKATLAS_TILE_URL / PEAKATLAS_TILE_DATUM / PEAKATLAS_TILE_ATTR: an
intranet tile server ({z}/{x}/{y} template) and its datum (wgs84 or gcj02)."""
from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Basemap:
    key: str
    label_zh: str
    label_en: str
    url: str
    attribution: str
    datum: str  # overlays are shifted to this datum so they line up with the tiles

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_zh


NONE = Basemap("none", "无底图(离线)", "No basemap (offline)", "", "", "wgs84")


def _catalogue() -> dict[str, Basemap]:
    key = os.environ.get("PEAKATLAS_TIANDITU_KEY", "")
    return {
        "osm": Basemap("osm", "OpenStreetMap", "OpenStreetMap", "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                       "© OpenStreetMap contributors", "wgs84"),
        "tianditu": Basemap("tianditu", "天地图", "Tianditu",
                            "https://t{s}.tianditu.gov.cn/DataServer?T=vec_w&x={x}&y={y}&l={z}&tk=" + key,
                            "© 天地图 GS(2024)0650", "wgs84"),
        "amap": Basemap("amap", "高德地图(GCJ-02)", "AMap (GCJ-02)",
                        "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
                        "© 高德地图", "gcj02"),
        "custom": Basemap("custom", "内网底图", "Intranet basemap", os.environ.get("PEAKATLAS_TILE_URL", ""),
                          os.environ.get("PEAKATLAS_TILE_ATTR", "intranet tiles"),
                          os.environ.get("PEAKATLAS_TILE_DATUM", "wgs84")),
    }


def available() -> list[Basemap]:
    """NONE first, then the basemaps the deployer enabled (and configured: a key or URL where needed)."""
    cat = _catalogue()
    wanted = [k.strip() for k in os.environ.get("PEAKATLAS_BASEMAPS", "").split(",") if k.strip()]
    usable = [cat[k] for k in wanted if k in cat and cat[k].url and not cat[k].url.endswith("tk=")]
    return [NONE] + usable


def get(key: str) -> Basemap:
    return next((b for b in available() if b.key == key), NONE)
