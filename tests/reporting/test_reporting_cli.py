"""python -m data users add | reports template/import/review/owed/export | allocations save | audit."""

import csv
import io
import os
import subprocess
import sys

import pytest

from data.__main__ import main
from data.reporting import db, template
from tests.conftest import REPO
from tests.reporting import corpus
from tests.reporting.conftest import PASSWORD, snapshot


@pytest.fixture
def cli(db_url, monkeypatch, capsys):
    """Runs the CLI in-process against the test store; returns (exit code, stdout, stderr)."""
    monkeypatch.setenv("PEAKATLAS_DB_URL", db_url)
    monkeypatch.setenv("PEAKATLAS_PASSWORD", PASSWORD)

    def run(*argv):
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _rows(text):
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize(
    "argv,message",
    [
        (["--role", "town_editor"], "area: a town_editor needs --area: a 9-digit town code or a district code"),
        (["--role", "district_reviewer"], "area: a district_reviewer needs --area: a district code"),
        (["--role", "town_editor", "--area", "310117999"], "area: '310117999' is not an area code in the gazetteer"),
        (
            ["--role", "district_reviewer", "--area", "310117102"],
            "area: a district_reviewer needs --area: a district code, not a town code",
        ),
        (
            ["--role", "town_editor", "--area", "310000"],
            "area: a town_editor needs --area: a 9-digit town code or a district code, not a city code",
        ),
    ],
)
def test_users_add_refuses_bad_bindings(cli, argv, message):
    code, out, err = cli("users", "add", "x", *argv)
    assert code == 1 and err.strip() == message


def test_users_add_and_import_and_export_and_audit(cli, db_url, tmp_path):
    assert cli("users", "add", "sijing", "--role", "town_editor", "--area", "310117102")[:2] == (
        0,
        "added sijing (town_editor, 310117102)\n",
    )
    assert cli("users", "add", "sijing", "--role", "viewer")[::2] == (1, "name: user 'sijing' already exists\n")
    good = tmp_path / "good.xlsx"
    good.write_bytes(corpus.xlsx_bytes(corpus.GOOD_ROWS))
    code, out, _ = cli("reports", "import", str(good), "--user", "sijing")
    assert code == 0 and out.startswith("stored 3 new and 0 corrected figure(s) from good.xlsx")
    code, out, _ = cli("reports", "export", "--format", "csv")
    rows = _rows(out)
    assert code == 0 and [(r["target_id"], r["status"], r["version"]) for r in rows] == [
        ("000-T046", "pending", "1"),
        ("000-T049", "pending", "1"),
        ("000-T047", "pending", "1"),
    ]
    assert rows[0]["note"] == "新造林" and rows[0]["submitted_by"] == "sijing"
    code, out, _ = cli("audit", "--format", "csv")
    log = _rows(out)
    assert [r["action"] for r in log] == ["create"] * 4 and log[0]["user_name"].startswith("cli:")
    assert {r["user_name"] for r in log[1:]} == {"sijing"} and "upload good.xlsx row 2" in log[1]["reason"]


def test_import_of_a_bad_file_prints_every_problem_and_stores_nothing(cli, db_url, tmp_path):
    cli("users", "add", "sijing", "--role", "town_editor", "--area", "310117102")
    engine = db.create_store_engine(db_url)
    before = snapshot(engine)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(
        corpus.csv_bytes(
            [
                corpus.row(),
                corpus.row(area_code="310117104"),
                corpus.row(value="abc"),
                corpus.row(target_id="000-T049", unit="处", year=2040),
            ]
        )
    )
    code, out, err = cli("reports", "import", str(bad), "--user", "sijing")
    assert code == 1
    assert (
        out.splitlines()
        == [
            "row 3, area_code: 310117104 is outside your area (310117102); sijing may only report for 310117102",
            "row 4, value: 'abc' is not a number",
            "row 5, year: 2040 is outside the reporting years 2020–2035 of target 000-T049",
        ]
        and "nothing stored" in err
    )
    assert snapshot(engine) == before
    engine.dispose()


def test_import_needs_the_users_password(cli, tmp_path, monkeypatch):
    cli("users", "add", "sijing", "--role", "town_editor", "--area", "310117102")
    good = tmp_path / "good.csv"
    good.write_bytes(corpus.csv_bytes(corpus.GOOD_ROWS))
    monkeypatch.setenv("PEAKATLAS_PASSWORD", "wrong password")
    code, out, err = cli("reports", "import", str(good), "--user", "sijing")
    assert code == 1 and "wrong user name or password" in err
    monkeypatch.setenv("PEAKATLAS_PASSWORD", PASSWORD)
    assert _rows(cli("reports", "export", "--format", "csv")[1]) == []


def test_template_command(cli, tmp_path):
    for fmt in ("csv", "xlsx"):
        out = tmp_path / f"t.{fmt}"
        assert (
            cli("reports", "template", "--area", "310117102", "--format", fmt, "--year", "2024", "--out", str(out))[0]
            == 0
        )
        if fmt == "csv":
            assert out.read_bytes() == template("310117102", "csv", 2024)
        else:
            assert out.read_bytes()[:2] == b"PK"
    assert cli("reports", "template", "--area", "123", "--format", "csv", "--out", str(tmp_path / "x"))[0] == 1


