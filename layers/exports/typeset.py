"""Typesetting with typst (the compiler ships in the PyPI wheel): a template from templates/, its data as one JSON
file and its pictures as files beside it. Text reaches the template only as data (json), never as markup, so no
string from a plan, a user or the store can change the document."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import typst

from layers.exports import fonts

TEMPLATES = Path(__file__).resolve().parent / "templates"


def pdf(template: str, data: dict, files: dict[str, bytes] | None = None) -> bytes:
    """The PDF of templates/`template` with `data` (read there as json("data.json")) and `files` by name."""
    with tempfile.TemporaryDirectory(prefix="peakatlas-typst-") as tmp:
        root = Path(tmp)
        (root / "data.json").write_text(json.dumps({**data, "font": fonts.FAMILY}, ensure_ascii=False), "utf-8")
        for name, content in (files or {}).items():
            (root / name).write_bytes(content)
        main = root / "main.typ"
        main.write_text((TEMPLATES / template).read_text("utf-8"), "utf-8")
        return typst.compile(str(main), root=str(root), font_paths=[str(fonts.only_noto())], ignore_system_fonts=True)
