"""Plain-text files: UTF-8 (with or without BOM), UTF-16 with BOM, GBK / GB18030. Anything else is refused
rather than guessed: a wrong guess would give plausible-looking nonsense, and GB18030 decodes almost any bytes."""

from __future__ import annotations

import codecs

from data import plan_text
from data.ingest.errors import IngestError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Share of a text's Han characters (after traditional → simplified) that must be among the 3,755 most common
# characters (GB2312 level 1). Real plan texts are at 0.97-0.99; GBK bytes of another encoding (Big5, Shift-JIS)
# read as GB18030 land far below.
_MIN_COMMON_SHARE = 0.85


def decode(data: bytes, name: str) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(codec, errors="strict"), name)
    for codec in ("utf-8", "gb18030"):
        try:
            text = data.decode(codec, errors="strict")
        except UnicodeDecodeError:
            continue
        if plausible(text):
            return text
    raise IngestError("ingest_encoding", name=name)


def _checked(text: str, name: str) -> str:
    if not plausible(text):
        raise IngestError("ingest_encoding", name=name)
    return text


def _is_common(ch: str) -> bool:
    try:
        b = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return 0xB0 <= b[0] <= 0xD7


def plausible(text: str) -> bool:
    """No control bytes (NUL: UTF-16 without BOM, binary), few characters that are no text (private use, U+FFFD:
    a PDF font without a ToUnicode table) and, when there is Chinese, mostly common characters."""
    if any(c in text for c in "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f"):
        return False
    sample = "".join(text[:20000].split())
    if sum("\ue000" <= c <= "\uf8ff" or c == "\ufffd" for c in sample) > len(sample) * 0.05:
        return False
    han = [c for c in plan_text.to_simplified(sample) if "\u4e00" <= c <= "\u9fff"]
    return not han or sum(map(_is_common, han)) / len(han) >= _MIN_COMMON_SHARE
