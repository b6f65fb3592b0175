"""Repairs speed (issue #12): planning and applying `storelayers fix` on the 200-store workspace.

    .venv/bin/python benchmarks/repairs_speed.py                 # a table on stderr
    .venv/bin/python benchmarks/repairs_speed.py --json          # also JSON on stdout
    .venv/bin/python benchmarks/repairs_speed.py --old ef800da   # also the code of a revision, interleaved

Uses the workspaces of benchmarks/review_speed.py (200 stores, 3,000 base files, seed 0; a plain
copy and a twin with a 2,000-commit history, made once in the system's temporary folder or --work).
Each figure is one process that loads the workspace and then times one thing (load not counted):
the review and its HTML and JSON documents (what `report` does after loading, the yardstick: a plan
should cost about one report), the cleanup plan with --cosmetic (plain copy), and the orphans and
rebase plans (the git twin; they read its history). CPU time is user + system of the process and
of the git processes it waited for; wall time is shown too. With `--old REV` every measurement also
runs on that revision's code (extracted outside the repository, see review_speed.py), old and new
alternating. Applying is timed on a private copy (current code only): the cleanup plan applied
through the journal (trash and backup in a temporary data folder), then undone.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import review_speed  # noqa: E402 - found in the benchmarks folder, put on sys.path just above

KINDS = ("report", "cleanup", "orphans", "rebase")


def _cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def worker(kind: str, ws_path: str) -> dict[str, Any]:
    """Load the workspace, then time one kind in this process (run by `main` as a subprocess)."""
    from storelayers.resolver import load

    ws = load(ws_path)
    t0, c0 = time.perf_counter(), _cpu()
    if kind == "report":
        from storelayers.resolver.report.document import json_text
        from storelayers.resolver.report.html import html_report
        from storelayers.resolver.review.divergence import review
        from storelayers.resolver.review.evidence import report_evidence

        rv = review(ws)
        html_report(rv, report_evidence(ws, rv))
        json_text(rv)
        items = {"stale": len(rv.stale), "redundant": len(rv.redundant), "cosmetic": len(rv.cosmetic)}
    else:
        if kind == "cleanup":
            from storelayers.resolver.ops.repairs import plan_cleanup

            plan = plan_cleanup(ws, cosmetic=True)
        elif kind == "orphans":
            from storelayers.resolver.ops.orphans import plan_orphans

            plan = plan_orphans(ws)
        else:
            from storelayers.resolver.ops.merge import plan_rebase

            plan = plan_rebase(ws)
        items = {
            "writes": len(plan.writes),
            "removals": len(plan.removals),
            "blocked": len(plan.blocked),
            "effects": len(plan.effects),
            "digest": hash_plan(plan),
        }
    return {"kind": kind, "cpu_s": round(_cpu() - c0, 3), "wall_s": round(time.perf_counter() - t0, 3), **items}


def hash_plan(plan: Any) -> str:
    """A digest of the plan's JSON (the same plan on both sides gives the same digest)."""
    import hashlib

    doc = plan.to_json()
    doc.pop("workspace", None)
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode("utf-8", "surrogateescape")).hexdigest()[:12]


def run(kind: str, ws: Path, env: dict[str, str] | None, cwd: Path) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, str(ws)]
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True, env=env, cwd=cwd)
    if proc.returncode != 0:
        raise SystemExit(f"{kind} failed: {proc.stderr.strip()[-2000:]}")
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def apply_and_undo(plain: Path) -> dict[str, float]:
    from storelayers.resolver import load
    from storelayers.resolver.ops.journal import Journal
    from storelayers.resolver.ops.repairs import plan_cleanup

    rows = {}
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
    return rows


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "storelayers-bench")
    ap.add_argument("--stores", type=int, default=200)
    ap.add_argument("--commits", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=1, help="measurements per kind and side")
    ap.add_argument("--old", metavar="REV", help="also measure the code of revision REV, interleaved")
    ap.add_argument("--kinds", default=",".join(KINDS), help=f"comma-separated, of {', '.join(KINDS)}")
    ap.add_argument("--no-apply", action="store_true", help="skip applying and undoing the cleanup plan")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--worker", nargs=2, metavar=("KIND", "WS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(*args.worker)))
        return 0
    plain, repo = review_speed.workspaces(args.work, args.stores, args.commits)
    kinds = [k for k in args.kinds.split(",") if k]
    result: dict[str, Any] = {"cpus": os.cpu_count(), "old": args.old}
    with review_speed.old_code(args.old) if args.old else contextlib.nullcontext() as old:
        sides: dict[str, tuple[dict[str, str] | None, Path]] = {"new": (None, review_speed.REPO)}
        if old is not None:
            sides = {"old": (old[1], old[0]), **sides}
        for kind in kinds:
            ws = plain if kind == "cleanup" else repo
            got: dict[str, list[dict[str, Any]]] = {s: [] for s in sides}
            for i in range(args.runs):
                for side in sides if i % 2 == 0 else reversed(list(sides)):
                    env, cwd = sides[side]
                    got[side].append(run(kind, ws, env, cwd))
            row: dict[str, Any] = {}
            for side, runs in got.items():
                best = min(runs, key=lambda r: r["cpu_s"])
                row[side] = best
                review_speed.log(
                    f"{kind:8s} {side}: CPU {best['cpu_s']:7.2f} s  wall {best['wall_s']:7.2f} s  "
                    + " ".join(f"{k}={v}" for k, v in best.items() if k not in ("kind", "cpu_s", "wall_s"))
                )
            if "old" in row:
                row["new_over_old_cpu"] = round(row["new"]["cpu_s"] / max(row["old"]["cpu_s"], 1e-9), 3)
                review_speed.log(f"{kind:8s} new/old CPU {row['new_over_old_cpu']:.3f}")
            result[kind] = row
    if "report" in result:
        yard = result["report"]["new"]["cpu_s"]
        for kind in kinds:
            if kind != "report":
                ratio = round(result[kind]["new"]["cpu_s"] / max(yard, 1e-9), 2)
                result[kind]["new_over_report_cpu"] = ratio
                review_speed.log(f"{kind:8s} plan / one report (CPU, new code): {ratio:.2f}")
    if not args.no_apply:
        rows = apply_and_undo(plain)
        result.update(rows)
        for k, v in rows.items():
            review_speed.log(f"{k:32} {v}")
    if args.json:
        print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
