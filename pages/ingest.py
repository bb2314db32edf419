"""Ingest a plan (admins): upload a plan file for a jurisdiction found by name, review its candidates beside the
plan's text (accept, edit, reject; in bulk above a confidence), publish, withdraw. Streamlit glue only: the store
is data/reporting/plan_store.py, the table and the marked text layers/ingest_review.py."""

from __future__ import annotations

import time

import streamlit as st

from data import divisions, settings, vocab
from data.i18n import t
from data.ingest.errors import IngestError
from data.ingest.review_rows import EDITABLE
from data.numbers import fmt
from data.reporting import ReportingError, plan_store
from data.reporting.roles import ADMIN
from layers.explorer import comparator_label, sector_label
from layers.html_safe import md_text
from layers.ingest_review import candidates_table, excerpt_html, plans_label, reason_line, refusal
from pages.ui import login
from pages.ui import reports as store
from pages.ui.file_picker import file_picker
from pages.ui.navigation import app_navigation
from pages.ui.shell import base_css, language_switch
from pages.ui.state import say_bad_params

app_navigation(__file__)

lang = language_switch()
base_css(lang)
st.title(t("ingest_title", lang))
say_bad_params([], lang)
engine = store.engine()
CHOOSE = t("choose_placeholder", lang)  # Streamlit's own is English
CHOICES = {"sector": (vocab.SECTORS, sector_label), "comparator": (vocab.COMPARATORS, comparator_label)}

actor = login.current_actor(engine, lang)
if actor is None:
    login.login_form(engine, lang)
    login.keep_cookie()
    st.stop()
st.sidebar.markdown(md_text(t("logged_in_as", lang, name=actor.name, role=t(f"role_{actor.role}", lang), area="")))
login.logout_button(engine, lang)
login.keep_cookie()
if actor.role != ADMIN:
    st.warning(t("ingest_admins_only", lang))
    st.stop()
st.caption(t("ingest_intro", lang))
if flash := st.session_state.pop("ingest_flash", None):
    st.success(flash)


def problem(err: Exception) -> None:
    """A refusal in the reader's language; its text can carry a file name, so Markdown is neutralised."""
    lines = [err.message(lang)] if isinstance(err, IngestError) else refusal(err, lang)
    st.error("  \n".join(md_text(line) for line in lines))


def done(message: str) -> None:
    st.session_state["ingest_flash"] = message
    st.rerun()


def write(action, message: str, **params) -> None:
    """One store write as the logged-in admin; a refusal is shown, a success reruns the page with its message."""
    try:
        result = action()
    except (IngestError, ReportingError) as e:
        problem(e)
        return
    done(t(message, lang, n=result, **params))


def jurisdiction() -> str | None:
    query = st.text_input(t("ingest_where_search", lang), key="ingest_where_q").strip()
    if not query:
        return None
    hits = divisions.search(query, limit=20, levels=("county", "city"))
    if not hits:
        st.caption(md_text(t("ingest_where_none", lang, query=query)))
        return None
    labels = {d.code: f"{divisions.label(d.code)}({d.code})" for d in hits}
    return st.selectbox(
        t("ingest_where", lang), list(labels), format_func=labels.get, key="ingest_where", placeholder=CHOOSE
    )


def new_plan() -> None:
    upload = file_picker(t("ingest_file", lang), settings.get("PEAKATLAS_INGEST_MAX_MB"), lang, key="ingest_file")
    code = jurisdiction()
    title = st.text_input(t("ingest_title_input", lang), key="ingest_title")
    if st.button(t("ingest_run", lang), type="primary", disabled=upload is None or not code, key="ingest_run"):
        started = time.perf_counter()
        with st.spinner(t("ingest_working", lang)):
            try:
                ref = plan_store.ingest(actor, upload.getvalue(), upload.name, code, title, engine)
            except (IngestError, ReportingError) as e:
                problem(e)
                return
        rows = plan_store.rows_frame(ref, engine)
        st.session_state["ingest_plan"] = ref
        counts = rows["kind"].value_counts()
        n_t, n_m = int(counts.get("target", 0)), int(counts.get("measure", 0))
        seconds = fmt(time.perf_counter() - started, 2)
        done(t("ingest_stored", lang, plan=plan_store.plan_id(ref), targets=n_t, measures=n_m, seconds=seconds))


