"""Loading and validating the plan data files in data/plans/ (schema per row, errors naming file, row, field)."""

from __future__ import annotations

import csv
import functools
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, Field, ValidationError, field_validator

from data import vocab
from data.units import UNITS, canonical

PLANS_DIR = Path(__file__).resolve().parent / "plans"

Year = int | None


def _split(v: str) -> list[str]:
    return [p.strip() for p in v.split(";") if p.strip()] if isinstance(v, str) else list(v)


def _empty_none(v):
    return None if v == "" else v


class PlanRow(BaseModel):
    id: str = Field(pattern=r"^\d{3}$")
    source_file: str = Field(pattern=r"^\d{3}_[0-9a-f]+\.txt$")
    title: str = Field(min_length=2)
    title_en: str = Field(min_length=2)
    jurisdiction_code: str = Field(pattern=r"^\d{6}$")
    jurisdiction_name: str
    issuing_body: str
    issued: str = Field(pattern=r"^(\d{4}-\d{2}-\d{2})?$")
    period_start: int = Field(ge=2000, le=2060)
    period_end: int = Field(ge=2000, le=2060)


class _Sourced(BaseModel):
    section: str = Field(min_length=1)
    area_code: str = Field(pattern=r"^(\d{6}|\d{9})$")
    area_name: str = Field(min_length=1)
    responsible: list[str]
    excerpt: str = Field(min_length=2, max_length=60)

    _split_resp = field_validator("responsible", mode="before")(_split)


class TargetRow(_Sourced):
    id: str = Field(pattern=r"^\d{3}-T\d{3}$")
    sector: Literal[vocab.SECTORS]
    indicator_zh: str = Field(min_length=2)
    indicator_en: str = Field(min_length=2)
    kind: Literal[vocab.KINDS]
    comparator: Literal[vocab.COMPARATORS]
    value: float
    value_text: str = Field(min_length=1)
    unit: str
    base_year: Year = Field(default=None, ge=1990, le=2060)
    target_year: Year = Field(default=None, ge=1990, le=2060)
    period: Literal[vocab.PERIODS]
    commitment: Literal[vocab.COMMITMENTS]
    note: str = ""

    _none_years = field_validator("base_year", "target_year", mode="before")(_empty_none)

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, v: str) -> str:
        if v not in UNITS:
            raise ValueError(f"unit {v!r} is not in data/units.py")
        return v


class MeasureRow(_Sourced):
    id: str = Field(pattern=r"^\d{3}-M\d{3}$")
    place_name: str = Field(min_length=2)
    place_type: Literal[vocab.PLACE_TYPES]
    category: Literal[vocab.CATEGORIES]
    lon: float | None = Field(default=None, ge=73, le=136)
    lat: float | None = Field(default=None, ge=3, le=54)
    location_precision: Literal[vocab.PRECISIONS]
    location_source: str = ""
    target_ids: list[str]
    measure: str = Field(min_length=2)
    measure_en: str = ""

    _none_coords = field_validator("lon", "lat", mode="before")(_empty_none)
    _split_targets = field_validator("target_ids", mode="before")(_split)

    def model_post_init(self, _ctx) -> None:
        has_point = self.lon is not None and self.lat is not None
        if (self.location_precision == "site") != has_point:
            raise ValueError("lon/lat are given exactly when location_precision is 'site'")
        if has_point and not self.location_source:
            raise ValueError("a site point needs its location_source")


class PlanDataError(ValueError):
    """Raised with every problem found, one line each: file:row N:field: message."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def read_rows(path: Path, model: type[BaseModel]) -> tuple[list[BaseModel], list[str]]:
    rows, problems = [], []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = set(model.model_fields) - set(reader.fieldnames or []) - {"note", "measure_en", "location_source"}
        if missing:
            return [], [f"{path}: missing columns {sorted(missing)}"]
        for n, raw in enumerate(reader, start=2):  # row 1 is the header
            try:
                rows.append(model.model_validate({k: (v or "").strip() for k, v in raw.items() if k}))
            except ValidationError as e:
                for err in e.errors():
                    field = ".".join(str(x) for x in err["loc"]) or "row"
                    problems.append(f"{path.relative_to(PLANS_DIR.parent.parent)}:row {n}:{field}: {err['msg']}")
    return rows, problems


def _load(kind: str, model: type[BaseModel]) -> pd.DataFrame:
    plans = load_plans()
    frames, problems, seen = [], [], set()
    for plan_id in plans.index:
        path = PLANS_DIR / plan_id / f"{kind}.csv"
        if not path.exists():
            continue
        rows, errs = read_rows(path, model)
        problems += errs
        for r in rows:
            if not r.id.startswith(plan_id + "-"):
                problems.append(f"{path.name} of plan {plan_id}: id {r.id} belongs to another plan")
            if r.id in seen:
                problems.append(f"{path.name} of plan {plan_id}: duplicate id {r.id}")
            seen.add(r.id)
        frame = pd.DataFrame([r.model_dump() for r in rows])
        frame.insert(0, "plan_id", plan_id)
        frame.insert(1, "source_file", plans.loc[plan_id, "source_file"])
        frames.append(frame)
    if problems:
        raise PlanDataError(problems)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


@functools.cache
def load_plans() -> pd.DataFrame:
    rows, problems = read_rows(PLANS_DIR / "plans.csv", PlanRow)
    if problems:
        raise PlanDataError(problems)
    return pd.DataFrame([r.model_dump() for r in rows]).set_index("id", drop=False)


@functools.cache
def load_targets() -> pd.DataFrame:
    df = _load("targets", TargetRow)
    conv = [canonical(v, u) for v, u in zip(df["value"], df["unit"])]
    df["canonical_value"] = [c[0] for c in conv]
    df["canonical_unit"] = [c[1] for c in conv]
    return df


@functools.cache
def load_measures() -> pd.DataFrame:
    return _load("measures", MeasureRow)
