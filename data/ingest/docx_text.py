"""Word (.docx) text with the standard library: a .docx is a zip whose word/document.xml holds the paragraphs.
Only the text is needed (no styles, no layout), so python-docx and its lxml are not worth a dependency; Python's
expat parser resolves no external entities and refuses entity expansion bombs."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

from data.ingest.errors import IngestError, too_large

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BODY = "word/document.xml"


def docx_text(data: bytes, name: str, max_bytes: int) -> str:
    """The document's paragraphs (tables' cells included) in order, one line each."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            info = z.getinfo(_BODY)
            if info.file_size > max_bytes:  # a zip bomb: refused before it is inflated
                raise too_large(name, info.file_size, max_bytes / 2**20)
            root = ET.fromstring(z.read(info))
    except (zipfile.BadZipFile, KeyError, ET.ParseError) as e:
        raise IngestError("ingest_damaged", name=name, why=type(e).__name__) from None
    return "\n".join(_paragraph(p) for p in root.iter(f"{_W}p"))


def _paragraph(p: ET.Element) -> str:
    """A paragraph's own text; a paragraph inside it (a text box's) is read as its own line, not twice."""
    parts = []
    for el in p:
        if el.tag == f"{_W}p":
            continue
        if el.tag == f"{_W}t" and el.text:
            parts.append(el.text)
        elif el.tag == f"{_W}tab":
            parts.append("\t")
        elif el.tag in (f"{_W}br", f"{_W}cr"):  # a manual line break inside the paragraph
            parts.append("\n")
        else:
            parts.append(_paragraph(el))
    return "".join(parts)
