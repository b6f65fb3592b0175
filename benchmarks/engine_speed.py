"""Engine speed (issue #2): `storelayers stats` against the I/O floor, incremental updates, memory, scaling.

    .venv/bin/python benchmarks/engine_speed.py            # full run (about 2-4 minutes on 2 cores)
    .venv/bin/python benchmarks/engine_speed.py --quick    # smaller sweep, fewer repeats
    .venv/bin/python benchmarks/engine_speed.py --json     # JSON on stdout (the table goes to stderr)

What it does, in one run:

1. Generates (or reuses, from benchmarks/_work/, which git ignores) a synthetic workspace with
   benchmarks/make_workspace.py: 200 stores up to three levels deep, 3,000 base-app files,
   20-60 overrides per store.
2. Times whole processes side by side, interleaved round by round, after one warm-up run of each
   (so the page cache is warm for all of them), and keeps the best of 5 (median shown too):
     startup  python -c pass                       (interpreter start-up alone, a reference)
     floor    python benchmarks/io_floor.py WS     (list every layer, read every file whose path
                                                    is in 2+ layers of one app: the least work)
     stats    storelayers stats WS --json          (the console script when it runs; also
                                                    python -m storelayers.resolver stats WS --json)
   and prints stats / floor (target: at most 3x). Peak RSS comes from wait4() on each child.
3. In this process: `ws.update([path])` after changing one file, 200 times per case (median and
   p95 in ms; target under 5 ms): a base-app file most stores override, a file of the template
   store with the most descendants, and a file of one deployable store.
4. The scaling sweep: 50, 200 and 800 stores (base files fixed at 3,000; overrides per store stay
   20-60), stats and floor per size (sizes interleaved round by round, best of 5), time per store,
   a least-squares fit and a linearity verdict: the marginal cost per store of the last step
   (200 -> 800) against the first (50 -> 200); within 0.75-1.33x counts as linear, a band wide
   enough for the noise of a shared 2-core machine.

Child processes run byte-compiled, as an installed tool does: .pyc files go to
benchmarks/_work/pycache (PYTHONPYCACHEPREFIX), even where PYTHONDONTWRITEBYTECODE is set.

Every figure can be reproduced with the commands printed in the report.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import make_workspace as mw  # noqa: E402

WORK = HERE / "_work"
IO_FLOOR = HERE / "io_floor.py"

TARGET_RATIO = 3.0
TARGET_UPDATE_MS = 5.0
TARGET_RSS_MB = 300.0


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- workspaces


def ensure_workspace(work: Path, stores: int, base_files: int, seed: int) -> tuple[Path, float]:
    """The cached workspace for these parameters, generated when missing. Returns (path, seconds spent)."""
    root = work / f"ws-{stores}s-{base_files}b-seed{seed}"
    if mw.matches(root, stores, base_files, seed):
        return root, 0.0
    log(f"  generating {root.name} ...")
    t = time.perf_counter()
    mw.generate(root, stores=stores, base_files=base_files, seed=seed)
    return root, time.perf_counter() - t


# --------------------------------------------------------------------------- processes


def run_timed(cmd: Sequence[str], cwd: Path, env: dict) -> tuple[float, int, float]:
    """Wall time (s), peak RSS (KB) and CPU time (user + system, s) of one whole process; raises when it fails."""
    t = time.perf_counter()
    p = subprocess.Popen(list(cmd), cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    err = p.stderr.read().decode("utf-8", "replace") if p.stderr else ""
    if p.stderr:
        p.stderr.close()
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {p.returncode}: {err.strip()[-600:]}")
    return wall, int(usage.ru_maxrss), usage.ru_utime + usage.ru_stime  # maxrss is in KB on Linux


def probe_stats(cmd: Sequence[str], cwd: Path, env: dict, expect_stores: int) -> str | None:
    """None when `cmd` prints stats JSON for every store, else why not."""
    try:
        r = subprocess.run(list(cmd), check=False, cwd=cwd, env=env, capture_output=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    if r.returncode != 0:
        return f"exit {r.returncode}: {r.stderr.decode('utf-8', 'replace').strip().splitlines()[-1:] or ''}"
    try:
        data = json.loads(r.stdout)
        n = len(data["stores"])
    except (ValueError, KeyError, TypeError) as exc:
        return f"output is not stats JSON ({exc})"
    if n != expect_stores:
        return f"{n} stores in the output, {expect_stores} expected"
    return None


def stats_commands(
    py: str, ws: Path, cwd: Path, env: dict, expect: int
) -> tuple[list[tuple[str, list[str]]], list[str]]:
    """The stats commands that work here, best first: console script, then `python -m resolver`."""
    cands = []
    script = Path(py).parent / "storelayers"
    if script.exists():
        cands.append(("storelayers stats --json", [str(script), "stats", str(ws), "--json"]))
    cands.append(
        ("python -m storelayers.resolver stats --json", [py, "-m", "storelayers.resolver", "stats", str(ws), "--json"])
    )
    ok, notes = [], []
    for name, cmd in cands:
        why = probe_stats(cmd, cwd, env, expect)
        if why is None:
            ok.append((name, cmd))
        else:
            notes.append(f"{name}: not usable ({why})")
    if not ok:
        code = "import sys, storelayers.resolver as r; r.load(sys.argv[1]).stats()"
        ok.append(("in-process load().stats() (no CLI yet)", [py, "-c", code, str(ws)]))
        notes.append("no stats CLI worked: timing storelayers.resolver.load(WS).stats() in a python -c process instead")
    return ok, notes


def side_by_side(cmds: list[tuple[str, list[str]]], cwd: Path, env: dict, repeat: int) -> dict[str, dict]:
    """One warm-up run of each, then `repeat` interleaved rounds. Best, median and peak RSS per command."""
    for _name, cmd in cmds:
        run_timed(cmd, cwd, env)
    times: dict[str, list[float]] = {n: [] for n, _ in cmds}
    cpus: dict[str, list[float]] = {n: [] for n, _ in cmds}
    rss: dict[str, int] = {n: 0 for n, _ in cmds}
    for _ in range(repeat):
        for name, cmd in cmds:
            t, kb, cpu = run_timed(cmd, cwd, env)
            times[name].append(t)
            cpus[name].append(cpu)
            rss[name] = max(rss[name], kb)
    return {
        n: {
            "best_s": min(ts),
            "median_s": statistics.median(ts),
            "best_cpu_s": min(cpus[n]),
            "runs_s": ts,
            "peak_rss_mb": rss[n] / 1024,
        }
        for n, ts in times.items()
    }


# --------------------------------------------------------------------------- in-process


def pct(values: Sequence[float], q: float) -> float:
    s = sorted(values)
    if not s:
        return float("nan")
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def pick_update_targets(ws) -> list[tuple[str, str, Path]]:
    """(case, description, absolute path) of the files whose change is timed."""
    from collections import Counter

    out = []
    count: Counter = Counter()
    for (skey, app), L in ws.layer_items():
        if skey is not None:
            for k in L.files:
                count[(app, k)] += 1
    apps = sorted(ws.apps, key=lambda a: -len(ws.layer(None, a).files))
    main_app = apps[0]
    base_hits = [(n, k) for (a, k), n in count.items() if a == main_app and k in ws.layer(None, main_app).files]
    if base_hits:
        n, k = max(base_hits, key=lambda x: (x[0], x[1]))
        out.append(
            (
                "base file",
                f"base {main_app}/{k} ({n} stores override it; all {len(ws.stores)} stores use it)",
                ws.abs_path(None, main_app, ws.layer(None, main_app).files[k].name),
            )
        )
    templates = [s for s in ws.stores.values() if ws.descendants(s.key)[1:]]
    if templates:
        t = max(templates, key=lambda s: (len(ws.descendants(s.key)), s.key))
        L = ws.layer(t.key, main_app)
        keys = sorted(k for k in L.files if k in ws.layer(None, main_app).files)
        if keys:
            k = keys[len(keys) // 2]
            out.append(
                (
                    "template file",
                    f"{t.id}/{main_app}/{k} (template with {len(ws.descendants(t.key)) - 1} stores below)",
                    ws.abs_path(t.key, main_app, L.files[k].name),
                )
            )
    leaves = [s for s in ws.stores.values() if not ws.descendants(s.key)[1:]]
    if leaves:
        s = leaves[len(leaves) // 2]
        L = ws.layer(s.key, main_app)
        keys = sorted(L.files)
        if keys:
            k = keys[len(keys) // 2]
            out.append(
                (
                    "store file",
                    f"{s.id}/{main_app}/{k} (one deployable store)",
                    ws.abs_path(s.key, main_app, L.files[k].name),
                )
            )
    return out


def time_updates(root: Path, runs: int, with_stats_runs: int = 0) -> list[dict]:
    """Median / p95 of ws.update([path]) after changing one file, per case. Files are restored after."""
    from storelayers import resolver

    ws = resolver.load(root)
    ws.stats()  # a GUI has its tables filled before the first change arrives
    results = []
    for case, desc, path in pick_update_targets(ws):
        orig = path.read_bytes()
        variants = (orig + b"\n// benchmark edit\n", orig)  # sizes differ, so the digest cache sees each change
        ts: list[float] = []
        ts_stats: list[float] = []
        entries = 0
        try:
            for i in range(runs):
                path.write_bytes(variants[i % 2])
                t = time.perf_counter()
                ws, cs = ws.update([str(path)])
                ts.append(time.perf_counter() - t)
                entries = max(entries, len(cs.entries))
                if cs.full:
                    raise RuntimeError(f"update of {path} reloaded the whole workspace ({cs.reason})")
            for i in range(with_stats_runs):
                path.write_bytes(variants[(runs + i) % 2])
                t = time.perf_counter()
                ws, _cs = ws.update([str(path)])
                ws.stats()
                ts_stats.append(time.perf_counter() - t)
        finally:
            path.write_bytes(orig)
            ws, _cs = ws.update([str(path)])
        r = {
            "case": case,
            "file": desc,
            "runs": runs,
            "median_ms": statistics.median(ts) * 1e3,
            "p95_ms": pct(ts, 0.95) * 1e3,
            "max_ms": max(ts) * 1e3,
            "max_entries_changed": entries,
        }
        if ts_stats:
            r["update_plus_stats_median_ms"] = statistics.median(ts_stats) * 1e3
            r["update_plus_stats_runs"] = len(ts_stats)
        results.append(r)
    return results


def inprocess_split(root: Path) -> dict:
    """Where the time of one stats process goes, measured inside this process (fresh digest cache)."""
    from storelayers import resolver

    gc.collect()
    t0 = time.perf_counter()
    ws = resolver.load(root)
    t1 = time.perf_counter()
    ws.stats()
    t2 = time.perf_counter()
    return {"load_s": t1 - t0, "stats_s": t2 - t1, "files_read": ws.digests.reads}


def import_time(py: str, cwd: Path, env: dict, module: str = "storelayers.resolver.cli.main", repeat: int = 5) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    best = float("inf")
    for _ in range(repeat):
        r = subprocess.run([py, "-c", code], check=False, cwd=cwd, env=env, capture_output=True, text=True)
        if r.returncode == 0:
            best = min(best, float(r.stdout.strip()))
    return best


# --------------------------------------------------------------------------- scaling


def fit_line(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float, float]:
    """Least squares y = a + b x: (a, b, r2)."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=False))
    b = sxy / sxx if sxx else 0.0
    a = my - b * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - (a + b * x)) ** 2 for x, y in zip(xs, ys, strict=False))
    return a, b, (1 - ss_res / ss_tot) if ss_tot else 1.0


