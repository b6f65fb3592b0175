"""Scale (issue #5): does the CLI and the desktop app still load 800 stores over 20,000 base files?

    .venv/bin/python benchmarks/scale.py                           # 200x3000, 800x3000, 800x20000
    .venv/bin/python benchmarks/scale.py --sizes 800x20000 --repeat 1
    .venv/bin/python benchmarks/scale.py --json out.json
    .venv/bin/python benchmarks/scale.py --sizes 800x20000 --app-only --stalls 12

For each size (STORESxBASE_FILES, synthetic workspaces from benchmarks/make_workspace.py, seed 0,
generated once into benchmarks/_work/):

- CLI: `storelayers stats WS --json` as a whole process, best and median of --repeat runs after
  one warm-up run (page cache warm), with its peak RSS (wait4).
- App: a fresh process opens the window offscreen on WS and reports the time to the first paint
  and to the first effective tree shown, the median of 10 switches between random stores, how it
  watches (native watches or polling) and its peak RSS. The folder count is what native watching
  needs from fs.inotify.max_user_watches.
- GUI thread, per run (scan, watch set-up, the 10 switches, five 5,000-line diffs, then until the
  review the app starts once the explorer is quiet has arrived): the worst and
  95th-percentile gap of a 5 ms timer (a stall), and the GUI thread's own CPU time
  (`time.thread_time`), per operation too; with the machine's load average before and after.
  Wall-clock stalls grow with the machine's load (a shared 2-core machine doubles them and more);
  the CPU time is the steadier figure.

Probes (one app run, figures to stderr): `--profile N` (cProfile of the GUI thread over the
switches), `--stalls N` (the GUI thread's Python stack sampled during every stall over 30 ms),
`--tracemalloc N` (who holds the Python heap after the switches; slow). `--app-only` skips the
repeated CLI runs.

The table puts every size next to the 200-store one (the engine issue's reference) with the
growth factors, and the JSON keeps every figure.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import qt_probes  # noqa: E402
from qt_probes import StallMeter, first_paint_probe  # noqa: E402


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def workspace(stores: int, base_files: int) -> Path:
    import make_workspace as mw

    root = HERE / "_work" / f"ws-{stores}s-{base_files}b-seed0"
    if not mw.matches(root, stores, base_files, 0):
        log(f"  generating {root.name} ...")
        mw.generate(root, stores=stores, base_files=base_files, seed=0)
    return root


def run_timed(cmd: Sequence[str], env: dict | None = None, show_stderr: bool = False) -> tuple[float, float, str]:
    """Wall time (s), peak RSS (MB, from wait4) and stdout of one whole process (its stderr shown
    as it comes with `show_stderr`, else kept for the error message)."""
    import threading

    t = time.perf_counter()
    p = subprocess.Popen(
        list(cmd), cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=None if show_stderr else subprocess.PIPE
    )
    chunks: list[bytes] = []

    def drain(stream, into) -> None:
        for block in iter(lambda: stream.read(65536), b""):
            into.append(block)

    errs: list[bytes] = []
    readers = [threading.Thread(target=drain, args=(p.stdout, chunks))]
    if not show_stderr:
        readers.append(threading.Thread(target=drain, args=(p.stderr, errs)))
    for r in readers:
        r.start()
    _pid, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    for r in readers:
        r.join()
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise RuntimeError(
            f"{' '.join(map(str, cmd))} exited {p.returncode}: {b''.join(errs).decode(errors='replace')[-800:]}"
        )
    return wall, usage.ru_maxrss / 1024, b"".join(chunks).decode("utf-8", "replace")


def rss_now() -> float:
    """Resident memory of this process now, in MB (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError):
        return 0.0


def count_folders(root: Path) -> int:
    n = 0
    for _dirpath, dirs, _files in os.walk(root):
        n += len(dirs)
    return n + 1


def watch_limit() -> int | None:
    try:
        return int(Path("/proc/sys/fs/inotify/max_user_watches").read_text())
    except (OSError, ValueError):
        return None


# --------------------------------------------------------------------------- the app probe (child)


