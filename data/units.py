"""The one unit table: unit as written in a plan → (canonical unit, factor to multiply by)."""

from __future__ import annotations

_COUNT = "count"
UNITS: dict[str, tuple[str, float]] = {
    # power
    "千瓦": ("MW", 0.001),
    "万千瓦": ("MW", 10.0),
    "兆瓦": ("MW", 1.0),
    "吉瓦": ("MW", 1000.0),
    "GW": ("MW", 1000.0),
    "MW": ("MW", 1.0),
    "kW": ("MW", 0.001),
    # energy
    "千瓦时": ("GWh", 1e-6),
    "万千瓦时": ("GWh", 0.01),
    "亿千瓦时": ("GWh", 100.0),
    "吨标准煤": ("t ce", 1.0),
    "万吨标准煤": ("t ce", 1e4),
    "吨标煤": ("t ce", 1.0),
    "万吨标煤": ("t ce", 1e4),
    "吨标准煤/万元": ("t ce/10k CNY", 1.0),
    "吨标煤/万元": ("t ce/10k CNY", 1.0),
    "立方米": ("m³", 1.0),
    "万立方米": ("m³", 1e4),
    "亿立方米": ("m³", 1e8),
    # mass
    "吨": ("t", 1.0),
    "万吨": ("t", 1e4),
    "亿吨": ("t", 1e8),
    "千克": ("t", 0.001),
    "公斤": ("t", 0.001),
    "吨/日": ("t/d", 1.0),
    "吨/天": ("t/d", 1.0),
    "万吨/年": ("t/a", 1e4),
    "吨/年": ("t/a", 1.0),
    "吨二氧化碳": ("t CO2", 1.0),
    "万吨二氧化碳": ("t CO2", 1e4),
    "吨二氧化碳/万元": ("t CO2/10k CNY", 1.0),
    # area
    "平方米": ("m²", 1.0),
    "万平方米": ("m²", 1e4),
    "亿平方米": ("m²", 1e8),
    "亩": ("ha", 1 / 15),
    "万亩": ("ha", 1e4 / 15),
    "公顷": ("ha", 1.0),
    "万公顷": ("ha", 1e4),
    "千亩": ("ha", 1e3 / 15),
    "平方公里": ("km²", 1.0),
    "平方千米": ("km²", 1.0),
    # length
    "公里": ("km", 1.0),
    "千米": ("km", 1.0),
    "米": ("km", 0.001),
    # money
    "元": ("CNY", 1.0),
    "万元": ("CNY", 1e4),
    "亿元": ("CNY", 1e8),
    # shares
    "%": ("%", 1.0),
    "个百分点": ("percentage points", 1.0),
    "百分点": ("percentage points", 1.0),
    "倍": ("×", 1.0),
    "PUE": ("PUE", 1.0),  # data-centre power usage effectiveness (dimensionless ratio)
    "星级": ("star rating", 1.0),
    "种": ("kinds", 1.0),  # green-building star grade; number of kinds (至少使用一种)
    # time
    "年": ("years", 1.0),
    "天": ("days", 1.0),
    "万吨/日": ("t/d", 1e4),
    "千克/亩": ("kg/ha", 15.0),
    "笔": ("count", 1.0),
    "指数": ("index", 1.0),  # plan 004
}
# Counted things: canonical unit is the count; 万X multiplies by 10⁴.
for _u in (
    "个",
    "座",
    "辆",
    "台",
    "根",
    "家",
    "处",
    "条",
    "项",
    "套",
    "艘",
    "所",
    "只",
    "批",
    "人",
    "户",
    "名",
    "株",
    "棵",
    "次",
    "个村",
    "栋",
    "幢",
    "座次",
    "座（个）",
    "组",
    "件",
):
    UNITS[_u] = (_COUNT, 1.0)
    UNITS["万" + _u] = (_COUNT, 1e4)


class UnknownUnit(ValueError):
    pass


def canonical(value: float, unit: str) -> tuple[float, str]:
    """Convert a value in a unit as written to the canonical unit."""
    try:
        canon, factor = UNITS[unit]
    except KeyError:
        raise UnknownUnit(f"unit {unit!r} is not in data/units.py") from None
    return value * factor, canon


def convertible(unit_a: str, unit_b: str) -> bool:
    return unit_a in UNITS and unit_b in UNITS and UNITS[unit_a][0] == UNITS[unit_b][0]


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert between two written units of the same canonical dimension (e.g. MW ⇄ 万千瓦)."""
    if not convertible(from_unit, to_unit):
        raise UnknownUnit(f"cannot convert {from_unit!r} to {to_unit!r}")
    return value * UNITS[from_unit][1] / UNITS[to_unit][1]


def compatible_units(unit: str) -> list[str]:
    """The unit itself first, then every other written unit it converts to (for unit pickers)."""
    return [unit] + sorted(u for u in UNITS if u != unit and convertible(u, unit))
