"""Reading a boundary file for import (GeoJSON, zipped Shapefile, GeoPackage) with bounded work:
size limits before reading, zip archives checked entry by entry (encryption, method, paths, entry count,
inflated size and ratio) and extracted with a byte counter, Shapefiles checked for their parts and for a
.shp/.dbf count mismatch, declared coordinate systems that nobody knows refused rather than guessed."""

from __future__ import annotations

import codecs
import json
import zipfile
from pathlib import Path, PurePosixPath

import geopandas as gpd
import pyogrio
import shapely
from pyproj import CRS

from data import settings
from data.numbers import fmt, fmt_beyond
from geo.import_errors import BoundaryImportError, warning

SUFFIXES = {".geojson": "GeoJSON", ".json": "GeoJSON", ".zip": "zip", ".gpkg": "GPKG", ".shp": "ESRI Shapefile"}
ZIP_MAX_ENTRIES = 1000
ZIP_INFLATE_FACTOR = 4  # the inflated archive may be at most this many times the file size limit
ZIP_MAX_RATIO = 200  # …and no entry over 1 MB may inflate more than this many times its packed size
ZIP_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
GBK_NAMES = ("GBK", "936", "CP936", "GB2312")


def max_bytes() -> int:
    return int(settings.get("PEAKATLAS_MAX_IMPORT_MB") * 1024 * 1024)


def read_any(path: Path, workdir: Path) -> tuple[gpd.GeoDataFrame, str, list[dict]]:
    """Read a boundary file; returns (frame, format name, warnings)."""
    if not path.exists():
        raise BoundaryImportError("imp_no_file", source=str(path))
    size = path.stat().st_size
    if size == 0:
        raise BoundaryImportError("imp_empty", source=path.name)
    if size > max_bytes():
        limit_mb = settings.get("PEAKATLAS_MAX_IMPORT_MB")
        raise BoundaryImportError(
            "imp_too_big", source=path.name, mb=fmt_beyond(size / 2**20, limit_mb), limit=fmt(limit_mb)
        )
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None and zipfile.is_zipfile(path):
        kind = "zip"
    if kind == "zip":
        return _read_zip(path, workdir)
    if kind == "ESRI Shapefile":
        gdf, warnings = _read_shapefile(path)
        return gdf, "Shapefile", warnings
    if kind == "GPKG":
        _one_layer(path)
    gdf = _read(path)
    if kind == "GeoJSON":
        _declared_crs_known(path)
    return gdf, kind or pyogrio.read_info(str(path)).get("driver", "unknown"), []


def _read(path: Path, **kwargs) -> gpd.GeoDataFrame:
    try:
        return pyogrio.read_dataframe(str(path), **kwargs)
    except UnicodeDecodeError:
        raise  # the Shapefile reader names the encoding it tried
    except shapely.errors.GEOSException as e:  # e.g. a ring whose first point is NaN is not closed
        raise BoundaryImportError("imp_bad_geometry", source=path.name, error=str(e).splitlines()[0]) from None
    except Exception as e:  # GDAL's message says what it could not read
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise BoundaryImportError("imp_unreadable", source=path.name, error=first[:200]) from None


# ---------------------------------------------------------------- zip archives


def _junk(name: str) -> bool:
    """macOS resource forks and folder metadata that archivers add."""
    parts = PurePosixPath(name).parts
    return bool(parts) and (parts[0] == "__MACOSX" or parts[-1].startswith("._") or parts[-1] == ".DS_Store")


def _unsafe(info: zipfile.ZipInfo) -> bool:
    name = info.filename.replace("\\", "/")
    parts = PurePosixPath(name).parts
    is_link = (info.external_attr >> 16) & 0o170000 == 0o120000
    return name.startswith("/") or ".." in parts or (parts and ":" in parts[0]) or is_link


def _checked_entries(z: zipfile.ZipFile, source: str) -> list[zipfile.ZipInfo]:
    infos = z.infolist()
    if len(infos) > ZIP_MAX_ENTRIES:
        raise BoundaryImportError("imp_zip_many_entries", source=source, n=len(infos), limit=ZIP_MAX_ENTRIES)
    for info in infos:
        if _unsafe(info):
            raise BoundaryImportError("imp_zip_unsafe_path", source=source, entry=info.filename[:120])
        if info.flag_bits & 0x1:
            raise BoundaryImportError("imp_zip_encrypted", source=source, entry=info.filename[:120])
        if info.compress_type not in ZIP_METHODS:
            raise BoundaryImportError("imp_zip_unsupported", source=source, method=info.compress_type)
    limit = ZIP_INFLATE_FACTOR * max_bytes()
    if sum(i.file_size for i in infos) > limit:
        raise BoundaryImportError("imp_zip_too_large", source=source, limit=f"{limit / 1e6:.0f}")
    for info in infos:
        if info.file_size > 1_000_000 and info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            raise BoundaryImportError("imp_zip_ratio", source=source, entry=info.filename[:120], ratio=f"{ratio:.0f}")
    return [i for i in infos if not i.is_dir() and not _junk(i.filename)]


