"""`python -m data report|map|slides|snapshot|workbook …`: the exports from the command line (wired into
data/__main__.py). Each reads the store as the app does (layers/exports/sources.py) and writes one file."""

from __future__ import annotations

import sys
from pathlib import Path

from data import gazetteer_data, years
from data.i18n import LANGS, t

COMMANDS = ("report", "map", "slides", "snapshot", "workbook")


def _common(p, year: bool = True) -> None:
    p.add_argument("--out", required=True, help="the file to write")
    p.add_argument("--lang", choices=LANGS, default="zh")
    if year:
        p.add_argument("--year", type=int, help="progress year (default: the reporting year)")


def add_parsers(sub) -> None:
    p = sub.add_parser("report", help="an area's report as a PDF (A4)")
    p.add_argument("--area", required=True, help="district, city or town code")
    p.add_argument("--format", choices=["pdf"], default="pdf")
    _common(p)
    p = sub.add_parser("map", help="a picture of a saved view's or an area's map")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--view", help="a saved view's id (data/views.toml)")
    where.add_argument("--area", help="an area's code")
    p.add_argument("--format", choices=["png", "svg"], default="png")
    p.add_argument("--size", default="1920x1080", help="WIDTHxHEIGHT in pixels (default 1920x1080)")
    p.add_argument("--indicator", help="colour the areas by this progress indicator (with --area)")
    _common(p)
    p = sub.add_parser("slides", help="every saved view as one PDF, 16:9, one slide per page")
    _common(p, year=False)
    p = sub.add_parser("snapshot", help="a single-file HTML page that opens offline")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--view", help="a saved view's id")
    where.add_argument("--area", help="an area's code")
    _common(p)
    p = sub.add_parser("workbook", help="an area's progress workbook (Excel)")
    p.add_argument("--district", "--area", dest="district", required=True, help="a town, district or city code")
    _common(p)


def _size(text: str, lang: str) -> tuple[int, int]:
    w, _, h = text.lower().partition("x")
    size = (int(w), int(h)) if w.isdigit() and h.isdigit() else (0, 0)
    if not (200 <= size[0] <= 8000 and 200 <= size[1] <= 8000):
        raise ValueError(t("err_export_size", lang, size=text))
    return size


def _build(args) -> bytes:
    """The file's bytes (each export's modules load only for its own command)."""
    lang, year = args.lang, getattr(args, "year", None) or years.reporting_year()
    if args.cmd == "report":
        from layers.exports import area_pdf

        return area_pdf.from_store(args.area, year, lang)
    if args.cmd == "map":
        from layers.exports import map_picture, sources

        if args.view:
            spec = sources.view_map(args.view, lang)[1]
        else:
            spec = sources.area_map(args.area, lang, year, args.indicator)
        return map_picture.render(spec, args.format, _size(args.size, lang), sources.state_line(lang))
    if args.cmd == "slides":
        from layers.exports import slides_pdf

        return slides_pdf.from_store(lang)
    if args.cmd == "snapshot":
        from layers.exports import snapshot

        if args.view:
            return snapshot.view_from_store(args.view, lang).encode("utf-8")
        return snapshot.area_from_store(args.area, year, lang).encode("utf-8")
    from layers.exports import workbook

    return workbook.from_store(args.district, year, lang)


def _refuse(args) -> str | None:
    """A one-line reason the command cannot run, before any work."""
    for code in (getattr(args, "area", None), getattr(args, "district", None)):
        if code and code not in gazetteer_data.known_codes():
            return t("area_not_found", args.lang, code=code)
    if getattr(args, "view", None):
        from data import views

        if args.view not in {v.id for v in views.load()}:
            return t("err_export_view", args.lang, view=args.view)
    if getattr(args, "year", None) and years.parse_year(str(args.year), 0) == 0:
        return t("err_export_year", args.lang, year=args.year)
    return None


def run(args) -> int:
    if reason := _refuse(args):
        print(reason, file=sys.stderr)
        return 2
    try:
        data = _build(args)
    except ValueError as e:
        print(e, file=sys.stderr)
        return 2
    out = Path(args.out)
    out.write_bytes(data)
    print(f"{out} ({len(data) / 1024:.0f} KB)", file=sys.stderr)
    return 0
