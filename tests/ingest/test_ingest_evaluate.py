"""The evaluation on the five seeds, and the floors it reaches now (measured 2026-12-03): targets 97.7 % recall
at 98.0 % precision, every plan from 95.9 % (300 curated since the review of issue 14 added full-coverage and
peak-year rows; the ingester proposes those by the same rule, data/plans/README.md); place measures 60.7 %
recall with the right code (74.5 % by place name alone) at 73.5 % precision. The issue's goal for measures (90 %
with the right code) is not reached and cannot be from the text: 56 of the 196 curated measures carry a code
the text does not give (which town a park or company is in; 五个新城 are five places), so 71 % is the ceiling;
among the 140 others the recall is 85.0 %."""

import pytest

from data.ingest.report import total

pytestmark = pytest.mark.seeds


@pytest.fixture(scope="module")
def scores():
    from data.ingest.evaluate import evaluate

    return evaluate()


def test_targets_are_recovered_with_value_unit_and_year(scores):
    all_ = total(scores)
    assert [s.plan_id for s in scores] == ["000", "001", "002", "003", "004"]
    assert all_.target_hits / all_.curated_targets >= 0.975  # 293 of 300
    assert all_.target_hits / all_.proposed_targets >= 0.975  # 293 of 299
    assert min(s.target_hits / s.curated_targets for s in scores) >= 0.95  # 004: 95.9 %
    assert all_.target_hits_section == all_.target_hits  # every recovered target is in its curated section


def test_place_measures_floor(scores):
    all_ = total(scores)
    assert all_.measure_hits / all_.curated_measures >= 0.60
    assert all_.measure_hits_name / all_.curated_measures >= 0.74
    assert all_.measure_hits / all_.proposed_measures >= 0.73
    assert all_.measures_named == 140 and all_.measure_hits_named / all_.measures_named >= 0.85


def test_a_code_from_knowledge_is_told_apart_from_one_the_text_gives():
    from data import plan_data
    from data.ingest.evaluate import _text_gives_code

    rows = plan_data.load_measures().set_index("id")

    def gives(measure_id: str) -> bool:
        jurisdiction = "310000" if measure_id.startswith("002") else "310117"
        return _text_gives_code(jurisdiction, rows.loc[measure_id])

    assert gives("000-M001")  # 车墩镇: the town is named
    assert gives("000-M005")  # 浦南地区: the plan's own district
    assert not gives("000-M013")  # 天马无废低碳环保产业园, curated in 佘山镇: the text does not say so
    assert not gives("002-M015")  # 临港新片区, curated in 浦东新区


def test_the_table_prints(scores, capsys):
    from data.ingest.report import print_scores

    print_scores(scores)
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:4] == ["plan", "targets", "proposed", "recall"]
    assert " all " in out and "97.7%" in out
