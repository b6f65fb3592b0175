"""The effective tree as a Qt model: one plain Python node per file or folder, summaries on folders.

Nodes are built off the GUI thread (`build_tree`), then swapped in with one reset. Live updates
patch nodes in place (`apply`), so selection, scroll and expanded folders survive. Every folder
knows how many of the files below it each layer provides and how many are overrides, additions
or redundant copies, so a collapsed folder still shows where the changes are.
"""

from __future__ import annotations

import bisect
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from itertools import accumulate, repeat
from operator import attrgetter, eq
from types import MappingProxyType
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from storelayers.gui import icons, roles
from storelayers.gui.findings import Mark, summary
from storelayers.gui.findings import role as finding_role
from storelayers.gui.glossary import define
from storelayers.gui.theme import Theme
from storelayers.resolver import EffectiveFile
from storelayers.resolver.names import shown
from storelayers.resolver.pace import pause

NodeRole = Qt.ItemDataRole.UserRole + 1
PathRole = Qt.ItemDataRole.UserRole + 2
StatusRole = Qt.ItemDataRole.UserRole + 3

CHANGE_STATUSES = ("override", "added", "redundant")
COLUMNS = ("Name", "Layer", "Status")
N_COLUMNS = len(COLUMNS)
Index = QModelIndex | QPersistentModelIndex

# Qt asks data() for a dozen roles per painted cell; these are plain ints, looked up once, and any
# role not among ANSWERED is refused before the index is even looked at (painting 10,000-row trees
# is mostly these calls).
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_NODE, _PATH, _STATUS = int(NodeRole), int(PathRole), int(StatusRole)
ANSWERED = frozenset({_DISPLAY, _DECORATION, _FOREGROUND, _FONT, _TOOLTIP, _NODE, _PATH, _STATUS})
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
# a file says it never has children: the view then asks hasChildren() of folders only
_FILE_FLAGS = _FLAGS | Qt.ItemFlag.ItemNeverHasChildren
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_NO_SUMMARY: Mapping[str, int] = MappingProxyType({})  # files carry no folder summary (one shared empty map)


_PATH_OF = attrgetter("path")
_WINNER_OF = attrgetter("winner_key")
_STATUS_OF = attrgetter("status._value_")  # the member's own slot: `.value` is a descriptor call
_IGNORED = "\x00ignored"  # the winner of an ignored path while counting (no store key looks like it)


class Rows:
    """Every path of one tree in sorted order, with its entry (None: an ignored file), shared by
    all its folders: a folder whose children are not made yet keeps only where its paths start
    and end here. The paths below a folder are one run of the sorted list, and so are those below
    each of its subfolders, found by bisection: making a level costs its own rows, not a pass
    over every path below it."""

    __slots__ = ("_sums", "entries", "ignored", "paths")

    def __init__(self, files: Iterable[EffectiveFile], ignored: Iterable[str] = ()) -> None:
        entries: list[EffectiveFile | None] = list(files)
        paths: list[str] = list(map(_PATH_OF, entries))
        ignored = list(ignored)
        if ignored:
            entries.extend([None] * len(ignored))
            paths.extend(ignored)
        if any(map(str.__gt__, paths, paths[1:])):  # an effective tree comes sorted by path
            order = sorted(range(len(paths)), key=paths.__getitem__)
            entries = [entries[i] for i in order]
            paths = [paths[i] for i in order]
        self.entries = entries
        self.paths = paths
        self.ignored = len(ignored)  # (`None in entries` would call every entry's __eq__)
        self._sums: tuple[dict[str | None, array[int]], dict[str, array[int]]] | None = None

    def count_at_once(self) -> None:
        """Summaries from running counts until `count_one_by_one`: every folder a build makes is
        then two subtractions per layer and status (the tree's own few), instead of a count over
        its rows, which added up to one pass over the tree per level of it."""
        entries = self.entries
        if self.paths and self.ignored:
            winners: list[str | None] = [e.winner_key if e is not None else _IGNORED for e in entries]
            statuses: list[str] = [e.status._value_ if e is not None else "ignored" for e in entries]
        else:
            winners = list(map(_WINNER_OF, entries))
            statuses = list(map(_STATUS_OF, entries))

        def running(values: list[Any], value: Any) -> array[int]:
            return array("L", accumulate(map(eq, values, repeat(value)), initial=0))

        self._sums = (
            {k: running(winners, k) for k in set(winners) if k != _IGNORED},
            {v: running(statuses, v) for v in set(statuses)},
        )

    def count_one_by_one(self) -> None:
        """Back to counting each folder's rows (a folder opened later: the running counts of a
        13,600-file tree are some 500 KB, not kept with every tree in the cache)."""
        self._sums = None

    def summary(self, start: int, end: int) -> tuple[dict[str | None, int], dict[str, int]]:
        """(files below by winning layer, files below by status) for rows [start, end)."""
        sums = self._sums
        if sums is not None:
            layer_sums, status_sums = sums
            return (
                {k: n for k, c in layer_sums.items() if (n := c[end] - c[start])},
                {v: n for v, c in status_sums.items() if (n := c[end] - c[start])},
            )
        present = list(filter(None, self.entries[start:end]))
        layers: dict[str | None, int] = Counter(map(_WINNER_OF, present))
        statuses: dict[str, int] = Counter(map(_STATUS_OF, present))
        if len(present) < end - start:
            statuses["ignored"] = end - start - len(present)
        return layers, statuses


