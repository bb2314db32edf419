"""Place measures on small snippets: towns from the gazetteer with their codes, named places by their endings,
kinds of place that are not one place, bare names in a city's plan, lists, and responsibility statements."""

from data.ingest.pipeline import ingest_text
from data.ingest.targets import PROPOSED


def _places(sentence: str, code: str = "310117") -> dict[str, tuple[str, str, float]]:
    result = ingest_text(f"二、重点任务\n(一)测试\n{sentence}", code)
    return {m.place_name: (m.area_code, m.category, m.confidence) for m in result.measures}


def _proposed(sentence: str, code: str = "310117") -> dict[str, str]:
    return {name: c for name, (c, _, conf) in _places(sentence, code).items() if conf >= PROPOSED}


def test_towns_and_named_places_with_their_codes_and_categories():
    found = _places("推进车墩镇、泖港镇整镇屋顶分布式光伏开发试点,推动嘉北郊野公园纯氢站和叶榭獐栖息地建设。")
    assert found["车墩镇"][:2] == ("310117104", "pv_pilot") and found["泖港镇"][0] == "310117109"
    assert found["嘉北郊野公园纯氢站"][:2] == ("310117", "hydrogen_station")  # one place, not the park and a station
    assert found["叶榭獐栖息地"][0] == "310117120"  # placed in 叶榭镇 by its name
    assert all(conf >= PROPOSED for _, _, conf in found.values())


def test_a_name_after_its_town_and_a_town_with_its_county():
    assert _proposed("推进中山街道郭家娄和方松街道泰晤士小镇低碳社区创建。") == {
        "郭家娄": "310117004",
        "泰晤士小镇": "310117003",
    }
    assert _proposed("桐乡乌镇数智电力物联网示范项目。", "330400") == {"桐乡乌镇": "330483100"}


def test_kinds_of_place_are_not_places():
    found = _places("新增绿道建设长度87.90公里,提高湿地保护率,建设一批节能低碳园区和新能源技术重点实验室。")
    assert not [name for name, (_, _, conf) in found.items() if conf >= PROPOSED]


def test_bare_names_in_a_citys_plan_need_a_list():
    assert _proposed("加快推进奉贤、南汇和金山三大海域风电开发。", "310000") == {"奉贤": "310120", "金山": "310116"}
    assert "石化" not in _proposed("压减钢铁、石化行业煤炭消费。", "310000")


def test_the_items_of_a_list_the_text_calls_places():
    found = _proposed("聚焦长江口、杭州湾北岸、崇明北沿等重点区域,加强湿地修复。", "310000")
    assert found == {"长江口": "310000", "杭州湾北岸": "310000", "崇明北沿": "310151"}


def test_towns_named_only_as_responsible_units_are_not_measures():
    assert _places("推进屋顶光伏建设。(责任单位:区发展改革委、九亭镇、经开区)") == {}


def test_rivers_named_after_a_town_are_not_put_in_it():
    assert _places("持续推进浏阳河(雨花段)、圭塘河生态保护修复工作。", "430111")["圭塘河"][0] == "430111"
    assert "浏阳河(雨花段)" in _places("持续推进浏阳河(雨花段)、圭塘河生态保护修复工作。", "430111")


def test_a_town_written_with_its_city_or_county():
    assert _proposed("桐乡市河山镇入选首批省级低碳城镇试点。", "330400") == {"河山镇": "330483104"}
    assert _proposed("推进黄浦江游船电动化。", "310000") == {}  # not 黄浦区, nor 浦江镇 inside 黄浦江


def test_a_category_comes_from_the_name_then_from_what_the_clause_does():
    found = _places("做大做强海宁光伏生产基地;推进老港、宝山等湿垃圾集中资源化利用设施建设。", "310000")
    assert found["老港"][1] == "circular_economy" and found["宝山"][1] == "circular_economy"
    assert _places("做大做强秀洲、海宁光伏生产基地。", "330400")["海宁光伏生产基地"][1] == "industry"


def test_words_that_looked_like_breaks_or_endings():
    # 和 of 碳中和 does not end a name; 即 (namely) does not start one
    assert "青少年碳中和学院实践基地" in _places("发挥青少年碳中和学院实践基地等平台作用。", "310114")
    assert "黄浦江-大治河生态走廊" in _proposed("即黄浦江-大治河生态走廊建设。", "310000")
    assert _proposed("松江区党校(行政学院)应分层次组织学习。") == {"松江区党校(行政学院)": "310117"}
    # a numbered metro line and its extension are one place; a bare 延伸 is a verb (平湖塘延伸拓浚工程: 平湖塘)
    assert _proposed("推进轨交14号线西延伸规划建设工作。", "310114") == {"轨交14号线西延伸": "310114"}
    assert "轨交13号线西延伸段" in _proposed("推进轨交13号线西延伸段建设。", "310114")
    assert "平湖塘" in _places("平湖塘延伸拓浚工程和扩大杭嘉湖南排工程建设基本完成。", "330400")
    assert not any("延伸" in name for name in _places("平湖塘延伸拓浚工程基本完成。", "330400"))


def test_transport_places_by_their_endings():
    found = _proposed("启动铁路嘉兴东货场迁建,推进嘉兴国际航空联运中心建设。", "330400")
    assert found == {"嘉兴东货场": "330400", "嘉兴国际航空联运中心": "330400"}  # the yard, not "铁路嘉兴东货场"


def test_a_weakly_named_place_given_a_task_is_proposed():
    assert "文旅融合示范区" in _proposed("文旅融合示范区要发挥绿色生态资源优势。")  # opens the sentence, its task
    assert "九科绿洲区域" in _proposed("打造城市智能配电网,在九科绿洲区域试点。")  # where something is done
    found = _places("推进浦南地区天然气管网建设。")
    assert found["浦南地区"][2] < PROPOSED  # a weak ending alone stays below the line, for the reviewer
