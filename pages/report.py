"""Progress reporting: log in; towns report and upload what they owe, districts review, split targets and
follow the gaps; admins manage users, boundaries and demo data. Every rule is enforced in data/reporting/ —
this page only collects input and shows the data layer's answers."""

import hashlib

import pandas as pd
import streamlit as st

from data import reporting as r
from data import settings, years
from data.gazetteer_data import area_name
from data.i18n import t
from data.numbers import fmt, rounding_decimals
from data.reporting import throttle
from data.reporting.db import fmt_time
from data.reporting.plain_words import what_is_owed
from data.reporting.roles import ROLES
from data.reporting.uploads import max_upload_mb
from data.units import compatible_units
from layers import boundaries
from layers.html_safe import md_message, md_text
from layers.messages import describe, local_time
from layers.owed_tables import gaps_table
from layers.report_tables import audit_table, figures_table, preview_table, target_label, users_table
from pages.ui import login
from pages.ui import reports as store
from pages.ui.file_picker import file_picker
from pages.ui.navigation import app_navigation
from pages.ui.shell import base_css, language_switch
from pages.ui.state import say_bad_params

app_navigation(__file__)

lang = language_switch()
base_css(lang)
st.title(t("report_title", lang))
say_bad_params([], lang)


def problem(err: Exception) -> None:
    """Show an error from the data layer in the reader's language; its text can carry user input, so
    Markdown is neutralised."""
    st.error("  \n".join(md_text(line) for line in describe(err, lang)))


def done(message: str) -> None:
    st.session_state["report_flash"] = message
    st.rerun()


# ---------------------------------------------------------------- login

actor = login.current_actor(store.engine(), lang)  # re-checked at every run: a deactivated user is logged out
if actor is None:
    login.login_form(store.engine(), lang)
    login.keep_cookie()
    st.stop()

where = f" · {area_name(actor.area_code)}" if actor.area_code else ""
st.sidebar.markdown(md_text(t("logged_in_as", lang, name=actor.name, role=t(f"role_{actor.role}", lang), area=where)))
login.logout_button(store.engine(), lang)
login.keep_cookie()  # last in the sidebar: its (empty) element takes no room between the sidebar's items
if flash := st.session_state.pop("report_flash", None):
    st.success(flash)

session = r.open_session(store.engine())
mode = r.store_mode(session)
if mode == "demo":
    st.warning(t("store_demo_banner", lang))
elif mode == "empty":
    st.info(t("store_sample_banner", lang))


def figures(within: str | None) -> None:
    st.dataframe(figures_table(r.reports_table(session, within=within), lang), hide_index=True, width="stretch")


def year_picker(key: str) -> int:
    this_year = years.reporting_year()
    return st.selectbox(
        t("year", lang),
        list(years.YEARS),
        index=list(years.YEARS).index(this_year),
        key=key,
        placeholder=t("choose_placeholder", lang),
    )


# ---------------------------------------------------------------- town editor


def submit_tab() -> None:
    year = year_picker("submit_year")
    owed = r.owed_status(session, actor.area_code, year, r.store_figures(session)).set_index("target_id", drop=False)
    if owed.empty:
        st.info(t("owed_none", lang))
        return
    tid = st.selectbox(
        t("pick_target", lang),
        list(owed.index),
        key="submit_target",
        placeholder=t("choose_placeholder", lang),
        format_func=lambda i: f"{target_label(owed.loc[i], lang)} · {what_is_owed(owed.loc[i], lang)}",
    )
    row = owed.loc[tid]
    if pd.notna(row["report_status"]):  # already reported for this year: correct it instead
        st.info(
            md_message(
                "already_reported_form",
                lang,
                year=year,
                value=fmt(row["report_value"]),
                unit=row["unit"],
                status=t(f"report_state_{row['report_status']}", lang),
                tab=t("tab_figures", lang),
            )
        )
        return
    c1, c2 = st.columns(2)
    value = c1.number_input(
        t("value", lang), value=None, format="%g", key="submit_value", placeholder=t("value_placeholder", lang)
    )
    unit = c2.selectbox(
        t("unit", lang),
        compatible_units(row["unit"]),
        key=f"submit_unit_{tid}",
        placeholder=t("choose_placeholder", lang),
    )
    note = st.text_area(t("note", lang), max_chars=2000, key="submit_note", placeholder=t("note_placeholder", lang))
    if st.button(t("submit_figure", lang), type="primary"):
        try:
            r.submit(session, actor, tid, actor.area_code, int(year), value, unit, note)
            done(t("submitted", lang))
        except r.ReportingError as e:
            problem(e)


