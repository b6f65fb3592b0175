"""Go to file (Ctrl+P): fuzzy search over the effective tree, or a pasted path from a build error.

A pasted `.out/<store>/<app>/...` or layer path is resolved by `resolver.locate` to the store, app
and path it names; the window then shows the file that really provides it. The fuzzy match runs
on a worker (given `tasks`): typing stays smooth on trees of tens of thousands of files, and a
newer query makes the answer to an older one stale.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget
from storelayers.gui.tasks import Tasks
from storelayers.resolver import Workspace
from storelayers.resolver.locate import Location
from storelayers.resolver.names import shown, unescape

MAX_RESULTS = 200


def _span(low: str, q: str) -> int:
    """Length of the tightest-from-the-left match of `q`'s characters, in order, in `low`; -1 if none.

    Linear time (a regex like `h.*?d.*?r` backtracks polynomially on paths that do not match, in
    one C call that never lets the GUI thread run): if `q` fits at all, it fits from the first
    occurrence of its first character, taking each next character as early as possible."""
    start = low.find(q[0])
    if start < 0:
        return -1
    pos = start + 1
    for c in q[1:]:
        pos = low.find(c, pos)
        if pos < 0:
            return -1
        pos += 1
    return pos - start


def fuzzy(paths: Sequence[str], query: str, limit: int = MAX_RESULTS) -> list[str]:
    """Paths whose characters contain the query in order, best first (tight, basename, short)."""
    q = unescape(query.strip(), lone_backslash="/")  # names printed escaped by the CLI are accepted back
    if not q:
        return list(paths[:limit])
    ql = q.lower()
    scored = []
    for p in paths:
        low = p.lower()
        span = _span(low, ql)
        if span < 0:
            continue
        base = low.rsplit("/", 1)[-1]
        score = span * 2 + len(p) * 0.05
        if ql in base:
            score -= 50 + (20 if base.startswith(ql) else 0)
        elif ql in low:
            score -= 25
        scored.append((score, p))
    scored.sort()
    return [p for _s, p in scored[:limit]]


class _Results(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.items: list[str] = []

    def set_items(self, items: list[str]) -> None:
        self.beginResetModel()
        self.items = items
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.items):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return shown(self.items[index.row()])  # `items` keeps the real paths for going there
        return None


Elsewhere = Callable[[str], list[tuple[str, Location]]]
"""The other trees' files (other apps of this store, other stores) matching a query, as (shown
text, location), nearest first; called on the worker."""

MAX_ELSEWHERE = 60


class NameIndex:
    """Every file name of every layer of one snapshot and the layers that have it: made once per
    snapshot (on the worker, ~5 ms for 200 stores), then searched for any store and app.

    Plain data over an immutable snapshot: safe to read from any thread."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.apps = tuple(ws.apps)
        self.layers: tuple[str | None, ...] = (None, *ws.stores)
        where: dict[str, list[tuple[int, int]]] = {}
        for ai, app in enumerate(self.apps):
            for li, layer in enumerate(self.layers):
                spot = (ai, li)
                for st in ws.layer(layer, app).files.values():
                    where.setdefault(st.name, []).append(spot)
        self.where = where
        self.paths = list(where)

    def elsewhere(self, key: str, app: str, query: str, limit: int = MAX_ELSEWHERE) -> list[tuple[str, Location]]:
        """(shown text, location) of the files matching `query` outside `key`'s tree of `app`, best
        path first; each path at its nearest places, at most three: this store's other apps first,
        then the other stores, each a layer's own file shown in the store whose layer has it (a base
        file in this store)."""
        chain = set(self.ws.chain(key))
        out: list[tuple[str, Location]] = []
        for path in fuzzy(self.paths, query, len(self.paths)):
            for label, loc in self._places(key, app, chain, path):
                out.append((f"{path}  \u2014  {label}", loc))
            if len(out) >= limit:
                break
        return out[:limit]

    def _places(self, key: str, app: str, chain: set[str | None], path: str) -> list[tuple[str, Location]]:
        found = []
        for ai, li in self.where[path]:
            a, layer = self.apps[ai], self.layers[li]
            if a == app and layer in chain:
                continue  # in the tree shown already
            store = key if layer is None or layer in chain else layer  # in this store's tree of that app
            rank = (0 if store == key else 2) + (0 if a == app else 1)  # this store's other apps first
            found.append((rank, a, store))
        found.sort(key=lambda f: f[0])
        kept: dict[str, Location] = {}
        for _rank, a, store in found:
            label = f"{a} \u00b7 {self.ws.stores[store].id}"
            if label not in kept:
                kept[label] = Location(store, a, path)
                if len(kept) == 3:
                    break
        return list(kept.items())


