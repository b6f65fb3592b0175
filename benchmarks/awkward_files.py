"""How long awkward files and a checkout-sized burst hold the GUI thread, on a copy of the demo.

    python benchmarks/awkward_files.py [--json OUT]

What is measured, and how (wall time, offscreen):
- awkward files: a binary file, a 50 MB file, undecodable and UTF-16 text, a 2 MB single-line
  minified file and names with blanks, brackets, accents and emoji are planted in the base and in
  fashion-us. Each is selected in the tree until its diff is shown (and coloured, for text); then
  the diff view is scrolled to the middle of its widest line and repainted: the longest repaint,
  and the longest gap of a 2 ms GUI-thread timer over the whole walk.
- a checkout: 10,000 file events within one second (100 bursts of 100, created then modified),
  delivered on another thread the way watchdog's thread delivers them, into a watched copy: how
  long sending took, how many refreshes the window made, the GUI thread's longest stall, and the
  time from the last event until the last file is in the tree.
- `--stalls N`: where the GUI thread is during stalls over 25 ms, the N most frequent stacks.

The tests (`tests/gui/test_hardening.py`) check what these runs must get right — the kind of each
diff, one refresh per burst, the tree equal to a fresh load — and leave the times to this script.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.qt_probes import StallMeter, StallSampler, wait

NEXT = "storefront-unified-nextjs"
US = f"apps/stores/fashion/stores/fashion-us/{NEXT}"
DEMO = Path(__file__).resolve().parent.parent / "resources" / "demo"

# path: (base's bytes, fashion-us's bytes, the diff's kind); None is 50 MB
AWKWARD: dict[str, tuple[bytes, bytes | None, str]] = {
    "awkward/binary.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x01", b"\x89PNG\r\n\x1a\n\x00\x00\x02", "binary"),
    "awkward/huge.ts": (b"export const small = 1;\n", None, "too-large"),
    "awkward/bad-utf8.ts": (b"const a = 1;\n", b"const a = '\xff\xfe\xfa';\n", "text"),
    "awkward/utf16.ts": ("const a = 1;\n".encode("utf-16"), "const a = 'é';\n".encode("utf-16"), "text"),
    "awkward/minified.js": (
        ("var x=function(){return 1+2;};" * 70000).encode(),
        ("var x=function(){return 1+3;};" * 70000).encode(),
        "text",
    ),
    "awkward/with space.tsx": (b"a\n", b"b\n", "text"),
    "awkward/[slug].tsx": (b"a\n", b"b\n", "text"),
    "awkward/(group)/ünïcødé 🛒.ts": (b"a\n", b"b\n", "text"),
    "awkward/-leading-dash.ts": (b"a\n", b"b\n", "text"),
}


def plant_awkward(root: Path) -> None:
    """Write AWKWARD's files into the base app and fashion-us of a demo copy at `root`."""
    for rel, (base, mine, _kind) in AWKWARD.items():
        for layer, data in ((f"apps/{NEXT}", base), (US, mine)):
            p = root / layer / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            if data is None:
                with open(p, "wb") as fh:
                    fh.write(b"// 50 MB\n" + b"x" * (50 * 1024 * 1024))
            else:
                p.write_bytes(data)


