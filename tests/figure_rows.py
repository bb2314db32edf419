"""Rows of the reports frame for tests: approved, real (not illustrative) figures."""

from __future__ import annotations

import pandas as pd


def approved(*areas: str, target_id: str = "000-T002", year: int = 2025, value: float = 2.1, unit: str = "万千瓦"):
    """One approved figure per area, as reports_frame gives them (default: 新增光伏 2.1 万千瓦 in 2025)."""
    return pd.DataFrame(
        [
            {
                "target_id": target_id,
                "area_code": area,
                "year": year,
                "value": value,
                "unit": unit,
                "status": "approved",
                "illustrative": False,
                "source": "t",
                "note": "",
            }
            for area in areas
        ]
    )
