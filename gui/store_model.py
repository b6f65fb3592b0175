"""The store hierarchy as a Qt model: base, then top-level stores, then their children.

Each row shows the store's colour (its place in the chain of the shown store, as its files are
coloured in the effective tree; stores outside that chain are neutral),
its kind, and the counts the resolver gives for the current app.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from storelayers.gui import icons, roles
from storelayers.gui.glossary import define
from storelayers.gui.text import plural
from storelayers.gui.theme import Theme
from storelayers.resolver import AppCounts, Store
from storelayers.resolver.names import shown

KeyRole = Qt.ItemDataRole.UserRole + 1
KindRole = Qt.ItemDataRole.UserRole + 2
DepthRole = Qt.ItemDataRole.UserRole + 3
ChainRole = Qt.ItemDataRole.UserRole + 4
"""A store's place in the shown store's chain (1 the store, 2 its parent, ..., 0 the base), None outside it."""
COUNT_COLUMNS = ("override", "added", "redundant")
Index = QModelIndex | QPersistentModelIndex

_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_NO_FLAGS = Qt.ItemFlag.NoItemFlags


class StoreNode:
    __slots__ = ("key", "store", "parent", "row", "children")

    def __init__(self, key: str | None, store: Store | None, parent: StoreNode | None) -> None:
        self.key = key
        self.store = store
        self.parent = parent
        self.row = 0
        self.children: list[StoreNode] = []

    @property
    def label(self) -> str:
        return self.store.id if self.store is not None else "base"

    @property
    def depth(self) -> int:
        return self.store.depth if self.store is not None else 0


class StoreModel(QAbstractItemModel):
    """Rows: a base row holding every top-level store, children below their parent."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._root = StoreNode(None, None, None)
        self._base = StoreNode(None, None, self._root)
        self._root.children = [self._base]
        self._by_key: dict[str | None, StoreNode] = {None: self._base}
        self.counts: Mapping[str, AppCounts] = {}
        self.app_label = ""  # the app the counts are for (said in the header's tooltips)
        self.chain: dict[str | None, int] = {None: 0}

    def set_stores(self, stores: Mapping[str, Store], counts: Mapping[str, AppCounts]) -> None:
        self.beginResetModel()
        self._base.children = []
        self._by_key = {None: self._base}
        for key, s in stores.items():  # parents come before children
            parent = self._by_key.get(s.parent, self._base)
            node = StoreNode(key, s, parent)
            node.row = len(parent.children)
            parent.children.append(node)
            self._by_key[key] = node
        self.counts = dict(counts)
        self.endResetModel()

    def set_chain(self, positions: Mapping[str | None, int]) -> None:
        """The shown store's chain (key -> place, see `ChainRole`): repaint the swatches that change."""
        old, self.chain = self.chain, dict(positions)
        for key, node in self._by_key.items():
            if old.get(key) != self.chain.get(key):
                self.dataChanged.emit(self.createIndex(node.row, 0, node), self.createIndex(node.row, 0, node))

    def set_counts(self, counts: Mapping[str, AppCounts]) -> None:
        """New counts for the same stores: repaint the count columns of the stores whose counts changed."""
        old, self.counts = self.counts, dict(counts)
        for node in self._by_key.values():
            if node.key is not None and old.get(node.key) != self.counts.get(node.key):
                self.dataChanged.emit(self.createIndex(node.row, 1, node), self.createIndex(node.row, 3, node))

    def node(self, index: Index) -> StoreNode:
        node: StoreNode = index.internalPointer() if index.isValid() else self._root
        return node

    def index_for_key(self, key: str | None) -> QModelIndex:
        n = self._by_key.get(key)
        if n is None:
            return QModelIndex()
        return self.createIndex(n.row, 0, n)

    def keys(self) -> list[str | None]:
        return list(self._by_key)

    def look(self, index: Index) -> tuple[str, str, int | None]:
        """What column 0 of a row shows: (its name, `KindRole`, `ChainRole`), read from the node."""
        n: StoreNode = index.internalPointer()
        kind = n.store.kind.value if n.store is not None else "base app"
        return shown(n.label), kind, self.chain.get(n.key)

    def with_children(self) -> list[QModelIndex]:
        """The rows that have stores below them (what a view's expandAll() opens)."""
        return [self.createIndex(n.row, 0, n) for n in self._by_key.values() if n.children]

    def labels(self) -> Iterator[tuple[str, int]]:
        """Every row's name as column 0 shows it, with its level in the list (the base row: 0)."""
        stack = [(self._base, 0)]
        while stack:
            node, level = stack.pop()
            yield shown(node.label), level
            stack.extend((c, level + 1) for c in node.children)

    # ------------------------------------------------------------ Qt model API

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        p = self.node(parent)
        if row < 0 or row >= len(p.children) or column < 0 or column >= 4:
            return QModelIndex()
        return self.createIndex(row, column, p.children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        p = index.internalPointer().parent
        if p is None or p is self._root:
            return QModelIndex()
        return self.createIndex(p.row, 0, p)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 4

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else _NO_FLAGS  # constants: Qt's flag operators are Python (enum)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return "Stores" if section == 0 else ""
        if role == Qt.ItemDataRole.DecorationRole and 1 <= section <= 3:
            st = COUNT_COLUMNS[section - 1]
            return icons.status_icon(st, Theme.current().status(st))
        if role == Qt.ItemDataRole.ToolTipRole and 1 <= section <= 3:
            st = COUNT_COLUMNS[section - 1]
            what = {1: "Overrides", 2: "Added files", 3: "Redundant overrides"}[section]
            scope = f" in {self.app_label}" if self.app_label else ""
            return f"{what}{scope}: {define(st)}"
        if role == Qt.ItemDataRole.ToolTipRole and section == 0:
            return "Every store, nested under its parent (the template badge: a store that is not deployed)"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self._value(index.internalPointer(), index.column(), role)

    def multiData(self, index: Index, roleDataSpan: roles.Span) -> None:
        """Every role a painted cell asks for, in one call from Qt (see `roles.fill`)."""
        if not index.isValid():
            roles.fill(roleDataSpan, lambda _role: None)
            return
        n: StoreNode = index.internalPointer()
        col = index.column()
        roles.fill(roleDataSpan, lambda role: self._value(n, col, role))

    def _value(self, n: StoreNode, col: int, role: int) -> Any:
        """What `data` answers for `role` of the node's cell in column `col`."""
        theme = Theme.current()
        if role == KeyRole:
            return n.key
        if role == DepthRole:
            return n.depth
        if role == ChainRole:
            return self.chain.get(n.key)
        if role == KindRole:
            return n.store.kind.value if n.store is not None else "base app"
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return shown(n.label)  # the key (KeyRole) stays the real one
            if n.key is None:
                return ""
            c = self.counts.get(n.key) if n.key is not None else None
            value = getattr(c, COUNT_COLUMNS[col - 1], 0) if c is not None else None
            return "" if value is None else (str(value) if value else "\u00b7")
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == 0:
                return theme.color("text")
            c = self.counts.get(n.key) if n.key is not None else None if n.key else None
            value = getattr(c, COUNT_COLUMNS[col - 1], 0) if c is not None else 0
            return theme.status(COUNT_COLUMNS[col - 1]) if value else theme.color("text.faint")
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if n.store is None:
                return define("base")
            c = self.counts.get(n.key) if n.key is not None else None
            extra = ""
            if c is not None:
                scope = f" in {self.app_label}" if self.app_label else ""
                extra = (
                    f"\n{plural(c.override, 'override')} \u00b7 {c.added} added \u00b7 {c.redundant} redundant"
                    f" \u00b7 {c.inherited} inherited \u00b7 {c.ignored} ignored{scope}"
                )
            kind = n.store.kind.value
            return f"{shown(n.store.id)} ({kind}: {define(kind)})\n{shown(n.key or '')}{extra}"
        return None
