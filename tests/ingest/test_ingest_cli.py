"""python -m data ingest: a dry run prints candidates (csv or table) and stores nothing; without --dry-run an admin
(--user) stores a draft, lists, reviews, publishes and withdraws it; bad input is one line on stderr."""

import csv
import io

from data.__main__ import main
from tests.ingest import plan_files


def test_a_dry_run_prints_candidates_as_csv(tmp_path, capsys):
    path = tmp_path / "plan.docx"
    path.write_bytes(plan_files.docx())
    assert main(["ingest", str(path), "--jurisdiction", "310117", "--dry-run", "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0])[:3] == ["section", "indicator_zh", "kind"] and list(rows[0])[-2:] == ["confidence", "reason"]
    pv = next(r for r in rows if r["value"] == "29.4")
    assert (pv["unit"], pv["target_year"], pv["section"]) == (
        "万千瓦",
        "2025",
        "二(一)1",
    ) and "nothing was stored" in err
    assert pv["reason"] == "数值与单位 万千瓦；年份取自“十四五”"  # the reason in Chinese unless --lang en
    assert main(["ingest", str(path), "--jurisdiction", "310117", "--dry-run", "--what", "measures"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].startswith("# plan.docx · 松江区 (310117) ·") and any("车墩镇\t310117104" in line for line in table)
    town = next(line for line in table if "车墩镇\t310117104" in line)
    assert town.endswith("\t提及乡镇车墩镇(310117104)")


def test_the_reason_column_speaks_the_language_asked_for(tmp_path, capsys):
    path = tmp_path / "plan.txt"
    path.write_bytes(plan_files.txt())
    dry = ["ingest", str(path), "--jurisdiction", "310117", "--dry-run", "--format", "csv"]
    assert main([*dry, "--lang", "en"]) == 0
    en = next(r for r in csv.DictReader(io.StringIO(capsys.readouterr().out)) if r["value"] == "29.4")
    assert en["reason"] == "number with unit 万千瓦; year from “十四五”"
    assert main([*dry, "--lang", "zh"]) == 0
    zh = next(r for r in csv.DictReader(io.StringIO(capsys.readouterr().out)) if r["value"] == "29.4")
    assert zh["reason"] == "数值与单位 万千瓦；年份取自“十四五”" and {**zh, "reason": ""} == {**en, "reason": ""}


def test_without_dry_run_nor_user_nothing_is_stored_and_bad_input_is_one_line(tmp_path, capsys, isolated_store):
    path = tmp_path / "plan.txt"
    path.write_bytes(plan_files.txt())
    assert main(["ingest", str(path), "--jurisdiction", "310117"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "--user NAME (an admin) is needed" in err
    assert main(["ingest", str(path), "--jurisdiction", "123456", "--dry-run"]) == 1
    assert capsys.readouterr().err.strip() == "unknown jurisdiction code '123456'"
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["ingest", str(tmp_path / "empty.txt"), "--jurisdiction", "310117", "--dry-run"]) == 1
    assert capsys.readouterr().err.strip() == "empty.txt holds no text"


def test_store_review_and_publish_from_the_command_line(tmp_path, capsys, isolated_store, monkeypatch):
    from data import reporting as r
    from data.reporting import plan_store

    with r.open_session(r.open_engine()) as s:
        r.add_user(s, r.local_operator("test"), "boss", "admin", "correct horse 42")
        r.add_user(s, r.local_operator("test"), "viewer", "viewer", "correct horse 42")
    monkeypatch.setenv("PEAKATLAS_PASSWORD", "correct horse 42")
    path = tmp_path / "plan.txt"
    path.write_bytes(plan_files.txt())
    store = ["ingest", str(path), "--jurisdiction", "310117", "--title", "松江区方案"]
    assert main([*store, "--user", "viewer"]) == 1
    assert "viewer" in capsys.readouterr().err and plan_store.plans_frame().empty
    assert main([*store, "--user", "boss"]) == 0
    assert capsys.readouterr().out.startswith("stored draft 1 (plan 501)")
    assert main([*store, "--user", "boss"]) == 1
    assert "was ingested before" in capsys.readouterr().err
    assert main(["ingest", "--list"]) == 0
    assert capsys.readouterr().out.split("\t")[:4] == ["1", "501", "draft", "310117"]
    assert main(["ingest", "--plan", "1"]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert rows[0][0] == "501-T001" and {r[3] for r in rows} == {"proposed"}
    assert main(["ingest", "--plan", "1", "--reject", "501-T001", "--user", "boss"]) == 0
    assert main(["ingest", "--plan", "1", "--accept-above", "0.9", "--user", "boss"]) == 0
    accepted = int(capsys.readouterr().out.split()[-1].strip())
    assert accepted == (plan_store.rows_frame(1)["review"] == "accepted").sum() > 0
    assert main(["ingest", "--plan", "1", "--publish", "--user", "boss"]) == 0
    assert plan_store.plans_frame()["state"].tolist() == ["published"]
    assert main(["ingest", "--plan", "1", "--withdraw", "--user", "boss"]) == 0
    assert plan_store.plans_frame()["state"].tolist() == ["withdrawn"]
