"""Vega-Lite chart specs (rendered by Streamlit's bundled Vega: no outside requests)."""

from __future__ import annotations

import pandas as pd

from data.i18n import t
from layers import palette


def trajectory_spec(traj: pd.DataFrame, unit: str, lang: str, illustrative: bool) -> dict:
    """Planned path baseline → target as a line, reported values as points coloured by status."""
    from data.progress import STATUSES

    expected = t("chart_expected", lang)
    reported = t("chart_reported", lang) + (f" ({t('illustrative_badge', lang)})" if illustrative else "")
    rows = []
    for r in traj.itertuples():
        if pd.notna(r.expected):
            rows.append({"year": int(r.year), "value": float(r.expected), "series": expected, "status": ""})
        if pd.notna(r.reported):
            rows.append(
                {
                    "year": int(r.year),
                    "value": float(r.reported),
                    "series": reported,
                    "status": t(f"status_{r.status}", lang) if isinstance(r.status, str) and r.status else "",
                }
            )
    status_labels = [t(f"status_{s}", lang) for s in STATUSES]
    return {
        "data": {"values": rows},
        "height": 180,
        "layer": [
            {
                "mark": {"type": "line", "strokeDash": [6, 4], "color": palette.PLANNED_PATH},
                "transform": [{"filter": {"field": "series", "equal": expected}}],
                "encoding": {
                    "x": {"field": "year", "type": "ordinal", "title": t("year", lang)},
                    "y": {"field": "value", "type": "quantitative", "title": unit},
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 90},
                "transform": [{"filter": {"field": "series", "equal": reported}}],
                "encoding": {
                    "x": {"field": "year", "type": "ordinal"},
                    "y": {"field": "value", "type": "quantitative"},
                    "color": {
                        "field": "status",
                        "type": "nominal",
                        "title": reported,
                        "scale": {"domain": status_labels, "range": [palette.STATUS[s] for s in STATUSES]},
                    },
                    "tooltip": [
                        {"field": "year", "title": t("year", lang)},
                        {"field": "value", "title": t("value", lang), "format": ",.4~g"},
                        {"field": "status", "title": t("status", lang)},
                    ],
                },
            },
        ],
    }