class GotoDialog(QDialog):
    """Returns either a path of the current tree (`chosen_path`) or a location elsewhere: pasted, or a
    file of another app or store (`chosen_location`). The current tree's files come first."""

    picked = Signal()

    searched = Signal()  # results for the text typed so far are shown

    def __init__(
        self,
        paths: Sequence[str],
        locate: Callable[[str], Location | None],
        parent: QWidget | None = None,
        tasks: Tasks | None = None,
        elsewhere: Elsewhere | None = None,
        scope: str = "this store's effective tree",
    ) -> None:
        super().__init__(parent)
        self.tasks = tasks  # a gui.tasks.Tasks: the fuzzy match runs on its worker
        self.setWindowTitle("Go to File")
        self.setModal(True)
        self.resize(620, 420)
        self.paths = list(paths)
        self.locate = locate  # str -> Optional[Location]
        self.chosen_path: str | None = None
        self.chosen_location: Location | None = None
        self.scope = scope  # what the current paths are ("fashion-de's Next.js tree")
        self._elsewhere = elsewhere
        self.located: dict[str, Location] = {}  # shown text of another tree's file -> where it is
        v = QVBoxLayout(self)
        v.setContentsMargins(8, 8, 8, 8)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("File name, or paste a path (.out/<store>/<app>/\u2026 or apps/\u2026)")
        v.addWidget(self.edit)
        self.hint = QLabel("")
        self.hint.setObjectName("Faint")
        v.addWidget(self.hint)
        self.model = _Results(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        v.addWidget(self.list, 1)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(40 if tasks is not None else 0)
        self._typing.timeout.connect(lambda: self._update(self.edit.text()))
        self.edit.textChanged.connect(lambda _t: self._typing.start())
        self.edit.returnPressed.connect(self._accept)
        self.list.activated.connect(lambda idx: self._accept())
        self.edit.installEventFilter(self)
        self._shown_for: str | None = None
        self._update("")

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:
        if (
            obj is self.edit
            and isinstance(e, QKeyEvent)
            and e.type() == QEvent.Type.KeyPress
            and e.key()
            in (
                Qt.Key.Key_Down,
                Qt.Key.Key_Up,
            )
        ):
            row = self.list.currentIndex().row()
            row = row + (1 if e.key() == Qt.Key.Key_Down else -1)
            row = max(0, min(row, self.model.rowCount() - 1))
            self.list.setCurrentIndex(self.model.index(row, 0))
            return True
        return super().eventFilter(obj, e)

    def _update(self, text: str) -> None:
        loc = self.locate(text) if "/" in text else None
        if loc is not None:
            where = "base" if loc.store_key is None else loc.store_key.rsplit("/", 1)[-1]
            self.hint.setText(
                f"Enter: go to {loc.path} in {loc.app} ({where}{', composed output' if loc.via == 'output' else ''})"
            )
        else:
            self.hint.setText(f"{len(self.paths):,} files in {self.scope}; other apps and stores follow")
        if not text.strip():
            self._show(text, (fuzzy(self.paths, text), []), loc is not None)
        elif self.tasks is None:
            self._show(text, self._search(text), loc is not None)
        else:
            self.tasks.run("goto", lambda: self._search(text), lambda found: self._show(text, found, loc is not None))

    def _search(self, text: str) -> tuple[list[str], list[tuple[str, Location]]]:
        """(this tree's paths, other trees' files) matching `text` (on the worker)."""
        here = fuzzy(self.paths, text)
        return here, [] if self._elsewhere is None else self._elsewhere(text)

    def _show(self, text: str, found: tuple[list[str], list[tuple[str, Location]]], pasted: bool = False) -> None:
        if text != self.edit.text() and self._typing.isActive():
            return  # the user typed on: a newer search follows
        here, there = found
        self.located = dict(there)
        self.model.set_items(here + [shown for shown, _loc in there])
        if text.strip() and not pasted:
            if not here and not there:
                where = "any store or app" if self._elsewhere is not None else self.scope
                self.hint.setText(f"No file matches \u201c{text.strip()}\u201d in {where}.")
            elif not here:
                self.hint.setText(f"Not in {self.scope}; found in other apps or stores:")
        self._shown_for = text
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(0, 0))
        self.searched.emit()

    def _accept(self) -> None:
        if self._typing.isActive() or self._shown_for != self.edit.text():
            self._typing.stop()  # Enter before the results caught up: search now, on this thread
            self._show(self.edit.text(), self._search(self.edit.text()))
        text = self.edit.text()
        loc = self.locate(text) if "/" in text else None
        if loc is not None:
            self.chosen_location = loc
        else:
            idx = self.list.currentIndex()
            if not idx.isValid():
                return
            item = self.model.items[idx.row()]
            if item in self.located:
                self.chosen_location = self.located[item]
            else:
                self.chosen_path = item
        self.picked.emit()
        self.accept()
