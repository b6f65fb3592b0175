"""A small read-only table model for finding lists (stale overrides, hotspots): plain rows of
display values plus one payload object per row, sortable through `SortRole`. A `checkable` model
has a check box in its first column (for repairs of several rows at once)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from storelayers.resolver.names import shown

SortRole = Qt.ItemDataRole.UserRole + 1
PayloadRole = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex

_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_CHECKABLE_FLAGS = _FLAGS | Qt.ItemFlag.ItemIsUserCheckable


class RowsModel(QAbstractTableModel):
    """Rows of values; numbers align right and sort as numbers."""

    checksChanged = Signal()

    def __init__(self, headers: Sequence[str], parent: Any = None, checkable: bool = False) -> None:
        super().__init__(parent)
        self.headers = tuple(headers)
        self.checkable = checkable
        self._rows: list[tuple[Any, ...]] = []
        self._payloads: list[object] = []
        self._tips: list[str] = []
        self._checked: set[int] = set()

    def set_rows(
        self, rows: Sequence[tuple[Any, ...]], payloads: Sequence[object], tips: Sequence[str] | None = None
    ) -> None:
        self.beginResetModel()
        self._rows = [tuple(r) for r in rows]
        self._payloads = list(payloads)
        self._tips = list(tips) if tips is not None else [""] * len(self._rows)
        self._checked = set()
        self.endResetModel()
        self.checksChanged.emit()

    def checked(self) -> list[object]:
        """The payloads of the ticked rows, in row order."""
        return [self._payloads[r] for r in sorted(self._checked)]

    def check_all(self, on: bool) -> None:
        self._checked = set(range(len(self._rows))) if on else set()
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, 0), [Qt.ItemDataRole.CheckStateRole]
            )
        self.checksChanged.emit()

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
            return _NO_FLAGS
        return _CHECKABLE_FLAGS if self.checkable and index.column() == 0 else _FLAGS

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not (self.checkable and index.isValid() and index.column() == 0 and role == Qt.ItemDataRole.CheckStateRole):
            return False
        on = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
        (self._checked.add if on else self._checked.discard)(index.row())
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checksChanged.emit()
        return True

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
        if role == Qt.ItemDataRole.CheckStateRole and self.checkable and index.column() == 0:
            return Qt.CheckState.Checked if index.row() in self._checked else Qt.CheckState.Unchecked
        if role == PayloadRole:
            return self._payloads[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tips[index.row()] or None
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, (int, float)):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
