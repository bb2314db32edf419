"""National overview (全国概览): every county of China, coloured by whether a plan in PeakAtlas covers it and
how it stands (?year=2025). Thin page: the join is data/national.py, the map layers/national_map.py (vector
tiles from the app's own server)."""

import streamlit as st

from data import years
from data.i18n import t
from layers import national_map
from layers.html_safe import md_text
from pages.ui import reports as store
from pages.ui.folium_map import show_map
from pages.ui.navigation import app_navigation
from pages.ui.shell import badge, base_css, language_switch
from pages.ui.state import bad_params, lang_params, say_bad_params, url_bound, write_back

app_navigation(__file__)

lang = language_switch()
base_css(lang)


@st.cache_data(show_spinner=False, max_entries=16)
def overview(year: int, lang: str, store_revision: tuple) -> national_map.Overview:
    """Every covered county's status, once per year, language and store revision for all sessions."""
    figures = store.progress_reports()[0]
    return national_map.overview(year, lang, figures, store.shares(None, store_revision))


bad = bad_params({"year": lambda v: years.parse_year(v, 0) != 0})
this_year = str(years.reporting_year())
url_bound("national_year", "year", this_year, years.parse_year)
year = st.sidebar.slider(t("progress_year", lang), years.FIRST_YEAR, years.LAST_YEAR, key="national_year")
write_back("national_year", "year", this_year)

st.title(t("national_title", lang))
say_bad_params(bad, lang)
if not national_map.ready():
    st.error(t("national_no_vectorgrid", lang))
    st.stop()
rev = store.revision()
ov = overview(year, lang, rev)
st.caption(t("national_caption", lang, total=f"{ov.total:,}", covered=len(ov.statuses), year=year))
if ov.illustrative:  # the badge alone: the legend says what it means, and the map stays higher on a laptop
    badge(t("illustrative_badge", lang))
map_col, info_col = st.columns([4, 1])
with map_col:
    out = show_map(
        ("national", year, lang, rev),
        lambda: national_map.build_map(ov),
        key="national_map",
        height=620,
        returned_objects=("last_active_drawing",),
    )
with info_col:
    code = national_map.clicked_county(ov, out)
    if code is None:
        st.info(t("national_hover_hint", lang))
    else:
        name, lines = national_map.county_lines(ov, code)
        st.subheader(name)
        st.markdown("\n".join(f"- {md_text(line)}" for line in lines))
        st.page_link(
            "pages/area.py",
            label=t("open_area_page", lang),
            icon="➡️",
            query_params={"area": code, "year": str(year), **lang_params(lang)},
        )
