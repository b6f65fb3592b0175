"""Review speed (issue #4): `storelayers report` on the 200-store workspace, without and with git history.

    .venv/bin/python benchmarks/review_speed.py            # best of 3 whole-process runs per case
    .venv/bin/python benchmarks/review_speed.py --json     # JSON on stdout (the table goes to stderr)
    .venv/bin/python benchmarks/review_speed.py --gui      # also: opening the app's review view

Targets: the report without git under 10 s; with staleness from a 2,000-commit history under 30 s;
the review view opens under 1 s once the workspace is loaded (the review itself runs on a worker
as soon as the workspace is set; "open" is filling and painting the view with its result).

The workspaces come from benchmarks/make_workspace.py (200 stores, 3,000 base files, seed 0) and
are kept in a folder outside any git repository (the system's temporary folder, or --work DIR),
so the "without git" case really has none: one plain copy, and one copy made a repository by
`generate_git_history(commits=2000)`. Each case runs the real command as a user would,
`python -m resolver report WS --html FILE --json FILE`, after one warm-up run; then an in-process
breakdown (load, review, HTML, JSON) shows where the time goes.

Against the pre-v2 code (issue #9: the CPU of the report, and of `stats`, on the 200-store
workspace stays within 10 % of it), `--old REV` (default 71cea3a) extracts that revision's tree
into a temporary folder outside the repository (`git archive`, so nothing is added to the
repository's own worktree list) and runs the same commands from it in a subprocess (the report
without and with git, and `stats --json` on the plain copy), interleaved with the current code run
by run (old, new, new, old, ...), so that both sides see the same machine load. CPU time (user +
system of the process and the git processes it waits for) is steadier than wall time on a shared
machine; the table gives each side's best and the new/old ratios (of the bests, and the median of
the pairs).

    .venv/bin/python benchmarks/review_speed.py --old 71cea3a --runs 3
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import make_workspace as mw  # noqa: E402

TARGET_PLAIN_S = 10.0
TARGET_GIT_S = 30.0
OLD_REV = "71cea3a"  # the last commit before SPEC v2 (issue #9): top-level `resolver` folder, same CLI


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def workspaces(work: Path, stores: int, commits: int) -> tuple[Path, Path]:
    """The plain workspace and its twin with a git history, made once and reused."""
    work.mkdir(parents=True, exist_ok=True)
    plain = work / f"ws-{stores}s-plain"
    if not mw.matches(plain, stores=stores):
        log(f"generating {plain} ...")
        mw.generate(plain, stores=stores)
    repo = work / f"ws-{stores}s-git{commits}"
    marker = repo / ".git" / "storelayers-commits"
    if not (marker.is_file() and marker.read_text().strip() == str(commits) and mw.matches(repo, stores=stores)):
        if repo.exists():
            import shutil

            shutil.rmtree(repo)
        log(f"generating {repo} with {commits} commits ...")
        mw.generate(repo, stores=stores)
        mw.generate_git_history(repo, commits)
        marker.write_text(str(commits))
    return plain, repo


def time_report(ws: Path, out: Path, runs: int) -> list[float]:
    """Wall-clock seconds of whole `report` processes (after one warm-up run)."""
    cmd = [
        sys.executable,
        "-m",
        "storelayers.resolver",
        "report",
        str(ws),
        "--html",
        str(out / "r.html"),
        "--json",
        str(out / "r.json"),
    ]
    times = []
    for i in range(runs + 1):
        t = time.perf_counter()
        proc = subprocess.run(cmd, check=False, cwd=REPO, capture_output=True, text=True)
        dt = time.perf_counter() - t
        if proc.returncode not in (0, 1):
            raise SystemExit(f"report failed ({proc.returncode}): {proc.stderr.strip()}")
        if i:
            times.append(dt)
    return times


def report_cmd(ws: Path, out: Path) -> list[str]:
    """`report` as a user runs it (the plain workspace has no repository: no git is read there)."""
    cmd = [sys.executable, "-m", "storelayers.resolver", "report", str(ws)]
    return cmd + ["--html", str(out / "r.html"), "--json", str(out / "r.json")]


def stats_cmd(ws: Path) -> list[str]:
    """`stats --json` as a user runs it (issue #9 holds it to the same 10 % as the report)."""
    return [sys.executable, "-m", "storelayers.resolver", "stats", str(ws), "--json"]


def run_cpu(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one process: user + system time of it and of the processes
    it waited for (git), from the rusage of this process's children before and after."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(cmd, check=False, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd[2:4])} failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


@contextlib.contextmanager
def old_code(rev: str) -> Iterator[tuple[Path, dict[str, str]]]:
    """The tree of `rev` in a temporary folder outside the repository, and the environment that
    makes `python -m storelayers.resolver` run it: a `storelayers` namespace folder whose
    `resolver`, `gui` and `resources` link to the old top-level folders, first on PYTHONPATH (it
    comes before the editable install's entry, so the old modules win)."""
    tmp = Path(tempfile.mkdtemp(prefix="storelayers-old-"))
    try:
        tree = tmp / "tree"
        tree.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", "--format=tar", rev], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
        ns = tmp / "shim" / "storelayers"
        ns.mkdir(parents=True)
        for part in ("resolver", "gui", "resources"):
            (ns / part).symlink_to(tree / part, target_is_directory=True)
        env = dict(os.environ)
        env["PYTHONPATH"] = str(tmp / "shim") + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        probe = subprocess.run(
            [sys.executable, "-c", "import storelayers.resolver as r; print(r.__file__)"],
            cwd=tmp,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        if not probe.startswith(str(tmp)):
            raise SystemExit(f"the old code is not the one imported: {probe}")
        yield tmp, env
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def compare_old(rev: str, cases: list[tuple[str, list[str]]], runs: int) -> dict:
    """Old and new processes of each case's command interleaved (old, new, new, old, ...) after one
    warm-up each: per case each side's CPU and wall seconds, and the new/old CPU ratios."""
    result: dict = {"old": rev}
    with old_code(rev) as (old_cwd, old_env):
        for name, cmd in cases:
            sides = {"old": (old_cwd, old_env), "new": (REPO, None)}
            for cwd, env in sides.values():  # warm-up: the disk cache, Python's bytecode
                run_cpu(cmd, cwd, env)
            got: dict[str, list[tuple[float, float]]] = {"old": [], "new": []}
            for i in range(runs):
                order = ("old", "new") if i % 2 == 0 else ("new", "old")
                for side in order:
                    cwd, env = sides[side]
                    got[side].append(run_cpu(cmd, cwd, env))
            old_cpu = [c for _, c in got["old"]]
            new_cpu = [c for _, c in got["new"]]
            pairs = [n / o for o, n in zip(old_cpu, new_cpu, strict=True)]
            quiet = min(range(runs), key=lambda i: old_cpu[i] + new_cpu[i])
            r = {
                "old_cpu_s": [round(c, 2) for c in old_cpu],
                "new_cpu_s": [round(c, 2) for c in new_cpu],
                "old_wall_s": [round(w, 2) for w, _ in got["old"]],
                "new_wall_s": [round(w, 2) for w, _ in got["new"]],
                "ratio_of_best": round(min(new_cpu) / min(old_cpu), 3),
                "ratio_median_pair": round(statistics.median(pairs), 3),
                "ratio_quietest_pair": round(pairs[quiet], 3),
                "ok": min(new_cpu) / min(old_cpu) <= 1.10,
            }
            result[name] = r
            log(
                f"{name:6s} CPU old {min(old_cpu):.2f} s, new {min(new_cpu):.2f} s (best of {runs}): "
                f"new/old {r['ratio_of_best']:.3f} (median pair {r['ratio_median_pair']:.3f}, "
                f"quietest pair {r['ratio_quietest_pair']:.3f}) {'OK' if r['ok'] else 'OVER +10 %'}"
            )
            log(f"       old {r['old_cpu_s']} s CPU, new {r['new_cpu_s']} s CPU")
    return result


def breakdown(ws: Path, git_on: bool) -> dict:
    """Seconds per stage in this process, and the finding counts."""
    from storelayers import resolver
    from storelayers.resolver.report.document import json_text
    from storelayers.resolver.report.html import html_report
    from storelayers.resolver.review.divergence import review
    from storelayers.resolver.review.evidence import report_evidence
    from storelayers.resolver.review.findings import ReviewOptions

    t0 = time.perf_counter()
    w = resolver.load(ws)
    t1 = time.perf_counter()
    rv = review(w, ReviewOptions(git=git_on))
    t2 = time.perf_counter()
    page = html_report(rv, report_evidence(w, rv))
    t3 = time.perf_counter()
    doc = json_text(rv)
    t4 = time.perf_counter()
    return {
        "load_s": round(t1 - t0, 3),
        "review_s": round(t2 - t1, 3),
        "html_s": round(t3 - t2, 3),
        "json_s": round(t4 - t3, 3),
        "html_mb": round(len(page) / 1e6, 2),
        "json_mb": round(len(doc) / 1e6, 2),
        "staleness": rv.staleness,
        "commits": rv.commits,
        "overrides": len(rv.overrides),
        "stale": len(rv.stale),
        "orphaned": len(rv.orphaned),
        "redundant": len(rv.redundant),
        "cosmetic": len(rv.cosmetic),
        "hotspots": len(rv.hotspots),
        "clusters": len(rv.clusters),
    }


def gui_open(ws_path: Path) -> dict:
    """The review view on a loaded workspace: the review (a worker's job in the app) and the time
    to fill and paint the view with its result (the part a person waits for on opening it)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication
    from storelayers import resolver
    from storelayers.gui.review import ReviewPanel
    from storelayers.gui.tasks import Tasks
    from storelayers.resolver.review.divergence import review
    from storelayers.resolver.review.findings import ReviewOptions

    app = QApplication.instance() or QApplication([])
    ws = resolver.load(ws_path)
    t0 = time.perf_counter()
    rv = review(ws, ReviewOptions())
    t1 = time.perf_counter()
    panel = ReviewPanel(tasks=Tasks(sync=True))
    panel.resize(1400, 820)
    panel.ws = ws
    panel._show(ws, rv)
    panel.show()
    app.processEvents()
    t2 = time.perf_counter()
    for i in range(panel.tabs.count()):
        panel.tabs.setCurrentIndex(i)
        app.processEvents()
    t3 = time.perf_counter()
    panel.close()
    panel.deleteLater()
    app.processEvents()
    return {
        "review_s": round(t1 - t0, 3),
        "open_s": round(t2 - t1, 3),
        "all_tabs_s": round(t3 - t2, 3),
        "target_open_s": 1.0,
        "ok": t2 - t1 < 1.0,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stores", type=int, default=200)
    ap.add_argument("--commits", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "storelayers-review-bench")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--gui", action="store_true", help="also time opening the app's review view")
    ap.add_argument(
        "--old",
        metavar="REV",
        nargs="?",
        const=OLD_REV,
        help=f"compare the report's CPU with revision REV's (default {OLD_REV}, the pre-v2 code), interleaved",
    )
    a = ap.parse_args()
    plain, repo = workspaces(a.work, a.stores, a.commits)
    out = Path(tempfile.mkdtemp(prefix="storelayers-review-out-"))
    result = {"cpus": os.cpu_count(), "python": sys.version.split()[0], "stores": a.stores, "commits": a.commits}
    if a.old:
        cases = [("plain", report_cmd(plain, out)), ("git", report_cmd(repo, out)), ("stats", stats_cmd(plain))]
        result["compare"] = compare_old(a.old, cases, a.runs)
        if a.json:
            print(json.dumps(result, indent=2))
        return 0 if all(result["compare"][k]["ok"] for k, _ in cases) else 1
    for name, ws, target, git_on in (("plain", plain, TARGET_PLAIN_S, False), ("git", repo, TARGET_GIT_S, True)):
        times = time_report(ws, out, a.runs)
        result[name] = {
            "workspace": str(ws),
            "best_s": round(min(times), 2),
            "median_s": round(statistics.median(times), 2),
            "target_s": target,
            "ok": min(times) < target,
            "stages": breakdown(ws, git_on),
        }
        r = result[name]
        log(
            f"{name:6s} report: best {r['best_s']:.2f} s, median {r['median_s']:.2f} s (target < {target:g} s) "
            f"{'OK' if r['ok'] else 'TOO SLOW'}"
        )
        log(f"       stages: {json.dumps(r['stages'])}")
    if a.gui:
        result["gui"] = gui_open(repo)
        g = result["gui"]
        log(
            f"view   open: {g['open_s']:.2f} s with the review done (target < 1 s) {'OK' if g['ok'] else 'TOO SLOW'}; "
            f"the review itself {g['review_s']:.2f} s on a worker; every tab shown {g['all_tabs_s']:.2f} s"
        )
    if a.json:
        print(json.dumps(result, indent=2))
    keys = ("plain", "git", "gui") if a.gui else ("plain", "git")
    return 0 if all(result[k]["ok"] for k in keys) else 1


if __name__ == "__main__":
    sys.exit(main())
