"""Every text cell of a CSV or XLSX upload gets data/cells.py's formula check (= + - @, or a leading tab or
carriage return), not only CSV cells starting with "="; numbers written as text are not formulas."""

import pytest

from data.reporting import parse_upload
from tests.reporting import corpus

FORMULAS = ["=1+2", "+1+2", "-2+3", "@SUM(1,2)", "\t=1", "-cmd|' /C calc'!A0", "+ 补充说明"]


def _xlsx_text(cell: str, text: str) -> bytes:
    """An .xlsx whose cell holds `text` as a string (as Excel stores '=… typed after an apostrophe)."""

    def tweak(ws):
        ws[cell].value = text
        ws[cell].data_type = "s"

    return corpus.xlsx_bytes([corpus.row()], tweak=tweak)


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_like_text_is_refused_in_csv_and_xlsx_value_and_note(people, text):
    shown = text[:40]
    files = {
        "value.csv": (corpus.csv_bytes([corpus.row(value=text)]), "value"),
        "note.csv": (corpus.csv_bytes([corpus.row(note=text)]), "note"),
        "value.xlsx": (_xlsx_text("I2", text), "value"),
        "note.xlsx": (_xlsx_text("J2", text), "note"),
    }
    for name, (data, field) in files.items():
        preview = parse_upload(name, data, people.sijing)
        assert preview.messages() == [f"row 2, {field}: formula cells are not accepted ({shown}); type the number"], (
            name
        )
        assert not preview.ok


@pytest.mark.parametrize("value,stored", [("+5", 5.0), (" 1.5e1", 15.0), ("-0", 0.0)])
def test_numbers_written_as_text_are_not_formulas(people, value, stored):
    for name, data in {
        "signed.csv": corpus.csv_bytes([corpus.row(value=value)]),
        "signed.xlsx": _xlsx_text("I2", value),
    }.items():
        preview = parse_upload(name, data, people.sijing)
        assert preview.ok, (name, preview.messages())
        assert preview.rows[0].figure.value == stored


def test_a_negative_number_is_checked_as_a_number(people):
    preview = parse_upload("neg.csv", corpus.csv_bytes([corpus.row(value="-3")]), people.sijing)
    assert preview.messages() == [
        "row 2, value: -3 千亩 is negative, which is impossible for 生态公益林建设面积"
    ]  # the figure's rule, not the formula check


def test_columns_that_are_not_read_are_not_checked(people):
    # the template's descriptive columns (area name, indicator, plan target …) are never stored
    rows = [corpus.row(indicator="=HYPERLINK(1)", target="-", owed="@x")]
    assert parse_upload("described.csv", corpus.csv_bytes(rows), people.sijing).ok
