"""Imported boundaries, kept in the reporting store (SQLite by default, the shared PostgreSQL with
PEAKATLAS_DB_URL), so every app instance on the store draws the same boundaries at its next run.

Every import and every revert is a change (boundary_changes); each unit it touches gets a new version
(boundary_versions: WKB geometry in WGS84, or NULL = back to the default geometry). A unit's geometry in
force is its newest version. Both tables are append-only, so a revert loses nothing and is itself revertible.
Writes are admin-only (checked here, in the data layer, for the app and the command line alike), serialised
(SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock), all-or-nothing, and audited in the same transaction;
a refused attempt is audited too. The file store of earlier releases (boundaries/current.geojson under
PEAKATLAS_DATA_DIR) is moved in on first use."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from sqlalchemy import Engine, and_, func, or_, select
from sqlalchemy.orm import Session

from data import settings
from data.reporting import audit
from data.reporting.auth import Actor, current, local_operator, require_admin
from data.reporting.db import default_engine, now, open_session, write_transaction
from data.reporting.errors import NotFound, PermissionDenied
from data.reporting.models import boundary_changes as changes
from data.reporting.models import boundary_versions as versions
from data.reporting.models import users
from data.reporting.reports import refuse_formulas

PROVENANCE = ["code", "level", "name", "source_file", "datum", "imported_at", "import_id"]
_PG_LOCK = 0x50414244  # "PABD": one boundary writer at a time on PostgreSQL
LEGACY_FILE = Path("boundaries") / "current.geojson"


def _engine(engine: Engine | None) -> Engine:
    engine = engine or default_engine()
    _move_in_file_store(engine)
    return engine


def _newest():
    """Id of each unit's newest version."""
    return select(func.max(versions.c.id).label("id")).group_by(versions.c.level, versions.c.code).subquery()


def load(engine: Engine | None = None) -> gpd.GeoDataFrame:
    """All imported units in force, with their provenance (empty frame when none)."""
    newest = _newest()
    origin = changes.alias("origin")
    q = (
        select(
            versions.c.code,
            versions.c.level,
            versions.c.name,
            origin.c.source_file,
            origin.c.datum,
            origin.c.created_at.label("imported_at"),
            origin.c.id.label("import_id"),
            versions.c.geometry,
        )
        .join(newest, newest.c.id == versions.c.id)
        .join(origin, origin.c.id == versions.c.origin_id)
        .where(versions.c.geometry.is_not(None))
        .order_by(versions.c.id)
    )
    with open_session(_engine(engine)) as s:
        rows = s.execute(q).all()
    frame = pd.DataFrame([r[:-1] for r in rows], columns=PROVENANCE)
    frame["imported_at"] = frame["imported_at"].map(lambda t: pd.Timestamp(t).strftime("%Y-%m-%dT%H:%M:%S"))
    frame = frame.astype(str)
    return gpd.GeoDataFrame(frame, geometry=list(shapely.from_wkb([r[-1] for r in rows])), crs=4326)


def version(engine: Engine | None = None) -> str:
    """Changes with every import and revert of any instance, and with the store itself (keys the cached maps)."""
    engine = _engine(engine)
    with open_session(engine) as s:
        newest = int(s.execute(select(func.coalesce(func.max(versions.c.id), 0))).scalar())
    return f"{engine.url.render_as_string(hide_password=True)}#{newest}"


def history(engine: Engine | None = None) -> pd.DataFrame:
    """Every change, newest first: id, kind, level, source file, datum, when, who, what it reverts, how many
    units it touched and how many of them still show its work (`live`: see _in_force)."""
    touched = select(versions.c.change_id, func.count().label("units")).group_by(versions.c.change_id).subquery()
    q = (
        select(
            changes.c.id,
            changes.c.kind,
            changes.c.level,
            changes.c.source_file,
            changes.c.datum,
            changes.c.created_at,
            changes.c.created_by_name,
            changes.c.reverts,
            func.coalesce(touched.c.units, 0).label("units"),
        )
        .outerjoin(touched, touched.c.change_id == changes.c.id)
        .order_by(changes.c.id.desc())
    )
    newest = _newest()
    with open_session(_engine(engine)) as s:
        frame = pd.DataFrame(s.execute(q).mappings().all(), columns=list(q.selected_columns.keys()))
        shown = s.execute(select(versions.c.change_id, versions.c.origin_id).join(newest, newest.c.id == versions.c.id))
        live = pd.Series([c for row in shown for c in {row.change_id, row.origin_id} if c is not None]).value_counts()
    frame["live"] = [int(live.get(i, 0)) for i in frame["id"]]
    frame["reverts"] = pd.Series([None if pd.isna(v) else int(v) for v in frame["reverts"]], dtype=object)
    return frame


@contextmanager
def _boundary_write(session: Session, user: Actor, action: str, attempted: dict) -> Iterator[Actor]:
    """One serialised write transaction as `user`, who must be an admin as the store knows them now; a refusal
    is audited (in its own transaction) before it propagates."""
    try:
        with write_transaction(session):
            if session.get_bind().dialect.name == "postgresql":
                session.execute(select(func.pg_advisory_xact_lock(_PG_LOCK)))
            actor = current(session, user)
            require_admin(actor)
            yield actor
    except PermissionDenied as refused:
        with write_transaction(session):
            known = session.execute(select(users.c.id).where(users.c.id == user.id)).first() is not None
            who = user if known or user.is_operator else Actor(None, f"unknown:{user.name}", user.role, None)
            audit.record(session, who, "refused", "boundary", None, {"attempted": action, **attempted}, str(refused))
        raise


