"""Soak test (issue #5): thousands of random file changes while the desktop app runs, offscreen.

    .venv/bin/python benchmarks/soak.py                      # 10,000 changes in batches of 100
    .venv/bin/python benchmarks/soak.py --changes 2000       # a shorter run
    .venv/bin/python benchmarks/soak.py --json out.json      # figures as JSON too

What it does:
1. Copies a synthetic workspace (benchmarks/make_workspace.py; 50 stores and 3,000 base files
   by default, generated once into benchmarks/_work/) to a temporary folder, and opens the app on
   it offscreen with live watching on, exactly as a user would run it.
2. Applies the changes in batches (default 100 at a time, written as fast as the disk takes them,
   like a checkout or a code generator): edits, new files, new overrides (a base file copied into a
   store, sometimes unchanged so it is redundant), deletions, renames, whole folders removed, a
   file replaced by a folder (a conflict), and now and then a change to alokai.config.json.
   Between batches it sometimes shows another store or another app.
3. After every batch it lets the window settle (watcher, debounce and update all idle), reads the
   workspace afresh with `resolver.load`, and compares what the window shows with it: every row of
   the shown effective tree (path, winning layer, status), the figures in the stores list for every
   store, and the problems. A mismatch gets `--converge` seconds to heal; a batch that never does
   fails the run.
4. Prints the process's resident memory (after a garbage collection) at the start, the middle and
   the end, its peak, the longest the GUI thread stalled, and a verdict. Exit code 1 when a batch
   never matched or memory kept growing.

Not part of the test suite: it takes minutes (about 3-6 on 2 cores for 10,000 changes).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import make_workspace as mw  # noqa: E402

SKIP = frozenset({"node_modules", ".git", ".turbo", ".next", ".nuxt", ".output", ".out", ".deploy", ".DS_Store"})


def log(msg: str) -> None:
    print(msg, flush=True)


def rss_mb() -> float:
    """Resident memory now (Linux /proc; elsewhere the peak, which is all there is)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError):
        return peak_mb()


def peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


# --------------------------------------------------------------------------- the changes


