"""Captions for the area page's charts (plain text, no Streamlit)."""

from __future__ import annotations

import pandas as pd

from data import plan_data
from data.i18n import pick, t
from layers.explorer import comparator_label
from layers.html_safe import md_text
from layers.popups import responsible_text


def _what(target, lang: str) -> tuple[str, str, str, str, str]:
    """(indicator, comparator, value, unit, " (2025)")."""
    indicator = pick(target["indicator_zh"], target["indicator_en"], lang)
    year = f" ({int(target['target_year'])})" if pd.notna(target["target_year"]) else ""
    return indicator, comparator_label(target["comparator"], lang), f"{target['value']:g}", target["unit"], year


def target_title(target, lang: str) -> str:
    """Plain words: indicator, comparator, value, unit, year."""
    indicator, cmp, value, unit, year = _what(target, lang)
    return f"{indicator} {cmp} {value} {unit}{year}"


def target_caption(target, lang: str) -> str:
    """Markdown: indicator, comparator, value, year, and where it comes from (plan, section, units, text)."""
    plans = plan_data.load_plans()
    indicator, cmp, value, unit, year = _what(target, lang)
    plan = pick(plans.loc[target["plan_id"], "title"], plans.loc[target["plan_id"], "title_en"], lang)
    resp = responsible_text(list(target["responsible"]), lang)
    return (
        f"**{md_text(indicator)}** {md_text(cmp)} {value} {md_text(unit)}{year}  \n"
        f"{md_text(plan)} · {t('section', lang)} {md_text(target['section'])} · "
        f"{t('responsible', lang)}: {md_text(resp)}  \n"
        f"> {md_text(target['excerpt'])}"
    )
