"""Second-pass coverage: numbers in a plan's text that no target excerpt covers.

Years ("2025年"), document numbers ("〔2021〕36号") and heading numerals are left out; everything else is
listed with its context so that a reviewer can say why it is not a target.
"""

from __future__ import annotations

import re

import pandas as pd

from data import plan_text

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_SKIP_AFTER = re.compile(r"^(年|号|〕|\])")


def uncovered_numbers(plan_id: str, targets: pd.DataFrame, context: int = 14) -> list[tuple[str, str, str]]:
    """(section, number, context) for every number not inside any of the plan's target excerpts."""
    rows = targets[targets["plan_id"] == plan_id]
    out = []
    for sid, section in plan_text.plan_sections(plan_id).items():
        text = plan_text.normalise(section.text)
        covered = [False] * len(text)
        for excerpt in rows["excerpt"]:
            needle = plan_text.normalise(excerpt)
            for m in re.finditer(re.escape(needle), text):
                covered[m.start() : m.end()] = [True] * len(needle)
        heading = plan_text.normalise(section.lines[0])[:6] if section.lines else ""
        for m in _NUMBER.finditer(text):
            if all(covered[m.start() : m.end()]):
                continue
            after = text[m.end() : m.end() + 1]
            if _SKIP_AFTER.match(after) and (len(m.group()) == 4 or after != "年"):
                continue  # a year or a document number
            if m.start() < len(heading) and m.start() == 0:
                continue  # heading numeral
            out.append((sid, m.group(), text[max(0, m.start() - context) : m.end() + context]))
    return out
