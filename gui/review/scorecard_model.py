"""The per-store scorecards of a review as a flat table model (one row per store, tree order).

Numbers are returned under `SortRole` as numbers, so a `QSortFilterProxyModel` sorts them as
numbers; the display text is formatted. `column_key()` names the resolver's scorecard column a
cell stands for, so a click can open the files behind it (`resolver.review.scorecard_files`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from storelayers.gui.glossary import define
from storelayers.gui.theme import Theme
from storelayers.resolver.names import shown
from storelayers.resolver.review.columns import SCORECARD_COLUMNS
from storelayers.resolver.review.findings import Scorecard

SortRole = Qt.ItemDataRole.UserRole + 1
StoreKeyRole = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex

COLUMNS = SCORECARD_COLUMNS  # the engine's one list: the report and the JSON document read it too
_COLOURS = {"warn": "status.redundant", "bad": "level.error", "dim": "text.dim"}

_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_NO_FLAGS = Qt.ItemFlag.NoItemFlags


class ScorecardModel(QAbstractTableModel):
    """Rows: scorecards. Built from plain data on the GUI thread, replaced in one reset."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._cards: tuple[Scorecard, ...] = ()
        self.chain: dict[str | None, int] = {}  # the shown store's chain: what a store's colour says

    def set_chain(self, positions: dict[str | None, int]) -> None:
        """The shown store's chain (store key -> place, 1 the store, 0 the base): repaint the swatches."""
        self.chain = dict(positions)
        if self._cards:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._cards) - 1, 0))

    def set_cards(self, cards: tuple[Scorecard, ...]) -> None:
        self.beginResetModel()
        self._cards = tuple(cards)
        self.endResetModel()

    def card(self, row: int) -> Scorecard | None:
        return self._cards[row] if 0 <= row < len(self._cards) else None

    def row_of(self, store_key: str) -> int:
        for i, c in enumerate(self._cards):
            if c.store == store_key:
                return i
        return -1

    @staticmethod
    def column_key(column: int) -> str:
        """The resolver's scorecard column behind a table column ('' when it has no file list)."""
        return COLUMNS[column].files if 0 <= column < len(COLUMNS) else ""

    # ------------------------------------------------------------ Qt

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._cards)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].short
        if role == Qt.ItemDataRole.ToolTipRole:
            return header_tip(COLUMNS[section].short, COLUMNS[section].tip)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else _NO_FLAGS  # constants: Qt's flag operators are Python (enum)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._cards):
            return None
        c = self._cards[index.row()]
        col = index.column()
        if not 0 <= col < len(COLUMNS):
            return None
        column = COLUMNS[col]
        if role == Qt.ItemDataRole.DisplayRole:
            text = column.shown(c)
            return shown(text) if isinstance(text, str) else text
        if role == SortRole:
            return column.value(c)
        if role == StoreKeyRole:
            return c.store
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 0:
                return shown(c.store)
            if column.files:
                return f"{column.tip}. Click to list the files."
            return column.tip
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.kind != "text":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return Theme.current().layer(self.chain.get(c.store))
        if role == Qt.ItemDataRole.ForegroundRole:
            flag = column.flag(c)
            return Theme.current().color(_COLOURS[flag]) if flag else None
        return None


def header_tip(header: str, tip: str) -> str:
    """A column's tooltip: the glossary's definition where the header names a term, then the column's own."""
    term = header.lower()
    if term == "kind":
        return f"deployable: {define('deployable')}\ntemplate: {define('template')}"
    words = define(term)
    return f"{header}: {words}\n({tip})" if words else tip
