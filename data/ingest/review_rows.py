"""An ingested plan's candidates as rows of the plans' schema (data/plan_data.py), and the checks a reviewed row
passes before it becomes plan data: the pydantic row model, and its excerpt found in the plan's stored text
(provenance). Pure: the store (data/reporting/plan_store.py) calls these."""

from __future__ import annotations

from pydantic import ValidationError

from data.plan_data import MeasureRow, PlanRow, TargetRow

MODELS = {"target": TargetRow, "measure": MeasureRow}
LETTER = {"target": "T", "measure": "M"}
MAX_ROWS = 999  # a row id is <plan>-T001 … <plan>-T999
# what the ingester does not propose: the reviewer may edit these
_TARGET_DEFAULTS = {"sector": "overall", "note": ""}
_MEASURE_DEFAULTS = {
    "lon": None,
    "lat": None,
    "location_source": "",
    "target_ids": "",
    "measure_en": "",
}
_CANDIDATE_ONLY = ("confidence", "reason")
EDITABLE = {
    "target": ("indicator_zh", "indicator_en", "sector", "comparator", "value", "value_text", "unit", "base_year",
               "target_year", "area_code", "area_name", "excerpt"),
    "measure": ("place_name", "place_type", "category", "area_code", "area_name", "measure", "excerpt"),
}  # fmt: skip


def row_id(plan_id: str, kind: str, n: int) -> str:
    return f"{plan_id}-{LETTER[kind]}{n:03d}"


def schema_row(kind: str, candidate: dict, rid: str) -> dict:
    """The candidate (TargetCandidate/MeasureCandidate.row()) as a targets.csv / measures.csv row."""
    row = {k: v for k, v in candidate.items() if k not in _CANDIDATE_ONLY}
    if kind == "target":
        row = {**_TARGET_DEFAULTS, **row, "indicator_en": row.get("indicator_zh", "")}
    else:
        precision = "town" if len(str(row.get("area_code", ""))) == 9 else "district"
        row = {**_MEASURE_DEFAULTS, "location_precision": precision, **row}
    return {**row, "id": rid}


def problems(kind: str, row: dict, text: str) -> list[str]:
    """The fields that keep `row` from becoming plan data (empty when it can): the schema's checks, then the
    excerpt's place in the plan's text (an excerpt not found word for word is a problem of `excerpt`)."""
    out = []
    try:
        MODELS[kind].model_validate(row)
    except ValidationError as e:
        out += [".".join(str(x) for x in err["loc"]) or "row" for err in e.errors()]
    excerpt = str(row.get("excerpt") or "")
    if excerpt and excerpt not in text:
        out.append("excerpt")
    return list(dict.fromkeys(out))


def plan_row(kind: str, row: dict) -> dict:
    """The validated row as plan_data's loaders give it (lists split, empty years None)."""
    return MODELS[kind].model_validate(row).model_dump()


def plan_header(pid: str, plan, targets: list[dict]) -> dict:
    """A published plan as a plans.csv row (validated); its period spans its targets' years (2021-2030 when they
    name none), its source file name carries its text's hash."""
    years = [y for r in targets if r["id"].startswith(pid + "-") for y in (r["base_year"], r["target_year"]) if y]
    row = {
        "id": pid,
        "source_file": f"{pid}_{plan.text_sha256[:12]}.txt",
        "title": plan.title,
        "title_en": plan.title,
        "jurisdiction_code": plan.jurisdiction_code,
        "jurisdiction_name": plan.jurisdiction_name,
        "issuing_body": "",
        "issued": "",
        "period_start": max(min(years, default=2021), 2000),
        "period_end": min(max(years, default=2030), 2060),
    }
    return PlanRow.model_validate(row).model_dump()


def what(kind: str, row: dict) -> str:
    """A candidate in a few words: a target's indicator and figure, a measure's place and what is done."""
    if kind == "target":
        year = f"({row['target_year']})" if row.get("target_year") else ""
        return f"{row.get('indicator_zh', '')} {row.get('value_text', '')}{row.get('unit', '')}{year}".strip()
    return f"{row.get('place_name', '')}:{row.get('measure', '')}"
