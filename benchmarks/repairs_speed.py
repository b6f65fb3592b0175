"""Repairs speed (issue #12): planning and applying `storelayers fix` on the 200-store workspace.

    .venv/bin/python benchmarks/repairs_speed.py            # a table on stderr
    .venv/bin/python benchmarks/repairs_speed.py --json     # also JSON on stdout

Uses the workspaces of benchmarks/review_speed.py (200 stores, 3,000 base files, seed 0; a plain
copy and a twin with a 2,000-commit history, made once in the system's temporary folder or --work).
Planning is timed in-process after the workspace is loaded (best of 3): cleanup with --cosmetic,
orphans and rebase (both read the git history). Applying is timed on a private copy: the cleanup
plan applied through the journal (trash and backup in a temporary data folder), then undone.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from storelayers.resolver import load
from storelayers.resolver.ops.journal import Journal
from storelayers.resolver.ops.merge import plan_rebase
from storelayers.resolver.ops.orphans import plan_orphans
from storelayers.resolver.ops.plan import Plan
from storelayers.resolver.ops.repairs import plan_cleanup

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import review_speed  # noqa: E402 - found in the benchmarks folder, put on sys.path just above


def best(fn: Callable[[], Plan], n: int = 3) -> tuple[float, Plan]:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "storelayers-bench")
    ap.add_argument("--stores", type=int, default=200)
    ap.add_argument("--commits", type=int, default=2000)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    plain, repo = review_speed.workspaces(args.work, args.stores, args.commits)
    rows: dict[str, float | int] = {}
    t, plan = best(lambda: plan_cleanup(load(plain), cosmetic=True))
    rows["plan cleanup --cosmetic (s)"] = round(t, 3)
    rows["cleanup removals"] = len(plan.removals)
    t, plan = best(lambda: plan_orphans(load(repo)))
    rows["plan orphans (s)"] = round(t, 3)
    t, plan = best(lambda: plan_rebase(load(repo)))
    rows["plan rebase (s)"] = round(t, 3)
    rows["rebase writes"] = len(plan.writes)
    rows["rebase conflicts"] = len(plan.blocked)
    with tempfile.TemporaryDirectory(prefix="sl-repairs-") as tmp:
        os.environ["XDG_DATA_HOME"] = str(Path(tmp) / "data")
        copy = Path(tmp) / "ws"
        shutil.copytree(plain, copy, symlinks=True)
        plan = plan_cleanup(load(copy), cosmetic=True)
        t0 = time.perf_counter()
        Journal(copy).apply(plan)
        rows["apply cleanup (s)"] = round(time.perf_counter() - t0, 3)
        t0 = time.perf_counter()
        Journal(copy).undo()
        rows["undo cleanup (s)"] = round(time.perf_counter() - t0, 3)
    for k, v in rows.items():
        review_speed.log(f"{k:32} {v}")
    if args.json:
        print(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
