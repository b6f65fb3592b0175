"""Changes made on disk while a workspace is being read are not lost: the watches are set up
before the scan, and what they report meanwhile goes into the first update of the new snapshot."""

from __future__ import annotations

import threading
from pathlib import Path

from storelayers import resolver

from tests.gui.conftest import NEXT, row

FASHION_US = "apps/stores/fashion/stores/fashion-us"


def test_a_file_written_while_the_scan_runs_shows_up_after_it(qtbot, window, demo_copy: Path, monkeypatch) -> None:
    real_load = resolver.load
    written = threading.Event()
    seen = threading.Event()
    target = demo_copy / FASHION_US / NEXT / "components" / "DuringScan.tsx"

    def slow_load(root, *args, **kwargs):
        ws = real_load(root, *args, **kwargs)  # the listing is taken ...
        target.write_text("export const DuringScan = () => null;\n")  # ... then the disk changes
        written.set()
        seen.wait(10)  # the scan "goes on" until the watcher has reported the change
        return ws

    monkeypatch.setattr(resolver, "load", slow_load)
    # instrumentation only: learn when the watcher has handed the change over, so the fake scan can end
    monkeypatch.setattr(window.watcher, "_flush_cb", _spy(window.watcher._flush_cb, target, seen))
    assert window.open_workspace(demo_copy, "fashion-us")
    qtbot.waitUntil(written.is_set, timeout=10000)
    qtbot.waitUntil(
        lambda: (
            window.ws is not None
            and "components/DuringScan.tsx" in window.ws.effective_tree("fashion-us", NEXT).by_path()
        ),
        timeout=15000,
    )
    qtbot.waitUntil(lambda: window.store_key == window.ws.store("fashion-us").key, timeout=10000)
    qtbot.waitUntil(lambda: _shown(window, "components/DuringScan.tsx"), timeout=10000)
    assert row(window, "components/DuringScan.tsx")[1:3] == ("fashion-us", "added")


def _spy(fn, target: Path, seen: threading.Event):
    def wrapped(paths):
        if any(Path(p).name == target.name for p in paths):
            seen.set()
        return fn(paths)

    return wrapped


def _shown(window, path: str) -> bool:
    return window.explorer.tree.proxy.index_for_path(path).isValid()
