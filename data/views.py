"""Saved views for present mode (data/views.toml): a title, jurisdiction, layers, indicator, year, extent."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from data import jurisdictions

VIEWS_FILE = Path(__file__).resolve().parent / "views.toml"


@dataclass(frozen=True)
class View:
    id: str
    title_zh: str
    title_en: str
    jurisdiction: str
    layers: tuple[str, ...]
    indicator: str | None
    year: int | None  # None: the current reporting year (data/years.py)
    bounds: tuple[float, float, float, float] | None  # south, west, north, east
    note_zh: str = ""
    note_en: str = ""

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_zh

    def note(self, lang: str) -> str:
        return self.note_en if lang == "en" else self.note_zh


class ViewsError(ValueError):
    pass


@functools.cache
def load(path: Path = VIEWS_FILE) -> tuple[View, ...]:
    """Parse and check the views file (layer keys are checked against layers/ by the tests)."""
    raw = tomllib.loads(path.read_text(encoding="utf-8")).get("view", [])
    views, seen = [], set()
    for i, v in enumerate(raw, start=1):
        where = f"{path.name}: view {i} ({v.get('id', '?')})"
        try:
            view = View(
                id=v["id"],
                title_zh=v["title_zh"],
                title_en=v["title_en"],
                jurisdiction=v["jurisdiction"],
                layers=tuple(v.get("layers", [])),
                indicator=v.get("indicator") or None,
                year=int(v["year"]) if "year" in v else None,
                bounds=tuple(v["bounds"]) if "bounds" in v else None,
                note_zh=v.get("note_zh", ""),
                note_en=v.get("note_en", ""),
            )
        except KeyError as e:
            raise ViewsError(f"{where}: missing {e.args[0]}") from None
        if view.id in seen:
            raise ViewsError(f"{where}: duplicate id")
        if view.jurisdiction not in jurisdictions.choices():
            raise ViewsError(f"{where}: unknown jurisdiction {view.jurisdiction}")
        if view.bounds is not None and len(view.bounds) != 4:
            raise ViewsError(f"{where}: bounds must be [south, west, north, east]")
        seen.add(view.id)
        views.append(view)
    if not views:
        raise ViewsError(f"{path.name}: no [[view]] entries")
    return tuple(views)


def get(view_id: str | None) -> tuple[int, View]:
    """Position and view for an id; the first view when the id is missing or unknown."""
    views = load()
    for i, v in enumerate(views):
        if v.id == view_id:
            return i, v
    return 0, views[0]


def overview_bounds() -> tuple[float, float, float, float] | None:
    """The extent of the first saved view of all jurisdictions, used for the map of all jurisdictions: the
    plans' places lie in two clusters ~900 km apart, and fitting both would shrink each to a dot."""
    return next((v.bounds for v in load() if v.jurisdiction == jurisdictions.ALL and v.bounds), None)
