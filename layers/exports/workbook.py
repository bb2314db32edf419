"""An area's progress workbook (Excel): one sheet per plan with every target the area owes — a row for the area
itself (its share where the target was split, its figure and status), then for a district one for each town (for
a city: each district) that owes the target, with its share, figures and status; a town has only its own rows —
and the latest change of each figure from the audit log; a sheet of the reporting gaps (a town's: its own); a
bilingual About sheet with the sources, the data state and the date.

The rows are the app's own: owed_status / district_breakdown / gaps with the app's status labels and progress
words. Headers come from data/i18n.py, numbers stay numbers (the unit in its own column) and every text cell
is neutralised against formulas (data/cells.py)."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from data import gazetteer_data as gaz
from data import reporting
from data.cells import neutral, neutral_frame
from data.i18n import pick, t
from data.plan_data import load_plans
from data.progress_source import display_reports
from data.reporting import obligations as ob
from data.reporting import targets as tg
from data.reporting.owed import GAP_COLUMNS
from data.reporting.plain_words import basis_text
from layers.explorer import about_rows, comparator_label, format_table, join_responsible, write_about
from layers.exports import sources, stamp
from layers.messages import LOCAL
from layers.progress_text import source_text

MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_ROW = 4  # above it: the sheet's title, the data state, the note on illustrative figures
FREEZE_COLS = 3  # section, indicator and area stay in view when scrolling right
_ACTIONS = ("create", "update", "demo_load")  # audit actions on a figure with a label of their own
_CHANGE_COLUMNS = ["target_id", "area_code", "audit_id", "at", "user_name", "action", "changes"]


@dataclass(frozen=True)
class WorkbookData:
    code: str
    year: int
    mode: str  # "sample", "demo" or "real" (progress_source.display_reports)
    owed: pd.DataFrame  # owed_status of the area itself
    parts: pd.DataFrame  # owed_status of the areas one level down (none for a town), on the targets the area owes
    gaps: pd.DataFrame  # reporting.gaps on those targets: the district's, each district's of a city, a town's own
    changes: pd.DataFrame  # the latest change of each (target, area)'s figures: _CHANGE_COLUMNS


def covers(code: str) -> bool:
    """A workbook is made for any area of the gazetteer: a town, a district or a city."""
    return ob.level_of(code) is not None


def latest_changes(session: Session, code: str) -> pd.DataFrame:
    """For every figure inside `code` (any status): the audit log's latest entry that changed it (a refused
    conflict changes nothing), one row per (target, area) in _CHANGE_COLUMNS."""
    figures = reporting.reports_table(session, within=code)
    key = {str(i): (tid, area) for i, tid, area in zip(figures["id"], figures["target_id"], figures["area_code"])}
    log = reporting.audit_frame(session, "report")
    session.rollback()  # end the read transaction
    log = log[log["entity_id"].isin(key.keys()) & (log["action"] != "conflict")]
    if log.empty:
        return pd.DataFrame(columns=_CHANGE_COLUMNS)
    where = [key[i] for i in log["entity_id"]]
    log = log.assign(target_id=[w[0] for w in where], area_code=[w[1] for w in where], audit_id=log["id"])
    return log.drop_duplicates(["target_id", "area_code"], keep="last")[_CHANGE_COLUMNS].reset_index(drop=True)


def _parts(session: Session, code: str, year: int, figures: pd.DataFrame, owed: pd.DataFrame) -> pd.DataFrame:
    """owed_status of the areas one level down: a district's towns, a city's districts; a town has none."""
    if ob.level_of(code) == "district":
        return reporting.district_breakdown(session, code, year, figures)
    frames = [reporting.owed_status(session, d, year, figures) for d in gaz.children(code)]
    return pd.concat(frames, ignore_index=True) if frames else owed.iloc[0:0]


def _gaps(session: Session, code: str, year: int, ids: set[str]) -> pd.DataFrame:
    """The reporting gaps on targets `ids`: a district's (its own and its towns'), each district's of a city, a
    town's own rows among its district's."""
    level = ob.level_of(code)
    if level == "town":
        frame = reporting.gaps(session, gaz.parent(code), year, targets=ids)
        return frame[frame["area_code"] == code].reset_index(drop=True)
    districts = [code] if level == "district" else gaz.children(code)
    frames = [reporting.gaps(session, d, year, targets=ids) for d in districts]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=GAP_COLUMNS)


def read(session: Session, code: str, year: int, figures: pd.DataFrame, mode: str) -> WorkbookData:
    """What the workbook of town, district or city `code` shows for `year`, judged on `figures` (the app's)."""
    owed = reporting.owed_status(session, code, year, figures)
    ids = set(owed["target_id"])
    parts = _parts(session, code, year, figures, owed)
    return WorkbookData(
        code=code,
        year=year,
        mode=mode,
        owed=owed,
        parts=parts[parts["target_id"].isin(ids)].reset_index(drop=True),
        gaps=_gaps(session, code, year, ids),
        changes=latest_changes(session, code),
    )


def build(engine, code: str, year: int, lang: str) -> bytes:
    """The workbook of `code` from the store behind `engine`, with the figures the app shows (the page's
    download; it runs when the button is pressed)."""
    with reporting.open_session(engine) as s:
        figures, mode = display_reports(s)
        data = read(s, code, year, figures, mode)
    return render(data, lang)


def from_store(code: str, year: int, lang: str) -> bytes:
    """`python -m data workbook`: ValueError (its message in `lang`) for a code that is no area."""
    if not covers(code):
        raise ValueError(t("area_not_found", lang, code=code))
    return build(sources.engine(), code, year, lang)


# ---------------------------------------------------------------- the sheets


def _local(when) -> object:
    """A stored UTC time as Beijing time without a zone (spreadsheets keep no zones); None stays empty."""
    return None if when is None or pd.isna(when) else when.astimezone(LOCAL).replace(tzinfo=None)


def action_label(action: str, changes: str, lang: str) -> str:
    """What a change did: 提交, 修改, 审核通过, 退回, 载入示例数据."""
    if action == "review":
        decided = (json.loads(changes).get("status") or [None, None])[1]
        return t(f"wb_action_{decided}" if decided in ("approved", "rejected") else "wb_action_other", lang)
    return t(f"wb_action_{action}" if action in _ACTIONS else "wb_action_other", lang)


def _change(data: WorkbookData, latest: dict, row: dict, lang: str) -> list:
    """[who, when, what] of the latest change of the row's figure (`latest`: (target, area) → its change). A
    district's figure of an additive target is its towns' sum: their changes count too."""
    areas = [row["area_code"]]
    if row["area_code"] == data.code and ob.level_of(data.code) == "district" and row["additive"]:
        areas += gaz.children(data.code)
    found = [latest[k] for k in ((row["target_id"], a) for a in areas) if k in latest]
    if not found:
        return [None, None, None]
    last = max(found, key=lambda c: c["audit_id"])
    return [last["user_name"], _local(last["at"]), action_label(last["action"], last["changes"], lang)]


def _number(v) -> object:
    return None if v is None or pd.isna(v) else float(v)


def _target_row(data: WorkbookData, latest: dict, r: dict, lang: str) -> list:
    plan = load_plans().loc[r["plan_id"]]
    state = r["report_status"] if isinstance(r["report_status"], str) else "none"
    return [
        r["section"],
        pick(r["indicator_zh"], r["indicator_en"], lang),
        gaz.area_label(r["area_code"], lang),
        t(f"level_name_{ob.level_of(r['area_code'])}", lang),
        comparator_label(r["comparator"], lang),
        float(r["target_value"]),
        r["unit"],
        int(r["due_year"]),
        basis_text(r, lang),
        _number(r["share"]),
        _number(r["latest_value"]),
        None if r["latest_year"] is None or pd.isna(r["latest_year"]) else int(r["latest_year"]),
        _number(r["progress_share"]),
        t(f"status_{r['status']}", lang),
        source_text(r, lang),
        t(f"report_state_{state}", lang),
        _number(r["report_value"]),
        *_change(data, latest, r, lang),
        pick(plan["title"], plan["title_en"], lang),
        r["excerpt"],
        join_responsible(r["responsible"]) or t("responsible_none", lang),
    ]


def _target_headers(year: int, lang: str) -> list[str]:
    keys = ["section", "indicator", "area", "wb_col_level", "tx_col_comparator", "wb_col_target_value", "unit"]
    keys += ["tx_col_target_year", "owed_why", "towns_share", "owed_latest", "wb_col_latest_year", "done", "status"]
    keys += ["wb_col_source"]
    heads = [t(k, lang) for k in keys] + [
        t("owed_figure_year", lang, year=year),
        t("wb_col_year_value", lang, year=year),
    ]
    more = ["wb_col_changed_by", "wb_col_changed_at", "wb_col_change", "plan", "excerpt", "responsible"]
    return heads + [t(k, lang) for k in more]


def plan_frame(data: WorkbookData, plan_id: str, lang: str) -> tuple[pd.DataFrame, bool]:
    """The plan's sheet: each target the area owes, its own row then its towns' (a city's: districts') rows; and
    whether any figure on it is illustrative."""
    owed = data.owed[data.owed["plan_id"] == plan_id]
    parts = data.parts[data.parts["target_id"].isin(owed["target_id"])]
    below: dict[str, list[dict]] = {}
    for p in parts.to_dict("records"):
        below.setdefault(p["target_id"], []).append(p)
    latest = {(c["target_id"], c["area_code"]): c for c in data.changes.to_dict("records")}
    rows = []
    for top in owed.to_dict("records"):
        rows += [_target_row(data, latest, r, lang) for r in [top, *below.get(top["target_id"], [])]]
    illustrative = bool(owed["illustrative"].any() or parts["illustrative"].any())
    return pd.DataFrame(rows, columns=_target_headers(data.year, lang)), illustrative


def gaps_frame(data: WorkbookData, lang: str) -> pd.DataFrame:
    """Who has to act on what, since when (the area page's gap list)."""
    rows = []
    for g in data.gaps.to_dict("records"):
        target = tg.get(g["target_id"]) or {"section": "", "indicator_en": ""}
        rows.append(
            [
                gaz.area_label(g["area_code"], lang),
                t(f"level_name_{g['level']}", lang),
                target["section"],
                pick(g["indicator_zh"], target["indicator_en"], lang),
                g["unit"],
                t(f"gap_{g['status']}", lang),
                _local(g["since"]).date() if g["since"] is not None else None,
                "、".join(g["who"]) or t("gap_nobody", lang),
            ]
        )
    keys = ["area", "wb_col_level", "section", "indicator", "unit", "gap_state", "gap_since", "gap_who"]
    return pd.DataFrame(rows, columns=[t(k, lang) for k in keys])


def sheet_name(text: str, taken: set[str]) -> str:
    """A name Excel accepts (at most 31 characters, none of []:*?/\\) and not yet taken (in any case)."""
    base = re.sub(r"[\[\]:*?/\\]", " ", text).strip()[:31] or "-"
    name, n = base, 2
    while name.casefold() in {x.casefold() for x in taken}:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def _plan_sheet_name(plan_id: str, lang: str, taken: set[str]) -> str:
    plan = load_plans().loc[plan_id]
    if lang == "en":
        return sheet_name(t("wb_sheet_plan", lang, area=gaz.area_label(plan["jurisdiction_code"], lang)), taken)
    return sheet_name(plan["title"], taken)


def _write(writer: pd.ExcelWriter, name: str, heading: list[str], frame: pd.DataFrame, wrap=(), percent=()) -> None:
    """One sheet: the heading lines above the table (the first bold), the table's header frozen and filterable."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    safe = neutral_frame(frame)
    safe.to_excel(writer, sheet_name=name, index=False, startrow=HEADER_ROW - 1)
    ws = writer.sheets[name]
    for i, line in enumerate(heading[: HEADER_ROW - 1], start=1):
        ws.cell(row=i, column=1, value=neutral(line) or None).font = Font(bold=i == 1, size=13 if i == 1 else 11)
    format_table(ws, safe, HEADER_ROW, wrap, FREEZE_COLS)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(safe.columns))}{max(ws.max_row, HEADER_ROW)}"
    for head in percent:
        i = list(safe.columns).index(head) + 1
        for (cell,) in ws.iter_rows(min_row=HEADER_ROW + 1, min_col=i, max_col=i):
            cell.number_format = "0%"


def _about(data: WorkbookData, sheets: dict[str, pd.DataFrame], any_illustrative: bool) -> tuple[list, list]:
    """The About sheet's rows, in Chinese and English: what the workbook is, its data state and date, the plans'
    words; the source files with the rows and sections each plan gave."""
    both = ("zh", "en")
    pairs = [
        tuple(t("wb_about_title", x, area=gaz.area_label(data.code, x), year=data.year) for x in both),
        tuple(stamp.stamp(data.mode, x, data.owed) for x in both),
        tuple(t("wb_about_what", x) for x in both),
        tuple(t("wb_about_words", x) for x in both),
    ]
    if any_illustrative:
        pairs.append(tuple(t("illustrative_note", x) for x in both))
    if not sheets:
        pairs.append(tuple(t("wb_about_no_plans", x, area=gaz.area_label(data.code, x)) for x in both))
    counts = pd.Series({pid: len(frame) for pid, frame in sheets.items()}, dtype=int)
    owed = data.owed
    sections = {pid: "、".join(dict.fromkeys(owed.loc[owed["plan_id"] == pid, "section"])) for pid in sheets}
    return about_rows(pairs, counts, list(sheets), sections)


def render(data: WorkbookData, lang: str) -> bytes:
    """The .xlsx file: a sheet per plan the area owes targets of, the reporting gaps, About."""
    line = stamp.stamp(data.mode, lang, data.owed)
    area = gaz.area_label(data.code, lang)
    plans = list(dict.fromkeys(data.owed["plan_id"]))  # the area's own plan first (owed's order)
    sheets, illustrative = {}, {}
    for pid in plans:
        sheets[pid], illustrative[pid] = plan_frame(data, pid, lang)
    taken: set[str] = set()
    excerpt, done = t("excerpt", lang), t("done", lang)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl", date_format="yyyy-mm-dd", datetime_format="yyyy-mm-dd hh:mm") as w:
        for pid, frame in sheets.items():
            plan = load_plans().loc[pid]
            title = f"{area} · {pick(plan['title'], plan['title_en'], lang)}"
            note = t("illustrative_note", lang) if illustrative[pid] else ""
            _write(w, _plan_sheet_name(pid, lang, taken), [title, line, note], frame, [excerpt], [done])
        gaps_title = f"{area} · {t('area_gaps', lang, year=data.year)}"
        gaps_sheet = sheet_name(t("area_gaps", lang, year=data.year), taken)
        _write(w, gaps_sheet, [gaps_title, line, ""], gaps_frame(data, lang))
        write_about(w, sheet_name(t("tx_sheet_about", lang), taken), *_about(data, sheets, any(illustrative.values())))
    return buf.getvalue()
