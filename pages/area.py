"""Area page, deep-linkable by code (?area=310117104&year=2025): for a town official, what the area owes, its
figures and their review state, headline cards and a link to report; for a district, its towns against
their shares and the reporting gaps; then the map, the measures and the areas above. What it says is built
in layers/area_report.py; this page only draws it."""

import streamlit as st

from data import area_summary, gazetteer_data, years
from data.i18n import pick, t
from layers import area_report, area_tables, view_spec
from layers.exports import stamp
from layers.html_safe import md_message, md_text
from pages.ui import outside_area as outside
from pages.ui import reports as store
from pages.ui.exports import download, export
from pages.ui.folium_map import show_view
from pages.ui.navigation import app_navigation
from pages.ui.shell import base_css, illustrative_badge, language_switch
from pages.ui.state import bad_params, lang_params, param, say_bad_params

app_navigation(__file__)

lang = language_switch()
base_css(lang)


def name_of(code: str) -> str:
    a = area_summary.info(code)
    return pick(a.name, a.name_en, lang)


def link(code: str) -> None:
    st.page_link("pages/area.py", label=name_of(code), query_params={"area": code, **lang_params(lang)})


def section(s: area_report.Section) -> None:
    st.subheader(s.title)
    if s.caption:
        st.caption(s.caption)
    if s.html:
        st.html(s.html)
    else:
        st.info(s.empty)


say_bad_params(bad_params({"year": lambda v: years.parse_year(v, 0) != 0}), lang)
code = param("area")
if code not in gazetteer_data.known_codes() and outside.show_page(code, lang):
    st.stop()  # any other unit of China (data/divisions.py): its names and towns, no plan of it yet
if code not in gazetteer_data.known_codes():
    if code:  # the code as typed, shown literally: a link may carry anything
        st.error(md_message("area_not_found", lang, code=code))
    codes = sorted(gazetteer_data.known_codes())
    picked = st.selectbox(
        t("choose_area", lang),
        codes,
        index=None,
        format_func=lambda c: f"{name_of(c)} {c}",
        placeholder=t("choose_area", lang),
    )
    if picked:
        st.query_params["area"] = picked
        st.rerun()
    with st.expander(t("other_area", lang)):
        outside.search_any_area(lang, "area_search")
    st.stop()


year = years.parse_year(param("year"))
_, mode, rev = store.progress_reports()
report = store.area_page_report(code, year, lang, rev)

st.title(report.title)
st.caption(report.subtitle)
# exports of this page (layers/exports/), each built only when its button is clicked, from what this run read
area_map = view_spec.area_spec(code, lang, year)
state = stamp.data_state(mode, lang, store.owed_status(code, year, rev))
buttons = st.columns(3)  # every area has all three: the report, the snapshot, the progress workbook
with buttons[0]:
    download(
        t("export_pdf_button", lang),
        export("area_pdf", "render", report, area_map, state, lang),
        stamp.file_name("export_pdf_file", lang, "pdf", name=report.title, year=year),
        "pdf_download",
        t("export_pdf_help", lang),
    )
with buttons[1]:
    download(
        t("snap_button", lang),
        export("snapshot", "area_page", report, area_map, state, lang, year),
        stamp.snapshot_file_name(report.title, year, lang),
        "snapshot_download",
        t("snap_button_help", lang),
    )
with buttons[2]:
    download(
        t("wb_download", lang),
        export("workbook", "build", store.engine(), code, year, lang),
        stamp.workbook_file_name(code, year, lang),
        "workbook_download",
    )
pick_year = st.columns([1, 3])[0].selectbox(
    t("progress_year", lang),
    list(years.YEARS),
    index=list(years.YEARS).index(year),
    key="area_year",
    placeholder=t("choose_placeholder", lang),
)
if pick_year != year:
    st.query_params["year"] = str(pick_year)
    st.rerun()
with st.expander(t("data_quality", lang), expanded=True):
    st.markdown("\n".join(f"- {n}" for n in report.notes))

st.subheader(t("owed_title", lang))
if report.illustrative:
    illustrative_badge(lang)
if report.cards:
    st.html(report.cards)
    st.page_link("pages/report.py", label=t("go_report", lang), icon="✍️", query_params=lang_params(lang))
else:
    st.info(t("owed_none", lang))
for s in report.sections:
    section(s)
if report.charts:
    with st.expander(t("charts_title", lang, n=len(report.charts))):  # drawn as SVG: no Vega in the browser
        st.html(area_tables.charts_html([figure for figure, _ in report.charts]))

st.subheader(t("area_map", lang))
show_view(area_map, key=f"area_map_{code}", height=460)
section(report.measures)

if report.parents:
    st.subheader(t("context_title", lang))
    st.caption(t("context_caption", lang))
    for p in report.parents:
        link(p)
if report.level != "town" and area_summary.info(code).children:
    st.markdown(f"**{t('child_areas', lang)}**")
    cols = st.columns(3)
    for i, c in enumerate(area_summary.info(code).children):
        with cols[i % 3]:
            link(c)
elif report.level == "district":  # its towns only in the national gazetteer (奉贤区): listed, not drawn
    outside.towns_section(code, lang)
if report.responsible:
    st.subheader(t("area_responsible", lang))
    st.markdown(md_text("、".join(report.responsible)))
