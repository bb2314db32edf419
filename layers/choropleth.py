"""Rows for the progress choropleth: one per area that has a target of the chosen indicator."""
from __future__ import annotations

import pandas as pd

from data import gazetteer_data, indicators, progress
from data.i18n import t


INDICATOR_NONE = "none"


def _in_scope(code: str, scope: str | None) -> bool:
    """A target belongs to a view when its area lies in the view or the view lies in its area."""
    return scope is None or gazetteer_data.is_within(code, scope) or gazetteer_data.is_within(scope, code)


def indicator_choices(scope: str | None) -> list[str]:
    """Indicator keys with at least one target in the view, in the order of indicators.INDICATORS."""
    targets = indicators.keyed_targets()
    present = {k for k, c in zip(targets["indicator_key"], targets["area_code"]) if k and _in_scope(c, scope)}
    return [k for k in indicators.INDICATORS if k in present]


def indicator_label(key: str, lang: str) -> str:
    return indicators.label(key, lang)


def _fmt(v) -> str:
    return "–" if v is None or pd.isna(v) else f"{v:,.4g}"


def choropleth_rows(indicator_key: str, scope: str | None, year: int, lang: str,
                    reports: pd.DataFrame) -> tuple[dict, ...]:
    targets = indicators.keyed_targets()
    targets = targets[(targets["indicator_key"] == indicator_key) & (targets["kind"] == "target")]
    targets = targets[[_in_scope(c, scope) for c in targets["area_code"]]]
    table = progress.status_table(targets, reports, year)
    rows: dict[str, dict] = {}
    for r in table.itertuples():
        tgt = targets[targets["id"] == r.target_id].iloc[0]
        detail = (f"{tgt['indicator_zh'] if lang == 'zh' else tgt['indicator_en']}: "
                  f"{_fmt(r.latest_value)} / {_fmt(r.target_value)} {tgt['unit']} ({tgt['target_year']})")
        if r.illustrative:
            detail += f" · {t('illustrative_badge', lang)}"
        # one area may have several targets of the indicator (e.g. 2025 and 2030): keep the one due next
        prev = rows.get(r.area_code)
        if prev is None or _due_rank(tgt["target_year"], year) < _due_rank(prev["target_year"], year):
            rows[r.area_code] = {"area_code": r.area_code, "status": r.status, "label": t(f"status_{r.status}", lang),
                                 "detail": detail, "illustrative": bool(r.illustrative),
                                 "target_year": tgt["target_year"], "target_id": r.target_id}
    return tuple(rows.values())


def _due_rank(target_year, year: int) -> tuple[int, int]:
    """Targets due this year or later first (soonest first), then past ones (latest first)."""
    ty = int(target_year) if target_year == target_year and target_year is not None else 9999
    return (0, ty) if ty >= year else (1, -ty)
