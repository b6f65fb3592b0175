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
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import make_workspace as mw  # noqa: E402

TARGET_PLAIN_S = 10.0
TARGET_GIT_S = 30.0


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
    a = ap.parse_args()
    plain, repo = workspaces(a.work, a.stores, a.commits)
    out = Path(tempfile.mkdtemp(prefix="storelayers-review-out-"))
    result = {"cpus": os.cpu_count(), "python": sys.version.split()[0], "stores": a.stores, "commits": a.commits}
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
