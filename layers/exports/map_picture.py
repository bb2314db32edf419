"""A view's map as a picture (PNG or SVG) for slides and reports: the same areas, progress colours, measure layers,
place names and legend as the app's map (layers/map_builder.py), drawn by matplotlib with the embedded CJK font.
The legend sits in its own panel beside (or, on a tall picture, below) the map, so nothing covers the area."""

from __future__ import annotations

import functools
import io
import math

import geopandas as gpd
from matplotlib import font_manager, patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from data import gazetteer_data
from data.i18n import t
from geo.datums import WGS84
from layers import families, palette
from layers.exports import fonts, stamp
from layers.exports.picture_legend import Panel, draw_legend
from layers.map_builder import (
    MapSpec,
    area_frame,
    areas_for_codes,
    family_legend_rows,
    family_marks,
    legend_parts,
    marker_style,
    view_areas,
    view_labels,
)

SITE_LABEL_SPAN = 0.3  # degrees of longitude: measure sites are named on pictures narrower than this


@functools.cache
def font() -> font_manager.FontProperties:
    """The embedded CJK font, registered with matplotlib once per process."""
    font_manager.fontManager.addfont(str(fonts.font_file()))
    return font_manager.FontProperties(fname=str(fonts.font_file()))


def render(spec: MapSpec, fmt: str, size: tuple[int, int] = stamp.SLIDE, state: str = "", **look) -> bytes:
    """The picture of `spec` at `size` pixels (PNG; SVG at the same proportions); `state` is the data-state
    line printed at the foot (layers/exports/stamp.py); `look`: figure()'s type_scale and titled."""
    if fmt not in stamp.PICTURE_FORMATS:
        raise ValueError(fmt)
    fig = figure(spec, size, state, **look)
    out = io.BytesIO()
    canvas = FigureCanvasAgg(fig) if fmt == "png" else FigureCanvasSVG(fig)
    canvas.print_figure(out, format=fmt, dpi=100, facecolor=palette.WHITE)
    return out.getvalue()


def figure(spec: MapSpec, size: tuple[int, int], state: str = "", type_scale: float = 1.0, titled: bool = True):
    """The whole picture: title band (unless not `titled`: a report prints its own), the map, the legend panel,
    the foot line; `type_scale` enlarges the type for a picture printed small."""
    w, h = size
    fig = Figure(figsize=(w / 100, h / 100), dpi=100, facecolor=palette.WHITE)
    FigureCanvasAgg(fig)  # a renderer for measuring labels
    wide = w / h >= 1.2
    unit = (min(w, h) / 1080 if wide else w / 720) * type_scale  # type scales with the picture's size
    top = 0.87 if titled else 0.98
    foot = 0.07 if state else 0.02
    map_box = [0.015, foot, 0.70, top - foot] if wide else [0.03, 0.3, 0.94, top - 0.3]
    legend_box = [0.73, foot, 0.26, top - foot] if wide else [0.03, 0.06, 0.94, 0.22]
    ax = fig.add_axes(map_box)
    dist, towns = view_areas(spec, WGS84)
    around = _around(spec, dist, towns)
    _draw_map(ax, spec, dist, around, unit)
    _label(ax, spec, dist, around, unit)
    _scale_bar(ax, unit)
    rows, notes = legend_parts(spec, dist, towns if spec.towns else towns.iloc[0:0])
    counts = {key: family_marks(spec.scope, key).count for key in spec.layers}
    rows.append((t("legend_layers", spec.lang), family_legend_rows(counts, spec.lang)))
    draw_legend(fig.add_axes(legend_box), Panel(t("legend", spec.lang), rows, notes), font(), unit)
    if titled:
        _title(fig, spec, unit)
    fig.text(0.015, 0.025, state, fontproperties=font(), fontsize=12 * unit, color=palette.TEXT_MUTED)
    return fig


def _title(fig: Figure, spec: MapSpec, unit: float) -> None:
    title = spec.extra.get("view_title") or (
        gazetteer_data.area_label(spec.scope, spec.lang) if spec.scope else t("all_jurisdictions", spec.lang)
    )
    fig.text(0.015, 0.955, title, fontproperties=font(), fontsize=26 * unit, color=palette.TEXT, va="center")
    if label := spec.extra.get("indicator_label"):
        line = f"{label} · {t('year_suffix', spec.lang, year=spec.gaps_year)}" if spec.choropleth else label
        fig.text(0.015, 0.905, line, fontproperties=font(), fontsize=15 * unit, color=palette.TEXT_MUTED, va="center")


