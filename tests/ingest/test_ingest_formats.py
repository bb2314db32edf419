"""One plan as .txt, .docx and PDF (hard line breaks, full-width forms) gives the same candidates; each bad input
gets its one message."""

import io
import zipfile

import pytest

from data.ingest.errors import IngestError
from data.ingest.pipeline import ingest_bytes
from tests.ingest import plan_files


def _key(result):
    targets = [(c.section, c.value, c.unit, c.target_year, c.comparator, c.confidence) for c in result.targets]
    measures = [(c.section, c.place_name, c.area_code, c.confidence) for c in result.measures]
    return targets, measures


@pytest.fixture(scope="module")
def from_txt():
    return ingest_bytes(plan_files.txt(), "plan.txt", "310117")


def test_the_plan_gives_its_targets_and_places(from_txt):
    proposed = {(c.section, c.value, c.unit, c.target_year) for c in from_txt.targets if c.confidence >= 0.5}
    assert {("一", 14.0, "%", 2025), ("二(一)1", 29.4, "万千瓦", 2025), ("二(二)1", 19.5, "%", 2025)} <= proposed
    assert ("二(一)2", 10.0, "%", 2025) in proposed and ("二(一)2", 3.0, "个", 2025) in proposed
    places = {(c.place_name, c.area_code) for c in from_txt.measures if c.confidence >= 0.5}
    assert {
        ("车墩镇", "310117104"),
        ("泖港镇", "310117109"),
        ("嘉北郊野公园", "310117"),
        ("泖港湿地", "310117109"),
    } <= places
    pv = next(c for c in from_txt.targets if c.value == 29.4)
    assert pv.responsible == "区发展改革委;区经委"
    for c in [*from_txt.targets, *from_txt.measures]:  # every excerpt is the plan's words, short enough for the CSVs
        assert c.excerpt in from_txt.text and 2 <= len(c.excerpt) <= 60


@pytest.mark.parametrize(
    "data, name",
    [
        (plan_files.txt("gbk"), "plan.txt"),
        (plan_files.txt("gb18030"), "plan.txt"),
        (plan_files.txt("utf-8-sig"), "plan.txt"),
        (plan_files.docx(), "plan.docx"),
        (plan_files.pdf(), "plan.pdf"),
    ],
    ids=["gbk", "gb18030", "bom", "docx", "pdf"],
)
def test_every_format_gives_the_same_candidates(from_txt, data, name):
    assert _key(ingest_bytes(data, name, "310117")) == _key(from_txt)


def test_the_pdf_really_has_hard_line_breaks_and_full_width_forms():
    from data.ingest.read_file import read_plan

    raw = read_plan(plan_files.pdf(), "plan.pdf")
    assert "２９．４" in raw and "光伏装\n机容量" in raw


def _refused(data: bytes, name: str, jurisdiction: str = "310117") -> IngestError:
    with pytest.raises(IngestError) as e:
        ingest_bytes(data, name, jurisdiction)
    return e.value


def test_bad_input_gets_one_clear_message(monkeypatch):
    assert _refused(b"", "empty.txt").key == "ingest_empty"
    assert _refused(b"  \n\n ", "blank.txt").key == "ingest_empty"
    assert _refused(plan_files.pdf(paragraphs=[]), "blank.pdf").key == "ingest_empty"
    scan = _refused(plan_files.pdf(paragraphs=[], picture=plan_files.png()), "scan.pdf")
    assert scan.key == "ingest_scanned_pdf" and "scanned PDF" in str(scan) and "扫描件" in scan.message("zh")
    big5 = "\n".join(plan_files.PLAN).encode("big5", errors="replace")
    assert _refused(big5, "big5.txt").key == "ingest_encoding"
    assert _refused("\n".join(plan_files.PLAN).encode("utf-16-le"), "utf16.txt").key == "ingest_encoding"
    unknown = _refused(plan_files.txt(), "plan.txt", "999999")
    assert unknown.key == "ingest_jurisdiction" and "999999" in unknown.message("zh")
    assert _refused(plan_files.txt(), "plan.txt", "310117104").key == "ingest_jurisdiction"  # a town governs no plan
    assert _refused(b"PK\x03\x04 not a zip", "broken.docx").key == "ingest_damaged"
    assert _refused(b"text", "plan.odt").key == "ingest_file_type"
    monkeypatch.setenv("PEAKATLAS_INGEST_MAX_MB", "0.001")
    big = _refused(plan_files.txt(), "plan.txt")
    assert big.key == "ingest_too_large" and "0.001 MB" in str(big)


def test_the_size_limit_is_checked_before_a_file_is_read(tmp_path, monkeypatch):
    from data.ingest.pipeline import ingest_path

    path = tmp_path / "big.txt"
    path.write_bytes(plan_files.txt() * 20)
    monkeypatch.setenv("PEAKATLAS_INGEST_MAX_MB", "0.01")
    with pytest.raises(IngestError, match="over the limit"):
        ingest_path(path, "310117")


def test_a_text_box_is_read_once_and_unreadable_text_is_refused():
    from data.ingest.docx_text import docx_text
    from data.ingest.text_encoding import plausible

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    box = "<w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent>"
    body = f"<w:p><w:r><w:t>正文</w:t></w:r><w:r>{box}</w:r></w:p>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", f"<w:document {w}><w:body>{body}</w:body></w:document>")
    assert docx_text(out.getvalue(), "box.docx", 10**6).split("\n") == ["正文", "文本框"]
    assert plausible("到2025年,森林覆盖率达到19.5%") and not plausible("\ue001\ue002\ue003 2025 \ue004")
