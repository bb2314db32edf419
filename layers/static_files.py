"""Map scripts served as files, so a rerun does not send them again.

The map component receives its arguments over Streamlit's websocket on every rerun. A base map (boundaries,
names, legend: 30–140 KB of JavaScript) and the measure families (up to 220 KB) rarely change between reruns,
so they are written once under ./static/maps/ (served by Streamlit at /app/static/maps/) with a content hash in
the name; the component loads them as scripts once per map frame, and the arguments only name them. Each file
registers its texts in `window.__paMaps[<hash>]`; the arguments run them with an indirect eval, so they define
the same global names as when the text itself was sent (`map_div` and the families' layers)."""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "static" / "maps"
URL = "/app/static/maps"
KEEP_DAYS = 7  # files no process has published for this long are removed at start-up


@dataclass(frozen=True)
class MapFile:
    """One published file: its hash (the key in window.__paMaps), URL and the file's text."""

    digest: str
    url: str
    body: str

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


def publish(kind: str, texts: dict[str, str]) -> MapFile:
    """Write `texts` (name → JavaScript source) as a file registering them; returns where it is served."""
    data = json.dumps(texts, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(data.encode("utf-8")).hexdigest()[:20]
    body = f'(window.__paMaps = window.__paMaps || {{}})["{digest}"] = {data};\n'
    file = MapFile(digest, f"{URL}/{kind}-{digest}.js", body)
    if file.path.exists():
        os.utime(file.path)  # in use again: kept by prune()
    else:
        file.ensure()
    return file


def run_text(file: MapFile, name: str) -> str:
    """JavaScript that runs one text of a loaded file in the page's global scope (absent: does nothing)."""
    texts = f'(window.__paMaps || {{}})["{file.digest}"]'
    return f'(function (m) {{ if (m && m["{name}"]) (0, eval)(m["{name}"]); }})({texts});'


def read(url: str) -> dict[str, str]:
    """The texts of a published file (tests and tools: what the browser gets)."""
    body = (ROOT / url.rsplit("/", 1)[1]).read_text(encoding="utf-8")
    return json.loads(body[body.index('"] = ') + 5 : body.rindex(";")])


def prune(keep_days: float = KEEP_DAYS) -> int:
    """Remove map files not published for `keep_days` (and stale temporary files); returns how many."""
    if not ROOT.is_dir():
        return 0
    cutoff, removed = time.time() - keep_days * 86400, 0
    for path in ROOT.iterdir():
        try:
            if path.stat().st_mtime < cutoff or (path.suffix == ".tmp" and path.stat().st_mtime < time.time() - 60):
                path.unlink()
                removed += 1
        except FileNotFoundError:  # another instance removed it first
            continue
    return removed
