"""What a 2,000-row progress upload costs (not a test): one upload checked and committed, and 20 town editors
uploading 2,000-row files at once, on SQLite and on PostgreSQL; with this tree's code and, given --before, with
an older revision's (a git worktree), alternating, in one run. Run from the repository root:

    git worktree add --detach /tmp/peakatlas-before <revision>     # once
    .venv/bin/python bench/uploads.py --before /tmp/peakatlas-before

How and why: bench/README.md ("Progress uploads")."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TOWNS = 20  # 松江区's towns, one editor each
ROWS = 2000  # SYNTHETIC targets × 16 reportable years (2020–2035)
SYNTHETIC = 125
FIRST_TOWN = "310117102"
DRIVER_TEXT = ("sqlalche.me", "OperationalError", "psycopg", "sqlite3", "database is locked")

# ---------------------------------------------------------------- the load


def synthetic_plans(root: Path) -> Path:
    """data/plans copied, plus plan 900: SYNTHETIC targets of 松江区 that name 各街镇 (so every town owes them),
    each reportable 2020–2035. The plans in the repository ask a town for at most 96 figures; a 2,000-row file
    of distinct figures needs this."""
    plans = root / "plans"
    shutil.copytree(REPO / "data" / "plans", plans)
    with open(plans / "plans.csv", "a", encoding="utf-8") as f:
        f.write("900,900_0000000000000000.txt,合成负载方案,Synthetic load plan,310117,松江区,,,2021,2030\n")
    header = (REPO / "data" / "plans" / "000" / "targets.csv").read_text(encoding="utf-8").splitlines()[0]
    rows = [
        f"900-T{i:03d},一,energy,合成指标{i},Synthetic {i},target,>=,{i},{i},万千瓦,2020,2030,十四五,,"
        f"310117,松江区,各街镇,合成负载方案第{i}项,"
        for i in range(1, SYNTHETIC + 1)
    ]
    (plans / "900").mkdir()
    (plans / "900" / "targets.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return plans


def upload_file(town: str, value: float, fmt: str, columns: list[str]) -> bytes:
    """The town's 2,000 synthetic figures, one a row, as the template's columns."""
    rows = [
        [town, "", f"900-T{i:03d}", "", "", "", "万千瓦", year, value, "按台账"]
        for i in range(1, SYNTHETIC + 1)
        for year in range(2020, 2036)
    ]
    if fmt == "csv":
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerows([columns, *rows])
        return buf.getvalue().encode("utf-8-sig")
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "填报 report"
    for row in [columns, *rows]:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- worker (runs one tree's code)


def worker(spec: dict) -> dict:
    """One measurement in a process of its own, with `spec["tree"]`'s code and the synthetic plans."""
    sys.path.insert(0, spec["tree"])
    os.environ["PEAKATLAS_DATA_DIR"] = spec["data_dir"]
    from data import plan_data

    plan_data.PLANS_DIR = Path(spec["plans"])
    from data import gazetteer_data as gaz
    from data import reporting as r
    from data.reporting.uploads import COLUMNS

    columns = [h for _, h in COLUMNS]
    engine = r.open_engine(spec["db"])
    towns = gaz.children("310117")[:TOWNS]
    with r.open_session(engine) as s:
        op = r.local_operator("bench")
        editors = [r.add_user(s, op, f"ed{i:02d}", "town_editor", "bench password", c) for i, c in enumerate(towns)]
    first = next(e for e in editors if e.area_code == FIRST_TOWN)
    warm = io.StringIO()  # the plan, obligation and gazetteer caches filled, as on a running server
    csv.writer(warm).writerows([columns, [FIRST_TOWN, "", "900-T001", "", "", "", "万千瓦", 2024, 1, ""]])
    with r.open_session(engine) as s:
        r.parse_upload("warm.csv", warm.getvalue().encode(), first, s)  # stores nothing
    if spec["mode"] == "single":
        return single(r, engine, first, upload_file(FIRST_TOWN, 1.5, spec["fmt"], columns), spec["fmt"])
    files = [upload_file(e.area_code, 1.0 + i, "csv", columns) for i, e in enumerate(editors)]
    return concurrent(r, engine, editors, files)


def single(r, engine, editor, data: bytes, fmt: str) -> dict:
    with r.open_session(engine) as s:
        t0 = time.perf_counter()
        preview = r.parse_upload(f"one.{fmt}", data, editor, s)
        t1 = time.perf_counter()
        assert preview.ok and len(preview.rows) == ROWS, preview.messages()[:3]
        done = r.commit(s, preview, editor)
        t2 = time.perf_counter()
    assert len(done["created"]) == ROWS
    return {"check": t1 - t0, "commit": t2 - t1, "total": t2 - t0}


def concurrent(r, engine, editors, files) -> dict:
    """Every editor checks and commits its file at once (threads, a session each, started at a barrier)."""
    from sqlalchemy import func, select

    from data.reporting.models import audit_log, reports

    barrier = threading.Barrier(len(editors))
    out: list[dict] = [{} for _ in editors]

    def run(i):
        with r.open_session(engine) as s:
            barrier.wait()
            t0 = time.perf_counter()
            try:
                preview = r.parse_upload(f"ed{i:02d}.csv", files[i], editors[i], s)
                out[i]["stored"] = len(r.commit(s, preview, editors[i])["created"])
            except r.ReportingError as e:
                out[i]["refused"] = str(e)
            except Exception as e:  # what the tester saw: the driver's error reaching the user
                out[i]["driver"] = f"{type(e).__name__}: {str(e)[:160]}"
            out[i]["seconds"] = time.perf_counter() - t0

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(editors))]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join(900)
    wall = time.perf_counter() - t0
    with r.open_session(engine) as s:
        in_store = s.scalar(select(func.count()).select_from(reports))
        audited = s.scalar(select(func.count()).where(audit_log.c.action == "create", audit_log.c.entity == "report"))
    stored = sum(o.get("stored", 0) for o in out)
    refused = [o["refused"] for o in out if "refused" in o]
    clear = [m for m in refused if not any(d in m for d in DRIVER_TEXT)]
    driver = [o["driver"] for o in out if "driver" in o] + [m for m in refused if m not in clear]
    times = [o["seconds"] for o in out]
    return {
        "stored": sum("stored" in o for o in out),
        "refused": len(clear),
        "refused_sample": clear[:1],
        "driver": len(driver),
        "driver_sample": driver[:1],
        "lost": stored - in_store,  # figures an upload was told were stored but are not (< 0: half-written)
        "unaudited": in_store - audited,
        "median": statistics.median(times),
        "max": max(times),
        "wall": wall,
    }


