"""The area page's trajectory charts: the points of one target's trajectory (`points`), as a Vega-Lite spec for
the exports' pictures (`trajectory_spec`, drawn by vl-convert in layers/exports/chart_picture.py) and, from the
same points, as SVG for the page (layers/chart_svg.py)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data.i18n import t
from layers import palette


@dataclass(frozen=True)
class Points:
    """One trajectory in the reader's language: the planned path and the approved figures with their status."""

    unit: str
    expected_label: str  # 规划路径
    reported_label: str  # 上报值, with (示例数据) when the figures are illustrative
    expected: tuple[tuple[int, float], ...]  # (year, value), by year
    reported: tuple[tuple[int, float, str], ...]  # (year, value, status key or ""), by year


def points(traj: pd.DataFrame, unit: str, lang: str, illustrative: bool) -> Points:
    """`traj` as data/progress.trajectory gives it (year, expected, reported, status)."""
    badge = f" ({t('illustrative_badge', lang)})" if illustrative else ""
    rows = list(traj.sort_values("year").itertuples())
    return Points(
        unit=unit,
        expected_label=t("chart_expected", lang),
        reported_label=t("chart_reported", lang) + badge,
        expected=tuple((int(r.year), float(r.expected)) for r in rows if pd.notna(r.expected)),
        reported=tuple(
            (int(r.year), float(r.reported), r.status if isinstance(r.status, str) else "")
            for r in rows
            if pd.notna(r.reported)
        ),
    )


def trajectory_spec(p: Points, lang: str) -> dict:
    """Planned path baseline → target as a line, reported values as points coloured by status."""
    from data.progress import STATUSES

    expected, reported = p.expected_label, p.reported_label
    rows = [{"year": y, "value": v, "series": expected, "status": ""} for y, v in p.expected]
    rows += [
        {"year": y, "value": v, "series": reported, "status": t(f"status_{s}", lang) if s else ""}
        for y, v, s in p.reported
    ]
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
                    "y": {"field": "value", "type": "quantitative", "title": p.unit},
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
