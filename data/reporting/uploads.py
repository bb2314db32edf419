"""Spreadsheet upload of figures: a pre-filled template, a full check before anything is stored, and an
all-or-nothing commit.

template(area, fmt) → one row per target that applies to the area (its own targets and those of every area
above it), keyed by 统计用区划代码 (area_code) and target_id; the official fills in value (and a note).
parse_upload(...) → Preview: every row checked (one Problem per bad row and field), nothing stored.
commit(session, preview, user) → stores every row in one transaction, or none.
Both are linear in the rows: the store is read once per upload (not per row), new figures, corrections and
their audit entries are written by a few bulk statements, and `progress(key, done, total)` (string-table key)
is told how far they are, for the page's progress bar.

Row numbers are spreadsheet row numbers (the header is row 1). A row whose value and note are both empty is
skipped: silently when the row is entirely empty or is a template row left unfilled (area, target and year
still there); any other partly filled row is an error.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import os
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy.orm import Session

from data import gazetteer_data as gaz
from data import numbers, settings, years
from data.cells import is_formula, neutral
from data.i18n import t
from data.reporting import db, obligations, plain_words, validate
from data.reporting import reports as rp
from data.reporting.auth import Actor, current, require_submitter
from data.reporting.errors import ConflictError, PermissionDenied, Problem, ValidationError, problem
from data.reporting.shares import district_of, owed_ids, stored_shares

# (key, header): Chinese with English; only the keys in REQUIRED (and note) are read back.
# (key, header): the header is bilingual, "中文 English" from the string table (tpl_col_<key>); a file may carry
# the whole header, its Chinese or its English part. Only REQUIRED (and note) are read back.
_KEYS = ("area_code", "area_name", "target_id", "indicator", "target", "owed", "unit", "year", "value", "note")
COLUMNS = [(k, f"{t(f'tpl_col_{k}', 'zh')} {t(f'tpl_col_{k}', 'en')}") for k in _KEYS]
REQUIRED = ("area_code", "target_id", "unit", "year", "value")
READ = REQUIRED + ("note",)
SHEET = f"{t('tpl_sheet', 'zh')} {t('tpl_sheet', 'en')}"
NOTES_SHEET = f"{t('tpl_notes_sheet', 'zh')} {t('tpl_notes_sheet', 'en')}"
MAX_ROWS = 5000
MAX_UNZIPPED = 100 * 1024 * 1024  # an .xlsx that inflates beyond this is refused (zip bomb)
INSTRUCTIONS = ("tpl_fill", "tpl_numbers", "tpl_units", "tpl_skip")  # string-table keys, written zh then en
PROGRESS_EVERY = 250  # rows between two progress reports
Progress = Callable[[str, int, int], None]  # (string-table key, done, total)


def max_upload_mb() -> float:
    return settings.get("PEAKATLAS_MAX_UPLOAD_MB")


# --- template --------------------------------------------------------------------------------------------------


def template_rows(area_code: str, year: int | None = None, session: Session | None = None) -> pd.DataFrame:
    """The rows of the template for an area: one per target it owes in `year` (obligations.owed; with
    `session`, the stored shares count too), value empty. Default year: the current reporting year."""
    if area_code not in gaz.known_codes():
        raise ValidationError([problem(None, "area", "err_area_unknown", code=repr(area_code))])
    year = year or years.reporting_year()
    shares = stored_shares(session, district_of(area_code)) if session is not None else None
    owed = obligations.owed(area_code, year, shares)
    name = gaz.area_name(area_code)
    rows = [
        {
            "area_code": area_code,
            "area_name": name,
            "target_id": o["target_id"],
            "indicator": o["indicator_zh"],
            "target": plain_words.plan_target(o),
            "owed": plain_words.what_is_owed(o, "zh"),
            "unit": o["unit"],
            "year": year,
            "value": None,
            "note": "",
        }
        for o in owed.to_dict("records")
    ]
    return pd.DataFrame(rows, columns=[k for k, _ in COLUMNS])


def template(area_code: str, fmt: str = "xlsx", year: int | None = None, session: Session | None = None) -> bytes:
    """The upload template for an area as .xlsx or .csv (UTF-8 with BOM, so Excel shows the Chinese)."""
    rows = template_rows(area_code, year, session)
    headers = [h for _, h in COLUMNS]
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(headers)
        for r in rows.to_dict("records"):
            w.writerow(["" if r[k] is None else neutral(r[k]) for k, _ in COLUMNS])
        return buf.getvalue().encode("utf-8-sig")
    if fmt != "xlsx":
        raise ValidationError([problem(None, "format", "err_template_format", fmt=fmt)])
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(headers)
    for c in ws[1]:
        c.font = Font(bold=True)
    ws.cell(1, headers.index("数值 value") + 1).fill = PatternFill("solid", fgColor="FFF2CC")
    for r in rows.to_dict("records"):
        ws.append([neutral(r[k]) for k, _ in COLUMNS])  # no cell a spreadsheet would run
        ws.cell(ws.max_row, 1).number_format = "@"  # the code stays text, never 3.1E+08
    for col, width in zip("ABCDEFGHIJ", (16, 12, 12, 32, 26, 30, 10, 8, 14, 30)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    notes = wb.create_sheet(NOTES_SHEET)
    for key in INSTRUCTIONS:
        notes.append([t(key, "zh")])
        notes.append([t(key, "en")])
    notes.column_dimensions["A"].width = 100
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- reading a file --------------------------------------------------------------------------------------------


@dataclass
class _Cell:
    value: object
    formula: str | None = None  # a formula cell's text (never evaluated), or text a spreadsheet would run as one
    error: str | None = None  # an Excel error value (#DIV/0! …)


def _text_cell(v) -> _Cell:
    """A cell as read; text a spreadsheet would evaluate (data/cells.py: = + - @ …) is marked as a formula."""
    return _Cell(v, formula=v if is_formula(v) else None)


def _file_problem(key: str, field: str = "file", **params) -> list[Problem]:
    return [problem(None, field, key, **params)]


def _read_xlsx(data: bytes) -> tuple[list[tuple[int, list[_Cell]]], list[Problem]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            if "xl/workbook.xml" not in names:
                return [], _file_problem("err_xlsx_no_workbook")
            if any(n.startswith("xl/vbaProject") for n in names):
                return [], _file_problem("err_xlsx_macros")
            if sum(i.file_size for i in z.infolist()) > MAX_UNZIPPED:
                return [], _file_problem("err_xlsx_inflates")
    except zipfile.BadZipFile:
        return [], _file_problem("err_xlsx_corrupt")
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as e:  # openpyxl raises many kinds for broken parts
        return [], _file_problem("err_xlsx_unreadable", error=type(e).__name__)
    try:
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        out = []
        for n, row in enumerate(ws.iter_rows(), start=1):
            if n > MAX_ROWS + 1:
                return [], _file_problem("err_too_many_rows", n=MAX_ROWS)
            cells = []
            for c in row:
                v = getattr(c, "value", None)
                if getattr(c, "data_type", None) == "f":
                    text = v if isinstance(v, str) else getattr(v, "text", None) or "formula"
                    cells.append(_Cell(None, formula=str(text)))
                elif getattr(c, "data_type", None) == "e":
                    cells.append(_Cell(None, error=str(v)))
                else:
                    cells.append(_text_cell(v))
            out.append((n, cells))
        return out, []
    except Exception as e:
        return [], _file_problem("err_xlsx_unreadable", error=type(e).__name__)
    finally:
        wb.close()


def decode_text(data: bytes) -> tuple[str | None, str | None]:
    """(text, encoding) by a strict cascade: BOM (UTF-8, UTF-16), UTF-8, GB18030 (a superset of GBK/GB2312)."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "gb18030"]
    for enc in candidates:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    return None, None


