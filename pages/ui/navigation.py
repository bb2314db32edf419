"""The app's pages and page setup, shared by app.py and by pages opened on their own (see app_navigation)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from data import settings
from data.i18n import t
from layers import plan_refresh
from layers.assets import ensure_static
from layers.html_safe import md_text
from pages.ui import login, reports
from pages.ui.shell import current_lang


def setup():
    """Page config, settings check, offline assets and the navigation; returns the page the address asks for."""
    lang = current_lang()
    st.set_page_config(page_title=f"{t('app_title', lang)} PeakAtlas", page_icon="🗺️", layout="wide")
    if problems := settings.check():  # a bad PEAKATLAS_* value: say which, and go no further
        st.error("  \n".join([t("settings_bad", lang), *(md_text(p) for p in problems)]))
        st.stop()
    ensure_static()
    plan_refresh.refresh(reports.engine())  # plans published in the store join the built-in ones
    admin_only = "visible" if login.is_admin(reports.engine()) else "hidden"  # its address opens its login
    return st.navigation(
        [
            st.Page("pages/map.py", title=t("nav_map", lang), url_path="map", default=True),
            st.Page("pages/area.py", title=t("nav_area", lang), url_path="area"),
            st.Page("pages/national.py", title=t("nav_national", lang), url_path="national"),
            st.Page("pages/targets.py", title=t("nav_targets", lang), url_path="targets"),
            st.Page("pages/present.py", title=t("nav_present", lang), url_path="present"),
            st.Page("pages/report.py", title=t("nav_report", lang), url_path="report"),
            st.Page("pages/ingest.py", title=t("nav_ingest", lang), url_path="ingest", visibility=admin_only),
        ]
    )


def app_navigation(page_file: str) -> None:
    """Call first in every page, with its __file__. When a server's first visitor deep-links to a page,
    Streamlit (seeing the pages/ folder) runs that file on its own in its old multipage mode, without app.py.
    Set the app's navigation up from here then (st.navigation switches that old mode off for good) and run the
    page again as the app's own, link parameters kept: widgets drawn in the old mode have other ids, so the
    visitor's first click (a login, a choice) would otherwise be lost."""
    if PagesManager.uses_pages_directory:
        setup()
        st.switch_page(f"pages/{Path(page_file).name}", query_params=st.query_params.to_dict())
