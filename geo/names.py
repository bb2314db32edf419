"""Normalising place names for matching imported features to the gazetteer."""

from __future__ import annotations

import re

from data.plan_text import normalise

_SUFFIXES = ("街道办事处", "街道", "镇", "乡", "新区", "区", "县", "市")


def name_key(name: str) -> str:
    """Comparable form of a place name: simplified, half-width, no spaces, common suffix optional."""
    key = normalise(str(name))
    key = re.sub(r"[()（）]", "", key)
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix) + 1:
            return key[: -len(suffix)]
    return key
