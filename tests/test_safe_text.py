"""Text that is not ours (a link's parameter, a file or user name, a note) reaches Streamlit's Markdown only
through layers/html_safe.md_text / md_message, and is then shown literally: no link, image, HTML, emoji, icon,
colour or block. The real rendering is checked in Chromium (tests/e2e/test_e2e_hostile_links.py); here the
Markdown source is read back as CommonMark reads it, and Streamlit's text-level extras are run over the result."""

import re
import string
from pathlib import Path

import pytest
import streamlit

from data.i18n import t
from layers.html_safe import md_message, md_text

WORD_JOINER = "\u2060"

HOSTILE = [
    "![x](http://127.0.0.1:9/x)",
    "[notice](http://example.invalid/)",
    "[x](javascript:alert(1))",
    "<http://example.invalid/c>",
    "http://example.invalid/a https://example.invalid/b HTTP://EXAMPLE.INVALID",
    "www.example.invalid WWW.example.invalid",
    "write to me@example.invalid or mailto:me@example.invalid",
    '<img src=http://127.0.0.1:9/y onerror="alert(1)"><script>alert(2)</script>',
    "&lt;b&gt; &amp; &#60;i&#62; &#x3C;",
    ":smile: :+1: :material/home: :streamlit:",
    ":red[red] :blue-background[bg] :rainbow[r] :small[s] :gray-badge[b]",
    "# heading\n## h2\n- item\n+ item\n* item\n1. one\n2) two\n> quote\n---\n===",
    "| a | b |\n|---|---|\n| c | d |",
    "    indented code\n\tand a tab",
    "```\nfenced\n```",
    "$x^2$ $$y$$ \\(z\\)",
    "**bold** __b__ *it* _it_ ~~s~~ `code`",
    "[ref]: http://example.invalid/r\n[ref] [^1]\n[^1]: note",
    "trailing backslash \\",
    "line  \nbreak\r\nwindows\rmac\u2028sep\x85nel",
    "nul\x00 and bell\x07",
    '=HYPERLINK("http://example.invalid","x")',
    "未找到 [区域](http://example.invalid/) ![图](http://127.0.0.1:9/i) 松江区 310117",
]

# The text-level extras of Streamlit 1.67's Markdown, copied from its front end (see the next test): GFM's bare
# links and e-mail addresses (mdast-util-gfm-autolink-literal), :emoji: shortcodes (remark-emoji), and
# Streamlit's :material/…: icons and :colour[…] directives. Python's \w is wider than JavaScript's: stricter.
TEXT_EXTRAS = {
    "bare link": re.compile(r"(https?://|www(?=\.))", re.IGNORECASE),
    "e-mail": re.compile(r"[-.\w+]+@[-\w]+(?:\.[-\w]+)+"),
    "emoji": re.compile(r":\+1:|:-1:|:[\w-]+:"),
    "icon": re.compile(r":material/"),
    "directive": re.compile(r":[a-z][\w-]*\["),
}


def read_back(markdown: str) -> str:
    """The text CommonMark shows for `markdown`, if every ASCII punctuation character in it is backslash-escaped
    (then no construct can start: no link, image, emphasis, heading, list, table, HTML or entity)."""
    out, i = [], 0
    while i < len(markdown):
        ch = markdown[i]
        if ch == "\\":
            assert i + 1 < len(markdown) and markdown[i + 1] in string.punctuation, (markdown, i)
            out.append(markdown[i + 1])
            i += 2
            continue
        assert ch not in string.punctuation, f"unescaped {ch!r} at {i} in {markdown!r}"
        out.append(ch)
        i += 1
    return "".join(out)


def one_line(text: str) -> str:
    """What md_text keeps of the text's spacing: controls and line breaks are one space, ends trimmed."""
    return re.sub(r"[\x00-\x20\x7f\x85\u2028\u2029]+", " ", text).strip()


@pytest.mark.parametrize("text", HOSTILE)
def test_md_text_shows_any_text_literally_on_one_line(text):
    md = md_text(text)
    assert not re.search(r"[\r\n\x00-\x1f\x85\u2028\u2029]", md)  # one line: no heading, list, table or code
    assert not md.startswith(" ")
    shown = read_back(md)
    assert shown.replace(WORD_JOINER, "") == one_line(text)
    for name, pattern in TEXT_EXTRAS.items():
        assert not pattern.search(shown), (name, shown)


def test_the_hostile_text_would_trigger_every_extra_unescaped():
    """The patterns are live: without md_text, the hostile texts do trigger each extra."""
    raw = " ".join(HOSTILE)
    assert all(pattern.search(raw) for pattern in TEXT_EXTRAS.values())


def test_streamlit_markdown_still_has_the_extras_md_text_breaks():
    """md_text knows Streamlit's text-level extras; a Streamlit upgrade that changes them must be looked at."""
    js = Path(streamlit.__file__).parent / "static" / "static" / "js"
    markdown = "".join(p.read_text(encoding="utf-8") for p in js.glob("StreamlitMarkdown.*.js"))
    emoji = "".join(p.read_text(encoding="utf-8") for p in js.glob("remark-emoji.*.js"))
    assert r"/(https?:\/\/|www(?=\.))([-.\w]+)([^ \t\r\n]*)/gi" in markdown
    assert r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)/gu" in markdown
    assert "replaceAll(`:material/`,`:material_`)" in markdown
    assert r"/:\+1:|:-1:|:[\w-]+:/g" in emoji


