"""Reporting gaps: which area has no approved figure for a year, per target that applies to it."""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from data import gazetteer_data as gaz
from data.reporting import targets as tg
from data.reporting.models import reports

COLUMNS = ["area_code", "area_name", "level", "target_id", "indicator_zh", "unit", "year", "status",
           "report_id", "version"]


def gaps(session: Session, district_code: str, year: int, targets: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per (area, target) without an approved figure for `year`: the district and each of its towns,
    with every target that applies to the area (its own and those above it) and is not past due in `year`.
    status: "missing" (nothing reported), "pending" (awaiting review) or "rejected" (to be corrected);
    report_id / version point at that figure. A district's additive own target counts as reported once any
    of its towns has an approved figure for it (the district figure is their sum). `targets` limits the ids."""
    wanted = set(targets) if targets is not None else None
    areas = [district_code, *gaz.children(district_code)]
    rows = session.execute(select(reports.c.id, reports.c.target_id, reports.c.area_code, reports.c.status,
                                  reports.c.version)
                           .where(reports.c.year == year, reports.c.area_code.in_(areas))).mappings().all()
    by_key = {(r["target_id"], r["area_code"]): r for r in rows}
    town_approved = {r["target_id"] for r in rows if r["status"] == "approved" and r["area_code"] != district_code}
    out = []
    for area in areas:
        level = "district" if area == district_code else "town"
        for t in tg.applicable(area, year).to_dict("records"):
            if wanted is not None and t["id"] not in wanted:
                continue
            r = by_key.get((t["id"], area))
            if r is not None and r["status"] == "approved":
                continue
            if (level == "district" and t["area_code"] == area and tg.is_additive(t)
                    and t["id"] in town_approved):
                continue
            out.append({"area_code": area, "area_name": gaz.area_name(area), "level": level, "target_id": t["id"],
                        "indicator_zh": t["indicator_zh"], "unit": t["unit"], "year": year,
                        "status": r["status"] if r is not None else "missing",
                        "report_id": r["id"] if r is not None else None,
                        "version": r["version"] if r is not None else None})
    return pd.DataFrame(out, columns=COLUMNS).astype({"report_id": "Int64", "version": "Int64"})
