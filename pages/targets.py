"""Targets explorer (目标浏览): filter, search, compare and download the plans' targets.
Thin page: widgets only; every computation is in layers/explorer.py."""

from __future__ import annotations

import streamlit as st

from data.i18n import t
from layers import explorer as ex
from layers.html_safe import md_message
from pages.ui.navigation import app_navigation
from pages.ui.shell import base_css, language_switch
from pages.ui.state import bad_params, say_bad_params

app_navigation(__file__)

lang = language_switch()
base_css(lang)

st.title(t("tx_title", lang))
st.caption(t("tx_intro", lang))

targets = ex.targets_frame()
options = ex.filter_options(targets)


def _from_url(key: str, param: str, choices: list | None = None) -> None:
    """Seed a widget's state from the URL the first time it is drawn (shareable links)."""
    if key in st.session_state:
        return
    if choices is None:
        st.session_state[key] = st.query_params.get(param, "")
    else:
        st.session_state[key] = [v for v in st.query_params.get_all(param) if v in choices]


def _to_url(param: str, value) -> None:
    current = st.query_params.get_all(param)
    if value:
        if current != (list(value) if isinstance(value, list) else [value]):
            st.query_params[param] = value
    elif param in st.query_params:
        del st.query_params[param]


plan_titles = {pid: ex.pick_plan_title(pid, lang) for pid in options["plans"]}
# (widget key, URL parameter, options, label, format)
FILTERS = (
    ("tx_f_plan", "plan", options["plans"], t("plan", lang), plan_titles.get),
    ("tx_f_sector", "sector", options["sectors"], t("tx_col_sector", lang), lambda s: ex.sector_label(s, lang)),
    ("tx_f_year", "year", options["years"], t("tx_col_target_year", lang), lambda y: ex.year_label(y, lang)),
    ("tx_f_area", "area", options["areas"], t("area", lang), str),
    ("tx_f_resp", "resp", options["responsible"], t("responsible", lang), str),
    ("tx_f_kind", "kind", options["kinds"], t("tx_col_kind", lang), lambda k: ex.kind_label(k, lang)),
)

# a link's filter value that no target has, or an unknown indicator, is said rather than dropped silently
checks = {param: (lambda v, c=frozenset(choices): v in c) for _, param, choices, _, _ in FILTERS}
say_bad_params(bad_params({**checks, "ind": lambda v: v in ex.indicator_keys(targets)}), lang)
st.sidebar.header(t("tx_filters", lang))
chosen = {}
for key, param, choices, label, fmt in FILTERS:
    _from_url(key, param, choices)
    chosen[param] = st.sidebar.multiselect(
        label, choices, format_func=fmt, key=key, placeholder=t("choose_placeholder", lang)
    )
    _to_url(param, chosen[param])

_from_url("tx_q", "q")
query = st.text_input(
    t("tx_search", lang), placeholder=t("tx_search_placeholder", lang), help=t("tx_search_help", lang), key="tx_q"
)
_to_url("q", query.strip())

rows = ex.filter_targets(
    targets,
    plans=chosen["plan"],
    sectors=chosen["sector"],
    years=chosen["year"],
    areas=chosen["area"],
    responsible=chosen["resp"],
    kinds=chosen["kind"],
    query=query,
)

st.markdown(f"**{t('tx_count', lang, n=len(rows), total=len(targets))}**")
if rows.empty:
    st.info(t("tx_empty", lang))
st.html(ex.display_html(rows, lang))  # readable text: Ctrl+F and screen readers find every target
with st.expander(t("tx_grid", lang)):
    st.dataframe(
        ex.grid_frame(rows, lang),
        hide_index=True,
        width="stretch",
        column_config={
            ex.display_header("excerpt", lang): st.column_config.TextColumn(width="large"),
            ex.display_header("plan", lang): st.column_config.TextColumn(width="medium"),
            ex.display_header("indicator", lang): st.column_config.TextColumn(width="medium"),
            ex.display_header("responsible", lang): st.column_config.TextColumn(width="medium"),
        },
    )

st.subheader(t("tx_download_header", lang))
c1, c2 = st.columns(2)
c1.download_button(
    t("tx_download_excel", lang),
    data=lambda: ex.to_excel_bytes(rows, lang),
    file_name="peakatlas_targets.xlsx",
    key="tx_dl_xlsx",
    on_click="ignore",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
c2.download_button(
    t("tx_download_csv", lang),
    data=lambda: ex.to_csv_bytes(rows, lang),
    file_name="peakatlas_targets.csv",
    mime="text/csv",
    key="tx_dl_csv",
    on_click="ignore",
)

st.subheader(t("tx_compare_header", lang))
keys = ex.indicator_keys(targets)
if not keys:
    st.info(t("tx_compare_none", lang))
else:
    _from_url("tx_ind", "ind")
    if st.session_state["tx_ind"] not in keys:
        st.session_state["tx_ind"] = keys[0]
    key = st.selectbox(
        t("tx_compare_select", lang),
        keys,
        format_func=lambda k: ex.indicator_label(k, lang),
        key="tx_ind",
        placeholder=t("choose_placeholder", lang),
    )
    _to_url("ind", key)
    st.dataframe(
        ex.compare_display(targets, key, lang),
        hide_index=True,
        width="stretch",
        column_config={t("excerpt", lang): st.column_config.TextColumn(width="large")},
    )
    chart, unit, left_out = ex.compare_chart_frame(ex.compare_indicator(targets, key), lang)
    if not chart.empty:
        bar, length = t("tx_col_jurisdiction", lang), f"{t('tx_col_canonical_value', lang)} ({unit})"
        st.bar_chart(  # the columns named as the reader reads them: the chart's tooltip shows these names
            chart.rename(columns={"label": bar, "value": length}),
            x=bar,
            y=length,
            horizontal=True,
            height=max(160, 36 * len(chart)),
        )
        st.caption(md_message("tx_compare_chart_caption", lang, unit=unit))
    if left_out:
        st.caption(t("tx_compare_other_units", lang, n=left_out))
