"""The tricky classes on small snippets: thresholds, star ratings, ranges, multiples, peak years, programme names,
responsible units, full-width forms and spaces, missing and double headings."""

import pytest

from data.ingest.pipeline import ingest_text
from data.ingest.reasons import keys
from data.ingest.targets import PROPOSED


def _targets(sentence: str, code: str = "310117"):
    return ingest_text(f"二、重点任务\n(一)测试\n{sentence}", code).targets


def _one(sentence: str, value: float):
    return next(c for c in _targets(sentence) if c.value == value)


@pytest.mark.parametrize(
    "sentence, value",
    [
        ("鼓励56kW以下中小功率机械“油改电”替代更新。", 56),
        ("对3000平方米以上的公共建筑开展能耗监测。", 3000),
        ("落实能耗5000吨标煤以上的企业碳报告制度。", 5000),
        ("到2025年,大于20个停车泊位的公交场站实现充电设施全覆盖。", 20),
        ("其中平均节能率15%及以上的建筑面积达到600万平方米。", 15),
    ],
)
def test_a_threshold_is_not_proposed(sentence, value):
    c = _one(sentence, value)
    assert c.confidence < PROPOSED and keys(c.reason)[0] == "ingest_why_threshold"


def test_an_amount_with_以上_is_a_target():
    c = _one("到2030年,累计完成300万平方米以上的既有建筑节能改造项目。", 300)
    assert c.confidence >= PROPOSED and (c.comparator, c.unit, c.target_year) == (">=", "万平方米", 2030)


def test_star_ratings_ranges_and_multiples():
    stars = _one("新建大型交通枢纽设施按照二星级及以上绿色建筑标准建设。", 2)
    assert (stars.unit, stars.comparator, stars.value_text) == ("星级", ">=", "二")
    assert "ingest_why_stars" in keys(stars.reason)
    low, high = [c for c in _targets("到2025年,配建充电车位不少于总停车位的10-15%。") if c.unit == "%"]
    assert (low.value, high.value, low.value_text) == (10, 15, "10-15%") and high.confidence < low.confidence
    counts = [c for c in _targets("建成3-5个循环利用产业基地。") if c.unit == "个"]
    assert [c.value for c in counts] == [3, 5] and counts[0].confidence > counts[1].confidence
    double = _one("到2025年,港口集装箱水水中转比例达52%,海铁联运箱量翻一番。", 100)
    assert (double.comparator, double.unit, double.value_text, double.target_year) == (
        "increase_by",
        "%",
        "翻一番",
        2025,
    )
    assert _one("按照不超过原规模2/3保留煤机。", 0.6667).unit == "倍"


def test_peak_years_are_proposed_as_no_later_than_the_year():
    peaks = [c for c in _targets("确保2030年前实现碳达峰。到2025年,示范区嘉善片区率先达峰。") if c.unit == "年"]
    assert [(c.value, c.target_year, c.commitment) for c in peaks] == [(2030, 2030, "binding"), (2025, 2025, "")]
    assert all(c.comparator == "<=" for c in peaks)  # data/plans/README.md: a peak year is stored so
    assert all(c.confidence >= PROPOSED and keys(c.reason) == ["ingest_why_peak_year"] for c in peaks)
    assert not [c for c in _targets("助力本区实现碳达峰目标。") if c.unit == "年"]


def test_tree_and_greening_counts_in_a_programme_name_are_not_targets():
    trees = _one("实施新植1亿株珍贵树五年行动计划。", 1)
    assert trees.confidence < PROPOSED and ("ingest_why_unit_unknown", {"unit": "亿株"}) in trees.reason
    assert _one("到2025年,新增造林100万亩。", 100).confidence >= PROPOSED
    assert _one("开展100万亩国土绿化行动。", 100).confidence < PROPOSED


def test_names_dates_and_document_numbers_are_not_quantities():
    text = "依托长三角G60科创走廊,PM2.5浓度下降,建设5G基站,轨交14号线,2023年11月23日,国发〔2021〕23号,专栏1。"
    assert _targets(text) == []


