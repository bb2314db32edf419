"""Command line: python -m data targets|measures --format csv, sections PLAN, check;
users add, reports template|import|review|owed|export, allocations save, audit (progress reporting:
data/reporting/cli.py); report, map, slides, snapshot, workbook (exports: layers/exports/cli.py)."""

from __future__ import annotations

import argparse
import sys

from data import coverage, plan_data, plan_text, provenance, settings
from data.reporting import cli as reporting_cli

TARGET_COLUMNS = [
    "id",
    "plan_id",
    "source_file",
    "section",
    "sector",
    "indicator_zh",
    "indicator_en",
    "kind",
    "comparator",
    "value",
    "value_text",
    "unit",
    "canonical_value",
    "canonical_unit",
    "base_year",
    "target_year",
    "period",
    "commitment",
    "area_code",
    "area_name",
    "responsible",
    "excerpt",
    "note",
]
MEASURE_COLUMNS = [
    "id",
    "plan_id",
    "source_file",
    "section",
    "place_name",
    "place_type",
    "category",
    "area_code",
    "area_name",
    "lon",
    "lat",
    "location_precision",
    "location_source",
    "target_ids",
    "measure",
    "measure_en",
    "responsible",
    "excerpt",
]


def _print_frame(df, columns, fmt: str) -> None:
    out = df[columns].copy()
    for col in ("responsible", "target_ids"):
        if col in out:
            out[col] = out[col].map(";".join)
    if fmt == "csv":
        out.to_csv(sys.stdout, index=False)
    else:
        out.to_json(sys.stdout, orient="records", force_ascii=False, indent=1)


def _town_areas(district: str) -> dict[str, float]:
    """Each town's km² from the boundaries in force. This entry point (like app.py) sits above every layer;
    nothing imports it, so reaching up to geo/ here adds no upward arrow to the packages."""
    from data.gazetteer_data import children
    from geo.areas import areas_km2

    return areas_km2(children(district))


def export_cli():
    """The exports' commands (layers/exports/cli.py); like _town_areas, this entry point may reach up."""
    from layers.exports import cli

    return cli


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data", description="PeakAtlas plan data")
    sub = parser.add_subparsers(dest="cmd", required=True)
    for name in ("targets", "measures"):
        p = sub.add_parser(name, help=f"print every {name[:-1]} row")
        p.add_argument("--format", choices=["csv", "json"], default="csv")
    p = sub.add_parser("sections", help="list a plan's section ids and titles")
    p.add_argument("plan")
    p = sub.add_parser("uncovered", help="numbers in a plan's text that no target excerpt covers")
    p.add_argument("plan")
    sub.add_parser("check", help="validate the data files and check them against the plan texts")
    reporting_cli.add_parsers(sub)
    export_cli().add_parsers(sub)
    args = parser.parse_args(argv)
    if problems := settings.check():
        print("\n".join(problems), file=sys.stderr)
        return 2
    if args.cmd in reporting_cli.COMMANDS:
        return reporting_cli.run(args, _town_areas)
    if args.cmd in export_cli().COMMANDS:
        return export_cli().run(args)

    try:
        if args.cmd == "targets":
            _print_frame(plan_data.load_targets(), TARGET_COLUMNS, args.format)
        elif args.cmd == "measures":
            _print_frame(plan_data.load_measures(), MEASURE_COLUMNS, args.format)
        elif args.cmd == "sections":
            for sid, s in plan_text.plan_sections(args.plan).items():
                print(f"{sid}\t{s.title}")
        elif args.cmd == "uncovered":
            for sid, number, ctx in coverage.uncovered_numbers(args.plan, plan_data.load_targets()):
                print(f"{sid}\t{number}\t{ctx}")
        elif args.cmd == "check":
            problems = provenance.check(plan_data.load_targets(), plan_data.load_measures())
            for p in problems:
                print(p)
            print(f"{len(problems)} problems")
            return 1 if problems else 0
    except plan_data.PlanDataError as e:
        print(e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
