"""Fixed vocabularies of the plan data (see data/plans/README.md)."""

SECTORS = (
    "energy",
    "industry",
    "buildings",
    "transport",
    "circular_economy",
    "technology",
    "carbon_sink",
    "lifestyle",
    "agriculture",
    "pollution",
    "adaptation",
    "governance",
    "overall",
)
KINDS = ("target", "baseline")
COMPARATORS = ("=", ">=", "<=", "~", "reduce_by", "increase_by")
COMMITMENTS = ("", "binding", "aspirational")
PERIODS = ("", "十三五", "十四五", "十五五")
PLACE_TYPES = (
    "town",
    "street",
    "new_town",
    "industrial_park",
    "wetland",
    "park",
    "forest",
    "greenway",
    "community",
    "station",
    "transport_hub",
    "river",
    "lake",
    "sea_area",
    "island",
    "port",
    "project_site",
    "enterprise",
    "campus",
    "district_area",
)
CATEGORIES = (
    "pv_pilot",
    "hydrogen_station",
    "wetland",
    "low_carbon_community",
    "park_greenway",
    "forest",
    "ev_charging",
    "zero_carbon_park",
    "ultra_low_energy_building",
    "green_eco_district",
    "new_town",
    "transit",
    "grid",
    "gas_energy",
    "wind",
    "circular_economy",
    "eco_restoration",
    "ccus",
    "industry",
    "port_shipping",
    "other",
)
PRECISIONS = ("site", "town", "district")
