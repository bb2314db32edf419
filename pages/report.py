"""Progress reporting: log in; towns report and upload, districts review, allocate and watch gaps; admins
manage users and demo data. Every rule is enforced in data/reporting/ — this page only collects input."""
import streamlit as st

from data import reporting as r
from data.gazetteer_data import children
from data.units import compatible_units
from data.i18n import t
from geo import importer
from geo import store as boundary_store
from geo.areas import areas_km2
from layers.html_safe import md_text
from layers.report_tables import boundary_report_table, figures_table, target_label
from pages.ui.reports import REPORT_YEAR, engine
from pages.ui.navigation import app_navigation
from pages.ui.shell import base_css, language_switch

app_navigation()

lang = language_switch()
base_css()
st.title(t("report_title", lang))


def problem(err: Exception) -> None:
    """Show an error from the data layer; its text can carry user input, so Markdown is neutralised."""
    lines = getattr(err, "problems", None)
    st.error("  \n".join(md_text(p) for p in lines) if lines else md_text(err))


def done(message: str) -> None:
    st.session_state["report_flash"] = message
    st.rerun()


# ---------------------------------------------------------------- login

actor = st.session_state.get("actor")
if actor is None:
    st.caption(t("login_hint", lang))
    with st.form("login"):
        name = st.text_input(t("username", lang))
        password = st.text_input(t("password", lang), type="password")
        if st.form_submit_button(t("login", lang)):
            with r.open_session(engine()) as s:
                actor = r.verify(s, name, password)
            if actor is None:
                st.error(t("login_failed", lang))
            else:
                st.session_state["actor"] = actor
                st.rerun()
    st.stop()

area = f" · {actor.area_code}" if actor.area_code else ""
st.sidebar.markdown(md_text(t("logged_in_as", lang, name=actor.name, role=t(f"role_{actor.role}", lang), area=area)))
if st.sidebar.button(t("logout", lang)):
    del st.session_state["actor"]
    st.rerun()
if flash := st.session_state.pop("report_flash", None):
    st.success(flash)

session = r.open_session(engine())
mode = r.store_mode(session)
if mode == "demo":
    st.warning(t("store_demo_banner", lang))
elif mode == "empty":
    st.info(t("store_sample_banner", lang))


def figures(within: str) -> None:
    table = r.reports_table(session, within=within)
    st.dataframe(figures_table(table, lang), hide_index=True, width="stretch")


# ---------------------------------------------------------------- town editor

def submit_tab() -> None:
    targets = r.applicable(actor.area_code).set_index("id", drop=False)
    tid = st.selectbox(t("pick_target", lang), list(targets.index),
                       format_func=lambda i: target_label(targets.loc[i], lang), key="submit_target")
    c1, c2, c3 = st.columns(3)
    year = c1.number_input(t("year", lang), 2020, 2035, REPORT_YEAR, step=1, key="submit_year")
    value = c2.number_input(t("value", lang), value=None, format="%g", key="submit_value")
    unit = c3.selectbox(t("unit", lang), compatible_units(targets.loc[tid, "unit"]), key=f"submit_unit_{tid}")
    note = st.text_area(t("note", lang), max_chars=2000, key="submit_note")
    if st.button(t("submit_figure", lang), type="primary"):
        try:
            r.submit(session, actor, tid, actor.area_code, int(year), value, unit, note)
            done(t("submitted", lang))
        except r.ReportingError as e:
            problem(e)


def correct_tab() -> None:
    table = r.reports_table(session, within=actor.area_code)
    figures(actor.area_code)
    editable = table[table["area_code"] == actor.area_code]
    if editable.empty:
        return
    st.subheader(t("edit_figure", lang))
    rid = st.selectbox(t("pick_figure", lang), list(editable["id"]),
                       format_func=lambda i: f"#{i} · {editable.set_index('id').loc[i, 'target_id']} · "
                                             f"{editable.set_index('id').loc[i, 'year']}")
    row = r.get_report(session, rid)
    with st.form("correct"):
        value = st.number_input(t("value", lang), value=float(row["value"]), format="%g")
        unit = st.selectbox(t("unit", lang), compatible_units(row["unit"]))
        note = st.text_area(t("note", lang), value=row["note"] or "", max_chars=2000)
        if st.form_submit_button(t("save_correction", lang)):
            try:
                r.update_report(session, actor, rid, row["version"], value=value, unit=unit, note=note)
                done(t("saved", lang))
            except r.ConflictError as e:
                problem(e)
                st.caption(t("conflict_hint", lang))
                st.json(e.current)
            except r.ReportingError as e:
                problem(e)


