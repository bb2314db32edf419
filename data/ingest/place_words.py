"""The words of named places: endings that make a name a place (with its place_type and how sure the ending is),
the verbs and connectives a name never starts with, and each category's keywords (data/vocab.py's categories)."""

from __future__ import annotations

import re

# ending → place_type; strong endings name a place by themselves, weak ones (站, 河, 中心 …) less surely
_STRONG = {
    "新片区": "district_area",
    "新城": "new_town",
    "郊野公园": "park",
    "湿地公园": "wetland",
    "中央公园": "park",
    "公园": "park",
    "湿地": "wetland",
    "绿道": "greenway",
    "生态廊道": "forest",
    "生态走廊": "forest",
    "绿环": "greenway",
    "森林片区": "forest",
    "片林": "forest",
    "栖息地": "project_site",
    "产业园": "industrial_park",
    "科创园": "industrial_park",
    "智慧园": "industrial_park",
    "物流园": "industrial_park",
    "园区": "industrial_park",
    "工业区": "industrial_park",
    "开发区": "industrial_park",
    "经开区": "industrial_park",
    "保税区": "industrial_park",
    "科技城": "industrial_park",
    "生态岛": "island",
    "交通枢纽": "transport_hub",
    "枢纽": "transport_hub",
    "研究院": "campus",
    "实验室": "campus",
    "古镇": "town",
    "小镇": "community",
    "社区": "community",
}
_WEAK = {
    "能源站": "station",
    "纯氢站": "station",
    "储运站": "station",
    "核电站": "station",
    "站": "station",
    "港区": "district_area",
    "港": "port",
    "示范区": "district_area",
    "实践区": "district_area",
    "片区": "district_area",
    "区块": "district_area",
    "基地": "project_site",
    "中心": "project_site",
    "河谷": "river",
    "河": "river",
    "荡": "wetland",
    "漾": "wetland",
    "塘": "river",
    "风电场": "sea_area",
}
_ENDINGS = sorted({**_STRONG, **_WEAK}.items(), key=lambda p: -len(p[0]))
_ENDING = re.compile("|".join(re.escape(e) for e, _ in _ENDINGS))
_BREAK = re.compile(r"[,，。;；、:：“”\"《》\s]|和|及|与|或|等|的|为|在|对|将|把|向|以|从|于|由")
_LEADING = re.compile(
    r"^(持续|加快|加速|积极|重点|大力|深入|全面|稳步|有序|进一步|高质量|高标准|率先|推进|推动|实施|建设|打造|依托|围绕|"
    r"聚焦|结合|开展|支持|鼓励|发挥|完成|启动|创建|培育|布局|形成|做大做强|做强|提升|新建|改造|优化|完善|强化|构建|"
    r"落实|谋划|研究|探索|实现|引导|利用|发展|保护|修复|各类|一批|全区|全市|本区|本市|区内|市内|重点区域|区域|我区|我市|"
    r"充分|提高|加强|增强|扩大|建立|推行|因地制宜地|其中|且|至少|确保|力争|累计|\d+[.．、])+"
)
_GENERIC = re.compile(
    r"^(城市|城镇|乡村|农村|社区|工业|产业|园区|公共|新能源|示范|低碳|零碳|绿色|生态|重点|相关|大型|公交|充电|加氢|"
    r"交通|物流|数据|科技|创新|综合|国家级|省级|市级|区级|各级|现有|既有|新型|近零碳|低\(零\)碳|商贸物流)*$"
)
# words that make a "name" a kind of place rather than one place (新增绿道, 受保护湿地, 数据中心)
_KIND_WORDS = re.compile(
    r"新增|骨干|建成后|受保护|小微|周边|场站|换乘|中转|工作站|融媒体|生产基地|示范基地|利用基地|集中示范区|改造后|"
    r"数据中心|管理中心|产业中心|创新中心|车辆基地|类|级|[\d一二两三四五六七八九十]+[个家座处]"
)
_CATEGORIES = (
    ("hydrogen_station", r"氢"),
    ("pv_pilot", r"光伏"),
    ("wind", r"风电"),
    ("ccus", r"碳捕集|CCUS"),
    ("ultra_low_energy_building", r"超低能耗"),
    ("zero_carbon_park", r"零碳|近零碳"),
    ("low_carbon_community", r"低碳社区|低碳城镇|低碳试点"),
    ("wetland", r"湿地"),
    ("park_greenway", r"公园|绿道|滨水|绿环"),
    ("forest", r"造林|森林|林地|片林|廊道"),
    ("eco_restoration", r"生态修复|栖息地|矿山|整治"),
    ("ev_charging", r"充电"),
    ("gas_energy", r"天然气|LNG|燃气|能源站"),
    ("grid", r"电网|配电网|电力"),
    ("transit", r"轨交|轨道|铁路|公交|枢纽|线|航空"),
    ("port_shipping", r"港|航道|船|码头"),
    ("circular_economy", r"循环|垃圾|固废|再生资源|无废"),
    ("green_eco_district", r"绿色生态城区|示范区|实践区|先行"),
    ("new_town", r"新城"),
    ("industry", r"产业|制造|园区|基地"),
)


def category_of(text: str) -> str:
    for category, pattern in _CATEGORIES:
        if re.search(pattern, text):
            return category
    return "other"


def named_places(text: str) -> list[tuple[str, int, int, tuple[str, str], tuple[float, str]]]:
    """(name, start, end, (place_type, ending), (confidence, reason)) for each named place, in text order."""
    out = []
    for m in _ENDING.finditer(text):
        ending = m.group()
        left = max([b.end() for b in _BREAK.finditer(text, max(0, m.start() - 24), m.start())] or [0])
        left = max(left, m.start() - 24)
        head = text[left : m.start()]
        stripped = _LEADING.sub("", head)
        start = m.start() - len(stripped)
        if len(stripped) < 2 or _GENERIC.match(stripped) or (out and start < out[-1][2]):
            continue
        if _KIND_WORDS.search(stripped) or stripped.count("(") != stripped.count(")"):
            continue
        strong = ending in _STRONG
        ptype = _STRONG.get(ending) or _WEAK[ending]
        why = (0.6, f"named place ending in {ending}") if strong else (0.45, f"named place ending in {ending} (weak)")
        out.append((text[start : m.end()], start, m.end(), (ptype, ending), why))
    return out