def test_cli_as_a_subprocess(tmp_path, isolated_store):
    env = {**os.environ, "PEAKATLAS_DATA_DIR": str(isolated_store), "PEAKATLAS_PASSWORD": PASSWORD}
    env.pop("PEAKATLAS_DB_URL", None)

    def run(*argv):
        return subprocess.run(
            [sys.executable, "-m", "data", *argv], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
        )

    assert run("users", "add", "rev", "--role", "district_reviewer", "--area", "310117").returncode == 0
    res = run("reports", "export", "--format", "csv")
    assert res.returncode == 0 and res.stdout.startswith("id,target_id,area_code,year,value,unit,status,version")
    assert (isolated_store / "peakatlas.db").exists()
    assert run("targets", "--format", "csv").stdout.startswith("id,plan_id")  # existing commands unchanged


def test_the_progress_loop_on_the_command_line(cli, db_url, monkeypatch):
    """reviewer splits by area, town reports, reviewer approves; the town's owed list shows its share and status."""
    cli("users", "add", "chedun", "--role", "town_editor", "--area", "310117104")
    cli("users", "add", "songjiang", "--role", "district_reviewer", "--area", "310117")
    code, out, err = cli("reports", "owed", "--area", "310117104", "--year", "2025", "--format", "csv")
    before = {r["target_id"]: r for r in _rows(out)}
    assert code == 0 and before["000-T002"]["share"] == "" and before["000-T002"]["status"] == "no_report"
    assert not any(t.startswith("002-") for t in before)  # Shanghai-wide targets are not the town's to report
    code, out, err = cli(
        "allocations", "save", "000-T002", "--district", "310117", "--by", "area", "--user", "songjiang"
    )
    assert code == 0 and out.startswith("saved 20 shares of 000-T002 in 310117: allocated 29.4 of 29.4 万千瓦, gap 0")
    from data.reporting import open_engine, open_session, submit, verify

    engine = open_engine(db_url)
    with open_session(engine) as s:
        submit(s, verify(s, "chedun", PASSWORD), "000-T002", "310117104", 2025, 2.1, "万千瓦")
    code, out, err = cli("reports", "review", "1", "--approve", "--user", "songjiang")
    assert code == 0 and out.startswith("report 1 (000-T002, 310117104, 2025: 2.1 万千瓦) is approved")
    after = {r["target_id"]: r for r in _rows(cli("reports", "owed", "--area", "310117104", "--year", "2025")[1])}
    assert after["000-T002"]["share"] == "1.379" and after["000-T002"]["latest_value"] == "2.1"
    assert after["000-T002"]["status"] == "achieved" and after["000-T002"]["report_status"] == "approved"
    assert cli("reports", "review", "1", "--reject", "--reason", "x", "--user", "chedun")[0] == 1  # not a reviewer
    monkeypatch.setenv("PEAKATLAS_PASSWORD", "wrong password")
    assert (
        cli("allocations", "save", "000-T002", "--district", "310117", "--by", "equal", "--user", "songjiang")[0] == 1
    )
    monkeypatch.setenv("PEAKATLAS_PASSWORD", PASSWORD)
    code, out, err = cli(
        "allocations",
        "save",
        "000-T002",
        "--district",
        "310117",
        "--by",
        "equal",
        "--set",
        "310117104=2",
        "--user",
        "songjiang",
    )
    assert code == 0 and "gap" in out
    from data.reporting import allocations_frame

    with open_session(engine) as s:
        shares = allocations_frame(s, "000-T002", "310117").set_index("area_code")
        assert shares.loc["310117104", "value"] == 2 and shares.loc["310117104", "method"] == "manual"
    from data.reporting.audit import audit_frame

    with open_session(engine) as s:
        actions = audit_frame(s)[["user_name", "action", "entity"]].values.tolist()
    assert ["songjiang", "review", "report"] in actions and ["songjiang", "update", "allocation"] in actions
    assert cli("reports", "owed", "--area", "999", "--format", "csv")[0] == 1
    engine.dispose()


def test_a_published_plans_targets_are_in_the_template(cli, engine, people, tmp_path):
    from data import plan_data
    from data.reporting import plan_store

    text = "奉贤区碳达峰实施方案\n\n一、主要目标\n到2025年,全区单位生产总值能源消耗比2020年下降14%。\n"
    ref = plan_store.ingest(people.admin, text.encode("utf-8"), "fx.txt", "310120", "奉贤区碳达峰实施方案", engine)
    plan_store.accept_above(people.admin, ref, 0.5, engine)
    plan_store.publish(people.admin, ref, engine)
    out = tmp_path / "t.csv"
    try:
        assert cli("reports", "template", "--area", "310120", "--format", "csv", "--out", str(out))[0] == 0
        ids = {r["目标编号 target_id"] for r in _rows(out.read_text(encoding="utf-8-sig"))}
        assert any(i.startswith("501-") for i in ids), ids  # the command line reads the store's plans too
    finally:  # this process's plan data (and what was derived from it) back to the five
        plan_store.withdraw(people.admin, ref, engine)
        assert plan_store.join_into_plan_data(engine) and not plan_data.load_plans()["id"].eq("501").any()
