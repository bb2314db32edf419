"""Streamlit's own words in the page's language (layers/streamlit_words.py, pages/ui/file_picker.py): the file
uploaders of a town editor, the plan ingest and the boundary import show the string table's button ("选择文件"),
the app's own size limit and no Streamlit English ("Upload", "200MB per file"); a file of the wrong type or a
little over the limit is refused in the user's language, not with an English tooltip on a red icon. What screen
readers read is relabelled (the password eye, the help icon, the uploader's button, a layer tag's remove
button), the skip link reads Chinese, "Press Enter to apply" does not show, the datum select names datums in
words and the ingest page's selects have no English placeholder; the maps' zoom buttons, the map frame's language
and the national map's frame title are the reader's."""

from __future__ import annotations

import pytest
from e2e_support import MAP_IFRAME, map_frame, start_app, visit
from playwright.sync_api import expect

from data import reporting as r
from data.i18n import t
from data.reporting.db import DB_FILE
from layers import families

pytestmark = pytest.mark.browser

PASSWORD = "correct horse 42"
DROPZONE = '[data-testid="stFileUploaderDropzone"]'
# what the uploader shows: the button's word (its ::after), whether Streamlit's own word and its size line show
WORDS_JS = """(zone) => {
  const p = zone.querySelector('[data-testid="stBaseButton-secondary"] p');
  const hint = zone.querySelector('[data-testid="stFileUploaderDropzoneInstructions"]');
  return {button: getComputedStyle(p, '::after').content, own: getComputedStyle(p).fontSize,
          hint: hint ? hint.offsetHeight : 0};
}"""
# a file dragged over the dropzone: the overlay Streamlit shows then, and what it reads
DRAG_JS = """(zone) => {
  const data = new DataTransfer();
  data.items.add(new File(['x'], 'plan.txt', {type: 'text/plain'}));
  zone.dispatchEvent(new DragEvent('dragenter', {dataTransfer: data, bubbles: true}));
}"""
OVERLAY_JS = """(zone) => {
  const overlay = zone.querySelector(':scope > input + div:not(:has([data-testid]))');
  return overlay ? getComputedStyle(overlay, '::after').content : null;
}"""


@pytest.fixture(scope="module")
def server(browser, tmp_path_factory):
    """The app on a store of its own with 车墩镇's editor and an admin."""
    tmp = tmp_path_factory.mktemp("e2e-uploader")
    engine = r.open_engine(f"sqlite:///{tmp / 'data' / DB_FILE}")
    with r.open_session(engine) as s:
        op = r.local_operator("e2e")
        r.add_user(s, op, "chedun", "town_editor", PASSWORD, "310117104")
        r.add_user(s, op, "boss", "admin", PASSWORD)
    engine.dispose()
    app = start_app(tmp / "data", tmp / "streamlit.log")
    yield app
    app.stop()


def login(page, path: str, name: str, lang: str = "zh") -> None:
    page.goto(path + ("?lang=en" if lang == "en" else ""))
    if lang == "zh":
        expect(page.get_by_role("button", name=t("sw_show_password", "zh"))).to_be_visible()
    page.get_by_label(t("username", lang), exact=True).fill(name)
    page.get_by_label(t("password", lang), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=t("login", lang)).click()
    expect(page.get_by_test_id("stSidebar").get_by_text(name)).to_be_visible()


def assert_speaks(page, lang: str, limit_mb: str) -> None:
    zone = page.locator(DROPZONE).first
    expect(zone).to_be_visible()
    expect(page.get_by_text(t("upload_limit", lang, mb=limit_mb), exact=True)).to_be_visible()
    words = zone.evaluate(WORDS_JS)
    assert words == {"button": f'"{t("upload_choose", lang)}"', "own": "0px", "hint": 0}, words
    expect(zone.get_by_test_id("stBaseButton-secondary")).to_have_accessible_name(t("upload_choose", lang))
    assert "200MB" not in page.locator("body").inner_text()  # Streamlit's own limit line


