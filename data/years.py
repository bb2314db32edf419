"""The one definition of the years PeakAtlas reports on and assesses.

Figures are reported for a full calendar year once it is over, so the current reporting year is last year
(during 2026 towns report their 2025 figures). The form, the template, the gaps, the map, the area pages
and the slides all start from reporting_year(); a user may pick any year in YEARS instead."""

from __future__ import annotations

from datetime import date

FIRST_YEAR = 2020  # the plans' base year
LAST_YEAR = 2035  # the plans' horizon
YEARS = range(FIRST_YEAR, LAST_YEAR + 1)


def clamp(year: int) -> int:
    return min(max(int(year), FIRST_YEAR), LAST_YEAR)


def reporting_year(today: date | None = None) -> int:
    """The last full calendar year, within YEARS."""
    return clamp((today or date.today()).year - 1)


def parse_year(text: str | None, default: int | None = None) -> int:
    """A year from a URL parameter or a form field; anything that is not a plain 4-digit year in YEARS gives
    `default` (the reporting year when None)."""
    fallback = reporting_year() if default is None else default
    s = (text or "").strip()
    if len(s) == 4 and s.isascii() and s.isdigit() and int(s) in YEARS:
        return int(s)
    return fallback
