"""Escaping for text that reaches HTML or Streamlit's Markdown.

folium puts popup and tooltip HTML inside JavaScript template literals (`...`) and GeoJSON tooltips set
innerHTML, so text must be safe in both: HTML-escaped, and with the characters that mean something in a
template literal (backtick, dollar, backslash) written as entities (esc). Text that is not ours and reaches
Streamlit's Markdown (messages, captions, widget labels, help) goes through md_text or md_message."""

from __future__ import annotations

import html
import json
import numbers
import re

from data.i18n import t

_JS_TEMPLATE = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})


def script_json(value, compact: bool = False) -> str:
    """JSON to write inside a <script> element: no "</" can end it, no line separator can break it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":") if compact else None)
    return text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True).translate(_JS_TEMPLATE)


def safe_markup(markup: str) -> str:
    """Markup we built ourselves from esc()'d parts: only the template-literal characters need care."""
    return markup.translate(_JS_TEMPLATE)


# Streamlit's Markdown (st.markdown, st.error, widget labels, help tooltips, st.toast …) is CommonMark + GFM
# plus text-level extras. Every ASCII punctuation character can be escaped with a backslash, which stops every
# Markdown construct (links, images, emphasis, headings, lists, tables, HTML, entities, :color[…] directives,
# $maths$, Streamlit's :material/…: icons). Three extras act on the text after the escapes are read, so they
# are broken with an invisible WORD JOINER instead: GFM's bare links (http://, www.) and e-mail addresses, and
# :emoji: shortcodes. Line breaks would start new blocks (a heading, a list, indented code): text is one line.
_MD_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
_WORD_JOINER = "\u2060"
_AFTER_ESCAPES = re.compile(r"(?<=[:@])|(?<=[wW]{3})(?=\\\.)")
_BLANKS = re.compile(r"[\x00-\x20\x7f\x85\u2028\u2029]+")  # controls and line breaks; CJK spaces stay


def md_text(text) -> str:
    """Any text that is not ours (a URL parameter, a file or user name, a note, anything stored) as Streamlit
    Markdown that shows it literally, on one line: no link, image, HTML, emoji, icon, colour or block."""
    s = _BLANKS.sub(" ", "" if text is None else str(text)).strip()
    return _AFTER_ESCAPES.sub(_WORD_JOINER, _MD_PUNCT.sub(r"\\\1", s))


def md_message(key: str, lang: str, **params) -> str:
    """A string-table message for Streamlit's Markdown: the table's own text as written, every parameter that is
    not a number (a name, a code, a file, anything from a link or the store) shown literally by md_text."""
    return t(key, lang, **{k: v if isinstance(v, numbers.Number) else md_text(v) for k, v in params.items()})
