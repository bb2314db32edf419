"""Home: the map — jurisdiction, layers, progress choropleth, click an area for its summary."""
import copy

import streamlit as st
from streamlit_folium import st_folium

from data import area_summary, basemaps, gazetteer_data, jurisdictions, progress
from data.i18n import pick, t
from layers import families
from layers.choropleth import INDICATOR_NONE, choropleth_rows, indicator_choices, indicator_label
from layers.map_builder import MapSpec, build_map
from pages._shell import base_css, illustrative_badge, language_switch
from pages._state import param, set_param

lang = language_switch()
base_css()


def label_of(code: str) -> str:
    if code == jurisdictions.ALL:
        return t("all_jurisdictions", lang)
    a = area_summary.info(code)
    return pick(a.name, a.name_en, lang)


choices = jurisdictions.choices()
j = param("j", jurisdictions.ALL)
j = st.sidebar.selectbox(t("jurisdiction", lang), choices, index=choices.index(j) if j in choices else 0,
                         format_func=label_of)
set_param("j", j, jurisdictions.ALL)
scope = jurisdictions.scope_of(j)

family_keys = [f.key for f in families.FAMILIES]
chosen = [k for k in param("layers", ",".join(families.DEFAULT_ON)).split(",") if k in family_keys]
chosen = st.sidebar.multiselect(t("layers", lang), family_keys, default=chosen,
                                format_func=lambda k: families.BY_KEY[k].label(lang))
set_param("layers", ",".join(chosen), ",".join(families.DEFAULT_ON))
show_towns = st.sidebar.toggle(t("show_towns", lang), value=param("towns", "1") == "1")
set_param("towns", "1" if show_towns else "0", "1")

keys = [INDICATOR_NONE] + indicator_choices(scope)
ind = param("ind", INDICATOR_NONE)
ind = st.sidebar.selectbox(t("progress_indicator", lang), keys, index=keys.index(ind) if ind in keys else 0,
                           format_func=lambda k: t("no_choropleth", lang) if k == INDICATOR_NONE
                           else indicator_label(k, lang))
set_param("ind", ind, INDICATOR_NONE)
year = st.sidebar.slider(t("progress_year", lang), 2021, 2030, int(param("year", "2024")))
set_param("year", str(year), "2024")

maps = basemaps.available()
basemap = maps[0].key
if len(maps) > 1:
    basemap = st.sidebar.selectbox(t("basemap", lang), [b.key for b in maps],
                                   format_func=lambda k: basemaps.get(k).label(lang))

st.title(t("map_title", lang))
rows = None
if ind != INDICATOR_NONE:
    rows = choropleth_rows(ind, scope, year, lang, progress.load_reports())
    if any(r["illustrative"] for r in rows):
        illustrative_badge(lang)


@st.cache_resource(max_entries=32, show_spinner=False)
def cached_map(scope, layers, towns, rows, lang, basemap, indicator_label):
    return build_map(MapSpec(scope=scope, layers=layers, towns=towns, choropleth=rows, lang=lang, basemap=basemap,
                             extra={"indicator_label": indicator_label}))


fmap = cached_map(scope, tuple(chosen), show_towns, rows, lang, basemap,
                  indicator_label(ind, lang) if ind != INDICATOR_NONE else "")
map_col, info_col = st.columns([3, 1])
with map_col:
    # st_folium renames the map's elements as it renders: give it a copy, keep the cached map pristine
    out = st_folium(copy.deepcopy(fmap), height=640, use_container_width=True, returned_objects=["last_active_drawing"],
                    key="main_map")
with info_col:
    clicked = (out or {}).get("last_active_drawing") or {}
    code = (clicked.get("properties") or {}).get("code")
    if not code or code not in gazetteer_data.known_codes():
        st.info(t("click_hint", lang))
    else:
        a = area_summary.info(code)
        st.subheader(pick(a.name, a.name_en, lang))
        st.caption(" › ".join(pick(area_summary.info(p).name, area_summary.info(p).name_en, lang) for p in a.parents))
        c1, c2 = st.columns(2)
        c1.metric(t("targets_count", lang), len(area_summary.own_targets(code)))
        c2.metric(t("measures_count", lang), len(area_summary.measures_in(code)))
        if a.level == "town":
            st.caption(t("schematic_note", lang))
        st.page_link("pages/area.py", label=t("open_area_page", lang), icon="➡️",
                     query_params={"area": code, **({"lang": lang} if lang != "zh" else {})})
