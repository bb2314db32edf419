"""Popup and tooltip HTML for areas and measures. Every piece of text goes through esc()."""

from __future__ import annotations

import functools

import pandas as pd

from data import plan_data
from data.i18n import pick, t
from layers.html_safe import esc, safe_markup

PRECISION_KEYS = {
    "site": "precision_site",
    "town": "precision_town",
    "district": "precision_district",
    "town_area": "precision_town_area",
}


def _plan_title(plan_id: str, lang: str) -> str:
    p = plan_data.load_plans().loc[plan_id]
    return pick(p["title"], p["title_en"], lang)


def responsible_text(units: list[str], lang: str) -> str:
    return "、".join(units) if units else t("responsible_none", lang)


def measure_item(m, lang: str, plan_title: str) -> str:
    """One measure: place, what is done, plan, section, responsible units (escaped HTML)."""
    what = pick(m.measure, m.measure_en, lang)
    return (
        f"<li><b>{esc(m.place_name)}</b>: {esc(what)}<br>"
        f"<small>{esc(plan_title)} · {esc(t('section', lang))} {esc(m.section)}<br>"
        f"{esc(t('responsible', lang))}: {esc(responsible_text(list(m.responsible), lang))}</small></li>"
    )


@plan_data.derived
@functools.cache
def measure_items(lang: str) -> dict[str, str]:
    """Every measure's list item, built once per language (the plan data does not change while running)."""
    titles = {pid: _plan_title(pid, lang) for pid in plan_data.load_plans().index}
    return {m.id: measure_item(m, lang, titles[m.plan_id]) for m in plan_data.load_measures().itertuples()}


def measure_group_popup(title: str, area_name: str, group: pd.DataFrame, position: str, lang: str) -> str:
    items = "".join(measure_items(lang)[i] for i in group["id"])
    where = t(PRECISION_KEYS[position], lang)
    return safe_markup(
        f'<div class="pa-pop"><b>{esc(title)}</b> · {esc(area_name)}'
        f'<ul style="padding-left:1.1em;margin:4px 0">{items}</ul>'
        f"<small>⚠ {esc(t('location_precision', lang))}: {esc(where)}</small></div>"
    )


def measure_group_tooltip(title: str, group: pd.DataFrame, position: str, lang: str) -> str:
    names = "、".join(dict.fromkeys(group["place_name"]))
    return safe_markup(f"{esc(title)}: {esc(names)} ({esc(t(PRECISION_KEYS[position], lang))})")
