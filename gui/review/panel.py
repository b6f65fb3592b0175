"""The review view beside the explorer: scorecards, heatmap, store graph, stale and hotspot lists.

`set_workspace(ws)` starts the review on a worker (gui.tasks); results are swapped in on the GUI
thread. The files behind a clicked scorecard cell and a stale override's three versions are read
on the worker too (newer clicks make older answers stale). `storeSelected(key)` and `fileSelected(store, app, path)` tell the main window what the
user picked; `highlight_blast_radius(...)` marks the stores that use one layer's file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QStringListModel, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from storelayers.gui import errors, heap
from storelayers.gui.findings import Findings
from storelayers.gui.review.finding_lists import (
    FindingList,
    Repair,
    payload_location,
    repair_index,
    rows_cleanup,
    rows_clusters,
    rows_hotspots,
    rows_orphaned,
    rows_stale,
)
from storelayers.gui.review.graph_view import StoreGraphView, graph_controls
from storelayers.gui.review.heatmap import HeatmapWidget
from storelayers.gui.review.rows_model import PayloadRole
from storelayers.gui.review.scorecard_model import ScorecardModel, SortRole
from storelayers.gui.review.tables import (
    HIDDEN_CARD_COLUMNS,
    FrozenColumn,
    SnugTabs,
    box,
    column_menu,
    content_height,
    fit_columns,
    table,
)
from storelayers.gui.review.threeway import ThreeWayDialog, three_way_diffs
from storelayers.gui.tasks import Tasks
from storelayers.gui.text import plural, verb
from storelayers.resolver import Workspace, pace
from storelayers.resolver.graphlayout import BADGE_KEY
from storelayers.resolver.review.divergence import blast, folder_of, review, scorecard_files, stale_versions
from storelayers.resolver.review.findings import (
    Heatmap,
    Hotspot,
    OrphanedFile,
    OverrideDiff,
    OverrideFinding,
    Review,
    ReviewOptions,
    StaleOverride,
)

LAZY_PARTS = frozenset(
    {
        "cards",
        "card_view",
        "card_proxy",
        "card_store_column",
        "heatmap",
        "stale_list",
        "stale_model",
        "stale_view",
        "stale_proxy",
        "stale_note",
        "rebase_button",
        "orphan_list",
        "orphan_move_button",
        "orphan_remove_button",
        "cleanup_list",
        "remove_button",
        "cleanup_button",
        "select_all",
        "hot_list",
        "hot_model",
        "hot_view",
        "hot_proxy",
        "move_up_button",
        "cluster_list",
        "tabs",
        "snug_tabs",
        "files_label",
        "files",
        "files_view",
        "graph",
        "graph_hint",
        "left",
        "split",
    }
)
"""The review view's parts that `ReviewPanel._build` makes when the view is first shown."""


@dataclass(frozen=True)
class Reviewed:
    """A review and what the window reads from it, all made on the worker: the explorer's marks
    (`findings.Findings`, each app's map too) and each store's own overrides. At 800 stores x
    20,000 base files (11,000 overrides) these took some 200 ms on the GUI thread as the review
    arrived."""

    review: Review
    findings: Findings
    overrides: dict[str, list[OverrideDiff]]  # store key -> its own overrides (the review's objects)


def reviewed(ws: Workspace, rv: Review) -> Reviewed:
    overrides: dict[str, list[OverrideDiff]] = {}
    for o in rv.overrides:
        overrides.setdefault(o.store, []).append(o)
    findings = Findings(rv)
    for app in ws.apps:
        findings.for_app(app)  # worked out once, here
    return Reviewed(rv, findings, overrides)


