"""Target allocation (目标分解): a district reviewer splits an additive district target among its towns, and
progress is assessed per town against its share (obligations.py) and per district on its towns' sum.

Only additive targets are split (targets.is_additive: extensive unit, no ratio wording, no relative
comparator); splitting a share, rate, PUE or intensity raises ValidationError. Allocations may be saved with
a gap to the district target; the gap is always reported. Areas for the "area" method come from the caller
(e.g. geo.areas) so data/ needs no geometry.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from data import gazetteer_data as gaz
from data.reporting import audit
from data.reporting import targets as tg
from data.reporting.auth import Actor, require_district_manager
from data.reporting.db import as_utc, now
from data.reporting.errors import ConflictError, ValidationError, problem
from data.reporting.models import allocations, users
from data.reporting.reports import audited_write, refuse_formulas, reports_frame
from data.reporting.reports import conflict as _conflict
from data.units import convert, convertible

METHODS = ("equal", "area", "manual")
FRAME_COLUMNS = [
    "id",
    "target_id",
    "district_code",
    "area_code",
    "area_name",
    "value",
    "unit",
    "method",
    "version",
    "updated_by",
    "updated_at",
]


def _district_target(target_id: str, district: str) -> dict:
    t = tg.get(target_id)
    problems = []
    if district not in gaz.districts().index or gaz.districts().loc[district, "level"] != "district":
        problems.append(problem(None, "district", "err_not_district", code=district))
    if t is None:
        problems.append(problem(None, "target_id", "err_target_unknown", target=target_id))
    elif t["area_code"] != district:
        problems.append(
            problem(None, "target_id", "err_target_elsewhere", target=target_id, area=t["area_code"], district=district)
        )
    elif not tg.is_additive(t):
        problems.append(
            problem(
                None, "target_id", "err_not_additive", target=target_id, indicator=t["indicator_zh"], unit=t["unit"]
            )
        )
    if problems:
        raise ValidationError(problems)
    return t


def splittable_targets(district: str) -> pd.DataFrame:
    """The district's own additive targets: the ones its reviewer may split among its towns."""
    t = tg.applicable(district)
    return t[[r["area_code"] == district and tg.is_additive(r) for r in t.to_dict("records")]]


def propose_split(
    target_id: str, district: str, method: str = "equal", areas: Mapping[str, float] | None = None, decimals: int = 4
) -> pd.DataFrame:
    """A proposed split of an additive district target among all the district's towns (nothing stored):
    "equal" shares, or by "area" (areas: {town code: km²} for every town). Rounded to `decimals`; the last
    town takes the rounding remainder so the split sums to the target exactly.
    Columns: area_code, area_name, value, unit, share."""
    t = _district_target(target_id, district)
    towns = gaz.children(district)
    if method == "equal":
        weights = dict.fromkeys(towns, 1.0)
    elif method == "area":
        areas = areas or {}
        missing = [c for c in towns if not (isinstance(areas.get(c), (int, float)) and areas[c] > 0)]
        if missing:
            raise ValidationError([problem(None, "areas", "err_no_area_for", towns=", ".join(missing))])
        weights = {c: float(areas[c]) for c in towns}
    else:
        raise ValidationError([problem(None, "method", "err_split_method", method=method)])
    total = sum(weights.values())
    values = {c: round(t["value"] * w / total, decimals) for c, w in weights.items()}
    if towns:
        values[towns[-1]] = round(t["value"] - sum(values[c] for c in towns[:-1]), decimals)
    return pd.DataFrame(
        [
            {
                "area_code": c,
                "area_name": gaz.area_name(c),
                "value": values[c],
                "unit": t["unit"],
                "share": weights[c] / total,
            }
            for c in towns
        ],
        columns=["area_code", "area_name", "value", "unit", "share"],
    )


def _rows(session: Session, target_id: str | None = None, district: str | None = None) -> list[dict]:
    q = (
        select(allocations, users.c.name.label("updated_by_name"))
        .join(users, users.c.id == allocations.c.updated_by)
        .order_by(allocations.c.area_code)
    )
    if target_id:
        q = q.where(allocations.c.target_id == target_id)
    if district:
        q = q.where(allocations.c.district_code == district)
    return [dict(r) for r in session.execute(q).mappings()]


