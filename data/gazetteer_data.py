"""The gazetteer: districts and township-level units with their codes, names and seat points."""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

GAZETTEER_DIR = Path(__file__).resolve().parent / "gazetteer"
DISTRICTS_FILE = GAZETTEER_DIR / "districts.csv"
TOWNS_FILE = GAZETTEER_DIR / "towns.csv"


@functools.cache
def districts() -> pd.DataFrame:
    """Cities and districts: code (6-digit adcode), name, name_en, level, parent_code."""
    return pd.read_csv(DISTRICTS_FILE, dtype=str, keep_default_na=False).set_index("code", drop=False)


@functools.cache
def towns() -> pd.DataFrame:
    """Township-level units keyed by 9-digit code, with seat_lon/seat_lat (approximate, see seat_source)."""
    df = pd.read_csv(TOWNS_FILE, dtype=str, keep_default_na=False)
    for col in ("seat_lon", "seat_lat", "seat_precision_m"):
        df[col] = df[col].astype(float)
    return df.set_index("code", drop=False)


def area_name(code: str) -> str | None:
    for table in (towns(), districts()):
        if code in table.index:
            return table.loc[code, "name"]
    return None


def area_label(code: str, lang: str) -> str:
    """An area's name in the reader's language (the English name where the gazetteer has one)."""
    for table in (towns(), districts()):
        if code in table.index:
            zh, en = table.loc[code, "name"], table.loc[code, "name_en"]
            return (en or zh) if lang == "en" else zh
    return code


def known_codes() -> set[str]:
    return set(towns().index) | set(districts().index)


@functools.cache
def _parents() -> dict[str, str | None]:
    """code → parent code of every unit here (a lookup per call: lineage walks it for every area judged)."""
    up = {code: parent or None for code, parent in zip(districts()["code"], districts()["parent_code"])}
    return {**up, **dict(zip(towns()["code"], towns()["parent_code"]))}


def parent(code: str) -> str | None:
    """The next area up: town → district → city; None at the top."""
    parents = _parents()
    if code in parents:
        return parents[code]
    if len(code) == 9 and code[:6] in districts().index:  # a town of the national gazetteer only (data/divisions.py)
        return code[:6]
    return None


def lineage(code: str) -> list[str]:
    """The code and every area above it, nearest first."""
    out = [code]
    while (p := parent(out[-1])) is not None:
        out.append(p)
    return out


def is_within(code: str, scope: str | None) -> bool:
    """True when area `code` is `scope` or lies inside it (scope None = everywhere)."""
    return scope is None or scope in lineage(code)


def children(code: str) -> list[str]:
    """Areas one level down: a city's districts or a district's towns."""
    d = districts()
    if code in d.index and d.loc[code, "level"] == "city":
        return list(d[d["parent_code"] == code].index)
    t = towns()
    return list(t[t["parent_code"] == code].index)


def districts_with_towns() -> list[str]:
    """The districts whose towns are in the gazetteer (where shares and reporting gaps exist)."""
    return list(towns()["parent_code"].unique())
