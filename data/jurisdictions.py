"""The jurisdictions a user can choose: the plans' own, in plan order."""

from __future__ import annotations

from data import plan_data

ALL = "all"


def choices() -> list[str]:
    """ALL first, then each plan's jurisdiction code (each once)."""
    codes = list(dict.fromkeys(plan_data.load_plans()["jurisdiction_code"]))
    return [ALL] + codes


def scope_of(choice: str) -> str | None:
    return None if choice == ALL else choice
