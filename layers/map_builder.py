"""Building the folium map for a view: boundaries, measure layers, progress choropleth and legend."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import folium
import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import mapping

from data import gazetteer_data, plan_data, years
from data.i18n import pick, t
from geo import areas, datums, store
from geo.export import prepared
from geo.joins import measure_points
from layers import basemaps, families, palette
from layers.assets import OfflineMap
from layers.html_safe import esc
from layers.labels import LABEL_CSS, AreaLabels, area_labels, site_labels
from layers.legend import LEGEND_CSS, FitBeside, Legend, legend_main_html, legend_notes_html, legend_section
from layers.map_access import FillWindow, MapAccess
from layers.paint import Paint, PaintSupport
from layers.popups import measure_group_popup, measure_group_tooltip
from layers.styles import MAP_PRINT_CSS

QUALITY_KEYS = {"official": "boundary_official", "schematic": "boundary_schematic", "imported": "boundary_imported"}


@dataclass(frozen=True)
class MapSpec:
    scope: str | None = None  # None: every jurisdiction; else a city, district or town code
    layers: tuple[str, ...] = families.DEFAULT_ON
    towns: bool = True
    choropleth: tuple | None = None  # a tuple of status rows, see choropleth_rows(); None = off
    gaps: tuple[tuple[str, int], ...] | None = None  # (area code, targets without an approved figure); None = off
    gaps_year: int = field(default_factory=years.reporting_year)
    lang: str = "zh"
    present: bool = False  # present mode: type for a projector, the map fills the window below the title
    basemap: str = "none"
    bounds: tuple[float, float, float, float] | None = None  # (south, west, north, east)
    extra: dict = field(default_factory=dict, compare=False, hash=False)


# ---------------------------------------------------------------- geometry, cached per store version


@functools.lru_cache(maxsize=16)
def _areas(level: str, datum: str, version: str) -> gpd.GeoDataFrame:
    return prepared(level, None, datum, simplified=True)


@functools.lru_cache(maxsize=32)
def _labels(level: str, datum: str, lang: str, version: str) -> tuple[dict, ...]:
    return tuple(area_labels(_areas(level, datum, version), lang, level))


def view_labels(dist: gpd.GeoDataFrame, towns: gpd.GeoDataFrame, scope: str | None, lang: str, datum: str) -> list:
    """The names a view shows: its districts, its towns (when drawn) and the measure sites in it."""
    version = store.version()
    wanted = set(dist["code"]) | set(towns["code"])
    labels = [
        lab for level in ("district", "town") for lab in _labels(level, datum, lang, version) if lab["code"] in wanted
    ]
    sites = _measure_points(datum)
    sites = sites[sites["position"] == "site"]
    sites = sites[[gazetteer_data.is_within(c, scope) for c in sites["area_code"]]]
    return labels + site_labels(sites.drop_duplicates("place_name"))


def area_frame(level: str, datum: str = datums.WGS84) -> gpd.GeoDataFrame:
    """Display-ready areas (simplified, shared edges kept) in the basemap's datum."""
    return _areas(level, datum, store.version())


def _scope_districts(scope: str | None) -> list[str] | None:
    """The district codes a view covers (None = all)."""
    if scope is None:
        return None
    lineage = gazetteer_data.lineage(scope)
    district = next(
        (
            c
            for c in lineage
            if c in gazetteer_data.districts().index and gazetteer_data.districts().loc[c, "level"] == "district"
        ),
        None,
    )
    return [district] if district else areas.descendant_districts(scope)


def _shift(geoms, datum: str):
    return geoms if datum == datums.WGS84 else datums.geoms_from_wgs84(np.asarray(geoms, dtype=object), datum)


# ---------------------------------------------------------------- layers


def _area_features(gdf: gpd.GeoDataFrame, lang: str, extra_props=None) -> dict:
    feats = []
    for r in gdf.itertuples():
        quality = t(QUALITY_KEYS[r.boundary_quality], lang)
        name = pick(r.name, r.name_en, lang)
        props = {
            "code": r.code,
            "name": esc(name),
            "level": r.level,
            "quality": esc(quality),
            "boundary_quality": r.boundary_quality,
        }
        if extra_props:
            props.update(extra_props(r))
        feats.append({"type": "Feature", "id": r.code, "properties": props, "geometry": mapping(r.geometry)})
    return {"type": "FeatureCollection", "features": feats}