def plant_checkout(root: Path) -> list[str]:
    """10,000 small files under fashion-us's generated/ (100 folders of 100); their paths."""
    paths = []
    for i in range(100):
        d = root / US / "generated" / f"d{i:03d}"
        d.mkdir(parents=True)
        for j in range(100):
            p = d / f"f{j:03d}.ts"
            p.write_text(f"export const v{i}_{j} = {j};\n")
            paths.append(str(p))
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    ap.add_argument(
        "--stalls", type=int, default=0, metavar="N", help="the N most frequent GUI-thread stacks in stalls over 25 ms"
    )
    args = ap.parse_args(argv)

    from storelayers.gui import app as gui_app
    from storelayers.gui.live import _Handler
    from storelayers.gui.settings import GuiSettings
    from watchdog.events import FileCreatedEvent, FileModifiedEvent

    tmp = Path(tempfile.mkdtemp(prefix="sl-awkward-"))
    try:
        root = tmp / "demo"
        shutil.copytree(DEMO, root, symlinks=True)
        plant_awkward(root)
        app = gui_app.make_app()
        win = gui_app.build_window(GuiSettings(theme="light"), "light")
        win.resize(1400, 900)
        win.show()
        ready: list[float] = []
        win.tree_ready.connect(lambda: ready.append(time.perf_counter()))
        win.open_workspace(root)
        wait(app, lambda: bool(ready) and win.watcher.watching)
        n = len(ready)
        win.select_store(win.ws.store("fashion-us").key)
        wait(app, lambda: len(ready) > n)

        results: dict[str, float] = {}
        diff = win.explorer.detail.diff
        shown: list[int] = []
        coloured: list[int] = []
        diff.shown.connect(lambda: shown.append(1))
        diff.highlighted.connect(lambda: coloured.append(1))
        paints: dict[str, float] = {}
        meter = StallMeter()
        sampler = StallSampler(meter, over=25, every=2, depth=12).start() if args.stalls else None

        def where(run: str) -> None:
            if sampler is not None:
                sampler.report(run, args.stalls, lambda line: print(line, file=sys.stderr))

        meter.start()
        for rel, (_b, _m, kind) in AWKWARD.items():
            s, c = len(shown), len(coloured)
            if not win.explorer.tree.select_path(rel):
                raise SystemExit(f"{rel} is not in the tree")
            wait(app, lambda s=s: len(shown) > s)
            if diff.canvas.diff.kind != kind:
                raise SystemExit(f"{rel}: the diff is {diff.canvas.diff.kind}, not {kind}")
            if kind == "text":
                wait(app, lambda c=c: len(coloured) > c)
                bar = diff.canvas.horizontalScrollBar()
                bar.setValue(bar.maximum() // 2)
            t = time.perf_counter()
            diff.canvas.viewport().repaint()
            paints[rel] = (time.perf_counter() - t) * 1000
        results["awkward_worst_stall_ms"] = meter.stop()
        where("awkward files")
        worst = max(paints, key=paints.__getitem__)
        results["awkward_worst_repaint_ms"] = paints[worst]
        print(f"awkward files: longest repaint {paints[worst]:.1f} ms ({worst})")
        print(f"awkward files: the GUI thread's longest stall {results['awkward_worst_stall_ms']:.0f} ms")

        win.watcher.stop()
        paths = plant_checkout(root)
        updates: list[float] = []
        win.updated.connect(lambda: updates.append(time.perf_counter()))
        handler = _Handler(win.watcher)

        def checkout() -> None:
            start = time.perf_counter()
            for k in range(0, len(paths), 100):
                for p in paths[k : k + 100]:
                    handler.dispatch(FileCreatedEvent(p) if k % 200 == 0 else FileModifiedEvent(p))
                time.sleep(max(0.0, start + (k + 100) / 10_000 - time.perf_counter()))

        meter.start()
        if sampler is not None:
            sampler.samples.clear()  # what planting the files took is no stall
        t = time.perf_counter()
        sender = threading.Thread(target=checkout)
        sender.start()
        wait(app, lambda: not sender.is_alive())
        sent = time.perf_counter()
        wait(app, lambda: win.explorer.tree.model.find("generated/d099/f099.ts") is not None)
        last = time.perf_counter()
        end = last + 1.0  # anything trickling in afterwards is counted too
        wait(app, lambda: time.perf_counter() > end)
        results["checkout_worst_stall_ms"] = meter.stop()
        where("checkout")
        results["checkout_send_s"] = sent - t
        results["checkout_refreshes"] = len(updates)
        results["checkout_shown_after_last_event_ms"] = (last - sent) * 1000
        print(
            f"checkout of 10,000 events: sent in {sent - t:.2f} s, {len(updates)} refresh(es), "
            f"all shown {(last - sent) * 1000:.0f} ms after the last event, "
            f"longest stall {results['checkout_worst_stall_ms']:.0f} ms"
        )
        win.review_panel.stop()
        win.tasks.wait(5000)
        win.review_panel.tasks.wait(10000)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2))
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