def verdict(sizes: Sequence[int], secs: Sequence[float]) -> dict:
    """Linear or not: the marginal cost per store between the first sizes against the last ones."""
    a, b, r2 = fit_line(sizes, secs)
    slopes = [(secs[i + 1] - secs[i]) / (sizes[i + 1] - sizes[i]) for i in range(len(sizes) - 1)]
    growth = slopes[-1] / slopes[0] if len(slopes) >= 2 and slopes[0] > 0 else float("nan")
    if len(sizes) < 3:
        word = "not enough sizes for a verdict"
    elif any(sl <= 0 for sl in slopes):
        word = "inconclusive: noise is larger than the growth (a size cost less than a smaller one)"
    elif growth > 1.33:
        word = "super-linear: the cost of one more store grows with the store count"
    elif growth < 0.75:
        word = "sub-linear over this range (fixed costs still dominate)"
    else:
        word = "linear: each extra store costs about the same"
    return {
        "fit_intercept_s": a,
        "fit_ms_per_store": b * 1e3,
        "fit_r2": r2,
        "marginal_ms_per_store": [s * 1e3 for s in slopes],
        "marginal_growth": growth,
        "verdict": word,
    }


# --------------------------------------------------------------------------- report


def fmt_s(s: float) -> str:
    return f"{s * 1e3:8.0f} ms"


