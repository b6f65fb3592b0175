"""The filter above the store list: type part of a store id to keep only the stores that match.

Rows are hidden in the view (the model and its indexes stay as they are, so selecting a store by
key keeps working); a store's parents stay shown around it, so the chain can still be read.
Enter or Down goes to the first store shown; Escape clears the filter (a second Escape goes back
to the list).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QTreeView, QWidget
from storelayers.gui.store_model import StoreModel, StoreNode


class StoreFilter(QLineEdit):
    """A line edit that hides the store rows that do not match."""

    filtered = Signal(int)  # stores shown after a change (every store when the filter is empty)

    def __init__(self, model: StoreModel, view: QTreeView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.view = view
        self.setObjectName("StoreFilter")
        self.setClearButtonEnabled(True)
        self.setPlaceholderText("Filter stores\u2026")
        self.setToolTip("Type part of a store id to list only the stores that match (Esc clears)")
        self.textChanged.connect(lambda _t: self.apply())
        model.modelReset.connect(self._reset)
        self.installEventFilter(self)
        self._hiding = False  # some row may be hidden (a view shows every row after a reset)

    def _reset(self) -> None:
        self._hiding = False
        self.apply()

    def shown(self) -> list[str]:
        """The ids of the stores the list shows, in list order."""
        out: list[str] = []
        self._walk(QModelIndex(), lambda idx, n: out.append(n.store.id) if n.store is not None else None)
        return out

    def _walk(self, parent: QModelIndex, visit: Callable[[QModelIndex, StoreNode], object]) -> None:
        for row in range(self.model.rowCount(parent)):
            idx = self.model.index(row, 0, parent)
            if not self.view.isRowHidden(row, parent):
                visit(idx, self.model.node(idx))
                self._walk(idx, visit)

    def apply(self) -> None:
        """Hide the rows that neither match nor hold a match."""
        query = self.text().strip().casefold()
        if not query and not self._hiding:  # every row shown already: no walk over 800 stores
            self.filtered.emit(len(self.model.keys()) - 1)  # every store (the base row is no store)
            return
        self._hiding = bool(query)

        def keep(idx: QModelIndex, node: StoreNode) -> bool:
            hit = not query or (node.store is not None and query in node.store.id.casefold())
            below = False
            for row in range(self.model.rowCount(idx)):
                child = self.model.index(row, 0, idx)
                below = keep(child, self.model.node(child)) or below
            self.view.setRowHidden(idx.row(), idx.parent(), not (hit or below))
            return hit or below

        for row in range(self.model.rowCount()):
            idx = self.model.index(row, 0)
            keep(idx, self.model.node(idx))
        if query:
            self.view.expandAll()
        n = len(self.shown())
        self.filtered.emit(n)

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:
        if obj is self and isinstance(e, QKeyEvent) and e.type() == QEvent.Type.KeyPress:
            if e.key() == Qt.Key.Key_Escape:
                if self.text():
                    self.clear()
                else:
                    self.view.setFocus()
                return True
            if e.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._first_shown()
                return True
        return super().eventFilter(obj, e)

    def _first_shown(self) -> None:
        """Select the first store that matches and put the keyboard in the list."""
        query = self.text().strip().casefold()
        found: list[QModelIndex] = []

        def visit(idx: QModelIndex, n: StoreNode) -> None:
            if n.store is not None and query in n.store.id.casefold():
                found.append(idx)

        self._walk(QModelIndex(), visit)
        if found:
            self.view.setCurrentIndex(found[0])
        self.view.setFocus()
