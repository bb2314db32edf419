"""The ingester's one error: bad input, said in one line from the string table (English for the command line;
an app page shows the same entry in the reader's language)."""

from __future__ import annotations

from data.i18n import t
from data.numbers import fmt, fmt_beyond


class IngestError(ValueError):
    """A file or an argument the ingester refuses; `key` is its string-table entry, `params` fill it in."""

    def __init__(self, key: str, **params):
        super().__init__(t(key, "en", **params))
        self.key, self.params = key, params

    def message(self, lang: str) -> str:
        return t(self.key, lang, **self.params)


def too_large(name: str, size: int, limit_mb: float) -> IngestError:
    """A file (or a document's inflated body) of `size` bytes over the limit."""
    return IngestError("ingest_too_large", name=name, mb=fmt_beyond(size / 2**20, limit_mb), limit=fmt(limit_mb))
