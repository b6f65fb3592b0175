"""Filtering the effective tree: by status, by layer, by name (glob or substring), changes only.

A `QSortFilterProxyModel` on top of `EffectiveTreeModel`; folders are kept when anything below
them matches (recursive filtering), and never match by themselves.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel
from storelayers.gui.tree_model import CHANGE_STATUSES, EffectiveTreeModel, Node
from storelayers.resolver import wildmatch

ALL_STATUSES = ("inherited", "override", "added", "redundant", "special", "ignored")


@dataclass(frozen=True)
class TreeFilter:
    """What the tree shows. Empty sets mean 'all'."""

    statuses: frozenset[str] = frozenset()
    layers: frozenset[str | None] = frozenset()  # winner store keys (None: base)
    text: str = ""
    changes_only: bool = False
    show_ignored: bool = False
    flat: bool = False
    _pattern: Any = field(default=None, compare=False, repr=False)

    @property
    def active(self) -> bool:
        return bool(self.statuses or self.layers or self.text.strip() or self.changes_only)

    def with_(self, **kw: Any) -> TreeFilter:
        return replace(self, _pattern=None, **kw)

    def matcher(self) -> re.Pattern[str] | None:
        t = self.text.strip()
        if not t:
            return None
        if any(ch in t for ch in "*?["):
            # the one glob dialect (wildmatch, as ignorePaths): `*` stays inside a name, `**` crosses
            # folders; without a `/` it is a file name at any depth, found anywhere in the name
            try:
                return wildmatch.translate(t if "/" in t or t.startswith("*") else f"*{t}").node(casefold=True)
            except wildmatch.PatternError:
                pass  # not a glob after all: looked for as text
        return re.compile(re.escape(t), re.IGNORECASE)

    def accepts(self, n: Node, rx: re.Pattern[str] | None) -> bool:
        return not n.is_folder and self.acceptor(rx)(n)

    def acceptor(self, rx: re.Pattern[str] | None) -> Callable[[Node], bool]:
        """`accepts` for one file node, with what this filter asks worked out once: the name filter
        runs it on every file of the tree, on the GUI thread, as the typing pauses."""
        by_status = self.changes_only or bool(self.statuses)
        glob = any(ch in self.text for ch in "*?[")

        def name_ok(path: str) -> bool:
            if rx is None:
                return True
            if glob:
                return bool(rx.match(path) or rx.match(path.rsplit("/", 1)[-1]))
            return rx.search(path) is not None

        if not by_status and not self.layers:
            return lambda n: name_ok(n.path)

        def ok(n: Node) -> bool:
            if by_status:
                st = n.status
                if self.changes_only and st not in CHANGE_STATUSES:
                    return False
                if self.statuses:
                    special = n.entry is not None and n.entry.special
                    if st not in self.statuses and not (special and "special" in self.statuses):
                        return False
            if self.layers:
                if n.entry is None or n.entry.winner_key not in self.layers:
                    return False
            return name_ok(n.path)

        return ok


class TreeProxy(QSortFilterProxyModel):
    """Hides what the filter rejects. Which nodes stay is worked out in one walk over the nodes
    (`kept`: the matching files and the folders above them), so Qt's own recursive filtering,
    which asks Python about every row and its parent, stays off: rows are then filtered only
    under the folders a view opens, one set lookup each. A new filter is applied with one layout
    change rather than a removal per hidden row, which a view with thousands of open rows would
    take quadratic time to follow."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(False)
        self.setDynamicSortFilter(False)
        self._filter = TreeFilter()
        self._keep: set[int] | None = None  # ids of the nodes shown; None: all
        # whether the view shows this proxy; while no filter is on it shows the model itself
        # (`TreePanel._show_model`), and `index_for_path` answers in the model the view shows
        self.shown = True

    @property
    def tree_filter(self) -> TreeFilter:
        return self._filter

    @property
    def kept(self) -> int:
        """How many nodes the filter keeps (all of them when no filter is on)."""
        return len(self._keep) if self._keep is not None else -1

    def _root(self) -> Node:
        model = self.sourceModel()
        if not isinstance(model, EffectiveTreeModel):
            raise TypeError("TreeProxy filters an EffectiveTreeModel")
        return model.root

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        super().setSourceModel(model)
        model.modelReset.connect(self._source_reset)  # new nodes: the kept set is worked out again

    def set_tree_filter(self, f: TreeFilter) -> None:
        self._filter = f
        self._keep = self._kept(f) if f.active else None
        self.invalidate()

    def _source_reset(self) -> None:
        if self._keep is not None:
            self._keep = self._kept(self._filter)
            self.invalidate()

    def _kept(self, f: TreeFilter) -> set[int]:
        src: EffectiveTreeModel = self.sourceModel()  # type: ignore[assignment]
        accepts = f.acceptor(f.matcher())
        keep: set[int] = set()
        for n in src.root.walk():
            if not n.is_folder and accepts(n):
                keep.add(id(n))
                p = n.parent
                while p is not None and id(p) not in keep:
                    keep.add(id(p))
                    p = p.parent
        return keep

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        keep = self._keep
        if keep is None:
            return True
        node: Node = parent.internalPointer() if parent.isValid() else self._root()
        ch = node.children
        return ch is not None and row < len(ch) and id(ch[row]) in keep

    def hasChildren(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:
        """Answered from the nodes, without the proxy's row mapping of the folder: Qt's own answer
        maps (and so filters) every child of every folder row the view lays out, which makes the
        children of each collapsed folder in sight (a few hundred folders per store switch on a
        13,600-file tree) and defeats making them only when a folder is opened."""
        if not parent.isValid():
            return self.rowCount(parent) > 0
        if parent.column() != 0:
            return False
        node = self.node(parent)
        keep = self._keep
        if keep is None:
            return node.has_children()
        return node.is_folder and id(node) in keep  # a kept folder holds a kept file (see `_kept`)

    def node(self, index: QModelIndex | QPersistentModelIndex) -> Node:
        """The node of a row of this proxy (or of the model under it)."""
        src: EffectiveTreeModel = self.sourceModel()  # type: ignore[assignment]
        if index.model() is src:
            return src.node(index)
        return src.node(self.mapToSource(index))

    def index_for_path(self, path: str) -> QModelIndex:
        """The row of `path` in the model the view shows: this proxy's, or while the view shows
        the model itself (no filter on), the model's."""
        src: EffectiveTreeModel = self.sourceModel()  # type: ignore[assignment]
        if not self.shown:
            return src.index_for_path(path)
        return self.mapFromSource(src.index_for_path(path))
