"""Every PEAKATLAS_* setting declared once: defaults, parsing, one clear error naming the variable, the same
data directory for every store, the README table, and no other reader of the environment."""

import subprocess
import sys
from pathlib import Path

import pytest

from data import settings
from tests.conftest import REPO


def test_readme_table_is_the_declared_settings():
    assert settings.readme_table() in (REPO / "README.md").read_text(encoding="utf-8")


def test_nothing_else_reads_peakatlas_variables_from_the_environment():
    out = subprocess.run(
        ["git", "grep", "-nE", r"os\.(environ|getenv)", "--", "app.py", "data", "geo", "layers", "pages"],
        cwd=REPO,
        capture_output=True,
        text=True,
    ).stdout
    assert [line for line in out.splitlines() if not line.startswith("data/settings.py")] == []


@pytest.mark.parametrize(
    "name,value,why",
    [
        ("PEAKATLAS_MAX_UPLOAD_MB", "five", "not a number of megabytes"),
        ("PEAKATLAS_MAX_IMPORT_MB", "-1", "must be a positive number of megabytes"),
        ("PEAKATLAS_MAX_IMPORT_MB", "nan", "must be a positive number of megabytes"),
        ("PEAKATLAS_DB_URL", "mysql://x@y/z", "expected postgresql://"),
        ("PEAKATLAS_BASEMAPS", "osm,google", "unknown basemap google"),
        ("PEAKATLAS_TILE_URL", "http://tiles.local/tile.png", "needs {z}, {x} and {y}"),
        ("PEAKATLAS_TILE_DATUM", "bd09", "expected wgs84 or gcj02"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_variable(monkeypatch, name, value, why):
    monkeypatch.setenv(name, value)
    problems = settings.check()
    assert len(problems) == 1 and problems[0].startswith(f"{name}={value!r}: ") and why in problems[0]
    with pytest.raises(settings.SettingError, match=name):
        settings.get(name)


def test_empty_means_default_for_every_store(monkeypatch, tmp_path):
    monkeypatch.setenv("PEAKATLAS_DATA_DIR", "")
    from data.reporting import db

    home = Path("~/.peakatlas").expanduser()
    assert settings.get("PEAKATLAS_DATA_DIR") == home == db.data_dir()
    monkeypatch.setenv("PEAKATLAS_DATA_DIR", str(tmp_path))
    assert db.data_dir() == tmp_path
    assert settings.get("PEAKATLAS_MAX_UPLOAD_MB") == 5.0 and settings.get("PEAKATLAS_BASEMAPS") == ()


@pytest.mark.parametrize("module", ["data", "geo"])
def test_command_lines_refuse_to_start_on_a_bad_setting(module, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "PEAKATLAS_DATA_DIR": str(tmp_path), "PEAKATLAS_MAX_IMPORT_MB": "lots"}
    argv = ["targets"] if module == "data" else ["export", "--level", "district"]
    res = subprocess.run(
        [sys.executable, "-m", module, *argv], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert res.returncode == 2 and res.stderr.strip() == "PEAKATLAS_MAX_IMPORT_MB='lots': not a number of megabytes"


@pytest.mark.apptest
def test_the_app_says_which_setting_is_wrong_and_stops(monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("PEAKATLAS_BASEMAPS", "google")
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    assert not at.exception, at.exception
    from data.i18n import t

    assert [e.value.splitlines()[0].strip() for e in at.error] == [t("settings_bad", "zh")]
    assert "PEAKATLAS\\_BASEMAPS" in at.error[0].value and not at.title  # nothing else is drawn