def edit_row(ref: int, row_id: str, kind: str, row: dict) -> None:
    fields = EDITABLE[kind]
    c1, c2 = st.columns([1, 2])
    field = c1.selectbox(
        t("ingest_edit_field", lang),
        fields,
        format_func=lambda f: t(f"ingest_field_{f}", lang),
        key="ingest_field",
        placeholder=CHOOSE,
    )
    current = "" if row.get(field) is None else str(row.get(field))
    key = f"ingest_value_{row_id}_{field}"
    if field in CHOICES:  # a fixed vocabulary: chosen in words, not typed as a code
        options, label = CHOICES[field]
        index = options.index(current) if current in options else 0
        value = c2.selectbox(
            t("ingest_edit_value", lang),
            options,
            index=index,
            format_func=lambda v: label(v, lang),
            key=key,
            placeholder=CHOOSE,
        )
    else:
        value = c2.text_input(t("ingest_edit_value", lang), value=current, key=key)
    if st.button(t("ingest_edit", lang), key="ingest_edit"):
        write(lambda: plan_store.edit(actor, ref, row_id, {field: value}, engine), "ingest_done_edited", row=row_id)


def review(ref: int, plan: dict) -> None:
    rows = plan_store.rows_frame(ref, engine)
    state = t(f"ingest_state_{plan['state']}", lang)
    st.caption(md_text(t("ingest_plan_state", lang, state=state, file=plan["file_name"])))  # a file name: literal
    st.dataframe(candidates_table(rows, lang), hide_index=True, width="stretch")
    if rows.empty:
        return
    locked = plan["state"] == "published"
    left, right = st.columns([1, 1])
    with left:
        pick = st.selectbox(t("ingest_pick", lang), list(rows["row_id"]), key=f"ingest_pick_{ref}", placeholder=CHOOSE)
        chosen = rows.set_index("row_id").loc[pick]
        st.caption(md_text(reason_line(chosen["reason"], lang)))
        if locked:
            st.info(t("ingest_locked", lang))
        else:
            b1, b2 = st.columns(2)
            if b1.button(t("ingest_accept", lang), key="ingest_accept"):
                write(lambda: plan_store.accept(actor, ref, [pick], engine), "ingest_done_accepted")
            if b2.button(t("ingest_reject", lang), key="ingest_reject"):
                write(lambda: plan_store.reject(actor, ref, [pick], engine), "ingest_done_rejected")
            edit_row(ref, pick, chosen["kind"], chosen["row"])
    with right:
        st.html(excerpt_html(plan_store.plan_text(ref, engine), chosen["row"], lang))
    if not locked:
        bulk(ref)
    state_buttons(ref, plan)


def bulk(ref: int) -> None:
    c1, c2 = st.columns([2, 1])
    threshold = c1.slider(t("ingest_threshold", lang), 0.0, 1.0, 0.8, 0.05, key="ingest_threshold")
    if c2.button(t("ingest_accept_above", lang), key="ingest_bulk"):
        write(lambda: plan_store.accept_above(actor, ref, threshold, engine), "ingest_done_accepted")


def state_buttons(ref: int, plan: dict) -> None:
    pid = plan["plan_id"]
    c1, c2 = st.columns(2)
    if plan["state"] != "published" and c1.button(t("ingest_publish", lang), type="primary", key="ingest_publish"):
        write(lambda: plan_store.publish(actor, ref, engine), "ingest_done_published", plan=pid)
    if plan["state"] == "published" and c2.button(t("ingest_withdraw", lang), key="ingest_withdraw"):
        write(lambda: plan_store.withdraw(actor, ref, engine), "ingest_done_withdrawn", plan=pid)


with st.expander(t("ingest_new", lang), expanded=True):
    new_plan()

st.subheader(t("ingest_plans", lang))
plans = plan_store.plans_frame(engine)
if plans.empty:
    st.caption(t("ingest_none_yet", lang))
    st.stop()
by_ref = {int(p["ref"]): p for p in plans.to_dict("records")}
refs = list(by_ref)
default = st.session_state.get("ingest_plan", refs[-1])
ref = st.selectbox(
    t("ingest_plans", lang),
    refs,
    index=refs.index(default) if default in refs else len(refs) - 1,
    format_func=lambda r: plans_label(by_ref[r], lang),
    key="ingest_plan_pick",
    label_visibility="collapsed",
    placeholder=CHOOSE,
)
review(ref, by_ref[ref])