def _boundary_layer(gdf, lang: str, name: str, weight: float, colour: str) -> folium.GeoJson:
    def style(feature):
        schematic = feature["properties"]["boundary_quality"] == "schematic"
        return {
            "color": colour,
            "weight": weight,
            "fillColor": colour,
            "fillOpacity": 0.03,
            "dashArray": "6 5" if schematic else None,
        }

    return folium.GeoJson(
        _area_features(gdf, lang),
        name=name,
        style_function=style,
        highlight_function=lambda f: {"weight": weight + 2, "fillOpacity": 0.12},
        tooltip=folium.GeoJsonTooltip(fields=["name", "quality"], labels=False, sticky=True),
    )


def _paint_cities(dist: gpd.GeoDataFrame) -> list[str]:
    """The areas a base map carries for its paint without drawing them: the cities of its districts that have
    an outline (the codes alone: a paint needs no geometry of them, areas_for_codes draws them for the base)."""
    units = areas.units(include_cities=True)
    parents = {c for c in map(gazetteer_data.parent, dist["code"]) if c}
    return sorted(c for c in parents if c in units.index and units.loc[c, "level"] == "city")


def _geometry(geometry) -> dict:
    return mapping(shapely.set_precision(geometry, 1e-5))


def _shape_entries(units: gpd.GeoDataFrame, lang: str) -> dict[str, dict]:
    """code → the geometry, name and level a paint item takes from its base map (layers/paint.py)."""
    return {
        r.code: {"geometry": _geometry(r.geometry), "name": esc(pick(r.name, r.name_en, lang)), "level": r.level}
        for r in units.itertuples()
    }


def _paint_item(r, has: set[str], lang: str, style: dict, lines: tuple[str, ...], **props) -> dict:
    """One area's paint: its code and its tooltip lines (under its name: layers/paint.py joins them in the
    browser); its own geometry, name and level only where the base map has no shape of it (`has`)."""
    item = {"code": r.code, "style": style, "lines": [esc(x) for x in lines if x], **props}
    if r.code not in has:
        item |= {"geometry": _geometry(r.geometry), "name": esc(pick(r.name, r.name_en, lang)), "level": r.level}
    return item


def _progress_items(rows: dict, units: gpd.GeoDataFrame, has: set[str], lang: str) -> list[dict]:
    def style(r, row):
        # an area drawn over its coloured parent is (nearly) opaque: two translucent fills would blend into a
        # colour no legend explains
        over = gazetteer_data.parent(r.code) in rows
        return {
            "color": palette.AREA_OUTLINE,
            "weight": 1.5,
            "fillOpacity": 0.9 if over else 0.55,
            "fillColor": palette.STATUS[row["status"]],
        }

    return [
        _paint_item(
            r,
            has,
            lang,
            style(r, rows[r.code]),
            (rows[r.code]["label"], rows[r.code]["detail"]),
            status=rows[r.code]["status"],
        )
        for r in units.itertuples()
    ]


_GAP_STYLE = {"color": palette.GAP, "weight": 2.5, "dashArray": "2 6", "fillColor": palette.GAP, "fillOpacity": 0.12}


def view_paint(spec: MapSpec) -> dict:
    """The view's progress colours and reporting gaps (areas lacking approved figures: a red dashed outline with
    a light fill, the count in the tooltip) as paint items, and the legend sections and notes that explain them."""
    datum = basemaps.get(spec.basemap).datum
    dist, towns = view_areas(spec, datum)
    shown_towns = towns if spec.towns else towns.iloc[0:0]
    has = set(dist["code"]) | set(shown_towns["code"]) | set(_paint_cities(dist))  # the base map's shapes
    items = []
    if spec.choropleth:  # above the boundaries, so its value/status tooltip and click reach the reader
        rows = {r["area_code"]: r for r in spec.choropleth}
        items += _progress_items(rows, areas_for_codes(list(rows), datum), has, spec.lang)
    if spec.gaps:
        counts = dict(spec.gaps)
        for r in areas_for_codes(list(counts), datum).itertuples():
            line = t("gap_tooltip", spec.lang, n=counts[r.code], year=spec.gaps_year)
            items.append(_paint_item(r, has, spec.lang, _GAP_STYLE, (line,)))
    sections, notes = legend_parts(spec, dist, shown_towns)
    return {"items": items, "main": legend_main_html(sections), "notes": legend_notes_html(notes)}


def _offset(point: shapely.Point, slot: int, position: str) -> tuple[float, float]:
    """Spread families that share an anchor point around it (anchors are approximate anyway)."""
    if position == "site":
        return point.y, point.x
    radius = 0.004 if position == "town" else 0.012
    angle = 2 * math.pi * slot / len(families.FAMILIES)
    return point.y + radius * math.sin(angle), point.x + radius * math.cos(angle)


