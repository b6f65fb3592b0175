"""Engine speed, old against new in one run: the same questions asked of two commits, interleaved.

    .venv/bin/python benchmarks/engine_ab.py                 # OLD = 71cea3a, NEW = this worktree
    .venv/bin/python benchmarks/engine_ab.py --old REV --rounds 5 --big
    .venv/bin/python benchmarks/engine_ab.py --json          # JSON on stdout (the table goes to stderr)

How it works:

- OLD is checked out with `git worktree add --detach` into a temporary folder outside the
  repository (removed at the end; `--keep` keeps it for the next run). NEW is this worktree as it
  is on disk, committed or not, or with `--new REV` a checkout of that commit too.
- Each side is imported through a shim folder of its own, `<tmp>/shim-SIDE/storelayers/{resolver,
  gui,resources}` (symlinks to that side's folders), put first on PYTHONPATH; `storelayers` is a
  namespace package, so the shim's portion wins over the editable install. Every worker prints the
  file its `storelayers.resolver` came from, and the run stops if a side imported the other's.
- A round runs one worker process per side (order alternating: old-new, new-old, ...) and one
  `python -m storelayers.resolver stats WS --json` process per side. A worker asks, on a fresh
  process with a warm page cache (one warm-up round is run and dropped):
    cold load          load(WS): list every layer, nothing read
    cold stats         the first stats() of that snapshot (reads every file it compares)
    warm stats         stats() of a fresh snapshot, load(WS, digests=<warm cache>) (x reps)
    counts, every store counts(store, app) for every store and app, fresh snapshot, warm cache (x reps)
    trees, every store effective_tree(store, app) for every store and app, likewise (once)
    update base (+stats)  ws.update([a base-app file most stores override]) after editing it,
                       then stats() of the new snapshot (x updates)
    update template (+stats)  likewise for a file of the template store with most descendants
    update leaf (+stats)  likewise for a file of a deployable store
  CLI stats CPU is the user+system time of the whole `stats` process (wait4).
- Figures are CPU seconds (`time.process_time`; steadier than wall time on a shared machine):
  best and median over every sample of every round, and NEW/OLD ratios of both.

The workspace comes from benchmarks/make_workspace.py (cached in benchmarks/_work/, which git
ignores): 200 stores x 3,000 base files, and with `--big` also 800 stores x 3,000 base files.
Edited files are restored (and the snapshot updated back) after each case.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "_work"
PARTS = ("resolver", "gui", "resources")

MEASURES = (
    ("cold_load", "cold load"),
    ("cold_stats", "cold stats (reads files)"),
    ("warm_stats", "warm stats"),
    ("counts_all", "counts, every store"),
    ("trees_all", "effective_tree, every store"),
    ("upd_base", "update base file"),
    ("upd_base_stats", "update base file + stats"),
    ("upd_tmpl", "update template file"),
    ("upd_tmpl_stats", "update template file + stats"),
    ("upd_leaf", "update leaf-store file"),
    ("upd_leaf_stats", "update leaf-store file + stats"),
    ("cli_stats", "storelayers stats (CLI, whole process)"),
)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- worker (runs in a side's process)


def _targets(ws) -> list[tuple[str, Path]]:
    """(measure prefix, absolute path) of the files whose change is timed; written against the API
    both sides share (stores, apps, layer, descendants, abs_path)."""
    apps = sorted(ws.apps, key=lambda a: (-len(ws.layer(None, a).files), a))
    app = apps[0]
    base = ws.layer(None, app).files
    count: dict[str, int] = {}
    for skey in ws.stores:
        for k in ws.layer(skey, app).files:
            if k in base:
                count[k] = count.get(k, 0) + 1
    out: list[tuple[str, Path]] = []
    if count:
        k = max(count, key=lambda k: (count[k], k))
        out.append(("upd_base", ws.abs_path(None, app, base[k].name)))
    templates = [s for s in ws.stores.values() if s.kind.value != "deployable" and ws.layer(s.key, app).files]
    if templates:
        t = max(templates, key=lambda s: (len(ws.descendants(s.key)), s.key))
        k = sorted(ws.layer(t.key, app).files)[0]
        out.append(("upd_tmpl", ws.abs_path(t.key, app, ws.layer(t.key, app).files[k].name)))
    leaves = sorted(s.key for s in ws.stores.values() if s.kind.value == "deployable" and ws.layer(s.key, app).files)
    if leaves:
        leaf = leaves[len(leaves) // 2]
        k = sorted(ws.layer(leaf, app).files)[0]
        out.append(("upd_leaf", ws.abs_path(leaf, app, ws.layer(leaf, app).files[k].name)))
    return out


def worker(root: Path, reps: int, updates: int) -> dict:
    import gc

    from storelayers import resolver

    cpu = time.process_time
    res: dict[str, list[float]] = {m: [] for m, _ in MEASURES if m != "cli_stats"}
    gc.collect()
    t = cpu()
    ws = resolver.load(root)
    res["cold_load"].append(cpu() - t)
    t = cpu()
    ws.stats()
    res["cold_stats"].append(cpu() - t)
    digests = ws.digests
    stores = list(ws.stores)
    for _ in range(reps):
        fresh = resolver.load(root, digests=digests)
        gc.collect()
        t = cpu()
        fresh.stats()
        res["warm_stats"].append(cpu() - t)
        fresh = resolver.load(root, digests=digests)
        gc.collect()
        t = cpu()
        for s in stores:
            for a in fresh.apps:
                fresh.counts(s, a)
        res["counts_all"].append(cpu() - t)
    fresh = resolver.load(root, digests=digests)  # once per worker: every tree takes seconds
    gc.collect()
    t = cpu()
    for s in stores:
        for a in fresh.apps:
            fresh.effective_tree(s, a)
    res["trees_all"].append(cpu() - t)
    del fresh
    for prefix, path in _targets(ws):
        orig = path.read_bytes()
        variants = (orig + b"\n// benchmark edit\n", orig)  # sizes differ: the digest cache sees each change
        try:
            for i in range(updates):
                path.write_bytes(variants[i % 2])
                gc.collect()
                t = cpu()
                ws, cs = ws.update([str(path)])
                t1 = cpu()
                ws.stats()
                t2 = cpu()
                if cs.full:
                    raise RuntimeError(f"update of {path} read the whole workspace again ({cs.reason})")
                res[prefix].append(t1 - t)
                res[prefix + "_stats"].append(t2 - t)
        finally:
            path.write_bytes(orig)
            ws, _cs = ws.update([str(path)])
            ws.stats()
    return {"engine": resolver.__file__, "samples": res}


# --------------------------------------------------------------------------- driver


def make_shim(tmp: Path, side: str, tree: Path) -> Path:
    shim = tmp / f"shim-{side}"
    pkg = shim / "storelayers"
    pkg.mkdir(parents=True, exist_ok=True)
    for part in PARTS:
        link = pkg / part
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(tree / part, target_is_directory=True)
    return shim


def checkout(rev: str, tmp: Path) -> Path:
    dest = tmp / f"tree-{rev}"
    if not (dest / "resolver").is_dir():
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "add", "--detach", "--force", str(dest), rev],
            check=True,
            capture_output=True,
        )
    return dest


def side_env(shim: Path, tmp: Path, side: str) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(shim)
    env["PYTHONPYCACHEPREFIX"] = str(tmp / f"pycache-{side}")  # byte-compiled, as an installed tool runs
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def run_worker(py: str, env: dict, root: Path, reps: int, updates: int) -> dict:
    cmd = [py, str(Path(__file__).resolve()), "--worker", str(root), "--reps", str(reps), "--updates", str(updates)]
    r = subprocess.run(cmd, check=False, env=env, cwd=str(WORK), capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"worker failed ({r.returncode}): {r.stderr.strip()[-1500:]}")
    return json.loads(r.stdout)


def run_cli(py: str, env: dict, root: Path) -> float:
    cmd = [py, "-m", "storelayers.resolver", "stats", str(root), "--json"]
    p = subprocess.Popen(cmd, env=env, cwd=str(WORK), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(p.pid, 0)
    err = p.stderr.read().decode("utf-8", "replace") if p.stderr else ""
    if p.stderr:
        p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {err.strip()[-600:]}")
    return usage.ru_utime + usage.ru_stime


def ensure_workspace(stores: int, base_files: int, seed: int = 0) -> Path:
    sys.path.insert(0, str(HERE))
    import make_workspace as mw

    root = WORK / f"ws-{stores}s-{base_files}b-seed{seed}"
    if not mw.matches(root, stores, base_files, seed):
        log(f"  generating {root.name} ...")
        mw.generate(root, stores=stores, base_files=base_files, seed=seed)
    return root


def bench(
    py: str, envs: dict[str, dict], trees: dict[str, Path], root: Path, rounds: int, reps: int, updates: int
) -> dict:
    samples: dict[str, dict[str, list[float]]] = {s: {m: [] for m, _ in MEASURES} for s in envs}
    order = list(envs)
    for rnd in range(rounds + 1):  # round 0 warms the page cache and the byte code; dropped
        for side in order if rnd % 2 == 0 else order[::-1]:
            out = run_worker(py, envs[side], root, reps, updates)
            got = Path(out["engine"]).resolve()
            want = (trees[side] / "resolver").resolve()
            if want not in got.parents:
                raise RuntimeError(f"{side} imported its engine from {got}, not from {want}")
            cli = run_cli(py, envs[side], root)
            if rnd == 0:
                continue
            for m, vals in out["samples"].items():
                samples[side][m].extend(vals)
            samples[side]["cli_stats"].append(cli)
        log(f"  round {rnd}/{rounds} done" + (" (warm-up, dropped)" if rnd == 0 else ""))
    return samples


def summarise(samples: dict[str, dict[str, list[float]]]) -> list[dict]:
    rows = []
    for m, label in MEASURES:
        o, n = samples["old"][m], samples["new"][m]
        if not o or not n:
            continue
        row = {
            "measure": m,
            "label": label,
            "old_best_ms": min(o) * 1e3,
            "old_median_ms": statistics.median(o) * 1e3,
            "new_best_ms": min(n) * 1e3,
            "new_median_ms": statistics.median(n) * 1e3,
            "n": min(len(o), len(n)),
        }
        row["ratio_best"] = row["new_best_ms"] / row["old_best_ms"] if row["old_best_ms"] else float("nan")
        row["ratio_median"] = row["new_median_ms"] / row["old_median_ms"] if row["old_median_ms"] else float("nan")
        rows.append(row)
    return rows


def table(title: str, rows: list[dict]) -> str:
    head = (
        f"{'CPU ms':<40}{'old best':>10}{'new best':>10}{'ratio':>7}   {'old med':>9}{'new med':>9}{'ratio':>7}{'n':>4}"
    )
    lines = [title, head, "-" * len(head)]
    for r in rows:
        lines.append(
            f"{r['label']:<40}{r['old_best_ms']:>10.1f}{r['new_best_ms']:>10.1f}{r['ratio_best']:>7.2f}"
            f"   {r['old_median_ms']:>9.1f}{r['new_median_ms']:>9.1f}{r['ratio_median']:>7.2f}{r['n']:>4}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--old", default="71cea3a", help="the commit to compare against (default 71cea3a)")
    ap.add_argument("--new", default=None, help="a commit to measure instead of this worktree as it is on disk")
    ap.add_argument("--rounds", type=int, default=4, help="measured rounds per side (default 4; one warm-up more)")
    ap.add_argument("--reps", type=int, default=3, help="warm stats / counts / trees repeats per worker (default 3)")
    ap.add_argument("--updates", type=int, default=6, help="updates per case per worker (default 6)")
    ap.add_argument("--big", action="store_true", help="also the 800-store workspace")
    ap.add_argument("--keep", action="store_true", help="keep the OLD checkout (in the temp folder) for next time")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.worker:
        print(json.dumps(worker(a.worker, a.reps, a.updates)))
        return 0

    py = sys.executable
    tmp = Path(tempfile.gettempdir()) / "storelayers-engine-ab"
    tmp.mkdir(exist_ok=True)
    rev = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", a.old], check=True, capture_output=True, text=True
    ).stdout.strip()
    if a.new:
        new_rev = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", a.new], check=True, capture_output=True, text=True
        ).stdout.strip()
        new_tree = checkout(new_rev, tmp)
    else:
        new_rev = subprocess.run(
            ["git", "-C", str(REPO), "describe", "--always", "--dirty"], check=True, capture_output=True, text=True
        ).stdout.strip()
        new_tree = REPO
    trees = {"old": checkout(rev, tmp), "new": new_tree}
    envs = {side: side_env(make_shim(tmp, side, tree), tmp, side) for side, tree in trees.items()}
    workspaces = [ensure_workspace(200, 3000)]
    if a.big:
        workspaces.append(ensure_workspace(800, 3000))
    result = {
        "old": rev,
        "new": new_rev,
        "python": platform.python_version(),
        "loadavg_start": os.getloadavg(),
        "workspaces": [],
    }
    out_lines = []
    try:
        for root in workspaces:
            log(f"{root.name}: old {rev} vs new {new_rev}, {a.rounds} rounds ...")
            rows = summarise(bench(py, envs, trees, root, a.rounds, a.reps, a.updates))
            result["workspaces"].append({"workspace": root.name, "rows": rows})
            out_lines.append(table(f"\n{root.name}   OLD {rev}   NEW {new_rev}   (ratio = new/old)", rows))
    finally:
        if not a.keep:
            for tree in trees.values():
                if tree != REPO:
                    subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)], check=False)
            shutil.rmtree(tmp, ignore_errors=True)
    result["loadavg_end"] = os.getloadavg()
    args = (
        (f"--new {a.new} " if a.new else "")
        + f"--old {a.old} --rounds {a.rounds} --reps {a.reps} --updates {a.updates}"
        + (" --big" if a.big else "")
    )
    out_lines.append(
        f"\nload average {result['loadavg_start'][0]:.1f} -> {result['loadavg_end'][0]:.1f}; "
        f"reproduce: .venv/bin/python benchmarks/engine_ab.py {args}"
    )
    text = "\n".join(out_lines)
    if a.json:
        log(text)
        print(json.dumps(result, indent=2))
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
