"""The resolver's diagnostics in a table; activating a row goes to its path."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget
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
    go_to = Signal(object)  # Diagnostic

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Panel")
        self.model = DiagnosticsModel(self)
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setShowGrid(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(False)
        h = self.view.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        h.resizeSection(0, 26)
        h.resizeSection(1, 160)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        h.resizeSection(3, 320)
        self.view.verticalHeader().setDefaultSectionSize(22)
        v.addWidget(self.view)
        self.view.activated.connect(self._activated)
        self.view.doubleClicked.connect(self._activated)

    def _activated(self, idx: QModelIndex) -> None:
        if idx.isValid():
            self.go_to.emit(self.model.items[idx.row()])
