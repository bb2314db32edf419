"""Measure families: which plan categories each map layer shows (labels: data/i18n.py, colours: palette.py)."""

from __future__ import annotations

from dataclasses import dataclass

from data.i18n import t
from layers import palette


@dataclass(frozen=True)
class Family:
    key: str
    categories: tuple[str, ...]
    shape: str = "circle"  # circle markers; "town" = the towns themselves are highlighted

    def label(self, lang: str) -> str:
        return t(f"family_{self.key}", lang)

    @property
    def colour(self) -> str:
        return palette.FAMILY[self.key]


FAMILIES: tuple[Family, ...] = (
    Family("pv_pilot", ("pv_pilot",), shape="town"),
    Family("hydrogen", ("hydrogen_station",)),
    Family("wetland", ("wetland",)),
    Family("community", ("low_carbon_community",)),
    Family("park", ("park_greenway",)),
    Family("ev", ("ev_charging",)),
    Family("forest", ("forest", "eco_restoration")),
    Family("zero_carbon", ("zero_carbon_park", "green_eco_district", "ultra_low_energy_building")),
    Family("new_town", ("new_town",)),
    Family("energy", ("grid", "gas_energy", "wind", "ccus")),
    Family("transport", ("transit", "port_shipping")),
    Family("other", ("industry", "circular_economy", "other")),
)
BY_KEY = {f.key: f for f in FAMILIES}
BY_CATEGORY = {c: f for f in FAMILIES for c in f.categories}
# The layers the brief names first; every family can be toggled.
DEFAULT_ON = ("pv_pilot", "hydrogen", "wetland", "community", "park")


def family_of(category: str) -> Family:
    return BY_CATEGORY.get(category, BY_KEY["other"])
