"""Every PEAKATLAS_* setting, declared once: its name, default, parser and meaning. Everything reads settings
through get(); nothing else looks at os.environ for them. An empty variable means its default. check() turns
every bad value into one clear line naming the variable (the app and both command lines call it first), and
the README's configuration table is checked against SETTINGS by a test."""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
BASEMAP_KEYS = ("osm", "tianditu", "amap", "custom")
DATUMS = ("wgs84", "gcj02")


class SettingError(ValueError):
    """A setting holds a value its parser refuses: str() names the variable and says why."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: str  # as written in the environment; "" = none
    parse: Callable[[str], Any]
    help: str
    shown_default: str = ""  # how the README shows the default, when not the raw value


def _path(raw: str) -> Path:
    return Path(raw).expanduser()


def _positive_mb(raw: str) -> float:
    try:
        mb = float(raw)
    except ValueError:
        raise ValueError("not a number of megabytes") from None
    if not math.isfinite(mb) or mb <= 0:
        raise ValueError("must be a positive number of megabytes")
    return mb


def _db_url(raw: str) -> str:
    if raw and not raw.startswith(("postgres://", "postgresql://", "postgresql+psycopg://", "sqlite:///")):
        raise ValueError("expected postgresql://user:password@host/database (or sqlite:///path)")
    return raw


def _basemaps(raw: str) -> tuple[str, ...]:
    keys = tuple(k.strip() for k in raw.split(",") if k.strip())
    unknown = [k for k in keys if k not in BASEMAP_KEYS]
    if unknown:
        raise ValueError(f"unknown basemap {', '.join(unknown)}; choose from {', '.join(BASEMAP_KEYS)}")
    return keys


def _tile_url(raw: str) -> str:
    if raw and not all(part in raw for part in ("{z}", "{x}", "{y}")):
        raise ValueError("a tile URL template needs {z}, {x} and {y}")
    return raw


def _count(minimum: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        if not (raw.isascii() and raw.isdigit()) or int(raw) < minimum:
            raise ValueError(f"expected a whole number ≥ {minimum}")
        return int(raw)

    return parse


def _datum(raw: str) -> str:
    if raw not in DATUMS:
        raise ValueError(f"expected {' or '.join(DATUMS)}")
    return raw


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "PEAKATLAS_DATA_DIR",
        "~/.peakatlas",
        _path,
        "the reporting database with imported boundaries, and caches (outside the git tree)",
    ),
    Setting(
        "PEAKATLAS_DB_URL",
        "",
        _db_url,
        "a PostgreSQL server shared by several app instances",
        "*(SQLite in the data dir)*",
    ),
    Setting("PEAKATLAS_MAX_UPLOAD_MB", "5", _positive_mb, "size limit of a progress upload"),
    Setting("PEAKATLAS_MAX_IMPORT_MB", "50", _positive_mb, "size limit of a boundary file"),
    Setting("PEAKATLAS_MAX_IMPORT_VERTICES", "3000000", _count(1), "vertex limit of a boundary file"),
    Setting(
        "PEAKATLAS_INGEST_MAX_MB", "20", _positive_mb, "size limit of a plan file to ingest (`python -m data ingest`)"
    ),
    Setting(
        "PEAKATLAS_SEEDS",
        str(REPO_ROOT.parent / "shared" / "seeds"),
        _path,
        "plan texts, for `python -m data check` and the provenance tests",
        "`../shared/seeds`",
    ),
    Setting(
        "PEAKATLAS_BASEMAPS",
        "",
        _basemaps,
        "comma-separated basemaps to offer: `osm`, `tianditu`, `amap`, `custom`. Off by default: a basemap makes "
        "the browser fetch tiles from that server",
        "*(none)*",
    ),
    Setting("PEAKATLAS_TIANDITU_KEY", "", str, "天地图 key (needed for `tianditu`)"),
    Setting("PEAKATLAS_TILE_URL", "", _tile_url, "an intranet tile server (`{z}/{x}/{y}` template) for `custom`"),
    Setting("PEAKATLAS_TILE_DATUM", "wgs84", _datum, "the datum of `PEAKATLAS_TILE_URL`'s tiles: `wgs84` or `gcj02`"),
    Setting("PEAKATLAS_TILE_ATTR", "intranet tiles", str, "attribution shown for `PEAKATLAS_TILE_URL`'s tiles"),
    Setting(
        "PEAKATLAS_PASSWORD",
        "",
        str,
        "the password of the user a command line acts as (`--user`), or of a new user; else a prompt",
    ),
    Setting(
        "PEAKATLAS_LOGIN_FREE_TRIES",
        "5",
        _count(0),
        "wrong passwords in a row for one user name before each further try waits (1 s, then doubling)",
    ),
    Setting(
        "PEAKATLAS_LOGIN_ADDRESS_TRIES",
        "20",
        _count(0),
        "the same for one client address, over all user names it tries",
    ),
    Setting("PEAKATLAS_LOGIN_MAX_WAIT_S", "300", _count(1), "the longest wait between two login tries, in seconds"),
    Setting(
        "PEAKATLAS_LOGIN_LOCK_AFTER",
        "20",
        _count(0),
        "wrong passwords in a row that lock an account until an admin unlocks it (`0`: never)",
    ),
    Setting("PEAKATLAS_SESSION_HOURS", "12", _count(1), "how long a login lasts in a browser (it survives a reload)"),
    Setting(
        "PEAKATLAS_PROXY_HOPS",
        "0",
        _count(0),
        "reverse proxies in front of the app; from 1 on, the client address for login throttling is read from "
        "`X-Forwarded-For`",
    ),
)
BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> Any:
    """The parsed value of a setting now (an empty or unset variable gives its default)."""
    setting = BY_NAME[name]
    raw = os.environ.get(name, "").strip() or setting.default
    try:
        return setting.parse(raw)
    except ValueError as e:
        raise SettingError(f"{name}={raw!r}: {e}") from None


def check() -> list[str]:
    """One line per setting with a bad value (empty when all are fine)."""
    problems = []
    for s in SETTINGS:
        try:
            get(s.name)
        except SettingError as e:
            problems.append(str(e))
    return problems


def readme_table() -> str:
    """The configuration table of README.md."""
    lines = ["| variable | default | meaning |", "|---|---|---|"]
    lines += [
        f"| `{s.name}` | {s.shown_default or (f'`{s.default}`' if s.default else '')} | {s.help} |" for s in SETTINGS
    ]
    return "\n".join(lines)
