"""The boundary import's error and warnings: one line each, from the string table (English for the command
line; the app shows the same entry in the reader's language)."""

from __future__ import annotations

from data.i18n import t


class BoundaryImportError(ValueError):
    """Bad input: the message is one line saying what is wrong and where (the string table's entry `key`)."""

    def __init__(self, key: str, **params):
        super().__init__(t(key, "en", **params))
        self.key, self.params = key, params


def warning(key: str, **params) -> dict:
    """A warning of the import report: its English text (for the command line) and its string-table entry."""
    return {"text": t(key, "en", **params), "key": key, "params": params}
