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

from data.units import UNITS

INDICATORS: dict[str, tuple[str, str]] = {
    # energy and emissions
    "energy_intensity_reduction": ("单位GDP能耗下降", "Energy intensity (per unit GDP) reduction"),
    "industrial_energy_intensity_reduction": ("规上工业单位增加值能耗下降", "Industrial energy intensity reduction"),
    "co2_intensity_reduction": ("单位GDP二氧化碳排放下降", "CO2 intensity (per unit GDP) reduction"),
    "non_fossil_energy_share": ("非化石能源消费比重", "Non-fossil share of energy consumption"),
    "pv_capacity_new": ("新增光伏装机容量", "New PV capacity"),
    "pv_capacity": ("光伏装机容量", "Installed PV capacity"),
    "pue_new_data_centres": ("新建数据中心PUE", "PUE of new data centres"),
    "pue_existing_data_centres": ("既有/改造数据中心PUE", "PUE of existing or retrofitted data centres"),
    # buildings
    "building_retrofit_area": ("既有建筑节能改造面积", "Energy retrofit of existing buildings (area)"),
    "building_retrofit_area_15pct": ("节能率15%以上的既有建筑改造面积", "Retrofit area with ≥ 15 % energy saving"),
    "ultra_low_energy_building_area": ("超低能耗建筑示范面积", "Ultra-low-energy building demonstration area"),
    "ultra_low_energy_demo_zones": ("超低能耗建筑集中示范区", "Ultra-low-energy building demonstration zones"),
    "ultra_low_energy_new_residential_share": ("新建居住建筑执行超低能耗标准比例",
                                               "New housing built to ultra-low-energy standard (share)"),
    "new_building_renewable_kinds": ("新建建筑使用可再生能源种类", "Kinds of renewable energy used in new buildings"),
    "building_renewable_share": ("建筑可再生能源替代率", "Renewable energy substitution in buildings"),
    "rooftop_pv_share_new_public": ("新建政府机关、学校、厂房屋顶光伏面积比例",
                                    "Rooftop PV share, new government/school/factory buildings"),
    "rooftop_pv_share_new_other_public": ("其他新建公共建筑屋顶光伏面积比例",
                                          "Rooftop PV share, other new public buildings"),
    "rooftop_pv_coverage": ("公共机构、厂房屋顶光伏覆盖率", "Rooftop PV coverage, public institutions and factories"),
    "green_building_share_new": ("城镇新建建筑中绿色建筑比例", "Green building share of new urban buildings"),
    "prefab_building_share": ("装配式建筑比例", "Prefabricated share of new building area"),
    "new_building_energy_saving_rate": ("新建建筑节能率", "Energy-saving rate of new buildings"),
    "transport_hub_green_building_star": ("新建交通枢纽绿色建筑星级", "Green-building star grade of new transport hubs"),
    # transport
    "bev_share_cars": ("小客车纯电动占比", "Battery-electric share of passenger cars"),
    "ev_share_new_purchases": ("新购车辆中纯电动/新能源占比", "EV / NEV share of new vehicle purchases"),
    "clean_energy_bus_share": ("新能源和清洁能源公交车比例", "New/clean-energy share of buses"),
    "ev_chargers_built": ("新建充电桩", "EV chargers built"),
    "hydrogen_stations": ("加氢站数量", "Hydrogen refuelling stations"),
    "green_travel_share": ("绿色出行比例", "Green travel share"),
    # carbon sinks and green space
    "forest_coverage": ("森林覆盖率", "Forest coverage"),
    "forest_stock": ("森林蓄积量", "Forest growing stock"),
    "forest_area_net_increase": ("净增森林面积", "Net increase in forest area"),
    "new_parks": ("新建公园数量", "New parks"),
    "park_service_radius": ("公园绿地服务半径", "Park service radius"),
    # circular economy and agriculture
    "main_waste_recycling_rate": ("主要废弃物循环利用率", "Recycling rate of main wastes"),
    "industrial_solid_waste_utilisation": ("一般工业固体废物综合利用率", "General industrial solid waste utilisation"),
    "household_waste_recycling_rate": ("生活垃圾回收利用率", "Household waste recycling rate"),
    "household_waste_resource_utilisation": ("生活垃圾资源化利用率", "Household waste resource utilisation"),
    "straw_utilisation": ("秸秆综合利用率", "Crop straw utilisation"),
    "manure_utilisation": ("畜禽粪污综合利用率", "Livestock manure utilisation"),
    # pilots
    "green_industrial_parks": ("绿色(低碳)工业园区", "Green (low-carbon) industrial parks"),
    "low_carbon_communities": ("低(零)碳社区", "Low/zero-carbon communities"),
}


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
assert all(r.key in INDICATORS for r in RULES), "every rule key needs a label in INDICATORS"


def indicator_key(row: Mapping) -> str | None:
    """The indicator key of one target row (needs indicator_zh, unit, comparator), or None when no rule matches."""
    text = str(row.get("indicator_zh") or "")
    unit = UNITS.get(str(row.get("unit") or ""), (None,))[0]
    comparator = row.get("comparator") or ""
    for rule, inc, exc in _COMPILED:
        if (unit == rule.unit and inc.search(text) and not (exc and exc.search(text))
                and (not rule.comparators or comparator in rule.comparators)):
            return rule.key
    return None


def with_keys(targets: pd.DataFrame) -> pd.DataFrame:
    """A copy of a targets frame with an added `indicator_key` column (missing where no rule matches)."""
    out = targets.copy()
    out["indicator_key"] = [indicator_key(r) for r in out.to_dict("records")]
    return out


@functools.cache
def keyed_targets() -> pd.DataFrame:
    """Every plan target with its indicator_key, computed once (the plan data does not change while running)."""
    from data.plan_data import load_targets
    return with_keys(load_targets())


def label(key: str, lang: str) -> str:
    """An indicator key's label in lang (zh or en); the key itself if it is not a known key."""
    if key not in INDICATORS:
        return key
    zh, en = INDICATORS[key]
    return en if lang == "en" else zh
