"""Keeping Python's cyclic garbage collector from stalling the GUI thread.

A full collection walks every container object Python tracks, holding the GIL throughout. With a
200-store workspace read, thirty effective trees seen, a review and the file watcher's watches,
that is some 200,000 objects and 100-250 ms: a visible stall, whichever thread it starts on.

The app's big allocations come in long-lived batches that hold no reference cycles: a workspace
snapshot, a store's effective tree and its nodes (whose parent links are broken when the tree
leaves the view, see `tree_model.teardown`), a review, the watcher's watches. `settle()` is called
after each batch arrives: it moves everything alive into the collector's permanent generation
(`gc.freeze`, a list splice costing nothing), so full passes walk only what is young. Objects
moved there are still freed by reference counting when the app lets go of them; only cyclic
garbage would wait, and the app makes none (tests/gui/test_live_tree.py checks the trees).
"""

from __future__ import annotations

import gc
import linecache
import threading
from collections.abc import Callable


def settle() -> None:
    """A long-lived batch of objects has arrived: keep full collections from walking it again.

    On the GUI thread it also lets go of the source lines PySide keeps for nothing: its import hook
    reads every module imported after it (`inspect.getsource`, to look for "PySide6" in it), and
    `linecache` then holds their lines, 17 MB once the window, a tree and a review are in. A
    traceback reads the lines it needs again."""
    gc.freeze()
    if threading.current_thread() is threading.main_thread():  # once per batch, not per worker step
        linecache.clearcache()  # a worker formatting a traceback meanwhile: see tasks._traceback_text


def settling(report: Callable[[int, int], None], every: int = 64) -> Callable[[int, int], None]:
    """`report` (a workspace read's progress callback, called per layer folder listed) that also
    settles the heap every `every` calls. A read builds its snapshot in thousands of small pieces
    that all stay; without this, the collector's full passes walked the growing snapshot again
    and again on the reading thread, holding the GIL for 60-80 ms each (800 stores x 20,000 base
    files), and the GUI thread waited for every one of them."""
    calls = [0]

    def report_and_settle(done: int, total: int) -> None:
        calls[0] += 1
        if calls[0] % every == 0:
            settle()
        report(done, total)

    return report_and_settle
