"""Checks of the plan data against the plan texts: sections exist, excerpts are the plan's words,
numbers stand in their excerpts, places are named in theirs, area codes are known."""

from __future__ import annotations

import re

import pandas as pd

from data import gazetteer_data, plan_text


def _number_matches(value_text: str, value: float) -> bool:
    """Arabic value_text must parse to value; Chinese numerals are checked by a reviewer, not here."""
    if not re.fullmatch(r"[\d.,]+", value_text):
        return True
    try:
        return abs(float(value_text.replace(",", "")) - value) < 1e-9
    except ValueError:
        return False


def check(targets: pd.DataFrame, measures: pd.DataFrame) -> list[str]:
    problems = []
    codes = gazetteer_data.known_codes()
    for kind, df in (("target", targets), ("measure", measures)):
        for row in df.itertuples(index=False):
            where = f"{row.plan_id} {row.id} (section {row.section})"
            sections = plan_text.plan_sections(row.plan_id)
            excerpt = plan_text.normalise(row.excerpt)
            if row.section not in sections:
                problems.append(f"{where}: section {row.section!r} does not exist in the plan")
            elif excerpt not in plan_text.normalise(sections[row.section].text):
                found = plan_text.locate(row.plan_id, row.excerpt)
                hint = f"; it is in {found}" if found else "; it is nowhere in the plan"
                problems.append(f"{where}: excerpt {row.excerpt!r} is not in that section's text{hint}")
            if row.area_code not in codes:
                problems.append(f"{where}: area_code {row.area_code} is not in the gazetteer")
            if kind == "target":
                if plan_text.normalise(row.value_text) not in excerpt:
                    problems.append(f"{where}: value_text {row.value_text!r} not in excerpt")
                if not _number_matches(row.value_text, row.value):
                    problems.append(f"{where}: value {row.value} does not match value_text {row.value_text!r}")
            elif plan_text.normalise(row.place_name) not in excerpt:
                problems.append(f"{where}: place_name {row.place_name!r} not in excerpt")
    return problems
