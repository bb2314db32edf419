"""Loading and validating the plan data files in data/plans/ (schema per row, errors naming file, row, field)."""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
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
    plans = builtin_plans()
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
def builtin_plans() -> pd.DataFrame:
    rows, problems = read_rows(PLANS_DIR / "plans.csv", PlanRow)
    if problems:
        raise PlanDataError(problems)
    return pd.DataFrame([r.model_dump() for r in rows]).set_index("id", drop=False)


def _with_canonical(df: pd.DataFrame) -> pd.DataFrame:
    conv = [canonical(v, u) for v, u in zip(df["value"], df["unit"])]
    df["canonical_value"] = [c[0] for c in conv]
    df["canonical_unit"] = [c[1] for c in conv]
    return df


@functools.cache
def builtin_targets() -> pd.DataFrame:
    return _with_canonical(_load("targets", TargetRow))


@functools.cache
def builtin_measures() -> pd.DataFrame:
    return _load("measures", MeasureRow)


# --- the built-in plans joined by the plans published in the store (data/reporting/plan_store.py) ------------


@dataclass(frozen=True)
class _Joined:
    published: tuple  # the published plans' rows these frames were made from
    plans: pd.DataFrame
    targets: pd.DataFrame
    measures: pd.DataFrame


_joined: _Joined | None = None  # None: the built-in plans alone (the command line, tests, before a page's run)
_generation = 0  # how often the plan data changed in this process (a cache key for what is drawn from it)


def generation() -> int:
    return _generation


_derived: list = []  # caches of values computed from the plan data alone, emptied whenever it changes


def derived(cached):
    """Register a cached function (functools.cache, lru_cache) of the plan data alone: join_published empties it
    whenever the plan data changes, so a new derived cache cannot be forgotten in a list kept elsewhere."""
    _derived.append(cached)
    return cached


@derived
@functools.cache
def target_rows() -> dict[str, dict]:
    """Every targets row (targets and baselines) by id, as dicts: a lookup for code that asks row by row."""
    return {row["id"]: row for row in load_targets().to_dict("records")}


@derived
@functools.cache
def periods() -> dict[str, tuple[int, int]]:
    """plan id → (first year, last year) of its period (a lookup: targets' due years are asked for per row)."""
    plans = load_plans()
    return {pid: (int(a), int(b)) for pid, a, b in zip(plans.index, plans["period_start"], plans["period_end"])}


def _rows_frame(rows: list[dict], plans: pd.DataFrame, builtin: pd.DataFrame) -> pd.DataFrame:
    if not rows:
        return builtin
    frame = pd.DataFrame(rows)
    frame.insert(0, "plan_id", [r["id"].split("-")[0] for r in rows])
    frame.insert(1, "source_file", [plans.loc[p, "source_file"] for p in frame["plan_id"]])
    return pd.concat([builtin, frame[list(builtin.columns.intersection(frame.columns))]], ignore_index=True)


def join_published(plans: list[dict], targets: list[dict], measures: list[dict]) -> bool:
    """Make load_plans/load_targets/load_measures return the built-in plans and these published ones (rows as
    data/reporting/plan_store.published gives them). Returns whether the plan data changed; the caches registered
    with `derived` are then emptied."""
    global _joined, _generation
    published = (tuple(map(repr, plans)), tuple(map(repr, targets)), tuple(map(repr, measures)))
    if (_joined.published if _joined else ((), (), ())) == published:
        return False
    _generation += 1
    for cached in _derived:
        cached.cache_clear()
    if not plans:
        _joined = None
        return True
    all_plans = pd.concat([builtin_plans(), pd.DataFrame(plans).set_index("id", drop=False)])
    t = _rows_frame(targets, all_plans, builtin_targets())
    _joined = _Joined(
        published,
        all_plans,
        _with_canonical(t) if targets else t,
        _rows_frame(measures, all_plans, builtin_measures()),
    )
    return True


def load_plans() -> pd.DataFrame:
    return _joined.plans if _joined is not None else builtin_plans()


def load_targets() -> pd.DataFrame:
    return _joined.targets if _joined is not None else builtin_targets()


def load_measures() -> pd.DataFrame:
    return _joined.measures if _joined is not None else builtin_measures()
