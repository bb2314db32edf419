"""layers/explorer.py: filters, search, comparison across jurisdictions, display frame and exports."""

import io

import openpyxl
import pandas as pd
import pytest

from data.i18n import t
from data.plan_data import load_plans, load_targets
from layers import explorer as ex


@pytest.fixture(scope="module")
def df():
    return ex.targets_frame()


def test_frame_keeps_every_target_with_its_plan(df):
    assert len(df) == len(load_targets())
    assert df["plan_title"].notna().all() and df["jurisdiction_name"].notna().all()
    assert set(df.loc[df.plan_id == "002", "jurisdiction_name"]) == {"上海市"}


def test_no_filter_returns_everything(df):
    assert len(ex.filter_targets(df)) == len(df)
    assert len(ex.filter_targets(df, plans=[], sectors=None, query="  ")) == len(df)


def test_structured_filters(df):
    got = ex.filter_targets(df, plans=["000"], kinds=["target"])
    assert len(got) == ((df.plan_id == "000") & (df.kind == "target")).sum() > 0
    assert set(got.plan_id) == {"000"} and set(got.kind) == {"target"}

    energy = ex.filter_targets(df, sectors=["energy", "transport"])
    assert set(energy.sector) == {"energy", "transport"}

    y2030 = ex.filter_targets(df, years=[2030])
    assert len(y2030) > 0 and set(y2030.target_year) == {2030}
    # years as strings (URL form), and "none" for rows without a year
    assert len(ex.filter_targets(df, years=["2030"])) == len(y2030)
    no_year = ex.filter_targets(df, years=["none"])
    assert len(no_year) == df.target_year.isna().sum() > 0
    assert len(ex.filter_targets(df, years=["2030", "none"])) == len(y2030) + len(no_year)

    by_name = ex.filter_targets(df, areas=["松江新城"])
    assert len(by_name) > 0 and set(by_name.area_name) == {"松江新城"}
    by_code = ex.filter_targets(df, areas=["310117"])
    assert set(by_code.area_code) == {"310117"} and len(by_code) >= len(df[df.area_name == "松江区"])


def test_responsible_filter_matches_any_named_unit(df):
    got = ex.filter_targets(df, responsible=["区经委"])
    assert len(got) > 0
    assert all("区经委" in r for r in got.responsible)
    both = ex.filter_targets(df, responsible=["区经委", "区绿化市容局"])
    assert len(both) >= len(got)


def test_search_is_a_substring_search_over_text_fields(df):
    pv = ex.filter_targets(df, query="光伏")
    assert len(pv) > 5
    assert all("光伏" in (r.indicator_zh + r.excerpt) for r in pv.itertuples())
    # responsible units and area names are searched too
    assert len(ex.filter_targets(df, query="区经委")) == len(ex.filter_targets(df, responsible=["区经委"]))
    assert "跳马镇" in set(ex.filter_targets(df, query="跳马镇").area_name)
    # English indicators, case-insensitive
    assert len(ex.filter_targets(df, query="pv")) > 0
    assert ex.filter_targets(df, query="nothing-like-this-存在吗").empty


def test_search_traditional_and_full_width_input(df):
    simplified = ex.filter_targets(df, query="充电桩")
    assert len(simplified) >= 5
    assert list(ex.filter_targets(df, query="充電樁").id) == list(simplified.id)
    assert list(ex.filter_targets(df, query="光伏").id) == list(ex.filter_targets(df, query="光伏").id)
    assert list(ex.filter_targets(df, query="森林覆蓋率").id) == list(ex.filter_targets(df, query="森林覆盖率").id)
    assert list(ex.filter_targets(df, query="ＰＵＥ").id) == list(ex.filter_targets(df, query="PUE").id)


def test_search_terms_are_anded(df):
    pv = set(ex.filter_targets(df, query="光伏").id)
    jd = set(ex.filter_targets(df, query="嘉定").id)
    both = ex.filter_targets(df, query="光伏 嘉定")
    assert set(both.id) == pv & jd and 0 < len(both) < len(pv)
    # full-width space and 、 separate terms too
    assert set(ex.filter_targets(df, query="光伏\u3000嘉定").id) == set(both.id)
    assert set(ex.filter_targets(df, query="光伏、嘉定").id) == set(both.id)
    # search combines with the filters
    assert set(ex.filter_targets(df, plans=["001"], query="光伏").id) == set(both.id)


def test_filter_options_cover_the_data(df):
    opts = ex.filter_options(df)
    assert opts["plans"] == sorted(load_plans().index)
    assert opts["years"][-1] == "none" and "2025" in opts["years"]
    assert "区经委" in opts["responsible"]
    assert set(opts["kinds"]) == {"target", "baseline"}
    for year in opts["years"]:
        assert len(ex.filter_targets(df, years=[year])) > 0


@pytest.fixture(scope="module")
def keyed(df):
    """Targets with a hand-made indicator_key: every EV-charger count is 'ev_chargers'."""
    d = df.drop(columns=["indicator_key"], errors="ignore").copy()
    d["indicator_key"] = [
        "ev_chargers" if "充电桩" in z and u in ("个", "根", "万个") else "" for z, u in zip(d.indicator_zh, d.unit)
    ]
    return d