def _is_town(spec: MapSpec) -> bool:
    return bool(spec.scope) and len(spec.scope) == 9


def _around(spec: MapSpec, dist: gpd.GeoDataFrame, towns: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The towns drawn: a town's picture shows its district's other towns around it, so a reader sees where it
    lies (the app's map lets them zoom out; a picture cannot)."""
    if not _is_town(spec):
        return towns
    every = area_frame("town")
    return every[every["parent_code"].isin(dist["code"])]


def _extent(spec: MapSpec, dist: gpd.GeoDataFrame, towns: gpd.GeoDataFrame) -> tuple[float, float, float, float]:
    if spec.bounds:
        s, w, n, e = spec.bounds
        return w, s, e, n
    town = _is_town(spec)
    minx, miny, maxx, maxy = (towns[towns["code"] == spec.scope] if town else dist).total_bounds
    pad = (0.6 if town else 0.04) * max(maxx - minx, maxy - miny)
    return minx - pad, miny - pad, maxx + pad, maxy + pad


def _frame(ax, spec: MapSpec, dist: gpd.GeoDataFrame, towns: gpd.GeoDataFrame) -> None:
    """The view's extent widened to the map box's proportions, a degree of longitude drawn as the web map draws
    it near the view's latitude (shorter than a degree of latitude)."""
    minx, miny, maxx, maxy = _extent(spec, dist, towns)
    squash = math.cos(math.radians((miny + maxy) / 2))
    box, (fig_w, fig_h) = ax.get_position(original=True), ax.figure.get_size_inches()
    ratio = box.width * fig_w / (box.height * fig_h)  # the map box's width / height
    w, h = (maxx - minx) * squash, maxy - miny
    if w / h < ratio:
        grow = (h * ratio / squash - (maxx - minx)) / 2
        minx, maxx = minx - grow, maxx + grow
    else:
        grow = (w / ratio - h) / 2
        miny, maxy = miny - grow, maxy + grow
    ax.set_xlim(minx, maxx)
    ax.set_ylim(miny, maxy)
    ax.set_aspect(1 / squash, adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    for side in ax.spines.values():
        side.set_edgecolor(palette.FRAME)


def _draw_map(ax, spec: MapSpec, dist: gpd.GeoDataFrame, towns: gpd.GeoDataFrame, unit: float) -> None:
    ax.set_facecolor(palette.MAP_BACKGROUND)
    if spec.choropleth:
        _choropleth(ax, spec.choropleth)
    if spec.gaps:
        gaps = areas_for_codes([c for c, _ in spec.gaps], WGS84)
        gaps.plot(ax=ax, facecolor=palette.GAP, alpha=0.12, edgecolor="none")
        gaps.boundary.plot(ax=ax, color=palette.GAP, linewidth=2.5 * unit, linestyle=(0, (1, 3)))
    if spec.towns and len(towns):
        for quality, part in towns.groupby("boundary_quality"):
            style = "--" if quality == "schematic" else "-"
            part.boundary.plot(ax=ax, color=palette.TOWN_LINE, linewidth=0.8 * unit, linestyle=style)
    dist.boundary.plot(ax=ax, color=palette.DISTRICT_LINE, linewidth=1.8 * unit)
    if _is_town(spec):  # the town itself stands out among its neighbours
        towns[towns["code"] == spec.scope].boundary.plot(ax=ax, color=palette.TEXT, linewidth=2.8 * unit)
    for key in spec.layers:
        _family(ax, spec.scope, key, unit)
    _frame(ax, spec, dist, towns)  # after drawing: geopandas sets limits, aspect and axis labels of its own


def _choropleth(ax, rows: tuple) -> None:
    """Areas coloured by status; an area drawn over its coloured parent nearly opaque (as on the app's map)."""
    by_code = {r["area_code"]: r for r in rows}
    units = areas_for_codes(list(by_code), WGS84)
    for r in units.itertuples():
        over = gazetteer_data.parent(r.code) in by_code
        gpd.GeoSeries([r.geometry]).plot(
            ax=ax,
            facecolor=palette.STATUS[by_code[r.code]["status"]],
            alpha=0.9 if over else 0.55,
            edgecolor=palette.AREA_OUTLINE,
            linewidth=1.0,
        )


def _family(ax, scope: str | None, key: str, unit: float) -> None:
    marks = family_marks(scope, key)
    colour = families.BY_KEY[key].colour
    if marks.pilot_towns:
        pilots = area_frame("town").set_index("code").loc[marks.pilot_towns]
        pilots.boundary.plot(ax=ax, color=colour, linewidth=3.2 * unit)
    for site in (True, False):
        anchors = [a for a in marks.anchors if (a.position == "site") == site]
        if anchors:
            style = marker_style(site)
            ax.scatter(
                [a.lon for a in anchors],
                [a.lat for a in anchors],
                s=(style["radius"] * 2 * unit) ** 2,
                c=colour,
                alpha=style["fillOpacity"],
                edgecolors=style["color"],
                linewidths=style["weight"] * unit,
                linestyles="-" if site else "--",
                zorder=5,
            )


def _label(ax, spec: MapSpec, dist: gpd.GeoDataFrame, towns: gpd.GeoDataFrame, unit: float) -> None:
    """Names by priority (districts, larger towns, sites): one that would overlap a name already placed, or a
    town name wider than its town, is left out — as the app's map does at the same scale."""
    shown_towns = towns if spec.towns else towns.iloc[0:0]
    xmin, xmax = ax.get_xlim()
    renderer = ax.figure.canvas.get_renderer()
    placed = []
    halo = [patheffects.withStroke(linewidth=3 * unit, foreground=palette.WHITE)]
    sizes = {"district": 15, "town": 10.5, "site": 10}
    for lab in view_labels(dist, shown_towns, spec.scope, spec.lang, WGS84):
        if lab["level"] == "site" and xmax - xmin > SITE_LABEL_SPAN:
            continue
        text = ax.text(
            lab["lon"],
            lab["lat"],
            lab["name"],
            fontproperties=font(),
            fontsize=sizes["district" if lab.get("code") == spec.scope else lab["level"]] * unit,
            color=palette.TEXT,
            ha="center",
            va="bottom" if lab["level"] == "site" else "center",
            path_effects=halo,
            zorder=6,
            clip_on=True,
        )
        box = text.get_window_extent(renderer).expanded(1.05, 1.1)
        if _hidden(ax, lab, box, placed, renderer):
            text.remove()
        else:
            placed.append(box)


def _hidden(ax, lab: dict, box, placed: list, renderer) -> bool:
    frame = ax.get_window_extent(renderer)
    if box.x0 < frame.x0 or box.x1 > frame.x1 or box.y0 < frame.y0 or box.y1 > frame.y1:
        return True
    if any(box.overlaps(p) for p in placed):
        return True
    if lab["level"] == "town" and lab["bbox"]:
        s, w, n, e = lab["bbox"]
        (x0, _), (x1, _) = ax.transData.transform([(w, s), (e, n)])
        return x1 - x0 < box.width
    return False


def _scale_bar(ax, unit: float) -> None:
    """A scale bar of a round number of kilometres, about a fifth of the map's width, bottom left."""
    xmin, xmax = ax.get_xlim()
    ymin, ymax = ax.get_ylim()
    km_per_degree = 111.32 * math.cos(math.radians((ymin + ymax) / 2))
    target = (xmax - xmin) * km_per_degree / 5
    km = max(n for n in (0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500) if n <= max(target, 0.5))
    x0, y0 = xmin + 0.03 * (xmax - xmin), ymin + 0.04 * (ymax - ymin)
    x1 = x0 + km / km_per_degree
    ax.plot([x0, x1], [y0, y0], color=palette.TEXT, linewidth=3 * unit, solid_capstyle="butt", zorder=7)
    label = f"{km:g} km"
    above = y0 + 0.012 * (ymax - ymin)
    ax.text((x0 + x1) / 2, above, label, fontproperties=font(), fontsize=11 * unit, ha="center", va="bottom", zorder=7)
