"""Files the app writes for Streamlit to serve (layers/static_files.py): named by their content, written once,
written again when missing, old ones removed; what a map file registers reads back as it was given."""

from __future__ import annotations

import os
import time

import pytest

from layers import static_files


@pytest.fixture(autouse=True)
def root(tmp_path, monkeypatch):
    monkeypatch.setattr(static_files, "ROOT", tmp_path)
    return tmp_path


def test_the_name_follows_the_content(root):
    a = static_files.publish_text("page", "css", "a{color:red}")
    again = static_files.publish_text("page", "css", "a{color:red}")
    other = static_files.publish_text("page", "css", "a{color:blue}")
    assert a == again and a.url != other.url
    assert a.url.startswith(static_files.URL + "/page-") and a.url.endswith(".css")
    assert a.path.read_text(encoding="utf-8") == "a{color:red}"
    assert sorted(p.name for p in root.iterdir()) == sorted([a.path.name, other.path.name])  # no temporary left


def test_a_map_file_registers_its_texts_under_its_key(root):
    texts = {"script": "var map_div = L.map('map_div');", "header": "<style>.x{}</style> “引号” </script>"}
    file = static_files.publish("base", texts)
    assert static_files.read(file.url) == texts
    assert file.key and f'["{file.key}"] = ' in file.body and file.key != file.digest
    assert static_files.texts_of(file) == f'(window.__paMaps || {{}})["{file.key}"]'
    run = static_files.run_text(file, "script")
    assert run.endswith(f'(0, eval)(m["script"]); }})({static_files.texts_of(file)});')


def test_a_removed_file_is_written_again(root):
    file = static_files.publish_text("page", "js", "void 0;")
    file.path.unlink()
    file.ensure()
    assert file.path.read_text(encoding="utf-8") == "void 0;"


def test_prune_removes_what_no_process_published_for_a_week(root):
    old = static_files.publish_text("base", "js", "old")
    fresh = static_files.publish_text("base", "js", "fresh")
    week_ago = time.time() - 8 * 86400
    os.utime(old.path, (week_ago, week_ago))
    os.utime(fresh.path, (week_ago, week_ago))
    static_files.publish_text("base", "js", "fresh")  # published again: in use
    stale_tmp = root / "base-x.123.tmp"
    stale_tmp.write_text("half", encoding="utf-8")
    os.utime(stale_tmp, (time.time() - 120, time.time() - 120))
    assert static_files.prune() == 2
    assert [p.name for p in root.iterdir()] == [fresh.path.name]


def test_streamlit_words_are_found_by_streamlit_s_own_english():
    from layers import streamlit_words

    zh = streamlit_words.words("zh")
    assert zh["labels"]["Show password"] == "显示密码" and zh["labels"]["file upload"] == "选择文件"
    assert ["Help for ", "“{}”的说明"] in zh["prefixes"] and ["Remove ", "移除“{}”"] in zh["prefixes"]
    assert zh["texts"]["Skip to main content"] == "跳到正文" and zh["texts"]["No results"] == "无匹配项"
    assert streamlit_words.words("en")["labels"] == {}  # an English page keeps Streamlit's words
