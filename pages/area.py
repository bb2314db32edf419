"""Area page, deep-linkable by code (?area=310117102): map, measures, targets with progress, notes."""
import streamlit as st

from data import area_summary, gazetteer_data, progress, reporting
from data.i18n import pick, t
from layers import families
from layers.area_tables import measure_table, target_caption, target_table
from layers.charts import trajectory_spec
from layers.map_builder import MapSpec
from pages.ui.folium_map import show_view
from pages.ui.reports import REPORT_YEAR, engine, progress_reports
from pages.ui.navigation import app_navigation
from pages.ui.shell import badge, base_css, illustrative_badge, language_switch
from pages.ui.state import param

app_navigation()

lang = language_switch()
base_css()


def name_of(code: str) -> str:
    a = area_summary.info(code)
    return pick(a.name, a.name_en, lang)


def link(code: str) -> None:
    st.page_link("pages/area.py", label=name_of(code),
                 query_params={"area": code, **({"lang": lang} if lang != "zh" else {})})


code = param("area")
if code not in gazetteer_data.known_codes():
    if code:
        st.error(t("area_not_found", lang, code=code))
    codes = sorted(gazetteer_data.known_codes())
    picked = st.selectbox(t("choose_area", lang), codes, index=None, format_func=lambda c: f"{name_of(c)} {c}")
    if picked:
        st.query_params["area"] = picked
        st.rerun()
    st.stop()

a = area_summary.info(code)
st.title(name_of(code))
st.caption(f"{a.kind} · {code}")
reports, _, _ = progress_reports()
own = area_summary.own_targets(code)
measures = area_summary.measures_in(code)
shown_reports = reports[reports["target_id"].isin(own["id"])]

with st.expander(t("data_quality", lang), expanded=True):
    if a.level == "town" or a.children and a.level == "district":
        st.markdown(f"- {t('schematic_note', lang)}")
    if (measures["location_precision"] != "site").any() or len(measures):
        st.markdown(f"- {t('approx_location_note', lang)}")
    if shown_reports["illustrative"].any():
        st.markdown(f"- {t('illustrative_note', lang)}")

nav1, nav2 = st.columns(2)
with nav1:
    st.markdown(f"**{t('parent_areas', lang)}**")
    for p in a.parents:
        link(p)
with nav2:
    if a.children:
        st.markdown(f"**{t('child_areas', lang)}**")
        cols = st.columns(3)
        for i, c in enumerate(a.children):
            with cols[i % 3]:
                link(c)


st.subheader(t("area_map", lang))
spec = MapSpec(scope=code, layers=tuple(f.key for f in families.FAMILIES), lang=lang)
show_view(spec, key=f"area_map_{code}", height=460)

st.subheader(t("area_targets", lang))
year = 2024
if own.empty:
    st.info(t("no_targets_here", lang))
else:
    if shown_reports["illustrative"].any():
        illustrative_badge(lang)
    reported = own["id"].isin(shown_reports.loc[shown_reports["area_code"] == code, "target_id"])
    for _, target in own[reported].iterrows():
        with st.container(border=True):
            st.markdown(target_caption(target, lang))
            assessment = progress.assess(target, reports, year, area_code=code)
            badge(t(f"status_{assessment.status}", lang), progress.STATUS_COLOURS[assessment.status])
            traj = progress.trajectory(target, reports, area_code=code)
            if len(traj):
                st.vega_lite_chart(trajectory_spec(traj, target["unit"], lang, assessment.illustrative),
                                   width="stretch")
    if (~reported).any():
        st.markdown(f"**{t('targets_without_reports', lang, n=int((~reported).sum()))}**")
        st.dataframe(target_table(own[~reported], lang), hide_index=True, width="stretch")

ctx = area_summary.context_targets(code)
if len(ctx):
    with st.expander(f"{t('context_targets', lang)} ({len(ctx)})"):
        st.dataframe(target_table(ctx, lang), hide_index=True, width="stretch")

st.subheader(t("area_measures", lang))
if measures.empty:
    st.info(t("no_measures_here", lang))
else:
    st.dataframe(measure_table(measures, lang), hide_index=True, width="stretch")

if a.level == "district" and a.children:
    st.subheader(t("area_gaps", lang, year=REPORT_YEAR))
    with reporting.open_session(engine()) as s:
        gaps = reporting.gaps(s, code, REPORT_YEAR)
    if gaps.empty:
        st.success(t("no_gaps", lang))
    else:
        st.dataframe(gaps[["area_name", "target_id", "indicator_zh", "status"]], hide_index=True, width="stretch")

units = area_summary.responsible_units(code)
if units:
    st.subheader(t("area_responsible", lang))
    st.write("、".join(units))
