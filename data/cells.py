"""Text a spreadsheet program would run as a formula (CSV/formula injection): cells that start with = + - @
(or a tab or carriage return before them). Exports neutralise such text; uploads and forms refuse it.
Numbers written as text ("-3", "+1.5e3") are not formulas."""

from __future__ import annotations

import math

import pandas as pd

_TRIGGERS = ("=", "+", "-", "@")


def _numeric(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def is_formula(value) -> bool:
    """True for text that a spreadsheet would evaluate."""
    if not isinstance(value, str) or not value:
        return False
    if value[0] in "\t\r":
        return True
    head = value.lstrip()
    return head[:1] in _TRIGGERS and not _numeric(head)


def neutral(value):
    """The value as it is safe to write to a CSV or XLSX cell: formula-like text gets a leading apostrophe
    (shown as text by Excel and LibreOffice); anything else is returned unchanged."""
    return "'" + value if is_formula(value) else value


def neutral_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of the frame with every text cell neutralised (column headers too)."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_object_dtype(out[col]) or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutral)
    out.columns = [neutral(c) for c in out.columns]
    return out
