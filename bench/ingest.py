"""PeakAtlas benchmark (not a test): the plan ingester on the five seeds — the evaluation table (recall and
precision per plan against the curated CSVs) and the time to ingest each seed, median of 5 runs after one warm
run (the first run also loads opencc's tables and the gazetteer). Run from the repository root:
.venv/bin/python bench/ingest.py"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data import plan_data, plan_text  # noqa: E402 (found through the path set just above)
from data.ingest.pipeline import ingest_path  # noqa: E402
from data.ingest.report import print_scores  # noqa: E402

RUNS = 5


def main() -> None:
    started = time.perf_counter()
    scores = print_scores()  # includes the cold first run of each seed
    print(f"\nfirst (cold) evaluation: {time.perf_counter() - started:.2f} s in all")
    plans = plan_data.load_plans()
    print(f"\nseconds to ingest each seed, median of {RUNS} warm runs:")
    for plan_id, plan in plans.iterrows():
        path = plan_text.plan_files()[plan_id]
        times = [ingest_path(path, plan["jurisdiction_code"]).seconds for _ in range(RUNS)]
        kb = path.stat().st_size / 1024
        print(
            f"  {plan_id}  {kb:5.0f} KB  {statistics.median(times):.3f} s  (cold {scores[int(plan_id)].seconds:.3f} s)"
        )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
