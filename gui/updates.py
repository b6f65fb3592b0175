"""Live updates: changed paths become one incremental update on a worker, then the window repaints
in place.

`LiveWatcher` (gui/live.py) hands over debounced sets of changed paths. One update runs at a
time; paths arriving meanwhile wait and go in the next. The worker does everything slow: the
resolver's `ws.update` (or a fresh read for a flood of paths), the store counts, the diagnostics,
and, when the shown tree changed a lot, the new tree's nodes. The GUI thread then patches the
shown tree row by row when few entries changed, or swaps in the tree built on the worker (one
reset; selection, scroll position and expanded folders kept).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from storelayers import resolver
from storelayers.gui import errors
from storelayers.gui.tree_model import build_tree
from storelayers.resolver import ChangeSet, Workspace

if TYPE_CHECKING:
    from storelayers.gui.cascade import CascadePanel
    from storelayers.gui.diff_panel import DiffPanel
    from storelayers.gui.main_window import MainWindow

RELOAD_ABOVE = 20_000
"""More changed paths than this: read the workspace afresh. `ws.update` costs about 0.3 ms a path
on the 200-store benchmark workspace and a fresh read about 1 s, but a fresh read says `full` and
repaints everything, so patching wins well past the crossing point."""

PATCH_MAX = 400
"""More changed entries than this for the shown tree: swap in a tree built on the worker instead
of patching rows one by one on the GUI thread (each patch is a model signal and a repaint)."""


class Updater(QObject):
    """Runs live updates for one window. `busy` while an update is on a worker."""

    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.win = win
        self.busy = False
        self._queued: set[str] = set()
        self._after: list[Callable[[], None]] = []
        self._running: set[str] = set()  # the paths of the update on the worker

    def on_changes(self, paths: set[str]) -> None:
        """Changed paths from the watcher (GUI thread). While a workspace is being read they wait
        for it (watching starts with the scan) and go into the first update of the new snapshot."""
        self._queued |= paths
        if not self.busy and not self.win.reading:
            self.run()

    def loaded(self) -> None:
        """A workspace was read and shown: apply what changed on disk meanwhile."""
        if self._queued and not self.busy:
            self.run()

    def refresh_paths(self, paths, then: Callable[[], None] | None = None) -> None:
        """Apply changes the app itself made, at once (no debounce); `then` runs after the repaint."""
        if then is not None:
            self._after.append(then)
        self.on_changes({str(p) for p in paths})

    def reset(self) -> None:
        """A new workspace is being opened: forget what was queued for the old one."""
        self._queued.clear()
        self._after.clear()
        self.win.tasks.cancel("update")
        self.busy = False

    def run(self) -> None:
        win = self.win
        ws, app, key = win.ws, win.app, win.store_key
        if ws is None or not self._queued:
            return
        paths, self._queued = self._queued, set()
        self._running = paths
        flat, show_ignored = win.tree_flags()
        self.busy = True
        win.live_label.setText("\u25cf Updating\u2026")

        def work():
            if len(paths) > RELOAD_ABOVE:  # a flood (a generator, a huge checkout): one fresh read
                new = resolver.load(ws.root, ws.options, ws.digests)
                cs = ChangeSet(full=True, reason=f"{len(paths):,} paths changed")
            else:
                new, cs = ws.update(paths)
            counts = {k: new.counts(k, app) for k in new.stores} if cs and app in new.apps else None
            built = None
            if cs:
                _ = new.diagnostics  # computed here, off the GUI thread
                mine = cs.full or sum(1 for e in cs.entries if e.store == key and e.app == app) > PATCH_MAX
                if mine and key in new.stores and app in new.apps:
                    tree = new.effective_tree(key, app)
                    built = (tree, build_tree(tree.files, tree.ignored if show_ignored else (), flat))
            return ws, new, cs, counts, (key, app, flat, show_ignored), built

        win.tasks.run("update", work, self._done, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.win.show_live_state()
        errors.report(exc)

    def _done(self, result) -> None:
        old, new, cs, counts, tkey, built = result
        win = self.win
        self.busy = False
        win.show_live_state()
        if old is not win.ws:  # another workspace was opened meanwhile
            return
        shown = _shown_touched(win, self._running)
        expl_before = _panes(win)[0].expl
        win.ws = new
        if cs.full and (new.stores != old.stores or new.apps != old.apps):  # a store's kind too
            win.trees.carry(old, new, None)
            app = win.app if win.app in new.apps else ""
            win.show_workspace(new, app, counts or {}, win.store_key, win.path)
        elif cs:
            self._repaint(old, new, cs, counts or {}, tkey, built)
        elif win.tasks.busy("tree"):
            win.trees.carry(old, new, ())
            win.request_tree()  # a tree was being built for the old snapshot
        else:
            win.trees.carry(old, new, ())
        if shown and _panes(win)[0].expl is expl_before:  # not shown afresh above: its content changed in place
            refresh_shown(win)
        refresh_three_way(win, self._running)
        callbacks, self._after = self._after, []
        for cb in callbacks:
            cb()
        win.update_action_state()
        win.updated.emit()
        if self._queued:
            self.run()

    def _repaint(self, old: Workspace, new: Workspace, cs: ChangeSet, counts: dict, tkey: tuple, built) -> None:
        win = self.win
        touched = None if cs.full else {(e.store, e.app) for e in cs.entries}
        win.trees.carry(old, new, touched)
        win.store_model.set_counts(counts)
        shown = (win.store_key, win.app, *win.tree_flags())
        mine = [] if cs.full else [e for e in cs.entries if e.store == win.store_key and e.app == win.app]
        if built is not None and tuple(tkey) == shown:
            win.trees.put(new, tkey, built)
            win.show_tree(new, built, reselect=True)
            shown_changed = cs.full or any(e.path == win.path for e in mine)
            if win.path is not None and shown_changed and win.tree_panel.current_path() == win.path:
                win.file_selected(win.path)  # the file shown changed too: its cascade and diff follow
        elif cs.full or len(mine) > PATCH_MAX or win.tasks.busy("tree"):
            win.request_tree()
        elif mine:
            win.tree_panel.apply([(e.path, e.after, e.is_ignored) for e in mine], win.tree_flags()[1])
            win.refresh_legend()
            if win.path is not None and any(e.path == win.path for e in mine):
                win.file_selected(win.path)
        win.problems.model.set_items(new.diagnostics)
        win.update_problems_button()
        win.review_link.workspace_changed(new)


def _panes(win: Any) -> tuple[CascadePanel, DiffPanel]:
    """The cascade and diff panes (`window_layout` sets them on the window untyped, hence Any)."""
    return win.cascade, win.diff_panel


def _shown_touched(win: MainWindow, paths: set[str]) -> bool:
    """Whether changed paths include a file the cascade or the diff shows (an edit in place changes
    no effective entry, but its size and its diff)."""
    cascade, diff = _panes(win)
    ws, expl = win.ws, cascade.expl
    if ws is None or win.path is None:
        return False
    changed = {os.path.normpath(p if os.path.isabs(p) else os.path.join(ws.root, p)) for p in paths}
    if diff.shows_any(changed):
        return True
    return expl is not None and any(
        os.path.normpath(os.path.join(ws.root, link.source)) in changed for link in expl.chain if link.source
    )


def refresh_shown(win: MainWindow) -> None:
    """Show the selected file's cascade (sizes) from the current snapshot and compute its diff again."""
    ws, key, path = win.ws, win.store_key, win.path
    if ws is None or key is None or path is None or key not in ws.stores:
        return
    cascade, diff = _panes(win)
    depth, _ = win.depth_names()
    cascade.show_explanation(ws.explain(key, win.app, path), depth, ws.stores[key].id)
    diff.rerun()


def refresh_three_way(win: Any, paths: set[str]) -> None:
    """Open three-way views whose override or parent file changed on disk show them again."""
    from storelayers.gui.review.threeway import ThreeWayDialog
    from storelayers.resolver.review.divergence import stale_versions

    ws = win.ws
    if ws is None:
        return
    rels = {os.path.relpath(p, ws.root).replace(os.sep, "/") if os.path.isabs(p) else p for p in paths}
    for dlg in win.review_panel.findChildren(ThreeWayDialog):
        if dlg.isVisible() and dlg.files & rels:
            dlg.show_versions(stale_versions(ws, dlg.finding))
