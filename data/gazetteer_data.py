"""The gazetteer: districts and township-level units with their codes, names and seat points."""
from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

GAZETTEER_DIR = Path(__file__).resolve().parent / "gazetteer"


@functools.cache
def districts() -> pd.DataFrame:
    """Cities and districts: code (6-digit adcode), name, name_en, level, parent_code."""
    return pd.read_csv(GAZETTEER_DIR / "districts.csv", dtype=str, keep_default_na=False).set_index("code", drop=False)


@functools.cache
def towns() -> pd.DataFrame:
    """Township-level units keyed by 9-digit code, with seat_lon/seat_lat (approximate, see seat_source)."""
    df = pd.read_csv(GAZETTEER_DIR / "towns.csv", dtype=str, keep_default_na=False)
    for col in ("seat_lon", "seat_lat", "seat_precision_m"):
        df[col] = df[col].astype(float)
    return df.set_index("code", drop=False)


def area_name(code: str) -> str | None:
    for table in (towns(), districts()):
        if code in table.index:
            return table.loc[code, "name"]
    return None


def known_codes() -> set[str]:
    return set(towns().index) | set(districts().index)
