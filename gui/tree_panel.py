"""The effective tree pane: title, name filter, legend (which is also the status/layer filter), the tree.

Swapping in a new tree keeps the selection, the scroll position and the expanded folders.

The view shows the tree model itself while no filter is on, and the filter proxy only while one
is: through the proxy every row the view lays out is mapped (a Python `index()` call or more per
row and level), which made laying out a store's open folders several times slower on every store
switch. `index_at`/`node_at` speak for whichever model the view shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from storelayers.gui.delegates import TreeDelegate
from storelayers.gui.elided import ElidedLabel
from storelayers.gui.findings import GLYPHS, KINDS, Mark
from storelayers.gui.legend import LegendBar
from storelayers.gui.text import plural
from storelayers.gui.tree_filter import TreeFilter, TreeProxy
from storelayers.gui.tree_model import CHANGE_STATUSES, EffectiveTreeModel, Node
from storelayers.gui.turns import PaintLater
from storelayers.resolver import EffectiveFile

NAME_CHARS = 20
"""The Name column never gets narrower than a name this many characters long needs at depth 2
(the Layer and Status columns give way first, then the pane stops shrinking)."""
LAYER_WIDTH = 128  # what the Layer column gets when there is room
LAYER_MIN = 52  # the layer bar stays readable
CELL_PAD = 16
"""A cell's text margins and the room a folder's summary glyphs need beside their numbers."""


def status_texts() -> tuple[list[str], list[str]]:
    """What the Status column says: (the longest texts a file's row shows, with one finding; the
    words that must stay whole when the column is narrow: a finding's glyph and word, "inherited")."""
    whole = [f"{GLYPHS[k]} {k}" if k == "redundant" else f"{GLYPHS[k]} {k} \u00b7 override" for k in KINDS]
    whole += ["inherited \u00b7 special", "ignored"]
    words = [f"{GLYPHS[k]} {k}\u2026" for k in KINDS] + ["inherited\u2026"]
    return whole, words


def split_sizes(total: int, split: QSplitter) -> list[int]:
    """Widths for the explorer's stores | tree | cascade-and-diff panes (`split`'s three widgets) in
    a `total`-wide window: the stores list a quarter (200 to 290 px, less when the other two need
    it; "electronics-b2b" and its counts fit), the tree 48% of the rest but never below its minimum,
    the cascade and diff what is left (on a 1366 px laptop screen: 290 | 516 | 560), and at least the
    width that keeps the diff's header in one row while the stores list can give way down to 200 px
    (at 1024 px: 209 | 414 | 399; narrower, the header folds onto two rows)."""
    tree, right = split.widget(1), split.widget(2)
    tree_min = tree.minimumWidth() if tree is not None else 0
    right_min = right.minimumSizeHint().width() if right is not None else 0
    roomy = getattr(right, "roomy_width", None)  # the detail pane's comfortable width (window_layout.DetailPane)
    right_want = max(right_min, roomy() if callable(roomy) else 0)
    stores = max(200, min(290, total // 4))
    stores = min(stores, max(200, total - tree_min - right_want))  # 200: store names stay whole
    stores = max(160, min(stores, total - tree_min - right_min))
    rest = max(0, total - stores)
    tree_w = max(tree_min, min(int(rest * 0.48), rest - right_want))
    return [stores, tree_w, max(0, rest - tree_w)]


def change_folders(root: Node) -> list[str]:
    """The folders of a tree that hold changes: what a tree shown open down to its changes opens
    (only they get their children made)."""
    paths = []
    stack = [root]
    while stack:
        for c in stack.pop().children or ():
            if c.is_folder and c.changes:
                paths.append(c.path)
                stack.append(c)
    return paths


class TreeView(QTreeView):
    enter_pressed = Signal()
    delete_pressed = Signal()

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not e.modifiers():
            self.delete_pressed.emit()  # the view eats Delete before the window's shortcut sees it
            return
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not e.modifiers():
            idx = self.currentIndex()
            if idx.isValid() and self.model().hasChildren(idx.siblingAtColumn(0)):
                self.setExpanded(idx.siblingAtColumn(0), not self.isExpanded(idx.siblingAtColumn(0)))
            else:
                self.enter_pressed.emit()
            return
        super().keyPressEvent(e)


class TreePanel(QWidget):
    # path, "" for none (no bare None through signals: PySide refcount bug). `object`, not `str`: a
    # name that is not UTF-8 (lone surrogates) must reach the slot unchanged, and a QString drops them
    selected = Signal(object)
    activated = Signal(str)
    filter_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Panel")
        self.model = EffectiveTreeModel(self)
        self.proxy = TreeProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.shown = False
        self.expanded: set[str] = set()
        self._restoring = False
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(0)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 8, 0)
        # their text changes with every store: they are cut to fit (whole in the tooltip), never widen the pane
        self.title = ElidedLabel("EFFECTIVE TREE", least=len("EFFECTIVE TREE"))
        self.title.setObjectName("PanelTitle")
        top.addWidget(self.title)
        self.counts = ElidedLabel("", least=len("0 files"), first=False)  # gives way before the title
        self.counts.setObjectName("Faint")
        self.counts.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.counts, 1)
        v.addLayout(top)
        row = QHBoxLayout()
        row.setContentsMargins(8, 0, 8, 4)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter by name: text or glob (*.tsx, app/**/page.tsx)   Ctrl+F")
        self.search.setClearButtonEnabled(True)
        row.addWidget(self.search)
        v.addLayout(row)
        self.legend = LegendBar()
        v.addWidget(self.legend)
        self.view = TreeView()
        self.view.setModel(self.model)  # no filter yet: see `_show_model`
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(False)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Names (column 0) are Qt's own painting: no Python paint() call for every name painted.
        self._delegate = TreeDelegate(lambda: self.model, self.view)
        self.view.setItemDelegateForColumn(1, self._delegate)
        self.view.setItemDelegateForColumn(2, self._delegate)
        self.view.setAnimated(False)
        self.view.setIndentation(16)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        hdr = self.view.header()
        hdr.setStretchLastSection(False)
        hdr.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        hdr.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        hdr.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        hdr.resizeSection(1, LAYER_WIDTH)
        hdr.resizeSection(2, self.status_widths()[0])
        hdr.setMinimumSectionSize(24)
        v.addWidget(self.view, 1)
        self.view.viewport().installEventFilter(self)
        # the view's frame and scroll bar come on top of the three columns
        chrome = self.view.verticalScrollBar().sizeHint().width() + 2 * self.view.frameWidth() + 4
        self.setMinimumWidth(self.name_min_width() + LAYER_MIN + self.status_widths()[1] + chrome)
        self._watch_selection()
        self.view.expanded.connect(self._on_expanded)
        self._paint_later = PaintLater(self.view)
        self.view.collapsed.connect(self._on_collapsed)
        self.view.enter_pressed.connect(self._enter)
        self.view.doubleClicked.connect(lambda idx: self._enter())
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(120)
        self._search_timer.timeout.connect(self._filters_changed)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.legend.changed.connect(self._filters_changed)
        self.tree_filter = TreeFilter()

    # ------------------------------------------------------------ column widths

    def name_min_width(self) -> int:
        """The narrowest the Name column may be: a NAME_CHARS-long name at depth 2, whole."""
        fm = self.view.fontMetrics()
        icon = self.view.iconSize().width() if self.view.iconSize().width() > 0 else 16
        return self.view.indentation() * 3 + icon + 16 + fm.horizontalAdvance("x" * NAME_CHARS)

    def status_widths(self) -> tuple[int, int]:
        """(the width the Status column gets when there is room: its longest text whole; the least it
        gets: a finding's word, "≈ cosmetic…", whole), from the font the tree is drawn in."""
        fm = self.view.fontMetrics()
        whole, words = status_texts()
        return (
            max(fm.horizontalAdvance(t) for t in whole) + CELL_PAD,
            max(fm.horizontalAdvance(t) for t in words) + CELL_PAD,
        )

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:
        if obj is self.view.viewport() and e.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(obj, e)

    def _fit_columns(self) -> None:
        """Layer and Status give way to the Name column when the pane is narrow (Name stretches)."""
        spare = self.view.viewport().width() - self.name_min_width()
        status_width, status_min = self.status_widths()
        want = LAYER_WIDTH + status_width
        least = LAYER_MIN + status_min
        if spare >= want:
            layer, status = LAYER_WIDTH, status_width
        elif spare <= least:
            layer, status = LAYER_MIN, status_min
        else:  # each column gets back a share of what there is above their minimums
            share = (spare - least) / (want - least)
            layer = LAYER_MIN + int((LAYER_WIDTH - LAYER_MIN) * share)
            status = status_min + int((status_width - status_min) * share)
        hdr = self.view.header()
        if (hdr.sectionSize(1), hdr.sectionSize(2)) != (layer, status):
            hdr.resizeSection(1, layer)
            hdr.resizeSection(2, status)

    # ------------------------------------------------------------ which model the view shows

    def _watch_selection(self) -> None:
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)

    def _show_model(self, filtered: bool) -> bool:
        """The view on the proxy (a filter is on) or on the model itself; True if it changed. A
        new model clears the view's expanded folders, selection and scroll: the caller puts them
        back. The header keeps its sections (both models have the same columns)."""
        model = self.proxy if filtered else self.model
        if self.view.model() is model:
            return False
        old = self.view.selectionModel()
        self.view.setModel(model)
        self._watch_selection()
        if old is not None:
            old.deleteLater()  # setModel() leaves the previous selection model to its owner
        self.proxy.shown = filtered
        return True

    def index_at(self, path: str) -> QModelIndex:
        """The row of `path` in the model the view shows (invalid when it is not shown)."""
        if self.view.model() is self.proxy:
            return self.proxy.index_for_path(path)
        return self.model.index_for_path(path)

    def node_at(self, idx: QModelIndex) -> Node:
        """The node of a row of the model the view shows."""
        if idx.model() is self.proxy:
            return self.proxy.node(idx)
        return self.model.node(idx)

    # ------------------------------------------------------------ state

    def current_path(self) -> str | None:
        idx = self.view.currentIndex()
        if not idx.isValid():
            return None
        return self.node_at(idx).path

    def current_node(self) -> Node | None:
        idx = self.view.currentIndex()
        return self.node_at(idx) if idx.isValid() else None

    def _on_expanded(self, idx: QModelIndex) -> None:
        if not self._restoring:
            self.expanded.add(self.node_at(idx).path)

    def _on_collapsed(self, idx: QModelIndex) -> None:
        if not self._restoring:
            self.expanded.discard(self.node_at(idx).path)

    def _current_changed(self, cur: QModelIndex, _prev: QModelIndex) -> None:
        if self._restoring:
            return
        if not cur.isValid():
            self.selected.emit("")
            return
        n = self.node_at(cur)
        self.selected.emit("" if n.is_folder else n.path)

    def _enter(self) -> None:
        p = self.current_path()
        if p:
            self.activated.emit(p)

    # ------------------------------------------------------------ content

    def set_tree(
        self,
        root: Node,
        depth: dict[str | None, int],
        names: dict[str | None, str],
        flat: bool,
        keep_selection: bool = True,
        findings: Mapping[tuple[str | None, str], tuple[Mark, ...]] | None = None,
    ) -> Node:
        """Swap in new nodes (one reset), keeping selection, scroll and expanded folders; with
        `findings`, the review's findings for the tree's app (see `EffectiveTreeModel.set_root`).
        Returns the nodes shown before (for the caller to cache or tear down)."""
        current = self.current_path() if keep_selection else None
        scroll = self.view.verticalScrollBar().value()
        old = self.model.root
        self._restoring = True
        # The new rows are painted one event-loop turn after the swap, not in the turn that made it:
        # the reset and layout of a 13,600-file tree and the paint of its rows were one stall of
        # some 65 ms; apart, input and timers are served between two of half that.
        self._paint_later.hold()
        try:
            self.model.set_root(root, depth, names, flat, findings)
            # a flat list's names are paths: cut their folders, never the file's own name
            self.view.setTextElideMode(Qt.TextElideMode.ElideLeft if flat else Qt.TextElideMode.ElideRight)
            if not flat:
                self._expand_paths(self.expanded)
            # Lay the rows out once, now: the view would do it on a zero timer, after a first paint
            # of the old layout, and the scroll position below needs the new tree's height.
            self.view.doItemsLayout()
            if current:
                idx = self.index_at(current)
                if idx.isValid():
                    self.view.selectionModel().setCurrentIndex(
                        idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                    )
            self.view.verticalScrollBar().setValue(scroll)
        finally:
            self._restoring = False
        self._update_counts()
        if current and self.current_path() != current:
            self.selected.emit(self.current_path() or "")
        return old

    def _expand_paths(self, paths: Iterable[str]) -> None:
        for p in sorted(paths, key=lambda s: s.count("/")):
            idx = self.index_at(p)
            if idx.isValid():
                self.view.expand(idx)

    def apply(self, changes: list[tuple[str, EffectiveFile | None, bool]], show_ignored: bool) -> None:
        current = self.current_path()
        self.model.apply(changes, show_ignored)
        if self.tree_filter.active:
            self.proxy.set_tree_filter(self.tree_filter)
            self._expand_paths(self.expanded)
        self._update_counts()
        if current is not None and self.current_path() != current:
            self.selected.emit(self.current_path() or "")

    def _update_counts(self) -> None:
        r = self.model.root
        parts = [plural(r.files, "file")]
        for st in CHANGE_STATUSES:
            if r.statuses.get(st):  # "4 overrides", "1 override"; "3 added", "2 redundant"
                n = r.statuses[st]
                parts.append(plural(n, st) if st == "override" else f"{n} {st}")
        self.counts.setText(" \u00b7 ".join(parts))

    def select_path(self, path: str, emit: bool = True) -> bool:
        """Reveal and select a file; `emit=False` leaves `selected` silent (the caller shows it)."""
        idx = self.index_at(path)
        if not idx.isValid() and self.tree_filter.active:
            self.search.clear()
            self.legend.clear()
            self._filters_changed()
            idx = self.index_at(path)
        if not idx.isValid():
            return False
        p = idx.parent()
        while p.isValid():
            self.view.expand(p)
            p = p.parent()
        was, self._restoring = self._restoring, self._restoring or not emit
        try:
            self.view.selectionModel().setCurrentIndex(
                idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
        finally:
            self._restoring = was
        self._reveal(idx)
        return True

    def _reveal(self, idx: QModelIndex) -> None:
        """Bring a row into sight: not at all when it is in sight; else with its top-level folder
        at the top when both fit (context), else centred."""
        bar = self.view.verticalScrollBar()
        before = bar.value()
        self.view.scrollTo(idx, QAbstractItemView.ScrollHint.EnsureVisible)  # also lays out what expand() changed
        if bar.value() == before:
            return
        top = idx
        while top.parent().isValid():
            top = top.parent()
        self.view.scrollTo(top, QAbstractItemView.ScrollHint.PositionAtTop)
        if not self.view.viewport().rect().contains(self.view.visualRect(idx)):
            self.view.scrollTo(idx, QAbstractItemView.ScrollHint.PositionAtCenter)

    def expand_to_changes(self) -> None:
        paths = change_folders(self.model.root)
        self.expanded.update(paths)
        self._expand_paths(paths)

    def collapse_all(self) -> None:
        self.expanded.clear()
        self.view.collapseAll()

    # ------------------------------------------------------------ filters

    def set_flags(self, changes_only: bool, show_ignored: bool, flat: bool) -> None:
        self.tree_filter = self.tree_filter.with_(changes_only=changes_only, show_ignored=show_ignored, flat=flat)
        self._filters_changed()

    def _filters_changed(self) -> None:
        f = self.tree_filter.with_(
            text=self.search.text(), statuses=self.legend.statuses(), layers=self.legend.layers()
        )
        self.tree_filter = f
        current = self.current_path()
        scroll = self.view.verticalScrollBar().value()
        self.proxy.set_tree_filter(f)
        self._restoring = True
        try:
            swapped = self._show_model(f.active)
            laid_out = f.active and self._small()
            if laid_out:
                self.view.expandAll()  # a filtered tree is shown open (when what it keeps is small); laid out
            else:
                self._expand_paths(self.expanded)
            if swapped:  # what the view showed before, as far as the new model shows it
                idx = self.index_at(current) if current else QModelIndex()
                if idx.isValid():
                    self.view.selectionModel().setCurrentIndex(
                        idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                    )
                if not laid_out:
                    self.view.doItemsLayout()  # the rows and scroll range, to put the scroll back
                self.view.verticalScrollBar().setValue(scroll)
                if idx.isValid():
                    self.view.scrollTo(idx)
        finally:
            self._restoring = False
        self.filter_changed.emit()

    def _small(self) -> bool:
        """Expanding everything is fine when the filtered tree is small."""
        return 0 <= self.proxy.kept < 3000
