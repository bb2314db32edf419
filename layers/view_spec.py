"""The map of a saved view (data/views.toml) or of an area as a MapSpec: what present mode shows, what a slide or
a map picture exports. The statuses come from the caller (the pages' cached reads, or layers/exports/sources.py
for the command line), so the page and its exports draw the same view."""

from __future__ import annotations

import pandas as pd

from data import jurisdictions, progress, views, years
from layers import families
from layers.choropleth import choropleth_rows, indicator_label
from layers.headline import Card, indicator_cards
from layers.map_builder import MapSpec


def view_year(view: views.View) -> int:
    return view.year or years.reporting_year()


def has_figures(statuses: pd.DataFrame | None) -> bool:
    """Whether a choropleth would show anything but 未报送 (else the view says so rather than paint it grey)."""
    return statuses is not None and not statuses.empty and not (statuses["status"] == progress.NO_REPORT).all()


def slide_spec(view: views.View, lang: str, statuses: pd.DataFrame | None, present: bool = True) -> MapSpec:
    """A saved view's map; `statuses` of its indicator (None when it has none)."""
    year = view_year(view)
    rows = choropleth_rows(statuses, year, lang) if has_figures(statuses) else None
    return MapSpec(
        scope=jurisdictions.scope_of(view.jurisdiction),
        layers=view.layers,
        choropleth=rows,
        lang=lang,
        present=present,
        bounds=view.bounds,
        gaps_year=year,
        extra={
            "indicator_label": indicator_label(view.indicator, lang) if view.indicator else "",
            "view_title": view.title(lang),
        },
    )


def area_spec(code: str, lang: str, year: int, indicator: str | None = None, statuses=None) -> MapSpec:
    """An area's map as its page shows it: every measure layer, and a progress indicator when one is given."""
    rows = choropleth_rows(statuses, year, lang) if indicator and has_figures(statuses) else None
    return MapSpec(
        scope=code,
        layers=tuple(f.key for f in families.FAMILIES),
        choropleth=rows,
        lang=lang,
        gaps_year=year,
        extra={"indicator_label": indicator_label(indicator, lang) if indicator else ""},
    )


def slide_cards(view: views.View, lang: str, statuses: pd.DataFrame | None) -> list[Card]:
    """A saved view's headline figures (none while its indicator has no figures)."""
    if not view.indicator or not has_figures(statuses):
        return []
    return indicator_cards(statuses, jurisdictions.scope_of(view.jurisdiction), view_year(view), lang)
