"""The words of named places: endings that make a name a place (with its place_type and how sure the ending is),
the verbs and connectives a name never starts with, and each category's keywords (data/vocab.py's categories)."""

from __future__ import annotations

import re

from data.ingest.reasons import Reason, because

# ending → place_type; strong endings name a place by themselves, weak ones (站, 河, 中心 …) less surely
STRONG = {
    "新片区": "district_area",
    "新城": "new_town",
    "郊野公园": "park",
    "湿地公园": "wetland",
    "中央公园": "park",
    "公园带": "greenway",
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
    "号线": "project_site",  # a numbered metro line (轨交14号线)
    "交通枢纽": "transport_hub",
    "联运中心": "transport_hub",
    "货场": "transport_hub",
    "枢纽": "transport_hub",
    "研究院": "campus",
    "党校": "campus",
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
    "村": "community",
    "南侧": "project_site",
    "北侧": "project_site",
    "地区": "district_area",
    "区域": "district_area",
    "新镇": "district_area",
    "活动区": "district_area",
    "中心城区": "district_area",
    "城区": "district_area",
    "铁路": "project_site",
    "线": "river",
    "沿岸": "river",
    "湖": "lake",
    "延伸段": "project_site",
    # 轨交14号线西延伸(段); not a bare 延伸 (平湖塘延伸至…: a verb)
    **{f"{side}延伸{part}": "project_site" for side in "东西南北" for part in ("", "段")},
    "集聚区": "industrial_park",
    "组团": "district_area",
}
ENDINGS = tuple(sorted({**STRONG, **_WEAK}, key=len, reverse=True))
_ENDING = re.compile("|".join(map(re.escape, ENDINGS)))
# 和 of 碳中和 is no break (青少年碳中和学院实践基地)
_BREAK = re.compile(r"[,，。;；、:：“”\"《》\s]|(?<!中)和|及|与|或|等|的|为|在|对|将|把|向|以上|以下|以|从|于|由")
_LEADING = re.compile(
    r"^(持续|加快|加速|积极|重点|大力|深入|全面|稳步|有序|进一步|高质量|高标准|率先|推进|推动|实施|建设|打造|依托|围绕|"
    r"聚焦|结合|开展|支持|鼓励|发挥|完成|启动|创建|培育|布局|形成|做大做强|做强|提升|新建|改造|优化|完善|强化|构建|"
    r"落实|谋划|研究|探索|实现|引导|利用|发展|保护|修复|各类|一批|全区|全市|本区|本市|区内|市内|重点区域|区域|我区|我市|"
    r"充分|提高|加强|增强|扩大|建立|推行|因地制宜地|其中|且|至少|确保|力争|累计|争创|打通|在|即|"
    r"铁路(?=[\u4e00-\u9fff]{2})|\d+[.．、])+"  # 铁路嘉兴东货场: the yard is 嘉兴东货场
)
# a head made only of these words names a kind of place, not one place (新生湿地, 节能低碳园区, 化工园区)
_GENERIC_WORDS = (
    "绿色 低碳 零碳 近零碳 低(零)碳 节能 生态 环保 循环 新能源 清洁能源 技术 重点 重大 新生 滨海 化工 航空 交通 公共 "
    "城市 城镇 城乡 社区 乡村 农村 郊野 区域 地区 街镇 千座 示范 试点 发展 产业 创新 科技 智慧 数字 农业 工业 "
    "物流 商贸 综合 现代 国际 国家 国家级 省级 市级 区级 高标准 高质量 大型 小型 微型 口袋 新型 传统 特色 主题 "
    "专业 集中 分散 "
    "规模化 一批 各类 若干 其他 相关 配套 周边 沿线 自然 小微 受保护 骨干 现有 既有 新建 新增 改造 老旧 高耗能 碳中和 "
    "碳达峰 双碳 零排放 无废 资源 能源 氢能 光伏 风电 储能 充电 加氢 加油 加气 服务 管理 运营 研发 研究 实验 数据 "
    "森林 林地 绿地 湿地 公园 园区 基地 枢纽 中心 生产 利用 加工 处置 回收 保护 修复 建设 海洋 海上 内河 港口 "
    "船舶 水上 陆上 屋顶 分布式 集中式 超低能耗 建筑 公交 轨道 铁路 道路 场站 工厂 企业 园中园 区中园 全 各 本 该 "
    "最具特色 步行 骑行 三重 客货运 花园式 主要 太阳能 循环经济 经济 制造业 人工智能 低碳(零碳) 冷链 电子商务 "
    "干线 城际 市域 市区 局域 轨道交通 (郊) 加注(气) 加气(注) (口袋) 技术 路 底 专 管 岸 疏 供应 安全 高压 燃气 客运 "
    "线上 农业农村 长三角 东西部协作 毗邻 综合性 分 城中 5G 全球最大 生态文明 先行 先试 野生动物 居民 平台 保税区 港区 "
    "公交枢纽 场 基 车辆 汽车 新能源汽车"
)
_GENERIC = re.compile("^(" + "|".join(sorted(map(re.escape, _GENERIC_WORDS.split()), key=len, reverse=True)) + ")+$")
# verbs inside a head: the name starts after the last of them (生态廊道建设开展湿地 → 湿地: no name)
_INNER_VERB = re.compile(
    r"开展|恢复|健全|按照|丰富|加强|推进|推动|建设|打造|实施|创建|聚焦|结合|依托|围绕|支持|鼓励|提升|完善|挖掘|拓展|"
    r"加大|形成|获得|列入|入选|入围|选取|引入|推广|进行"
)
_KIND_WORDS = re.compile(
    r"新增|骨干|建成后|受保护|小微|周边|场站|换乘|中转|工作站|融媒体|改造后|交易|范围内|批|类|[国省市区县]级|"
    r"[\d一二两三四五六七八九十百千]+[个家座处]"
)
# a category from the place's own name first (嘉兴光伏科创园 is a park, 泖港湿地 a wetland), else from what the clause
# does there (推进老港、宝山等湿垃圾…设施建设: circular economy)
_NAME_CATEGORIES = (
    ("zero_carbon_park", r"零碳.*(园|区)$"),
    ("industry", r"(产业园|科创园|智慧园|物流园|园区|基地|集聚区|工业区|开发区|经开区|保税区|科技城)$"),
    ("hydrogen_station", r"(加氢站|纯氢站|氢站)$"),
    ("wetland", r"湿地|荡$|漾$"),
    ("park_greenway", r"公园|绿道"),
    ("forest", r"廊道|走廊|片林|林地|森林"),
    ("eco_restoration", r"栖息地"),
    ("transit", r"枢纽|铁路|(?<!港)站$"),
    ("port_shipping", r"码头|航道|[^临]港$|^.港$"),
)
_CATEGORIES = (
    ("hydrogen_station", r"加氢|纯氢站|氢站"),
    ("pv_pilot", r"光伏"),
    ("wind", r"风电"),
    ("ccus", r"碳捕集|CCUS"),
    ("ultra_low_energy_building", r"超低能耗"),
    ("zero_carbon_park", r"零碳|近零碳"),
    ("low_carbon_community", r"低碳社区|低碳城镇|低碳试点"),
    ("wetland", r"湿地"),
    ("forest", r"造林|森林|林地|片林|生态廊道"),
    ("park_greenway", r"公园|绿道|滨水|绿环"),
    ("eco_restoration", r"修复|栖息地|矿山|整治"),
    ("ev_charging", r"充电"),
    ("gas_energy", r"天然气|LNG|燃气|能源站"),
    ("grid", r"电网|配电网|电力"),
    ("port_shipping", r"港口|航道|船|码头|内河|货运支线"),
    ("transit", r"轨交|轨道|铁路|公交|枢纽|航空"),
    ("circular_economy", r"循环经济|垃圾|固废|再生资源|无废|资源化"),
    ("green_eco_district", r"绿色生态城区|示范区|实践区|先行|名镇"),
    ("new_town", r"新城"),
    ("industry", r"产业|制造|园区|基地|燃煤机组|转型"),
)


