"""Why the ingester proposed a candidate, as keys of the string table (data/i18n.py, "ingest_why_…") with their
parameters, so the reason is shown in the reader's language. A reason is a tuple of pieces (key, params); the plan's
own words travel as parameters, unchanged. The store keeps a reason as JSON (a list of [key, {params}]); a reason
stored before reasons had keys is a plain English string and is shown as written."""

from __future__ import annotations

import json
from collections.abc import Sequence

from data.i18n import STRINGS, t

Piece = tuple[str, dict[str, str]]
Reason = tuple[Piece, ...]


def because(key: str, **params) -> Reason:
    """A reason of one piece; reasons add up with +."""
    return ((key, {k: str(v) for k, v in params.items()}),)


def keys(reason: Reason) -> list[str]:
    return [key for key, _ in reason]


def to_json(reason: Reason) -> str:
    return json.dumps([[key, params] for key, params in reason], ensure_ascii=False)


def _pieces(stored) -> list[Piece] | None:
    """The pieces of a reason given as pieces or as their JSON; None when it is not one (a plain string)."""
    if isinstance(stored, str):
        try:
            stored = json.loads(stored)
        except ValueError:
            return None
    if not isinstance(stored, Sequence) or isinstance(stored, str):
        return None
    pieces = []
    for piece in stored:
        ok = isinstance(piece, Sequence) and len(piece) == 2 and isinstance(piece[1], dict)
        if not ok or piece[0] not in STRINGS:
            return None
        pieces.append((piece[0], piece[1]))
    return pieces


def render(stored, lang: str) -> str:
    """The reason in the reader's language; a reason stored as plain text before reasons had keys, as written."""
    pieces = _pieces(stored)
    if pieces is None:
        return "" if stored is None else str(stored)
    return t("ingest_why_sep", lang).join(t(key, lang, **params) for key, params in pieces)
