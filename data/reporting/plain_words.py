"""Targets and obligations in words a town official reads ("不低于 1.379 万千瓦(2025年)"), from the string
table: for the template, the command line and the pages alike."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from data import gazetteer_data as gaz
from data.i18n import t
from data.numbers import fmt_amount
from data.reporting import obligations as ob

_PHRASES = {
    ">=": "phrase_ge",
    "<=": "phrase_le",
    "=": "phrase_eq",
    "~": "phrase_about",
    "reduce_by": "phrase_reduce_by",
    "increase_by": "phrase_increase_by",
}


def target_phrase(comparator: str, value: float, unit: str, lang: str = "zh") -> str:
    """ "不低于 29.4 万千瓦", "下降 14 %"."""
    amount = fmt_amount(value, unit)
    return t(_PHRASES[comparator], lang, x=amount) if comparator in _PHRASES else f"{comparator} {amount}"


def _due(year, lang: str) -> str:
    return "" if year is None or pd.isna(year) else t("due_suffix", lang, year=int(year))


def plan_target(o: Mapping, lang: str = "zh") -> str:
    """The plan's target with its area and due year: "松江区 不低于 29.4 万千瓦(2025年)"."""
    return (
        f"{gaz.area_label(o['target_area'], lang)} "
        f"{target_phrase(o['comparator'], o['target_value'], o['unit'], lang)}{_due(o['due_year'], lang)}"
    )


def what_is_owed(o: Mapping, lang: str = "zh") -> str:
    """What this area is to reach or report for one owed row (obligations.owed)."""
    if not pd.isna(o["share"]):
        return t("owed_share", lang, x=target_phrase(o["comparator"], o["share"], o["unit"], lang)) + _due(
            o["due_year"], lang
        )
    phrase = target_phrase(o["comparator"], o["target_value"], o["unit"], lang) + _due(o["due_year"], lang)
    if ob.OWN in o["basis"]:
        return t("owed_own", lang, x=phrase)
    if not o["additive"]:
        return t("owed_plan_value", lang, x=phrase)
    return t("owed_contribution", lang)


def basis_text(o: Mapping, lang: str = "zh") -> str:
    """Why the area owes it: "分解份额 · 本区域措施:整镇屋顶分布式光伏开发试点"."""
    from data.plan_data import load_measures

    measures = load_measures().set_index("id")
    parts = []
    for basis in o["basis"]:
        if basis == ob.MEASURE:
            names = "、".join(
                dict.fromkeys(
                    measures.loc[m, "measure"]
                    if lang == "zh"
                    else (measures.loc[m, "measure_en"] or measures.loc[m, "measure"])
                    for m in o["measure_ids"]
                )
            )
            parts.append(t("basis_measure", lang, names=names))
        elif basis == ob.ASSIGNED:
            parts.append(t(f"basis_assigned_{ob.level_of(o['area_code'])}", lang))
        else:
            parts.append(t(f"basis_{basis}", lang))
    return " · ".join(parts)
