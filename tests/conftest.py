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