class Changer:
    """Random changes to a workspace on disk, with a running list of the files in its layers."""

    KINDS = (  # (kind, cumulative probability)
        ("edit", 0.35),
        ("override", 0.55),
        ("delete", 0.68),
        ("add", 0.80),
        ("rename", 0.90),
        ("rmtree", 0.94),
        ("file-to-folder", 0.97),
        ("folder-to-file", 0.995),
        ("config", 1.0),
    )

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root = root
        self.rng = rng
        apps_dir = root / "apps"
        self.apps = sorted(
            p.name for p in apps_dir.iterdir() if p.is_dir() and p.name != "stores" and not p.name.startswith(".")
        )
        self.base_layers = [apps_dir / a for a in self.apps]
        self.store_layers: list[Path] = []
        for dirpath, dirs, _files in os.walk(apps_dir / "stores"):
            dirs[:] = [d for d in dirs if d not in SKIP and d not in self.apps]
            for a in self.apps:
                if (Path(dirpath) / a).is_dir() and Path(dirpath).name != "stores":
                    self.store_layers.append(Path(dirpath) / a)
        self.layers = self.base_layers + self.store_layers
        self.layer_set = set(self.layers)
        self.files: list[Path] = []
        self.index: dict[Path, int] = {}
        for layer in self.layers:
            for dirpath, dirs, files in os.walk(layer):
                dirs[:] = [d for d in dirs if d not in SKIP]
                for f in files:
                    self._track(Path(dirpath) / f)
        self.n = 0
        self.kinds: dict[str, int] = {}

    # the running file list
    def _track(self, p: Path) -> None:
        if p not in self.index:
            self.index[p] = len(self.files)
            self.files.append(p)

    def _untrack(self, p: Path) -> None:
        i = self.index.pop(p, None)
        if i is None:
            return
        last = self.files.pop()
        if i < len(self.files):
            self.files[i] = last
            self.index[last] = i

    def _untrack_below(self, folder: Path) -> None:
        prefix = str(folder) + os.sep
        for p in [p for p in self.index if str(p).startswith(prefix)]:
            self._untrack(p)

    def _layer_of(self, p: Path) -> Path:
        for parent in p.parents:
            if parent in self.layer_set:
                return parent
        raise ValueError(p)

    def _pick(self) -> Path:
        return self.files[self.rng.randrange(len(self.files))]

    def one(self) -> None:
        """Apply one random change."""
        r = self.rng.random()
        kind = next(k for k, upto in self.KINDS if r < upto)
        try:
            getattr(self, "op_" + kind.replace("-", "_"))()
        except (OSError, ValueError, IndexError, StopIteration):
            kind += " (skipped)"
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        self.n += 1

    # the changes
    def op_edit(self) -> None:
        p = self._pick()
        text = p.read_text(encoding="utf-8", errors="replace")
        p.write_text(mw.edit(text, self.rng) if self.rng.random() < 0.8 else text + "  \n", encoding="utf-8")

    def op_override(self) -> None:
        src = next(p for p in (self._pick() for _ in range(20)) if self._layer_of(p) in self.base_layers)
        base = self._layer_of(src)
        rel = src.relative_to(base)
        layers = [lyr for lyr in self.store_layers if lyr.name == base.name]
        dest = self.rng.choice(layers) / rel
        if os.path.lexists(dest):
            raise ValueError(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        text = src.read_text(encoding="utf-8", errors="replace")
        dest.write_text(text if self.rng.random() < 0.3 else mw.edit(text, self.rng), encoding="utf-8")
        self._track(dest)

    def op_delete(self) -> None:
        p = self._pick()
        p.unlink()
        self._untrack(p)

    def op_add(self) -> None:
        folder = (
            self._pick().parent
            if self.rng.random() < 0.7
            else self.rng.choice(self.layers) / f"soak-{self.n}" / "deeper"
        )
        p = folder / f"soak-{self.n}-{self.rng.randrange(10**6)}.ts"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(f"export const soak{self.n} = {self.rng.random()};\n")
        self._track(p)

    def op_rename(self) -> None:
        p = self._pick()
        dest = p.with_name(f"renamed-{self.n}-{p.name}")
        p.rename(dest)
        self._untrack(p)
        self._track(dest)

    def op_rmtree(self) -> None:
        folder = self._pick().parent
        if folder in self.layer_set:
            raise ValueError(folder)
        shutil.rmtree(folder)
        self._untrack_below(folder)

    def op_file_to_folder(self) -> None:
        p = self._pick()
        p.unlink()
        self._untrack(p)
        p.mkdir()
        inner = p / "inner.ts"
        inner.write_text("export const inner = 1;\n")
        self._track(inner)

    def op_folder_to_file(self) -> None:
        folder = self._pick().parent
        if folder in self.layer_set:
            raise ValueError(folder)
        shutil.rmtree(folder)
        self._untrack_below(folder)
        folder.write_text("// a file where a folder was\n")
        self._track(folder)

    def op_config(self) -> None:
        cfg = self.root / "alokai.config.json"
        data = json.loads(cfg.read_text(encoding="utf-8"))
        stores = data.get("stores") or {}
        sid = self.rng.choice(sorted(stores))
        pats = stores[sid].setdefault("ignorePaths", [])
        if pats and self.rng.random() < 0.5:
            pats.pop()
        else:
            pats.append(self.rng.choice(["**/*.spec.ts", "components/", "!components/ui/", "config/*.json", "public/"]))
        cfg.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- the check


def displayed_state(win) -> dict:
    tree = {
        n.path: (n.entry.layer, n.entry.status.value) for n in win.explorer.tree.model.files() if n.entry is not None
    }
    counts = {k: c.to_json() for k, c in win.explorer.stores.model.counts.items()}
    problems = sorted((d.code, d.path, d.message) for d in win.problems.panel.model.items)
    return {"store": win.store_key, "app": win.app, "tree": tree, "counts": counts, "problems": problems}


def fresh_state(root: Path, store_key: str | None, app: str) -> dict:
    from storelayers import resolver

    ws = resolver.load(root)
    tree = {}
    if store_key in ws.stores and app in ws.apps:
        tree = {f.path: (f.layer, f.status.value) for f in ws.effective_tree(store_key, app).files}
    counts = {k: ws.counts(k, app).to_json() for k in ws.stores} if app in ws.apps else {}
    problems = sorted((d.code, d.path, d.message) for d in ws.diagnostics)
    return {"store": store_key, "app": app, "tree": tree, "counts": counts, "problems": problems}


def difference(a: dict, b: dict) -> str:
    for key in ("store", "app"):
        if a[key] != b[key]:
            return f"{key}: shown {a[key]!r}, fresh {b[key]!r}"
    for key in ("tree", "counts"):
        if a[key] != b[key]:
            only_a = sorted(set(a[key]) - set(b[key]))[:3]
            only_b = sorted(set(b[key]) - set(a[key]))[:3]
            diff = sorted(k for k in set(a[key]) & set(b[key]) if a[key][k] != b[key][k])[:3]
            return (
                f"{key}: {len(a[key])} shown, {len(b[key])} fresh; only shown {only_a}, only fresh {only_b}, "
                f"different {[(k, a[key][k], b[key][k]) for k in diff]}"
            )
    if a["problems"] != b["problems"]:
        return f"problems: {len(a['problems'])} shown, {len(b['problems'])} fresh"
    return ""


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--changes", type=int, default=10_000, help="random changes in all (default 10,000)")
    ap.add_argument("--batch", type=int, default=100, help="changes between two checks (default 100)")
    ap.add_argument("--stores", type=int, default=50)
    ap.add_argument("--base-files", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--converge", type=float, default=20.0, help="seconds a mismatch gets to heal (default 20)")
    ap.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = ap.parse_args(argv)
    t_start = time.perf_counter()

    cached = HERE / "_work" / f"ws-{args.stores}s-{args.base_files}b-seed0"
    if not mw.matches(cached, args.stores, args.base_files, 0):
        log(f"generating {cached.name} ...")
        mw.generate(cached, stores=args.stores, base_files=args.base_files, seed=0)
    tmp = Path(tempfile.mkdtemp(prefix="sl-soak-"))
    root = tmp / "ws"
    shutil.copytree(cached, root, symlinks=True)
    rng = random.Random(f"soak:{args.seed}")

    from PySide6.QtCore import QTimer
    from storelayers.gui import app as gui_app
    from storelayers.gui import errors
    from storelayers.gui.settings import GuiSettings

    os.environ["STORELAYERS_SETTINGS"] = str(tmp / "settings.ini")
    app = gui_app.make_app()
    win = gui_app.build_window(GuiSettings(theme="light"), "light")
    messages: list[str] = []
    errors.install(lambda title, text: messages.append(text))
    win.resize(1400, 900)
    win.show()

    stall = {"worst": 0.0, "last": time.perf_counter(), "on": False}

    def tick() -> None:
        now = time.perf_counter()
        if stall["on"]:
            stall["worst"] = max(stall["worst"], (now - stall["last"]) * 1000 - 5)
        stall["last"] = now

    meter = QTimer()
    meter.setInterval(5)
    meter.timeout.connect(tick)
    meter.start()

    # The stall meter runs only while the event loop does: the changes and the checks themselves
    # run on this (the GUI) thread too, and must not count as the window freezing.
    def measuring(on: bool) -> None:
        stall["last"] = time.perf_counter()
        stall["on"] = on and stall.get("enabled", False)

    def pump(seconds: float) -> None:
        measuring(True)
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.002)
        measuring(False)

    def wait_for(cond, timeout: float) -> bool:
        measuring(True)
        try:
            end = time.perf_counter() + timeout
            while time.perf_counter() < end:
                app.processEvents()
                if cond():
                    return True
                time.sleep(0.002)
            return cond()
        finally:
            measuring(False)

    def idle() -> bool:
        w = win.watcher
        return not w._pending and not w._timer.isActive() and not win.updater.busy and not win.tasks.busy()

    def settle(timeout: float = 60.0) -> bool:
        """Idle for 0.5 s in a row (inotify delivers within milliseconds; the debounce is 120 ms)."""
        measuring(True)
        try:
            end = time.perf_counter() + timeout
            quiet_since = None
            while time.perf_counter() < end:
                app.processEvents()
                if idle():
                    quiet_since = quiet_since or time.perf_counter()
                    if time.perf_counter() - quiet_since >= 0.5:
                        return True
                else:
                    quiet_since = None
                time.sleep(0.002)
            return False
        finally:
            measuring(False)

    ready: list[float] = []
    win.tree_ready.connect(lambda: ready.append(time.perf_counter()))
    t = time.perf_counter()
    win.open_workspace(root)
    if not wait_for(lambda: bool(ready) and win.watcher.watching, 300):
        log("the workspace never opened")
        return 1
    log(
        f"opened {args.stores} stores, {args.base_files:,} base files in {time.perf_counter() - t:.1f}s; "
        f"watching: {win.watcher.mode}"
    )
    changer = Changer(root, rng)
    settle()
    gc.collect()
    samples = [(0, rss_mb())]
    log(f"RSS at start: {samples[0][1]:.1f} MB   ({len(changer.files):,} files in {len(changer.layers)} layers)")
    stall["enabled"] = True

    failures: list[str] = []
    heal_times: list[float] = []
    batches = (args.changes + args.batch - 1) // args.batch
    middle = batches // 2
    keys: list[str] = []
    for b in range(1, batches + 1):
        n = min(args.batch, args.changes - (b - 1) * args.batch)
        for _ in range(n):
            changer.one()
        if not settle():
            failures.append(f"batch {b}: the window never settled")
        # sometimes look at another store or app, as a person would
        if win.ws is not None and rng.random() < 0.15:
            keys = list(win.ws.stores)
            if keys:
                n_ready = len(ready)
                win.select_store(rng.choice(keys))
                wait_for(lambda: len(ready) > n_ready or not win.tasks.busy(), 30)
        if win.ws is not None and rng.random() < 0.03 and win.toolbar.app_box.count() > 1:
            win.toolbar.app_box.setCurrentIndex((win.toolbar.app_box.currentIndex() + 1) % win.toolbar.app_box.count())
            settle()
        settle()
        fresh = fresh_state(root, win.store_key, win.app)
        t_check = time.perf_counter()
        why = difference(displayed_state(win), fresh)
        while why and time.perf_counter() - t_check < args.converge:
            pump(0.25)
            fresh = fresh_state(root, win.store_key, win.app) if not idle() else fresh
            why = difference(displayed_state(win), fresh)
        if why:
            failures.append(f"batch {b} ({changer.n:,} changes): {why}")
            log(f"  MISMATCH after batch {b}: {why}")
        elif time.perf_counter() - t_check > 0.01:
            heal_times.append(time.perf_counter() - t_check)
        del fresh
        if b in (1, middle, batches) or b % 10 == 0:
            gc.collect()
            samples.append((changer.n, rss_mb()))
            log(
                f"  {changer.n:6,} changes  RSS {samples[-1][1]:7.1f} MB  worst GUI stall {stall['worst']:6.0f} ms  "
                f"{len(failures)} mismatches  {time.perf_counter() - t_start:6.0f}s"
            )
    stall["enabled"] = False
    start_mb = samples[0][1]
    mid_mb = next(m for n, m in samples if n >= samples[-1][0] // 2)
    end_mb = samples[-1][1]
    growth_second_half = end_mb - mid_mb
    leak = growth_second_half > max(20.0, 0.10 * mid_mb)
    verdict = "PASS" if not failures and not leak else "FAIL"
    res = {
        "changes": changer.n,
        "batches": batches,
        "workspace": {"stores": args.stores, "base_files": args.base_files, "files_at_end": len(changer.files)},
        "change_kinds": dict(sorted(changer.kinds.items())),
        "rss_mb": {
            "start": round(start_mb, 1),
            "middle": round(mid_mb, 1),
            "end": round(end_mb, 1),
            "peak": round(peak_mb(), 1),
            "samples": [(n, round(m, 1)) for n, m in samples],
        },
        "worst_gui_stall_ms": round(stall["worst"], 1),
        "mismatches": failures,
        "healed_after_s": {
            "count": len(heal_times),
            "median": round(statistics.median(heal_times), 3) if heal_times else 0,
            "max": round(max(heal_times), 3) if heal_times else 0,
        },
        "messages_shown": messages[:20],
        "watching": win.watcher.mode,
        "elapsed_s": round(time.perf_counter() - t_start, 1),
        "verdict": verdict,
        "command": "python benchmarks/soak.py " + " ".join(sys.argv[1:] if argv is None else list(argv)),
    }
    log("")
    log(
        f"changes applied      {changer.n:,} in {batches} batches ({', '.join(f'{k} {v}' for k, v in res['change_kinds'].items())})"
    )
    log(
        f"RSS start/middle/end {start_mb:.1f} / {mid_mb:.1f} / {end_mb:.1f} MB (peak {res['rss_mb']['peak']:.1f} MB); "
        f"second half {growth_second_half:+.1f} MB: {'GROWS' if leak else 'flat'}"
    )
    log(f"worst GUI stall      {stall['worst']:.0f} ms")
    log(
        f"shown = fresh load   {batches - len(failures)} of {batches} checks"
        + (f" ({len(heal_times)} needed a moment, at most {res['healed_after_s']['max']:.2f}s)" if heal_times else "")
    )
    log(f"messages shown       {len(messages)}" + (f": {messages[:3]}" if messages else ""))
    log(f"elapsed              {res['elapsed_s']:.0f}s")
    log(f"verdict              {verdict}")
    if args.json:
        args.json.write_text(json.dumps(res, indent=2) + "\n")
    win.watcher.stop()
    win.tasks.wait(5000)
    win.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
