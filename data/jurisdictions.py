"""The jurisdictions a user can choose: the plans' own, in plan order."""

from __future__ import annotations

from data import gazetteer_data, plan_data

ALL = "all"


def choices() -> list[str]:
    """ALL first, then each plan's jurisdiction code (each once) whose outline the map draws: an ingested plan
    for a county elsewhere in China is on its area page, the targets explorer and reporting, not the map."""
    drawn = gazetteer_data.districts().index
    codes = [c for c in dict.fromkeys(plan_data.load_plans()["jurisdiction_code"]) if c in drawn]
    return [ALL] + codes


def scope_of(choice: str) -> str | None:
    return None if choice == ALL else choice
