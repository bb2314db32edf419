import contextlib
import sqlite3
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_store(tmp_path, monkeypatch):
    """Every test gets its own empty store outside the repository."""
    monkeypatch.setenv("PEAKATLAS_DATA_DIR", str(tmp_path / "peakatlas-data"))
    yield tmp_path / "peakatlas-data"


def store_snapshot(root: Path) -> dict[str, object]:
    """What the store under `root` holds: every file except the SQLite database's own and the geometry cache
    (geo/disk_cache.py: derived, made again at will), and every row of every table of that database. Compare
    before/after to prove nothing was stored ({} = nothing at all)."""
    if not root.exists():
        return {}
    snap: dict[str, object] = {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.startswith("peakatlas.db") and p.relative_to(root).parts[0] != "cache"
    }
    db = root / "peakatlas.db"
    if db.exists():
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
            tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            for table in sorted(set(tables) - {"alembic_version", "sqlite_sequence"}):
                if rows := conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall():
                    snap[f"table:{table}"] = rows
    return snap


@pytest.fixture(autouse=True)
def streamlit_navigation_in_charge(monkeypatch):
    """AppTest resets Streamlit's pages-folder flag before every run, so each run would start in the mode a
    real server is in only for its very first run (that case is tested in a real browser:
    tests/e2e/test_e2e_first_visit.py). Let AppTest runs start as a running server's do."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture
def exports_store(isolated_store):
    """The exports' engine (layers/exports/sources.engine, kept per process) on this test's own store."""
    from layers.exports import sources

    sources.engine.cache_clear()
    yield
    sources.engine.cache_clear()
