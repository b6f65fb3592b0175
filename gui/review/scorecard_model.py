"""The per-store scorecards of a review as a flat table model (one row per store, tree order).

Numbers are returned under `SortRole` as numbers, so a `QSortFilterProxyModel` sorts them as
numbers; the display text is formatted. `column_key()` names the resolver's scorecard column a
cell stands for, so a click can open the files behind it (`resolver.review.scorecard_files`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from storelayers.gui.theme import Theme
from storelayers.resolver.review.findings import Scorecard

SortRole = Qt.ItemDataRole.UserRole + 1
StoreKeyRole = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex

# (header, scorecard_files column or "", tooltip)
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("Store", "", "Store id; its folder in the tooltip"),
    ("Kind", "", "deployable or template"),
    ("Depth", "", "Levels below the base apps"),
    ("Files", "", "Effective files, all apps (special files left out)"),
    ("Inherited", "inherited", "Files taken from a farther layer"),
    ("Overridden", "overridden", "Files the store's own layer overrides (redundant ones included)"),
    ("Added", "added", "Files only this store's layer has"),
    ("Ignored", "ignored", "Paths left out by ignorePaths"),
    ("Redundant", "redundant", "Overrides equal to what they hide (rule 6)"),
    ("Cosmetic", "cosmetic", "Overrides that differ from what they hide only in whitespace or comments"),
    ("Stale", "stale", "Overrides behind the file they hide, from git history"),
    ("Oldest stale", "stale", "Days since the parent first moved on, for the oldest stale override"),
    ("Overrides %", "overridden", "Share of the effective tree the store's own layer overrides"),
    ("Differs %", "differs", "Share of the effective tree whose contents are not the base app's"),
    ("Lines changed", "overridden", "Changed lines of the overrides against what they hide"),
)


class ScorecardModel(QAbstractTableModel):
    """Rows: scorecards. Built from plain data on the GUI thread, replaced in one reset."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._cards: tuple[Scorecard, ...] = ()

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
        return COLUMNS[column][1] if 0 <= column < len(COLUMNS) else ""

    # ------------------------------------------------------------ Qt

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._cards)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMNS[section][2]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _value(self, c: Scorecard, col: int) -> Any:
        return (
            c.store_id,
            c.kind.value,
            c.depth,
            c.files,
            c.inherited,
            c.overridden,
            c.added,
            c.ignored,
            c.redundant,
            c.cosmetic,
            -1 if c.stale is None else c.stale,
            -1 if c.oldest_stale_days is None else c.oldest_stale_days,
            c.override_ratio,
            c.base_divergence,
            c.lines_changed,
        )[col]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._cards):
            return None
        c = self._cards[index.row()]
        col = index.column()
        if not 0 <= col < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(c, col)
        if role == SortRole:
            return self._value(c, col)
        if role == StoreKeyRole:
            return c.store
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 0:
                return c.store
            if COLUMNS[col][1]:
                return f"{COLUMNS[col][2]}. Click to list the files."
            return COLUMNS[col][2]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col >= 2:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return Theme.current().layer(c.depth)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(c, col)
        return None

    def _text(self, c: Scorecard, col: int) -> str:
        if col == 10:
            return "?" if c.stale is None else str(c.stale)
        if col == 11:
            return "" if c.oldest_stale_days is None else f"{c.oldest_stale_days} d"
        if col in (12, 13):
            return f"{self._value(c, col):.1%}"
        if col == 14:
            return f"{c.lines_changed:,}"
        return str(self._value(c, col))

    def _colour(self, c: Scorecard, col: int) -> QColor | None:
        theme = Theme.current()
        if col == 10 and c.stale:
            return theme.color("level.error")
        if col == 8 and c.redundant:
            return theme.color("status.redundant")
        if col == 1 and c.kind.value == "template":
            return theme.color("text.dim")
        return None
