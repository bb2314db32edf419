"""What the national gazetteer (data/divisions.py) costs (not a test): each round in a fresh process, the first
lookup (reading divisions_2023.csv, 44,738 rows) with its time and the memory it keeps (RSS after minus before,
after a full collection), then warm calls: a search by name, a county's towns, the towns named in a plan's text.

    .venv/bin/python bench/divisions.py [--rounds 5]

Prints the median of the rounds and the load average."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from data import plan_text  # noqa: E402 (found through the path set just above)

CHILD = """
import gc, json, sys, time
from pathlib import Path

def rss_mb():
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 1e6

def per_call(fn, n):
    t = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t) / n * 1000

from data import divisions
gc.collect()
before = rss_mb()
t = time.perf_counter()
divisions.get("320102")
load_s = time.perf_counter() - t
gc.collect()
text = Path(sys.argv[1]).read_text(encoding="utf-8")
divisions.match_places("310117", text)
print(json.dumps({
    "load_s": load_s,
    "kept_mb": rss_mb() - before,
    "search_ms": per_call(lambda: divisions.search("玄武", 8, levels=("county", "town")), 20),
    "towns_of_ms": per_call(lambda: divisions.towns_of("320102"), 1000),
    "match_ms": per_call(lambda: divisions.match_places("310117", text), 20),
}))
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    seed = plan_text.plan_files()["000"]  # 松江区's plan, 17k characters (PEAKATLAS_SEEDS, else ../shared/seeds)
    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", CHILD, str(seed)], env=env, capture_output=True, text=True, check=True, cwd=REPO
            ).stdout
        )
        for _ in range(args.rounds)
    ]
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    print(f"rounds: {args.rounds}, load average: {os.getloadavg()[0]:.2f}")
    print(f"first lookup (reads the file): {med['load_s']:.3f} s, memory kept: {med['kept_mb']:.1f} MB")
    print(f"search '玄武' (county, town; 8): {med['search_ms']:.1f} ms · towns_of: {med['towns_of_ms']:.4f} ms")
    print(f"match_places, 松江区's plan: {med['match_ms']:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