def _popup_layer(features: list[dict], style, tooltip_fields: list[str], marker=None) -> folium.GeoJson:
    """One GeoJSON layer whose features carry their own (escaped) popup HTML: far cheaper to build and send
    than one folium Popup per marker."""
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=style,
        marker=marker,
        tooltip=folium.GeoJsonTooltip(fields=tooltip_fields, labels=False, localize=False, sticky=True),
        popup=folium.GeoJsonPopup(fields=["popup"], labels=False, localize=False, max_width=380),
    )


@dataclass(frozen=True)
class FamilyLayer:
    key: str
    count: int  # measures of the family in the view
    group: folium.FeatureGroup | None  # None when the family has no measure in the view


@plan_data.derived
@functools.lru_cache(maxsize=8)
def _measure_points(datum: str) -> gpd.GeoDataFrame:
    pts = measure_points(plan_data.load_measures())
    pts["family"] = [families.family_of(c).key for c in pts["category"]]
    pts["geometry"] = list(_shift(pts.geometry.values, datum))
    return pts


@dataclass(frozen=True)
class Anchor:
    """Where one marker of a family stands: its measures (`rows`) at one site, town seat or district centre."""

    area_code: str
    position: str  # site | town | district
    lat: float
    lon: float
    rows: gpd.GeoDataFrame


@dataclass(frozen=True)
class FamilyMarks:
    """A family's measures in a view as the map draws them: pilot towns outlined, the rest as anchors."""

    key: str
    count: int
    pilot_towns: list[str]
    pilot_rows: gpd.GeoDataFrame
    anchors: list[Anchor]


def family_marks(scope: str | None, key: str, datum: str = datums.WGS84) -> FamilyMarks:
    """One family in a view: the towns it names as a whole (PV pilots), and a marker per anchor for the rest."""
    fam = families.BY_KEY[key]
    pts = _measure_points(datum)
    sub = pts[pts["family"] == key]
    sub = sub[[gazetteer_data.is_within(c, scope) for c in sub["area_code"]]]
    if sub.empty:
        return FamilyMarks(key, 0, [], sub, [])
    pilots, pilot_rows = [], sub.iloc[0:0]
    if fam.shape == "town":
        town_codes = set(area_frame("town", datum)["code"])
        pilot_rows = sub[sub["position"] == "town"]
        pilots = [c for c in dict.fromkeys(pilot_rows["area_code"]) if c in town_codes]
        sub = sub[~sub["area_code"].isin(pilots) | (sub["position"] != "town")]
    slot = [f.key for f in families.FAMILIES].index(key)
    anchors = [
        Anchor(area_code, position, *_offset(grp.geometry.iloc[0], slot, position), grp)
        for (area_code, position), grp in sub.groupby(["area_code", "position"], sort=False)
    ]
    count = len(sub) + int(pilot_rows["area_code"].isin(pilots).sum())
    return FamilyMarks(key, count, pilots, pilot_rows, anchors)


def _pilot_towns(marks: FamilyMarks, title: str, lang: str, datum: str, group: folium.FeatureGroup) -> None:
    """The towns a family names as a whole (PV pilots) highlighted themselves."""
    town_gdf = area_frame("town", datum).set_index("code", drop=False)
    colour = families.BY_KEY[marks.key].colour

    def popup(r):
        rows = marks.pilot_rows[marks.pilot_rows["area_code"] == r.code]
        return {"popup": measure_group_popup(title, gazetteer_data.area_name(r.code), rows, "town_area", lang)}

    feats = _area_features(town_gdf.loc[marks.pilot_towns], lang, popup)["features"]
    # an outline, never a second translucent fill over a progress colour (fill-opacity 0 still takes clicks)
    style = {"color": colour, "weight": 4, "fillColor": colour, "fillOpacity": 0}
    _popup_layer(feats, lambda f: style, ["name", "quality"]).add_to(group)


def _marker(key: str, a: Anchor, title: str, lang: str) -> dict:
    """One marker for a family's measures at one anchor (a site, a town seat, a district centre)."""
    area_name = gazetteer_data.area_name(a.area_code) or a.area_code
    return {
        "type": "Feature",
        "id": f"{key}-{a.area_code}-{a.position}",
        "geometry": {"type": "Point", "coordinates": [a.lon, a.lat]},
        "properties": {
            "area": a.area_code,
            "site": a.position == "site",
            "popup": measure_group_popup(title, area_name, a.rows, a.position, lang),
            "tip": measure_group_tooltip(title, a.rows, a.position, lang),
        },
    }