class ReviewPanel(QWidget):
    """The divergence review of the current workspace."""

    storeSelected = Signal(str)
    fileSelected = Signal(str, str, str)  # store key, app, path: picked (a click)
    fileOpened = Signal(str, str, str)  # store key, app, path: opened (double-click, Enter)
    reviewReady = Signal()  # a review arrived (its widgets are filled when the view is on screen)
    repairRequested = Signal(str, object)  # repair kind ("rebase", "remove", ...), its finding(s)
    viewShown = Signal()

    def __init__(
        self, tasks: Tasks | None = None, options: ReviewOptions | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.tasks = tasks or Tasks(errors.report, self)
        self.options = options or ReviewOptions()
        self.ws: Workspace | None = None
        self._generation = 0  # counts reruns: a review asks it to learn it has been superseded
        self.result: Review | None = None
        self.findings = Findings()  # the explorer's marks of the review shown (made with it, on the worker)
        self._shown_ws: Workspace | None = None  # the snapshot `result` was made from
        self._unfilled = False  # `result` is not in the widgets yet (the view was hidden)
        self._marked: frozenset[str] = frozenset()  # the blast radius shown
        self._file_rows: list[tuple[str, str, str]] = []
        self.current_store = ""  # the store the explorer shows: preferred when a hotspot is picked

        self._overrides: dict[str, list[OverrideDiff]] = {}  # store key -> its own overrides
        self._auto_files = True  # the files list shows the explorer's store's overrides until a pick
        self._repairs: dict[tuple[str, str, str], list[Repair]] = {}  # by file, for the explorer's menu
        self._repairs_of: Review | None = None  # the review `_repairs` was made from

        self.status = QLabel("No workspace.")
        self.status.setObjectName("ReviewSummary")
        self.status.setWordWrap(True)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.hide()
        self.refresh = QPushButton("Review again")
        self.refresh.setToolTip("Review every store again now (it also runs by itself after changes on disk)")
        self.refresh.clicked.connect(self.rerun)
        top = QHBoxLayout()
        top.setContentsMargins(10, 6, 8, 6)
        top.addWidget(self.status, 1)
        top.addWidget(self.busy)
        top.addWidget(self.refresh)
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        head = QWidget()
        head.setObjectName("PanelHeader")
        head.setLayout(top)
        layout.addWidget(head)
        self._why = ""  # what the stores ringed in the graph share
        self._built = False  # the rest is made when the view is first shown (or a part of it is asked for)

    if not TYPE_CHECKING:  # to mypy, each part is the attribute `_build` makes

        def __getattr__(self, name: str) -> object:
            """A part of the view not made yet (`LAZY_PARTS`) is made when it is first asked for."""
            if name in LAZY_PARTS and not self.__dict__.get("_built", True):
                self._build()
                return self.__dict__[name]
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def setVisible(self, visible: bool) -> None:
        if visible:
            self._build()  # before Qt lays the view out and shows it
        super().setVisible(visible)

    def _build(self) -> None:
        """The view under the summary line: tabs, finding lists, files, graph. Made when the view is
        first shown, not with the window (it was about 40% of the window's making, before its first
        paint); what arrived meanwhile (a review, the explorer's store, ringed stores) is kept and
        filled in when the view is shown, as for a view that was hidden."""
        if self._built:
            return
        self._built = True
        self.cards = ScorecardModel(self)
        self.card_view, self.card_proxy = table(self.cards, SortRole)
        self.card_view.clicked.connect(self._card_clicked)
        self.card_store_column = FrozenColumn(self.card_view)  # the store's name stays while the numbers scroll
        self.card_store_column.clicked.connect(self._card_clicked)
        column_menu(self.card_view, HIDDEN_CARD_COLUMNS)

        self.heatmap = HeatmapWidget()
        self.heatmap.cellClicked.connect(self._heat_clicked)
        heat_scroll = QScrollArea()
        heat_scroll.setWidget(self.heatmap)
        heat_scroll.setWidgetResizable(False)
        heat_scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.stale_list = FindingList(
            ("Store", "App", "Path", "Commits behind", "Days behind", "Stale for (days)", "Parent changed lines")
        )
        self.stale_model, self.stale_view, self.stale_proxy = (
            self.stale_list.model,
            self.stale_list.view,
            self.stale_list.proxy,
        )
        self.stale_note = self.stale_list.note
        self.stale_view.activated.connect(self._stale_activated)
        self.stale_view.clicked.connect(self._finding_clicked)
        self.rebase_button = self.stale_list.add_button(
            "Rebase…",
            "Merge the parent's newer changes into the picked override, keeping the store's own (a preview first)",
            lambda: isinstance(self.stale_list.current(), StaleOverride),
            lambda: self._repair(self.stale_list, "rebase"),
        )

        self.orphan_list = FindingList(("Store", "App", "Path", "Hid the file of", "Removed by", "New path"))
        self.orphan_list.view.clicked.connect(self._finding_clicked)
        self.orphan_move_button = self.orphan_list.add_button(
            "Move to new path…",
            "Move the store's copy to where git says the base file went (then it is an override again)",
            lambda: isinstance(o := self.orphan_list.current(), OrphanedFile) and bool(o.renamed_to),
            lambda: self._repair(self.orphan_list, "orphan-move"),
        )
        self.orphan_remove_button = self.orphan_list.add_button(
            "Remove…",
            "Remove the store's copy that no longer overrides anything (to the trash; Ctrl+Z brings it back)",
            lambda: isinstance(self.orphan_list.current(), OrphanedFile),
            lambda: self._repair(self.orphan_list, "orphan-remove"),
        )

        self.cleanup_list = FindingList(
            ("Store", "App", "Path", "Finding", "Same as", "Used by", "Changed lines"), checkable=True
        )
        self.cleanup_list.view.clicked.connect(self._finding_clicked)
        self.remove_button = self.cleanup_list.add_button(
            "Remove…",
            "Remove the picked override: its stores take the copy it hides (a preview first)",
            lambda: isinstance(self.cleanup_list.current(), OverrideFinding),
            lambda: self._repair(self.cleanup_list, "remove"),
        )
        self.cleanup_button = self.cleanup_list.add_button(
            "Clean up selected…",
            "Remove every ticked override at once (one preview, one undo)",
            lambda: bool(self.cleanup_list.checked()),
            self._cleanup_checked,
        )
        self.cleanup_list.model.checksChanged.connect(self._cleanup_count)
        self.select_all = self.cleanup_list.add_button(
            "Tick all",
            "Tick every row (again: untick every row)",
            lambda: self.cleanup_list.model.rowCount() > 0,
            self._tick_all,
        )

        self.hot_list = FindingList(("Path", "App", "Stores", "Parent", "Other copies", "Suggestion"))
        self.hot_model, self.hot_view, self.hot_proxy = self.hot_list.model, self.hot_list.view, self.hot_list.proxy
        self.hot_view.horizontalHeader().setStretchLastSection(True)
        self.hot_view.clicked.connect(self._hot_clicked)
        self.hot_view.activated.connect(self._hot_activated)
        self.move_up_button = self.hot_list.add_button(
            "Move up…",
            "Put the shared copy into the parent's layer and remove the children's copies (a preview first)",
            lambda: isinstance(h := self.hot_list.current(), Hotspot) and h.parent is not None,
            lambda: self._repair(self.hot_list, "move-up"),
        )

        self.cluster_list = FindingList(("App", "Folder", "Stores", "Override files", "Paths", "Suggestion"))
        self.cluster_list.view.horizontalHeader().setStretchLastSection(True)
        self.cluster_list.note.setText(
            "Folders where the overrides of several stores cluster: candidates for a shared parent."
        )

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.card_view, "Scorecards")
        self.tabs.addTab(heat_scroll, "Heatmap")
        self.tabs.addTab(self.stale_list, "Stale")
        self.tabs.addTab(self.orphan_list, "Orphaned")
        self.tabs.addTab(self.cleanup_list, "Redundant && cosmetic")
        self.tabs.addTab(self.hot_list, "Hotspots")
        self.tabs.addTab(self.cluster_list, "Folders")
        self.snug_tabs = SnugTabs(self.tabs)  # every name in sight at 1024 px: the padding gives way first

        # The files behind what was clicked (a scorecard cell, a heatmap cell), under the tabs.
        self.files_label = QLabel("Click a count or a heatmap cell to list the files behind it.")
        self.files_label.setObjectName("PanelTitle")
        self.files = QStringListModel(self)
        self.files_view = QListView()
        self.files_view.setObjectName("ReviewFiles")
        self.files_view.setModel(self.files)
        self.files_view.setUniformItemSizes(True)
        self.files_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.files_view.setToolTip("Click: show the file in the explorer.  Double-click: go there.")
        self.files_view.clicked.connect(self._file_clicked)
        self.files_view.activated.connect(self._file_activated)
        files_box = box(self.files_label, self.files_view)

        # The store graph, always in sight: the blast radius of the explorer's file shows on it.
        self.graph = StoreGraphView()
        self.graph.storeSelected.connect(self._graph_clicked)
        graph_title = QLabel("STORE GRAPH")
        graph_title.setObjectName("PanelTitle")
        self.graph_hint = QLabel()
        self.graph_hint.setObjectName("Faint")
        self.graph_hint.setWordWrap(True)
        self.graph_hint.setContentsMargins(10, 0, 10, 4)
        graph_box = box(graph_title, self.graph_hint, graph_controls(self.graph), self.graph)
        self._hint(self._why)

        self.left = QSplitter(Qt.Orientation.Vertical)
        self.left.addWidget(self.tabs)
        self.left.addWidget(files_box)
        self.left.setStretchFactor(0, 3)
        self.left.setStretchFactor(1, 1)
        self.left.setSizes([520, 220])
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(self.left)
        self.split.addWidget(graph_box)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        self.split.setSizes([960, 480])
        self._layout.addWidget(self.split, 1)
        if self._marked:
            self.graph.set_highlighted(self._marked)
            self.heatmap.set_highlighted(self._marked)
        if self.isVisible():  # shown before it was made (the window opened on the review)
            self.split.show()

    # ------------------------------------------------------------ workspace and review

    def set_workspace(self, ws: Workspace) -> None:
        """Review `ws` (a resolver.Workspace) on a worker; the view fills in when it is done."""
        self.ws = ws
        self.rerun()

    def set_options(self, options: ReviewOptions) -> None:
        self.options = options
        if self.ws is not None:
            self.rerun()

    def rerun(self) -> None:
        ws, options = self.ws, self.options
        if ws is None:
            return
        self.busy.show()
        self.status.setText("Reviewing the stores…")

        self._generation = generation = self._generation + 1

        asked = [0]

        def cancelled() -> bool:
            """A newer rerun makes this one stop at its next store instead of finishing unseen.
            Asked once per store: also where the review's results so far are settled (a full
            collection walked them again and again, 600 ms with the GIL held at 800 stores x
            20,000 base files) and where it makes way for the GUI thread."""
            asked[0] += 1
            if asked[0] % 32 == 0:
                heap.settle()
            pace.pause()
            return self._generation != generation

        def work() -> Reviewed:
            rv = review(ws, options, cancelled=cancelled)
            _ = ws.graph  # the store graph (and networkx itself) is made here, off the GUI thread
            return reviewed(ws, rv)

        self.tasks.run("review", work, lambda done: self._show(ws, done), self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.busy.hide()
        self.status.setText(f"The review failed: {errors.user_message(exc)}")

    def _show(self, ws: Workspace, done: Reviewed) -> None:
        """A review arrived: keep it; fill the widgets now if the view is on screen, else when shown."""
        if ws is not self.ws:
            return
        self.busy.hide()
        rv = done.review
        self.result = rv
        self.findings = done.findings
        self._shown_ws = ws
        self._overrides = done.overrides
        stale = f"{len(rv.stale)} stale" if rv.staleness_known else "staleness unknown"
        n_apps = len(ws.apps)
        apps = "the app" if n_apps == 1 else "both apps" if n_apps == 2 else f"all {n_apps} apps"
        self.status.setText(
            f"{plural(len(rv.scorecards), 'store')} · {plural(rv.override_count, 'override')} in {apps} · {stale}"
            f" · {len(rv.redundant)} redundant · {len(rv.cosmetic)} cosmetic · {len(rv.orphaned)} orphaned"
            f" · {plural(len(rv.hotspots), 'hotspot')}"
        )
        self.status.setToolTip(
            "The review counts every app of every store (the explorer's store list counts the app chosen in the "
            "toolbar)"
        )
        self._unfilled = True
        if self.isVisible():
            self._fill()
        self.reviewReady.emit()

    @property
    def reviewed_ws(self) -> Workspace | None:
        """The snapshot the review shown was made from (None before the first)."""
        return self._shown_ws

    def stop(self) -> None:
        """A running review stops at its next store (the window is closing): its worker is free at once,
        so the thread pool is never torn down under a running review."""
        self._generation += 1
        self.tasks.cancel("review")

    def clear(self, message: str) -> None:
        """Forget the review shown (another workspace was opened); `message` says what comes next."""
        self.ws = None
        self.result = None
        self.findings = Findings()
        self._shown_ws = None
        self._unfilled = False
        self._overrides = {}
        self.tasks.cancel("review")
        self.tasks.cancel("files")
        self.busy.hide()
        self.status.setText(message)
        if not self._built:
            self._file_rows, self._auto_files, self._marked, self._why = [], True, frozenset(), ""
            return
        self.cards.set_cards(())
        self.heatmap.set_heatmap(Heatmap(), {})
        self.graph.scene().clear()
        self.graph.nodes = {}
        for lst in (self.stale_list, self.orphan_list, self.cleanup_list, self.hot_list, self.cluster_list):
            lst.model.set_rows([], [])
        self._list([], "Click a count or a heatmap cell to list the files behind it.", auto=True)
        self.mark(frozenset())

    def showEvent(self, e: QShowEvent) -> None:
        self._build()
        super().showEvent(e)
        if self._unfilled:
            self._fill()
        self.viewShown.emit()

    def _fill(self) -> None:
        """Put the kept review into the widgets (the GUI thread's share of a review, ~0.1 s for 200 stores)."""
        rv, ws = self.result, self._shown_ws
        self._unfilled = False
        if rv is None or ws is None:
            return
        ids = {c.store: c.store_id for c in rv.scorecards}
        self.cards.set_cards(rv.scorecards)
        fit_columns(self.card_view)
        total = sum(self.left.sizes())
        if total > 0:  # a few stores: the files list takes the room the scorecards leave
            top = self.tabs.tabBar().sizeHint().height() + content_height(self.card_view, int(total * 0.7))
            self.left.setSizes([max(top, int(total * 0.35)), total - max(top, int(total * 0.35))])
        self.heatmap.set_heatmap(rv.heatmap, ids)
        self.graph.set_review(rv, ws.graph)
        self._fill_stale(rv)
        self._fill_repairs(rv, ids)
        self.graph.set_highlighted(self._marked)
        self.heatmap.set_highlighted(self._marked)
        if self.current_store:
            self.select_store(self.current_store)

    def retheme(self) -> None:
        """Repaint in the current theme's colours (the graph's scene is drawn again)."""
        if not self._built:
            return  # made in the theme of its time
        if self.result is not None and self._shown_ws is not None and not self._unfilled:
            chosen = next((k for k, n in self.graph.nodes.items() if n.selected_store), None)
            self.graph.set_review(self.result, self._shown_ws.graph)
            self.graph.set_highlighted(self._marked)
            if chosen is not None:
                self.graph.select_store(chosen)
        lists = (self.stale_list, self.orphan_list, self.cleanup_list, self.hot_list, self.cluster_list)
        for view in (self.card_view, self.files_view, *(lst.view for lst in lists)):
            view.viewport().update()
        self.heatmap.update()

    def _fill_stale(self, rv: Review) -> None:
        self.stale_note.setText(
            "Rebase… merges the parent's newer changes into the picked override (it stays listed until it "
            "is committed). Double-click a row to compare the parent then, the parent now and the override."
            if rv.staleness_known
            else f"Staleness unknown: {rv.staleness_note}."
        )
        self.stale_list.set_rows(rows_stale(rv))

    def _fill_repairs(self, rv: Review, ids: dict[str, str]) -> None:
        """The finding lists that come with a repair, and their tab titles with their counts."""
        self.orphan_list.set_rows(rows_orphaned(rv))
        self.orphan_list.note.setText(
            "Store files whose base file was deleted or renamed: move each to the new path, or remove it."
            if rv.orphans_known
            else f"Orphans unknown: {rv.staleness_note}."
        )
        self.cleanup_list.set_rows(rows_cleanup(rv, ids))
        self.cleanup_list.note.setText(
            "Redundant: equal to what they hide after normalising. Cosmetic: differ only in whitespace or "
            "comments. Tick rows to clean up several at once."
        )
        self.hot_list.set_rows(rows_hotspots(rv, ids))
        self.hot_list.note.setText("Copies that children of one parent share: move each up into the parent.")
        self.cluster_list.set_rows(rows_clusters(rv, ids))
        for widget, name, n in (
            (self.stale_list, "Stale", len(rv.stale) if rv.staleness_known else None),
            (self.orphan_list, "Orphaned", len(rv.orphaned) if rv.orphans_known else None),
            (self.cleanup_list, "Redundant && cosmetic", len(rv.redundant) + len(rv.cosmetic)),
            (self.hot_list, "Hotspots", len(rv.hotspots)),
            (self.cluster_list, "Folders", len(rv.clusters)),
        ):
            self.tabs.setTabText(self.tabs.indexOf(widget), name if n is None else f"{name} ({n})")
        self._cleanup_count()

    # ------------------------------------------------------------ repairs

    def _repair(self, lst: FindingList, kind: str) -> None:
        f = lst.current()
        if f is not None:
            self.repairRequested.emit(kind, [f] if kind == "remove" else f)

    def _cleanup_checked(self) -> None:
        picked = self.cleanup_list.checked()
        if picked:
            self.repairRequested.emit("remove", picked)

    def _cleanup_count(self) -> None:
        n = len(self.cleanup_list.checked())
        self.cleanup_button.setText(f"Clean up selected ({n})…" if n else "Clean up selected…")
        total = self.cleanup_list.model.rowCount()
        self.select_all.setText("Untick all" if total and n == total else "Tick all")

    def _tick_all(self) -> None:
        model = self.cleanup_list.model
        model.check_all(len(model.checked()) < model.rowCount())

    def repairs_at(self, store_key: str, app: str, path: str) -> list[Repair]:
        """The repairs the review shown offers for one store's file (for the explorer's menu)."""
        if self._repairs_of is not self.result:
            self._repairs = repair_index(self.result)
            self._repairs_of = self.result
        return list(self._repairs.get((store_key, app, path), ()))

    # ------------------------------------------------------------ interaction

    def select_store(self, key: str) -> None:
        """The store the explorer shows: marked in the graph and the scorecards; until a list is
        picked, the files list shows its overrides."""
        self.current_store = key
        if not self._built:
            return  # marked when the view is made and filled
        self.graph.select_store(key)
        self.cards.set_chain(self.graph.chain_of(key))
        row = self.cards.row_of(key)
        if row >= 0:
            idx = self.card_proxy.mapFromSource(self.cards.index(row, 0))
            self.card_view.selectRow(idx.row())
            self.card_view.scrollTo(idx)
        else:
            self.card_view.clearSelection()
        if self._auto_files:
            self._list_overrides(key)

    def _list_overrides(self, key: str) -> None:
        rv = self.result
        if rv is None or not key:
            return
        self.tasks.cancel("files")  # a list asked for earlier would replace this one
        rows = [(o.store, o.app, o.path) for o in self._overrides.get(key, ())]
        name = next((c.store_id for c in rv.scorecards if c.store == key), key)
        self._list(rows, f"{name} \u00b7 overrides: {plural(len(rows), 'file')}", auto=True)

    def _list(self, rows: list[tuple[str, str, str]], caption: str, auto: bool = False) -> None:
        self._file_rows = list(rows)
        self.files.setStringList([f"{a}/{p}" for _, a, p in rows])
        self.files_label.setText(caption)
        self._auto_files = auto

    def _graph_clicked(self, key: str) -> None:
        self._auto_files = True
        self.select_store(key)
        self.storeSelected.emit(key)

    def _card_clicked(self, index: QModelIndex) -> None:
        src = self.card_proxy.mapToSource(index)
        card = self.cards.card(src.row())
        if card is None or self.ws is None or self.result is None:
            return
        column = self.cards.column_key(src.column())
        self._auto_files = not column
        self.select_store(card.store)
        self.storeSelected.emit(card.store)
        if not column:
            return
        ws, rv, store, caption = self.ws, self.result, card.store, f"{card.store_id} \u00b7 {column.replace('_', '-')}"
        self.files_label.setText(f"{caption}: listing the files\u2026")

        def listed(files: tuple[tuple[str, str], ...]) -> None:
            self._list([(store, app, path) for app, path in files], f"{caption}: {plural(len(files), 'file')}")

        self.tasks.run("files", lambda: scorecard_files(ws, rv, store, column), listed)

    def _file_clicked(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self._file_rows):
            self.fileSelected.emit(*self._file_rows[index.row()])

    def _file_activated(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self._file_rows):
            self.fileSelected.emit(*self._file_rows[index.row()])
            self.fileOpened.emit(*self._file_rows[index.row()])

    def _heat_clicked(self, app: str, folder: str, store_key: str) -> None:
        if self.result is None:
            return
        self.tasks.cancel("files")
        prefix = f"{folder}/" if folder else ""
        depth = self.result.options.folder_depth
        rows = [
            (o.store, o.app, o.path)
            for o in self.result.overrides
            if o.store == store_key and o.app == app and folder_of(o.path, depth) == folder
        ]
        name = self.heatmap.ids.get(store_key, store_key)
        self._list(rows, f"{name} \u00b7 overrides in {app}/{prefix or '(app root)'}: {plural(len(rows), 'file')}")
        self.select_store(store_key)
        self.storeSelected.emit(store_key)

    def _finding_clicked(self, index: QModelIndex) -> None:
        where = payload_location(index.data(PayloadRole))
        if where is not None:
            self.fileSelected.emit(*where)

    def _stale_activated(self, index: QModelIndex) -> None:
        f = index.data(PayloadRole)
        if isinstance(f, StaleOverride):
            self.open_three_way(f)

    def open_three_way(self, finding: StaleOverride) -> ThreeWayDialog | None:
        """Show one stale override's three versions (non-modal); they are read on the worker."""
        ws = self.ws
        if ws is None:
            return None
        dlg = ThreeWayDialog(finding, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.show()
        self.tasks.run(
            f"three-way-{id(dlg)}",
            lambda: three_way_diffs(finding, stale_versions(ws, finding)),
            dlg.show_diffs,
            lambda exc: dlg.show_failure(f"The versions could not be read: {errors.user_message(exc)}"),
        )
        return dlg

    def refresh_three_way(self, ws: Workspace, rels: set[str]) -> None:
        """Open three-way views whose override or parent file (workspace-relative `rels`) changed on
        disk read their versions again (on the worker)."""
        for dlg in self.findChildren(ThreeWayDialog):
            if dlg.isVisible() and dlg.files & rels:
                self._reread_three_way(ws, dlg)

    def _reread_three_way(self, ws: Workspace, dlg: ThreeWayDialog) -> None:
        finding = dlg.finding

        def failed(exc: BaseException) -> None:
            dlg.show_failure(f"The versions could not be read: {errors.user_message(exc)}")

        self.tasks.run(
            f"three-way-{id(dlg)}",
            lambda: three_way_diffs(finding, stale_versions(ws, finding)),
            dlg.show_diffs,
            failed,
        )

    def _hot_store(self, h: Hotspot) -> str:
        return self.current_store if self.current_store in h.stores else h.stores[0]

    def _hot_clicked(self, index: QModelIndex) -> None:
        h = index.data(PayloadRole)
        if h is not None and h.stores:
            self.mark(frozenset(h.stores), f"Ringed: the {len(h.stores)} stores that override {h.app}/{h.path}.")
            self.fileSelected.emit(self._hot_store(h), h.app, h.path)

    def _hot_activated(self, index: QModelIndex) -> None:
        h = index.data(PayloadRole)
        if h is not None and h.stores:
            self.fileOpened.emit(self._hot_store(h), h.app, h.path)

    def highlight_blast_radius(self, store_key: str | None, app: str, path: str) -> tuple[str, ...]:
        """Mark the stores that use `path` of layer `store_key` ('' or None: the base); returns them."""
        if self.ws is None:
            return ()
        try:
            radius = blast(self.ws, store_key or None, app, path).stores
        except Exception as exc:  # an app or path that no longer exists: nothing to mark
            errors.report(exc)
            radius = ()
        layer = "base" if not store_key else self.ws.stores[store_key].id if store_key in self.ws.stores else store_key
        n = len(radius)
        self.mark(
            frozenset(radius), f"Ringed: the {plural(n, 'store')} that {verb(n, 'takes', 'take')} {layer}'s {path}."
        )
        return radius

    def mark(self, keys: frozenset[str], why: str = "") -> None:
        """Ring these stores in the graph and the heatmap (a blast radius); `why` says what they share."""
        self._marked = frozenset(keys)
        self._hint(why if keys else "")
        if self._built:
            self.graph.set_highlighted(self._marked)
            self.heatmap.set_highlighted(self._marked)

    def _hint(self, why: str) -> None:
        self._why = why
        if not self._built:
            return
        self.graph_hint.setText(
            (why or "Ringed: the stores that take the file selected in the explorer.")
            + f" Click a store to show it in the explorer. Badges: {BADGE_KEY}."
        )