def report(res: dict) -> str:
    L = []
    P = L.append
    env = res["environment"]
    P("Store Layers engine speed (issue #2)")
    P(
        f"  {env['python']} on {env['platform']}, {env['cpus']} CPUs; warm page cache (one warm-up run of each command first)"
    )
    P(f"  engine: {env['engine']}; bytecode {env['bytecode']}")
    P(
        f"  load average {env['loadavg_start']} at start, {env['loadavg_end']} at end (other work on the machine adds noise)"
    )
    ws = res["workspace"]
    P(f"  workspace: {ws['path']}")
    P(
        f"    {ws['stores']} stores ({ws['templates']} templates, {ws['deployable']} deployable, depth {ws['max_depth']}), "
        f"{ws['base_files']} base files, {ws['store_files']} store files: {ws['overrides']} overrides, "
        f"{ws['redundant']} redundant, {ws['added']} added; {ws['bytes_written'] / 1e6:.1f} MB"
    )
    P("")
    P(f"Whole processes, best of {res['repeat']} interleaved rounds after a warm-up (median in brackets):")
    P(f"  {'command':38} {'best wall':>11} {'(median)':>11} {'best CPU':>11} {'peak RSS':>10}")
    for name, r in res["processes"].items():
        P(
            f"  {name:38} {fmt_s(r['best_s'])} ({r['median_s'] * 1e3:6.0f} ms) {fmt_s(r['best_cpu_s'])} {r['peak_rss_mb']:7.1f} MB"
        )
    fl = res["floor_detail"]
    P(
        f"  floor work: {fl['layers']} layers listed, {fl['paths']} distinct paths, {fl['files_read']} files read "
        f"({fl['bytes_read'] / 1e6:.1f} MB)"
    )
    for note in res["notes"]:
        P(f"  note: {note}")
    P("")
    for name, r in res["ratios"].items():
        ok = "OK" if r["ratio"] <= TARGET_RATIO else "MISSED"
        P(
            f"  {name}: {r['ratio']:.2f}x the floor in wall time (target <= {TARGET_RATIO:g}x: {ok}); "
            f"CPU time {r['ratio_cpu']:.2f}x; beyond interpreter start-up {r['ratio_beyond_startup']:.2f}x"
        )
    split = res["inprocess"]
    P(
        f"  inside one stats process: import storelayers.resolver.cli {split['import_s'] * 1e3:.0f} ms, load() {split['load_s'] * 1e3:.0f} ms, "
        f"stats() {split['stats_s'] * 1e3:.0f} ms, {split['files_read']} files read"
    )
    rss = res["peak_rss_mb"]
    P(
        f"  peak RSS of the stats process: {rss:.1f} MB (target < {TARGET_RSS_MB:g} MB: {'OK' if rss < TARGET_RSS_MB else 'MISSED'})"
    )
    P("")
    P(
        f"Incremental update, ws.update([path]) after changing one file ({res['updates'][0]['runs'] if res['updates'] else 0} runs each, in-process):"
    )
    P(f"  {'case':14} {'median':>9} {'p95':>9} {'max':>9}  file")
    for u in res["updates"]:
        extra = (
            f"; update+stats() {u['update_plus_stats_median_ms']:.1f} ms" if "update_plus_stats_median_ms" in u else ""
        )
        ok = "OK" if u["p95_ms"] < TARGET_UPDATE_MS else "MISSED"
        P(
            f"  {u['case']:14} {u['median_ms']:6.2f} ms {u['p95_ms']:6.2f} ms {u['max_ms']:6.2f} ms  {u['file']} [{ok}{extra}]"
        )
    if res.get("sweep"):
        sw = res["sweep"]
        P("")
        P(
            f"Scaling ({sw['command']}): base files fixed at {sw['base_files']}, 20-60 overrides per store at every size; "
            f"best of {sw['repeat']} rounds, sizes interleaved:"
        )
        P(
            f"  {'stores':>6} {'store files':>11} {'stats':>11} {'stats CPU':>11} {'floor':>11} {'ratio':>6} {'stats/store':>12} "
            f"{'load()':>9} {'stats()':>9} {'base-file update':>17} {'RSS':>9}"
        )
        for row in sw["rows"]:
            P(
                f"  {row['stores']:6d} {row['store_files']:11d} {fmt_s(row['stats_s'])} {fmt_s(row['stats_cpu_s'])} "
                f"{fmt_s(row['floor_s'])} "
                f"{row['ratio']:5.2f}x {row['stats_ms_per_store']:9.2f} ms {row['load_s'] * 1e3:6.0f} ms "
                f"{row['stats_call_s'] * 1e3:6.0f} ms {row['update_base_median_ms']:13.2f} ms {row['rss_mb']:6.1f} MB"
            )
        for label, v in (
            ("stats process, wall", sw["stats_fit"]),
            ("stats process, CPU", sw["stats_cpu_fit"]),
            ("floor process, wall", sw["floor_fit"]),
            ("base-file update", sw["update_fit"]),
        ):
            marg = ", ".join(f"{m:.3g}" for m in v["marginal_ms_per_store"])
            P(
                f"  {label}: t = {v['fit_intercept_s'] * 1e3:.0f} ms + {v['fit_ms_per_store']:.3g} ms x stores "
                f"(R2 {v['fit_r2']:.4f}); marginal ms/store per step: {marg}; -> {v['verdict']}"
            )
    P("")
    P("Reproduce:")
    for c in res["commands"]:
        P(f"  {c}")
    return "\n".join(L)


