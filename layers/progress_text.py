"""One line of progress for an area and target, the same on the map's tooltip, the clicked area's panel, the
area pages and the slides: value / target unit, status, year, where the figure comes from."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from data.i18n import pick, t
from data.numbers import fmt, fmt_share


def is_share(row: Mapping) -> bool:
    return "share" in row and not pd.isna(row["share"])


def value_text(row: Mapping, lang: str, suffix: bool = True) -> str:
    """ "2.1 / 1.379 万千瓦 (本区域分解目标)", "5.1 / 29.4 万千瓦", or "2.1 万千瓦 (未分解)" for a contribution;
    without `suffix` where the label already says which."""
    unit = row["unit"]
    latest = fmt(row["latest_value"])
    if pd.isna(row["judged_value"]):
        return f"{latest} {unit}" + (f" {t('not_split_suffix', lang)}" if suffix else "")
    text = f"{latest} / {fmt(row['judged_value'])} {unit}"
    return f"{text} {t('share_suffix', lang)}" if suffix and is_share(row) else text


def source_text(row: Mapping, lang: str) -> str:
    text = t(f"source_{row['source']}", lang)
    if row["source"] in ("reported", "illustrative") and row.get("pending"):
        text += " · " + t("source_pending_too", lang)
    return text


def progress_line(row: Mapping, year: int, lang: str) -> str:
    """ "累计新增光伏装机容量:2.1 / 1.379 万千瓦 (本区域分解目标) · 已完成 · 完成 152 % · 截至2025年 · 已审核上报"."""
    parts = [
        f"{pick(row['indicator_zh'], row['indicator_en'], lang)}: {value_text(row, lang)}",
        t(f"status_{row['status']}", lang),
    ]
    if row.get("progress_share") is not None and not pd.isna(row["progress_share"]):
        parts.append(t("done_pct", lang, pct=fmt_share(row["progress_share"])))
    parts.append(t("as_of_year", lang, year=year))
    parts.append(source_text(row, lang))
    return " · ".join(parts)
