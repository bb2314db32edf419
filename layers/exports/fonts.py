"""The CJK font every export embeds: Noto Sans CJK SC (SIL Open Font License), shipped in the PyPI package
mplfonts, which `make run` installs from requirements.txt. Nothing is copied into the repo; a machine without the
package gets a clear error, not a PDF of empty boxes. The package also ships fonts we may not embed (SimHei), so
the typesetters are shown a folder holding only Noto Sans CJK SC: no glyph can fall back to another font."""

from __future__ import annotations

import functools
import importlib.util
import tempfile
from pathlib import Path

FAMILY = "Noto Sans CJK SC"
FILE = "NotoSansCJKsc-Regular.otf"


class FontMissing(RuntimeError):
    pass


@functools.cache
def font_dir() -> Path:
    """The folder holding the font (the package is located, not imported: its import sets up matplotlib)."""
    spec = importlib.util.find_spec("mplfonts")
    folder = Path(next(iter(spec.submodule_search_locations or ()))) / "fonts" if spec else None
    if folder is None or not (folder / FILE).is_file():
        raise FontMissing(f"{FILE} not found: install requirements.txt (package mplfonts)")
    return folder


def font_file() -> Path:
    return font_dir() / FILE


@functools.cache
def only_noto() -> Path:
    """A folder (made once per process) whose one entry is a link to the font file."""
    folder = Path(tempfile.mkdtemp(prefix="peakatlas-font-"))
    (folder / FILE).symlink_to(font_file())
    return folder
