"""python -m data ingest: a dry run prints candidates (csv or table) and stores nothing; without --dry-run it says
storing is not available; bad input is one line on stderr."""

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
    assert main(["ingest", str(path), "--jurisdiction", "310117", "--dry-run", "--what", "measures"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].startswith("# plan.docx · 松江区 (310117) ·") and any("车墩镇\t310117104" in line for line in table)


def test_without_dry_run_nothing_is_stored_and_bad_input_is_one_line(tmp_path, capsys):
    path = tmp_path / "plan.txt"
    path.write_bytes(plan_files.txt())
    assert main(["ingest", str(path), "--jurisdiction", "310117"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "not available yet" in err
    assert main(["ingest", str(path), "--jurisdiction", "123456", "--dry-run"]) == 1
    assert capsys.readouterr().err.strip() == "unknown jurisdiction code '123456'"
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["ingest", str(tmp_path / "empty.txt"), "--jurisdiction", "310117", "--dry-run"]) == 1
    assert capsys.readouterr().err.strip() == "empty.txt holds no text"
