"""Scores the ingester against the curated CSVs of the five plans: per plan, target recall (a curated target is
recovered by a proposed candidate with exactly its value, unit and target year; also counted: the same section
too), target precision (proposed candidates that recover a curated target), measure recall (a curated measure
whose place and gazetteer code a proposed candidate has; a row naming a town under its district's code counts
with the town's code), measure precision, and the time to ingest each seed. Also: how many curated measures
have a code the plan's text gives at all (the plan's own area, or a unit named in the row's excerpt or place
name, found by the ingester's gazetteer) and the recall among those: the rest were placed from knowledge of
where the place is (天马无废低碳环保产业园 in 佘山镇, 临港新片区 in 浦东新区), which no rule on the text recovers."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd

from data import divisions, plan_data, plan_text
from data.ingest.gazetteer import places_named
from data.ingest.pipeline import Ingested, ingest_path
from data.ingest.targets import PROPOSED


@dataclass
class PlanScore:
    plan_id: str
    curated_targets: int
    proposed_targets: int
    target_hits: int  # curated targets recovered (value, unit, target year)
    target_hits_section: int  # … and in the same section
    curated_measures: int
    proposed_measures: int
    measure_hits: int  # curated measures recovered (place name and gazetteer code)
    measure_hits_name: int  # … by place name alone (the code left to the reviewer)
    measures_named: int  # curated measures whose code the text gives (see the module's docstring)
    measure_hits_named: int  # … recovered with that code
    seconds: float

    @staticmethod
    def ratio(a: int, b: int) -> float:
        return a / b if b else 1.0


def _year(v) -> int | None:
    return None if v is None or v == "" or pd.isna(v) else int(v)


def _target_key(value, unit, year) -> tuple:
    return (round(float(value), 4), unit, _year(year))


def _match(curated: list[tuple], proposed: list[tuple]) -> int:
    """How many curated items a proposed item recovers, one to one (a repeated figure needs each repetition found);
    items are (key, section)."""
    have = Counter(k for k, _ in proposed)
    return sum(min(n, have[k]) for k, n in Counter(k for k, _ in curated).items())


def _code(area_code: str, area_name: str) -> str:
    """The curated code, or the town's when a row names a town but gives its district's code (plan 002 gives
    吴泾镇, 高桥镇, 老港镇 and 张江镇 so; the ingester places them in the town)."""
    town = next((t for t in divisions.towns_of(area_code) if t.name == area_name), None)
    return town.code if town else area_code


def _text_gives_code(jurisdiction: str, row) -> bool:
    code = _code(row.area_code, row.area_name)
    text = plan_text.normalise(f"{row.place_name} {row.excerpt}")
    return code == jurisdiction or any(u.code == code for u, _, _ in places_named(jurisdiction, text))


def score_plan(
    plan_id: str, jurisdiction: str, result: Ingested, targets: pd.DataFrame, measures: pd.DataFrame
) -> PlanScore:
    cur_t = [(_target_key(r.value, r.unit, r.target_year), r.section) for r in targets.itertuples()]
    proposed = [c for c in result.targets if c.confidence >= PROPOSED]
    prop_t = [(_target_key(c.value, c.unit, c.target_year), c.section) for c in proposed]
    hits = _match(cur_t, prop_t)
    hits_section = sum(min(n, Counter(prop_t)[item]) for item, n in Counter(cur_t).items())
    cur_m = [
        ((plan_text.normalise(r.place_name), _code(r.area_code, r.area_name)), r.section) for r in measures.itertuples()
    ]
    prop_m = [
        ((plan_text.normalise(c.place_name), c.area_code), c.section)
        for c in result.measures
        if c.confidence >= PROPOSED
    ]
    m_hits = _match(cur_m, prop_m)
    by_name = _match([((k[0],), s) for k, s in cur_m], [((k[0],), s) for k, s in prop_m])
    named = [m for m, r in zip(cur_m, measures.itertuples(), strict=True) if _text_gives_code(jurisdiction, r)]
    return PlanScore(
        plan_id, len(cur_t), len(prop_t), hits, hits_section, len(cur_m), len(prop_m), m_hits, by_name,
        len(named), _match(named, prop_m), result.seconds,
    )  # fmt: skip


def evaluate() -> list[PlanScore]:
    plans, targets, measures = plan_data.load_plans(), plan_data.load_targets(), plan_data.load_measures()
    scores = []
    for plan_id, plan in plans.iterrows():
        result = ingest_path(plan_text.plan_files()[plan_id], plan["jurisdiction_code"])
        mine = targets[targets["plan_id"] == plan_id], measures[measures["plan_id"] == plan_id]
        scores.append(score_plan(plan_id, plan["jurisdiction_code"], result, *mine))
    return scores
