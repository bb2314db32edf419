"""Labels and tables for the reporting page (plain pandas and text, no Streamlit)."""
from __future__ import annotations

import pandas as pd

from data import gazetteer_data, plan_data
from data.explorer import comparator_label
from data.i18n import pick, t


def target_label(target, lang: str) -> str:
    """"新增光伏装机容量 ≥ 29.4 万千瓦 (2025) · 松江区 · 000-T002"."""
    year = f" ({int(target['target_year'])})" if pd.notna(target["target_year"]) else ""
    return (f"{pick(target['indicator_zh'], target['indicator_en'], lang)} "
            f"{comparator_label(target['comparator'], lang)} {target['value']:g} {target['unit']}{year}"
            f" · {target['area_name']} · {target['id']}")


def figures_table(figures: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Stored figures (reporting.reports_table) for display: names instead of codes, statuses translated."""
    targets = plan_data.load_targets().set_index("id")
    status = {"pending": ("待审核", "pending"), "approved": ("已通过", "approved"), "rejected": ("已退回", "rejected")}
    return pd.DataFrame({
        "id": figures["id"],
        t("area", lang): [gazetteer_data.area_name(c) or c for c in figures["area_code"]],
        t("indicator", lang): [pick(targets.loc[i, "indicator_zh"], targets.loc[i, "indicator_en"], lang)
                               for i in figures["target_id"]],
        t("year", lang): figures["year"],
        t("value", lang): figures["value"],
        t("unit", lang): figures["unit"],
        t("status", lang): [pick(*status.get(s, (s, s)), lang) for s in figures["status"]],
        t("note", lang): figures["note"],
        t("review_reason", lang): figures["review_note"],
        "version": figures["version"],
        t("illustrative_badge", lang): figures["illustrative"],
    })


def boundary_report_table(report: dict) -> pd.DataFrame:
    """Per district of a boundary import check: units matched and coverage against the official outline."""
    return pd.DataFrame([{"district": gazetteer_data.area_name(code) or code, **stats}
                         for code, stats in report["districts"].items()])