def _read_csv(data: bytes) -> tuple[list[tuple[int, list[_Cell]]], list[Problem]]:
    if data.startswith(b"PK\x03\x04"):
        return [], _file_problem("err_xlsx_named_csv")
    text, enc = decode_text(data)
    if text is None:
        return [], _file_problem("err_csv_encoding", "encoding")
    if "\x00" in text:
        return [], _file_problem("err_csv_nul", "encoding")
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    out = []
    try:
        for n, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True), start=1):
            if n > MAX_ROWS + 1:
                return [], _file_problem("err_too_many_rows", n=MAX_ROWS)
            out.append((n, [_text_cell(v) for v in row]))
    except csv.Error as e:
        return [], [problem(len(out) + 1, "file", "err_csv_malformed", error=str(e))]
    return out, []


def _header_key(text) -> str | None:
    """Map a header cell to a column key: the full bilingual header, its Chinese or its English part."""
    t = unicodedata.normalize("NFKC", str(text or "")).strip().lower()
    for key, header in COLUMNS:
        zh, en = header.rsplit(" ", 1)[0], header.split(" ", 1)[1]
        if t in (header.lower(), zh.lower(), en.lower(), key):
            return key
    return None


# --- preview ---------------------------------------------------------------------------------------------------


@dataclass
class PreviewRow:
    row: int
    figure: validate.Figure
    existing_id: int | None = None
    existing_version: int | None = None
    existing_value: float | None = None
    existing_status: str | None = None
    unchanged: bool = False  # the store already holds this very figure (value, unit and note)

    @property
    def action(self) -> str:
        return "unchanged" if self.unchanged else "update" if self.existing_id else "new"


