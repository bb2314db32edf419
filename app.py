"""PeakAtlas 碳达峰行动地图 — entry point: page setup and navigation (pages live in pages/)."""
import streamlit as st

from data.i18n import t
from layers.assets import ensure_static
from pages.ui.shell import current_lang

st.set_page_config(page_title="碳达峰行动地图 PeakAtlas", page_icon="🗺️", layout="wide")
ensure_static()
lang = current_lang()

pages = [
    st.Page("pages/map.py", title=t("nav_map", lang), url_path="map", default=True),
    st.Page("pages/area.py", title=t("nav_area", lang), url_path="area"),
    st.Page("pages/targets.py", title=t("nav_targets", lang), url_path="targets"),
    st.Page("pages/present.py", title=t("nav_present", lang), url_path="present"),
    st.Page("pages/report.py", title=t("nav_report", lang), url_path="report"),
]
st.navigation(pages).run()
