"""Boundaries as the pages need them: the admin's import (the same checks and report as `python -m geo
import`), the imports in force as a readable table, revert, the towns' areas for a split by area, and the
boundary store's version that keys every cached map. Pages reach geo/ only through here."""

from __future__ import annotations

import pandas as pd

from data import gazetteer_data
from data.i18n import t
from geo import areas, importer, store

BoundaryImportError = importer.BoundaryImportError


def version() -> float:
    """Changes with every import and revert."""
    return store.version()


def check(name: str, data: bytes, level: str, datum: str) -> dict:
    """The import report for an uploaded file; stores nothing (raises BoundaryImportError on bad input)."""
    return importer.import_upload(name, data, level, datum, dry_run=True)


def store_upload(name: str, data: bytes, level: str, datum: str, force: bool = False) -> dict:
    return importer.import_upload(name, data, level, datum, force=force)


def report_table(report: dict, lang: str) -> pd.DataFrame:
    """Per district of an import check: coverage against the official outline."""
    return pd.DataFrame(
        [
            {
                t("area", lang): gazetteer_data.area_name(code) or code,
                t("col_covered_pct", lang): stats.get("covered_pct"),
                t("col_gap_pct", lang): stats.get("gap_pct"),
                t("col_outside_pct", lang): stats.get("outside_pct"),
                t("col_overlap_pct", lang): stats.get("overlap_pct"),
            }
            for code, stats in report["districts"].items()
        ]
    )


def imports() -> list[dict]:
    """The imports in force, newest first: import_id, level, source file, date, units, and a table of them."""
    current = store.load()
    out = []
    for import_id, grp in current.groupby("import_id"):
        out.append(
            {
                "import_id": import_id,
                "level": grp["level"].iloc[0],
                "source_file": grp["source_file"].iloc[0],
                "date": grp["imported_at"].iloc[0][:10],
                "units": len(grp),
            }
        )
    return sorted(out, key=lambda r: r["date"], reverse=True)


def imports_table(lang: str) -> pd.DataFrame:
    """Every imported unit in force with its provenance, headers in the reader's language."""
    current = store.load()
    return pd.DataFrame(
        {
            t("area_code", lang): current["code"],
            t("area", lang): current["name"],
            t("boundary_level", lang): [t(f"level_{lv}", lang) for lv in current["level"]],
            t("boundary_file", lang): current["source_file"],
            t("boundary_datum", lang): current["datum"],
            t("col_when", lang): current["imported_at"],
        }
    )


def revert(level: str, import_id: str) -> int:
    """Drop one import; its units fall back to their default geometry. Returns how many."""
    return len(store.revert(level, import_id=import_id))


def town_areas(district: str) -> dict[str, float]:
    """km² of each town of a district, from the boundaries in force (for a split by area)."""
    return areas.areas_km2(gazetteer_data.children(district))
