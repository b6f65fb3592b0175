"""GUI speed, old against new in one run: each side's own `benchmarks/gui_speed.py`, interleaved.

    .venv/bin/python benchmarks/gui_ab.py                    # OLD = 71cea3a, NEW = this worktree
    .venv/bin/python benchmarks/gui_ab.py --runs 5 --burst   # also the 5,000-file burst

The window's API changed between the two (typed parts since the restructure), so each side runs
the gui_speed.py of its own commit, which measures the same things through its own window: first
paint, first tree, store switches, expand all, the name filter, go to file, a 5,000-line diff and
(with --burst) a burst of changes. Both read the same workspace (benchmarks/_work, 200 stores). The
sides are imported as in engine_ab.py (a shim folder per side first on PYTHONPATH) and run
alternately, old-new, new-old, ...; the table shows each figure's median over the runs (these are
wall times: on a loaded machine expect wide noise; the engine's CPU figures are in engine_ab.py).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import engine_ab as ab  # noqa: E402


def run_side(py: str, env: dict, tree: Path, out: Path, burst: bool) -> dict[str, float]:
    cmd = [py, str(tree / "benchmarks" / "gui_speed.py"), "--json", str(out)]
    if not burst:
        cmd.append("--no-burst")
    r = subprocess.run(cmd, check=False, env=env, cwd=str(tree), capture_output=True, text=True, timeout=900)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode}): {r.stderr.strip()[-1500:]}")
    return json.loads(out.read_text())


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--old", default="71cea3a")
    ap.add_argument("--new", default=None, help="a commit instead of this worktree as it is on disk")
    ap.add_argument("--runs", type=int, default=3, help="runs per side (default 3)")
    ap.add_argument("--burst", action="store_true", help="also the 5,000-file burst (copies the workspace)")
    a = ap.parse_args(argv)
    py = sys.executable
    tmp = Path(tempfile.gettempdir()) / "storelayers-gui-ab"
    tmp.mkdir(exist_ok=True)

    def rev(r: str) -> str:
        return subprocess.run(
            ["git", "-C", str(ab.REPO), "rev-parse", "--short", r], check=True, capture_output=True, text=True
        ).stdout.strip()

    old_rev = rev(a.old)
    new_rev = rev(a.new) if a.new else "worktree"
    trees = {"old": ab.checkout(old_rev, tmp), "new": ab.checkout(new_rev, tmp) if a.new else ab.REPO}
    ab.ensure_workspace(200, 3000)
    for tree in trees.values():  # one workspace for both: each script looks in its own benchmarks/_work
        work = tree / "benchmarks" / "_work"
        if tree != ab.REPO and not work.exists():
            work.symlink_to(ab.WORK, target_is_directory=True)
    envs = {side: ab.side_env(ab.make_shim(tmp, side, tree), tmp, side) for side, tree in trees.items()}
    got: dict[str, list[dict[str, float]]] = {"old": [], "new": []}
    try:
        for i in range(a.runs):
            for side in ("old", "new") if i % 2 == 0 else ("new", "old"):
                got[side].append(run_side(py, envs[side], trees[side], tmp / f"{side}-{i}.json", a.burst))
            ab.log(f"  run {i + 1}/{a.runs} done")
    finally:
        for tree in trees.values():
            if tree != ab.REPO:
                subprocess.run(["git", "-C", str(ab.REPO), "worktree", "remove", "--force", str(tree)], check=False)
    keys = [k for k in got["new"][0] if all(k in r for r in got["old"] + got["new"])]
    print(f"gui_speed.py medians of {a.runs} runs per side, wall ms; OLD {old_rev}  NEW {new_rev}")
    print(f"{'':44}{'old':>10}{'new':>10}{'ratio':>7}")
    for k in keys:
        o = statistics.median(r[k] for r in got["old"])
        n = statistics.median(r[k] for r in got["new"])
        ratio = f"{n / o:7.2f}" if o else "      -"
        print(f"{k:44}{o:10.1f}{n:10.1f}{ratio}")
    only = sorted({k for r in got["old"] + got["new"] for k in r} - set(keys))
    if only:
        print("measured on one side only: " + ", ".join(only))
    args = (f"--new {a.new} " if a.new else "") + f"--old {a.old} --runs {a.runs}" + (" --burst" if a.burst else "")
    print(f"load average now {os.getloadavg()[0]:.1f}; reproduce: .venv/bin/python benchmarks/gui_ab.py {args}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
