"""Text PDFs with pypdf: pure Python with no dependencies of its own, and its text extraction maps the CID fonts
of Chinese PDFs back to characters through their ToUnicode tables. pdfminer.six would add layout analysis we do
not use (the normaliser joins hard line breaks itself) and pulls in cryptography. A PDF whose pages carry
(almost) no text is a scan: refused, as OCR is out of scope."""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from data.ingest.errors import IngestError
from data.ingest.text_encoding import plausible

_MIN_CHARS_PER_PAGE = 20  # below this on average, the pages are pictures of text (a scan)


def pdf_text(data: bytes, name: str) -> str:
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about odd fonts are not the reader's concern
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        pages = [page.extract_text() or "" for page in reader.pages]
        has_images = any(_has_images(page) for page in reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError) as e:
        raise IngestError("ingest_damaged", name=name, why=type(e).__name__) from None
    chars = sum(len("".join(p.split())) for p in pages)
    if pages and chars < _MIN_CHARS_PER_PAGE * len(pages) and has_images:
        raise IngestError("ingest_scanned_pdf", name=name, pages=len(pages))
    text = "\n".join(pages)
    if not plausible(text):  # fonts without a ToUnicode table give characters that are no text
        raise IngestError("ingest_damaged", name=name, why="no readable text layer")
    return text


def _has_images(page) -> bool:
    try:
        return bool(page.images)
    except Exception:  # an image pypdf cannot decode still shows the page is a picture
        return True
