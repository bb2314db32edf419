import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_store(tmp_path, monkeypatch):
    """Every test gets its own empty store outside the repository."""
    monkeypatch.setenv("PEAKATLAS_DATA_DIR", str(tmp_path / "peakatlas-data"))
    yield tmp_path / "peakatlas-data"


def store_snapshot(root: Path) -> dict[str, bytes]:
    """Every file below the store with its bytes: compare before/after to prove nothing was stored."""
    if not root.exists():
        return {}
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