# --------------------------------------------------------------------------- main


def _loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def _engine_path() -> str:
    from storelayers import resolver

    return str(Path(resolver.__file__).parent)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="3 rounds, 50 update runs, sweep 50/100/200 (about 1 minute)")
    ap.add_argument(
        "--json", action="store_true", help="print the results as JSON on stdout (the table goes to stderr)"
    )
    ap.add_argument("--stores", type=int, default=200)
    ap.add_argument("--base-files", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=None, help="timed rounds per command (default 5, quick 3)")
    ap.add_argument("--updates", type=int, default=None, help="update runs per case (default 200, quick 50)")
    ap.add_argument(
        "--sweep", default=None, help="comma-separated store counts (default 50,200,800; quick 50,100,200; '' to skip)"
    )
    ap.add_argument(
        "--work", type=Path, default=WORK, help="cache folder for generated workspaces (default benchmarks/_work)"
    )
    ap.add_argument(
        "--save", type=Path, default=None, help="where to write the JSON results (default WORK/engine_speed.json)"
    )
    ap.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="let child processes compile every module each run (default: cache .pyc in WORK/pycache)",
    )
    ap.add_argument(
        "--profile", action="store_true", help="also profile load()+stats() with pyinstrument into the work folder"
    )
    a = ap.parse_args(argv)
    repeat = a.repeat or (3 if a.quick else 5)
    runs = a.updates or (50 if a.quick else 200)
    sweep_arg = a.sweep if a.sweep is not None else ("50,100,200" if a.quick else "50,200,800")
    sizes = sorted({int(x) for x in sweep_arg.split(",") if x.strip()})
    work = a.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    py = sys.executable
    env = dict(os.environ)
    env.pop("PYTHONSTARTUP", None)
    if not a.no_bytecode_cache:
        # Time the engine as an installed tool runs: byte-compiled. The cache lives in the work folder,
        # so nothing is written next to the sources even when PYTHONDONTWRITEBYTECODE is set here.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    cwd = work  # not the repository root: `-m resolver` must not depend on the current folder
    t_start = time.perf_counter()
    load_start = _loadavg()

    log(f"workspace: {a.stores} stores, {a.base_files} base files, seed {a.seed}")
    root, gen_s = ensure_workspace(work, a.stores, a.base_files, a.seed)
    man = mw.read_manifest(root) or {}
    stats_cmds, notes = stats_commands(py, root, cwd, env, man.get("stores", a.stores))
    log(f"stats commands: {', '.join(n for n, _ in stats_cmds)}")
    cmds = [
        ("python -c pass (start-up)", [py, "-c", "pass"]),
        ("io_floor.py (the floor)", [py, str(IO_FLOOR), str(root)]),
    ] + stats_cmds
    log(f"timing processes: warm-up + {repeat} rounds ...")
    procs = side_by_side(cmds, cwd, env, repeat)
    floor_detail = json.loads(
        subprocess.run(
            [py, str(IO_FLOOR), str(root), "--json"], cwd=cwd, env=env, capture_output=True, text=True, check=True
        ).stdout
    )
    startup = procs[cmds[0][0]]["best_s"]
    floor = procs[cmds[1][0]]["best_s"]
    ratios = {}
    for name, _cmd in stats_cmds:
        s = procs[name]["best_s"]
        ratios[name] = {
            "ratio": s / floor,
            "ratio_cpu": procs[name]["best_cpu_s"] / max(procs[cmds[1][0]]["best_cpu_s"], 1e-9),
            "ratio_beyond_startup": (s - startup) / max(floor - startup, 1e-9),
        }
    primary = stats_cmds[0][0]

    log("in-process split ...")
    split = min((inprocess_split(root) for _ in range(3)), key=lambda d: d["load_s"] + d["stats_s"])
    split["import_s"] = import_time(py, cwd, env)
    log(f"incremental updates: {runs} runs per case ...")
    updates = time_updates(root, runs, with_stats_runs=max(5, runs // 10))

    sweep = None
    if sizes:
        sweep_repeat = 3 if a.quick else 5
        roots = {}
        for n in sizes:
            roots[n], _g = ensure_workspace(work, n, a.base_files, a.seed)
        name0, cmd0 = stats_cmds[0]
        # every size in every round, so that drifting load on the machine hits all sizes alike
        sweep_cmds = []
        for n in sizes:
            sweep_cmds.append((f"floor@{n}", [py, str(IO_FLOOR), str(roots[n])]))
            sweep_cmds.append((f"stats@{n}", [str(roots[n]) if x == str(root) else x for x in cmd0]))
        log(f"sweep {', '.join(map(str, sizes))} stores: warm-up + {sweep_repeat} interleaved rounds ...")
        r = side_by_side(sweep_cmds, cwd, env, sweep_repeat)
        rows = []
        for n in sizes:
            log(f"sweep: in-process figures at {n} stores ...")
            wman = mw.read_manifest(roots[n]) or {}
            sp = min((inprocess_split(roots[n]) for _ in range(2)), key=lambda d: d["load_s"] + d["stats_s"])
            up = time_updates(roots[n], 30 if not a.quick else 20)
            base_up = next((u for u in up if u["case"] == "base file"), up[0] if up else None)
            st, fl = r[f"stats@{n}"], r[f"floor@{n}"]
            rows.append(
                {
                    "stores": n,
                    "store_files": wman.get("store_files", 0),
                    "stats_s": st["best_s"],
                    "stats_cpu_s": st["best_cpu_s"],
                    "floor_s": fl["best_s"],
                    "floor_cpu_s": fl["best_cpu_s"],
                    "ratio": st["best_s"] / fl["best_s"],
                    "stats_ms_per_store": st["best_s"] * 1e3 / n,
                    "load_s": sp["load_s"],
                    "stats_call_s": sp["stats_s"],
                    "update_base_median_ms": base_up["median_ms"] if base_up else float("nan"),
                    "rss_mb": st["peak_rss_mb"],
                }
            )
        xs = [row["stores"] for row in rows]
        sweep = {
            "command": name0,
            "base_files": a.base_files,
            "overrides_per_store": [20, 60],
            "repeat": sweep_repeat,
            "rows": rows,
            "stats_fit": verdict(xs, [row["stats_s"] for row in rows]),
            "stats_cpu_fit": verdict(xs, [row["stats_cpu_s"] for row in rows]),
            "floor_fit": verdict(xs, [row["floor_s"] for row in rows]),
            "update_fit": verdict(xs, [row["update_base_median_ms"] / 1e3 for row in rows]),
        }

    profile_path = None
    if a.profile:
        try:
            from pyinstrument import Profiler
            from storelayers import resolver

            prof = Profiler(interval=0.0005)
            prof.start()
            resolver.load(root).stats()
            prof.stop()
            profile_path = work / "profile-stats.txt"
            profile_path.write_text(prof.output_text(unicode=True, color=False, show_all=False), encoding="utf-8")
        except ImportError:
            notes.append("--profile needs pyinstrument: pip install -e '.[bench]'")

    rel = os.path.relpath(root, REPO)
    res = {
        "environment": {
            "python": f"Python {platform.python_version()}",
            "platform": platform.platform(terse=True),
            "cpus": os.cpu_count(),
            "cache": "warm (one untimed warm-up run of every command before the timed rounds)",
            "bytecode": "not cached (PYTHONDONTWRITEBYTECODE as inherited)"
            if a.no_bytecode_cache
            else f"cached in {os.path.relpath(work / 'pycache', REPO)} (PYTHONPYCACHEPREFIX), as an installed tool runs",
            "engine": _engine_path(),
            "loadavg_start": load_start,
            "loadavg_end": _loadavg(),
        },
        "workspace": {
            "path": rel,
            "generated_s": gen_s,
            **{
                k: man.get(k)
                for k in (
                    "stores",
                    "templates",
                    "deployable",
                    "max_depth",
                    "base_files",
                    "store_files",
                    "overrides",
                    "redundant",
                    "added",
                    "bytes_written",
                )
            },
        },
        "repeat": repeat,
        "processes": procs,
        "floor_detail": floor_detail,
        "stats_command": primary,
        "ratios": ratios,
        "ratio": ratios[primary]["ratio"],
        "inprocess": split,
        "peak_rss_mb": procs[primary]["peak_rss_mb"],
        "updates": updates,
        "sweep": sweep,
        "notes": notes,
        "profile": str(profile_path) if profile_path else None,
        "targets": {"ratio": TARGET_RATIO, "update_ms": TARGET_UPDATE_MS, "rss_mb": TARGET_RSS_MB},
        "commands": [
            f".venv/bin/python benchmarks/make_workspace.py {rel} --stores {a.stores} --base-files {a.base_files} --seed {a.seed}",
            f".venv/bin/python benchmarks/io_floor.py {rel}",
            " ".join(os.path.relpath(x, REPO) if x.startswith(str(REPO)) else x for x in stats_cmds[0][1])
            + " > /dev/null",
            ".venv/bin/python benchmarks/engine_speed.py"
            + (" --quick" if a.quick else "")
            + (" --json" if a.json else ""),
        ],
        "elapsed_s": time.perf_counter() - t_start,
    }
    text = report(res) + f"\n\n(total {res['elapsed_s']:.0f} s)"
    (a.save or work / "engine_speed.json").write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    if a.json:
        log(text)
        print(json.dumps(res, indent=2))
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