@dataclass
class Preview:
    """What an upload would store. `ok` only when there is no problem at all; commit() refuses otherwise."""

    filename: str
    sha256: str
    user_id: int | None
    user_name: str
    rows: list[PreviewRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: int = 0  # empty rows and unfilled template rows
    checked_against_store: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)

    @property
    def changes(self) -> list[PreviewRow]:
        """The rows commit() would store: new figures and corrections, not figures stored as they are."""
        return [r for r in self.rows if not r.unchanged]

    def messages(self) -> list[str]:
        """One line per problem: "row N, field: reason"."""
        return [str(p) for p in self.problems]

    def frame(self) -> pd.DataFrame:
        """The rows to be stored (for the confirmation table): value in the target's unit, as reported, and
        the figure it replaces when the upload corrects an existing one."""
        names = {code: gaz.area_name(code) for code in {r.figure.area_code for r in self.rows}}
        recs = [
            {
                "row": r.row,
                "area_code": r.figure.area_code,
                "area_name": names[r.figure.area_code],
                "target_id": r.figure.target_id,
                "year": r.figure.year,
                "value": r.figure.value,
                "unit": r.figure.unit,
                "reported": f"{r.figure.reported_value:g} {r.figure.reported_unit}",
                "note": r.figure.note,
                "action": r.action,
                "replaces": r.existing_value,
                "replaces_status": r.existing_status,
            }
            for r in self.rows
        ]
        return pd.DataFrame(
            recs,
            columns=[
                "row",
                "area_code",
                "area_name",
                "target_id",
                "year",
                "value",
                "unit",
                "reported",
                "note",
                "action",
                "replaces",
                "replaces_status",
            ],
        )


def _file_checks(data: bytes, ext: str, user: Actor) -> list[Problem]:
    """What is wrong with the file as a whole (size, emptiness, the user, the type), before it is read."""
    limit_mb = max_upload_mb()
    limit = int(limit_mb * 1024 * 1024)
    if len(data or b"") > limit:
        return _file_problem(
            "err_upload_size", "size", size=numbers.fmt_beyond(len(data) / 2**20, limit_mb), mb=numbers.fmt(limit_mb)
        )
    if not data:
        return _file_problem("err_file_empty")
    if user.role != "town_editor":
        return _file_problem("err_not_submitter", "user", name=user.name, role=user.role)
    if ext in (".xls", ".xlsm", ".xlsb", ".et", ".ods", ".numbers"):
        return _file_problem("err_old_excel", "type", ext=ext)
    if ext not in (".xlsx", ".csv", ".txt"):
        return _file_problem("err_file_type", "type", ext=ext or t("err_no_extension", "en"))
    return []


def _columns(header_n: int, header: list[_Cell]) -> tuple[dict[str, int], list[Problem]]:
    """{column key: index} from the header row, and its problems (a column twice, a required one missing)."""
    cols: dict[str, int] = {}
    problems = []
    for i, cell in enumerate(header):
        key = _header_key(cell.value)
        if key in cols:
            problems.append(problem(header_n, key, "err_column_twice"))
        elif key:
            cols[key] = i
    problems += [problem(header_n, k, "err_column_missing", header=dict(COLUMNS)[k]) for k in REQUIRED if k not in cols]
    return cols, problems


def _unfilled(cells: list[_Cell], get: dict[str, _Cell]) -> bool:
    """An entirely empty row, or a template row left unfilled (area, target and year there; no value, no note)."""
    if all(validate.blank(c.value) and not c.formula and not c.error for c in cells):
        return True
    untouched = all(
        validate.blank(get[k].value) and not get[k].formula and not get[k].error for k in ("value", "note") if k in get
    )
    return untouched and all(not validate.blank(get[k].value) for k in ("area_code", "target_id", "year"))


