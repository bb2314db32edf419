"""What an area owes, its measures, a district's towns and its reporting gaps, as readable HTML tables
(layers/html_table.py) for the area pages."""

from __future__ import annotations

import pandas as pd

from data import area_summary, gazetteer_data, plan_data, progress
from data.i18n import pick, t
from data.numbers import fmt, fmt_share
from data.reporting.plain_words import basis_text, what_is_owed
from layers import families, palette
from layers.html_table import Grid, Markup, badge, link
from layers.popups import PRECISION_KEYS, responsible_text
from layers.progress_text import value_text

AREA_PAGE = "area"


def _plan(plan_id: str, section: str, lang: str) -> str:
    p = plan_data.load_plans().loc[plan_id]
    return f"{pick(p['title'], p['title_en'], lang)} · {t('section', lang)} {section}"


def status_badge(status: str, lang: str) -> Markup:
    return badge(t(f"status_{status}", lang), palette.STATUS[status])


def figure_state(row, lang: str) -> str:
    """This year's figure: "已通过 2.1", "已退回:口径不符", "未报"."""
    state = row["report_status"]
    if state is None or pd.isna(state):
        return t("report_state_none", lang)
    text = f"{t(f'report_state_{state}', lang)} {fmt(row['report_value'])}"
    if state == "rejected" and row["review_note"]:
        text += f" · {row['review_note']}"
    return text


def latest_text(row, lang: str) -> str:
    if pd.isna(row["latest_value"]):
        return t("source_none", lang)
    return f"{value_text(row, lang, suffix=False)} · {t('year_suffix', lang, year=int(row['latest_year']))}"


def context_text(row, lang: str) -> str:
    """How the area above stands on a target this area contributes to: "松江区 3.6 / 29.4 万千瓦 · 滞后"."""
    if row["target_area"] == row["area_code"] or not isinstance(row["context_status"], str):
        return ""
    whole = {
        "latest_value": row["context_latest_value"],
        "judged_value": row["context_judged_value"],
        "unit": row["unit"],
    }
    status = t(f"status_{row['context_status']}", lang)
    return f"{pick(*_names(row['target_area']), lang)} {value_text(whole, lang, suffix=False)} · {status}"


def owed_grid(owed: pd.DataFrame, year: int, lang: str) -> Grid:
    headers = [
        t("indicator", lang),
        t("owed_what", lang),
        t("owed_latest", lang),
        t("status", lang),
        t("owed_figure_year", lang, year=year),
        t("owed_context", lang),
        t("owed_why", lang),
        t("plan", lang),
    ]
    rows = [
        [
            pick(r["indicator_zh"], r["indicator_en"], lang),
            what_is_owed(r, lang),
            latest_text(r, lang),
            status_badge(r["status"], lang),
            figure_state(r, lang),
            context_text(r, lang),
            basis_text(r, lang),
            _plan(r["plan_id"], r["section"], lang),
        ]
        for r in owed.to_dict("records")
    ]
    return Grid(headers, rows, [provenance_line(area_summary.target(i), lang) for i in owed["target_id"]])


def owed_table(owed: pd.DataFrame, year: int, lang: str) -> str:
    return owed_grid(owed, year, lang).html()


def provenance_line(row: dict, lang: str) -> str:
    """The plan's own words for a target or measure, and who acts on it."""
    who = responsible_text(list(row.get("responsible") or []), lang)
    return f"{t('excerpt', lang)}:「{row['excerpt']}」 · {t('responsible', lang)}:{who}"


def measures_grid(measures: pd.DataFrame, lang: str) -> Grid:
    """Place, what the plan says is done there, family, plan and section, responsible units, location note."""
    targets = plan_data.load_targets().set_index("id")
    headers = [
        t("place", lang),
        t("measure", lang),
        t("category", lang),
        t("measure_target", lang),
        t("plan", lang),
        t("responsible", lang),
        t("location_precision", lang),
    ]
    rows = []
    for m in measures.to_dict("records"):
        linked = "、".join(
            pick(targets.loc[i, "indicator_zh"], targets.loc[i, "indicator_en"], lang)
            for i in m["target_ids"]
            if i in targets.index
        ) or t("measure_no_target", lang)
        rows.append(
            [
                m["place_name"],
                pick(m["measure"], m["measure_en"], lang),
                families.family_of(m["category"]).label(lang),
                linked,
                _plan(m["plan_id"], m["section"], lang),
                responsible_text(list(m["responsible"]), lang),
                t(PRECISION_KEYS[m["location_precision"]], lang),
            ]
        )
    return Grid(headers, rows, [provenance_line(m, lang) for m in measures.to_dict("records")])


def towns_grid(breakdown: pd.DataFrame, towns: list[str], lang: str) -> Grid:
    """Per town: what it owes, how many have figures, shares met, behind, not reported; a link to its page."""
    headers = [
        t("area", lang),
        t("card_owed", lang),
        t("card_reported", lang),
        t("status_achieved", lang),
        t("status_behind", lang),
        t("status_no_report", lang),
        t("towns_shares", lang),
    ]
    rows = []
    for code in towns:
        b = breakdown[breakdown["area_code"] == code]
        shares = b[b["share"].notna()]
        share_text = (
            "; ".join(
                f"{pick(r['indicator_zh'], r['indicator_en'], lang)} {value_text(r, lang, suffix=False)}"
                for r in shares.to_dict("records")
            )
            or "–"
        )
        rows.append(
            [
                link(pick(*_names(code), lang), AREA_PAGE, area=code, lang=None if lang == "zh" else lang),
                len(b),
                int(b["latest_value"].notna().sum()),
                int((b["status"] == progress.ACHIEVED).sum()),
                int((b["status"] == progress.BEHIND).sum()),
                int((b["status"] == progress.NO_REPORT).sum()),
                share_text,
            ]
        )
    return Grid(headers, rows)


def shares_grid(breakdown: pd.DataFrame, lang: str) -> Grid:
    """Every stored share in the district against its town's figures."""
    shares = breakdown[breakdown["share"].notna()]
    headers = [
        t("indicator", lang),
        t("area", lang),
        t("towns_share", lang),
        t("owed_latest", lang),
        t("done", lang),
        t("status", lang),
    ]
    rows = [
        [
            pick(r["indicator_zh"], r["indicator_en"], lang),
            pick(*_names(r["area_code"]), lang),
            f"{fmt(r['share'])} {r['unit']}",
            latest_text(r, lang),
            fmt_share(r["progress_share"]),
            status_badge(r["status"], lang),
        ]
        for r in shares.to_dict("records")
    ]
    return Grid(headers, rows)


def gaps_grid(gaps: pd.DataFrame, lang: str) -> Grid:
    """Who has to act on what, since when."""
    headers = [t("area", lang), t("indicator", lang), t("gap_state", lang), t("gap_since", lang), t("gap_who", lang)]
    rows = [
        [
            gazetteer_data.area_label(g["area_code"], lang),
            g["indicator_zh"],
            t(f"gap_{g['status']}", lang),
            g["since"].strftime("%Y-%m-%d") if g["since"] is not None else "–",
            "、".join(g["who"]) or t("gap_nobody", lang),
        ]
        for g in gaps.to_dict("records")
    ]
    return Grid(headers, rows)


def gaps_table(gaps: pd.DataFrame, lang: str) -> str:
    return gaps_grid(gaps, lang).html()


def _names(code: str) -> tuple[str, str]:
    table_ = gazetteer_data.towns() if code in gazetteer_data.towns().index else gazetteer_data.districts()
    return table_.loc[code, "name"], table_.loc[code, "name_en"]
