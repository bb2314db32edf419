"""What an area page says, as data: title, data-quality notes, headline cards, the readable tables (what the
area owes; for a district its towns, shares and gaps; the measures), the progress charts and the responsible
units. The page draws it with Streamlit; an export (PDF, snapshot) would draw the same AreaReport."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from data import area_summary, progress
from data.i18n import pick, t
from layers import boundaries
from layers.area_tables import chart_figure, target_title
from layers.charts import points, trajectory_spec
from layers.headline import Card, area_cards, cards_html
from layers.html_table import Grid
from layers.owed_tables import gaps_grid, measures_grid, owed_grid, shares_grid, towns_grid


@dataclass(frozen=True)
class Section:
    title: str
    html: str = ""  # a readable table; empty: `empty` is said instead
    empty: str = ""
    caption: str = ""
    grid: Grid | None = None  # the same table as data, for the exports


def _section(title: str, grid: Grid | None, empty: str = "", caption: str = "") -> Section:
    """A section showing `grid`, or saying `empty` when there is none or it has no rows."""
    if grid is None or not grid.rows:
        return Section(title, "", empty, caption)
    return Section(title, grid.html(), empty, caption, grid)


@dataclass
class AreaReport:
    code: str
    level: str
    title: str
    subtitle: str  # kind · the areas above · code
    notes: list[str]  # data-quality notes: schematic shapes, approximate places, illustrative figures
    illustrative: bool
    cards: str  # headline cards (HTML); "" when the area owes nothing
    sections: list[Section] = field(default_factory=list)  # in reading order
    # (the chart as escaped HTML: caption and SVG pictures; its Vega-Lite spec, which the exports draw)
    charts: list[tuple[str, dict]] = field(default_factory=list)
    chart_titles: list[str] = field(default_factory=list)  # the charts' targets in plain words (exports)
    card_list: list[Card] = field(default_factory=list)  # the headline cards as data (exports)
    measures: Section | None = None
    parents: tuple[str, ...] = ()
    responsible: list[str] = field(default_factory=list)


def _name(code: str, lang: str) -> str:
    a = area_summary.info(code)
    return pick(a.name, a.name_en, lang)


def _charts(owed: pd.DataFrame, figures: pd.DataFrame, code: str, lang: str) -> list[tuple[str, str, dict]]:
    """The trajectory of each owed target with figures, against the area's share where one exists:
    (the chart as HTML, plain title, Vega-Lite spec)."""
    out = []
    for row in owed[owed["latest_value"].notna()].to_dict("records"):
        target = area_summary.target(row["target_id"])
        if pd.notna(row["share"]):
            target = {**target, "value": row["share"]}
        traj = progress.trajectory(target, figures, area_code=code)
        if len(traj):
            p = points(traj, row["unit"], lang, bool(row["illustrative"]))
            out.append((chart_figure(target, p, lang), target_title(target, lang), trajectory_spec(p, lang)))
    return out


def _district_sections(
    breakdown: pd.DataFrame, gaps: pd.DataFrame, towns: list[str], year: int, lang: str
) -> list[Section]:
    shares = shares_grid(breakdown, lang) if breakdown["share"].notna().any() else None
    gap_caption = t("gaps_count", lang, n=len(gaps), areas=gaps["area_code"].nunique()) if len(gaps) else ""
    return [
        _section(t("towns_title", lang), towns_grid(breakdown, towns, lang)),
        _section(t("shares_title", lang), shares, t("shares_none", lang)),
        _section(
            t("area_gaps", lang, year=year),
            gaps_grid(gaps, lang) if len(gaps) else None,
            t("no_gaps", lang),
            gap_caption,
        ),
    ]


def build(
    code: str,
    year: int,
    lang: str,
    owed: pd.DataFrame,
    figures: pd.DataFrame,
    breakdown: pd.DataFrame | None = None,
    gaps: pd.DataFrame | None = None,
) -> AreaReport:
    """The page of area `code` for `year`: `owed` from owed_status, `figures` what progress is judged on, and
    for a district with towns its `breakdown` and `gaps`."""
    a = area_summary.info(code)
    measures = area_summary.measures_in(code)
    notes = []
    if (a.level == "town" or (a.children and a.level == "district")) and boundaries.schematic_towns(code):
        notes.append(t("schematic_note", lang))
    if len(measures):
        notes.append(t("approx_location_note", lang))
    illustrative = bool(owed["illustrative"].any())
    cards = area_cards(owed, year, lang)
    charts = _charts(owed, figures, code, lang)
    if illustrative:
        notes.append(t("illustrative_note", lang))
    sections = []
    if breakdown is not None and gaps is not None:  # for a district's reviewer the towns come first
        sections += _district_sections(breakdown, gaps, list(a.children), year, lang)
    if len(owed):
        title = t("owed_table_title", lang, n=len(owed)) if a.level != "town" else t("owed_list_title", lang)
        sections.append(_section(title, owed_grid(owed, year, lang)))
    return AreaReport(
        code=code,
        level=a.level,
        title=_name(code, lang),
        subtitle=" · ".join([t(f"level_name_{a.level}", lang), *(_name(p, lang) for p in a.parents), code]),
        notes=notes,
        illustrative=illustrative,
        cards=cards_html(cards),
        sections=sections,
        charts=[(figure, spec) for figure, _, spec in charts],
        chart_titles=[title for _, title, _ in charts],
        card_list=cards,
        measures=_section(
            t("area_measures", lang),
            measures_grid(measures, lang) if len(measures) else None,
            t("no_measures_here", lang),
        ),
        parents=a.parents,
        responsible=area_summary.responsible_units(code),
    )