def _check_rows(grid, cols: dict[str, int], user: Actor, owed: set[str] | None, preview: Preview, progress) -> None:
    """Every data row checked; good ones become preview rows, every problem is kept."""
    seen: dict[tuple, int] = {}
    for i, (n, cells) in enumerate(grid[1:], start=1):
        if i % PROGRESS_EVERY == 0:
            progress("upload_step_check", i, len(grid) - 1)
        get = {k: (cells[i] if i < len(cells) else _Cell(None)) for k, i in cols.items() if k in READ}
        if _unfilled(cells, get):
            preview.skipped += 1
            continue
        bad = [problem(n, k, "err_formula", formula=c.formula[:40]) for k, c in get.items() if c.formula]
        bad += [problem(n, k, "err_excel_error", error=c.error) for k, c in get.items() if c.error]
        fig, more = validate.check({k: c.value for k, c in get.items()}, user, n, frozenset(p.field for p in bad), owed)
        bad += more
        if fig is not None and fig.key in seen:
            bad.append(problem(n, "row", "err_duplicate_row", row=seen[fig.key]))
        elif fig is not None:
            seen[fig.key] = n
        preview.problems += bad
        if fig is not None and not bad:
            preview.rows.append(PreviewRow(n, fig))


def _no_progress(key: str, done: int, total: int) -> None:
    pass


def parse_upload(
    filename: str, data: bytes, user: Actor, session: Session | None = None, progress: Progress | None = None
) -> Preview:
    """Check an uploaded .xlsx/.csv completely; stores nothing. With `session`, rows that correct an existing
    figure are marked as updates (with the version they replace) and demo data in the store is reported.
    `progress(key, done, total)` is told how far the check is."""
    if session is None:
        return _parse(filename, data, user, None, progress or _no_progress)
    with db.busy_as_error(session):
        return _parse(filename, data, current(session, user), session, progress or _no_progress)


def _parse(filename: str, data: bytes, user: Actor, session: Session | None, progress: Progress) -> Preview:
    if session is not None:
        session.rollback()  # `user` was read as stored now; the rest reads afresh
    preview = Preview(filename, hashlib.sha256(data or b"").hexdigest(), user.id, user.name)
    ext = os.path.splitext(filename or "")[1].lower()
    preview.problems += _file_checks(data, ext, user)
    if preview.problems:
        return preview
    progress("upload_step_read", 0, 0)
    grid, errs = _read_xlsx(data) if ext == ".xlsx" else _read_csv(data)
    header_n, header = grid[0] if grid else (1, [])
    cols, header_problems = _columns(header_n, header) if not errs else ({}, [])
    preview.problems += errs or header_problems
    if preview.problems:
        return preview
    owed = owed_ids(session, user.area_code) if session is not None else None
    _check_rows(grid, cols, user, owed, preview, progress)
    if not preview.problems and not preview.rows:
        preview.problems += _file_problem("err_nothing_filled")
    if session is not None and not preview.problems:
        progress("upload_step_compare", len(grid) - 1, len(grid) - 1)
        _mark_existing(session, preview)
        session.rollback()  # end the read transaction
    return preview


def _mark_existing(session: Session, preview: Preview) -> None:
    if rp.demo_loaded(session):
        preview.problems += _file_problem("err_store_demo", "store")
    stored = rp.by_keys(session, [r.figure.key for r in preview.rows])
    for r in preview.rows:
        ex = stored.get(r.figure.key)
        if ex:
            r.existing_id, r.existing_version = ex["id"], ex["version"]
            r.existing_value, r.existing_status = ex["value"], ex["status"]
            r.unchanged = (
                math.isclose(ex["value"], r.figure.value, rel_tol=1e-12, abs_tol=1e-12)
                and ex["unit"] == r.figure.unit
                and (ex["note"] or "") == r.figure.note
            )
    preview.checked_against_store = True


def _rechecked(actor: Actor, r: PreviewRow, owed: set[str]) -> validate.Figure:
    """A previewed row checked again (never trust the preview object: role, area and figure), as reported."""
    require_submitter(actor, r.figure.area_code)
    f = r.figure
    rec = {"area_code": f.area_code, "target_id": f.target_id, "year": f.year, "value": f.value, "unit": f.unit}
    fig, problems = validate.check(rec | {"note": f.note}, actor, r.row, owed=owed)
    if problems:
        raise ValidationError(problems)
    return validate.Figure(
        fig.area_code, fig.target_id, fig.year, fig.value, fig.unit, fig.note, f.reported_value, f.reported_unit
    )


