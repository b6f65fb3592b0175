"""The resolver's diagnostics in a table; activating a row goes to its path."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget
from storelayers.gui import icons
from storelayers.gui.theme import Theme
from storelayers.resolver import Diagnostic
from storelayers.resolver.names import shown

HEADERS = ("", "Code", "Message", "Path")
LEVEL_ICON = {"error": "problems", "warning": "problems", "info": "help"}


class DiagnosticsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.items: tuple[Diagnostic, ...] = ()

    def set_items(self, items: Sequence[Diagnostic]) -> None:
        order = {"error": 0, "warning": 1, "info": 2}
        self.beginResetModel()
        self.items = tuple(sorted(items, key=lambda d: (order.get(d.level.value, 3), d.path, d.code)))
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.items):
            return None
        d = self.items[index.row()]
        col = index.column()
        theme = Theme.current()
        if role == Qt.ItemDataRole.DisplayRole:
            return ("", d.code, shown(d.message), shown(d.path) if d.path else "(workspace)")[col]
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return icons.icon(LEVEL_ICON.get(d.level.value, "help"), theme.color(f"level.{d.level.value}"), 14)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{d.level.value}: {shown(d.message)}\n{shown(d.path or '')}"
        if role == Qt.ItemDataRole.ForegroundRole and col in (1, 3):
            return theme.color("text.dim")
        return None


class ProblemsPanel(QWidget):
    """The table, and under it the whole message of the chosen row (the table's Message column is
    one line, cut to fit; a dock at the bottom of a laptop screen has room for a few rows only)."""

    go_to = Signal(object)  # Diagnostic

    ROW = 22
    SHOWN_ROWS = 5
    """The dock's first height shows up to this many rows, the header and the message under them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Panel")
        self.model = DiagnosticsModel(self)
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(0)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setShowGrid(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setWordWrap(False)
        h = self.view.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        h.resizeSection(0, 26)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        h.resizeSection(3, 260)
        self.view.verticalHeader().setDefaultSectionSize(self.ROW)
        v.addWidget(self.view, 1)
        self.detail = QLabel("")  # the chosen row's whole message
        self.detail.setObjectName("ProblemDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setStyleSheet("padding: 4px 10px 6px 10px;")
        v.addWidget(self.detail)
        self.view.activated.connect(self._activated)
        self.view.doubleClicked.connect(self._activated)
        self.view.selectionModel().currentRowChanged.connect(lambda _cur, _old: self._show_detail())
        self.model.modelReset.connect(self._show_detail)

    def _activated(self, idx: QModelIndex) -> None:
        if idx.isValid():
            self.go_to.emit(self.model.items[idx.row()])

    def _show_detail(self) -> None:
        items = self.model.items
        row = self.view.currentIndex().row()
        if not items:
            self.detail.setText("No problems: the workspace reads cleanly.")
            return
        d = items[row] if 0 <= row < len(items) else items[0]
        where = shown(d.path) if d.path else "the workspace as a whole"
        go = " (double-click the row to go there)" if d.path else ""
        self.detail.setText(f"{d.level.value}: {d.code}: {shown(d.message)}\nWhere: {where}{go}")

    def first_height(self) -> int:
        """A height for the dock's first showing: its rows (up to `SHOWN_ROWS`), the header, the message."""
        rows = max(1, min(len(self.model.items), self.SHOWN_ROWS))
        header = self.view.horizontalHeader().sizeHint().height()
        width = max(200, self.width() or 600)
        return header + rows * self.ROW + self.detail.heightForWidth(width) + 8
