"""Command line: python -m geo export … | import … | revert … | history | tiles"""

from __future__ import annotations

import argparse
import json
import sys
import time

from data import settings
from data.reporting.auth import local_operator
from data.reporting.errors import ReportingError
from geo import importer, store, tiles
from geo.export import feature_collection


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo", description="PeakAtlas boundaries")
    sub = parser.add_subparsers(dest="cmd", required=True)
    ex = sub.add_parser("export", help="print areas as a GeoJSON FeatureCollection")
    ex.add_argument("--level", choices=["district", "town"], required=True)
    ex.add_argument("--within", help="a city or district code (e.g. 310117)")
    ex.add_argument("--datum", choices=["wgs84", "gcj02"], default="wgs84")
    ex.add_argument("--simplify", action="store_true", help="display simplification (shared edges kept)")
    im = sub.add_parser("import", help="import official boundaries; prints the match report as JSON")
    im.add_argument("path")
    im.add_argument("--level", choices=["district", "town"], required=True)
    im.add_argument("--datum", default="auto", help="auto|wgs84|cgcs2000|gcj02|bd09|EPSG:nnnn (default: as declared)")
    im.add_argument("--dry-run", action="store_true", help="check and report only; store nothing")
    im.add_argument(
        "--force",
        action="store_true",
        help="store even when the report holds it back (datum, place or size looks wrong)",
    )
    rv = sub.add_parser("revert", help="undo an import or revert, or drop the imported geometry of some units")
    rv.add_argument("--level", choices=["district", "town"], required=True)
    rv.add_argument("--code", action="append", help="unit code (repeatable): back to its default geometry")
    rv.add_argument("--import-id", type=int, help="undo one change (an import, or a revert) by its id: see history")
    rv.add_argument("--reason", default="", help="why (kept in the audit log)")
    sub.add_parser("history", help="every boundary import and revert, newest first, as JSON lines")
    sub.add_parser("tiles", help="build the national overview's county vector tiles (skipped when up to date)")
    args = parser.parse_args(argv)
    if problems := settings.check():
        print("\n".join(problems), file=sys.stderr)
        return 2

    if args.cmd == "export":
        fc = feature_collection(args.level, args.within, args.datum, simplified=args.simplify)
        if not fc["features"]:
            print(f"error: no {args.level} areas within {args.within}", file=sys.stderr)
            return 2
        json.dump(fc, sys.stdout, ensure_ascii=False)
        print()
        return 0
    if args.cmd == "import":
        try:
            report = importer.import_file(args.path, args.level, args.datum, args.dry_run, args.force)
        except importer.BoundaryImportError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
        print()
        # 3: checked but held back (report["held"]: datum, placement or size looks wrong); --force stores anyway
        return 0 if report["stored"] or args.dry_run else 3
    if args.cmd == "revert":
        return _revert(args)
    if args.cmd == "tiles":
        start = time.perf_counter()
        folder = tiles.ensure_counties(tiles.ROOT)
        print(f"county tiles: {folder} ({time.perf_counter() - start:.1f} s)")
        return 0
    if args.cmd == "history":
        for row in store.history().to_dict("records"):
            print(json.dumps(row, ensure_ascii=False, default=str))
        return 0
    return 2


def _revert(args) -> int:
    if not args.code and args.import_id is None:
        print("error: name --code or --import-id", file=sys.stderr)
        return 2
    try:
        codes = store.revert(local_operator(), args.level, args.code, args.import_id, args.reason)
    except ReportingError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(json.dumps({"reverted": codes}, ensure_ascii=False))
    if not codes:  # 3: nothing of it is in force any more (replaced or reverted since)
        print("error: nothing to revert: no imported geometry of these units is in force", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