def _against_store(session: Session, rows: list[PreviewRow], figs: list[validate.Figure]) -> dict:
    """The stored figures the rows replace, read once; a new figure that exists meanwhile, or a correction of
    a figure changed since the preview, raises ConflictError (nothing is stored)."""
    stored = rp.by_keys(session, [f.key for f in figs])
    for r, f in zip(rows, figs):
        ex = stored.get(f.key)
        if r.existing_id is None and ex:
            raise rp.conflict(session, ex, entity="report", entity_id=ex["id"], base_version=None)
        if r.existing_id is None:
            continue
        if ex is None or ex["id"] != r.existing_id:
            raise PermissionDenied.of("err_not_that_figure", id=r.existing_id, figure=f.key)
        if ex["version"] != r.existing_version:  # the UPDATE's WHERE clause is the guarantee
            raise rp.conflict(session, ex, entity="report", entity_id=ex["id"], base_version=r.existing_version)
    return stored


def _attempted(preview: Preview) -> dict:
    """What the upload tried to store, for the audit entry of a refused commit."""
    keep = ("target_id", "area_code", "year", "value", "unit")
    rows = [{"row": r.row} | {k: getattr(r.figure, k) for k in keep} for r in preview.rows]
    return {"upload": preview.filename, "sha256": preview.sha256, "rows": rows}


def commit(session: Session, preview: Preview, user: Actor, progress: Progress | None = None) -> dict:
    """Store every row of a clean preview in ONE transaction, or nothing. New figures are inserted; rows marked
    as updates are version-checked against the figure seen at preview time. A figure that changed (or
    appeared) since raises ConflictError and nothing is stored. Figures the store already holds as they are
    are left alone (no new version, no return to pending). Returns {"created": [ids], "updated": [ids],
    "unchanged": n}; with no change at all nothing is written. While other
    writers hold the store it waits its turn (db.retry_when_busy; StoreBusy after db.WRITE_WAIT_S)."""
    if not preview.ok:
        raise ValidationError(preview.problems or _file_problem("err_nothing_to_store"))
    unchanged = len(preview.rows) - len(preview.changes)
    if not preview.changes:
        return {"created": [], "updated": [], "unchanged": unchanged}
    progress = progress or _no_progress

    def waiting(attempt: int) -> None:
        progress("upload_step_wait", attempt, 0)

    done = db.retry_when_busy(lambda: _store(session, preview, user, progress), on_wait=waiting)
    return done | {"unchanged": unchanged}


def _store(session: Session, preview: Preview, user: Actor, progress: Progress) -> dict:
    """One attempt at commit(): every row checked again and stored, in the file's order, by a few bulk
    statements with their audit entries. (Two uploads that deadlock on PostgreSQL are re-run by commit.)"""
    source = f"upload {preview.filename} ({preview.sha256[:12]}) by {user.name}"
    rows = preview.changes
    total = len(rows)

    def duplicate() -> ConflictError | None:  # the same figure was inserted by someone else meanwhile
        stored = rp.by_keys(session, [r.figure.key for r in rows if r.existing_id is None])
        ex = next((stored[r.figure.key] for r in rows if r.figure.key in stored), None)
        return ex and rp.conflict(session, ex, entity="report", entity_id=ex["id"], base_version=None)

    with rp.audited_write(session, user, _attempted(preview), source, duplicate) as actor:
        if preview.user_id != actor.id:
            raise PermissionDenied.of("err_preview_other_user")
        rp.refuse_if_demo(session)
        progress("upload_step_store", 0, total)
        owed = owed_ids(session, actor.area_code)
        figs = [_rechecked(actor, r, owed) for r in rows]
        stored = _against_store(session, rows, figs)
        new = [(f, _why(preview, r)) for r, f in zip(rows, figs) if r.existing_id is None]
        ids = rp.insert_figures(session, actor, new, source)
        fixed = [(r, f) for r, f in zip(rows, figs) if r.existing_id is not None]
        corrections = [(stored[f.key], rp.resubmitted(f), _why(preview, r), rp.as_reported(f)) for r, f in fixed]
        rp.update_figures(session, actor, corrections, "update")
        progress("upload_step_store", total, total)
    return {"created": ids, "updated": [r.existing_id for r, _ in fixed]}


def _why(preview: Preview, r: PreviewRow) -> str:
    return f"upload {preview.filename} row {r.row}"
