"""The progress workbook from the area page in a real browser: one click on a district's page downloads it."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from data import years
from data.i18n import t
from layers.exports import stamp

pytestmark = pytest.mark.browser


def test_one_click_on_the_district_page_downloads_the_workbook(page):
    page.goto("/area?area=310117")
    expect(page.get_by_role("heading", name="松江区", level=1)).to_be_visible()
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name=t("wb_download", "zh")).click()
    got = download.value
    assert got.suggested_filename == stamp.workbook_file_name("310117", years.reporting_year(), "zh")
    wb = openpyxl.load_workbook(io.BytesIO(Path(got.path()).read_bytes()))  # a download's path has no suffix
    assert wb.sheetnames == [
        "松江区碳达峰实施方案",
        "上海市碳达峰实施方案",
        t("area_gaps", "zh", year=years.reporting_year()),
        "说明 About",
    ]
    assert any(row[:2] == ("二(一)1", "累计新增光伏装机容量") for row in wb.worksheets[0].iter_rows(values_only=True))
