"""Files the app writes for Streamlit to serve, so a rerun does not send their text again.

Streamlit sends every element of a page again on each rerun, over its websocket. A base map (boundaries,
names, legend: 30–140 KB of JavaScript), the measure families (up to 220 KB) and the pages' own stylesheet and
script (7 KB) rarely change between reruns, so they are written once under ./static/built/ (served by Streamlit
at /app/static/built/) with a content hash in the name; the browser loads each once (a map frame its map
files, a tab the page files), and the elements only name them. A map file registers its texts in
`window.__paMaps[<hash>]`; the map's arguments run them with an indirect eval, so they define the same global
names as when the text itself was sent (`map_div` and the families' layers)."""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "static" / "built"
URL = "/app/static/built"
KEEP_DAYS = 7  # files no process has published for this long are removed at start-up


@dataclass(frozen=True)
class ServedFile:
    """One published file: its content hash, URL and text (and, for a `publish` file, its texts' key)."""

    digest: str
    url: str
    body: str
    key: str = ""

    @property
    def path(self) -> Path:
        return ROOT / self.url.rsplit("/", 1)[1]

    def ensure(self) -> None:
        """Write the file when it is missing (first use, or removed by another instance's clean-up)."""
        if self.path.exists():
            return
        ROOT.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(self.body, encoding="utf-8")
        tmp.replace(self.path)  # atomic: a browser never reads half a file


def publish_text(kind: str, ext: str, body: str) -> ServedFile:
    """Write `body` as <kind>-<hash>.<ext> (once); returns where it is served."""
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:20]
    file = ServedFile(digest, f"{URL}/{kind}-{digest}.{ext}", body)
    if file.path.exists():
        os.utime(file.path)  # in use again: kept by prune()
    else:
        file.ensure()
    return file


def publish(kind: str, texts: dict[str, str]) -> ServedFile:
    """Write `texts` (name → JavaScript source) as a script registering them (see run_text)."""
    data = json.dumps(texts, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    key = hashlib.sha256(data.encode("utf-8")).hexdigest()[:20]
    file = publish_text(kind, "js", f'(window.__paMaps = window.__paMaps || {{}})["{key}"] = {data};\n')
    return replace(file, key=key)


def texts_of(file: ServedFile) -> str:
    """JavaScript for the texts a loaded `publish` file registered."""
    return f'(window.__paMaps || {{}})["{file.key}"]'


def run_text(file: ServedFile, name: str) -> str:
    """JavaScript that runs one text of a loaded file in the page's global scope (absent: does nothing)."""
    return f'(function (m) {{ if (m && m["{name}"]) (0, eval)(m["{name}"]); }})({texts_of(file)});'


def read(url: str) -> dict[str, str]:
    """The texts of a published file (tests and tools: what the browser gets)."""
    body = (ROOT / url.rsplit("/", 1)[1]).read_text(encoding="utf-8")
    return json.loads(body[body.index('"] = ') + 5 : body.rindex(";")])


def prune(keep_days: float = KEEP_DAYS) -> int:
    """Remove files not published for `keep_days` (and stale temporary files); returns how many."""
    if not ROOT.is_dir():
        return 0
    now, removed = time.time(), 0
    for path in ROOT.iterdir():
        try:
            age = now - path.stat().st_mtime
            if age > keep_days * 86400 or (path.suffix == ".tmp" and age > 60):
                path.unlink()
                removed += 1
        except FileNotFoundError:  # another instance removed it first
            continue
    return removed
