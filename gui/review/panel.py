"""The review view beside the explorer: scorecards, heatmap, store graph, stale and hotspot lists.

`set_workspace(ws)` starts the review on a worker (gui.tasks); results are swapped in on the GUI
thread. `storeSelected(key)` and `fileSelected(store, app, path)` tell the main window what the
user picked; `highlight_blast_radius(...)` marks the stores that use one layer's file.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from resolver.findings import Review, ReviewOptions, StaleOverride
from resolver.review import blast, folder_of, review, scorecard_files, stale_versions

from .. import errors
from ..tasks import Tasks
from .graph_view import StoreGraphView
from .heatmap import HeatmapWidget
from .rows_model import PayloadRole, RowsModel
from .rows_model import SortRole as RowsSortRole
from .scorecard_model import ScorecardModel, SortRole
from .threeway import ThreeWayDialog


def _table(model, sort_role: int) -> tuple[QTableView, QSortFilterProxyModel]:
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(sort_role)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setResizeContentsPrecision(40)  # widths from the first rows: no pass over every row
    view.setAlternatingRowColors(True)
    proxy.setParent(view)
    return view, proxy


class ReviewPanel(QWidget):
    """The divergence review of the current workspace."""

    storeSelected = Signal(str)
    fileSelected = Signal(str, str, str)  # store key, app, path
    reviewReady = Signal()

    def __init__(self, tasks: Optional[Tasks] = None, options: Optional[ReviewOptions] = None,
                 parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.tasks = tasks or Tasks(errors.report, self)
        self.options = options or ReviewOptions()
        self.ws = None
        self.result: Optional[Review] = None
        self._file_rows: list[tuple[str, str, str]] = []

        self.status = QLabel("No workspace.")
        self.status.setWordWrap(True)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.hide()
        self.refresh = QPushButton("Review again")
        self.refresh.clicked.connect(self.rerun)
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.busy)
        top.addWidget(self.refresh)

        self.cards = ScorecardModel(self)
        self.card_view, self.card_proxy = _table(self.cards, SortRole)
        self.card_view.clicked.connect(self._card_clicked)
        self.files_label = QLabel("Click a count to list the files behind it.")
        self.files = QStringListModel(self)
        self.files_view = QListView()
        self.files_view.setModel(self.files)
        self.files_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.files_view.activated.connect(self._file_activated)
        side = QWidget()
        sl = QVBoxLayout(side)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(self.files_label)
        sl.addWidget(self.files_view, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.card_view)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)

        self.heatmap = HeatmapWidget()
        self.heatmap.cellClicked.connect(self._heat_clicked)
        heat_scroll = QScrollArea()
        heat_scroll.setWidget(self.heatmap)
        heat_scroll.setWidgetResizable(False)

        self.graph = StoreGraphView()
        self.graph.storeSelected.connect(self.storeSelected)

        self.stale_model = RowsModel(("Store", "App", "Path", "Commits behind", "Days behind", "Stale for (days)",
                                      "Parent changed lines"), self)
        self.stale_view, self.stale_proxy = _table(self.stale_model, RowsSortRole)
        self.stale_view.activated.connect(self._stale_activated)
        self.stale_view.clicked.connect(self._finding_clicked)
        self.stale_note = QLabel()
        stale_box = QWidget()
        sb = QVBoxLayout(stale_box)
        sb.setContentsMargins(0, 0, 0, 0)
        sb.addWidget(self.stale_note)
        sb.addWidget(self.stale_view, 1)

        self.hot_model = RowsModel(("Path", "App", "Stores", "Variants", "Action", "Suggestion"), self)
        self.hot_view, self.hot_proxy = _table(self.hot_model, RowsSortRole)
        self.hot_view.horizontalHeader().setStretchLastSection(True)
        self.hot_view.clicked.connect(self._hot_clicked)

        self.tabs = QTabWidget()
        self.tabs.addTab(split, "Scorecards")
        self.tabs.addTab(heat_scroll, "Heatmap")
        self.tabs.addTab(self.graph, "Store graph")
        self.tabs.addTab(stale_box, "Stale")
        self.tabs.addTab(self.hot_view, "Hotspots")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

    # ------------------------------------------------------------ workspace and review

    def set_workspace(self, ws) -> None:
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
        self.tasks.run("review", lambda: review(ws, options), lambda rv: self._show(ws, rv), self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.busy.hide()
        self.status.setText(f"The review failed: {errors.user_message(exc)}")

    def _show(self, ws, rv: Review) -> None:
        if ws is not self.ws:
            return
        self.busy.hide()
        self.result = rv
        ids = {c.store: c.store_id for c in rv.scorecards}
        self.cards.set_cards(rv.scorecards)
        self.card_view.resizeColumnsToContents()
        self.heatmap.set_heatmap(rv.heatmap, ids)
        self.graph.set_review(rv, ws.graph)
        self._fill_stale(rv)
        self.hot_model.set_rows(
            [(h.path, h.app, len(h.stores), h.variants, h.action, h.suggestion) for h in rv.hotspots],
            list(rv.hotspots),
            [", ".join(ids.get(k, k) for k in h.stores) for h in rv.hotspots],
        )
        self.hot_view.resizeColumnsToContents()
        stale = f"{len(rv.stale)} stale" if rv.staleness_known else "staleness unknown"
        self.status.setText(
            f"{len(rv.scorecards)} stores · {len(rv.overrides):,} overrides · {stale} · {len(rv.redundant)} redundant"
            f" · {len(rv.near_redundant)} near-redundant · {len(rv.hotspots)} hotspots"
        )
        self.reviewReady.emit()

    def _fill_stale(self, rv: Review) -> None:
        self.stale_note.setText(
            "Double-click a stale override to compare the parent then, the parent now and the override."
            if rv.staleness_known else f"Staleness unknown: {rv.staleness_note}."
        )
        self.stale_model.set_rows(
            [(f.override.store_id, f.override.app, f.override.path, f.commits_behind, f.days_behind, f.stale_days,
              f.parent_lines.changed) for f in rv.stale],
            list(rv.stale),
            [f"{f.override.source}\nhides {f.override.hidden_source}" for f in rv.stale],
        )
        self.stale_view.resizeColumnsToContents()

    # ------------------------------------------------------------ interaction

    def _card_clicked(self, index: QModelIndex) -> None:
        src = self.card_proxy.mapToSource(index)
        card = self.cards.card(src.row())
        if card is None or self.ws is None or self.result is None:
            return
        self.storeSelected.emit(card.store)
        self.graph.select_store(card.store)
        column = self.cards.column_key(src.column())
        if not column:
            return
        files = scorecard_files(self.ws, self.result, card.store, column)
        self._file_rows = [(card.store, app, path) for app, path in files]
        self.files.setStringList([f"{app}/{path}" for app, path in files])
        self.files_label.setText(f"{card.store_id} · {column.replace('_', '-')}: {len(files):,} file(s)")

    def _file_activated(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self._file_rows):
            self.fileSelected.emit(*self._file_rows[index.row()])

    def _heat_clicked(self, app: str, folder: str, store_key: str) -> None:
        if self.result is None:
            return
        prefix = f"{folder}/" if folder else ""
        depth = self.result.options.folder_depth
        rows = [(o.store, o.app, o.path) for o in self.result.overrides
                if o.store == store_key and o.app == app and folder_of(o.path, depth) == folder]
        self._file_rows = rows
        self.files.setStringList([f"{a}/{p}" for _, a, p in rows])
        self.files_label.setText(f"overrides in {app}/{prefix or '(app root)'}: {len(rows)} file(s)")
        self.storeSelected.emit(store_key)
        self.graph.select_store(store_key)

    def _finding_clicked(self, index: QModelIndex) -> None:
        f = index.data(PayloadRole)
        if isinstance(f, StaleOverride):
            self.fileSelected.emit(f.override.store, f.override.app, f.override.path)

    def _stale_activated(self, index: QModelIndex) -> None:
        f = index.data(PayloadRole)
        if isinstance(f, StaleOverride):
            self.open_three_way(f)

    def open_three_way(self, finding: StaleOverride) -> ThreeWayDialog:
        """Show one stale override's three versions (non-modal)."""
        dlg = ThreeWayDialog(finding, stale_versions(self.ws, finding), self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.show()
        return dlg

    def _hot_clicked(self, index: QModelIndex) -> None:
        h = index.data(PayloadRole)
        if h is not None:
            keys = frozenset(h.stores)
            self.graph.set_highlighted(keys)
            self.heatmap.set_highlighted(keys)

    def highlight_blast_radius(self, store_key: Optional[str], app: str, path: str) -> tuple[str, ...]:
        """Mark the stores that use `path` of layer `store_key` ('' or None: the base); returns them."""
        if self.ws is None:
            return ()
        try:
            radius = blast(self.ws, store_key or None, app, path).stores
        except Exception as exc:  # an app or path that no longer exists: nothing to mark
            errors.report(exc)
            radius = ()
        keys = frozenset(radius)
        self.graph.set_highlighted(keys)
        self.heatmap.set_highlighted(keys)
        return radius