Pending = tuple[Rows, int, int]
"""A folder whose children are not made yet: the rows below it, [start, end) of `Rows`."""


class Node:
    """A file or folder of the effective tree. Folders have `children`; files have `entry`.

    A folder's children are made the first time they are asked for (`children`, `by_name`): until
    then the folder keeps where its rows are in the tree's `Rows` and only its summary (`layers`,
    `statuses`, `files`). Opening a folder makes one level; a 13,600-file tree shows its top level
    without making a node for every file, and a folder nobody opens never gets nodes.
    """

    __slots__ = (
        "name",
        "path",
        "parent",
        "row",
        "_kids",
        "_by_name",
        "_pending",
        "is_folder",
        "entry",
        "ignored",
        "layers",
        "statuses",
        "files",
        "__weakref__",
    )

    def __init__(self, name: str, path: str, parent: Node | None, folder: bool) -> None:
        self.name = name
        self.path = path
        self.parent = parent
        self.row = 0
        self.is_folder = folder
        self._kids: list[Node] | None = [] if folder else None
        self._by_name: dict[str, Node] | None = {} if folder else None
        self._pending: Pending | None = None  # folders whose children are not made yet
        self.entry: EffectiveFile | None = None
        self.ignored = False
        # Folders only: winner store key -> files below, status -> files below. Files share one
        # read-only empty map, so a 10,000-file tree does not carry 20,000 empty dicts.
        self.layers: dict[str | None, int] = {} if folder else _NO_SUMMARY  # type: ignore[assignment]
        self.statuses: dict[str, int] = {} if folder else _NO_SUMMARY  # type: ignore[assignment]
        self.files = 0

    @property
    def children(self) -> list[Node] | None:
        """The children (None for a file), made now if they were not yet."""
        if self._pending is not None:
            _make_children(self)
        return self._kids

    @property
    def by_name(self) -> dict[str, Node] | None:
        if self._pending is not None:
            _make_children(self)
        return self._by_name

    @property
    def built(self) -> bool:
        """True once the children exist (always for a file)."""
        return self._pending is None

    def has_children(self) -> bool:
        """Whether there is anything below, without making the children."""
        if self._pending is not None:
            return self._pending[2] > self._pending[1]
        return bool(self._kids)

    @property
    def status(self) -> str:
        """'ignored', or the resolver's status for a file; '' for a folder."""
        if self.ignored:
            return "ignored"
        return self.entry.status.value if self.entry is not None else ""

    @property
    def changes(self) -> int:
        return sum(self.statuses.get(s, 0) for s in CHANGE_STATUSES)

    def contribution(self) -> tuple[str | None, str, bool]:
        e = self.entry
        return (e.winner_key if e else None, self.status, self.ignored)

    def walk(self) -> Iterator[Node]:
        """Every node below, pre-order; makes every folder's children on the way."""
        stack = [self]
        while stack:
            n = stack.pop()
            yield n
            if n.children:
                stack.extend(reversed(n.children))

    def walk_built(self) -> Iterator[Node]:
        """The nodes made so far (makes nothing)."""
        stack = [self]
        while stack:
            n = stack.pop()
            yield n
            if n._kids:
                stack.extend(n._kids)