def test_compare_indicator_side_by_side(keyed):
    cmp = ex.compare_indicator(keyed, "ev_chargers")
    assert len(cmp) == (keyed.indicator_key == "ev_chargers").sum() >= 4
    assert cmp["jurisdiction_name"].nunique() >= 4
    for col in (
        "plan_title",
        "jurisdiction_name",
        "area_name",
        "comparator",
        "value",
        "unit",
        "canonical_value",
        "canonical_unit",
        "target_year",
        "section",
        "excerpt",
    ):
        assert col in cmp.columns
    assert set(cmp.canonical_unit) == {"count"}
    sh = cmp[cmp.jurisdiction_name == "上海市"].iloc[0]
    assert sh.unit == "万个" and sh.canonical_value == pytest.approx(200000)
    assert ex.compare_indicator(keyed, "no_such_key").empty

    chart, unit, left_out = ex.compare_chart_frame(cmp, "zh")
    assert unit == "count" and left_out == 0 and len(chart) == len(cmp)
    assert any("上海市" in label for label in chart.label)

    shown = ex.compare_display(keyed, "ev_chargers", "en")
    assert t("tx_col_jurisdiction", "en") in shown.columns and len(shown) == len(cmp)


def test_indicator_keys_order_by_spread(keyed):
    keys = ex.indicator_keys(keyed)
    assert keys[0] == "ev_chargers"


def test_display_frame_localized_and_traceable(df):
    zh = ex.display_frame(df, "zh")
    en = ex.display_frame(df, "en")
    assert len(zh) == len(en) == len(df)
    for key in ("plan", "section", "excerpt", "responsible", "indicator"):
        assert t(key, "zh") in zh.columns and t(key, "en") in en.columns
    row = en[en[t("tx_col_id", "en")] == "000-T002"].iloc[0]
    assert row[t("plan", "en")].startswith("Songjiang")
    assert row[t("indicator", "en")] == "Cumulative new PV capacity"
    assert row[t("responsible", "en")].startswith("区发展改革委、区经委")
    first = zh[zh[t("tx_col_id", "zh")] == "000-T001"].iloc[0]
    assert first[t("responsible", "zh")] == t("responsible_none", "zh")
    assert first[t("tx_col_target_year", "zh")] == 2025


def test_the_grid_shows_a_missing_year_as_a_dash_not_none(df):
    grid = ex.grid_frame(df, "zh")
    years = grid[[t("tx_col_base_year", "zh"), t("tx_col_target_year", "zh")]]
    assert not years.isna().any().any()
    assert (years == "–").sum().sum() == df["target_year"].isna().sum() + df["base_year"].isna().sum() > 0
    assert grid[grid[t("tx_col_id", "zh")] == "000-T001"].iloc[0][t("tx_col_target_year", "zh")] == "2025"


def test_csv_has_bom_and_all_rows(df):
    rows = ex.filter_targets(df, query="光伏")
    data = ex.to_csv_bytes(rows)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str)
    assert len(back) == len(rows)
    assert t("excerpt", "zh") in back.columns and t("tx_col_source_file", "zh") in back.columns
    assert any("、" in v for v in back[t("responsible", "zh")].dropna())


def test_excel_workbook(df):
    rows = ex.filter_targets(df, plans=["000", "003"])
    wb = openpyxl.load_workbook(io.BytesIO(ex.to_excel_bytes(rows, "zh")))
    assert wb.sheetnames == ["目标 Targets", "说明 About"]
    ws = wb["目标 Targets"]
    assert ws.max_row == len(rows) + 1
    header = [c.value for c in ws[1]]
    for key in ("plan", "section", "excerpt", "responsible", "tx_col_source_file"):
        assert t(key, "zh") in header
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    excerpt_letter = ws.cell(row=1, column=header.index(t("excerpt", "zh")) + 1).column_letter
    assert ws.column_dimensions[excerpt_letter].width >= 30
    resp_col = header.index(t("responsible", "zh")) + 1
    resp = [ws.cell(row=r, column=resp_col).value for r in range(2, ws.max_row + 1)]
    assert any(v and "、" in v for v in resp) and not any(v and ";" in v for v in resp)

    about = wb["说明 About"]
    text = "\n".join(str(c.value) for row in about.iter_rows() for c in row if c.value is not None)
    for p in load_plans().itertuples():
        assert p.source_file in text
    assert t("tx_about_words", "zh") in text and t("tx_about_words", "en") in text


def test_excel_english_headers(df):
    wb = openpyxl.load_workbook(io.BytesIO(ex.to_excel_bytes(df.head(3), "en")))
    ws = wb.worksheets[0]
    assert ws.max_row == 4
    assert t("excerpt", "en") in [c.value for c in ws[1]]


def test_real_indicator_keys_compare_across_jurisdictions(df):
    """With data/indicators.py: EV chargers built appear for several jurisdictions in one canonical unit."""
    assert "indicator_key" in df.columns
    keys = ex.indicator_keys(df)
    assert "ev_chargers_built" in keys
    cmp = ex.compare_indicator(df, "ev_chargers_built")
    assert cmp["jurisdiction_name"].nunique() >= 3
    assert cmp["canonical_unit"].nunique() == 1
    assert ex.indicator_label("ev_chargers_built", "en") == "EV chargers built"
    # compare_indicator adds keys itself when given plain targets
    assert len(ex.compare_indicator(load_targets(), "ev_chargers_built")) == len(cmp)
