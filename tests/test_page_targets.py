"""pages/targets.py through Streamlit's AppTest: the whole app (st.navigation) and the page on its own."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data.i18n import t
from data.plan_data import load_targets
from layers import explorer as ex

pytestmark = pytest.mark.apptest  # Streamlit's AppTest: the pages run headless

REPO = Path(__file__).resolve().parent.parent
TIMEOUT = 60
N = len(load_targets())


def page_alone(**query) -> AppTest:
    at = AppTest.from_file(str(REPO / "pages" / "targets.py"), default_timeout=TIMEOUT)
    at.query_params.update(query)
    return at.run()


def results_table(at: AppTest):
    """The first dataframe on the page is the filtered results table."""
    assert not at.exception, at.exception
    return at.dataframe[0].value


def test_full_app_navigates_to_targets_page():
    """The documented way for st.navigation apps: run the entry point, then switch_page + run."""
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    at.switch_page("pages/targets.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == t("tx_title", "zh")
    assert len(results_table(at)) == N
    at.text_input(key="tx_q").input("充电桩").run()
    assert 0 < len(results_table(at)) < N


def test_table_renders_all_rows_in_chinese():
    at = page_alone()
    table = results_table(at)
    assert len(table) == N
    for key in ("plan", "section", "excerpt", "responsible"):
        assert t(key, "zh") in table.columns
    assert t("tx_count", "zh", n=N, total=N) in [m.value.strip("*") for m in at.markdown]
    assert at.text_input(key="tx_q").placeholder == t("tx_search_placeholder", "zh")


def test_search_reduces_rows_and_goes_into_the_url():
    at = page_alone()
    at.text_input(key="tx_q").input("光伏").run()
    pv = results_table(at)
    assert 0 < len(pv) < N
    assert at.query_params.get("q") == "光伏"
    at.text_input(key="tx_q").input("光伏 嘉定").run()
    assert 0 < len(results_table(at)) < len(pv)


def test_shared_link_restores_search_and_filters():
    at = page_alone(q="充電樁", plan=["000", "002"])
    table = results_table(at)
    expected = ex.filter_targets(ex.targets_frame(), plans=["000", "002"], query="充电桩")
    assert len(table) == len(expected) > 0
    assert at.text_input(key="tx_q").value == "充電樁"
    assert at.multiselect(key="tx_f_plan").value == ["000", "002"]


def test_sidebar_filter_narrows_rows_and_updates_url():
    at = page_alone()
    at.multiselect(key="tx_f_kind").select("baseline").run()
    table = results_table(at)
    assert len(table) == (load_targets().kind == "baseline").sum()
    assert set(table[t("tx_col_kind", "zh")]) == {t("baseline", "zh")}
    assert at.query_params.get("kind") == "baseline"


def test_english_mode_shows_english_headers():
    at = page_alone(lang="en")
    table = results_table(at)
    assert len(table) == N
    for key in ("plan", "section", "excerpt", "responsible", "tx_col_target_year"):
        assert t(key, "en") in table.columns
        assert t(key, "zh") not in table.columns
    assert at.title[0].value == t("tx_title", "en")


def test_download_buttons_exist():
    at = page_alone()
    labels = [b.proto.label for b in at.get("download_button")]
    assert t("tx_download_excel", "zh") in labels and t("tx_download_csv", "zh") in labels


def test_compare_section_table_and_chart():
    at = page_alone(ind="ev_chargers_built")
    assert at.selectbox(key="tx_ind").value == "ev_chargers_built"
    compare = at.dataframe[1].value
    assert compare[t("tx_col_jurisdiction", "zh")].nunique() >= 3
    assert at.get("vega_lite_chart"), "bar chart of canonical values"


@pytest.mark.parametrize("query", ["", "森林"])
def test_empty_and_nonempty_searches_have_no_exception(query):
    at = page_alone(q=query)
    assert not at.exception
