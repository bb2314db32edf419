"""An area's report as a PDF (A4): what the area page says (layers/area_report.AreaReport) — title, data state,
data-quality notes, the map picture, headline figures, every table with the plan's words and responsible units
under each row, the progress charts — typeset by typst with the embedded CJK font (templates/area_report.typ)."""

from __future__ import annotations

from data import gazetteer_data
from data.i18n import pick, t
from layers import palette, view_spec
from layers.area_report import AreaReport, Section
from layers.exports import chart_picture, map_picture, sources, stamp, typeset
from layers.exports.picture_legend import columns
from layers.html_table import Grid, Markup, plain
from layers.map_builder import MapSpec

MAP_SIZE = (1800, 1100)  # pixels: the map's picture across the page's text width
MAP_TYPE = 1.6  # its type larger than on a slide: the picture is printed 18 cm wide
COLOURS = {
    "text": palette.TEXT,
    "muted": palette.TEXT_MUTED,
    "frame": palette.FRAME,
    "header": palette.HEADER_FILL,
    "detail": "#f8fafc",
    "warning": palette.WARNING_TEXT,
    "warning-fill": "#fffbeb",
}


def _cell(value):
    if isinstance(value, Markup) and value.colour:
        return {"text": value.text, "colour": value.colour}
    return plain(value)


def _widths(grid: Grid) -> list[float]:
    """Each column's share of the width from how much it holds: its header on at most two lines, its longest
    cell on at most three (a status column narrow, a sentence wide)."""
    widths = []
    for i, header in enumerate(grid.headers):
        longest = max([columns(plain(r[i])) for r in grid.rows], default=0)
        widths.append(min(max(columns(header) / 2, longest / 3, 6), 40))
    return widths


def _section(s: Section) -> dict:
    table = None
    if s.grid is not None:
        g = s.grid
        table = {
            "headers": g.headers,
            "widths": _widths(g),
            "rows": [[_cell(v) for v in r] for r in g.rows],
            "details": g.details,
        }
    return {"title": s.title, "caption": s.caption, "empty": s.empty, "table": table}


def _labels(lang: str) -> dict:
    keys = {
        "notes-title": "data_quality",
        "map-title": "area_map",
        "owed-title": "owed_title",
        "owed-none": "owed_none",
        "responsible-title": "area_responsible",
        "context-title": "context_title",
        "page": "export_page",
    }
    return {k: t(v, lang) for k, v in keys.items()}


def _data(report: AreaReport, state: str, lang: str) -> dict:
    context = " › ".join(pick(*_names(p), lang) for p in report.parents)
    return {
        "lang": lang,
        "app": t("app_title", lang),
        "title": report.title,
        "subtitle": report.subtitle,
        "made": stamp.made_at(lang),
        "state": state,
        "notes": report.notes,
        "cards": [
            {"label": k.label, "value": k.value, "note": k.note, "colour": palette.STATUS.get(k.status, palette.FRAME)}
            for k in report.card_list
        ],
        "sections": [_section(s) for s in report.sections],
        "charts": [{"title": title, "file": f"chart{i}.png"} for i, title in enumerate(report.chart_titles)],
        "measures": _section(report.measures),
        "responsible": "、".join(report.responsible),
        "context": context,
        "colours": COLOURS,
        "labels": {**_labels(lang), "charts-title": t("charts_title", lang, n=len(report.charts))},
    }


def _names(code: str) -> tuple[str, str]:
    a = gazetteer_data.districts()
    return (a.loc[code, "name"], a.loc[code, "name_en"]) if code in a.index else (code, code)


def render(report: AreaReport, spec: MapSpec, state: str, lang: str) -> bytes:
    """The PDF of `report`, its map drawn from `spec`; `state` the data-state line (stamp.data_state)."""
    files = {"map.png": map_picture.render(spec, "png", MAP_SIZE, type_scale=MAP_TYPE, titled=False)}
    for i, (_, chart) in enumerate(report.charts):
        files[f"chart{i}.png"] = chart_picture.png(chart)
    return typeset.pdf("area_report.typ", _data(report, state, lang), files)


def from_store(code: str, year: int, lang: str) -> bytes:
    """The report of area `code` for `year` as the app shows it now (the command line)."""
    report, d = sources.area_report_of(code, year, lang)
    return render(report, view_spec.area_spec(code, lang, year), stamp.data_state(d.mode, lang, d.owed), lang)
