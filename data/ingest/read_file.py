"""A plan file as text: the size limit first, then by type (.txt, .docx, .pdf). Nothing is stored."""

from __future__ import annotations

from pathlib import Path

from data import settings
from data.ingest.docx_text import docx_text
from data.ingest.errors import IngestError, too_large
from data.ingest.pdf_text import pdf_text
from data.ingest.text_encoding import decode

SUFFIXES = (".txt", ".docx", ".pdf")


def read_plan(data: bytes, name: str) -> str:
    """The raw text of a plan file given as bytes and its file name (the suffix decides the reader)."""
    limit_mb = settings.get("PEAKATLAS_INGEST_MAX_MB")
    if len(data) > limit_mb * 2**20:
        raise too_large(name, len(data), limit_mb)
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise IngestError("ingest_file_type", name=name)
    if not data.strip():
        raise IngestError("ingest_empty", name=name)
    if suffix == ".pdf":
        text = pdf_text(data, name)
    elif suffix == ".docx":
        text = docx_text(data, name, max_bytes=int(limit_mb * 2**20 * 10))
    else:
        text = decode(data, name)
    if not text.strip():
        raise IngestError("ingest_empty", name=name)
    return text


def read_path(path: Path) -> str:
    """read_plan of a file; a file over the limit is refused before it is read."""
    limit_mb = settings.get("PEAKATLAS_INGEST_MAX_MB")
    size = path.stat().st_size
    if size > limit_mb * 2**20:
        raise too_large(path.name, size, limit_mb)
    return read_plan(path.read_bytes(), path.name)
