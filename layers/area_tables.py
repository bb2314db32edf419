"""Tables and captions for the area page (plain data frames and text, no Streamlit)."""
from __future__ import annotations

import pandas as pd

from data import plan_data
from data.explorer import comparator_label
from data.i18n import pick, t
from layers import families
from layers.html_safe import md_text
from layers.popups import PRECISION_KEYS, responsible_text


def measure_table(measures: pd.DataFrame, lang: str) -> pd.DataFrame:
    plans = plan_data.load_plans()
    return pd.DataFrame({
        t("place", lang): measures["place_name"],
        t("category", lang): [families.family_of(c).label(lang) for c in measures["category"]],
        t("measure", lang): [pick(z, e, lang) for z, e in zip(measures["measure"], measures["measure_en"])],
        t("plan", lang): [pick(plans.loc[p, "title"], plans.loc[p, "title_en"], lang) for p in measures["plan_id"]],
        t("section", lang): measures["section"],
        t("responsible", lang): [responsible_text(list(r), lang) for r in measures["responsible"]],
        t("location_precision", lang): [t(PRECISION_KEYS[p], lang) for p in measures["location_precision"]],
        t("excerpt", lang): measures["excerpt"],
    })


def target_table(targets: pd.DataFrame, lang: str) -> pd.DataFrame:
    plans = plan_data.load_plans()
    return pd.DataFrame({
        t("indicator", lang): [pick(z, e, lang) for z, e in zip(targets["indicator_zh"], targets["indicator_en"])],
        t("target", lang): [f"{comparator_label(c, lang)} {v:g} {u}" for c, v, u in
                            zip(targets["comparator"], targets["value"], targets["unit"])],
        t("year", lang): targets["target_year"],
        t("area", lang): targets["area_name"],
        t("plan", lang): [pick(plans.loc[p, "title"], plans.loc[p, "title_en"], lang) for p in targets["plan_id"]],
        t("section", lang): targets["section"],
        t("responsible", lang): [responsible_text(list(r), lang) for r in targets["responsible"]],
        t("excerpt", lang): targets["excerpt"],
    })


def target_caption(target, lang: str) -> str:
    """Markdown: indicator, comparator, value, year, and where it comes from (plan, section, units, text)."""
    plans = plan_data.load_plans()
    indicator = pick(target["indicator_zh"], target["indicator_en"], lang)
    year = f" ({int(target['target_year'])})" if pd.notna(target["target_year"]) else ""
    plan = pick(plans.loc[target["plan_id"], "title"], plans.loc[target["plan_id"], "title_en"], lang)
    resp = responsible_text(list(target["responsible"]), lang)
    cmp = comparator_label(target["comparator"], lang)
    return (f"**{md_text(indicator)}** {md_text(cmp)} {target['value']:g} {md_text(target['unit'])}{year}  \n"
            f"{md_text(plan)} · {t('section', lang)} {md_text(target['section'])} · {t('responsible', lang)}: {md_text(resp)}  \n"
            f"> {md_text(target['excerpt'])}")