# ---------------------------------------------------------------- orchestration


def measure(tree: Path, mode: str, fmt: str, db: str | None, plans: Path, tmp: Path) -> dict:
    """One worker process: a fresh store (a new SQLite file, or the fresh PostgreSQL database `db`)."""
    data_dir = Path(tempfile.mkdtemp(prefix="store-", dir=tmp))
    spec = {"tree": str(tree), "mode": mode, "fmt": fmt, "db": db, "plans": str(plans), "data_dir": str(data_dir)}
    res = subprocess.run(
        [sys.executable, __file__, "--worker", json.dumps(spec)], capture_output=True, text=True, timeout=1800
    )
    if res.returncode != 0:
        raise RuntimeError(f"worker failed ({tree}, {mode}, {fmt}, {db and 'postgresql'}):\n{res.stderr[-3000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


class Stores:
    """A fresh store per measurement: None (SQLite in the worker's data dir) or a new PostgreSQL database."""

    def __init__(self, with_pg: bool):
        self.server = self.cluster = None
        if with_pg:
            sys.path.insert(0, str(REPO))
            from tests.reporting import pg

            self.server, self.cluster = pg.start()

    def backends(self) -> list[str]:
        return ["sqlite", "postgresql"] if self.server else ["sqlite"]

    def run(self, backend: str, fn):
        if backend == "sqlite":
            return fn(None)
        url = self.server.create()
        try:
            return fn(url)
        finally:
            self.server.drop(url)

    def close(self) -> None:
        if self.server:
            self.server.close()
        if self.cluster:
            self.cluster.stop()


def single_uploads(trees: dict[str, Path], stores: Stores, rounds: int, plans: Path, tmp: Path) -> dict:
    """{(backend, fmt, code): [measurements]}: the codes alternate, and take turns at going first."""
    out: dict[tuple, list] = {}
    for i in range(rounds):
        for backend in stores.backends():
            for fmt in ("csv", "xlsx"):
                for code in list(trees)[:: 1 if i % 2 == 0 else -1]:
                    res = stores.run(backend, lambda db, c=code, f=fmt: measure(trees[c], "single", f, db, plans, tmp))
                    out.setdefault((backend, fmt, code), []).append(res)
    return out


def print_single(results: dict, codes: list[str], rounds: int) -> None:
    print(f"\nOne upload of {ROWS:,} rows by a town editor, medians of {rounds} (s); fresh store each time")
    print(f"{'':28}" + "".join(f"{c:>10}" for c in codes) + ("  before/after" if len(codes) == 2 else ""))
    for backend, fmt in dict.fromkeys((b, f) for b, f, _ in results):
        for step in ("check", "commit", "total"):
            meds = [statistics.median(m[step] for m in results[(backend, fmt, c)]) for c in codes]
            line = f"{backend} {fmt} {step:<10}"
            print(
                f"{line:28}"
                + "".join(f"{v:>10.3f}" for v in meds)
                + (f"{meds[0] / meds[1]:>13.1f}×" if len(meds) == 2 else "")
            )


def print_concurrent(results: dict) -> None:
    print(f"\n{TOWNS} town editors upload {ROWS:,}-row files at once (a thread and a session each)")
    cols = ("stored", "refused", "driver", "lost", "unaudited", "median", "max", "wall")
    print(f"{'':20}" + "".join(f"{c:>10}" for c in cols))
    for (backend, code), r in results.items():
        cells = [f"{r[c]:>10}" if isinstance(r[c], int) else f"{r[c]:>10.2f}" for c in cols]
        print(f"{backend + ' ' + code:20}" + "".join(cells))
        for sample in r["driver_sample"] + r["refused_sample"]:
            print(f"{'':20}e.g. {sample[:150]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", type=Path, help="a git worktree of the revision to compare with")
    ap.add_argument("--rounds", type=int, default=3, help="single uploads per code, backend and format")
    ap.add_argument("--no-postgres", action="store_true", help="SQLite only")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker))))
        return 0
    trees = {"before": args.before.resolve()} if args.before else {}
    trees["after"] = REPO
    tmp = Path(tempfile.mkdtemp(prefix="peakatlas-bench-uploads-"))
    plans = synthetic_plans(tmp)
    stores = Stores(with_pg=not args.no_postgres)
    try:
        single = single_uploads(trees, stores, args.rounds, plans, tmp)
        many = {
            (backend, code): stores.run(
                backend, lambda db, c=code: measure(trees[c], "concurrent", "csv", db, plans, tmp)
            )
            for backend in stores.backends()
            for code in trees
        }
    finally:
        stores.close()
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"\nProgress uploads; load {os.getloadavg()[0]:.2f}, {os.cpu_count()} CPUs")
    print_single(single, list(trees), args.rounds)
    print_concurrent(many)
    return 0


if __name__ == "__main__":
    sys.exit(main())
