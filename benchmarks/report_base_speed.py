"""`report --base REV` (issue #12) against `report` on the 200-store workspace with a git history.

    .venv/bin/python benchmarks/report_base_speed.py [--work DIR] [--commits N] [--runs K]

`--base` reads the revision's layout files from git into a temporary folder and reviews both sides,
so it costs about one more review plus the git reads. Each case runs the real command as a user
would (`python -m storelayers.resolver report WS --json FILE [--base HEAD~10 --markdown FILE --sarif
FILE]`) after one warm-up run; the figures are the child processes' CPU seconds (user + system,
steadier than wall time on a shared machine), median of K runs, and their ratio from the same run.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import make_workspace as mw  # noqa: E402


def workspace(work: Path, commits: int) -> Path:
    repo = work / f"ws-200s-git{commits}"
    marker = repo / ".git" / "storelayers-commits"
    if not (marker.is_file() and marker.read_text().strip() == str(commits) and mw.matches(repo, stores=200)):
        print(f"generating {repo} with {commits} commits ...", file=sys.stderr, flush=True)
        mw.generate(repo, stores=200)
        mw.generate_git_history(repo, commits)
        marker.write_text(str(commits))
    return repo


def cpu_of(cmd: list[str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(cmd, check=False, cwd=REPO, capture_output=True, text=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"report failed ({proc.returncode}): {proc.stderr.strip()}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "storelayers-base-bench")
    ap.add_argument("--commits", type=int, default=500)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    a.work.mkdir(parents=True, exist_ok=True)
    ws = workspace(a.work, a.commits)
    out = Path(tempfile.mkdtemp(prefix="storelayers-base-bench-out-"))
    base = [sys.executable, "-m", "storelayers.resolver", "report", str(ws), "--json", str(out / "r.json")]
    cases = {
        "report": base,
        "report --base HEAD~10": [
            *base,
            "--base",
            "HEAD~10",
            "--markdown",
            str(out / "r.md"),
            "--sarif",
            str(out / "r.sarif"),
        ],
    }
    figures: dict[str, list[tuple[float, float]]] = {k: [] for k in cases}
    for i in range(a.runs + 1):
        for name, cmd in cases.items():
            r = cpu_of(cmd)
            if i:
                figures[name].append(r)
    plain = statistics.median(c for c, _ in figures["report"])
    for name, rows in figures.items():
        cpu = statistics.median(c for c, _ in rows)
        wall = statistics.median(w for _, w in rows)
        print(f"{name:24} CPU {cpu:6.2f} s  wall {wall:6.2f} s  ratio {cpu / plain:4.2f}")


if __name__ == "__main__":
    main()
