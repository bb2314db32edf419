"""What an area owes, read from the store: obligations.owed() with the stored shares, each target's status
and this year's figure; per-town breakdowns of a district; and the reporting gaps (who, what, since when).

Every page, the template, the checks of a figure and the command line read these, so a town sees the same
list everywhere."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from data import gazetteer_data as gaz
from data.cells import neutral_frame
from data.reporting import obligations as ob
from data.reporting.allocation import district_reports_frame
from data.reporting.db import as_utc
from data.reporting.models import reports, users
from data.reporting.reports import reports_frame
from data.reporting.shares import district_of, stored_shares

FIGURE_COLUMNS = ["report_id", "report_status", "report_version", "report_value", "review_note", "report_updated_at"]
GAP_COLUMNS = [
    "area_code",
    "area_name",
    "level",
    "target_id",
    "indicator_zh",
    "unit",
    "year",
    "status",
    "share",
    "basis",
    "report_id",
    "version",
    "since",
    "who",
]


def store_figures(session: Session) -> pd.DataFrame:
    """Approved and pending figures, with every district's additive targets summed from its towns."""
    frame = reports_frame(session)
    for district in gaz.towns()["parent_code"].unique():
        frame = district_reports_frame(session, district, frame)
    return frame


def _figures_of_year(session: Session, area_codes: list[str], year: int) -> dict[tuple[str, str], dict]:
    """(area code, target id) → the figure stored for `year`, in any review state."""
    q = select(reports).where(reports.c.area_code.in_(area_codes), reports.c.year == year)
    return {(r["area_code"], r["target_id"]): r for r in session.execute(q).mappings()}


def owed_status(session: Session, area_code: str, year: int, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """owed() for `year` with the stored shares, its status (judged against the share where one exists) from
    `figures` (default store_figures; the app passes what it shows) and this year's figure in FIGURE_COLUMNS
    (any review state, rejected included)."""
    figures = store_figures(session) if figures is None else figures
    shares = stored_shares(session, district_of(area_code))
    this_year = _figures_of_year(session, [area_code], year)
    session.rollback()  # end the read transaction
    return _with_figures(area_code, year, figures, shares, this_year)


def _with_figures(
    area_code: str, year: int, figures: pd.DataFrame, shares: pd.DataFrame, this_year: dict
) -> pd.DataFrame:
    """owed_status of one area from what the store gave: its district's shares, the year's figures by (area, id)."""
    frame = ob.with_status(ob.owed(area_code, year, shares), figures, year)
    cols = {c: [] for c in FIGURE_COLUMNS}
    for tid in frame["target_id"]:
        r = this_year.get((area_code, tid))
        for c, key in zip(FIGURE_COLUMNS, ("id", "status", "version", "value", "review_note", "updated_at")):
            cols[c].append(None if r is None else (as_utc(r[key]) if key == "updated_at" else r[key]))
    for c in ("report_id", "report_version"):  # per column: astype over the frame copies every column
        cols[c] = pd.array(cols[c], dtype="Int64")
    return frame.assign(**cols)


def district_breakdown(session: Session, district: str, year: int, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every town of a district with what it owes and its status: owed_status rows of all the towns (the
    shares and the towns' figures of the year read once for all)."""
    figures = store_figures(session) if figures is None else figures
    towns = gaz.children(district)
    shares = {d: stored_shares(session, d) for d in {district_of(town) for town in towns}}
    this_year = _figures_of_year(session, towns, year)
    session.rollback()
    frames = [_with_figures(town, year, figures, shares[district_of(town)], this_year) for town in towns]
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=ob.COLUMNS + ob.STATUS_COLUMNS + ob.CONTEXT_COLUMNS + FIGURE_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def _people(session: Session) -> dict[tuple[str, str], list[str]]:
    """(role, area code) → names of the active users bound there."""
    out: dict[tuple[str, str], list[str]] = {}
    q = select(users.c.name, users.c.role, users.c.area_code).where(users.c.active.is_(True)).order_by(users.c.name)
    for name, role, area in session.execute(q):
        out.setdefault((role, area), []).append(name)
    return out


def _since(row: dict | None, year: int) -> datetime:
    """When a gap became someone's to act on: a missing figure once its year is over, a pending one since it
    was sent, a rejected one since it was sent back."""
    if row is None:
        return datetime(year + 1, 1, 1, tzinfo=UTC)
    return as_utc(row["reviewed_at"] if row["status"] == "rejected" and row["reviewed_at"] else row["updated_at"])


def gaps(session: Session, district_code: str, year: int, targets=None) -> pd.DataFrame:
    """One row per (area, owed target) without an approved figure for `year`, for the district and each of its
    towns: status "missing" (nothing reported), "pending" (awaiting review) or "rejected" (to be corrected);
    report_id / version point at that figure; since = when it became due or changed state; who = the users
    to act (the area's editors, or the district's reviewers for a pending figure). A district's additive own
    target counts as reported once any town has an approved figure for it (the district figure is their
    sum). `targets` limits the target ids."""
    wanted = set(targets) if targets is not None else None
    areas = [district_code, *gaz.children(district_code)]
    allocations = stored_shares(session, district_code)
    rows = session.execute(select(reports).where(reports.c.year == year, reports.c.area_code.in_(areas)))
    by_key = {(r["target_id"], r["area_code"]): dict(r) for r in rows.mappings()}
    town_approved = {t for (t, a), r in by_key.items() if r["status"] == "approved" and a != district_code}
    people = _people(session)
    session.rollback()
    out = []
    for area in areas:
        level = "district" if area == district_code else "town"
        for t in ob.owed(area, year, allocations).to_dict("records"):
            if wanted is not None and t["target_id"] not in wanted:
                continue
            r = by_key.get((t["target_id"], area))
            if r is not None and r["status"] == "approved":
                continue
            if level == "district" and ob.OWN in t["basis"] and t["additive"] and t["target_id"] in town_approved:
                continue
            status = r["status"] if r is not None else "missing"
            who = people.get(("district_reviewer", district_code) if status == "pending" else ("town_editor", area), [])
            out.append(
                {
                    "area_code": area,
                    "area_name": gaz.area_name(area),
                    "level": level,
                    "target_id": t["target_id"],
                    "indicator_zh": t["indicator_zh"],
                    "unit": t["unit"],
                    "year": year,
                    "status": status,
                    "share": t["share"],
                    "basis": t["basis"],
                    "report_id": r["id"] if r else None,
                    "version": r["version"] if r else None,
                    "since": _since(r, year),
                    "who": tuple(who),
                }
            )
    return pd.DataFrame(out, columns=GAP_COLUMNS).astype({"report_id": "Int64", "version": "Int64"})


def owed_csv(session: Session, area_code: str, year: int) -> str:
    """`python -m data reports owed`: what the area owes for `year`, one row per target (share empty where the
    target is not split), with its status against the store's figures."""
    frame = owed_status(session, area_code, year)
    out = pd.DataFrame(
        {
            "target_id": frame["target_id"],
            "indicator": frame["indicator_zh"],
            "basis": frame["basis"].map("+".join),
            "target_value": frame["target_value"],
            "share": frame["share"],
            "unit": frame["unit"],
            "year": year,
            "due_year": frame["due_year"],
            "latest_value": frame["latest_value"],
            "latest_year": frame["latest_year"],
            "status": frame["status"],
            "report_status": frame["report_status"],
            "report_id": frame["report_id"],
        }
    )
    return neutral_frame(out).to_csv(index=False, lineterminator="\n", float_format="%.6g")