def marker_style(site: bool) -> dict:
    """A marker's look apart from its colour: sites solid, anchors at a town seat or district centre dashed."""
    return {
        "color": palette.MARKER_OUTLINE,
        "weight": 1.5,
        "fillOpacity": 0.9 if site else 0.65,
        "dashArray": None if site else "3 3",
        "radius": 8 if site else 7,
    }


def family_layer(scope: str | None, key: str, lang: str, datum: str = datums.WGS84) -> FamilyLayer:
    """One measure family in a view: markers with their popups, and for the PV pilots the towns themselves."""
    marks = family_marks(scope, key, datum)
    if not marks.count:
        return FamilyLayer(key, 0, None)
    fam = families.BY_KEY[key]
    title = fam.label(lang)
    group = folium.FeatureGroup(name=title)
    if marks.pilot_towns:
        _pilot_towns(marks, title, lang, datum, group)
    if marks.anchors:
        feats = [_marker(key, a, title, lang) for a in marks.anchors]
        marker = folium.CircleMarker(radius=7, fill=True)

        def style(f, c=fam.colour):
            return {**marker_style(f["properties"]["site"]), "fillColor": c}

        _popup_layer(feats, style, ["tip"], marker=marker).add_to(group)
    return FamilyLayer(key, marks.count, group)


def legend_layers_html(layers: list[FamilyLayer], lang: str) -> str:
    """The legend's layer rows for the families with something in view, with their measure counts."""
    return legend_section(t("legend_layers", lang), family_legend_rows({f.key: f.count for f in layers}, lang))


# ---------------------------------------------------------------- the map


def _empty_map(basemap, lang: str) -> folium.Map:
    m = OfflineMap(tiles=None, control_scale=True, zoom_snap=0.25, prefer_canvas=False)
    if basemap.url:
        folium.TileLayer(
            basemap.url,
            attr=basemap.attribution,
            name=basemap.label(lang),
            subdomains="1234" if basemap.key == "amap" else "01234567",
        ).add_to(m)
    m.get_root().header.add_child(
        folium.Element(
            f"<style>.leaflet-container{{background:{palette.MAP_BACKGROUND};"
            "font-family:system-ui,'PingFang SC','Microsoft YaHei',sans-serif}"
            ".pa-pop ul{max-height:260px;overflow:auto}" + LABEL_CSS + LEGEND_CSS + MAP_PRINT_CSS + "</style>"
        ),
        name="pa_style",
    )
    return m


def view_areas(spec: MapSpec, datum: str) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The districts and towns a view draws."""
    scope_districts = _scope_districts(spec.scope)
    dist = area_frame("district", datum)
    if scope_districts is not None:
        dist = dist[dist["code"].isin(scope_districts)]
    towns = area_frame("town", datum)
    towns = towns[towns["parent_code"].isin(dist["code"])]
    if spec.scope and len(spec.scope) == 9:
        towns = towns[towns["code"] == spec.scope]
    return dist, towns


def legend_parts(spec: MapSpec, dist: gpd.GeoDataFrame, towns: gpd.GeoDataFrame) -> tuple[list, list[str]]:
    """Only what is drawn: the statuses that colour some area, the boundary kinds in view, the gaps if shown;
    and the notes (illustrative figures, schematic shapes, approximate places, districts outside the view)."""
    from data.progress import STATUSES

    rows = []
    if spec.choropleth:
        drawn = {r["status"] for r in spec.choropleth}
        swatches = [("fill", palette.STATUS[s], t(f"status_{s}", spec.lang)) for s in STATUSES if s in drawn]
        rows.append((spec.extra.get("indicator_label", t("indicator", spec.lang)), swatches))
    lines = [("line", palette.DISTRICT_LINE, t("boundary_official", spec.lang))]
    if spec.towns and (towns["boundary_quality"] == "schematic").any():
        lines.append(("dash", palette.TOWN_LINE, t("boundary_schematic", spec.lang)))
    if spec.towns and (towns["boundary_quality"] == "imported").any():
        lines.append(("line", palette.TOWN_LINE, t("boundary_imported", spec.lang)))
    if spec.gaps:
        lines.append(("dash", palette.GAP, t("layer_gaps", spec.lang)))
    rows.append((t("legend_boundaries", spec.lang), lines))
    notes = [t("schematic_note", spec.lang), t("approx_location_note", spec.lang)]
    if spec.choropleth and any(r.get("illustrative") for r in spec.choropleth):
        notes.insert(0, t("illustrative_note", spec.lang))
    if spec.bounds and (outside := _outside_bounds(dist, spec.bounds)):
        notes.append(t("outside_view_note", spec.lang, names="、".join(pick(n, e, spec.lang) for n, e in outside)))
    return rows, notes


def family_legend_rows(counts: dict[str, int], lang: str) -> list[tuple[str, str, str]]:
    """The legend's layer rows for the families with something in view, with their measure counts."""
    return [
        (
            "outline" if families.BY_KEY[key].shape == "town" else "dot",
            families.BY_KEY[key].colour,
            f"{families.BY_KEY[key].label(lang)} ({n})",
        )
        for key, n in counts.items()
        if n
    ]