def teardown(root: Node) -> None:
    """Break the parent/child cycles of a tree nobody shows any more, so reference counting frees
    it at once instead of leaving thousands of nodes for the cyclic garbage collector (whose full
    passes over a big heap stall the GUI thread)."""
    for n in root.walk_built():
        n.parent = None


def _sort_key(n: Node) -> tuple[int, str, str]:
    return (0 if n.is_folder else 1, n.name.casefold(), n.name)


def _count(folder: Node, child: Node, sign: int) -> None:
    if child.is_folder:
        for k, v in child.layers.items():
            folder.layers[k] = folder.layers.get(k, 0) + sign * v
        for k, v in child.statuses.items():
            folder.statuses[k] = folder.statuses.get(k, 0) + sign * v
        folder.files += sign * child.files
        return
    wk, st, ign = child.contribution()
    if not ign:
        folder.layers[wk] = folder.layers.get(wk, 0) + sign
    folder.statuses[st] = folder.statuses.get(st, 0) + sign
    folder.files += sign


def _summarise(folder: Node, rows: Rows, start: int, end: int) -> None:
    """A folder's summary from its rows, as `_count` would add them up."""
    pause()
    folder.layers, folder.statuses = rows.summary(start, end)
    folder.files = end - start


def _make_children(folder: Node) -> None:
    """One level of a folder: its files as nodes, its subfolders as folders that wait."""
    pending = folder._pending
    folder._pending = None
    assert pending is not None and folder._kids is not None and folder._by_name is not None
    rows, i, end = pending
    paths, entries = rows.paths, rows.entries
    cut = len(folder.path) + 1 if folder.path else 0
    kids = folder._kids
    by_name = folder._by_name
    prefix = folder.path + "/" if folder.path else ""
    files: list[int] = []
    while i < end:
        path = paths[i]
        slash = path.find("/", cut)
        if slash < 0:
            files.append(i)
            i += 1
            continue
        # every path that starts "name/" follows in one run, up to the first one from "name0" on
        # ("0" is the character after "/")
        stop = bisect.bisect_left(paths, path[:slash] + "0", i + 1, end)
        name = path[cut:slash]
        sub = Node(name, prefix + name, folder, True)
        sub._pending = (rows, i, stop)
        _summarise(sub, rows, i, stop)
        by_name[name] = sub
        kids.append(sub)
        i = stop
    for i in files:
        path = paths[i]
        _add_leaf(folder, path[cut:], path, entries[i])  # a folder already holding the name wins (rule 10)
    _number(kids)


def _add_leaf(parent: Node, name: str, path: str, entry: EffectiveFile | None) -> None:
    """A file row under `parent` (an ignored path has no entry), unless the name is taken."""
    by_name, kids = parent._by_name, parent._kids
    assert by_name is not None and kids is not None
    if name in by_name:
        return
    leaf = Node(name, path, parent, False)
    leaf.entry = entry
    leaf.ignored = entry is None
    by_name[name] = leaf
    kids.append(leaf)


def _number(kids: list[Node]) -> None:
    kids.sort(key=_sort_key)
    for i, c in enumerate(kids):
        c.row = i


def build_tree(
    files: Iterable[EffectiveFile],
    ignored: Iterable[str] = (),
    flat: bool = False,
    opened: Iterable[str] = (),
    open_changes: bool = False,
) -> Node:
    """Plain nodes for an effective tree (safe on a worker thread: no Qt involved). Folders make
    their children when first asked (see `Node`); those the view will open at once are made here,
    on the worker: the folders `opened` (and the ones they are in), and with `open_changes` every
    folder that holds a change. A flat list is made whole."""
    root = Node("", "", None, True)
    rows = Rows(files, ignored)
    if not flat:
        rows.count_at_once()
        try:
            _build_open(root, rows, opened, open_changes)
        finally:
            rows.count_one_by_one()
        return root
    _summarise(root, rows, 0, len(rows.paths))
    for path, entry in zip(rows.paths, rows.entries, strict=True):
        _add_leaf(root, path, path, entry)
    assert root._kids is not None
    _number(root._kids)
    return root


