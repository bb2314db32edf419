"""`python -m data ingest FILE --jurisdiction CODE --dry-run [--format csv|table] [--what targets|measures]
[--lang zh|en]` prints a plan's candidates with their confidence and reason (nothing is stored); without --dry-run,
with `--user ADMIN`, it stores the plan as a draft to review (`--list`, `--plan N` with `--accept`, `--accept-above`,
`--reject`, `--publish`, `--withdraw`: data/reporting/plan_cli.py), and
`python -m data ingest --evaluate` scores the ingester on the five seeds against the curated CSVs."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from data.i18n import DEFAULT_LANG, LANGS, t
from data.ingest.errors import IngestError
from data.ingest.pipeline import ingest_path
from data.ingest.reasons import render
from data.reporting import plan_cli

TARGET_COLUMNS = (
    "section", "indicator_zh", "kind", "comparator", "value", "value_text", "unit", "base_year", "target_year",
    "period", "commitment", "area_code", "area_name", "responsible", "excerpt", "confidence", "reason",
)  # fmt: skip
MEASURE_COLUMNS = (
    "section", "place_name", "place_type", "category", "area_code", "area_name", "measure", "responsible",
    "excerpt", "confidence", "reason",
)  # fmt: skip
_TABLE_COLUMNS = {
    "targets": ("section", "value_text", "unit", "target_year", "comparator", "indicator_zh", "confidence", "reason"),
    "measures": ("section", "place_name", "area_code", "area_name", "category", "confidence", "reason"),
}


def add_parser(sub) -> None:
    p = sub.add_parser("ingest", help="propose targets and place measures from a plan file; store and review it")
    p.add_argument("file", nargs="?", type=Path, help="the plan: .txt (UTF-8/GBK/GB18030), .docx or a text PDF")
    p.add_argument("--jurisdiction", help="the adcode of the area the plan governs (e.g. 310117)")
    p.add_argument("--title", default="", help="the plan's title (shown with the candidates)")
    p.add_argument("--dry-run", action="store_true", help="print the candidates, store nothing")
    p.add_argument("--format", choices=("table", "csv"), default="table")
    p.add_argument("--what", choices=("targets", "measures"), default="targets")
    p.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG, help="the language of the reason column")
    p.add_argument("--evaluate", action="store_true", help="score the ingester on the five seeds")
    plan_cli.add_arguments(p)


def _cell(value) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _print(rows: list[dict], columns, fmt: str) -> None:
    if fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows([[_cell(r[c]) for c in columns] for r in rows])
        return
    for r in rows:
        print("\t".join(_cell(r[c]) for c in columns))


def run(args) -> int:
    if args.evaluate:
        from data.ingest.report import print_scores

        print_scores()
        return 0
    if plan_cli.wanted(args):
        return plan_cli.run(args)
    if args.file is None or not args.jurisdiction:
        print("ingest needs FILE and --jurisdiction CODE (or --evaluate)", file=sys.stderr)
        return 2
    try:
        result = ingest_path(args.file, args.jurisdiction)
    except IngestError as e:
        print(e, file=sys.stderr)
        return 1
    found = result.targets if args.what == "targets" else result.measures
    rows = [{**c.row(), "reason": render(c.reason, args.lang)} for c in found]
    columns = TARGET_COLUMNS if args.what == "targets" else MEASURE_COLUMNS
    if args.format == "table":
        title = args.title or args.file.name
        print(f"# {title} · {result.jurisdiction_name} ({result.jurisdiction_code}) · {len(rows)} {args.what}")
        columns = _TABLE_COLUMNS[args.what]
    _print(rows, columns, args.format)
    print(t("ingest_not_stored", "en"), file=sys.stderr)
    return 0
