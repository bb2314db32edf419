"""The ingester's one error: bad input, said in one line from the string table (English for the command line;
an app page shows the same entry in the reader's language)."""

from __future__ import annotations

from data.i18n import t


class IngestError(ValueError):
    """A file or an argument the ingester refuses; `key` is its string-table entry, `params` fill it in."""

    def __init__(self, key: str, **params):
        super().__init__(t(key, "en", **params))
        self.key, self.params = key, params

    def message(self, lang: str) -> str:
        return t(self.key, lang, **self.params)