def app_probe(ws: Path, profile: int = 0, trace: int = 0, stalls: int = 0) -> int:
    """Runs in its own process: open the window on `ws`, print figures as JSON on stdout.

    `profile` N: the GUI thread is profiled (cProfile) over the switches, its top N functions by
    own time and by cumulative time go to stderr. `trace` N: tracemalloc runs from the start and,
    once the switches are done, the N biggest holders of memory by traceback go to stderr (the
    timings are then meaningless: tracemalloc slows every allocation). `stalls` N: where the GUI
    thread was during stalls over 30 ms (its Python stack sampled every 5 ms from another thread),
    the N most frequent stacks per run to stderr."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import random
    import resource
    import tempfile

    if trace:
        import tracemalloc

        tracemalloc.start(5)  # frames per allocation: more makes the run far slower
    settings_dir = Path(tempfile.mkdtemp(prefix="sl-scale-"))
    os.environ["STORELAYERS_SETTINGS"] = str(settings_dir / "settings.ini")

    from storelayers.gui import app as gui_app
    from storelayers.gui.settings import GuiSettings

    app = gui_app.make_app()
    t_import = time.perf_counter() - T0

    meter = StallMeter(interval=5)
    runs: dict[str, dict[str, float]] = {}

    def wait(cond, timeout: float = 600) -> None:
        qt_probes.wait(app, cond, timeout, nap=0.001)

    start = time.perf_counter()
    win = gui_app.build_window(GuiSettings(theme="light"), "light")
    fp = first_paint_probe()
    win.installEventFilter(fp)
    win.resize(1440, 900)
    ready: list[float] = []
    win.tree_ready.connect(lambda: ready.append(time.perf_counter()))
    win.show()
    meter.start()
    sampler = qt_probes.StallSampler(meter).start() if stalls else None

    def where(run: str) -> None:
        if sampler is not None:
            sampler.report(run, stalls, log)

    win.open_workspace(ws)
    wait(lambda: bool(ready))
    first_tree = ready[0] - start
    runs["scan"] = meter.run()
    where("scan")
    rss_tree = rss_now()
    wait(lambda: not win.watcher.starting, 600)
    t_watch = time.perf_counter() - start
    runs["watch_setup"] = meter.run()
    rss_watch = rss_now()
    keys = list(win.ws.stores)
    rnd = random.Random(1)
    switches = []
    paints = qt_probes.Paints(win.explorer.tree.view.viewport())
    at_ready: list[int] = []
    win.tree_ready.connect(lambda: at_ready.append(paints.count))

    def wait_tree_painted() -> None:
        wait(lambda: paints.count > at_ready[-1])

    prof = None
    if profile:
        import cProfile

        prof = cProfile.Profile()  # made on the GUI thread: it profiles this thread only
        prof.enable()
    for _ in range(10):
        key = rnd.choice(keys)
        while key == win.store_key and len(keys) > 1:
            key = rnd.choice(keys)
        n = len(ready)
        t = time.perf_counter()
        win.select_store(key)
        wait(lambda: len(ready) > n)
        wait_tree_painted()
        switches.append((time.perf_counter() - t) * 1000)
        qt_probes.settle(app)  # the next click comes in a turn of its own
    wait(lambda: not win.tasks.busy(), 60)  # what a switch leaves to do afterwards belongs to it
    end = time.perf_counter() + 0.3
    wait(lambda: time.perf_counter() > end)
    runs["switch"] = meter.run(ops=len(switches))
    where("switch")
    if prof is not None:
        prof.disable()
        import io
        import pstats

        for order in ("tottime", "cumulative"):
            buf = io.StringIO()
            pstats.Stats(prof, stream=buf).sort_stats(order).print_stats(profile)
            log(f"--- GUI thread over {len(switches)} switches, by {order}:\n{buf.getvalue()}")
    rss_switched = rss_now()
    runs["diff"] = qt_probes.diff_run(app, win, meter)
    where("diff")
    # the review starts once the explorer is quiet (it may be under way by now): until it is in
    reviewing = win.review_panel.tasks
    t_review = time.perf_counter()
    wait(lambda: win.review_panel.result is not None and not reviewing.busy("review"), 600)
    qt_probes.settle(app, 200)  # its findings placed on the tree, its lists filled
    runs["review"] = meter.run()
    runs["review"]["waited_s"] = round(time.perf_counter() - t_review, 2)
    where("review")
    rss_reviewed = rss_now()
    meter.stop()
    if trace:
        import gc

        gc.collect()
        snap = tracemalloc.take_snapshot()
        total = sum(st.size for st in snap.statistics("filename"))
        log(f"--- tracemalloc: {total / 2**20:.1f} MB traced by Python; top {trace} by traceback:")
        for st in snap.statistics("traceback")[:trace]:
            log(f"{st.size / 2**20:8.1f} MB {st.count:>9,} blocks")
            for line in st.traceback.format(limit=5, most_recent_first=True):
                log("        " + line)
        log(f"--- top {trace} by line:")
        for st in snap.statistics("lineno")[:trace]:
            log(f"{st.size / 2**20:8.1f} MB {st.count:>9,} blocks  {st.traceback[0]}")
    res = {
        "import_s": round(t_import, 3),
        "first_paint_s": round(fp.at - start, 3) if fp.at else None,
        "first_tree_s": round(first_tree, 3),
        "watching_after_s": round(t_watch, 3),
        "watching": win.watcher.mode,
        "watch_detail": win.watcher.detail,
        "load_worst_stall_ms": runs["scan"]["stall_max_ms"],
        "watch_setup_worst_stall_ms": runs["watch_setup"]["stall_max_ms"],
        "store_switch_median_ms": round(statistics.median(switches), 1),
        "store_switch_worst_ms": round(max(switches), 1),
        "switch_worst_stall_ms": runs["switch"]["stall_max_ms"],
        "runs": runs,
        "files_in_first_tree": win.explorer.tree.model.root.files,
        "stores": len(keys),
        "rss_mb_at_first_tree": round(rss_tree, 1),
        "rss_mb_once_watching": round(rss_watch, 1),
        "rss_mb_after_switches": round(rss_switched, 1),
        "rss_mb_once_reviewed": round(rss_reviewed, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    win.watcher.stop()
    win.tasks.wait(5000)
    print(json.dumps(res))
    sys.stdout.flush()
    import shutil

    shutil.rmtree(settings_dir, ignore_errors=True)
    os._exit(0)  # no teardown of a huge heap: the figures are out


# --------------------------------------------------------------------------- the parent


def measure(stores: int, base_files: int, repeat: int, probe_args: Sequence[str] = (), app_only: bool = False) -> dict:
    ws = workspace(stores, base_files)
    manifest = json.loads((ws / ".storelayers-bench.json").read_text())
    cli = [str(Path(sys.executable).with_name("storelayers"))]
    if not Path(cli[0]).exists():
        cli = [sys.executable, "-m", "storelayers.resolver"]
    cmd = cli + ["stats", str(ws), "--json"]
    log(f"{stores} stores x {base_files:,} base files: CLI stats ...")
    run_timed(cmd)  # warm-up: page cache
    runs = [run_timed(cmd) for _ in range(1 if app_only else repeat)]
    stats_out = json.loads(runs[0][2])
    log(f"{stores} stores x {base_files:,} base files: app ...")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    load = qt_probes.load_average()
    wall, rss, out = run_timed(
        [sys.executable, str(Path(__file__)), "--app-probe", str(ws), *probe_args], env, show_stderr=bool(probe_args)
    )
    probe = json.loads(out.strip().splitlines()[-1])
    probe["process_peak_rss_mb"] = round(rss, 1)
    probe["process_wall_s"] = round(wall, 2)
    probe["load_average_before"] = load
    probe["load_average_after"] = qt_probes.load_average()
    return {
        "stores": stores,
        "base_files": base_files,
        "files": manifest.get("files_written"),
        "store_files": manifest.get("store_files"),
        "folders": count_folders(ws),
        "cli_stats": {
            "best_s": round(min(r[0] for r in runs), 3),
            "median_s": round(statistics.median(r[0] for r in runs), 3),
            "peak_rss_mb": round(max(r[1] for r in runs), 1),
            "stores_reported": len(stats_out.get("stores", [])),
        },
        "app": probe,
    }


def table(rows: list[dict], ref: dict) -> str:
    lines = []
    head = f"{'workspace':<22}{'folders':>9}{'CLI stats':>11}{'CLI RSS':>10}{'app tree':>10}{'app RSS':>9}{'switch':>9}{'stall':>8}{'watches':>9}  watching"
    lines.append(head)
    lines.append("-" * len(head))
    for r in rows:
        a = r["app"]
        lines.append(
            f"{r['stores']:>4} x {r['base_files']:>6,} base  {r['folders']:>9,}{r['cli_stats']['best_s']:>10.2f}s"
            f"{r['cli_stats']['peak_rss_mb']:>8.0f}MB{a['first_tree_s']:>9.2f}s{a['process_peak_rss_mb']:>7.0f}MB"
            f"{a['store_switch_median_ms']:>7.0f}ms{a['load_worst_stall_ms']:>6.0f}ms{a['watching_after_s']:>8.1f}s  {a['watching']}"
        )
    lines.append("")
    lines.append(f"growth against {ref['stores']} x {ref['base_files']:,} (time / memory):")
    for r in rows:
        if r is ref:
            continue
        c, a = r["cli_stats"], r["app"]
        lines.append(
            f"  {r['stores']} x {r['base_files']:,}: CLI x{c['best_s'] / ref['cli_stats']['best_s']:.1f} / "
            f"x{c['peak_rss_mb'] / ref['cli_stats']['peak_rss_mb']:.1f}, app first tree "
            f"x{a['first_tree_s'] / ref['app']['first_tree_s']:.1f} / x{a['process_peak_rss_mb'] / ref['app']['process_peak_rss_mb']:.1f}, "
            f"store switch x{a['store_switch_median_ms'] / ref['app']['store_switch_median_ms']:.2f} "
            f"({a['files_in_first_tree']:,} against {ref['app']['files_in_first_tree']:,} files in the first tree; "
            f"worst GUI stall while switching {a['switch_worst_stall_ms']:.0f} ms), "
            f"size x{r['stores'] / ref['stores']:.0f} stores, x{r['base_files'] / ref['base_files']:.1f} base files, "
            f"x{r['folders'] / ref['folders']:.1f} folders"
        )
    lines.append("")
    lines.append("GUI thread per run: worst / 95th-percentile stall (5 ms timer), the GUI thread's CPU time")
    for r in rows:
        a = r["app"]
        parts = []
        for name, run in a.get("runs", {}).items():
            per = f", {run['gui_cpu_ms_per_op']:.0f} ms/op" if "gui_cpu_ms_per_op" in run else ""
            parts.append(
                f"{name} {run['stall_max_ms']:.0f}/{run['stall_p95_ms']:.0f} ms (CPU {run['gui_cpu_ms']:.0f} ms{per})"
            )
        lines.append(
            f"  {r['stores']} x {r['base_files']:,}: "
            + "; ".join(parts)
            + f"; RSS peak {a['process_peak_rss_mb']:.0f} MB, {a['rss_mb_after_switches']:.0f} MB after the switches,"
            f" {a.get('rss_mb_once_reviewed', 0):.0f} MB once the review is in;"
            f" load {a.get('load_average_before', '?')} -> {a.get('load_average_after', '?')}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="200x3000,800x3000,800x20000", help="STORESxBASE_FILES, comma separated")
    ap.add_argument("--repeat", type=int, default=3, help="timed CLI runs per size (default 3)")
    ap.add_argument("--json", type=Path)
    ap.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="cProfile the GUI thread over the switches: top N functions to stderr",
    )
    ap.add_argument(
        "--tracemalloc",
        type=int,
        default=0,
        metavar="N",
        help="the N biggest holders of Python memory once switched (slows the app: timings are then off)",
    )
    ap.add_argument(
        "--stalls",
        type=int,
        default=0,
        metavar="N",
        help="where the GUI thread is during stalls over 30 ms: N most frequent stacks per run",
    )
    ap.add_argument(
        "--app-only", action="store_true", help="one CLI run only (warm-up and one timed), for probing the app"
    )
    ap.add_argument("--app-probe", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.app_probe:
        return app_probe(args.app_probe, args.profile, args.tracemalloc, args.stalls)
    probe_args = []
    if args.profile:
        probe_args += ["--profile", str(args.profile)]
    if args.tracemalloc:
        probe_args += ["--tracemalloc", str(args.tracemalloc)]
    if args.stalls:
        probe_args += ["--stalls", str(args.stalls)]
    sizes = [tuple(int(x) for x in s.lower().split("x")) for s in args.sizes.split(",")]
    t = time.perf_counter()
    rows = [measure(s, b, args.repeat, probe_args, args.app_only) for s, b in sizes]
    ref = next((r for r in rows if (r["stores"], r["base_files"]) == (200, 3000)), rows[0])
    text = table(rows, ref)
    engine = HERE / "_work" / "engine_speed.json"  # written by benchmarks/engine_speed.py (the engine issue)
    try:
        sweep = json.loads(engine.read_text())["sweep"]["rows"]
        text += "\n\nthe engine issue's sweep (benchmarks/engine_speed.py, 3,000 base files): " + ", ".join(
            f"{r['stores']} stores {r['stats_s']:.2f}s {r['rss_mb']:.0f}MB" for r in sweep
        )
    except (OSError, ValueError, KeyError, TypeError):
        pass
    limit = watch_limit()
    biggest = max(rows, key=lambda r: r["folders"])
    text += (
        f"\n\nnative watching needs one watch per folder: {biggest['folders']:,} for the biggest workspace here "
        f"(plus node_modules in a real checkout); this system allows {limit:,} per user."
        if limit
        else ""
    )
    print(text)
    res = {
        "environment": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
        "rows": rows,
        "watch_limit": limit,
        "elapsed_s": round(time.perf_counter() - t, 1),
        "command": "python benchmarks/scale.py " + " ".join(sys.argv[1:] if argv is None else list(argv)),
    }
    if args.json:
        args.json.write_text(json.dumps(res, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
