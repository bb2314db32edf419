"""Home: the map — jurisdiction, layers, progress choropleth, click an area for its summary."""

import streamlit as st

from data import area_summary, gazetteer_data, jurisdictions, views, years
from data.i18n import pick, t
from layers import basemaps, families
from layers.choropleth import INDICATOR_NONE, indicator_choices, indicator_label
from layers.exports import stamp
from layers.headline import area_cards, cards_html
from layers.html_safe import md_text
from layers.map_builder import MapSpec
from layers.owed_tables import status_badge
from pages.ui import outside_area as outside
from pages.ui import reports as store
from pages.ui.exports import download, export
from pages.ui.folium_map import show_view
from pages.ui.navigation import app_navigation
from pages.ui.shell import base_css, illustrative_badge, language_switch
from pages.ui.state import bad_params, lang_params, param, say_bad_params, url_bound, write_back

app_navigation(__file__)

lang = language_switch()
base_css(lang)


def label_of(code: str) -> str:
    if code == jurisdictions.ALL:
        return t("all_jurisdictions", lang)
    return gazetteer_data.area_label(code, lang)  # not area_summary.info: every run labels every choice


def area_panel(code: str, row: dict | None) -> None:
    """The clicked area: its progress on the chosen indicator (as on the map), what it owes, its page."""
    a = area_summary.info(code)
    st.subheader(pick(a.name, a.name_en, lang))
    st.caption(" › ".join(pick(area_summary.info(p).name, area_summary.info(p).name_en, lang) for p in a.parents))
    if row is not None:
        st.html(status_badge(row["status"], lang))
        st.markdown(md_text(row["detail"]))
    owed = store.owed_status(code, year, rev)
    st.html(cards_html(area_cards(owed, year, lang)[:2]))
    st.metric(t("measures_count", lang), len(area_summary.measures_in(code)))
    if a.level == "town":
        st.caption(t("schematic_note", lang))
    st.page_link(
        "pages/area.py",
        label=t("open_area_page", lang),
        icon="➡️",
        query_params={"area": code, "year": str(year), **lang_params(lang)},
    )


choices = jurisdictions.choices()
family_keys = [f.key for f in families.FAMILIES]
bad_links = bad_params(
    {
        "j": lambda v: v in choices,
        "layers": lambda v: all(k in family_keys for k in v.split(",") if k),
        "year": lambda v: years.parse_year(v, 0) != 0,
        "area": lambda v: v in gazetteer_data.known_codes(),
        "towns": lambda v: v in ("0", "1"),
        "gaps": lambda v: v in ("0", "1"),
    }
)
url_bound("map_j", "j", jurisdictions.ALL, lambda v: v if v in choices else jurisdictions.ALL)
j = st.sidebar.selectbox(
    t("jurisdiction", lang), choices, format_func=label_of, key="map_j", placeholder=t("choose_placeholder", lang)
)
write_back("map_j", "j", jurisdictions.ALL)
scope = jurisdictions.scope_of(j)
with st.sidebar.expander(t("other_area", lang)):  # any other county or town of China: a link to its area page
    outside.search_any_area(lang, "map_other_area")

default_layers = ",".join(families.DEFAULT_ON)
url_bound("map_layers", "layers", default_layers, lambda v: [k for k in v.split(",") if k in family_keys])
chosen = st.sidebar.multiselect(
    t("layers", lang),
    family_keys,
    format_func=lambda k: families.BY_KEY[k].label(lang),
    key="map_layers",
    placeholder=t("choose_layers", lang),
)
write_back("map_layers", "layers", default_layers, ",".join)

url_bound("map_towns", "towns", "1", lambda v: v != "0")
show_towns = st.sidebar.toggle(t("show_towns", lang), key="map_towns")
write_back("map_towns", "towns", "1", lambda v: "1" if v else "0")

keys = [INDICATOR_NONE] + indicator_choices(scope)
bad_links += bad_params({"ind": lambda v: v in keys})
url_bound("map_ind", "ind", INDICATOR_NONE, lambda v: v if v in keys else INDICATOR_NONE)
if st.session_state["map_ind"] not in keys:  # the jurisdiction changed and has no such indicator
    st.session_state["map_ind"] = INDICATOR_NONE
ind = st.sidebar.selectbox(
    t("progress_indicator", lang),
    keys,
    key="map_ind",
    placeholder=t("choose_placeholder", lang),
    format_func=lambda k: t("no_choropleth", lang) if k == INDICATOR_NONE else indicator_label(k, lang),
)
write_back("map_ind", "ind", INDICATOR_NONE)

url_bound("map_gaps", "gaps", "0", lambda v: v == "1")
show_gaps = st.sidebar.toggle(t("layer_gaps", lang), key="map_gaps")
write_back("map_gaps", "gaps", "0", lambda v: "1" if v else "0")

this_year = str(years.reporting_year())
url_bound("map_year", "year", this_year, years.parse_year)
year = st.sidebar.slider(t("progress_year", lang), years.FIRST_YEAR, years.LAST_YEAR, key="map_year")
write_back("map_year", "year", this_year)

maps = basemaps.available()
basemap = maps[0].key
if len(maps) > 1:
    basemap = st.sidebar.selectbox(
        t("basemap", lang),
        [b.key for b in maps],
        format_func=lambda k: basemaps.get(k).label(lang),
        key="map_basemap",
        placeholder=t("choose_placeholder", lang),
    )

st.title(t("map_title", lang))
say_bad_params(bad_links, lang)
rev = store.revision()
rows = None
if ind != INDICATOR_NONE:
    rows, cards = store.choropleth(ind, scope, year, lang, rev)
    if any(r["illustrative"] for r in rows):
        illustrative_badge(lang)
    st.html(cards)

gaps = store.gap_counts(scope, year, rev) if show_gaps else None
spec = MapSpec(
    scope=scope,
    layers=tuple(chosen),
    towns=show_towns,
    choropleth=rows,
    gaps=gaps,
    gaps_year=year,
    lang=lang,
    basemap=basemap,
    bounds=views.overview_bounds() if scope is None else None,
    extra={"indicator_label": indicator_label(ind, lang) if ind != INDICATOR_NONE else ""},
)
map_col, info_col = st.columns([3, 1])
with map_col:
    out = show_view(spec, key="main_map", height=640, returned_objects=("last_active_drawing",))
with info_col:
    # this view as a picture (layers/exports/map_picture.py), drawn only when a button is clicked; beside the
    # map's top, not under its 640 px where a laptop's screen ends
    mode = store.progress_reports()[1]
    with st.popover(t("export_picture", lang), icon=":material/image:", width="stretch"):
        st.caption(t("export_picture_help", lang))
        name = label_of(j) if scope else t("all_jurisdictions", lang)
        for fmt in stamp.PICTURE_FORMATS:
            download(
                t(f"export_{fmt}_button", lang),
                export("map_picture", "render", spec, fmt, stamp.SLIDE, stamp.stamp(mode, lang)),
                stamp.file_name("export_map_file", lang, fmt, name=name, year=year),
                f"map_{fmt}_download",
            )
    clicked = ((out or {}).get("last_active_drawing") or {}).get("properties") or {}
    code = clicked.get("code") if clicked.get("code") in gazetteer_data.known_codes() else None
    if code and code != st.query_params.get("area"):
        st.query_params["area"] = code  # the selected area is part of the link
    code = code or (param("area") if param("area") in gazetteer_data.known_codes() else None)
    if code is None:
        st.info(t("click_hint", lang))
    else:
        area_panel(code, next((r for r in rows or () if r["area_code"] == code), None))
