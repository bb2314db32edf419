"""The area page of a unit the five plans' gazetteer does not hold — any province, city, county or town of China
(data/divisions.py): its name, the units above it, which plan covers it (most: none yet), and the units one level
down, listed and filterable. Nothing is drawn for towns: no boundary of them exists until one is imported, and
PeakAtlas invents no shapes for them."""

from __future__ import annotations

from dataclasses import dataclass

from data import divisions, national, plan_data
from data.i18n import pick, t
from layers.html_table import link, table
from layers.owed_tables import AREA_PAGE, measures_grid

KIND_KEYS = {"街道": "div_kind_street", "镇": "div_kind_town", "乡": "div_kind_township", "其他": "div_kind_other"}
LEVEL_KEYS = {lv: f"div_level_{lv}" for lv in divisions.LEVELS}


@dataclass(frozen=True)
class OutsidePage:
    code: str
    title: str
    level: str  # a divisions.LEVELS value
    subtitle: str  # its level and the units above it, nearest first
    parents: tuple[tuple[str, str], ...]  # (code, name) of each unit above it, nearest first
    notes: tuple[str, ...]  # which plan covers it, what has no boundary
    units_title: str  # "8 township-level units" (or its counties, cities)
    units: tuple[divisions.Division, ...]  # one level down, in code order
    measures_html: str  # the measures that published plans place in it or below it (escaped), "" for none


def build(code: str, lang: str) -> OutsidePage | None:
    """The page of a divisions code; None for anything else (the page says the code is unknown)."""
    d = divisions.get(code)
    if d is None:
        return None
    above = divisions.parents(code)
    units = tuple(divisions.children(code))
    sub = t(LEVEL_KEYS[d.level], lang) + (" · " + " › ".join(p.name for p in above) if above else "")
    return OutsidePage(
        code,
        d.name,
        d.level,
        sub,
        tuple((p.code, p.name) for p in above),
        tuple(_notes(d, above, units, lang)),
        t("outside_units_town" if d.level == "county" else "outside_units", lang, n=len(units)),
        units,
        measures_html(code, lang),
    )


def measures_html(code: str, lang: str) -> str:
    """The place measures of the plan data (an ingested plan once published: data/reporting/plan_store.py) that
    lie in this unit or below it, as the area pages of the five plans list theirs; "" when there are none."""
    m = plan_data.load_measures()
    inside = [c == code or any(p.code == code for p in divisions.parents(c)) for c in m["area_code"]]
    return measures_grid(m[inside], lang).html() if any(inside) else ""


def _covering_plan(d: divisions.Division, above: list[divisions.Division], lang: str) -> str | None:
    """The title of the nearest plan in PeakAtlas whose jurisdiction is this unit's county or above it (as the
    national overview joins them: 上海市's plan covers 奉贤区 and its towns)."""
    county = next((u.code for u in [d, *above] if u.level == "county"), None)
    plans = national.covering_plans().get(county, ()) if county else ()
    if not plans:
        return None
    row = plan_data.load_plans().set_index("id").loc[plans[0]]
    return pick(row["title"], row["title_en"], lang)


def _notes(d, above, units, lang: str) -> list[str]:
    plan = _covering_plan(d, above, lang)
    out = [t("outside_no_plan", lang) if plan is None else t("outside_covered", lang, plan=plan)]
    if d.source == "nbs":
        out.append(t("outside_no_outline", lang))
    if d.level == "town":
        out.append(t("outside_town_no_boundary", lang))
    elif d.level == "county":
        out.append(t("outside_towns_not_drawn" if units else "outside_no_towns", lang))
    out.append(t("outside_source", lang))
    return out


def matching(units: tuple[divisions.Division, ...], query: str) -> list[divisions.Division]:
    """The units whose name contains the query (all of them for an empty one)."""
    q = query.strip()
    return [u for u in units if q in u.name] if q else list(units)


def units_table(units: list[divisions.Division], lang: str) -> str:
    """Name (a link to its page), kind and boundary of each unit as an escaped HTML table."""
    lang_param = None if lang == "zh" else lang
    boundary = t("outside_no_boundary", lang)
    rows = [
        [
            link(u.name, AREA_PAGE, area=u.code, lang=lang_param),
            t(KIND_KEYS[u.kind], lang) if u.kind else t(LEVEL_KEYS[u.level], lang),
            boundary if u.level == "town" else "",
        ]
        for u in units
    ]
    headers = [t("outside_col_name", lang), t("outside_col_kind", lang), t("outside_col_boundary", lang)]
    if not any(u.level == "town" for u in units):
        headers, rows = headers[:2], [r[:2] for r in rows]
    return table(headers, rows)
