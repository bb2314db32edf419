"""What every page shares: the language switch, badges and notes. Streamlit glue only, no logic."""
from __future__ import annotations

import html

import streamlit as st

from data.i18n import DEFAULT_LANG, LANGS, t


def current_lang() -> str:
    """Language from ?lang= (so deep links keep it), else the sidebar choice, else Chinese."""
    lang = st.query_params.get("lang", DEFAULT_LANG)
    return lang if lang in LANGS else DEFAULT_LANG


def language_switch() -> str:
    lang = current_lang()
    choice = st.sidebar.radio(t("language", lang), LANGS, index=LANGS.index(lang), horizontal=True,
                              format_func=lambda code: t(f"lang_{code}", lang), key="lang_switch")
    if choice != lang:
        st.query_params["lang"] = choice
        st.rerun()
    return choice


def badge(text: str, colour: str = "#b45309") -> None:
    st.markdown(f'<span class="pa-badge" style="background:{colour}">{html.escape(text)}</span>',
                unsafe_allow_html=True)


def illustrative_badge(lang: str) -> None:
    badge(t("illustrative_badge", lang))
    st.caption(t("illustrative_note", lang))


_CSS = """<style>
.pa-badge{color:#fff;border-radius:4px;padding:2px 8px;font-size:.85rem;font-weight:600}
.pa-cards{display:flex;flex-wrap:wrap;gap:.6rem;margin:.25rem 0 .75rem}
.pa-card{flex:1 1 9.5rem;max-width:22rem;border:1px solid #cbd5e1;border-left:6px solid #64748b;border-radius:6px;
 padding:.45rem .7rem;background:#fff}
.pa-card-label{font-size:.85rem;color:#334155}
.pa-card-value{font-size:1.35rem;font-weight:700;color:#0f172a;line-height:1.3}
.pa-card-note{font-size:.8rem;color:#334155}
.pa-table-wrap{overflow-x:auto;margin-bottom:.75rem}
.pa-table{border-collapse:collapse;width:100%;font-size:.9rem}
.pa-table th{background:#f1f5f9;text-align:left;font-weight:600;color:#0f172a}
.pa-table th,.pa-table td{border:1px solid #e2e8f0;padding:.3rem .5rem;vertical-align:top}
.pa-status{display:inline-flex;align-items:center;gap:.3rem;white-space:nowrap;border:1px solid;border-radius:4px;
 padding:0 .35rem;color:#0f172a}
.pa-dot{width:.7rem;height:.7rem;border-radius:50%;display:inline-block}
</style>"""


def base_css() -> None:
    st.html(_CSS)