def test_town_upload_in_chinese_refuses_in_chinese(browser, server, tmp_path):
    with visit(browser, server, "uploader_town_zh") as page:
        login(page, "/report", "chedun")
        page.get_by_role("tab", name=t("tab_upload", "zh")).click()
        assert_speaks(page, "zh", "5")
        zone = page.locator(DROPZONE).first
        zone.evaluate(DRAG_JS)
        assert zone.evaluate(OVERLAY_JS) == f'"{t("upload_drop", "zh")}"'

        pdf = tmp_path / "进展.pdf"
        pdf.write_bytes(b"%PDF-1.4 not a template")
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(pdf))
        expect(page.get_by_text(t("err_file_type", "zh", ext=".pdf"))).to_be_visible()
        expect(page.get_by_test_id("stFileChipIconError")).to_have_count(0)  # the browser did not refuse it

        big = tmp_path / "big.csv"  # 6 MB: over the app's 5 MB, under what the browser lets through
        big.write_bytes(b"x" * (6 * 2**20))
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(big))
        expect(page.get_by_text(t("err_upload_size", "zh", size="6", mb="5"))).to_be_visible()


def test_town_upload_in_english(browser, server):
    with visit(browser, server, "uploader_town_en") as page:
        login(page, "/report", "chedun", "en")
        page.get_by_role("tab", name=t("tab_upload", "en")).click()
        assert_speaks(page, "en", "5")


def test_admin_uploaders_in_chinese(browser, server, tmp_path):
    with visit(browser, server, "uploader_admin_zh") as page:
        login(page, "/ingest", "boss")
        assert_speaks(page, "zh", "20")
        old = tmp_path / "方案.doc"
        old.write_bytes(b"\xd0\xcf\x11\xe0 an old Word file")
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(old))
        page.get_by_label(t("ingest_where_search", "zh"), exact=True).fill("松江")
        page.get_by_label(t("ingest_where_search", "zh"), exact=True).press("Enter")
        page.get_by_role("button", name=t("ingest_run", "zh")).click()
        expect(page.get_by_text(t("ingest_file_type", "zh", name="方案.doc"))).to_be_visible()

        for select in page.get_by_role("combobox").all():  # none of the page's selects offers English
            assert select.get_attribute("placeholder") in (None, t("choose_placeholder", "zh"))

        page.goto("/report")
        page.get_by_role("tab", name=t("tab_boundaries", "zh")).click()
        assert_speaks(page, "zh", "50")
        expect(page.get_by_role("combobox", name=t("boundary_datum", "zh"))).to_have_value(t("datum_auto", "zh"))


def test_what_is_read_and_typed_on_a_chinese_page(page):
    page.goto("/targets")
    search = page.get_by_role("textbox", name=t("tx_search", "zh"), exact=True)
    search.fill("光伏")
    expect(page.get_by_test_id("InputInstructions")).to_have_count(1)  # Streamlit's hint is there…
    expect(page.get_by_text("Press Enter")).to_be_hidden()  # …and not shown
    expect(page.get_by_role("button", name=t("sw_help_for", "zh", name=t("tx_search", "zh")))).to_be_visible()
    page.keyboard.press("Escape")
    page.locator("body").focus()
    skip = page.get_by_role("link", name=t("sw_skip", "zh"))
    expect(skip).to_have_count(1)
    assert "Skip to main content" not in page.locator("body").inner_text()

    page.goto("/?j=all")
    tag = families.BY_KEY["hydrogen"].label("zh")
    expect(page.get_by_role("button", name=t("sw_remove", "zh", name=tag))).to_be_visible()
    frame = map_frame(page)  # Leaflet's and the component's page's own English
    expect(frame.locator(".leaflet-control-zoom-in")).to_have_attribute("title", t("zoom_in", "zh"))
    expect(frame.locator(".leaflet-control-zoom-out")).to_have_accessible_name(t("zoom_out", "zh"))
    assert frame.evaluate("document.documentElement.lang") == "zh-CN"

    page.goto("/national")
    expect(page.locator(MAP_IFRAME)).to_have_attribute("title", t("national_frame_title", "zh"))
