"""Imported boundaries in the shared store (geo/store.py): every instance sees the same, writes are admin-only
and audited (refusals too), concurrent imports lose nothing, a revert is revertible, the old file store moves in."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import geopandas as gpd
import pytest
import shapely
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from data.reporting import PermissionDenied, add_user, audit_frame, open_session
from data.reporting.auth import local_operator
from data.reporting.errors import NotFound
from geo import areas, store
from tests import boundary_files as bf
from tests.conftest import REPO

OPERATOR = local_operator()
SONGJIANG = "310117"


def _towns(codes: list[str] | None = None, shift: float = 0.0) -> gpd.GeoDataFrame:
    t = areas.towns(SONGJIANG)
    t = t if codes is None else t.loc[codes]
    geoms = [shapely.affinity.translate(g, shift, 0) for g in t.geometry]
    return gpd.GeoDataFrame({"code": list(t["code"]), "name": list(t["name"])}, geometry=geoms, crs=4326)


def _in_force(engine) -> dict[str, str]:
    return dict(zip(store.load(engine)["code"], store.load(engine)["import_id"]))


def test_imports_replace_reverts_restore_and_a_revert_is_revertible(engine):
    first = store.save_import(OPERATOR, _towns(), "town", "all.geojson", "wgs84", {}, engine)
    three = ["310117001", "310117002", "310117003"]
    second = store.save_import(OPERATOR, _towns(three, 0.001), "town", "three.geojson", "wgs84", {}, engine)
    now = _in_force(engine)
    assert len(now) == 20 and {now[c] for c in three} == {str(second)} and now["310117104"] == str(first)

    assert store.revert(OPERATOR, "town", change_id=second, engine=engine) == three
    assert set(_in_force(engine).values()) == {str(first)}  # back to the first import, not to nothing
    undo = int(store.history(engine).iloc[0]["id"])
    assert store.revert(OPERATOR, "town", change_id=undo, engine=engine) == three  # the revert is revertible
    assert {_in_force(engine)[c] for c in three} == {str(second)}

    assert store.revert(OPERATOR, "town", codes=["310117104"], engine=engine) == ["310117104"]
    assert "310117104" not in _in_force(engine) and len(_in_force(engine)) == 19
    assert store.revert(OPERATOR, "town", codes=["310117104"], engine=engine) == []  # nothing left to drop
    with pytest.raises(NotFound):
        store.revert(OPERATOR, "town", change_id=999, engine=engine)

    history = store.history(engine)
    assert list(history["kind"]) == ["revert", "revert", "revert", "import", "import"]
    assert history.set_index("id").loc[first, "live"] == 16 and history.set_index("id").loc[second, "live"] == 3
    with open_session(engine) as s:
        log = audit_frame(s, "boundary")
    assert list(log["action"]) == ["import", "import", "revert", "revert", "revert"]


def test_undoing_an_import_goes_back_to_before_it_whatever_came_between(engine):
    code = ["310117104"]
    a = store.save_import(OPERATOR, _towns(code), "town", "a.geojson", "wgs84", {}, engine)
    b = store.save_import(OPERATOR, _towns(code, 0.001), "town", "b.geojson", "wgs84", {}, engine)
    store.revert(OPERATOR, "town", codes=code, engine=engine)  # back to the default
    reset = int(store.history(engine).iloc[0]["id"])
    store.revert(OPERATOR, "town", change_id=reset, engine=engine)  # B again
    assert _in_force(engine) == {code[0]: str(b)}
    assert store.revert(OPERATOR, "town", change_id=b, engine=engine) == code
    assert _in_force(engine) == {code[0]: str(a)}  # before B came A, not the default


def test_only_an_admin_writes_boundaries_and_a_refusal_is_audited(engine):
    with open_session(engine) as s:
        editor = add_user(s, OPERATOR, "chedun", "town_editor", "correct horse 42", "310117104")
        admin = add_user(s, OPERATOR, "root", "admin", "correct horse 42")
    before = store.version(engine)
    with pytest.raises(PermissionDenied):
        store.save_import(editor, _towns(["310117104"]), "town", "mine.geojson", "wgs84", {}, engine)
    assert store.version(engine) == before and store.load(engine).empty  # nothing stored
    change = store.save_import(admin, _towns(["310117104"]), "town", "ok.geojson", "wgs84", {}, engine)
    with pytest.raises(PermissionDenied):
        store.revert(editor, "town", change_id=change, engine=engine)
    assert len(store.load(engine)) == 1
    with open_session(engine) as s:
        log = audit_frame(s, "boundary")
    refused = log[log["action"] == "refused"]
    assert list(refused["user_name"]) == ["chedun", "chedun"]
    assert [json.loads(c)["attempted"] for c in refused["changes"]] == ["import", "revert"]
    assert json.loads(refused["changes"].iloc[0])["codes"] == ["310117104"]


def test_the_history_is_append_only_in_the_database(engine):
    store.save_import(OPERATOR, _towns(["310117104"]), "town", "a.geojson", "wgs84", {}, engine)
    for sql in ("UPDATE boundary_versions SET code = 'x'", "DELETE FROM boundary_changes"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(sql))
    assert len(store.load(engine)) == 1


def _cli_import(path, env) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "geo", "import", str(path), "--level", "town"]
    return subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_five_concurrent_imports_of_different_towns_lose_none(db_url, engine, tmp_path):
    """Five processes (as five app instances or CLI runs would) import one town each at the same moment."""
    env = {**os.environ, "PEAKATLAS_DATA_DIR": os.environ["PEAKATLAS_DATA_DIR"]}
    if db_url.startswith("postgresql"):
        env["PEAKATLAS_DB_URL"] = db_url
    towns = bf.songjiang_towns().iloc[:5]
    files = [bf.write_geojson(towns.iloc[[i]], tmp_path / f"town{i}.geojson") for i in range(5)]
    procs = [_cli_import(f, env) for f in files]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0] * 5, [err for _, err in outs]
    assert all(json.loads(out)["stored"] for out, _ in outs)
    assert sorted(store.load(engine)["code"]) == sorted(towns["XZQDM"])  # every one kept
    assert len(store.history(engine)) == 5


def test_revert_on_the_command_line_says_when_there_is_nothing_to_revert(tmp_path):
    path = bf.write_geojson(bf.songjiang_towns().iloc[:2], tmp_path / "two.geojson")
    assert _cli_import(path, dict(os.environ)).wait(timeout=300) == 0
    run = [sys.executable, "-m", "geo", "revert", "--level", "town"]
    missing = subprocess.run([*run, "--import-id", "99"], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert missing.returncode == 2 and "boundary change 99 does not exist" in missing.stderr
    done = subprocess.run([*run, "--import-id", "1"], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and len(json.loads(done.stdout)["reverted"]) == 2
    again = subprocess.run([*run, "--import-id", "1"], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert again.returncode == 3 and "nothing to revert" in again.stderr


def test_the_file_store_of_earlier_releases_moves_in_once(isolated_store):
    old = _towns(["310117104", "310117109"])
    old["level"], old["source_file"], old["datum"] = "town", "towns.zip", "wgs84"
    folder = isolated_store / "boundaries"
    folder.mkdir(parents=True)
    (folder / "current.geojson").write_text(old.to_json(drop_id=True, ensure_ascii=False), encoding="utf-8")
    assert sorted(store.load()["code"]) == ["310117104", "310117109"]
    assert not (folder / "current.geojson").exists() and (folder / "current.geojson.moved").exists()
    assert len(store.history()) == 1 and store.history().iloc[0]["created_by_name"] == "cli:file-store"
    assert len(store.load()) == 2  # not moved twice
