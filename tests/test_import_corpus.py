"""The hostile boundary corpus (tests/hostile_geo.py): every file is refused with its message, held until forced,
or stored with its stated repair — never a traceback, and a refused or held file leaves the store as it was."""

import pytest

from data.i18n import t
from geo import importer
from tests import boundary_files as bf
from tests import hostile_geo
from tests.conftest import store_snapshot

CASES = {c.name: c for c in hostile_geo.CASES}


def outcome(case: hostile_geo.Case, folder) -> tuple[tuple[str, str | None], object]:
    """(("refused"|"held"|"stored", key), the error or report)."""
    folder.mkdir()
    path = case.make(folder)
    try:
        report = importer.import_file(path, case.level, case.datum)
    except importer.BoundaryImportError as e:
        return ("refused", e.key), e
    keys = [k for k, _ in report["warning_keys"]]
    if not report["stored"]:
        return ("held", keys[0] if keys else None), report
    wanted = case.outcome[1]
    return ("stored", wanted if wanted in keys else (keys[0] if keys else None)), report


def test_the_corpus_is_large_and_varied():
    assert len(CASES) == len(hostile_geo.CASES) >= 100  # names are unique
    assert {c.outcome[0] for c in hostile_geo.CASES} == {"refused", "held", "stored"}
    assert len({c.outcome[1] for c in hostile_geo.CASES if c.outcome[0] != "stored"}) >= 30


def test_a_held_file_is_stored_when_forced(tmp_path, isolated_store):
    path = CASES["towns_2_degrees_west"].make(tmp_path)
    report = importer.import_file(path, "town", force=True)
    assert report["stored"] and report["held"] == ["imp_outside_district"]


def test_unmatched_features_are_listed_with_plain_attributes(tmp_path, isolated_store):
    report = importer.import_file(CASES["integer_list_unmatched"].make(tmp_path), "town", dry_run=True)
    assert report["unmatched_total"] == 1
    assert report["unmatched_features"] == [
        {"feature": 3, "properties": {"XZQDM": "[310117, 104]", "XZQMC": '{ "zh": [ "车墩" ] }'}}
    ]


@pytest.mark.parametrize("name", CASES)
def test_hostile_file(name, tmp_path, isolated_store, monkeypatch):
    case = CASES[name]
    for k, v in case.env.items():
        monkeypatch.setenv(k, v)
    before = store_snapshot(isolated_store)
    got, detail = outcome(case, tmp_path / "in")
    assert got == case.outcome, detail
    if got[0] == "stored":
        assert store_snapshot(isolated_store) != before
        return
    assert store_snapshot(isolated_store) == before
    params = detail.params if got[0] == "refused" else dict(detail["warning_keys"])[got[1]]
    for lang in ("zh", "en"):  # one clear line in each language, with its values filled in
        line = t(got[1], lang, **params)
        assert line and "\n" not in line and "{" not in line, line


@pytest.mark.parametrize("name", ["a!b.geojson", "边界 (1).geojson", "/vsicurl/x.geojson", "a,b;c.GEOJSON"])
def test_uploads_are_read_whatever_their_names_and_keep_them(name, tmp_path, isolated_store):
    data = hostile_geo.GOOD_GEOJSON(tmp_path).read_bytes()
    report = importer.import_upload(name, data, "town")
    assert report["stored"] and report["file"] == name.split("/")[-1]
    with pytest.raises(importer.BoundaryImportError) as e:
        importer.import_upload(name, b"", "town")
    assert str(e.value).startswith(name.split("/")[-1] + ": ")


def test_the_check_summary_reads_as_numbers_for_people(tmp_path, isolated_store):
    from layers import boundaries

    far = importer.import_file(CASES["towns_2_degrees_west"].make(tmp_path), "town", dry_run=True)
    assert far["median_offset_m"] is None
    assert boundaries.report_summary(far, "zh").endswith(
        "边界偏移中位数 无法计算(没有边界线在区县官方外轮廓 3 公里以内)"
    )
    assert "3 km outside" in far["warnings"][0] and " 173 km" in far["warnings"][0]
    every = bf.write_geojson(bf.songjiang_towns(), tmp_path / "all.geojson")
    good = importer.import_file(every, "town", dry_run=True)
    assert boundaries.report_summary(good, "en").endswith("median offset 0 m")
