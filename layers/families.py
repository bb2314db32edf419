"""Measure families: which plan categories each map layer shows, and how it looks."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Family:
    key: str
    label_zh: str
    label_en: str
    colour: str
    categories: tuple[str, ...]
    shape: str = "circle"  # circle markers; "town" = the towns themselves are highlighted

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_zh


FAMILIES: tuple[Family, ...] = (
    Family("pv_pilot", "光伏试点乡镇", "PV pilot towns", "#f59e0b", ("pv_pilot",), shape="town"),
    Family("hydrogen", "加氢站", "Hydrogen stations", "#7c3aed", ("hydrogen_station",)),
    Family("wetland", "湿地", "Wetlands", "#0891b2", ("wetland",)),
    Family("community", "低碳社区", "Low-carbon communities", "#db2777", ("low_carbon_community",)),
    Family("park", "公园绿道", "Parks and greenways", "#16a34a", ("park_greenway",)),
    Family("ev", "充电设施", "EV charging", "#2563eb", ("ev_charging",)),
    Family("forest", "森林", "Forests", "#166534", ("forest", "eco_restoration")),
    Family("zero_carbon", "零碳园区与低碳示范区", "Zero-carbon parks and eco districts", "#65a30d",
           ("zero_carbon_park", "green_eco_district", "ultra_low_energy_building")),
    Family("new_town", "新城", "New towns", "#9333ea", ("new_town",)),
    Family("energy", "能源与电网", "Energy and grid", "#ea580c", ("grid", "gas_energy", "wind", "ccus")),
    Family("transport", "交通", "Transport", "#0f766e", ("transit", "port_shipping")),
    Family("other", "产业与其他措施", "Industry and other measures", "#64748b",
           ("industry", "circular_economy", "other")),
)
BY_KEY = {f.key: f for f in FAMILIES}
BY_CATEGORY = {c: f for f in FAMILIES for c in f.categories}
# The layers the brief names first; every family can be toggled.
DEFAULT_ON = ("pv_pilot", "hydrogen", "wetland", "community", "park")


def family_of(category: str) -> Family:
    return BY_CATEGORY.get(category, BY_KEY["other"])