def test_plain_text_is_unchanged_but_for_escapes():
    assert md_text("车墩镇 310117104") == "车墩镇 310117104"
    assert md_text("songjiang_towns.geojson") == "songjiang\\_towns\\.geojson"
    assert md_text(None) == ""


def test_md_message_keeps_the_string_table_and_numbers_and_escapes_text():
    hostile = "[notice](http://example.invalid/)"
    md = md_message("boundary_revert", "en", id=3, kind="import", file=hostile, n=12)
    assert md == t("boundary_revert", "en", id=3, kind="import", file=md_text(hostile), n=12)
    assert "#3" in md and "12 units" in md and "](" not in md
    assert md_message("tx_about_rows", "en", n=1234) == t("tx_about_rows", "en", n=1234)


# --- the pages: hostile link parameters, file and user names (AppTest) -------------------------------------------

HOSTILE_VALUES = ["²", "٢٠٢٥", "２０２５", "9" * 5000, "-1", "2025.5", "1e309", "x" * 10_000, "a\x00b", HOSTILE[0]]
# page: the link parameters it reads and checks (targets' q is free text: any value is a search)
PAGE_PARAMS = {
    "pages/map.py": ["j", "layers", "year", "area", "ind", "towns", "gaps", "lang"],
    "pages/area.py": ["year", "lang"],
    "pages/targets.py": ["plan", "sector", "year", "area", "resp", "kind", "ind", "lang"],
    "pages/present.py": ["lang"],
    "pages/report.py": ["lang"],
}
FREE = {"pages/area.py": {"area": "310117"}, "pages/targets.py": {"q": None}}


def page_run(page: str, query: dict):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import REPO

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params.update(query)
    at.switch_page(page).run()  # straight to the page: the map would rewrite the link's parameters first
    return at


@pytest.mark.apptest
@pytest.mark.parametrize("page", PAGE_PARAMS)
@pytest.mark.parametrize("value", HOSTILE_VALUES + [""], ids=lambda v: repr(v[:12]) + f"({len(v)})")
def test_a_hostile_link_parameter_gets_a_notice_never_a_traceback(page, value):
    from pages.ui.state import clipped

    params = dict.fromkeys(PAGE_PARAMS[page], value)
    params |= {k: (value if v is None else v) for k, v in FREE.get(page, {}).items()}
    at = page_run(page, params)
    assert not at.exception, at.exception
    notices = [w.value for w in at.warning if w.value.startswith(t("bad_link_param", "zh", name="", value="")[:5])]
    if value:  # (an empty value may be meaningful: no layers, no search)
        expected = [md_message("bad_link_param", "zh", name=n, value=clipped(value)) for n in PAGE_PARAMS[page]]
        assert sorted(notices) == sorted(expected)
        assert all(len(n) < 400 for n in notices)  # a 10,000-character value is clipped


@pytest.mark.apptest
@pytest.mark.parametrize("value", [HOSTILE[0], HOSTILE[1], "9" * 5000, "a\x00b"])
def test_an_unknown_area_or_view_is_said_literally(value):
    from pages.ui.state import clipped

    area = page_run("pages/area.py", {"area": value})
    assert not area.exception and [e.value for e in area.error] == [md_message("area_not_found", "zh", code=value)]
    present = page_run("pages/present.py", {"view": value})
    assert not present.exception
    assert [e.value for e in present.error] == [md_message("present_unknown_view", "zh", view=clipped(value))]
    assert md_text(value) in area.error[0].value and md_text(clipped(value)) in present.error[0].value


HOSTILE_FILE = "[n](javascript:alert(1)) :red[r] **b** <i> www.example.invalid @me.geojson"  # ("!" GDAL refuses)
HOSTILE_USER = "[bob](http://example.invalid/) :smile: <b>"


@pytest.mark.apptest
def test_a_hostile_file_name_and_user_name_are_shown_literally(tmp_path):
    from data import reporting as r
    from geo import importer
    from tests import boundary_files as bf
    from tests.test_page_report import PASSWORD, logged_in

    with r.open_session(r.open_engine()) as s:
        r.add_user(s, r.local_operator("test"), "boss", "admin", PASSWORD)
    data = bf.write_geojson(bf.songjiang_towns(), tmp_path / "towns.geojson").read_bytes()
    importer.import_upload(HOSTILE_FILE, data, "town")
    at = logged_in("boss")
    labels = [b.label for b in at.button if b.key == "revert_1"]
    kind = t("boundary_kind_import", "zh")
    assert labels == [md_message("boundary_revert", "zh", id=1, kind=kind, file=HOSTILE_FILE, n=20)]
    assert md_text(HOSTILE_FILE) in labels[0]  # shown literally (see the tests above)

    form = {i.label: i for i in at.text_input}
    form[t("username", "zh")].input(HOSTILE_USER)
    form[t("password", "zh")].input(PASSWORD)
    [s for s in at.selectbox if s.label == t("role", "zh")][0].set_value("viewer")
    [b for b in at.button if b.label == t("add_user", "zh")][0].click().run()
    assert not at.exception, at.exception
    said = [s.value for s in at.success]
    assert said == [md_message("user_added", "zh", name=HOSTILE_USER)]
    assert md_text(HOSTILE_USER) in said[0]