def allocations_frame(session: Session, target_id: str | None = None, district: str | None = None) -> pd.DataFrame:
    """Stored allocations (value in the target's unit) with the version each edit must be based on."""
    rows = _rows(session, target_id, district)
    for r in rows:
        r["area_name"] = gaz.area_name(r["area_code"])
        r["updated_by"] = r.pop("updated_by_name")
        r["updated_at"] = as_utc(r["updated_at"])
    return pd.DataFrame(rows, columns=FRAME_COLUMNS)


def allocation_gap(session: Session, target_id: str, district: str) -> dict:
    """{target_value, allocated, gap, unit, balanced, towns_without_allocation}: gap = target − allocated."""
    t = _district_target(target_id, district)
    rows = _rows(session, target_id, district)
    allocated = sum(r["value"] for r in rows)
    gap = t["value"] - allocated
    return {
        "target_id": target_id,
        "district": district,
        "target_value": t["value"],
        "allocated": allocated,
        "gap": gap,
        "unit": t["unit"],
        "balanced": math.isclose(gap, 0, abs_tol=1e-9 * max(1, abs(t["value"]))),
        "towns_without_allocation": sorted(set(gaz.children(district)) - {r["area_code"] for r in rows}),
    }


def _check_split(values: Mapping, unit: str, method: str, target: dict, district: str) -> None:
    """Every problem of a split at once (ValidationError): the method, the unit, each town and value."""
    problems = []
    if method not in METHODS:
        problems.append(problem(None, "method", "err_method", method=method, methods=", ".join(METHODS)))
    if not convertible(unit, target["unit"]):
        problems.append(problem(None, "unit", "err_unit_not_convertible", unit=unit, target_unit=target["unit"]))
    towns = set(gaz.children(district))
    for code, v in values.items():
        if code not in towns:
            problems.append(problem(None, code, "err_not_a_town_of", code=code, district=district))
        elif isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or v < 0:
            problems.append(problem(None, code, "err_not_non_negative", value=v))
    if problems:
        raise ValidationError(problems)


def _update_share(
    session: Session, actor: Actor, ex: dict, value: float, method: str, base: int | None, reason: str
) -> None:
    """One town's stored share, version-checked in the UPDATE's WHERE clause, and its audit entry."""
    res = session.execute(
        update(allocations)
        .where(
            allocations.c.id == ex["id"],
            allocations.c.version == base,
            allocations.c.district_code == ex["district_code"],
        )
        .values(value=value, method=method, version=allocations.c.version + 1, updated_by=actor.id, updated_at=now())
    )
    if res.rowcount != 1:
        now_row = session.execute(select(allocations).where(allocations.c.id == ex["id"])).mappings().one()
        raise _conflict(session, dict(now_row), entity="allocation", entity_id=ex["id"], base_version=base)
    audit.record(
        session,
        actor,
        "update",
        "allocation",
        ex["id"],
        {
            "value": [ex["value"], value],
            "version": [ex["version"], ex["version"] + 1],
            "method": [ex["method"], method],
        },
        reason,
    )


def _insert_share(
    session: Session, actor: Actor, target: dict, district: str, code: str, value: float, method: str, reason: str
) -> None:
    t_now = now()
    aid = session.execute(
        allocations.insert()
        .values(
            target_id=target["id"],
            district_code=district,
            area_code=code,
            value=value,
            unit=target["unit"],
            method=method,
            version=1,
            created_by=actor.id,
            updated_by=actor.id,
            created_at=t_now,
            updated_at=t_now,
        )
        .returning(allocations.c.id)
    ).scalar_one()
    audit.record(
        session,
        actor,
        "create",
        "allocation",
        aid,
        audit.created(
            {"target_id": target["id"], "area_code": code, "value": value, "unit": target["unit"], "method": method}
        ),
        reason,
    )


