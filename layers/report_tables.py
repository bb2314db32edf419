"""Labels and tables for the reporting page (plain pandas and text, no Streamlit): every header and state in
the reader's language, numbers for people. The tables' text typed by people (notes, reasons, user names) is
neutralised as in every export (data/cells.py): the table's own "download as CSV" writes what it shows."""

from __future__ import annotations

import pandas as pd

from data import gazetteer_data, plan_data
from data.cells import neutral
from data.i18n import pick, t
from data.numbers import fmt, fmt_amount, fmt_value
from data.reporting.plain_words import target_phrase


def target_label(target, lang: str) -> str:
    """ "累计新增光伏装机容量 不低于 29.4 万千瓦(2025年) · 松江区 · 000-T002" (a targets or owed row)."""
    value = target["target_value"] if "target_value" in target else target["value"]
    area = target["target_area"] if "target_area" in target else target["area_code"]
    due = target["due_year"] if "due_year" in target else target["target_year"]
    year = t("due_suffix", lang, year=int(due)) if pd.notna(due) else ""
    return (
        f"{pick(target['indicator_zh'], target['indicator_en'], lang)} "
        f"{target_phrase(target['comparator'], value, target['unit'], lang)}{year}"
        f" · {gazetteer_data.area_label(area, lang)} · {target['id'] if 'id' in target else target['target_id']}"
    )


def _indicators(ids, lang: str) -> list[str]:
    targets = plan_data.load_targets().set_index("id")
    return [
        pick(targets.loc[i, "indicator_zh"], targets.loc[i, "indicator_en"], lang) if i in targets.index else i
        for i in ids
    ]


def _state(states, lang: str) -> list[str]:
    return [t(f"report_state_{s}", lang) if isinstance(s, str) and s else "" for s in states]


def figures_table(figures: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Stored figures (reporting.reports_table) for display: names instead of codes, states translated."""
    return pd.DataFrame(
        {
            t("col_figure_id", lang): figures["id"],
            t("area", lang): [gazetteer_data.area_label(c, lang) for c in figures["area_code"]],
            t("indicator", lang): _indicators(figures["target_id"], lang),
            t("year", lang): figures["year"],
            t("value", lang): [fmt_value(v, u) for v, u in zip(figures["value"], figures["unit"])],
            t("unit", lang): figures["unit"],
            t("status", lang): _state(figures["status"], lang),
            t("note", lang): figures["note"].map(neutral),
            t("review_reason", lang): figures["review_note"].map(neutral),
            t("col_version", lang): figures["version"],
            t("illustrative_badge", lang): [t("yes", lang) if v else "" for v in figures["illustrative"]],
        }
    )


def preview_table(preview: pd.DataFrame, lang: str) -> pd.DataFrame:
    """An upload's preview (uploads.Preview.frame) before it is stored."""
    return pd.DataFrame(
        {
            t("col_row", lang): preview["row"],
            t("area", lang): preview["area_name"],
            t("indicator", lang): _indicators(preview["target_id"], lang),
            t("year", lang): preview["year"],
            t("value", lang): [fmt_amount(v, u) for v, u in zip(preview["value"], preview["unit"])],
            t("col_as_reported", lang): preview["reported"],
            t("note", lang): preview["note"].map(neutral),
            t("col_action", lang): [t(f"action_{a}", lang) for a in preview["action"]],
            t("col_replaces", lang): [fmt(v) if pd.notna(v) else "" for v in preview["replaces"]],
            t("col_replaces_state", lang): _state(preview["replaces_status"], lang),
        }
    )


def _given(code) -> bool:
    return isinstance(code, str) and bool(code)  # an admin has no area: None or NaN from the store


def users_table(users: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("username", lang): users["name"].map(neutral),
            t("role", lang): [t(f"role_{r}", lang) for r in users["role"]],
            t("area", lang): [gazetteer_data.area_label(c, lang) if _given(c) else "" for c in users["area_code"]],
            t("area_code", lang): users["area_code"].fillna(""),
            t("col_active", lang): [t("yes", lang) if a else t("no", lang) for a in users["active"]],
            t("col_created", lang): [
                c.strftime("%Y-%m-%d") if c is not None and not pd.isna(c) else "" for c in users["created_at"]
            ],
        }
    )


def audit_table(log: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("col_when", lang): [a.strftime("%Y-%m-%d %H:%M UTC") if a is not None else "" for a in log["at"]],
            t("username", lang): log["user_name"].map(neutral),
            t("col_action", lang): log["action"],
            t("col_entity", lang): [f"{e} {i}" if i else e for e, i in zip(log["entity"], log["entity_id"])],
            t("col_changes", lang): log["changes"],
            t("review_reason", lang): log["reason"].map(neutral),
        }
    )
