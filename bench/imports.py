"""What a boundary check costs as files grow (not a test): a GeoJSON of 松江区's 20 towns plus N small
unmatched squares with ten attributes each, checked with `geo.importer.import_file(..., dry_run=True)`.
Linear work means seconds per 1,000 features stay flat as N grows.

    .venv/bin/python bench/imports.py [--sizes 2500,5000,10000,100000] [--repo DIR]

--repo runs the importer of another checkout (e.g. a `git worktree` of an older commit) on the same files,
each size in a fresh process, so an A/B is one command per side on the same machine state."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TIMEOUT_S = 600


def write_file(n: int, path: Path) -> None:
    sys.path.insert(0, str(REPO))
    from tests import boundary_files as bf

    towns = json.loads(bf.songjiang_towns().to_json(drop_id=True, ensure_ascii=False))
    x0, y0 = 121.05, 30.95
    for i in range(n):
        x, y = x0 + (i % 300) * 0.001, y0 + (i // 300) * 0.0005
        ring = [[x, y], [x + 0.0008, y], [x + 0.0008, y + 0.0004], [x, y + 0.0004], [x, y]]
        props = {f"F{k}": f"地块{i}-{k}" for k in range(9)} | {"ID": i}
        towns["features"].append(
            {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": [ring]}}
        )
    path.write_text(json.dumps(towns, ensure_ascii=False), encoding="utf-8")


CHILD = """
import sys, time
sys.path.insert(0, sys.argv[1])
from geo import importer
t = time.perf_counter()
r = importer.import_file(sys.argv[2], "town", dry_run=True)
print(time.perf_counter() - t, len(r["matched"]), len(r["unmatched_features"]))
"""


def measure(repo: Path, path: Path, data_dir: Path) -> str:
    env = os.environ | {"PEAKATLAS_DATA_DIR": str(data_dir), "PEAKATLAS_MAX_IMPORT_MB": "500"}
    try:
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(repo), str(path)],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        return f"over {TIMEOUT_S} s"
    if out.returncode:
        return "error: " + out.stderr.strip().splitlines()[-1]
    seconds, matched, listed = out.stdout.split()
    return f"{float(seconds):.2f} s ({matched} matched, {listed} unmatched listed)"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="2500,5000,10000,20000,100000")
    ap.add_argument("--repo", type=Path, default=REPO)
    args = ap.parse_args()
    print(f"importer of {args.repo}; {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            path = Path(tmp) / f"towns_plus_{n}.geojson"
            write_file(n, path)
            mb = path.stat().st_size / 1e6
            print(
                f"{n:>7} unmatched features, {mb:5.1f} MB: {measure(args.repo, path, Path(tmp) / 'data')}", flush=True
            )


if __name__ == "__main__":
    main()
