"""Live updates: changed paths become one incremental update on a worker, then the window repaints
in place.

`LiveWatcher` (gui/live.py) hands over debounced sets of changed paths. One update runs at a
time; paths arriving meanwhile wait and go in the next. The worker does everything slow: the
resolver's `ws.update` (or a fresh read for a flood of paths), the store counts, the diagnostics,
and, when the shown tree changed a lot, the new tree's nodes. The GUI thread then patches the
shown tree row by row when few entries changed, or swaps in the tree built on the worker (one
reset; selection, scroll position and expanded folders kept).

The updater sees the window only through `window_api.LiveTarget`: it asks what is shown
(`update_request`), computes on the worker, and hands an `UpdateResult` back (`apply_update`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from os import PathLike

from PySide6.QtCore import QObject
from storelayers import resolver
from storelayers.gui import errors
from storelayers.gui.tree_cache import Built
from storelayers.gui.tree_model import build_tree
from storelayers.gui.window_api import LiveTarget, UpdateResult
from storelayers.resolver import AppCounts, ChangeSet, Workspace

RELOAD_ABOVE = 20_000
"""More changed paths than this: read the workspace afresh. `ws.update` costs about 0.3 ms a path
on the 200-store benchmark workspace and a fresh read about 1 s, but a fresh read says `full` and
repaints everything, so patching wins well past the crossing point."""

PATCH_MAX = 400
"""More changed entries than this for the shown tree: swap in a tree built on the worker instead
of patching rows one by one on the GUI thread (each patch is a model signal and a repaint)."""


class Updater(QObject):
    """Runs live updates for one window. `busy` while an update is on a worker."""

    def __init__(self, target: LiveTarget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.target = target
        self.busy = False
        self._queued: set[str] = set()
        self._after: list[Callable[[], None]] = []

    def on_changes(self, paths: set[str]) -> None:
        """Changed paths from the watcher (GUI thread). While a workspace is being read they wait
        for it (watching starts with the scan) and go into the first update of the new snapshot."""
        self._queued |= paths
        if not self.busy and not self.target.reading:
            self.run()

    def loaded(self) -> None:
        """A workspace was read and shown: apply what changed on disk meanwhile."""
        if self._queued and not self.busy:
            self.run()

    def refresh_paths(self, paths: Iterable[str | PathLike[str]], then: Callable[[], None] | None = None) -> None:
        """Apply changes the app itself made, at once (no debounce); `then` runs after the repaint."""
        if then is not None:
            self._after.append(then)
        self.on_changes({str(p) for p in paths})

    def reset(self) -> None:
        """A new workspace is being opened: forget what was queued for the old one."""
        self._queued.clear()
        self._after.clear()
        self.target.tasks.cancel("update")
        self.busy = False

    def run(self) -> None:
        req = self.target.update_request()
        if req is None or not self._queued:
            return
        paths, self._queued = self._queued, set()
        ws, tkey = req.ws, req.tree
        key, app, flat, show_ignored = tkey
        self.busy = True
        self.target.live_updating()

        def work() -> UpdateResult:
            new: Workspace
            if len(paths) > RELOAD_ABOVE:  # a flood (a generator, a huge checkout): one fresh read
                new = resolver.load(ws.root, ws.options, ws.digests)
                cs = ChangeSet(full=True, reason=f"{len(paths):,} paths changed")
            else:
                new, cs = ws.update(paths)
            counts: dict[str, AppCounts] | None = (
                {k: new.counts(k, app) for k in new.stores} if cs and app in new.apps else None
            )
            built: Built | None = None
            if cs:
                _ = new.diagnostics  # computed here, off the GUI thread
                mine = cs.full or sum(1 for e in cs.entries if e.store == key and e.app == app) > PATCH_MAX
                if mine and key in new.stores and app in new.apps:
                    tree = new.effective_tree(key, app)
                    built = (tree, build_tree(tree.files, tree.ignored if show_ignored else (), flat))
            return UpdateResult(ws, new, cs, counts, tkey, built, frozenset(paths))

        self.target.tasks.run("update", work, self._done, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.target.show_live_state()
        errors.report(exc)

    def _done(self, result: UpdateResult) -> None:
        self.busy = False
        self.target.show_live_state()
        if result.old is not self.target.ws:  # another workspace was opened meanwhile
            return
        callbacks, self._after = self._after, []
        self.target.apply_update(result)
        for cb in callbacks:
            cb()
        self.target.update_applied()
        if self._queued:
            self.run()