def _extract(z: zipfile.ZipFile, infos: list[zipfile.ZipInfo], workdir: Path, source: str) -> None:
    """Extract with a byte counter: the sizes in the headers are not trusted."""
    limit = budget = ZIP_INFLATE_FACTOR * max_bytes()
    for info in infos:
        target = workdir / PurePosixPath(info.filename.replace("\\", "/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        with z.open(info) as src, open(target, "wb") as dst:
            while chunk := src.read(1 << 20):
                budget -= len(chunk)
                if budget < 0:
                    raise BoundaryImportError("imp_zip_too_large", source=source, limit=f"{limit / 1e6:.0f}")
                dst.write(chunk)


def _read_zip(path: Path, workdir: Path) -> tuple[gpd.GeoDataFrame, str, list[dict]]:
    try:
        with zipfile.ZipFile(path) as z:
            _extract(z, _checked_entries(z, path.name), workdir, path.name)
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, NotImplementedError):
        raise BoundaryImportError("imp_bad_zip", source=path.name) from None
    shps = sorted(workdir.rglob("*.[sS][hH][pP]"))
    gpkgs = sorted(p for p in workdir.rglob("*") if p.suffix.lower() == ".gpkg")
    if len(shps) > 1:
        raise BoundaryImportError("imp_many_shapefiles", source=path.name, n=len(shps))
    if shps:
        gdf, warnings = _read_shapefile(shps[0])
        return gdf, "zipped Shapefile", warnings
    if gpkgs:
        gdf, _, warnings = read_any(gpkgs[0], workdir / "_")
        return gdf, "GeoPackage (zipped)", warnings
    raise BoundaryImportError("imp_zip_no_shp", source=path.name)


# ---------------------------------------------------------------- Shapefiles


def _part(shp: Path, suffix: str) -> Path | None:
    return next((p for p in shp.parent.glob(shp.stem + ".*") if p.suffix.lower() == suffix), None)


def _dbf_encoding(dbf: Path) -> str:
    """Encoding of a .dbf attribute table without a usable .cpg: UTF-8, else GB18030, else refuse."""
    raw = dbf.read_bytes()
    header_len = int.from_bytes(raw[8:10], "little") if len(raw) >= 10 else len(raw)
    body = raw[header_len:].rstrip(b"\x1a")
    for enc in ("utf-8", "gb18030"):
        try:
            body.decode(enc)
            return enc
        except UnicodeDecodeError:
            continue
    raise BoundaryImportError("imp_dbf_encoding", source=dbf.name)


def _encoding(shp: Path, dbf: Path) -> tuple[str, list[dict]]:
    cpg = _part(shp, ".cpg")
    named = cpg.read_text(errors="replace").strip() if cpg else ""
    if not named:
        return _dbf_encoding(dbf), []
    if named.upper() in GBK_NAMES:
        return "gb18030", []
    try:
        return codecs.lookup(named).name, []
    except LookupError:
        found = _dbf_encoding(dbf)
        return found, [warning("imp_cpg_ignored", cpg=named[:40], encoding=found)]


def _check_counts(shp: Path, shx: Path, dbf: Path) -> None:
    """The .shx index and the .dbf table must describe as many features as each other."""
    shapes = max((shx.stat().st_size - 100) // 8, 0)
    head = dbf.read_bytes()[:8]
    rows = int.from_bytes(head[4:8], "little") if len(head) == 8 else 0
    if shapes != rows:
        raise BoundaryImportError("imp_shp_dbf_mismatch", source=shp.name, shapes=shapes, rows=rows)


def _read_shapefile(shp: Path) -> tuple[gpd.GeoDataFrame, list[dict]]:
    parts = {s: _part(shp, s) for s in (".shx", ".dbf")}
    for suffix, p in parts.items():
        if p is None:
            raise BoundaryImportError("imp_shp_missing_part", source=shp.name, part=suffix)
    _check_counts(shp, parts[".shx"], parts[".dbf"])
    encoding, warnings = _encoding(shp, parts[".dbf"])
    try:
        gdf = _read(shp, encoding=encoding)
    except UnicodeDecodeError as e:
        raise BoundaryImportError("imp_dbf_not_encoding", source=shp.name, encoding=encoding, reason=e.reason) from None
    if gdf.crs is None and _part(shp, ".prj") is not None:
        raise BoundaryImportError("imp_unknown_crs", source=shp.name, crs=_part(shp, ".prj").read_text()[:60])
    return gdf, warnings


# ---------------------------------------------------------------- GeoPackages and GeoJSON


def _one_layer(path: Path) -> None:
    try:
        layers = pyogrio.list_layers(str(path))
    except Exception:
        return  # not readable: _read says why
    if len(layers) > 1:
        names = ", ".join(str(n) for n, _ in layers[:5])
        raise BoundaryImportError("imp_many_layers", source=path.name, n=len(layers), layers=names)


def geojson_crs(path: Path) -> str | None:
    """The `crs` member a GeoJSON file declares (RFC 7946 dropped it, old files still carry it), if any."""
    try:
        crs = json.loads(path.read_text(encoding="utf-8")).get("crs")
    except (ValueError, UnicodeDecodeError, RecursionError, AttributeError):
        return None
    if crs is None:
        return None
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
    return str(name) if name is not None else json.dumps(crs, ensure_ascii=False)[:60]


def _declared_crs_known(path: Path) -> None:
    name = geojson_crs(path)
    if name is None:
        return
    try:
        CRS.from_user_input(name)
    except Exception:
        raise BoundaryImportError("imp_unknown_crs", source=path.name, crs=name[:60]) from None
