"""gui.heap: what the app lets go of once a long-lived batch of objects has arrived."""

from __future__ import annotations

import gc
import linecache
import sys
import threading
import types

from storelayers.gui import heap


def test_settling_on_the_gui_thread_forgets_the_source_lines_pyside_read(tmp_path) -> None:
    # PySide's import hook reads the source of every module imported after it: import one now
    source = tmp_path / "sl_heap_probe.py"
    source.write_text("VALUE = 1\n" * 2000)
    sys.path.insert(0, str(tmp_path))
    try:
        __import__("sl_heap_probe")
        linecache.getlines(str(source))  # as inspect.getsource leaves it, with or without the hook
        assert str(source) in linecache.cache
        heap.settle()
        assert str(source) not in linecache.cache
        assert linecache.getlines(str(source))[0] == "VALUE = 1\n"  # a traceback still reads it
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("sl_heap_probe", None)


def test_settling_on_a_worker_leaves_the_source_lines_alone(tmp_path) -> None:
    source = tmp_path / "kept.py"
    source.write_text("x = 1\n")
    linecache.getlines(str(source))
    done = threading.Event()
    threading.Thread(target=lambda: (heap.settle(), done.set())).start()
    assert done.wait(10)
    assert str(source) in linecache.cache  # another thread may be reading it: not cleared there
    linecache.clearcache()


def test_settled_objects_are_out_of_the_collectors_way() -> None:
    gc.unfreeze()
    kept = [types.SimpleNamespace(n=i) for i in range(1000)]
    before = gc.get_freeze_count()
    heap.settle()
    assert gc.get_freeze_count() >= before + len(kept)
    gc.unfreeze()