def _add_change(session: Session, actor: Actor, kind: str, level: str, **fields) -> int:
    values = {"source_file": "", "datum": "", "report": {}, "reverts": None, **fields}
    return session.execute(
        changes.insert()
        .values(kind=kind, level=level, created_by=actor.id, created_by_name=actor.name, created_at=now(), **values)
        .returning(changes.c.id)
    ).scalar_one()


def save_import(
    actor: Actor,
    units: gpd.GeoDataFrame,
    level: str,
    source_file: str,
    datum: str,
    report: dict,
    engine: Engine | None = None,
) -> int:
    """Put the given units' geometry (columns code, name, geometry in WGS84) in force. Returns the change id."""
    return _save_import(_engine(engine), actor, units, level, source_file, datum, report)


def _save_import(
    engine: Engine, actor: Actor, units: gpd.GeoDataFrame, level: str, source_file: str, datum: str, report: dict
) -> int:
    codes = [str(c) for c in units["code"]]
    with (
        open_session(engine) as s,
        _boundary_write(s, actor, "import", {"level": level, "file": source_file, "codes": codes}) as who,
    ):
        change = _add_change(s, who, "import", level, source_file=source_file[:255], datum=datum, report=report)
        wkb = shapely.to_wkb(units.geometry.values, include_srid=False)
        rows = [
            {"change_id": change, "level": level, "code": c, "name": str(n), "geometry": g, "origin_id": change}
            for c, n, g in zip(codes, units["name"], wkb)
        ]
        s.execute(versions.insert(), rows)
        audit.record(s, who, "import", "boundary", change, {"level": level, "file": source_file, "codes": codes})
    return change


def _in_force(session: Session, level: str, codes: list[str] | None, change_id: int | None) -> list:
    """The newest version of each unit of `level` (only `codes`; only those showing the work of `change_id`:
    written by it, or an import's geometry that a later revert brought back)."""
    newest = _newest()
    q = select(versions).join(newest, newest.c.id == versions.c.id).where(versions.c.level == level)
    if codes is not None:
        q = q.where(versions.c.code.in_(codes))
    if change_id is not None:
        q = q.where(or_(versions.c.change_id == change_id, versions.c.origin_id == change_id))
    return session.execute(q.order_by(versions.c.code)).all()


def _before(session: Session, level: str, code: str, change_id: int) -> dict:
    """What the unit looked like before `change_id` first changed it: the version before that change's own
    version of it, or the default geometry."""
    unit = and_(versions.c.level == level, versions.c.code == code)
    own = select(func.min(versions.c.id)).where(unit, versions.c.change_id == change_id).scalar_subquery()
    prev = session.execute(
        select(versions).where(unit, versions.c.id < own).order_by(versions.c.id.desc()).limit(1)
    ).first()
    if prev is None:
        return {"geometry": None, "origin_id": None}
    return {"name": prev.name, "geometry": prev.geometry, "origin_id": prev.origin_id}


def revert(
    actor: Actor,
    level: str,
    codes: list[str] | None = None,
    change_id: int | None = None,
    reason: str = "",
    engine: Engine | None = None,
) -> list[str]:
    """Undo one change — an import or a revert: each unit still showing its work goes back to what it was
    before that change (an earlier import, or the default geometry) — or drop the imported geometry of
    `codes` (back to the default). Returns the codes reverted ([] when nothing of it is in force any more);
    raises NotFound for a change id that does not exist; a reason a spreadsheet would run as a formula is
    refused before anything is written (ValidationError)."""
    refuse_formulas(reason=reason)
    with (
        open_session(_engine(engine)) as s,
        _boundary_write(s, actor, "revert", {"level": level, "codes": codes, "change": change_id}) as who,
    ):
        if change_id is not None and s.execute(select(changes.c.id).where(changes.c.id == change_id)).first() is None:
            raise NotFound.of("err_no_boundary_change", change=change_id)
        rows = _in_force(s, level, codes, change_id)
        if change_id is None:
            rows = [r for r in rows if r.geometry is not None]
        if not rows:
            return []
        change = _add_change(s, who, "revert", level, reverts=change_id)
        default = {"geometry": None, "origin_id": None}
        undone = [
            {"change_id": change, "level": level, "code": r.code, "name": r.name}
            | (default if change_id is None else _before(s, level, r.code, change_id))
            for r in rows
        ]
        s.execute(versions.insert(), undone)
        reverted = [r.code for r in rows]
        audit.record(
            s, who, "revert", "boundary", change, {"level": level, "codes": reverted, "reverts": change_id}, reason
        )
    return reverted


def _move_in_file_store(engine: Engine) -> None:
    """Earlier releases kept imports in boundaries/current.geojson: store them as one import (by the local
    operator), then rename the file so it is not moved twice."""
    path = settings.get("PEAKATLAS_DATA_DIR") / LEGACY_FILE
    if not path.exists():
        return
    old = pyogrio.read_dataframe(path) if path.stat().st_size else None
    source = f"{path.name} (moved from {path.parent})"
    with open_session(engine) as s:
        done = s.execute(select(changes.c.id).where(changes.c.source_file == source[:255])).first()
    if old is not None and not old.empty and done is None:
        for level, grp in old.groupby("level"):
            datum = str(grp["datum"].iloc[0]) if "datum" in grp else ""
            _save_import(engine, local_operator("file-store"), grp, str(level), source, datum, {"moved": True})
    path.rename(path.with_suffix(".geojson.moved"))
