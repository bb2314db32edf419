"""Present mode: saved views with large type, no Streamlit chrome, next/previous (?view=ID)."""

import html

import streamlit as st

from data import jurisdictions, views, years
from data.i18n import t
from layers import styles
from layers.choropleth import choropleth_rows, indicator_label
from layers.headline import cards_html, indicator_cards
from layers.map_builder import MapSpec
from pages.ui import reports as store
from pages.ui.folium_map import show_view
from pages.ui.navigation import app_navigation
from pages.ui.shell import base_css, current_lang, illustrative_badge
from pages.ui.state import param

app_navigation()

lang = current_lang()
base_css()
st.html(styles.present_css())

all_views = views.load()
index, view = views.get(param("view"))
if param("view") != view.id:
    st.query_params["view"] = view.id


def go(i: int) -> None:
    st.query_params["view"] = all_views[i % len(all_views)].id


prev_col, title_col, next_col = st.columns([1, 8, 1], vertical_alignment="center")
prev_col.button(t("present_prev", lang), on_click=go, args=(index - 1,), key="prev", width="stretch")
next_col.button(t("present_next", lang), on_click=go, args=(index + 1,), key="next", width="stretch")
with title_col:
    st.title(view.title(lang))
    note = " · ".join(filter(None, [t("present_position", lang, n=index + 1, total=len(all_views)), view.note(lang)]))
    st.markdown(f'<div class="pa-note">{html.escape(note)}</div>', unsafe_allow_html=True)
scope = jurisdictions.scope_of(view.jurisdiction)
year = view.year or years.reporting_year()
rows = None
if view.indicator:
    statuses = store.indicator_statuses(view.indicator, scope, year, store.revision())
    rows = choropleth_rows(statuses, year, lang)
    if any(r["illustrative"] for r in rows):
        illustrative_badge(lang)
    st.html(cards_html(indicator_cards(statuses, scope, year, lang)))
spec = MapSpec(
    scope=scope,
    layers=view.layers,
    choropleth=rows,
    lang=lang,
    bounds=view.bounds,
    extra={"indicator_label": indicator_label(view.indicator, lang) if view.indicator else ""},
)
show_view(spec, key=f"present_{view.id}_{lang}", height=720)
