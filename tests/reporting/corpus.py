"""Upload files for the tests: good ones in every accepted encoding, and a corpus of malformed ones, each with
ONE defect and the message it must produce. All are for the town editor of 泗泾镇 (310117102), with targets
the town owes by the plan alone (松江区's forest targets name 各街镇 among their responsible units)."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime

from openpyxl import Workbook

from data.reporting.uploads import COLUMNS

HEADERS = [h for _, h in COLUMNS]
TOWN = "310117102"
GOOD_ROWS = [  # area_code, area, target_id, indicator, target, owed, unit, year, value, note
    [TOWN, "泗泾镇", "000-T046", "生态公益林建设面积", "", "", "千亩", 2024, 0.3, "新造林"],
    [TOWN, "泗泾镇", "000-T049", "每个涉林街镇休闲林地", "", "", "处", 2024, 1, ""],
    [TOWN, "泗泾镇", "000-T047", "森林覆盖率", "", "", "%", 2024, 18.5, "按林地图斑"],
]


def csv_bytes(rows, headers=HEADERS, encoding="utf-8", delimiter=",") -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    w.writerow(headers)
    w.writerows(rows)
    return buf.getvalue().encode(encoding)


def xlsx_bytes(rows, headers=HEADERS, tweak=None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "填报 report"
    ws.append(headers)
    for r in rows:
        ws.append(r)
    if tweak:
        tweak(ws)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def row(**kw) -> list:
    """The first good row with some fields replaced (by column key)."""
    keys = [k for k, _ in COLUMNS]
    r = list(GOOD_ROWS[0])
    for k, v in kw.items():
        r[keys.index(k)] = v
    return r


def good_files() -> dict[str, bytes]:
    """The same three figures as UTF-8, UTF-8 with BOM, GBK, GB18030, UTF-16 (tab-separated, as Excel's
    "Unicode text") and .xlsx."""
    return {
        "utf8.csv": csv_bytes(GOOD_ROWS),
        "utf8-bom.csv": csv_bytes(GOOD_ROWS, encoding="utf-8-sig"),
        "gbk.csv": csv_bytes(GOOD_ROWS, encoding="gbk"),
        "gb18030.csv": csv_bytes(GOOD_ROWS, encoding="gb18030"),
        "utf16.txt": csv_bytes(GOOD_ROWS, encoding="utf-16", delimiter="\t"),
        "good.xlsx": xlsx_bytes(GOOD_ROWS),
    }


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def _set(cell, value):
    def tweak(ws):
        ws[cell] = value

    return tweak


def bad_files() -> list[tuple[str, str, bytes, str]]:
    """(defect, filename, bytes, the message the upload must give — exactly, or its start when it ends in …)."""
    good_xlsx = xlsx_bytes(GOOD_ROWS)
    return [
        (
            "unknown area code",
            "unknown_area.csv",
            csv_bytes([row(area_code="310117999")]),
            "row 2, area_code: unknown area code 310117999",
        ),
        (
            "another town's area",
            "other_town.csv",
            csv_bytes([row(area_code="310117104")]),
            "row 2, area_code: 310117104 is outside your area (310117102); sijing may only report for 310117102",
        ),
        (
            "another district's town",
            "other_district.csv",
            csv_bytes([row(area_code="310114102", target_id="002-T006", unit="万千瓦")]),
            "row 2, area_code: 310114102 is outside your area (310117102); sijing may only report for 310117102",
        ),
        (
            "malformed area code",
            "bad_area_format.csv",
            csv_bytes([row(area_code="31011710X")]),
            "row 2, area_code: '31011710X' is not a 6-, 9- or 12-digit area code",
        ),
        (
            "unknown target",
            "unknown_target.csv",
            csv_bytes([row(target_id="000-T999")]),
            "row 2, target_id: unknown target '000-T999'",
        ),
        (
            "baseline row, not a target",
            "baseline_target.csv",
            csv_bytes([row(target_id="004-T001")]),
            "row 2, target_id: 004-T001 is a baseline figure of the plan, not a target to report on",
        ),
        (
            "target of another district",
            "target_elsewhere.csv",
            csv_bytes([row(target_id="001-T001", unit="%")]),
            "row 2, target_id: 001-T001 is not among the targets 泗泾镇 (310117102) reports on (its own targets, its "
            "shares, and targets the plan assigns to it)",
        ),
        (
            "district target the town does not owe",
            "not_owed.csv",
            csv_bytes([row(target_id="000-T028", unit="个")]),
            "row 2, target_id: 000-T028 is not among the targets 泗泾镇 (310117102) reports on (its own targets, its "
            "shares, and targets the plan assigns to it)",
        ),
        (
            "non-numeric value",
            "non_numeric.csv",
            csv_bytes([row(value="三点五")]),
            "row 2, value: '三点五' is not a number",
        ),
        ("value 'nan'", "nan_value.csv", csv_bytes([row(value="nan")]), "row 2, value: 'nan' is not a number"),
        (
            "value overflows to infinity",
            "overflow.csv",
            csv_bytes([row(value="1e999")]),
            "row 2, value: '1e999' is not a finite number",
        ),
        (
            "unit not convertible",
            "unit_mismatch.csv",
            csv_bytes([row(unit="万平方米")]),
            "row 2, unit: '万平方米' cannot be converted to the target's unit '千亩'",
        ),
        ("unknown unit", "unknown_unit.csv", csv_bytes([row(unit="furlong")]), "row 2, unit: unknown unit 'furlong'"),
        ("empty unit", "empty_unit.csv", csv_bytes([row(unit="")]), "row 2, unit: empty"),
        (
            "year after the plan period",
            "year_late.csv",
            csv_bytes([row(year=2040)]),
            "row 2, year: 2040 is outside the reporting years 2020–2035 of target 000-T046",
        ),
        (
            "year before the plan period",
            "year_early.csv",
            csv_bytes([row(year=2012)]),
            "row 2, year: 2012 is outside the reporting years 2020–2035 of target 000-T046",
        ),
        (
            "year in words",
            "year_words.csv",
            csv_bytes([row(year="二〇二四年")]),
            "row 2, year: '二〇二四年' is not a year",
        ),
        (
            "duplicate row",
            "duplicate.csv",
            csv_bytes([row(), row(value=4)]),
            "row 3, row: duplicate of row 2 (same target, area and year)",
        ),
        (
            "percentage over 100",
            "percent_over.csv",
            csv_bytes([row(target_id="000-T047", unit="%", value=150)]),
            "row 2, value: 150 % is outside 0–100 %",
        ),
        (
            "negative count",
            "negative_count.csv",
            csv_bytes([row(target_id="000-T049", unit="处", value=-3)]),
            "row 2, value: -3 处 is negative, which is impossible for 每个涉林街镇休闲林地",
        ),
        (
            "negative area in a converted unit",
            "negative_mu.csv",
            csv_bytes([row(unit="亩", value=-20)]),
            "row 2, value: -0.02 千亩 (= -20 亩) is negative, which is impossible for 生态公益林建设面积",
        ),
        (
            "formula in the value cell",
            "formula.xlsx",
            xlsx_bytes([row()], tweak=_set("I2", "=SUM(1,2)")),
            "row 2, value: formula cells are not accepted (=SUM(1,2)); type the number",
        ),
        (
            "formula in the note cell",
            "formula_note.xlsx",
            xlsx_bytes([row()], tweak=_set("J2", '=HYPERLINK("http://x","y")')),
            'row 2, note: formula cells are not accepted (=HYPERLINK("http://x","y")); type the number',
        ),
        (
            "formula text in a CSV",
            "formula.csv",
            csv_bytes([row(value="=1+2")]),
            "row 2, value: formula cells are not accepted (=1+2); type the number",
        ),
        (
            "Excel error value",
            "excel_error.xlsx",
            xlsx_bytes([row()], tweak=_set("I2", "#DIV/0!")),
            "row 2, value: the cell holds the Excel error #DIV/0!",
        ),
        (
            "date in the value cell",
            "date_value.xlsx",
            xlsx_bytes([row(value=datetime(2024, 5, 1))]),
            "row 2, value: a date (2024-05-01) is not a number",
        ),
        (
            "boolean in the value cell",
            "bool_value.xlsx",
            xlsx_bytes([row(value=True)]),
            "row 2, value: True is not a number",
        ),
        (
            "note without a value (partly filled row)",
            "partial_note.csv",
            csv_bytes([row(value="")]),
            "row 2, value: empty",
        ),
        (
            "value without a target (partly filled row)",
            "partial_target.csv",
            csv_bytes([row(target_id="")]),
            "row 2, target_id: empty",
        ),
        (
            "note too long",
            "long_note.csv",
            csv_bytes([row(note="长" * 2001)]),
            "row 2, note: longer than 2000 characters",
        ),
        (
            "control character in the note",
            "control_note.csv",
            csv_bytes([row(note="ok\x07bell")]),
            "row 2, note: contains control characters",
        ),
        (
            "value column missing",
            "missing_column.csv",
            csv_bytes([r[:8] + r[9:] for r in [row()]], headers=HEADERS[:8] + HEADERS[9:]),
            "row 1, value: missing column “数值 value”",
        ),
        (
            "column twice",
            "duplicate_column.csv",
            csv_bytes([row() + [1]], headers=HEADERS + ["value"]),
            "row 1, value: column appears twice",
        ),
        (
            "nothing filled in",
            "unfilled.csv",
            csv_bytes([row(value="", note="")]),
            "file: no figures to store: every value cell is empty",
        ),
        ("empty file", "empty.csv", b"", "file: the file is empty"),
        (
            "over the size limit",
            "huge.csv",
            b"x" * (5 * 1024 * 1024 + 1),
            "size: the file is 5.000001 MB, over the limit of 5 MB",
        ),
        ("wrong file type", "report.pdf", b"%PDF-1.4 ...", "type: .pdf is not an accepted type; upload .xlsx or .csv"),
        (
            "old Excel format",
            "report.xls",
            b"\xd0\xcf\x11\xe0" + b"\0" * 100,
            "type: .xls files are not accepted; save the sheet as .xlsx or .csv",
        ),
        (
            "macro-enabled workbook",
            "report.xlsm",
            good_xlsx,
            "type: .xlsm files are not accepted; save the sheet as .xlsx or .csv",
        ),
        (
            "corrupt .xlsx",
            "corrupt.xlsx",
            good_xlsx[: len(good_xlsx) // 2],
            "file: not a valid .xlsx file (corrupt or another format)",
        ),
        (
            "zip that is no workbook",
            "not_workbook.xlsx",
            _zip({"hello.txt": b"hi"}),
            "file: not a valid .xlsx workbook (no xl/workbook.xml)",
        ),
        (
            ".xlsx renamed to .csv",
            "renamed.csv",
            good_xlsx,
            "file: this is a spreadsheet (.xlsx) named .csv; upload it as .xlsx",
        ),
        (
            "undecodable bytes",
            "latin1.csv",
            csv_bytes([row()])
            + "310117102,,000-T028,,,个,2024,5,café\r\n".encode().replace("é".encode(), b"\xe9,\xff"),
            "encoding: cannot decode the text: use UTF-8 (with or without BOM), GBK/GB18030 or UTF-16",
        ),
        (
            "NUL bytes",
            "binary.csv",
            csv_bytes([row()]) + b"\x00\x01\x02",
            "encoding: contains NUL characters: not a text CSV file",
        ),
        (
            "unterminated quote",
            "bad_quote.csv",
            csv_bytes([row()]) + b'310117102,"unterminated\r\n',
            "row 3, file: malformed CSV (unexpected end of data)",
        ),
    ]