def test_years_comparators_and_commitment():
    c = _one("到2025年,单位生产总值能耗比2020年下降14%。", 14)
    assert (c.comparator, c.base_year, c.target_year) == ("reduce_by", 2020, 2025)
    c = _one("“十四五”期间,累计新增光伏装机容量 29.4 万千瓦。", 29.4)
    assert (c.target_year, c.period, c.unit, c.indicator_zh) == (2025, "十四五", "万千瓦", "累计新增光伏装机容量")
    c = _one("到2030年,森林覆盖率力争达到２１％。", 21)
    assert (c.commitment, c.comparator, c.target_year) == ("aspirational", ">=", 2030)
    assert _one("新建数据中心能源利用效率(PUE)不高于1.3。", 1.3).unit == "PUE"
    assert _one("主要废弃物循环利用率达到 92%左右。", 92).comparator == "~"
    assert _one("粮油作物秸秆综合利用率达98%。", 98).target_year is None  # no year given, none guessed


def test_responsible_units_in_brackets_and_areas():
    text = "1.推进光伏。松江新城累计落实超低能耗建筑示范项目不少于20万平方米。(责任单位:区建设管理委、各街镇等)"
    c = _one(text, 20)
    assert c.responsible == "区建设管理委;各街镇" and (c.area_code, c.area_name) == ("310117", "松江新城")
    assert _one("跳马镇18个矿山矿坑整治。", 18).area_code == "310117"  # 跳马镇 is not in 松江区
    c = next(c for c in _targets("跳马镇18个矿山矿坑整治。", "430111") if c.value == 18)
    assert (c.area_code, c.area_name) == ("430111101", "跳马镇")


def test_missing_and_double_headings_keep_the_plans_numbering():
    result = ingest_text(
        "前言文字。\n、主要目标\n到2025年,森林覆盖率达到19.5%。\n二、重点任务(一)建筑\n新建公园26个。", "310117"
    )
    assert [(c.section, c.value) for c in result.targets] == [("一", 19.5), ("二(一)", 26)]


def test_a_paragraph_that_opens_with_a_year_gives_it_to_its_sentences():
    text = "到2030年,电力占能源消费比重不低于50%。森林覆盖率维持在25.92%的水平。"
    c = _one(text, 25.92)
    assert c.target_year == 2030 and ("ingest_why_year_opening", {"words": "到2030年"}) in c.reason
    led = "1.强化公园绿地建设。至2025年,各类公园新建26个。打造6条示范道路。"
    assert _one(led, 26).target_year == 2025 and _one(led, 6).target_year is None  # a heading opens this one


def test_one_figure_for_two_indicators_gives_two_candidates():
    found = [c for c in _targets("到2025年,邮轮码头岸电设施使用率和港作船舶岸电使用率力争达到100%。") if c.value == 100]
    assert [c.indicator_zh for c in found] == ["邮轮码头岸电设施使用率", "港作船舶岸电使用率"]
    assert all((c.target_year, c.commitment) == (2025, "aspirational") for c in found)


@pytest.mark.parametrize("words", ["全覆盖", "应装尽装", "全量回收"])
def test_full_coverage_wordings_are_proposed_as_100_percent(words):
    c = _one(f"到2025年,公交场站充电设施{words}。", 100)
    assert (c.unit, c.value_text, c.target_year) == ("%", words, 2025) and c.confidence >= PROPOSED


def test_full_coverage_without_a_year_is_proposed_when_it_is_an_outcome_to_achieve():
    achieved = _one("加强农药包装废弃物和农业薄膜回收处置,基本实现全量回收。", 100)
    assert achieved.target_year is None and achieved.confidence >= PROPOSED
    assert {"ingest_why_no_year", "ingest_why_outcome"} <= set(keys(achieved.reason))
    pushed = _one("推进化工、医药、集成电路等行业清洁生产全覆盖。", 100)  # work to push, not an outcome
    assert pushed.target_year is None and pushed.confidence < PROPOSED
