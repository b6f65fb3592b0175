"""The review view beside the explorer, and how the two follow each other.

When the review runs: it is wanted as soon as a workspace is shown, and again after live updates.
It then starts once the explorer has been quiet for a moment (no store, app or file picked, no
tree or diff being made), because a review of 200 stores is seconds of work that would otherwise
share the interpreter with every click; opening the review view starts it at once. Live updates
wait `REFRESH_MS` more, so a burst of saves or a checkout gives one new review. One review runs at
a time, the newest snapshot going next; answers for older snapshots are dropped.

How the two views follow each other:
- a store picked in the review (graph node, scorecard row, heatmap cell) is selected in the
  explorer; a file picked there (a scorecard cell's files, a hotspot, a stale override) is selected
  in the explorer's tree, and opening it (double-click, Enter) also shows the explorer;
- the file selected in the explorer has its blast radius (the stores that take the very file this
  store gets) ringed in the graph and the heatmap, worked out when the review view is on screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from storelayers.gui import heap
from storelayers.gui.findings import Findings
from storelayers.gui.review import ReviewPanel
from storelayers.gui.window_api import ExplorerState
from storelayers.resolver import Workspace
from storelayers.resolver.locate import Location

QUIET_MS = 800  # the explorer quiet this long: a wanted review starts
REFRESH_MS = 1500  # after a live update, at least this long before the review runs again


class ReviewLink(QObject):
    """Runs the review when the explorer is quiet, and keeps the two views following each other.

    It sees the explorer only through `window_api.ExplorerState`."""

    def __init__(
        self,
        explorer: ExplorerState,
        panel: ReviewPanel,
        changes_pending: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.explorer = explorer
        self.panel = panel
        self._changes_pending = changes_pending
        self.wanted = False  # the review shown is older than the window's snapshot (or missing)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._start_when_quiet)
        self._blast: tuple[str | None, str, str | None] | None = None  # to mark when shown
        self.panel.storeSelected.connect(self._store_picked)
        self.panel.fileSelected.connect(self._file_picked)
        self.panel.fileOpened.connect(self._file_opened)
        self.panel.reviewReady.connect(self._review_ready)
        self.panel.viewShown.connect(self._view_shown)

    # ------------------------------------------------------------ when to review

    def workspace_loaded(self, ws: Workspace) -> None:
        """A workspace was read: review it once the explorer is quiet."""
        self.panel.clear("Reviewing every store once the explorer is quiet\u2026")
        self.explorer.show_findings(Findings())  # the last workspace's findings are not this one's
        self._want(QUIET_MS)
        if self.explorer.view == "review":
            self.start_now()  # the view is open: the user is waiting for it

    def workspace_changed(self, ws: Workspace) -> None:
        """A live update gave a new snapshot: review it after a quiet moment (debounced)."""
        self._want(REFRESH_MS)

    def busy_elsewhere(self) -> None:
        """The user is working in the explorer: a wanted review waits a little longer."""
        if self.wanted:
            self.timer.start(max(QUIET_MS, self.timer.remainingTime()))

    def _want(self, after_ms: int) -> None:
        self.wanted = True
        self.timer.start(max(after_ms, self.timer.remainingTime() if self.timer.isActive() else 0))

    def _start_when_quiet(self) -> None:
        if not self.wanted:
            return
        if self.explorer.explorer_busy() or self.panel.tasks.busy("review") or self._changes_pending():
            self.timer.start(QUIET_MS)  # a tree, diff or update, changes on disk, or the last review
            return
        self.start_now()

    def start_now(self) -> None:
        """Review the window's snapshot now (unless it is reviewed or being reviewed already)."""
        ws = self.explorer.ws
        if ws is None or not self.wanted:
            return
        reviewing = self.panel.tasks.busy("review")
        if self.panel.ws is ws and (reviewing or self.panel.reviewed_ws is ws):
            self.wanted = False  # reviewed, or being reviewed, already
            return
        if reviewing and self.panel.reviewed_ws is not None:
            self.timer.start(QUIET_MS)  # one review at a time: the newest snapshot goes next
            return
        self.wanted = False
        self.timer.stop()
        self.panel.set_workspace(ws)

    @property
    def pending(self) -> bool:
        """True while the review shown is older than the window's snapshot."""
        return self.wanted or self.panel.tasks.busy("review")

    # ------------------------------------------------------------ review -> explorer

    def _store_picked(self, key: str) -> None:
        ws = self.explorer.ws
        if ws is not None and (not key or key in ws.stores):
            self.explorer.select_store(key or None)

    def _file_picked(self, store_key: str, app: str, path: str) -> None:
        ws = self.explorer.ws
        if ws is None or store_key not in ws.stores or app not in ws.apps:
            return
        self.explorer.go_to_location(Location(store_key, app, path))

    def _file_opened(self, store_key: str, app: str, path: str) -> None:
        self._file_picked(store_key, app, path)
        self.explorer.open_explorer_at_tree()

    # ------------------------------------------------------------ explorer -> review

    def store_shown(self, key: str | None) -> None:
        self.panel.select_store(key or "")
        self.busy_elsewhere()

    def file_shown(self, store_key: str | None, app: str, path: str | None) -> None:
        """The explorer shows this file (or none): its blast radius is marked when it can be seen."""
        self._blast = (store_key, app, path)
        self.busy_elsewhere()
        if self.panel.isVisible():
            self._mark_blast()

    def _mark_blast(self) -> None:
        rws = self.panel.ws
        if self._blast is None:
            return
        store_key, app, path = self._blast
        if path is None or store_key is None or rws is None or app not in rws.apps or store_key not in rws.stores:
            self.panel.mark(frozenset())
            return
        entry, _ = rws.entry(store_key, app, path)
        layer = entry.winner_key if entry is not None else store_key
        self.panel.highlight_blast_radius(layer or "", app, path)

    def _view_shown(self) -> None:
        self.start_now()
        self._mark_blast()

    def _review_ready(self) -> None:
        heap.settle()  # the review is kept until the next one
        self.explorer.show_findings(self.panel.findings)  # on the files, where developers work
        self.panel.select_store(self.explorer.store_key or "")
        if self.panel.isVisible():
            self._mark_blast()