def correct_tab() -> None:
    table = r.reports_table(session, within=actor.area_code)
    figures(actor.area_code)
    editable = table[table["area_code"] == actor.area_code].set_index("id", drop=False)
    if editable.empty:
        return
    st.subheader(t("edit_figure", lang))
    rid = st.selectbox(
        t("pick_figure", lang),
        list(editable.index),
        key="correct_pick",
        placeholder=t("choose_placeholder", lang),
        format_func=lambda i: t(
            "figure_label",
            lang,
            id=i,
            target=editable.loc[i, "target_id"],
            year=editable.loc[i, "year"],
            status=t(f"report_state_{editable.loc[i, 'status']}", lang),
        ),
    )
    row = r.get_report(session, rid)
    with st.form("correct"):
        value = st.number_input(t("value", lang), value=float(row["value"]), format="%g")
        unit = st.selectbox(t("unit", lang), compatible_units(row["unit"]), placeholder=t("choose_placeholder", lang))
        note = st.text_area(t("note", lang), value=row["note"] or "", max_chars=2000)
        if st.form_submit_button(t("save_correction", lang)):
            try:
                r.update_report(session, actor, rid, row["version"], value=value, unit=unit, note=note)
                done(t("saved", lang))
            except r.ConflictError as e:
                problem(e)
                latest = r.reports_table(session, within=actor.area_code)
                st.dataframe(figures_table(latest[latest["id"] == rid], lang), hide_index=True)
            except r.ReportingError as e:
                problem(e)


