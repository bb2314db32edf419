"""What every page shares: the language switch, badges and notes. Streamlit glue only, no logic."""

from __future__ import annotations

import html

import streamlit as st

from data.i18n import DEFAULT_LANG, LANGS, t
from layers import palette, static_files, styles


def current_lang() -> str:
    """Language from ?lang= (so deep links keep it), else the sidebar choice, else Chinese."""
    lang = st.query_params.get("lang", DEFAULT_LANG)
    return lang if lang in LANGS else DEFAULT_LANG


def language_switch() -> str:
    lang = current_lang()
    choice = st.sidebar.radio(
        t("language", lang),
        LANGS,
        index=LANGS.index(lang),
        horizontal=True,
        format_func=lambda code: t(f"lang_{code}", lang),
        key="lang_switch",
    )
    if choice != lang:
        st.query_params["lang"] = choice
        st.rerun()
    return choice


def badge(text: str, colour: str = palette.ILLUSTRATIVE) -> None:
    # st.html, not Markdown with HTML allowed: that renderer is 189 KB of script a fresh browser fetches for it
    st.html(f'<span class="pa-badge" style="background:{colour}">{html.escape(text)}</span>')


def illustrative_badge(lang: str) -> None:
    badge(t("illustrative_badge", lang))
    st.caption(t("illustrative_note", lang))


@st.cache_resource(show_spinner=False)
def _page_files() -> tuple[static_files.ServedFile, static_files.ServedFile]:
    """The pages' stylesheet and script, published once per process (their text depends on the code alone)."""
    sheet = static_files.publish_text("page", "css", styles.page_stylesheet())
    return sheet, static_files.publish_text("page", "js", styles.page_script(sheet.url))


def base_css(lang: str) -> None:
    """The pages' CSS for screen and print and the script that readies a page for printing, as files a tab
    loads once (a rerun sends their names, not their 7 KB: layers/static_files.py), and the document's language
    (Streamlit serves every page as lang="en")."""
    sheet, script = _page_files()
    for file in (sheet, script):
        file.ensure()  # one stat each: written again if another instance's clean-up removed it
    # our own scripts, no user text in them
    # the language first: it runs at once, the file's script once loaded
    st.html(styles.lang_script(lang) + f'<script src="{script.url}"></script>', unsafe_allow_javascript=True)
