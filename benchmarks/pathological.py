"""Pathological inputs stay linear (issue #10, "Proof"): reading a 1,000-level-deep tree, a
200,000-file folder and a 50 MB config, plus a DAG of chained folder links and a run of blanks
that no newline ends (SPEC rule 6's normalisation), each at two sizes in one run.

    .venv/bin/python benchmarks/pathological.py            # the sizes of the issue and their halves
    .venv/bin/python benchmarks/pathological.py --small    # a tenth of them (a quick look)

Each case builds its workspace in a temporary folder, reads it with `load()` (best of 3), and
prints the time at the big size, at the half size, and their ratio: linear growth shows as a ratio
near 2 (well below 4, which quadratic growth would give). Reading includes every layer's listing;
for the tree and folder cases one effective tree is built as well. The deep tree is also updated
live (one file appearing at its bottom) and composed. Times are CPU time (this process and the
kernel for it), steadier than wall time on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from storelayers.resolver import fsio  # noqa: E402
from storelayers.resolver.content import normalize  # noqa: E402
from storelayers.resolver.ops.compose import compose  # noqa: E402
from storelayers.resolver.workspace import load  # noqa: E402

WEB = "web"


def _base(root: Path) -> Path:
    web = root / "apps" / WEB
    web.mkdir(parents=True)
    (root / "apps" / "stores" / "s" / WEB).mkdir(parents=True)
    (root / "alokai.config.json").write_text('{"stores": {"s": {"deployment": {}}}}')
    return web


def deep_tree(root: Path, levels: int) -> None:
    folder = str(_base(root))
    for i in range(levels):
        folder = os.path.join(folder, "d")
        os.mkdir(folder)
        with open(os.path.join(folder, f"f{i}.ts"), "w") as fh:
            fh.write("x")


def wide_folder(root: Path, files: int) -> None:
    folder = _base(root) / "wide"
    folder.mkdir()
    for i in range(files):
        with open(folder / f"f{i}.ts", "w") as fh:
            fh.write("x")


def big_config(root: Path, megabytes: int) -> None:
    _base(root)
    filler = ["x" * 1000] * (megabytes * 1000)  # 1 kB strings
    config = {"stores": {"s": {"deployment": {}, "ignorePaths": ["never/**"]}}, "filler": filler}
    (root / "alokai.config.json").write_text(json.dumps(config))


def link_dag(root: Path, levels: int) -> None:
    web = _base(root)
    for i in range(levels):
        d = root / "shared" / f"d{i}"
        d.mkdir(parents=True)
        (d / "f.ts").write_text("x")
        if i + 1 < levels:
            os.symlink(f"../d{i + 1}", d / "x")
            os.symlink(f"../d{i + 1}", d / "y")
    os.symlink("../../shared/d0", web / "dag")


def best(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return min(times)


def read_case(make: Callable[[Path, int], None], size: int, tree: bool) -> float:
    tmp = Path(tempfile.mkdtemp(prefix="sl-bench-"))
    try:
        make(tmp, size)

        def run() -> None:
            ws = load(tmp)
            if tree:
                ws.effective_tree("apps/stores/s", WEB)

        return best(run)
    finally:
        fsio.remove_tree(str(tmp))  # shutil.rmtree recurses once per level
        shutil.rmtree(tmp, ignore_errors=True)


def deep_update_case(levels: int) -> float:
    """One live update for a file that appeared at the bottom of the deep tree."""
    tmp = Path(tempfile.mkdtemp(prefix="sl-bench-"))
    try:
        deep_tree(tmp, levels)
        ws = load(tmp)
        bottom = os.path.join(tmp, "apps", WEB, *["d"] * levels)
        new = os.path.join(bottom, "new.ts")
        with open(new, "w") as fh:
            fh.write("y")
        return best(lambda: ws.update([new]))
    finally:
        fsio.remove_tree(str(tmp))
        shutil.rmtree(tmp, ignore_errors=True)


def deep_compose_case(levels: int) -> float:
    """Composing the deep tree (written through folder descriptors)."""
    tmp = Path(tempfile.mkdtemp(prefix="sl-bench-"))
    try:
        deep_tree(tmp, levels)
        ws = load(tmp)
        n = iter(range(10))
        return best(lambda: compose(ws, "s", tmp / "out" / str(next(n))))
    finally:
        fsio.remove_tree(str(tmp))
        shutil.rmtree(tmp, ignore_errors=True)


def blanks_case(size: int) -> float:
    data = b" " * size + b"x \n"
    return best(lambda: normalize(data))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", action="store_true", help="a tenth of the sizes")
    ap.add_argument("--only", metavar="WORD", help="only the cases whose name holds WORD (e.g. deep)")
    args = ap.parse_args()
    k = 10 if args.small else 1
    cases = [
        ("1,000-level-deep tree (levels)", lambda n: read_case(deep_tree, n, True), 1000 // k),
        ("  the same: one live update at the bottom (levels)", deep_update_case, 1000 // k),
        ("  the same: composed (levels)", deep_compose_case, 1000 // k),
        ("200,000-file folder (files)", lambda n: read_case(wide_folder, n, True), 200_000 // k),
        ("50 MB config (MB)", lambda n: read_case(big_config, n, False), 50 // k),
        ("DAG of chained folder links (levels; 2**levels paths)", lambda n: read_case(link_dag, n, True), 400 // k),
        ("rule 6 blanks with no newline (bytes)", blanks_case, 20_000_000 // k),
    ]
    print(f"{'case':55} {'half':>12} {'full':>12} {'t(half)':>9} {'t(full)':>9} {'ratio':>6}")
    for name, fn, size in cases:
        if args.only and args.only not in name and not (args.only == "deep" and name.startswith("  the same")):
            continue
        half = max(1, size // 2)
        t_half, t_full = fn(half), fn(size)
        ratio = t_full / t_half if t_half > 0 else float("nan")
        print(f"{name:55} {half:>12,} {size:>12,} {t_half:>8.3f}s {t_full:>8.3f}s {ratio:>6.2f}", flush=True)


if __name__ == "__main__":
    main()