def _build_open(root: Node, rows: Rows, opened: Iterable[str], open_changes: bool) -> None:
    """The top level, the folders `opened` and (with `open_changes`) every folder with a change."""
    n = len(rows.paths)
    _summarise(root, rows, 0, n)
    root._pending = (rows, 0, n)
    _make_children(root)  # the top level is always shown
    for path in opened:
        node: Node | None = root
        for part in path.split("/"):
            node = node.by_name.get(part) if node is not None and node.by_name is not None else None
        if node is not None:
            _ = node.children  # the opened folder's own rows
    if open_changes:
        stack = [root]
        while stack:
            for c in stack.pop().children or ():
                if c.is_folder and c.changes:
                    stack.append(c)


class EffectiveTreeModel(QAbstractItemModel):
    """Qt view of the nodes. Colours by winning layer, glyphs by status."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.root = Node("", "", None, True)
        self.depth: dict[str | None, int] = {None: 0}  # store key -> depth (0: base)
        self.names: dict[str | None, str] = {None: "base"}
        self.flat = False
        self._italic: QFont | None = None
        # the review's findings for the shown app: (layer key, path) -> marks; and, worked out from
        # them for the tree shown, the marks of each file (by path) and the counts of each folder
        self.findings: Mapping[tuple[str | None, str], tuple[Mark, ...]] = {}
        self._by_layer: dict[str | None, list[tuple[str, tuple[Mark, ...]]]] = {}
        self._folders_changed: dict[Node, None] | None = None  # during `apply`: folders to repaint at its end
        self.file_marks: dict[str, tuple[Mark, ...]] = {}
        self.folder_marks: dict[str, dict[str, int]] = {}

    # ------------------------------------------------------------ content

    def set_root(
        self,
        root: Node,
        depth: dict[str | None, int],
        names: dict[str | None, str],
        flat: bool,
        findings: Mapping[tuple[str | None, str], tuple[Mark, ...]] | None = None,
    ) -> None:
        """New nodes (one reset); with `findings`, the review's findings for the tree's app too
        (placed once, with the reset, instead of once for the old app's findings and again)."""
        self.beginResetModel()
        self.root = root
        self.depth = depth
        self.names = names
        self.flat = flat
        if findings is not None and findings is not self.findings:
            self._take_findings(findings)
        self._place_marks()
        self.endResetModel()

    def set_findings(self, findings: Mapping[tuple[str | None, str], tuple[Mark, ...]]) -> None:
        """The review's findings for the shown app (see `findings.Findings.for_app`): the rows whose
        marks change repaint. The same findings again change nothing."""
        if findings is self.findings:
            return
        self._take_findings(findings)
        self._refresh_marks()

    def _take_findings(self, findings: Mapping[tuple[str | None, str], tuple[Mark, ...]]) -> None:
        self.findings = findings
        by_layer: dict[str | None, list[tuple[str, tuple[Mark, ...]]]] = {}
        for (layer_key, path), marks in findings.items():
            by_layer.setdefault(layer_key, []).append((path, marks))
        self._by_layer = by_layer

    def _refresh_marks(self) -> None:
        """Place the marks again (the tree or the findings changed) and repaint the rows whose marks
        or folder counts are not what they were."""
        files, folders = self.file_marks, self.folder_marks
        self._place_marks()
        changed = {p for p in files.keys() | self.file_marks.keys() if files.get(p) != self.file_marks.get(p)}
        changed |= {p for p in folders.keys() | self.folder_marks.keys() if folders.get(p) != self.folder_marks.get(p)}
        for path in changed:
            node = self.root if path == "" else self.find(path)
            if node is not None and node is not self.root:
                self._changed(node)

    def _place_marks(self) -> None:
        """Which files of the tree shown carry a finding: those whose winning layer file has one.
        Only the layers that win some file of the tree are looked at (a store's chain, not the
        findings of every store)."""
        files: dict[str, tuple[Mark, ...]] = {}
        folders: dict[str, dict[str, int]] = {}
        by_layer = self._by_layer
        for layer_key in self.root.layers.keys() & by_layer.keys():
            for path, marks in by_layer[layer_key]:
                node = self.find(path)
                if node is None or node.entry is None or node.entry.winner_key != layer_key:
                    continue
                files[path] = marks
                p = node.parent
                while p is not None:
                    counts = folders.setdefault(p.path, {})
                    for m in marks:
                        counts[m.kind] = counts.get(m.kind, 0) + 1
                    p = p.parent
        self.file_marks = files
        self.folder_marks = folders

    def marks_of(self, n: Node) -> tuple[Mark, ...]:
        return self.file_marks.get(n.path, ()) if not n.is_folder else ()

    def folder_counts(self, n: Node) -> Mapping[str, int]:
        return self.folder_marks.get(n.path, {}) if n.is_folder else {}

    def node(self, index: Index) -> Node:
        if not index.isValid():
            return self.root
        node: Node = index.internalPointer()
        return node

    def find(self, path: str) -> Node | None:
        if self.flat:
            return self.root.by_name.get(path)  # type: ignore[union-attr]
        n = self.root
        for part in path.split("/"):
            if n.by_name is None:
                return None
            nxt = n.by_name.get(part)
            if nxt is None:
                return None
            n = nxt
        return n

    def index_of(self, node: Node, column: int = 0) -> QModelIndex:
        if node is self.root or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.row, column, node)

    def index_for_path(self, path: str) -> QModelIndex:
        n = self.find(path)
        return self.index_of(n) if n is not None else QModelIndex()

    def files(self) -> Iterator[Node]:
        return (n for n in self.root.walk() if not n.is_folder)

    # ------------------------------------------------------------ live patches

    def apply(self, changes: Iterable[tuple[str, EffectiveFile | None, bool]], show_ignored: bool) -> None:
        """Patch files in place: (path, new entry or None, is ignored). Rows repaint, nothing resets;
        a folder above many patched files repaints once, after all of them."""
        # Removals first: a folder emptied by this change goes before a file takes its name (and a
        # file goes before a folder takes its name), whatever order the paths came in.
        changes = sorted(changes, key=lambda c: c[1] is not None or (c[2] and show_ignored))
        self._folders_changed = {}
        try:
            for path, entry, ignored in changes:
                present = entry is not None or (ignored and show_ignored)
                node = self.find(path)
                if node is not None and node.is_folder:
                    continue  # a folder now where a file was: left to the next rebuild
                if node is None and present:
                    self._insert(path, entry)
                elif node is not None and not present:
                    self._remove(node)
                elif node is not None:
                    self._replace(node, entry)
            folders, self._folders_changed = self._folders_changed, None
            for folder in folders:
                if self._in_tree(folder):  # an emptied folder went
                    self._changed(folder)
        finally:
            self._folders_changed = None
        if self.findings:
            self._refresh_marks()  # a file may have gained or lost the layer a finding is on

    def _ancestors(self, node: Node) -> list[Node]:
        out = []
        p = node.parent
        while p is not None:
            out.append(p)
            p = p.parent
        return out

    def _in_tree(self, node: Node) -> bool:
        """Whether `node` is still reachable from the root (each link up is its parent's child)."""
        while node is not self.root:
            p = node.parent
            if p is None or p._kids is None or node.row >= len(p._kids) or p._kids[node.row] is not node:
                return False
            node = p
        return True

    def _folder_changed(self, folder: Node) -> None:
        """A folder's summary changed: its row repaints (once per `apply`, at its end)."""
        if folder is self.root:
            return
        if self._folders_changed is not None:
            self._folders_changed[folder] = None
        else:
            self._changed(folder)

    def _replace(self, node: Node, entry: EffectiveFile | None) -> None:
        chain = self._ancestors(node)
        for a in chain:
            _count(a, node, -1)
        node.entry = entry
        node.ignored = entry is None
        for a in chain:
            _count(a, node, 1)
        self._changed(node)
        for a in chain:
            self._folder_changed(a)

    def _changed(self, node: Node) -> None:
        self.dataChanged.emit(self.index_of(node, 0), self.index_of(node, len(COLUMNS) - 1))

    def _insert_child(self, parent: Node, child: Node) -> None:
        keys = [_sort_key(c) for c in parent.children]  # type: ignore[union-attr]
        pos = bisect.bisect_left(keys, _sort_key(child))
        self.beginInsertRows(self.index_of(parent), pos, pos)
        parent.children.insert(pos, child)  # type: ignore[union-attr]
        parent.by_name[child.name] = child  # type: ignore[index]
        for i in range(pos, len(parent.children)):  # type: ignore[arg-type]
            parent.children[i].row = i  # type: ignore[index]
        self.endInsertRows()

    def _insert(self, path: str, entry: EffectiveFile | None) -> None:
        parent = self.root
        if self.flat:
            name = path
        else:
            parts = path.split("/")
            for i, part in enumerate(parts[:-1]):
                nxt = parent.by_name.get(part)  # type: ignore[union-attr]
                if nxt is not None and not nxt.is_folder:
                    return  # a file where a folder is needed: left to the next rebuild
                if nxt is None:
                    nxt = Node(part, "/".join(parts[: i + 1]), parent, True)
                    self._insert_child(parent, nxt)
                parent = nxt
            name = parts[-1]
        leaf = Node(name, path, parent, False)
        leaf.entry = entry
        leaf.ignored = entry is None
        self._insert_child(parent, leaf)
        for a in self._ancestors(leaf):
            _count(a, leaf, 1)
            self._folder_changed(a)

    def _remove(self, node: Node) -> None:
        for a in self._ancestors(node):
            _count(a, node, -1)
        while True:
            parent = node.parent
            assert parent is not None
            pos = node.row
            self.beginRemoveRows(self.index_of(parent), pos, pos)
            del parent.children[pos]  # type: ignore[union-attr]
            parent.by_name.pop(node.name, None)  # type: ignore[union-attr]
            for i in range(pos, len(parent.children)):  # type: ignore[arg-type]
                parent.children[i].row = i  # type: ignore[index]
            self.endRemoveRows()
            if parent is self.root or parent.children:
                break
            node = parent  # an emptied folder goes too
        p: Node | None = parent
        while p is not None and p is not self.root:
            self._folder_changed(p)
            p = p.parent

    # ------------------------------------------------------------ Qt model API

    # index(), parent(), hasChildren() and flags() are called for every row a view lays out (some
    # 1,500 per store switch on a big tree, open folders included): they read the slots directly.

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        n: Node = parent.internalPointer() if parent.isValid() else self.root
        ch = n._kids if n._pending is None else n.children
        if ch is None or row < 0 or row >= len(ch) or column < 0 or column >= N_COLUMNS:
            return QModelIndex()
        return self.createIndex(row, column, ch[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        p = index.internalPointer().parent
        if p is None or p is self.root:
            return QModelIndex()
        return self.createIndex(p.row, 0, p)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        ch = self.node(parent).children
        return len(ch) if ch else 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return N_COLUMNS

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:
        if not parent.isValid():
            return self.root.has_children()
        if parent.column() != 0:
            return False
        n: Node = parent.internalPointer()
        pending = n._pending
        return bool(pending) if pending is not None else bool(n._kids)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return _NO_FLAGS
        return _FLAGS if index.internalPointer().is_folder else _FILE_FLAGS

    def layer_colour(self, winner_key: str | None) -> QColor:
        return Theme.current().layer(self.depth.get(winner_key, 0))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ANSWERED or not index.isValid():
            return None
        return self._value(index.internalPointer(), index.column(), role)

    def multiData(self, index: Index, roleDataSpan: roles.Span) -> None:
        """Every role a painted cell asks for, in one call from Qt (see `roles.fill`)."""
        if not index.isValid():
            roles.fill(roleDataSpan, lambda _role: None)
            return
        n: Node = index.internalPointer()
        col = index.column()
        roles.fill(roleDataSpan, lambda role: self._value(n, col, role) if role in ANSWERED else None)

    def _value(self, n: Node, col: int, role: int) -> Any:
        """What `data` answers for `role` of the node's cell in column `col` (a role in ANSWERED)."""
        if role == _DISPLAY:
            if col == 0:
                return shown(n.name)  # the node keeps the real name for actions
            if n.is_folder:
                return None  # painted by the summary delegate
            if col == 1:
                return shown(self.names.get(n.entry.winner_key, n.entry.layer)) if n.entry else ""
            marks = self.file_marks.get(n.path) if self.file_marks else None
            if marks:  # the finding first: a narrow column still shows its glyph
                labels = [m.label for m in marks]
                status = status_label(n)
                if not any(label.endswith(status) for label in labels):  # "= redundant", not "· redundant" again
                    labels.append(status)
                return " \u00b7 ".join(labels)
            return status_label(n)
        if role == _NODE:
            return n
        if role == _PATH:
            return n.path
        if role == _STATUS:
            return n.status
        theme = Theme.current()
        if role == _DECORATION:
            if col != 0:
                return None
            if n.is_folder:
                return icons.icon("folder", theme.color("text.faint"))
            e = n.entry
            if e is None:  # an ignored file
                return icons.status_icon("ignored", theme.color("status.ignored"))
            glyph = "special" if e.special and e.status.value == "inherited" else n.status
            return icons.status_icon(glyph, self.layer_colour(e.winner_key))
        if role == _FOREGROUND:
            if n.is_folder:
                return theme.color("text") if col == 0 else None
            if n.entry is None:  # an ignored file
                return theme.color("text.faint")
            wk = n.entry.winner_key
            if col == 2:
                marks = self.file_marks.get(n.path) if self.file_marks else None
                if marks:
                    return theme.color(finding_role(marks[0].kind))
                return theme.status(n.status) if n.status != "inherited" else theme.color("text.dim")
            if wk is None:
                return theme.color("text") if col == 0 else theme.color("text.dim")
            return self.layer_colour(wk)
        if role == _FONT:
            if n.is_folder or not n.ignored:
                return None
            if self._italic is None:
                self._italic = QFont()
                self._italic.setItalic(True)
            return self._italic
        if role == _TOOLTIP:
            text = tooltip(n, self.names)
            if n.is_folder:
                found = summary(self.folder_counts(n))
                return f"{text}\nfindings below: {found}" if found else text
            marks = self.marks_of(n)
            text += "".join(f"\n{m.glyph} {m.text}" for m in marks)
            if col == 2:  # the Status column: what its words mean (the glossary's sentences)
                words = ["ignored"] if n.ignored else [n.status] + (["special"] if n.entry and n.entry.special else [])
                words += [m.kind for m in marks]
                text += "\n" + "\n".join(f"{w}: {define(w)}" for w in dict.fromkeys(words) if define(w))
            return text
        return None


def status_label(n: Node) -> str:
    if n.ignored:
        return "ignored"
    if n.entry is None:
        return ""
    s = n.entry.status.value
    return f"{s} \u00b7 special" if n.entry.special else s


def tooltip(n: Node, names: dict[str | None, str]) -> str:
    if n.is_folder:
        parts = [f"{n.files} files"]
        for st in CHANGE_STATUSES:
            if n.statuses.get(st):
                parts.append(f"{n.statuses[st]} {st}")
        by_layer = ", ".join(f"{shown(names.get(k, 'base'))}: {v}" for k, v in n.layers.items() if v)
        return f"{shown(n.path)}\n" + " \u00b7 ".join(parts) + (f"\n{by_layer}" if by_layer else "")
    if n.ignored:
        return f"{shown(n.path)}\nignored for this store (see the cascade for the pattern)"
    e = n.entry
    if e is None:
        return shown(n.path)
    chain = " \u2192 ".join(shown(c) for c in e.chain)
    return f"{shown(e.path)}\nfrom {shown(e.layer)} \u00b7 {status_label(n)}\nchain: {chain}"
