"""The saved views (data/views.toml) as one PDF, 16:9, one slide per page: each view's title and note, its
headline figures and its map picture, as present mode shows them (templates/slides.typ)."""

from __future__ import annotations

from dataclasses import dataclass

from data import jurisdictions, views
from data.i18n import t
from layers import palette, view_spec
from layers.choropleth import indicator_label
from layers.exports import map_picture, sources, stamp, typeset
from layers.exports.area_pdf import COLOURS
from layers.headline import Card
from layers.map_builder import MapSpec

MAP_SIZE = (2000, 1000)  # pixels: the map below the title and the figures on a 16:9 page
MAP_TYPE = 1.6  # a room reads the legend from the back


@dataclass(frozen=True)
class Slide:
    view: views.View
    spec: MapSpec
    cards: list[Card]


def _slide(s: Slide, i: int, total: int, lang: str) -> dict:
    note = " · ".join(filter(None, [t("present_position", lang, n=i + 1, total=total), s.view.note(lang)]))
    empty = ""
    if s.view.indicator and not s.cards:
        year = view_spec.view_year(s.view)
        empty = t("present_no_figures", lang, indicator=indicator_label(s.view.indicator, lang), year=year)
    return {
        "title": s.view.title(lang),
        "note": note,
        "empty": empty,
        "file": f"slide{i}.png",
        "cards": [
            {"label": k.label, "value": k.value, "note": k.note, "colour": palette.STATUS.get(k.status, palette.FRAME)}
            for k in s.cards
        ],
    }


def render(slides: list[Slide], state: str, lang: str) -> bytes:
    """One page per slide; `state` the data-state line printed at every page's foot."""
    files = {
        f"slide{i}.png": map_picture.render(s.spec, "png", MAP_SIZE, type_scale=MAP_TYPE, titled=False)
        for i, s in enumerate(slides)
    }
    data = {
        "lang": lang,
        "app": t("app_title", lang),
        "title": t("nav_present", lang),
        "state": state,
        "colours": COLOURS,
        "slides": [_slide(s, i, len(slides), lang) for i, s in enumerate(slides)],
    }
    return typeset.pdf("slides.typ", data, files)


def slide_of(view: views.View, lang: str, statuses) -> Slide:
    """A view's slide from its indicator's statuses (None when it has no indicator)."""
    return Slide(
        view, view_spec.slide_spec(view, lang, statuses, present=False), view_spec.slide_cards(view, lang, statuses)
    )


def from_store(lang: str) -> bytes:
    """Every saved view as the store stands now (the command line)."""
    reads, slides = sources.store_reads(), []  # one read of the store for all the views
    for view in views.load():
        scope = jurisdictions.scope_of(view.jurisdiction)
        found = sources.statuses(view.indicator, scope, view_spec.view_year(view), reads) if view.indicator else None
        slides.append(slide_of(view, lang, found))
    return render(slides, stamp.stamp(sources.figures()[1], lang), lang)