def is_generic(words: str) -> bool:
    """Whether words name a kind of thing (新生湿地, 节能低碳) rather than one place."""
    return bool(_GENERIC.match(words))


def has_verb(words: str) -> bool:
    return bool(_INNER_VERB.search(words))


def strip_leading(words: str) -> str:
    """Words without the verbs and qualifiers a name never starts with (推进, 聚焦, 全区 …)."""
    return _LEADING.sub("", words)


def category_of(name: str, clause: str) -> str:
    """The category of a place named `name`, done what `clause` says (data/vocab.py's categories)."""
    for rules, text in ((_NAME_CATEGORIES, name), (_CATEGORIES, clause)):
        for category, pattern in rules:
            if re.search(pattern, text):
                return category
    return "other"


def _head(text: str, ending_start: int) -> str:
    left = max([b.end() for b in _BREAK.finditer(text, max(0, ending_start - 24), ending_start)] or [0])
    head = _LEADING.sub("", text[max(left, ending_start - 24) : ending_start])
    inner = list(_INNER_VERB.finditer(head))
    return head[inner[-1].end() :] if inner else head


# 浏阳河(雨花段), 沪苏湖铁路(松江段), 示范基地(汽车工业); not 加氢站(含撬装站)
_QUALIFIER = re.compile(r"[(（](?!含)[\u4e00-\u9fff]{1,6}[)）]")
WEAK_CONFIDENCE = 0.45
# a place named after a town or district but running through several (圭塘河, 浏阳河): not put in the town
ALONG = ("河", "江", "湖", "线", "塘", "荡", "沿岸", "河谷", "铁路")


def named_places(text: str) -> list[tuple[str, int, int, tuple[str, str], tuple[float, Reason]]]:
    """(name, start, end, (place_type, ending), (confidence, reason)) for each named place, in text order; a place
    whose name runs on into another ending (嘉北郊野公园纯氢站, 石湖荡镇金汇村) is the longer one."""
    out: list[tuple[str, int, int, tuple[str, str], tuple[float, Reason]]] = []
    for m in _ENDING.finditer(text):
        ending = m.group()
        head = _head(text, m.start())
        start = m.start() - len(head)
        runs_on = None
        if out and start < out[-1][2]:
            between = text[out[-1][2] : m.start()]
            if start > out[-1][1] or _GENERIC.match(between) or _INNER_VERB.search(between):
                continue
            runs_on = out.pop()  # the name runs on: one longer place, as sure as its surer part
            start, head = runs_on[1], text[runs_on[1] : m.start()]
        if len(head) < 2 or _GENERIC.match(head) or _KIND_WORDS.search(head) or head.count("(") != head.count(")"):
            continue
        strong = ending in STRONG
        ptype = STRONG.get(ending) or _WEAK[ending]
        why = (
            (0.6, because("ingest_why_place_ending", ending=ending))
            if strong
            else (WEAK_CONFIDENCE, because("ingest_why_place_ending_weak", ending=ending))
        )
        if runs_on and runs_on[4][0] > why[0]:
            why = runs_on[4]
        end = m.end() + (len(q.group()) if (q := _QUALIFIER.match(text, m.end())) else 0)
        out.append((text[start:end], start, end, (ptype, ending), why))
    return out
