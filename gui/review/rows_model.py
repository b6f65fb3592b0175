"""A small read-only table model for finding lists (stale overrides, hotspots): plain rows of
display values plus one payload object per row, sortable through `SortRole`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from storelayers.resolver.names import shown

SortRole = Qt.ItemDataRole.UserRole + 1
PayloadRole = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    """Rows of values; numbers align right and sort as numbers."""

    def __init__(self, headers: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.headers = tuple(headers)
        self._rows: list[tuple[Any, ...]] = []
        self._payloads: list[object] = []
        self._tips: list[str] = []

    def set_rows(
        self, rows: Sequence[tuple[Any, ...]], payloads: Sequence[object], tips: Sequence[str] | None = None
    ) -> None:
        self.beginResetModel()
        self._rows = [tuple(r) for r in rows]
        self._payloads = list(payloads)
        self._tips = list(tips) if tips is not None else [""] * len(self._rows)
        self.endResetModel()

    def payload(self, row: int) -> object | None:
        return self._payloads[row] if 0 <= row < len(self._payloads) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if not 0 <= index.column() < len(row):
            return None
        value = row[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{value:,}" if isinstance(value, int) else shown(str(value))  # names: escaped
        if role == SortRole:
            return value
        if role == PayloadRole:
            return self._payloads[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tips[index.row()] or None
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, (int, float)):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
