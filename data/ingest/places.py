"""Candidate place measures (placeholder until the rules are written)."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass
class MeasureCandidate:
    section: str
    place_name: str
    place_type: str
    category: str
    area_code: str
    area_name: str
    measure: str
    responsible: str
    excerpt: str
    confidence: float
    reason: str

    def row(self) -> dict:
        return asdict(self)


def measure_candidates(sentences, code: str, name: str) -> list[MeasureCandidate]:
    return []
