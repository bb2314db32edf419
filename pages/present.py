"""Present mode: saved views sized for a projector (?view=ID) — large type, no Streamlit chrome, a headline
strip, the map filling the window, and clicker keys (→/PageDown/Space next, ←/PageUp previous, Home/End)."""

import streamlit as st

from data import jurisdictions, views
from data.i18n import t
from layers import styles, view_spec
from layers.choropleth import indicator_label
from layers.exports import stamp
from layers.headline import cards_html
from layers.html_safe import esc, md_message
from layers.html_table import link
from pages.ui import reports as store
from pages.ui.exports import download, export
from pages.ui.folium_map import show_view
from pages.ui.navigation import app_navigation
from pages.ui.shell import base_css, current_lang, illustrative_badge
from pages.ui.state import clipped, param, say_bad_params

app_navigation(__file__)

lang = current_lang()
base_css(lang)
st.html(styles.present_css())

say_bad_params([], lang)
all_views = views.load()
wanted = param("view")
index, view = views.get(wanted)
if wanted and wanted != view.id:  # a link to a view that does not exist: say so, and offer the ones that do
    st.error(md_message("present_unknown_view", lang, view=clipped(wanted)))
    items = "".join(
        f"<li>{link(v.title(lang), 'present', view=v.id, lang=None if lang == 'zh' else lang)}</li>" for v in all_views
    )
    st.html(f"<ul>{items}</ul>")
    st.stop()
if not wanted:
    st.query_params["view"] = view.id


def go(i: int) -> None:
    st.query_params["view"] = all_views[i % len(all_views)].id


prev_col, title_col, export_col, next_col = st.columns([1, 7, 1, 1], vertical_alignment="center")
prev_col.button(t("present_prev", lang), on_click=go, args=(index - 1,), key="prev", width="stretch")
next_col.button(t("present_next", lang), on_click=go, args=(index + 1,), key="next", width="stretch")
exports = export_col.container()  # filled below, once the view's map is built: nothing under the map to scroll to
with title_col:
    st.title(view.title(lang))
note = " · ".join(filter(None, [t("present_position", lang, n=index + 1, total=len(all_views)), view.note(lang)]))
st.html(f'<div class="pa-note">{esc(note)}</div>')
ends = {
    k: f"?view={all_views[i].id}" + (f"&lang={lang}" if lang != "zh" else "") for k, i in (("first", 0), ("last", -1))
}
st.html(styles.clicker_script(ends), unsafe_allow_javascript=True)  # our own script; view ids are our own data

scope = jurisdictions.scope_of(view.jurisdiction)
year = view_spec.view_year(view)
statuses = store.indicator_statuses(view.indicator, scope, year, store.revision()) if view.indicator else None
spec = view_spec.slide_spec(view, lang, statuses)
if view.indicator and spec.choropleth is None:  # say so rather than paint it grey
    st.info(t("present_no_figures", lang, indicator=indicator_label(view.indicator, lang), year=year))
elif spec.choropleth:
    if any(r["illustrative"] for r in spec.choropleth):
        illustrative_badge(lang)
    st.html(cards_html(view_spec.slide_cards(view, lang, statuses)))
show_view(spec, key=f"present_{view.id}_{lang}", height=560)
# exports of this view and of all of them (layers/exports/), each built only when its button is clicked
mode = store.progress_reports()[1]
with exports, st.popover(t("export_menu", lang), icon=":material/download:", width="stretch"):
    download(
        t("export_slide_png", lang),
        export("map_picture", "render", spec, "png", stamp.SLIDE, stamp.stamp(mode, lang)),
        stamp.file_name("export_map_file", lang, "png", name=view.title(lang), year=year),
        "slide_png_download",
    )
    download(
        t("export_slides_pdf", lang),
        export("slides_pdf", "from_store", lang),
        stamp.file_name("export_slides_file", lang, "pdf", year=year),
        "slides_pdf_download",
    )
    download(
        t("snap_button", lang),
        export("snapshot", "view_page", view, spec, statuses, stamp.data_state(mode, lang), lang),
        stamp.snapshot_file_name(view.title(lang), year, lang),
        "snapshot_download",
        t("snap_button_help", lang),
    )
