"""What a district's page costs to build (not a test): owed.district_breakdown (every town's status), and the
whole page's data (layers/area_report.build with its owed rows, breakdown and gaps) of three districts of the
five plans, in-process, with the figures the pages pass (the illustrative sample of an empty store); with this
tree's code and, given --before, an older revision's (a git worktree), alternating in one run.

    git worktree add --detach /tmp/pa-before <revision>
    .venv/bin/python bench/breakdown.py --before /tmp/pa-before

The district page builds this breakdown on its first visit (bench/firstvisit.py: the district page's restart
ratio); the workbook and PDF exports build it too."""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DISTRICTS = ("310117", "310114", "430111")  # 松江区 (20 towns), 嘉定区, 雨花区
ROUNDS = 5

# Runs inside the tree measured (its own imports), prints {label: median seconds}.
_PROBE = r"""
import importlib, json, statistics, sys, tempfile, time
from pathlib import Path
from data import reporting as r, years
from data.progress_source import display_reports
from layers import area_report
owed = importlib.import_module("data.reporting.owed")  # the package's `owed` is the function of that name
districts, rounds = json.loads(sys.argv[1]), int(sys.argv[2])
year = years.reporting_year()
out = {}
engine = r.open_engine(f"sqlite:///{Path(tempfile.mkdtemp()) / 'store.db'}")
with r.open_session(engine) as s:
    figures = display_reports(s)[0]  # what the pages pass: the illustrative sample while the store is empty
    def page(d):  # what pages/ui/reports.area_page_report builds for a district's page
        return area_report.build(d, year, "zh", owed.owed_status(s, d, year, figures), figures,
                                 owed.district_breakdown(s, d, year, figures), owed.gaps(s, d, year))
    for d in districts:
        for label, work in (("breakdown", lambda: owed.district_breakdown(s, d, year, figures)),
                            ("page", lambda: page(d))):
            work()  # the plan data's caches warm
            times = []
            for _ in range(rounds):
                t0 = time.perf_counter()
                work()
                times.append(time.perf_counter() - t0)
            out[f"{d} {label}"] = statistics.median(times)
engine.dispose()
print(json.dumps(out))
"""


def measure(tree: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(DISTRICTS), str(ROUNDS)],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", type=Path, help="a worktree of an older revision to compare with")
    ap.add_argument("--passes", type=int, default=2, help="alternating passes per tree")
    args = ap.parse_args()
    trees = {"this tree": REPO, **({"before": args.before} if args.before else {})}
    runs: dict[str, list[dict[str, float]]] = {k: [] for k in trees}
    for _ in range(args.passes):
        for name, tree in trees.items():
            runs[name].append(measure(tree))
    lines = next(iter(runs.values()))[0]
    print(f"{'district':<22}" + "".join(f"{name:>14}" for name in trees) + ("      ratio" if args.before else ""))
    for line in lines:
        med = {name: statistics.median(run[line] for run in runs[name]) for name in trees}
        ratio = f"{med['before'] / med['this tree']:>10.2f}×" if args.before else ""
        print(f"{line:<22}" + "".join(f"{med[n] * 1000:>11.0f} ms" for n in trees) + ratio)


if __name__ == "__main__":
    main()
