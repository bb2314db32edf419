"""Streamlit's own words in the reader's language. Its widgets carry English the app cannot pass in: the file
uploader's "Upload" and size line, a text box's "Press Enter to apply", and labels screen readers read (the
password eye, the help icons, the skip link, a tag's remove button …). The stylesheet rules (`css`) replace or hide
what shows; the script (`script`, in the pages' script file) relabels what is read and the few words Streamlit
writes as text, from the string table, by the document's language (set each run by styles.lang_script). The
English of each sw_ entry is Streamlit's exact word (streamlit 1.67), so it is what the script looks for; an
unknown word is left as it is."""

from __future__ import annotations

from data.i18n import LANGS, t
from layers.html_safe import script_json

_UPLOAD_BUTTON = "[data-testid='stFileUploaderDropzone'] [data-testid='stBaseButton-secondary'] p"
# what shows while a file is dragged over the dropzone: the one child after the input without a widget inside
_UPLOAD_DRAG = "[data-testid='stFileUploaderDropzone'] > input + div:not(:has([data-testid]))"

# String-table keys whose English is Streamlit's exact word: an aria-label it sets, a label that starts with the
# words before {name} ("Help for 搜索", "Remove 湿地"), a text it writes.
_LABELS = (
    "sw_show_password",
    "sw_hide_password",
    "sw_add_files",
    "sw_file_upload",
    "sw_open",
    "sw_dismiss",
    "sw_sidebar",
    "sw_app_pages",
    "sw_collapse_sidebar",
    "sw_expand_sidebar",
    "sw_link_to_heading",
    "sw_decrement",
    "sw_increment",
    "sw_clear_value",
    "sw_copy",
    "sw_download_csv",
    "sw_search",
    "sw_fullscreen",
    "sw_columns",
    "sw_selected_values",
    "sw_running",
)
_PREFIXES = ("sw_help_for", "sw_remove")
_TEXTS = ("sw_skip", "sw_select_all", "sw_clear_all", "sw_no_results")


def css_string(text: str) -> str:
    """A CSS string literal of any text (quotes, backslashes and control characters as CSS escapes)."""
    return '"' + "".join(f"\\{ord(c):x} " if c in '"\\' or ord(c) < 32 else c for c in text) + '"'


def css() -> str:
    """The uploader's words give way to the string table's (its size and type line is hidden: pages/ui/
    file_picker.py writes the app's own limit under it); a text box's "Press Enter to apply" is hidden (its
    first part; a length count may follow, then without its dot)."""
    rules = [
        "[data-testid='stFileUploaderDropzoneInstructions']{display:none}",
        "[data-testid='InputInstructions']>span:first-child{display:none}",
        "[data-testid='InputInstructions']>span:nth-child(2)::before{content:none}",
        f"{_UPLOAD_BUTTON},{_UPLOAD_DRAG} *{{font-size:0 !important}}",
    ]
    for lang in LANGS:
        scope = f"html:lang({lang})"  # the document's zh-CN is in :lang(zh)
        for selector, key in ((_UPLOAD_BUTTON, "upload_choose"), (_UPLOAD_DRAG, "upload_drop")):
            rules.append(f"{scope} {selector}::after{{content:{css_string(t(key, lang))};font-size:.875rem}}")
    return "\n".join(rules)


def words(lang: str) -> dict:
    """What the script puts in place of Streamlit's English on a page in `lang` (nothing but the uploader's
    button name in English: its own word is hidden there too)."""
    if lang == "en":
        return {"labels": {}, "prefixes": [], "texts": {}, "upload": t("upload_choose", lang)}
    return {
        "labels": {t(key, "en"): t(key, lang) for key in _LABELS},
        "prefixes": [[t(key, "en", name=""), t(key, lang, name="{}")] for key in _PREFIXES],
        "texts": {t(key, "en"): t(key, lang) for key in _TEXTS},
        "upload": t("upload_choose", lang),
    }


_SCRIPT = """
(function () {
    if (window.__paWords) { return; }
    window.__paWords = true;
    var WORDS = %s;
    var upload = '[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"]';
    var relabel = function (e, w) {
        var a = e.getAttribute('aria-label');
        if (w.labels[a]) { e.setAttribute('aria-label', w.labels[a]); return; }
        w.prefixes.forEach(function (p) {
            if (a.indexOf(p[0]) === 0 && a.length > p[0].length) {
                e.setAttribute('aria-label', p[1].replace('{}', a.slice(p[0].length)));
            }
        });
    };
    var words = function (root) {
        var w = WORDS[(document.documentElement.lang || '').indexOf('zh') === 0 ? 'zh' : 'en'];
        if (root.nodeType === 3) { if (w.texts[root.nodeValue]) { root.nodeValue = w.texts[root.nodeValue]; } return; }
        if (root.nodeType !== 1) { return; }
        if (root.hasAttribute('aria-label')) { relabel(root, w); }
        root.querySelectorAll('[aria-label]').forEach(function (e) { relabel(e, w); });
        root.querySelectorAll(upload).forEach(function (b) { b.setAttribute('aria-label', w.upload); });
        var walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (var n = walk.nextNode(); n; n = walk.nextNode()) {
            if (w.texts[n.nodeValue]) { n.nodeValue = w.texts[n.nodeValue]; }
        }
    };
    // only what was added: a page's thousands of table cells are not walked again on every change
    new MutationObserver(function (records) {
        records.forEach(function (r) { r.addedNodes.forEach(words); });
    }).observe(document.body, {childList: true, subtree: true});
    words(document.body);
})();
"""


def script() -> str:
    return _SCRIPT % script_json({lang: words(lang) for lang in LANGS})
