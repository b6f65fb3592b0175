"""What the window offers its commands and helpers: narrow interfaces, one per kind of user.

The commands (`layer_ops`), the live updater (`updates`) and the review link (`review_link`) do
not import the main window. Each names, as a `Protocol` here, only what it needs of it; the
window satisfies them all (mypy checks it where the window hands itself over). So the window is
not a hub that five modules import, and a command can be tested against a small fake.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from os import PathLike
from typing import Protocol

from PySide6.QtWidgets import QWidget
from storelayers.gui.findings import Findings
from storelayers.gui.tasks import Tasks
from storelayers.gui.tree_cache import Built, TreeCache, TreeKey
from storelayers.resolver import AppCounts, ChangeSet, Workspace
from storelayers.resolver.locate import Location


@dataclass(frozen=True)
class ShownFile:
    """The file the explorer shows: which snapshot, store, app and path."""

    ws: Workspace
    store_key: str
    app: str
    path: str


class StatusLine(Protocol):
    """A place to say one line, and a parent for dialogs."""

    def say(self, text: str) -> None: ...

    def dialog_parent(self) -> QWidget: ...


class FileView(StatusLine, Protocol):
    """What a command on the shown file needs (open, reveal, copy its path)."""

    @property
    def ws(self) -> Workspace | None: ...

    def shown_file(self) -> ShownFile | None: ...


class LayerEditor(FileView, Protocol):
    """What override / remove / undo need: the file shown, the worker, and a way to show the result."""

    @property
    def tasks(self) -> Tasks: ...

    def busy(self, text: str) -> None: ...

    def idle(self, text: str) -> None: ...

    def refresh_paths(self, paths: Iterable[str | PathLike[str]], then: Callable[[], None] | None = None) -> None: ...

    def show_file(self, store_key: str | None, path: str | None) -> None: ...

    def edits_changed(self) -> None: ...


class RepairHost(StatusLine, Protocol):
    """What the repairs need (`repair_ops`): the snapshot, the worker, the status line, and showing
    the result (the changed paths at once, then a fresh review)."""

    @property
    def ws(self) -> Workspace | None: ...

    @property
    def tasks(self) -> Tasks: ...

    def busy(self, text: str) -> None: ...

    def idle(self, text: str) -> None: ...

    def refresh_paths(self, paths: Iterable[str | PathLike[str]], then: Callable[[], None] | None = None) -> None: ...

    def review_now(self) -> None: ...


class Navigator(StatusLine, Protocol):
    """What going to a file or a diagnostic needs."""

    @property
    def ws(self) -> Workspace | None: ...

    @property
    def store_key(self) -> str | None: ...

    @property
    def app(self) -> str: ...

    @property
    def tasks(self) -> Tasks: ...

    def shown_paths(self) -> list[str]: ...

    def go_to_location(self, loc: Location) -> None: ...

    def select_store(self, key: str | None) -> None: ...

    def focus_path(self, path: str) -> None: ...


class ExplorerState(Protocol):
    """What the review link needs of the explorer: its snapshot and store, and moving it."""

    @property
    def ws(self) -> Workspace | None: ...

    @property
    def store_key(self) -> str | None: ...

    @property
    def view(self) -> str: ...

    def explorer_busy(self) -> bool: ...

    def select_store(self, key: str | None) -> None: ...

    def go_to_location(self, loc: Location) -> None: ...

    def open_explorer_at_tree(self) -> None: ...

    def show_findings(self, findings: Findings) -> None:
        """The review's findings, to show on the files they are about (an empty one: none known)."""


@dataclass(frozen=True)
class UpdateRequest:
    """What a live update is computed for: the snapshot shown and the tree shown."""

    ws: Workspace
    tree: TreeKey


@dataclass(frozen=True)
class UpdateResult:
    """A live update computed on the worker: the new snapshot, what changed, and what it needs."""

    old: Workspace
    new: Workspace
    changes: ChangeSet
    counts: dict[str, AppCounts] | None
    tree: TreeKey
    built: Built | None
    paths: frozenset[str] = frozenset()  # the changed paths it was computed for (as the watcher gave them)


class LiveTarget(Protocol):
    """What the live updater needs: what is shown, and how to repaint it in place."""

    @property
    def ws(self) -> Workspace | None: ...

    @property
    def tasks(self) -> Tasks: ...

    @property
    def reading(self) -> bool: ...

    @property
    def trees(self) -> TreeCache: ...

    def update_request(self) -> UpdateRequest | None: ...

    def live_updating(self) -> None: ...

    def show_live_state(self) -> None: ...

    def apply_update(self, result: UpdateResult) -> None: ...

    def update_applied(self) -> None:
        """After `apply_update` and the callbacks of `refresh_paths`: the action state, `updated`."""
