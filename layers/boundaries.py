"""Boundaries as the pages need them: the admin's import (the same checks and report as `python -m geo
import`), the imports in force as a readable table, revert, the towns' areas for a split by area, and the
boundary store's version that keys every cached map. Pages reach geo/ only through here."""

from __future__ import annotations

import pandas as pd

from data import gazetteer_data, plan_data
from data.cells import neutral
from data.i18n import t
from data.reporting.db import fmt_time
from geo import areas, importer, store
from layers.html_table import table

BoundaryImportError = importer.BoundaryImportError


def version() -> str:
    """Changes with every import and revert of any app instance on the store, and when this process's plan data
    changes (a plan published or withdrawn: the maps' measure layers are drawn again)."""
    return f"{store.version()}~plans{plan_data.generation()}"


def check(name: str, data: bytes, level: str, datum: str) -> dict:
    """The import report for an uploaded file; stores nothing (raises BoundaryImportError on bad input)."""
    return importer.import_upload(name, data, level, datum, dry_run=True)


def store_upload(actor, name: str, data: bytes, level: str, datum: str, force: bool = False) -> dict:
    """Check and store an uploaded file as `actor` (the store refuses anyone but an admin, and audits it)."""
    return importer.import_upload(name, data, level, datum, force=force, actor=actor)


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


def changes() -> list[dict]:
    """Every import and revert, newest first (see geo.store.history); `live` = its units still in force."""
    return store.history().to_dict("records")


def changes_html(rows: list[dict], lang: str) -> str:
    """The change history as a readable table (escaped)."""
    headers = [t(k, lang) for k in ("col_change", "col_action", "boundary_level", "boundary_file", "boundary_datum")]
    headers += [t(k, lang) for k in ("col_when", "col_who", "col_units", "col_in_force")]
    cells = [
        [
            f"#{r['id']}",
            t(f"boundary_kind_{r['kind']}", lang) + (f" #{r['reverts']}" if r["reverts"] else ""),
            t(f"level_{r['level']}", lang),
            r["source_file"],
            r["datum"],
            fmt_time(r["created_at"]),
            r["created_by_name"],
            r["units"],
            r["live"],
        ]
        for r in rows
    ]
    return table(headers, cells, caption=t("boundary_history", lang))


def imports_table(lang: str) -> pd.DataFrame:
    """Every imported unit in force with its provenance, headers in the reader's language; the file's own text
    (names, file name) neutralised for the table's CSV download (data/cells.py)."""
    current = store.load()
    return pd.DataFrame(
        {
            t("area_code", lang): current["code"],
            t("area", lang): current["name"].map(neutral),
            t("boundary_level", lang): [t(f"level_{lv}", lang) for lv in current["level"]],
            t("boundary_file", lang): current["source_file"].map(neutral),
            t("boundary_datum", lang): current["datum"],
            t("col_when", lang): current["imported_at"],
        }
    )


def revert(actor, level: str, change_id: int) -> int:
    """Undo one change as `actor` (admins only): its units still in force go back to what they were before it.
    Returns how many."""
    return len(store.revert(actor, level, change_id=change_id))


def town_areas(district: str) -> dict[str, float]:
    """km² of each town of a district, from the boundaries in force (for a split by area)."""
    return areas.areas_km2(gazetteer_data.children(district))


def schematic_towns(code: str) -> bool:
    """Whether area `code` is drawn with schematic town shapes: a town without imported boundaries, or a district
    with at least one such town (its page says so; imported towns are not approximate)."""
    towns = areas.towns()
    shown = towns.loc[[code]] if code in towns.index else towns[towns["parent_code"] == code]
    return bool((shown["boundary_quality"] == "schematic").any())


def report_summary(report: dict, lang: str) -> str:
    """The one-line result of a file check, numbers rounded for people."""
    med = report["median_offset_m"]
    offset = t("boundary_offset_none", lang) if med is None else t("boundary_offset_m", lang, m=f"{med:,.0f}")
    return t(
        "boundary_report",
        lang,
        matched=len(report["matched"]),
        missing=len(report["missing_units"]),
        unmatched=report["unmatched_total"],
        offset=offset,
    )
