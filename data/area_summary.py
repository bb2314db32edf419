"""What PeakAtlas knows about one area: its names, where it sits, its targets and measures."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data import gazetteer_data, plan_data


@dataclass(frozen=True)
class AreaInfo:
    code: str
    name: str
    name_en: str
    level: str  # city | district | town
    kind: str
    parents: tuple[str, ...]  # nearest first
    children: tuple[str, ...]

    @property
    def has_towns(self) -> bool:
        """A district whose towns are in the gazetteer: its page shows their breakdown and reporting gaps."""
        return self.level == "district" and bool(self.children)


def info(code: str) -> AreaInfo:
    towns, districts = gazetteer_data.towns(), gazetteer_data.districts()
    if code in towns.index:
        r = towns.loc[code]
        level, kind = "town", r["kind"]
    elif code in districts.index:
        r = districts.loc[code]
        level = kind = r["level"]
    else:
        raise KeyError(f"unknown area code {code}")
    return AreaInfo(
        code,
        r["name"],
        r["name_en"],
        level,
        kind,
        tuple(gazetteer_data.lineage(code)[1:]),
        tuple(gazetteer_data.children(code)),
    )


def own_targets(code: str) -> pd.DataFrame:
    """Targets the plans set for this area itself (kind=target)."""
    t = plan_data.load_targets()
    return t[(t["area_code"] == code) & (t["kind"] == "target")]


def target(target_id: str) -> dict:
    """One targets row as a dict, the caller's own copy (KeyError for an unknown id)."""
    return dict(plan_data.target_rows()[target_id])


def measures_in(code: str) -> pd.DataFrame:
    """Measures located in this area or anywhere inside it."""
    m = plan_data.load_measures()
    return m[[gazetteer_data.is_within(c, code) for c in m["area_code"]]]


def responsible_units(code: str) -> list[str]:
    """Responsible units named for this area's own targets and measures, most often named first."""
    lists = list(own_targets(code)["responsible"]) + list(measures_in(code)["responsible"])
    counts = pd.Series([u for units in lists for u in units], dtype=str).value_counts()
    return list(counts.index)