def _legend(spec: MapSpec, dist: gpd.GeoDataFrame, towns: gpd.GeoDataFrame, layers_html: str) -> Legend:
    rows, notes = legend_parts(spec, dist, towns)
    return Legend(t("legend", spec.lang), rows, notes, layers_html, large=spec.present)


def build_base(spec: MapSpec, layers_html: str = "") -> folium.Map:
    """Everything but the measure families and the paint (progress, gaps: view_paint): boundaries, labels, the
    legend (its layer rows are `layers_html`, filled in by build_map or, in the app, by the script that adds
    the families; its sections by the paint)."""
    basemap = basemaps.get(spec.basemap)
    m = _empty_map(basemap, spec.lang)
    dist, towns = view_areas(spec, basemap.datum)
    _boundary_layer(dist, spec.lang, "districts", 2.2, palette.DISTRICT_LINE).add_to(m)
    if spec.towns and len(towns):
        _boundary_layer(towns, spec.lang, "towns", 1.0, palette.TOWN_LINE).add_to(m)
    PaintSupport(_shape_entries(areas_for_codes(_paint_cities(dist), basemap.datum), spec.lang)).add_to(m)
    shown_towns = towns if spec.towns else towns.iloc[0:0]
    _legend(spec, dist, shown_towns, layers_html).add_to(m)
    AreaLabels(view_labels(dist, shown_towns, spec.scope, spec.lang, basemap.datum), spec.present).add_to(m)
    if spec.present:
        FillWindow().add_to(m)
    if spec.bounds:
        FitBeside(*spec.bounds).add_to(m)
    else:
        minx, miny, maxx, maxy = (towns if spec.scope and len(spec.scope) == 9 else dist).total_bounds
        FitBeside(miny, minx, maxy, maxx).add_to(m)
    view = spec.extra.get("view_title") or t("map_title", spec.lang)
    MapAccess(t("map_frame_title", spec.lang, view=view), spec.lang).add_to(m)
    return m


def _outside_bounds(dist: gpd.GeoDataFrame, bounds: tuple[float, float, float, float]) -> list[tuple[str, str]]:
    """(name, English name) of the drawn districts whose centre lies outside the view's extent."""
    s, w, n, e = bounds
    centres = dist.geometry.representative_point()
    return [(r.name, r.name_en) for r, c in zip(dist.itertuples(), centres) if not (w <= c.x <= e and s <= c.y <= n)]


def view_layers(spec: MapSpec) -> list[FamilyLayer]:
    datum = basemaps.get(spec.basemap).datum
    return [family_layer(spec.scope, key, spec.lang, datum) for key in spec.layers]


def build_map(spec: MapSpec) -> folium.Map:
    """The whole map of a view as one folium map (standalone HTML, tests, benchmarks)."""
    layers = view_layers(spec)
    m = build_base(spec, legend_layers_html(layers, spec.lang))
    Paint(view_paint(spec)).add_to(m)
    for layer in layers:
        if layer.group is not None:
            layer.group.add_to(m)
    return m


def areas_for_codes(codes: list[str], datum: str) -> gpd.GeoDataFrame:
    """Display geometry for a mix of town, district and city codes (cities drawn first, beneath)."""
    towns = area_frame("town", datum)
    units = areas.units(include_cities=True)
    dist = area_frame("district", datum)
    parts = []
    cities = [c for c in codes if c in units.index and units.loc[c, "level"] == "city"]
    if cities:
        city = units.loc[cities].copy()
        city["geometry"] = list(_shift(shapely.simplify(np.asarray(city.geometry.values, dtype=object), 0.0005), datum))
        parts.append(city)
    parts.append(dist[dist["code"].isin(codes)])
    parts.append(towns[towns["code"].isin(codes)])
    return gpd.GeoDataFrame(gpd.pd.concat(parts), crs=4326)
