"""Streamlit glue for any unit of China outside the five plans' gazetteer: its area page (built by
layers/outside_area.py) and the name search that leads there (the map's sidebar, the area page's chooser)."""

from __future__ import annotations

import streamlit as st

from data import divisions
from data.i18n import t
from layers import outside_area
from layers.html_safe import md_message, md_text
from pages.ui.state import lang_params

SEARCH_LIMIT = 8  # links shown for a search; more means the name typed is too short


def _link(code: str, label: str, lang: str) -> None:
    st.page_link("pages/area.py", label=label, query_params={"area": code, **lang_params(lang)})


def show_page(code: str, lang: str) -> bool:
    """Draw the page of any unit of China by its code; False (nothing drawn) when it is not one."""
    page = outside_area.build(code, lang)
    if page is not None:
        show(page, lang)
    return page is not None


def show(page: outside_area.OutsidePage, lang: str) -> None:
    """The page: name, level and the units above it, which plan covers it, its units one level down (filter)."""
    st.title(md_text(page.title))
    st.caption(md_text(page.subtitle))
    st.info(page.notes[0])  # the string table's own sentences (a plan's title at most)
    st.markdown("\n".join(f"- {n}" for n in page.notes[1:]))
    if page.measures_html:  # a published plan places measures here (an ingested 奉贤区 plan in 南桥镇)
        st.subheader(t("area_measures", lang))
        st.html(page.measures_html)
    if page.units:
        _units(page, lang)
    if page.parents:
        st.subheader(t("context_title", lang))
        for code, name in page.parents:
            _link(code, name, lang)


def _units(page: outside_area.OutsidePage, lang: str, note: str = "") -> None:
    """Its units one level down as a table, with a name filter (and a note under the heading)."""
    st.subheader(page.units_title)
    if note:
        st.caption(note)
    query = st.text_input(
        t("outside_filter", lang),
        key=f"outside_filter_{page.code}",
        placeholder=t("outside_filter_placeholder", lang),
    )
    shown = outside_area.matching(page.units, query)
    if shown:
        st.caption(t("outside_filter_count", lang, shown=len(shown), n=len(page.units)))
        st.html(outside_area.units_table(shown, lang))
    else:
        st.info(md_message("outside_filter_none", lang, q=query.strip()))


def towns_section(code: str, lang: str) -> None:
    """A district of the five plans' gazetteer whose towns it does not hold (奉贤区): its towns from the national
    one, listed and filterable, with why none is drawn."""
    page = outside_area.build(code, lang)
    if page is not None and page.level == "county" and page.units:
        _units(page, lang, t("outside_towns_not_drawn", lang))


def search_any_area(lang: str, key: str) -> None:
    """A name search over every county and town of China; each hit links to its area page."""
    query = st.text_input(t("other_area_search", lang), key=key, placeholder=t("other_area_placeholder", lang)).strip()
    if not query:
        return
    hits = divisions.search(query, limit=SEARCH_LIMIT + 1, levels=("county", "town"))
    if not hits:
        st.caption(md_message("other_area_none", lang, q=query))
    for d in hits[:SEARCH_LIMIT]:
        _link(d.code, divisions.label(d.code), lang)
    if len(hits) > SEARCH_LIMIT:
        st.caption(t("other_area_more", lang, n=SEARCH_LIMIT))
