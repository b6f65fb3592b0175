"""Built effective trees kept per (store, app, flat, show ignored), so going back to a store is instant.

Trees are built off the GUI thread (`tree_model.build_tree`) and belong to one workspace
snapshot. After a live update the entries of every (store, app) the update did not touch move on
to the new snapshot; the rest are dropped. A dropped tree that the view is not showing is torn
down at once (its parent/child cycles broken), so memory follows what is cached, not what was seen.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable

from storelayers.gui.tree_model import Node, teardown
from storelayers.resolver import EffectiveTree, Workspace

TreeKey = tuple[str, str, bool, bool]  # store key, app, flat, show ignored
Built = tuple[EffectiveTree, Node]

SIZE = 12  # trees kept at most
FILES = 60_000
"""Files the kept trees may hold together (the most recent tree is always kept). A tree's entries
and nodes are a few hundred bytes a file: twelve 13,600-file trees of an 800-store workspace
were some 70 MB (benchmarks/scale.py), four of them are under 25 MB; twelve trees of the demo's
size stay well under the budget."""


class TreeCache:
    """Most recently used trees of the current snapshot."""

    def __init__(self, shown: Callable[[], Node], size: int = SIZE, files: int = FILES) -> None:
        self._shown = shown  # the root the view shows now: never torn down from here
        self._size = size
        self._files = files
        self._ws: Workspace | None = None
        self._items: OrderedDict[TreeKey, Built] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, ws: Workspace, key: TreeKey) -> Built | None:
        if ws is not self._ws:
            return None
        hit = self._items.get(key)
        if hit is not None:
            self._items.move_to_end(key)
        return hit

    def put(self, ws: Workspace, key: TreeKey, built: Built) -> None:
        if ws is not self._ws:
            self.clear()
            self._ws = ws
        old = self._items.pop(key, None)
        self._items[key] = built
        if old is not None and old[1] is not built[1]:
            self.release(old[1])
        held = sum(r.files for _t, r in self._items.values())
        while len(self._items) > self._size or (len(self._items) > 1 and held > self._files):
            _k, (_t, root) = self._items.popitem(last=False)
            held -= root.files
            self.release(root)

    def holds(self, root: Node) -> bool:
        return any(r is root for _t, r in self._items.values())

    def release(self, root: Node) -> None:
        """Tear a tree down unless it is cached or shown."""
        if root is not self._shown() and not self.holds(root):
            teardown(root)

    def carry(self, old: Workspace, new: Workspace, touched: Iterable[tuple[str, str]] | None) -> None:
        """Move to the snapshot after an update; `touched` (store, app) pairs are dropped (None: all)."""
        if old is not self._ws:
            self.clear()
            self._ws = new
            return
        self._ws = new
        if touched is None:
            self.clear()
            self._ws = new
            return
        gone = set(touched)
        for k in [k for k in self._items if (k[0], k[1]) in gone]:
            _t, root = self._items.pop(k)
            self.release(root)

    def clear(self) -> None:
        items = list(self._items.values())
        self._items.clear()
        self._ws = None
        for _t, root in items:
            self.release(root)
