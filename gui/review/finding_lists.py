"""The review's finding lists with their repairs: a note, the buttons that fix the picked finding(s),
and a sortable table (with check boxes where several can be fixed at once).

`rows_*` turn the engine's findings into table rows; `repairs_at` says which repairs the review
offers for one file, for the explorer's menu.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from storelayers.gui.review.rows_model import PayloadRole, RowsModel
from storelayers.gui.review.rows_model import SortRole as RowsSortRole
from storelayers.gui.review.tables import table
from storelayers.resolver.review.findings import (
    FolderCluster,
    Hotspot,
    OrphanedFile,
    OverrideFinding,
    Review,
    StaleOverride,
)

Rows = tuple[list[tuple[Any, ...]], list[object], list[str]]  # rows, payloads, tooltips


class FindingList(QWidget):
    """A finding list: a note line, a bar of repair buttons, the table."""

    def __init__(self, headers: Sequence[str], checkable: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RowsModel(headers, self, checkable=checkable)
        self.view, self.proxy = table(self.model, RowsSortRole)
        self.note = QLabel()
        self.note.setObjectName("Muted")
        self.note.setWordWrap(True)
        self.bar = QHBoxLayout()
        self.bar.setContentsMargins(8, 4, 8, 4)
        self.bar.addWidget(self.note, 1)
        self._buttons: list[tuple[QPushButton, Callable[[], bool]]] = []
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(0)
        v.addLayout(self.bar)
        v.addWidget(self.view, 1)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        self.model.checksChanged.connect(self.update_buttons)
        self.model.modelReset.connect(self.update_buttons)

    def add_button(self, text: str, tip: str, enabled: Callable[[], bool], clicked: Callable[[], None]) -> QPushButton:
        b = QPushButton(text)
        b.setToolTip(tip)
        b.clicked.connect(clicked)
        self.bar.addWidget(b)
        self._buttons.append((b, enabled))
        b.setEnabled(False)
        return b

    def current(self) -> object | None:
        """The finding of the selected row (None when no row is selected)."""
        picked = self.view.selectionModel().selectedRows()
        return picked[0].data(PayloadRole) if picked else None

    def checked(self) -> list[object]:
        return self.model.checked()

    def update_buttons(self) -> None:
        for b, enabled in self._buttons:
            b.setEnabled(enabled())

    def set_rows(self, rows: Rows) -> None:
        self.model.set_rows(*rows)
        self.view.resizeColumnsToContents()


def rows_stale(rv: Review) -> Rows:
    stale = list(rv.stale)
    return (
        [
            (
                f.override.store_id,
                f.override.app,
                f.override.path,
                f.commits_behind,
                f.days_behind,
                f.stale_days,
                f.parent_lines.changed,
            )
            for f in stale
        ],
        list(stale),
        [f"{f.override.source}\nhides {f.override.hidden_source}" for f in stale],
    )


def rows_orphaned(rv: Review) -> Rows:
    items = list(rv.orphaned)
    return (
        [
            (
                o.store_id,
                o.app,
                o.path,
                o.removed_layer,
                f"{o.removed_commit.sha[:8]} {o.removed_commit.subject}" if o.removed_commit else "not committed",
                _new_path(o),
            )
            for o in items
        ],
        list(items),
        [
            f"{o.source}\nhid {o.removed_source}" + (f"\nrenamed to {o.renamed_to}" if o.renamed_to else "")
            for o in items
        ],
    )


def _new_path(o: OrphanedFile) -> str:
    """Where the hidden file went, relative to its app when it stayed in its layer."""
    if not o.renamed_to:
        return "(deleted)"
    folder = o.removed_source[: len(o.removed_source) - len(o.path)]
    return o.renamed_to[len(folder) :] if o.renamed_to.startswith(folder) else o.renamed_to


def rows_cleanup(rv: Review, ids: Mapping[str, str]) -> Rows:
    items: list[OverrideFinding] = [*rv.redundant, *rv.cosmetic]
    return (
        [
            (
                f.override.store_id,
                f.override.app,
                f.override.path,
                "redundant" if f.override.redundant else "cosmetic",
                f.override.hidden_layer,
                len(f.users),
                f.changed_lines,
            )
            for f in items
        ],
        list(items),
        [
            f"{f.override.source}\nequal to {f.override.hidden_source}"
            + (" after normalising" if f.override.redundant else " but for whitespace or comments")
            + "\nused by: "
            + (", ".join(ids.get(k, k) for k in f.users) or "no store")
            for f in items
        ],
    )


def rows_hotspots(rv: Review, ids: Mapping[str, str]) -> Rows:
    return (
        [(h.path, h.app, len(h.stores), h.parent_layer, len(h.other_copies), h.suggestion) for h in rv.hotspots],
        list(rv.hotspots),
        [", ".join(ids.get(k, k) for k in h.stores) for h in rv.hotspots],
    )


def rows_clusters(rv: Review, ids: Mapping[str, str]) -> Rows:
    items: list[FolderCluster] = list(rv.clusters)
    return (
        [(c.app, c.folder or "(app root)", len(c.stores), c.files, c.paths, c.suggestion) for c in items],
        list(items),
        [", ".join(ids.get(k, k) for k in c.stores) for c in items],
    )


Repair = tuple[str, str, object]  # (what the menu says, repair kind, payload)


def repair_index(rv: Review | None) -> dict[tuple[str, str, str], list[Repair]]:
    """The repairs the review offers, by (store key, app, path) of the file they are for (its stale,
    redundant, cosmetic, orphan or hotspot finding), in the words of the review's buttons. Made once
    per review, so the explorer asks it on every click for free."""
    out: dict[tuple[str, str, str], list[Repair]] = {}
    if rv is None:
        return out

    def add(where: tuple[str, str, str], repair: Repair) -> None:
        out.setdefault(where, []).append(repair)

    for f in rv.stale:
        o = f.override
        add((o.store, o.app, o.path), ("Rebase Stale Override\u2026", "rebase", f))
    for g in (*rv.redundant, *rv.cosmetic):
        o = g.override
        what = "Redundant" if o.redundant else "Cosmetic"
        add((o.store, o.app, o.path), (f"Remove {what} Override\u2026", "remove", [g]))
    for orphan in rv.orphaned:
        where = (orphan.store, orphan.app, orphan.path)
        if orphan.renamed_to:
            add(where, ("Move Orphan to Its New Path\u2026", "orphan-move", orphan))
        add(where, ("Remove Orphaned Override\u2026", "orphan-remove", orphan))
    for h in rv.hotspots:
        if h.parent is not None:
            for k in h.stores:
                add((k, h.app, h.path), (f"Move Up into {h.parent_layer}\u2026", "move-up", h))
    return out


def payload_location(p: object) -> tuple[str, str, str] | None:
    """(store key, app, path) a finding row points at in the explorer."""
    if isinstance(p, StaleOverride | OverrideFinding):
        o = p.override
        return o.store, o.app, o.path
    if isinstance(p, OrphanedFile):
        return p.store, p.app, p.path
    if isinstance(p, Hotspot) and p.stores:
        return p.stores[0], p.app, p.path
    return None
