"""The evaluation as a table (python -m data ingest --evaluate; bench/ingest.py prints the same)."""

from __future__ import annotations

from data.ingest.evaluate import PlanScore, evaluate
from data.ingest.targets import PROPOSED

_HEAD = ("plan", "targets", "proposed", "recall", "+section", "precision", "measures", "proposed", "recall",
         "name only", "precision", "text gives code", "recall there", "seconds")  # fmt: skip


def _row(s: PlanScore) -> tuple:
    r = PlanScore.ratio
    return (
        s.plan_id, s.curated_targets, s.proposed_targets, f"{r(s.target_hits, s.curated_targets):.1%}",
        f"{r(s.target_hits_section, s.curated_targets):.1%}", f"{r(s.target_hits, s.proposed_targets):.1%}",
        s.curated_measures, s.proposed_measures, f"{r(s.measure_hits, s.curated_measures):.1%}",
        f"{r(s.measure_hits_name, s.curated_measures):.1%}", f"{r(s.measure_hits, s.proposed_measures):.1%}",
        f"{s.measures_named} ({r(s.measures_named, s.curated_measures):.0%})",
        f"{r(s.measure_hits_named, s.measures_named):.1%}", f"{s.seconds:.3f}",
    )  # fmt: skip


def total(scores: list[PlanScore]) -> PlanScore:
    fields = [sum(getattr(s, f) for s in scores) for f in list(PlanScore.__dataclass_fields__)[1:]]
    return PlanScore("all", *fields)


def print_scores(scores: list[PlanScore] | None = None) -> list[PlanScore]:
    scores = scores if scores is not None else evaluate()
    rows = [_HEAD] + [_row(s) for s in [*scores, total(scores)]]
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(_HEAD))]
    for r in rows:
        print("  ".join(str(v).rjust(w) for v, w in zip(r, widths)))
    print(
        f"proposed: confidence >= {PROPOSED}; a curated target is recovered by exactly its value, unit and target "
        "year (+section: and section); a curated measure by its place name and gazetteer code (name only: by its "
        "place name, the code left to review); precision: the share of proposed candidates that recover a curated row;"
        " text gives code: curated measures whose code is the plan's own area or a unit named in the row's excerpt or"
        " place name (the others were placed from knowledge of where the place lies), and the recall among them"
    )
    return scores
