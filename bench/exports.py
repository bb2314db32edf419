"""What each export costs (not a test): the area report PDF, the map picture (PNG 1920×1080, SVG), the offline
snapshot and the progress workbook for 车墩镇, 松江区, 上海市 and 嘉兴市, and all slides as one PDF, built in one
process from an empty store (the illustrative sample, as a new installation shows) the way the command line
builds them. The first build of each kind (cold: fonts, Vega, geometry) is reported apart from the median of
the next runs.

    .venv/bin/python bench/exports.py [--runs 3] [--lang zh]"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
os.environ["PEAKATLAS_DATA_DIR"] = tempfile.mkdtemp(prefix="peakatlas-bench-exports-")
os.environ.pop("PEAKATLAS_DB_URL", None)
sys.path.insert(0, str(REPO))

from layers.exports import area_pdf, map_picture, slides_pdf, snapshot, sources, stamp, workbook  # noqa: E402

AREAS = ("310117104", "310117", "310000", "330400")
YEAR = 2025


def exports(lang: str) -> list[tuple[str, str, object]]:
    """(kind, area, a call that builds the file)."""
    out = []
    for code in AREAS:
        out.append(("PDF report", code, lambda c=code: area_pdf.from_store(c, YEAR, lang)))
        for fmt in stamp.PICTURE_FORMATS:
            out.append((f"map {fmt.upper()}", code, lambda c=code, f=fmt: picture(c, f, lang)))
        out.append(("snapshot", code, lambda c=code: snapshot.area_from_store(c, YEAR, lang).encode()))
        out.append(("workbook", code, lambda c=code: workbook.from_store(c, YEAR, lang)))
    out.append(("all slides PDF", "–", lambda: slides_pdf.from_store(lang)))
    return out


def picture(code: str, fmt: str, lang: str) -> bytes:
    return map_picture.render(sources.area_map(code, lang, YEAR), fmt, stamp.SLIDE, sources.state_line(lang))


def timed(build) -> tuple[float, int]:
    start = time.perf_counter()
    data = build()
    return time.perf_counter() - start, len(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lang", default="zh")
    args = parser.parse_args()
    seen: set[str] = set()
    print(f"{'export':<16}{'area':<11}{'first s':>9}{'median s':>10}{'KB':>8}")
    for kind, code, build in exports(args.lang):
        first, size = timed(build)
        label = "cold" if kind not in seen else ""
        seen.add(kind)
        runs = [timed(build)[0] for _ in range(args.runs)]
        print(f"{kind:<16}{code:<11}{first:>9.2f}{statistics.median(runs):>10.2f}{size / 1024:>8.0f}  {label}")


if __name__ == "__main__":
    main()
