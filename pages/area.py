"""Area page, deep-linkable by code (?area=310117104&year=2025): for a town official, what the area owes, its
figures and their review state, headline cards and a link to report; for a district, its towns against
their shares and the reporting gaps; then the map, the measures and the plans' context."""
import pandas as pd
import streamlit as st

from data import area_summary, gazetteer_data, progress, years
from data.i18n import pick, t
from layers import families
from layers.area_tables import target_caption
from layers.charts import trajectory_spec
from layers.headline import area_cards, cards_html
from layers.map_builder import MapSpec
from layers.owed_tables import gaps_table, measures_table, owed_table, shares_table, towns_table
from pages.ui import reports as store
from pages.ui.folium_map import show_view
from pages.ui.navigation import app_navigation
from pages.ui.shell import base_css, illustrative_badge, language_switch
from pages.ui.state import param

app_navigation()

lang = language_switch()
base_css()


def name_of(code: str) -> str:
    a = area_summary.info(code)
    return pick(a.name, a.name_en, lang)


def lang_param() -> dict:
    return {"lang": lang} if lang != "zh" else {}


def link(code: str) -> None:
    st.page_link("pages/area.py", label=name_of(code), query_params={"area": code, **lang_param()})


code = param("area")
if code not in gazetteer_data.known_codes():
    if code:
        st.error(t("area_not_found", lang, code=code))
    codes = sorted(gazetteer_data.known_codes())
    picked = st.selectbox(t("choose_area", lang), codes, index=None, format_func=lambda c: f"{name_of(c)} {c}",
                          placeholder=t("choose_area", lang))
    if picked:
        st.query_params["area"] = picked
        st.rerun()
    st.stop()

a = area_summary.info(code)
year = years.parse_year(param("year"))
reports, _, rev = store.progress_reports()
owed = store.owed_status(code, year, rev)
measures = area_summary.measures_in(code)

st.title(name_of(code))
st.caption(" · ".join([t(f"level_name_{a.level}", lang), *(name_of(p) for p in a.parents), code]))
pick_year = st.columns([1, 3])[0].selectbox(t("progress_year", lang), list(years.YEARS),
                                            index=list(years.YEARS).index(year), key="area_year",
                                            placeholder=t("choose_placeholder", lang))
if pick_year != year:
    st.query_params["year"] = str(pick_year)
    st.rerun()

with st.expander(t("data_quality", lang), expanded=True):
    if a.level == "town" or a.children and a.level == "district":
        st.markdown(f"- {t('schematic_note', lang)}")
    if len(measures):
        st.markdown(f"- {t('approx_location_note', lang)}")
    if owed["illustrative"].any():
        st.markdown(f"- {t('illustrative_note', lang)}")


def headline() -> None:
    st.subheader(t("owed_title", lang))
    if owed.empty:
        st.info(t("owed_none", lang))
        return
    if owed["illustrative"].any():
        illustrative_badge(lang)
    st.html(cards_html(area_cards(owed, year, lang)))
    st.page_link("pages/report.py", label=t("go_report", lang), icon="✍️", query_params=lang_param())


def owed_section() -> None:
    """Every target the area owes with its status and this year's figure, then the charts of those with figures."""
    if owed.empty:
        return
    if a.level != "town":
        st.subheader(t("owed_table_title", lang, n=len(owed)))
    st.html(owed_table(owed, year, lang))
    charted = owed[owed["latest_value"].notna()]
    if len(charted):
        with st.expander(t("charts_title", lang, n=len(charted))):
            for r in charted.to_dict("records"):
                charts(r)


def charts(row: dict) -> None:
    """The trajectory of one owed target, against the area's share where one exists."""
    target = area_summary.target(row["target_id"])
    if pd.notna(row["share"]):  # the town's own line, to its share
        target = {**target, "value": row["share"]}
    st.markdown(target_caption(target, lang))
    traj = progress.trajectory(target, reports, area_code=code)
    if len(traj):
        st.vega_lite_chart(trajectory_spec(traj, row["unit"], lang, bool(row["illustrative"])), width="stretch")


def district_section() -> None:
    towns = list(a.children)
    breakdown = store.district_breakdown(code, year, rev)
    st.subheader(t("towns_title", lang))
    st.html(towns_table(breakdown, towns, lang))
    st.subheader(t("shares_title", lang))
    if breakdown["share"].notna().any():
        st.html(shares_table(breakdown, lang))
    else:
        st.info(t("shares_none", lang))
    st.subheader(t("area_gaps", lang, year=year))
    gaps = store.gaps(code, year, rev)
    if gaps.empty:
        st.success(t("no_gaps", lang))
    else:
        st.caption(t("gaps_count", lang, n=len(gaps), areas=gaps["area_code"].nunique()))
        st.html(gaps_table(gaps, lang))


headline()
if a.level == "district" and a.children:  # for a district's reviewer the towns come first
    district_section()
owed_section()

st.subheader(t("area_map", lang))
spec = MapSpec(scope=code, layers=tuple(f.key for f in families.FAMILIES), lang=lang)
show_view(spec, key=f"area_map_{code}", height=460)

st.subheader(t("area_measures", lang))
if measures.empty:
    st.info(t("no_measures_here", lang))
else:
    st.html(measures_table(measures, lang))

if a.parents:
    st.subheader(t("context_title", lang))
    st.caption(t("context_caption", lang))
    for p in a.parents:
        link(p)
if a.level != "town" and a.children:
    st.markdown(f"**{t('child_areas', lang)}**")
    cols = st.columns(3)
    for i, c in enumerate(a.children):
        with cols[i % 3]:
            link(c)

units = area_summary.responsible_units(code)
if units:
    st.subheader(t("area_responsible", lang))
    st.write("、".join(units))
