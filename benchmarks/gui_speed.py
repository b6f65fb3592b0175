"""GUI speed targets of issue #3, measured offscreen on the synthetic 200-store workspace.

    python benchmarks/gui_speed.py [--stores 200] [--base-files 3000] [--json OUT]

What is measured, and how:
- first paint: wall time from this script's start (before Qt is imported) to the first Paint
  event the main window receives (an event filter), then to the first effective tree shown.
- store switch: selecting a store in the list until the new tree is in the view and painted
  (`tree_ready`, then the tree's own next paint), median, 90th percentile and worst of 30
  switches between random stores, each 50 ms after the last one was painted (a user's next click
  comes in an event-loop turn of its own; a forced repaint in the turn that showed the tree made
  one stall of two turns' work).
- GUI stalls: a 2 ms QTimer on the GUI thread records the longest gap between its ticks (minus
  the interval) while the workspace is scanned, and while 5,000 files of a copy of the workspace
  are rewritten on another thread (watchdog, debounce, one incremental update, rows patched),
  once the copy is watched and its first tree painted.
- diff: two 5,000-line TypeScript files with ~200 changes, from request until the diff is shown
  and coloured around its first change, and until the whole file is coloured.
- the shown tree: expanding every folder (and painting); then, on the tree open down to its
  changes, a name filter from the end of the typing pause to the filtered tree painted, opening
  go to file, and a search until its results are shown, with the longest GUI stall during each. `--base-files 15000` gives an effective tree of 10,000+ files.
- `--stalls N`: where the GUI thread is during stalls over 25 ms (its Python stack sampled every
  2 ms from another thread), the N most frequent stacks per run, to stderr.

After the first tree the review runs on a worker once the explorer is quiet, as in the app; before
the diff run the benchmark waits until it is in (the "review" run: its arrival's stalls).
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
from pathlib import Path  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.qt_probes import (  # noqa: E402
    Paints,
    StallMeter,
    StallSampler,
    diff_run,
    first_paint_probe,
    load_average,
    percentile,
    settle,
    wait,
)


def workspace(stores: int, base_files: int) -> Path:
    from benchmarks.make_workspace import generate

    out = HERE / "_work" / f"ws-{stores}s-{base_files}b-seed0"
    if not (out / ".storelayers-bench.json").exists():
        generate(out, stores=stores, base_files=base_files, seed=0)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--stores", type=int, default=200)
    ap.add_argument("--base-files", type=int, default=3000)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--stalls", type=int, default=0, metavar="N", help="the N most frequent stacks in stalls, per run")
    ap.add_argument("--no-burst", action="store_true", help="skip the 5,000-file burst (it copies the workspace)")
    args = ap.parse_args(argv)
    ws_path = workspace(args.stores, args.base_files)
    t_ws = time.perf_counter()

    from storelayers.gui import app as gui_app
    from storelayers.gui.settings import GuiSettings

    app = gui_app.make_app()
    results: dict[str, float] = {}

    start = time.perf_counter()
    win = gui_app.build_window(GuiSettings(theme="light"), "light")
    fp = first_paint_probe()
    win.installEventFilter(fp)
    win.resize(1440, 900)
    meter = StallMeter()
    results["load_average_before"] = load_average()  # type: ignore[assignment]
    sampler = StallSampler(meter, over=25, every=2, depth=12).start() if args.stalls else None

    def where(name: str) -> None:
        if sampler is not None:
            sampler.report(name, args.stalls, lambda line: print(line, file=sys.stderr))

    def stop_run(name: str, ops: int = 1) -> float:
        """The run's worst stall; its 95th percentile and the GUI thread's CPU time go in the results."""
        meter.stop()
        where(name)
        results[f"{name}_stall_p95_ms"] = percentile(meter.gaps, 95)
        results[f"{name}_gui_cpu_ms" + ("_per_op" if ops > 1 else "")] = meter.cpu_ms / ops
        return meter.worst

    ready = []
    win.tree_ready.connect(lambda: ready.append(time.perf_counter()))
    win.show()
    meter.start()
    win.open_workspace(ws_path)
    wait(app, lambda: bool(ready))
    results["scan_worst_stall_ms"] = stop_run("scan")
    results["first_paint_ms"] = (fp.at - start) * 1000
    results["first_paint_since_process_start_ms"] = (fp.at - T0 - (t_ws - start if t_ws > start else 0)) * 1000
    results["first_tree_ms"] = (ready[0] - start) * 1000
    results["files_in_shown_tree"] = win.explorer.tree.model.root.files

    # store switching
    keys = list(win.ws.stores)
    rnd = random.Random(1)
    times = []
    paints = Paints(win.explorer.tree.view.viewport())
    at_ready: list[int] = []
    win.tree_ready.connect(lambda: at_ready.append(paints.count))

    def wait_tree_painted() -> None:
        wait(app, lambda: paints.count > at_ready[-1])

    meter.start()
    for _ in range(30):
        key = rnd.choice(keys)
        while key == win.store_key:
            key = rnd.choice(keys)
        n = len(ready)
        t = time.perf_counter()
        win.select_store(key)
        wait(app, lambda: len(ready) > n)
        wait_tree_painted()
        times.append((time.perf_counter() - t) * 1000)
        settle(app)  # the next click comes in a turn of its own
    results["switch_worst_stall_ms"] = stop_run("switch", 30)
    results["store_switch_median_ms"] = statistics.median(times)
    results["store_switch_p90_ms"] = statistics.quantiles(times, n=10)[-1]
    results["store_switch_worst_ms"] = max(times)

    # the shown tree under the hand: expand everything, filter by name, go to file (off the GUI thread)
    panel = win.explorer.tree
    results["tree_files"] = panel.model.root.files
    t = time.perf_counter()
    panel.view.expandAll()
    panel.view.viewport().repaint()
    results["expand_all_ms"] = (time.perf_counter() - t) * 1000
    panel.collapse_all()  # back to how the app shows a tree: open down to the changes
    panel.expand_to_changes()
    panel.view.viewport().repaint()
    fired: list[float] = []
    panel.filter_changed.connect(lambda: fired.append(time.perf_counter()))
    meter.start()
    t = time.perf_counter()
    panel.search.setText("header")  # as typed: the filter applies after a 120 ms pause
    wait(app, lambda: bool(fired))
    panel.view.viewport().repaint()
    results["filter_after_pause_ms"] = (time.perf_counter() - t) * 1000 - panel._search_timer.interval()
    results["filter_worst_stall_ms"] = stop_run("filter")
    panel.search.clear()
    wait(app, lambda: len(fired) > 1)
    panel.view.viewport().repaint()  # the unfiltered tree laid out and painted before the next step
    meter.start()
    dlg = win.goto.file()
    wait(app, dlg.isVisible)
    results["goto_open_worst_stall_ms"] = stop_run("goto_open")
    found: list[float] = []
    dlg.searched.connect(lambda: found.append(time.perf_counter()))
    meter.start()
    t = time.perf_counter()
    dlg.edit.setText("hdrnav")
    wait(app, lambda: bool(found))
    results["goto_search_ms"] = (time.perf_counter() - t) * 1000
    results["goto_worst_stall_ms"] = stop_run("goto")
    dlg.reject()

    # the review (started once the explorer was quiet, it may be in by now): until it is in, so
    # that its arrival is a run of its own and the diff below is measured on a quiet app
    meter.start()
    t = time.perf_counter()
    wait(app, lambda: win.review_panel.result is not None and not win.review_panel.tasks.busy("review"), 600)
    settle(app)
    results["review_waited_ms"] = (time.perf_counter() - t) * 1000
    results["review_worst_stall_ms"] = stop_run("review")

    # a 5,000-line diff
    meter.start()
    d = diff_run(app, win, meter)
    meter.stop()
    where("diff")
    results["diff_worst_stall_ms"] = d["stall_max_ms"]
    results["diff_stall_p95_ms"] = d["stall_p95_ms"]
    results["diff_gui_cpu_ms_per_op"] = d["gui_cpu_ms_per_op"]
    results["diff_5000_lines_shown_highlighted_ms"] = d["shown_ms"]
    results["diff_5000_lines_fully_coloured_ms"] = d["fully_coloured_ms"]
    tmp = Path(tempfile.mkdtemp(prefix="sl-bench-"))

    if args.no_burst:
        return _report(win, tmp, results, args)
    # a 5,000-file burst of changes on a copy of the workspace
    win.watcher.stop()
    copy = tmp / "ws"
    shutil.copytree(ws_path, copy, symlinks=True)
    n = len(ready)
    win.open_workspace(copy)
    wait(app, lambda: len(ready) > n)
    t = time.perf_counter()
    wait(app, lambda: win.watcher.watching)  # the burst is written into a watched workspace
    results["watching_after_tree_ms"] = (time.perf_counter() - t) * 1000
    targets = [p for p in (copy / "apps").rglob("*.ts*") if "node_modules" not in p.parts][:5000]
    settle_end = time.perf_counter() + 0.3  # the copy's first tree painted (not left to the burst's first tick)
    while time.perf_counter() < settle_end:
        app.processEvents()
        time.sleep(0.0005)
    updates = []
    win.updated.connect(lambda: updates.append(time.perf_counter()))

    def burst() -> None:
        for p in targets:
            with open(p, "a", encoding="utf-8") as fh:
                fh.write("\n// touched\n")

    meter.start()
    t = time.perf_counter()
    th = threading.Thread(target=burst)
    th.start()
    while th.is_alive():
        app.processEvents()
        time.sleep(0.0005)
    t_written = time.perf_counter()
    settle_end = time.perf_counter() + 3.0
    while time.perf_counter() < settle_end or win.updater.busy:
        app.processEvents()
        time.sleep(0.0005)
    results["burst_worst_stall_ms"] = stop_run("burst")
    results["burst_files"] = len(targets)
    results["burst_write_s"] = t_written - t
    results["burst_updates"] = len(updates)
    results["burst_last_update_after_writes_ms"] = ((updates[-1] - t_written) * 1000) if updates else -1
    return _report(win, tmp, results, args)


def _report(win, tmp: Path, results: dict, args) -> int:
    win.watcher.stop()
    win.close()
    shutil.rmtree(tmp, ignore_errors=True)
    results["load_average_after"] = load_average()
    for k, v in results.items():
        if isinstance(v, float):
            print(f"{k:42s} {v:10.1f}")
        elif isinstance(v, int):
            print(f"{k:42s} {v:10d}")
        else:
            print(f"{k:42s} {v:>10s}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