def upload_tab() -> None:
    c1, c2 = st.columns(2)
    for col, fmt, mime in ((c1, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                           (c2, "csv", "text/csv")):
        col.download_button(f"{t('template_download', lang)} (.{fmt})", data=r.template(actor.area_code, fmt),
                            file_name=f"peakatlas_{actor.area_code}.{fmt}", mime=mime, key=f"tpl_{fmt}")
    upload = st.file_uploader(t("upload_file", lang), type=["xlsx", "csv"])
    if upload is None:
        return
    preview = r.parse_upload(upload.name, upload.getvalue(), actor, session)
    if not preview.ok:
        st.error(t("upload_problems", lang, n=len(preview.problems)))
        st.code("\n".join(preview.messages()) or "—", language=None)
        return
    st.markdown(t("upload_preview", lang, n=len(preview.rows)))
    st.dataframe(preview.frame(), hide_index=True, width="stretch")
    if st.button(t("upload_commit", lang), type="primary"):
        try:
            res = r.commit(session, preview, actor)
            done(t("upload_done", lang, created=len(res["created"]), updated=len(res["updated"])))
        except r.ReportingError as e:
            problem(e)


# ---------------------------------------------------------------- district reviewer

def review_tab() -> None:
    pending = r.reports_table(session, within=actor.area_code, status="pending")
    if pending.empty:
        st.info(t("nothing_pending", lang))
        return
    st.dataframe(figures_table(pending, lang), hide_index=True, width="stretch")
    rid = st.selectbox(t("pick_figure", lang), list(pending["id"]),
                       format_func=lambda i: f"#{i} · {pending.set_index('id').loc[i, 'area_code']} · "
                                             f"{pending.set_index('id').loc[i, 'target_id']}")
    version = int(pending.set_index("id").loc[rid, "version"])
    reason = st.text_input(t("review_reason", lang), key="review_reason")
    a, b = st.columns(2)
    for col, decision, label in ((a, "approved", t("approve", lang)), (b, "rejected", t("reject", lang))):
        if col.button(label, key=f"review_{decision}", width="stretch"):
            try:
                r.review(session, actor, rid, version, decision, reason)
                done(t("reviewed", lang))
            except r.ReportingError as e:
                problem(e)


def allocation_tab() -> None:
    district = actor.area_code
    targets = r.splittable_targets(district)
    if targets.empty:
        st.info(t("no_additive_targets", lang))
        return
    by_id = targets.set_index("id", drop=False)
    tid = st.selectbox(t("allocation_target", lang), list(by_id.index), format_func=lambda i: target_label(by_id.loc[i], lang))
    stored = r.allocations_frame(session, tid, district)
    method = st.radio(t("allocation_method", lang), ["equal", "area"], horizontal=True,
                      format_func=lambda m: t(f"split_{m}", lang))
    proposal = r.propose_split(tid, district, method, areas=areas_km2(children(district)) if method == "area" else None)
    if len(stored):  # start from what is stored; the proposal fills towns without an allocation
        current = dict(zip(stored["area_code"], stored["value"]))
        proposal["value"] = [current.get(c, v) for c, v in zip(proposal["area_code"], proposal["value"])]
    edited = st.data_editor(proposal[["area_code", "area_name", "value", "unit"]], hide_index=True,
                            disabled=["area_code", "area_name", "unit"], width="stretch", key=f"alloc_{tid}_{method}")
    total = float(edited["value"].sum())
    target = float(by_id.loc[tid, "value"])
    st.markdown(t("allocation_sum", lang, allocated=total, target=target, unit=by_id.loc[tid, "unit"],
                  gap=target - total))
    if st.button(t("save_allocation", lang), type="primary"):
        try:
            r.save_allocation(session, actor, tid, district, dict(zip(edited["area_code"], edited["value"])),
                              base_versions=dict(zip(stored["area_code"], stored["version"])), method=method)
            done(t("saved", lang))
        except r.ReportingError as e:
            problem(e)


def gaps_tab() -> None:
    year = st.number_input(t("gaps_year", lang), 2021, 2035, REPORT_YEAR, step=1, key="gaps_year")
    gaps = r.gaps(session, actor.area_code, int(year))
    if gaps.empty:
        st.success(t("no_gaps", lang))
    else:
        st.dataframe(gaps, hide_index=True, width="stretch")


# ---------------------------------------------------------------- admin

def users_tab() -> None:
    st.dataframe(r.users_frame(session), hide_index=True, width="stretch")
    st.subheader(t("add_user", lang))
    with st.form("add_user"):
        name = st.text_input(t("username", lang))
        role = st.selectbox(t("role", lang), ["viewer", "town_editor", "district_reviewer", "admin"],
                            format_func=lambda x: t(f"role_{x}", lang))
        code = st.text_input(t("area_code", lang))
        password = st.text_input(t("password", lang), type="password")
        if st.form_submit_button(t("add_user", lang)):
            try:
                r.add_user(session, actor, name, role, password, code.strip() or None)
                done(t("user_added", lang, name=name))
            except r.ReportingError as e:
                problem(e)


def demo_tab() -> None:
    a, b = st.columns(2)
    if a.button(t("load_demo", lang), disabled=mode != "empty"):
        try:
            done(t("demo_loaded", lang, n=r.load_demo(session, actor)))
        except r.ReportingError as e:
            problem(e)
    if b.button(t("clear_demo", lang), disabled=mode != "demo"):
        try:
            done(t("demo_cleared", lang, n=r.clear_demo(session, actor)))
        except r.ReportingError as e:
            problem(e)


def boundaries_tab() -> None:
    st.caption(t("boundary_intro", lang))
    c1, c2, c3 = st.columns(3)
    level = c1.radio(t("boundary_level", lang), ["town", "district"], format_func=lambda x: t(f"level_{x}", lang))
    datum = c2.selectbox(t("boundary_datum", lang), ["auto", "wgs84", "cgcs2000", "gcj02", "bd09", "EPSG"])
    epsg = c3.text_input(t("boundary_epsg", lang), placeholder="4549")
    upload = st.file_uploader(t("boundary_file", lang), type=["geojson", "json", "zip", "gpkg"])
    if upload is not None:
        datum_arg = f"EPSG:{epsg.strip()}" if datum == "EPSG" else datum
        data = upload.getvalue()
        try:
            report = importer.import_upload(upload.name, data, level, datum_arg, dry_run=True)
            st.info(t("boundary_report", lang, matched=len(report["matched"]), missing=len(report["missing_units"]),
                      unmatched=len(report["unmatched_features"]), offset=report["median_offset_m"]))
            for warning in report["warnings"]:
                st.warning(md_text(warning))
            st.dataframe(boundary_report_table(report), hide_index=True, width="stretch")
            force = st.checkbox(t("boundary_force", lang)) if report["warnings"] else False
            if st.button(t("boundary_store", lang), type="primary"):
                stored = importer.import_upload(upload.name, data, level, datum_arg, force=force)
                if stored["stored"]:
                    done(t("boundary_stored", lang, n=len(stored["matched"])))
        except importer.BoundaryImportError as e:
            problem(e)
    current = boundary_store.load()
    if len(current):
        st.subheader(t("boundary_current", lang))
        st.dataframe(current.drop(columns="geometry"), hide_index=True, width="stretch")
        for import_id, grp in current.groupby("import_id"):
            label = f"{t('boundary_revert', lang)}: {grp['source_file'].iloc[0]} ({grp['imported_at'].iloc[0][:10]}, {len(grp)})"
            if st.button(label, key=f"revert_{import_id}"):
                n = len(boundary_store.revert(grp["level"].iloc[0], import_id=import_id))
                done(t("boundary_reverted", lang, n=n))


TABS = {
    "town_editor": (("tab_submit", submit_tab), ("tab_upload", upload_tab), ("tab_figures", correct_tab)),
    "district_reviewer": (("tab_review", review_tab), ("tab_allocation", allocation_tab), ("tab_gaps", gaps_tab),
                          ("tab_figures", lambda: figures(actor.area_code))),
    "admin": (("tab_users", users_tab), ("tab_boundaries", boundaries_tab), ("tab_demo", demo_tab),
              ("tab_audit", lambda: st.dataframe(r.audit_frame(session), hide_index=True, width="stretch"))),
    "viewer": (("tab_figures", lambda: figures(None)),),
}
try:
    tabs = TABS[actor.role]
    for tab, (_, draw) in zip(st.tabs([t(k, lang) for k, _ in tabs]), tabs):
        with tab:
            draw()
finally:
    session.close()
