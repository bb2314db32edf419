"""The national overview's map (全国概览): every county of China from the app's own vector tiles (geo/tiles.py,
drawn by Leaflet.VectorGrid on canvas), coloured in the browser from a small code → status JSON, so the tiles
never change when figures do. Hover shows a county's name, province, the plans covering it and its status;
a click opens the same in a popup with a link to its area page where PeakAtlas has one. Every text reaches the
page through textContent (never as HTML) or esc()."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import folium
import pandas as pd
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from data import divisions, gazetteer_data, national, plan_data
from data.i18n import pick, t
from geo import boundaries, tiles
from layers import assets, palette
from layers.assets import COUNTY_TILES, VECTORGRID_JS, OfflineMap
from layers.html_safe import script_json
from layers.legend import LEGEND_CSS, NARROW_PX, FitBeside, Legend
from layers.map_access import MapAccess

COLOUR = {
    **{s: palette.STATUS[s] for s in national.WORST_FIRST},
    national.PLAN_ONLY: palette.STATUS["no_report"],
    national.NO_PLAN: palette.FRAME_LIGHT,
}
CHINA = (17.5, 73.4, 53.6, 135.1)  # south, west, north, east: the view it opens on
TILE_BOUNDS = ((3.0, 73.0), (54.0, 136.0))  # no tile request outside these (the standard map's extent)
AREA_PAGE = "/area?area="


@dataclass(frozen=True)
class Overview:
    """What the national page shows, for one year, language and store revision."""

    lang: str
    year: int
    statuses: tuple[national.CountyStatus, ...]
    total: int  # county-level units in the tiles
    illustrative: bool

    def count(self, status: str) -> int:
        return sum(s.status == status for s in self.statuses)


def ready() -> bool:
    """The browser library is installed and the tiles are built (building them now if they are missing)."""
    if not assets.ensure_vectorgrid():
        return False
    assets.ensure_tiles()
    return True


def overview(year: int, lang: str, figures: pd.DataFrame, allocations: pd.DataFrame | None) -> Overview:
    statuses = tuple(national.county_statuses(year, figures, allocations).values())
    total = tiles.stamp(tiles.ROOT / tiles.COUNTY_SET)["features"][tiles.COUNTIES]
    return Overview(lang, year, statuses, total, any(s.illustrative for s in statuses))


def status_label(status: str, lang: str) -> str:
    return (
        t(f"national_{status}", lang)
        if status in (national.PLAN_ONLY, national.NO_PLAN)
        else t(f"status_{status}", lang)
    )


def _plan_titles(plan_ids: tuple[str, ...], lang: str) -> list[str]:
    plans = plan_data.load_plans().set_index("id")
    return [pick(plans.loc[p, "title"], plans.loc[p, "title_en"], lang) for p in plan_ids]


def _counts_text(counts: tuple[tuple[str, int], ...], lang: str) -> str:
    return " · ".join(f"{t(f'status_{s}', lang)} {n}" for s, n in counts) or "–"


def _point(geometry) -> list[float]:
    """A point inside the county (lat, lon): its dot while the whole country is in view."""
    p = geometry.representative_point()
    return [round(p.y, 4), round(p.x, 4)]


def _lang_part(lang: str) -> str:
    return "&lang=en" if lang == "en" else ""


def area_href(code: str, lang: str) -> str:
    return f"{AREA_PAGE}{code}{_lang_part(lang)}"


def county_json(ov: Overview) -> dict[str, dict]:
    """County code → what the page shows of it: colour, status label, name, plans, target counts, illustrative,
    the address of its area page, a point inside it. Plain text: the browser
    writes it as text."""
    outlines = boundaries.official_units()
    return {
        s.code: {
            "colour": COLOUR[s.status],
            "status": status_label(s.status, ov.lang),
            "name": gazetteer_data.area_label(s.code, ov.lang),
            "plans": _plan_titles(s.plan_ids, ov.lang),
            "targets": _counts_text(s.counts, ov.lang),
            "illustrative": s.illustrative,
            "href": area_href(s.code, ov.lang),
            "at": _point(outlines.loc[s.code, "geometry"]),
            "rank": national.STATUSES.index(s.status),  # dots of worse statuses drawn on top
        }
        for s in ov.statuses
    }


def clicked_county(ov: Overview, value: dict | None) -> str | None:
    """The county the map component reports as clicked (its code), else None (a value that is not ours)."""
    code = (((value or {}).get("last_active_drawing") or {}).get("properties") or {}).get("code")
    d = divisions.get(str(code)) if code else None
    return d.code if d is not None and d.level == "county" else None


def county_lines(ov: Overview, code: str) -> tuple[str, list[str]]:
    """A county's name and its lines of detail as the page shows them beside the map (plain text): for one no
    plan in PeakAtlas covers, that it has none (its area page lists its towns)."""
    province = national.provinces().loc[code[:2]]
    lines = [f"{t('national_province', ov.lang)}: {pick(province['name'], province['name_en'], ov.lang)}"]
    a = county_json(ov).get(code)
    if a is None:
        return divisions.get(code).name, [*lines, f"{t('national_status', ov.lang)}: {_none_status(ov.lang)}"]
    lines += [
        f"{t('national_plans', ov.lang)}: {'; '.join(a['plans'])}",
        f"{t('national_status', ov.lang)}: {a['status']}",
        f"{t('national_targets', ov.lang)}: {a['targets']}",
    ]
    return a["name"], lines


def _none_status(lang: str) -> str:
    return status_label(national.NO_PLAN, lang)


def config(ov: Overview, tiles_url: str = COUNTY_TILES) -> dict:
    """Everything the browser needs: tiles, colours, the county JSON, province names and labels."""
    lang = ov.lang
    provinces = national.provinces()
    return {
        "url": tiles_url,
        "bounds": TILE_BOUNDS,
        "minZoom": tiles.MIN_ZOOM,
        "maxZoom": tiles.MAX_ZOOM,
        "dotsBelow": 7,
        "narrowPx": NARROW_PX,
        "layers": {"counties": tiles.COUNTIES, "borders": tiles.BORDERS},
        "areas": county_json(ov),
        "none": {"colour": COLOUR[national.NO_PLAN], "status": _none_status(lang)},
        "areaHref": [AREA_PAGE, _lang_part(lang)],  # around a county's code: every county of China has a page
        "line": palette.WHITE,
        "coveredLine": palette.AREA_OUTLINE,
        "border": palette.DISTRICT_LINE,
        "provinces": {
            c: pick(n, e, lang) for c, n, e in zip(provinces["code"], provinces["name"], provinces["name_en"])
        },
        "text": {
            k: t(f"national_{k}", lang)
            for k in ("province", "plans", "status", "targets", "hover_hint", "illustrative_note")
        }
        | {"open": t("open_area_page", lang), "illustrative": t("illustrative_badge", lang)},
    }


def legend(ov: Overview) -> Legend:
    lang = ov.lang
    rows = [("fill", COLOUR[s], status_label(s, lang)) for s in national.STATUSES]
    sections = [
        (t("national_legend_status", lang), rows),
        (t("legend_boundaries", lang), [("line", palette.DISTRICT_LINE, t("national_province_border", lang))]),
    ]
    notes = [t("national_worst_note", lang), t("national_dot_note", lang), t("national_boundary_note", lang)]
    if ov.illustrative:
        notes.append(t("national_illustrative_note", lang))
    return Legend(t("legend", lang), sections, notes)


class CountyTiles(JSCSSMixin, MacroElement):
    """The county tiles as a Leaflet.VectorGrid canvas layer, styled per county from the page's JSON, with the
    hover box and the click popup."""

    default_js = [("leaflet_vectorgrid", VECTORGRID_JS)]
    _template = Template(Path(__file__).with_suffix(".js.jinja").read_text(encoding="utf-8"))

    def __init__(self, cfg: dict):
        super().__init__()
        self._name = "CountyTiles"
        self.config = script_json(cfg)


def build_map(ov: Overview, tiles_url: str = COUNTY_TILES) -> folium.Map:
    """The national overview as a folium map (the app's map component, or a standalone HTML file; the bench
    points it at other tiles)."""
    # quarter zoom steps: the whole country fits a narrow map (a phone, the page's column) beside the legend
    m = OfflineMap(
        location=[35.0, 104.0], zoom_start=4, min_zoom=tiles.MIN_ZOOM, max_zoom=tiles.MAX_ZOOM, zoom_snap=0.25
    )
    m.get_root().header.add_child(
        folium.Element(
            f"<style>html .leaflet-container{{background:{palette.MAP_BACKGROUND};"
            "font-family:system-ui,'PingFang SC','Microsoft YaHei',sans-serif}" + LEGEND_CSS + _BOX_CSS + "</style>"
        ),
        name="pa_style",
    )
    CountyTiles(config(ov, tiles_url)).add_to(m)
    legend(ov).add_to(m)
    FitBeside(*CHINA).add_to(m)
    MapAccess(t("national_frame_title", ov.lang), ov.lang).add_to(m)
    return m


_BOX_CSS = (
    ".pa-county{background:rgba(255,255,255,.95);padding:5px 9px;border-radius:6px;max-width:260px;"
    "box-shadow:0 1px 4px rgba(0,0,0,.3);font-size:12.5px;line-height:1.45;color:" + palette.TEXT + "}"
    ".pa-county b{font-size:14px}.pa-county .pa-muted{color:" + palette.TEXT_MUTED + "}"
    ".pa-county a{display:inline-block;margin-top:4px;font-weight:600}"
)
