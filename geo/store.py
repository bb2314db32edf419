"""Persisted imported boundaries, outside the git tree.

Location: $PEAKATLAS_DATA_DIR (default ~/.peakatlas)/boundaries/. `current.geojson` holds the imported
geometry now in force (one feature per unit code and level, with its provenance); every import is also
logged in `imports.jsonl`. Writes go to a temporary file first and replace the old one atomically, so a
failed import never leaves a half-written store."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from data import settings

PROVENANCE = ["code", "level", "name", "source_file", "datum", "imported_at", "import_id"]


def data_dir() -> Path:
    return settings.get("PEAKATLAS_DATA_DIR")


def _dir() -> Path:
    return data_dir() / "boundaries"


def _current_path() -> Path:
    return _dir() / "current.geojson"


def load() -> gpd.GeoDataFrame:
    """All imported units in force (empty frame when nothing has been imported)."""
    path = _current_path()
    if not path.exists():
        return gpd.GeoDataFrame(columns=PROVENANCE, geometry=[], crs=4326)
    gdf = pyogrio.read_dataframe(path, datetime_as_string=True)
    if gdf.empty:  # everything was reverted
        return gpd.GeoDataFrame(columns=PROVENANCE, geometry=[], crs=4326)
    for col in PROVENANCE:
        gdf[col] = gdf[col].astype(str)
    return gdf


def version() -> float:
    """Changes whenever the store changes (used to invalidate caches)."""
    path = _current_path()
    return path.stat().st_mtime_ns if path.exists() else 0.0


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def _save(gdf: gpd.GeoDataFrame) -> None:
    _write_atomic(_current_path(), gdf.to_json(drop_id=True, ensure_ascii=False))


def save_import(units: gpd.GeoDataFrame, level: str, source_file: str, datum: str, report: dict) -> str:
    """Replace the given units' geometry (columns code, name, geometry in WGS84). Returns the import id."""
    now = datetime.now(UTC)
    import_id = now.strftime("%Y%m%dT%H%M%S%fZ")
    new = units[["code", "name", "geometry"]].copy()
    new["level"] = level
    new["source_file"] = source_file
    new["datum"] = datum
    new["imported_at"] = now.isoformat(timespec="seconds")
    new["import_id"] = import_id
    old = load()
    keep = old[~((old["level"] == level) & old["code"].isin(new["code"]))]
    merged = gpd.GeoDataFrame(pd.concat([keep, new[PROVENANCE + ["geometry"]]], ignore_index=True), crs=4326)
    _save(merged)
    log = _dir() / "imports.jsonl"
    with log.open("a", encoding="utf-8") as f:
        f.write(
            json.dumps(
                {"import_id": import_id, "level": level, "source_file": source_file, "datum": datum, "report": report},
                ensure_ascii=False,
            )
            + "\n"
        )
    return import_id


def revert(level: str, codes: list[str] | None = None, import_id: str | None = None) -> list[str]:
    """Drop imported geometry (by unit codes or by import id): those units fall back to their default
    geometry. Returns the codes reverted."""
    old = load()
    hit = old["level"] == level
    if codes is not None:
        hit &= old["code"].isin(codes)
    if import_id is not None:
        hit &= old["import_id"] == import_id
    if hit.any():
        _save(old[~hit])
    return sorted(old.loc[hit, "code"])
