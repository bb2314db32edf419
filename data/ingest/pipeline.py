"""One plan file → candidate targets and place measures, deterministic and offline. Nothing is stored."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from data.ingest import clauses
from data.ingest.areas import area_finder
from data.ingest.errors import IngestError
from data.ingest.gazetteer import jurisdiction_name
from data.ingest.normalise import normalise_plan
from data.ingest.places import MeasureCandidate, measure_candidates
from data.ingest.read_file import read_path, read_plan
from data.ingest.targets import TargetCandidate, target_candidates


@dataclass
class Ingested:
    jurisdiction_code: str
    jurisdiction_name: str
    text: str  # the normalised text every excerpt is taken from
    targets: list[TargetCandidate] = field(default_factory=list)
    measures: list[MeasureCandidate] = field(default_factory=list)
    seconds: float = 0.0


def check_jurisdiction(code: str) -> str:
    """The jurisdiction's name; an unknown code is refused."""
    name = jurisdiction_name(code.strip())
    if name is None:
        raise IngestError("ingest_jurisdiction", code=code)
    return name


def ingest_text(raw: str, jurisdiction: str) -> Ingested:
    started = time.perf_counter()
    name = check_jurisdiction(jurisdiction)
    text = normalise_plan(raw)
    sentences = clauses.sentences(text)
    out = Ingested(jurisdiction, name, text)
    out.targets = target_candidates(sentences, area_finder(jurisdiction, name))
    out.measures = measure_candidates(sentences, jurisdiction, name)
    out.seconds = time.perf_counter() - started
    return out


def ingest_bytes(data: bytes, file_name: str, jurisdiction: str) -> Ingested:
    check_jurisdiction(jurisdiction)  # before the file is read: the cheaper refusal first
    started = time.perf_counter()
    out = ingest_text(read_plan(data, file_name), jurisdiction)
    out.seconds = time.perf_counter() - started
    return out


def ingest_path(path: Path, jurisdiction: str) -> Ingested:
    check_jurisdiction(jurisdiction)
    started = time.perf_counter()
    out = ingest_text(read_path(path), jurisdiction)
    out.seconds = time.perf_counter() - started
    return out
