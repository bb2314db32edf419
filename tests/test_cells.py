import pandas as pd
import pytest

from data import cells


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+cmd|' /C calc'!A0", "-2+3+cmd", "@SUM(A1)", ' =HYPERLINK("http://x")', "\t=1", "\rfoo", "-", "+"],
)
def test_formula_text_is_caught_and_neutralised(text):
    assert cells.is_formula(text)
    assert cells.neutral(text) == "'" + text and not cells.is_formula(cells.neutral(text))


@pytest.mark.parametrize("value", ["-3", "+1.5e3", " -0.25", "车墩镇", "a=b", "", None, -3, 2.5, "1-2"])
def test_numbers_and_plain_text_pass_unchanged(value):
    assert not cells.is_formula(value)
    assert cells.neutral(value) == value


def test_a_frame_is_neutralised_cell_by_cell_and_in_its_headers():
    frame = pd.DataFrame({"note": ["=cmd", "ok"], "value": [-3.0, 1.0], "=h": ["@x", "-1"]})
    out = cells.neutral_frame(frame)
    assert out["note"].tolist() == ["'=cmd", "ok"] and out["value"].tolist() == [-3.0, 1.0]
    assert list(out.columns) == ["note", "value", "'=h"] and out["'=h"].tolist() == ["'@x", "-1"]
    assert frame["note"][0] == "=cmd"  # the input is left as it was
