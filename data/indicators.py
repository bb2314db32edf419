"""Cross-plan indicator keys: which targets measure "the same thing", so plans can be compared side by side.

A key is assigned by a transparent rule table (RULES), read top to bottom, first match wins. A rule matches a
target when its indicator_zh matches `include` (a regular expression), does not match `exclude`, its unit's
canonical unit (data/units.py) is the rule's `unit`, and — when the rule names comparators — its comparator is
one of them. The unit guard means a key never mixes incompatible canonical units.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import NamedTuple

import pandas as pd

from data import plan_data
from data.i18n import t
from data.units import UNITS

# The indicator keys in display order; each key's label is the string table's indicator_<key> (data/i18n.py).
INDICATORS: tuple[str, ...] = (
    "energy_intensity_reduction",
    "industrial_energy_intensity_reduction",
    "co2_intensity_reduction",
    "non_fossil_energy_share",
    "pv_capacity_new",
    "pv_capacity",
    "pue_new_data_centres",
    "pue_existing_data_centres",
    "building_retrofit_area",
    "building_retrofit_area_15pct",
    "ultra_low_energy_building_area",
    "ultra_low_energy_demo_zones",
    "ultra_low_energy_new_residential_share",
    "new_building_renewable_kinds",
    "building_renewable_share",
    "rooftop_pv_share_new_public",
    "rooftop_pv_share_new_other_public",
    "rooftop_pv_coverage",
    "green_building_share_new",
    "prefab_building_share",
    "new_building_energy_saving_rate",
    "transport_hub_green_building_star",
    "bev_share_cars",
    "ev_share_new_purchases",
    "clean_energy_bus_share",
    "ev_chargers_built",
    "hydrogen_stations",
    "green_travel_share",
    "forest_coverage",
    "forest_stock",
    "forest_area_net_increase",
    "new_parks",
    "park_service_radius",
    "main_waste_recycling_rate",
    "industrial_solid_waste_utilisation",
    "household_waste_recycling_rate",
    "household_waste_resource_utilisation",
    "straw_utilisation",
    "manure_utilisation",
    "green_industrial_parks",
    "low_carbon_communities",
)


class Rule(NamedTuple):
    key: str
    include: str
    unit: str  # canonical unit (data/units.py) a row must have
    exclude: str = ""
    comparators: tuple[str, ...] = ()  # empty: any comparator


RULES: tuple[Rule, ...] = (
    Rule("energy_intensity_reduction", r"单位(地区)?生产总值能(源消)?耗|单位GDP能耗", "%", comparators=("reduce_by",)),
    Rule("industrial_energy_intensity_reduction", r"规上工业单位增加值能耗", "%", comparators=("reduce_by",)),
    Rule("co2_intensity_reduction", r"单位(地区)?生产总值二氧化碳排放", "%", comparators=("reduce_by",)),
    Rule("non_fossil_energy_share", r"非化石能源占能源消费", "%"),
    Rule("pv_capacity_new", r"新增光伏装机", "MW", exclude=r"公共机构"),  # a sub-sector share is not the total
    Rule("pv_capacity", r"光伏(装机容量|累计并网容量)", "MW", exclude=r"新增"),
    Rule("pue_new_data_centres", r"新建.*数据中心.*PUE", "PUE"),
    Rule("pue_existing_data_centres", r"(既有|改造后).*数据中心.*PUE", "PUE"),
    Rule("building_retrofit_area_15pct", r"节能率15%及以上.*改造面积", "m²"),  # before the general retrofit rule
    Rule("building_retrofit_area", r"既有(公共)?建筑节能改造(累计)?面积", "m²"),
    Rule("ultra_low_energy_building_area", r"超低能耗建筑示范项目", "m²"),
    Rule("ultra_low_energy_demo_zones", r"超低能耗建筑集中示范区", "count"),
    Rule("ultra_low_energy_new_residential_share", r"新建居住建筑执行超低能耗", "%"),
    Rule("new_building_renewable_kinds", r"新建建筑使用可再生能源种类", "kinds"),
    Rule("building_renewable_share", r"建筑可再生能源替代", "%"),
    Rule("rooftop_pv_share_new_public", r"新建政府机关.*屋顶.*光伏", "%"),
    Rule("rooftop_pv_share_new_other_public", r"其他(类型)?新建公共建筑屋顶.*光伏", "%"),
    Rule("rooftop_pv_coverage", r"屋顶光伏覆盖率", "%"),
    Rule("green_building_share_new", r"城镇新建建筑(执行绿色建筑标准|中绿色建筑)", "%"),
    Rule("prefab_building_share", r"装配式建筑", "%"),
    Rule("new_building_energy_saving_rate", r"^(新建建筑设计|建筑)节能率$", "%"),
    Rule("transport_hub_green_building_star", r"交通枢纽.*绿色建筑星级", "star rating"),
    Rule("bev_share_cars", r"小客车纯电动", "%"),
    Rule("ev_share_new_purchases", r"(新增购置|新购).*(纯电动|新能源).*占比", "%"),
    Rule("clean_energy_bus_share", r"新能源和清洁能源(公交车|车辆)比例|公交车.*新能源化比例", "%"),
    Rule("ev_chargers_built", r"充电桩", "count"),  # counts only: 充电桩普及率 (%) stays unkeyed
    Rule("hydrogen_stations", r"加氢站", "count", exclude=r"新建"),  # stations in operation, not those added
    Rule("green_travel_share", r"绿色(交通)?出行比例", "%"),
    Rule("forest_coverage", r"森林覆盖率", "%"),
    Rule("forest_stock", r"森林蓄积量", "m³"),
    Rule("forest_area_net_increase", r"净增森林面积", "ha"),
    Rule("new_parks", r"^新(建|增)公园(数量)?$", "count"),
    Rule("park_service_radius", r"公园绿地服务半径", "km"),
    Rule("main_waste_recycling_rate", r"主要废弃物循环利用率", "%"),
    Rule("industrial_solid_waste_utilisation", r"一般工业固体废(弃)?物综合利用率", "%"),
    Rule("household_waste_recycling_rate", r"生活垃圾(分类)?回收利用率", "%"),
    Rule("household_waste_resource_utilisation", r"生活垃圾资源化利用", "%"),
    Rule("straw_utilisation", r"秸秆综合利用率", "%"),
    Rule("manure_utilisation", r"畜禽粪污综合利用率", "%"),
    Rule("green_industrial_parks", r"^绿色园区|绿色低碳工业园区", "count"),
    Rule("low_carbon_communities", r"低碳社区|低\(零\)碳试点村\(社区\)", "count"),
)
_COMPILED = [(r, re.compile(r.include), re.compile(r.exclude) if r.exclude else None) for r in RULES]
assert all(r.key in INDICATORS for r in RULES), "every rule key needs to be listed in INDICATORS"


def indicator_key(row: Mapping) -> str | None:
    """The indicator key of one target row (needs indicator_zh, unit, comparator), or None when no rule matches."""
    text = str(row.get("indicator_zh") or "")
    unit = UNITS.get(str(row.get("unit") or ""), (None,))[0]
    comparator = row.get("comparator") or ""
    for rule, inc, exc in _COMPILED:
        if (
            unit == rule.unit
            and inc.search(text)
            and not (exc and exc.search(text))
            and (not rule.comparators or comparator in rule.comparators)
        ):
            return rule.key
    return None


def with_keys(targets: pd.DataFrame) -> pd.DataFrame:
    """A copy of a targets frame with an added `indicator_key` column (missing where no rule matches)."""
    out = targets.copy()
    out["indicator_key"] = [indicator_key(r) for r in out.to_dict("records")]
    return out


@plan_data.derived
@functools.cache
def keyed_targets() -> pd.DataFrame:
    """Every plan target with its indicator_key, computed once (the plan data does not change while running)."""
    from data.plan_data import load_targets

    return with_keys(load_targets())


def label(key: str, lang: str) -> str:
    """An indicator key's label in lang (zh or en); the key itself if it is not a known key."""
    return t(f"indicator_{key}", lang) if key in INDICATORS else key