def upload_tab() -> None:
    c1, c2 = st.columns(2)
    for col, fmt_, mime in (
        (c1, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (c2, "csv", "text/csv"),
    ):
        col.download_button(
            f"{t('template_download', lang)} (.{fmt_})",
            key=f"tpl_{fmt_}",
            mime=mime,
            data=r.template(actor.area_code, fmt_, session=session),
            file_name=f"peakatlas_{actor.area_code}_{years.reporting_year()}.{fmt_}",
        )
    generation = st.session_state.setdefault("upload_generation", 0)  # a new uploader after each commit
    upload = file_picker(t("upload_file", lang), max_upload_mb(), lang, key=f"upload_{generation}")
    if upload is None:
        return
    try:
        preview = checked_upload(upload.name, upload.getvalue())
    except r.ReportingError as e:  # the store was too busy to compare the file with it
        problem(e)
        return
    if not preview.ok:
        st.error(t("upload_problems", lang, n=len(preview.problems)))
        st.code("\n".join(describe(r.ValidationError(preview.problems), lang)) or "—", language=None)
        return
    if not preview.changes:
        st.info(t("upload_unchanged", lang, n=len(preview.rows)))
        return
    st.markdown(t("upload_preview", lang, n=len(preview.changes), unchanged=len(preview.rows) - len(preview.changes)))
    st.dataframe(preview_table(preview.frame(), lang), hide_index=True, width="stretch")
    if st.button(t("upload_commit", lang), type="primary", key="upload_commit"):
        bar, show = progress_bar("upload_storing")
        try:
            res = r.commit(session, preview, actor, progress=show)
            st.session_state["upload_generation"] = generation + 1
            st.session_state.pop("upload_preview", None)
            done(
                t(
                    "upload_done",
                    lang,
                    created=len(res["created"]),
                    updated=len(res["updated"]),
                    unchanged=res["unchanged"],
                )
            )
        except r.ReportingError as e:  # a conflict, a refusal, or a store too busy (never the driver's error)
            bar.empty()
            problem(e)


def progress_bar(key: str):
    """A progress bar, and the callback through which the data layer moves it (string-table key, done, total)."""
    bar = st.progress(0.0, text=t(key, lang))

    def show(step: str, done: int, total: int) -> None:
        bar.progress(min(done / total, 1.0) if total else 0.0, text=t(step, lang, done=f"{done:,}", total=f"{total:,}"))

    return bar, show


def checked_upload(name: str, data: bytes):
    """The file's check, made once per file and store state (not on every rerun while it sits there)."""
    key = (name, hashlib.sha256(data).hexdigest(), store.revision())
    cached = st.session_state.get("upload_preview")
    if cached is None or cached[0] != key:
        bar, show = progress_bar("upload_checking")
        try:
            cached = (key, r.parse_upload(name, data, actor, session, progress=show))
        finally:
            bar.empty()
        st.session_state["upload_preview"] = cached
    return cached[1]


# ---------------------------------------------------------------- district reviewer


def review_tab() -> None:
    pending = r.reports_table(session, within=actor.area_code, status="pending").set_index("id", drop=False)
    if pending.empty:
        st.info(t("nothing_pending", lang))
        return
    st.dataframe(figures_table(pending, lang), hide_index=True, width="stretch")
    rid = st.selectbox(
        t("pick_figure", lang),
        list(pending.index),
        key="review_pick",
        placeholder=t("choose_placeholder", lang),
        format_func=lambda i: t(
            "review_label",
            lang,
            id=i,
            area=area_name(pending.loc[i, "area_code"]),
            target=pending.loc[i, "target_id"],
            year=pending.loc[i, "year"],
            value=fmt(pending.loc[i, "value"]),
            unit=pending.loc[i, "unit"],
        ),
    )
    version = int(pending.loc[rid, "version"])
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
    tid = st.selectbox(
        t("allocation_target", lang),
        list(by_id.index),
        key="alloc_target",
        placeholder=t("choose_placeholder", lang),
        format_func=lambda i: target_label(by_id.loc[i], lang),
    )
    stored = r.allocations_frame(session, tid, district)
    method = st.radio(
        t("allocation_method", lang),
        ["equal", "area"],
        horizontal=True,
        key="alloc_method",
        format_func=lambda m: t(f"split_{m}", lang),
    )
    proposal = r.propose_split(
        tid, district, method, areas=boundaries.town_areas(district) if method == "area" else None
    )
    if len(stored):  # start from what is stored; the proposal fills towns without an allocation
        current = dict(zip(stored["area_code"], stored["value"]))
        proposal["value"] = [current.get(c, v) for c, v in zip(proposal["area_code"], proposal["value"])]
    shown = proposal.rename(
        columns={"area_name": t("area", lang), "value": t("towns_share", lang), "unit": t("unit", lang)}
    )[[t("area", lang), t("towns_share", lang), t("unit", lang)]]
    edited = st.data_editor(
        shown,
        hide_index=True,
        disabled=[t("area", lang), t("unit", lang)],
        width="stretch",
        key=f"alloc_{tid}_{method}",
    )
    values = dict(zip(proposal["area_code"], edited[t("towns_share", lang)]))
    allocation_sum(float(by_id.loc[tid, "value"]), list(values.values()), by_id.loc[tid, "unit"])
    if st.button(t("save_allocation", lang), type="primary", key="alloc_save"):
        try:
            r.save_allocation(
                session,
                actor,
                tid,
                district,
                values,
                base_versions=dict(zip(stored["area_code"], stored["version"])),
                method=method,
            )
            done(md_message("allocation_saved", lang, target=tid))
        except r.ReportingError as e:
            problem(e)


def allocation_sum(target: float, values: list[float], unit: str) -> None:
    """The split's total against the target, rounded to the figures' own precision; a warning when they differ."""
    total = float(sum(v for v in values if v == v))
    decimals = rounding_decimals(target, *values)
    gap = round(target - total, decimals)
    text = md_message(
        "allocation_sum", lang, allocated=fmt(round(total, decimals)), target=fmt(target), unit=unit, gap=fmt(gap)
    )
    (st.success if gap == 0 else st.warning)(text)


def gaps_tab() -> None:
    year = year_picker("gaps_year")
    gaps = r.gaps(session, actor.area_code, int(year))
    if gaps.empty:
        st.success(t("no_gaps", lang))
    else:
        st.caption(t("gaps_count", lang, n=len(gaps), areas=gaps["area_code"].nunique()))
        st.html(gaps_table(gaps, lang))


# ---------------------------------------------------------------- admin


def users_tab() -> None:
    st.dataframe(users_table(r.users_frame(session), lang), hide_index=True, width="stretch")
    locked_accounts()
    st.subheader(t("add_user", lang))
    with st.form("add_user", clear_on_submit=False):
        name = st.text_input(t("username", lang))
        role = st.selectbox(
            t("role", lang),
            ROLES,
            format_func=lambda x: t(f"role_{x}", lang),
            placeholder=t("choose_placeholder", lang),
        )
        code = st.text_input(t("area_code", lang), placeholder=t("area_code_placeholder", lang))
        password = st.text_input(t("password", lang), type="password")
        if st.form_submit_button(t("add_user", lang)):
            try:
                r.add_user(session, actor, name, role, password, code.strip() or None)
                done(md_message("user_added", lang, name=name))
            except r.ReportingError as e:
                problem(e)


def locked_accounts() -> None:
    """User names locked after too many wrong passwords, each with its unlock button."""
    st.subheader(t("locked_accounts", lang))
    locked = throttle.locked_frame(session)
    if locked.empty:
        st.caption(t("locked_none", lang))
    for row in locked.itertuples():
        when = local_time(fmt_time(row.locked_at), lang)
        st.markdown(f"**{md_text(row.name)}** · {md_message('locked_line', lang, n=row.failures, time=when)}")
        if st.button(md_message("unlock_user", lang, name=row.name), key=f"unlock_{row.name}"):
            try:
                throttle.unlock(session, actor, row.name)
                done(md_message("user_unlocked", lang, name=row.name))
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
    datum = c2.selectbox(
        t("boundary_datum", lang),
        ["auto", "wgs84", "cgcs2000", "gcj02", "bd09", "EPSG"],
        format_func=lambda d: t(f"datum_{d}", lang),
        placeholder=t("choose_placeholder", lang),
    )
    epsg = c3.text_input(t("boundary_epsg", lang), placeholder="4549")
    upload = file_picker(t("boundary_file", lang), settings.get("PEAKATLAS_MAX_IMPORT_MB"), lang)
    if upload is not None:
        boundary_check(upload.name, upload.getvalue(), level, f"EPSG:{epsg.strip()}" if datum == "EPSG" else datum)
    history = boundaries.changes()
    if history:
        st.subheader(t("boundary_current", lang))
        st.dataframe(boundaries.imports_table(lang), hide_index=True, width="stretch")
        st.html(boundaries.changes_html(history, lang))
        for change in [c for c in history if c["live"]]:
            kind = t(f"boundary_kind_{change['kind']}", lang)
            file = change["source_file"]  # the uploader's file name: shown literally
            label = md_message("boundary_revert", lang, id=change["id"], kind=kind, file=file, n=change["live"])
            if st.button(label, key=f"revert_{change['id']}"):
                undo_boundary_change(change)


def undo_boundary_change(change: dict) -> None:
    try:
        n = boundaries.revert(actor, change["level"], change["id"])
    except r.ReportingError as e:
        problem(e)
        return
    done(t("boundary_reverted", lang, n=n) if n else t("boundary_nothing_to_revert", lang, id=change["id"]))


def checked_boundaries(name: str, data: bytes, level: str, datum: str):
    """The file's check, made once per file, options and boundary state (not on every rerun)."""
    key = (name, hashlib.sha256(data).hexdigest(), level, datum, boundaries.version())
    cached = st.session_state.get("boundary_check")
    if cached is None or cached[0] != key:
        try:
            cached = (key, boundaries.check(name, data, level, datum))
        except boundaries.BoundaryImportError as e:
            cached = (key, e)
        st.session_state["boundary_check"] = cached
    if isinstance(cached[1], Exception):
        raise cached[1]
    return cached[1]


def boundary_check(name: str, data: bytes, level: str, datum: str) -> None:
    """The import report of an uploaded file, and the button that stores it."""
    try:
        report = checked_boundaries(name, data, level, datum)
        st.info(boundaries.report_summary(report, lang))
        for key, params in report["warning_keys"]:
            st.warning(md_text(t(key, lang, **params)))
        st.dataframe(boundaries.report_table(report, lang), hide_index=True, width="stretch")
        force = st.checkbox(t("boundary_force", lang)) if report["held"] else False
        if st.button(t("boundary_store", lang), type="primary"):
            with st.spinner(t("boundary_storing", lang)):
                stored = boundaries.store_upload(actor, name, data, level, datum, force=force)
            if stored["stored"]:
                done(t("boundary_stored", lang, n=len(stored["matched"])))
            else:
                st.warning(t("boundary_held", lang))
    except (boundaries.BoundaryImportError, r.ReportingError) as e:
        problem(e)


TABS = {
    "town_editor": (("tab_submit", submit_tab), ("tab_upload", upload_tab), ("tab_figures", correct_tab)),
    "district_reviewer": (
        ("tab_review", review_tab),
        ("tab_allocation", allocation_tab),
        ("tab_gaps", gaps_tab),
        ("tab_figures", lambda: figures(actor.area_code)),
    ),
    "admin": (
        ("tab_users", users_tab),
        ("tab_boundaries", boundaries_tab),
        ("tab_demo", demo_tab),
        (
            "tab_audit",
            lambda: st.dataframe(audit_table(r.audit_frame(session), lang), hide_index=True, width="stretch"),
        ),
    ),
    "viewer": (("tab_figures", lambda: figures(None)),),
}
try:
    tabs = TABS[actor.role]
    # keyed and tracked, so a save (which reruns the page with a message on top) stays on its tab
    shown = st.tabs([t(k, lang) for k, _ in tabs], key=f"report_tabs_{actor.role}", on_change="rerun")
    for tab, (_, draw) in zip(shown, tabs):
        with tab:
            draw()
finally:
    session.close()