def save_allocation(
    session: Session,
    user: Actor,
    target_id: str,
    district: str,
    values: Mapping[str, float] | pd.DataFrame,
    *,
    base_versions: Mapping[str, int] | None = None,
    unit: str | None = None,
    method: str = "manual",
    reason: str = "",
) -> dict:
    """The district's reviewer stores town allocations of an additive district target (one transaction).

    values: {town code: value} (or a propose_split frame) in `unit` (default the target's; a convertible unit
    is converted). A town that already has an allocation needs its version in base_versions (as shown by
    allocations_frame); a stale or missing version raises ConflictError and nothing is stored. Towns left
    out keep their allocation. Returns allocation_gap(...) after saving."""
    refuse_formulas(reason=reason)
    if isinstance(values, pd.DataFrame):
        unit = unit or (values["unit"].iloc[0] if "unit" in values and len(values) else None)
        values = dict(zip(values["area_code"], values["value"]))
    base_versions = dict(base_versions or {})
    attempted = {
        "target_id": target_id,
        "values": {k: float(v) if isinstance(v, (int, float)) else str(v) for k, v in values.items()},
        "unit": unit,
    }

    def duplicate() -> ConflictError | None:  # a concurrent first save of the same town
        rows = {r["area_code"]: r for r in _rows(session, target_id, district)}
        hit = next((rows[c] for c in values if c in rows), None)
        return hit and _conflict(session, hit, entity="allocation", entity_id=hit["id"], base_version=None)

    with audited_write(session, user, attempted, reason, duplicate) as actor:
        require_district_manager(actor, district)
        t = _district_target(target_id, district)
        unit = unit or t["unit"]
        _check_split(values, unit, method, t, district)
        existing = {r["area_code"]: r for r in _rows(session, target_id, district)}
        for code, v in sorted(values.items()):
            v = convert(float(v), unit, t["unit"])
            if code in existing:
                _update_share(session, actor, existing[code], v, method, base_versions.get(code), reason)
            else:
                _insert_share(session, actor, t, district, code, v, method, reason)
    return allocation_gap(session, target_id, district)


# --- progress --------------------------------------------------------------------------------------------------


def district_reports_frame(session: Session, district: str, reports: pd.DataFrame | None = None) -> pd.DataFrame:
    """reports_frame with the district's additive targets reported as the SUM of its towns' figures: for each
    year a town reported, every town's latest figure at or before it (in the target's unit) is added up
    (note: "sum of n/m towns"). Where no town reported, the district's own figures stay; non-additive targets
    always use the district's own figures. Feed it to progress.status_table / assess for the district.
    Summed rows have id and version <NA>."""
    reports = reports_frame(session) if reports is None else reports
    towns = set(gaz.children(district))
    out = reports.astype({"id": "Int64", "version": "Int64"})
    additions = []
    for t in tg.applicable(district).to_dict("records"):
        if t["area_code"] != district or not tg.is_additive(t):
            continue
        r = reports[(reports["target_id"] == t["id"]) & reports["area_code"].isin(towns)]
        if r.empty:
            continue
        out = out[~((out["target_id"] == t["id"]) & (out["area_code"] == district))]
        r = r.assign(value=[convert(v, u, t["unit"]) for v, u in zip(r["value"], r["unit"])])
        for status in ("approved", "pending"):
            # approved sums count; a pending sum (approved + pending figures) only flags pending work
            rs = r if status == "pending" else r[r["status"] == "approved"]
            years = sorted(set(rs[rs["status"] == status]["year"]))
            for y in years:
                latest = rs[rs["year"] <= y].sort_values("year", kind="stable").groupby("area_code").tail(1)
                additions.append(
                    {
                        "target_id": t["id"],
                        "area_code": district,
                        "year": int(y),
                        "value": float(latest["value"].sum()),
                        "unit": t["unit"],
                        "status": status,
                        "illustrative": bool(latest["illustrative"].any()),
                        "source": "sum of towns' figures (PeakAtlas)",
                        "note": f"sum of {latest['area_code'].nunique()}/{len(towns)} towns",
                        "id": pd.NA,
                        "version": pd.NA,
                    }
                )
    if additions:
        out = pd.concat(
            [out, pd.DataFrame(additions, columns=out.columns).astype(out.dtypes.to_dict())], ignore_index=True
        )
    return out.reset_index(drop=True)
