"""What the user does to files, as small command objects (git-cola's cmds.py, Anki's aqt/operations):
override in this layer, remove override, undo, open, reveal, copy, go to.

Each command takes a narrow interface (`window_api`), never the window. The logic (valid targets,
atomic copy, fallbacks) is the resolver's (`resolver.ops.scaffold`); a command asks the user, calls
it, and shows the result. The override's copy (it reads and fsyncs a file) runs on the worker; a big
file's copy shows its progress after half a second and can be cancelled, leaving nothing behind.
Dialogs are opened window-modal and never block the event loop, so live updates keep flowing while
one is open.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QTreeView
from storelayers.gui import errors, system
from storelayers.gui.actions import Actions
from storelayers.gui.dialogs import (
    CopyProgressDialog,
    HelpDialog,
    NoTrashDialog,
    OverrideDialog,
    RemoveDialog,
    copy_progress_threshold,
)
from storelayers.gui.goto import GotoDialog, NameIndex
from storelayers.gui.settings import settings_file
from storelayers.gui.tasks import Progress
from storelayers.gui.text import app_label
from storelayers.gui.undo import Done, Step, UndoHistory
from storelayers.gui.window_api import FileView, LayerEditor, Navigator, ShownFile, StatusLine
from storelayers.resolver import ChainLink, Diagnostic, Workspace
from storelayers.resolver.cli.main import version
from storelayers.resolver.errors import StoreLayersError
from storelayers.resolver.locate import locate
from storelayers.resolver.names import unescape
from storelayers.resolver.ops import scaffold
from storelayers.resolver.ops.scaffold import Target, UndoRecord

# ------------------------------------------------------------------ override, removal, undo


class LayerEdits:
    """Override in this layer, remove override, undo them. Each edit's undo record goes onto the
    app's one undo stack (`gui.undo.UndoHistory`, shared with the repairs) when one is given."""

    def __init__(self, view: LayerEditor, history: UndoHistory | None = None) -> None:
        self.view = view
        self.history = history
        self.undo_record: UndoRecord | None = None

    def _remember(self, record: UndoRecord) -> None:
        self.undo_record = record
        if self.history is not None:

            def undo(done: Done) -> None:
                done(self.undo_this(record))

            self.history.push(Step(record.label, undo))

    @property
    def can_undo(self) -> bool:
        return self.undo_record is not None

    def override(self) -> OverrideDialog | None:
        cur = self.view.shown_file()
        if cur is None:
            return None
        ws, key, app, path = cur.ws, cur.store_key, cur.app, cur.path
        targets = scaffold.override_targets(ws, key, app, path)
        entry, _ = ws.entry(key, app, path)
        source = entry.source if entry is not None else path
        reach = {t.store_key: override_reach(ws, t.store_key, app, path) for t in targets if t.valid}
        dlg = OverrideDialog(path, source, targets, self.view.dialog_parent(), reach)
        dlg.setObjectName("OverrideDialog")
        dlg.accepted.connect(lambda: self._write_override(cur, dlg.chosen(), dlg.open_after.isChecked()))
        dlg.open()
        return dlg

    def _write_override(self, cur: ShownFile, target: Target | None, open_after: bool) -> None:
        if target is None:
            return
        try:
            plan = scaffold.plan_override(cur.ws, cur.store_key, cur.app, cur.path, target.store_key)  # as shown
        except (StoreLayersError, OSError) as exc:
            errors.report(exc, "Override not created")
            return
        view = self.view
        view.busy(f"Creating {plan.destination}\u2026")
        progress, cancelled, done_with = self._copy_progress(plan)

        def failed(exc: BaseException) -> None:
            done_with()
            if isinstance(exc, scaffold.CopyCancelled):
                view.idle(f"Override cancelled; {plan.destination} was not created")
                return
            view.idle("Override not created")
            errors.report(exc, "Override not created")

        def written(record: UndoRecord) -> None:
            done_with()
            self._remember(record)
            view.idle(f"Created {plan.destination}")

            def then() -> None:
                view.show_file(target.store_key, plan.path)
                if open_after:
                    system.open_in_editor(plan.destination_abs)

            view.refresh_paths([plan.destination_abs], then)

        view.tasks.run("override", lambda: scaffold.write_override(plan, progress, cancelled), written, failed)

    def _copy_progress(
        self, plan: scaffold.OverridePlan
    ) -> tuple[scaffold.Progress | None, scaffold.Cancelled | None, Callable[[], None]]:
        """For a big file: a progress dialog (shown once the copy has run a while) whose Cancel
        stops the copy between chunks. Returns (progress, cancelled, close) for the copy."""
        if plan.source_size < copy_progress_threshold():
            return None, None, lambda: None
        stop = threading.Event()
        dlg = CopyProgressDialog(plan.destination, self.view.dialog_parent())
        relay = Progress(dlg)
        relay.changed.connect(dlg.on_progress)
        dlg.canceled.connect(stop.set)

        def close() -> None:
            dlg.canceled.disconnect(stop.set)
            dlg.reset()
            dlg.close()
            dlg.deleteLater()

        return relay.reporter(0), stop.is_set, close

    def remove(self) -> RemoveDialog | None:
        cur = self.view.shown_file()
        if cur is None:
            return None
        try:
            plan = scaffold.plan_removal(cur.ws, cur.store_key, cur.app, cur.path)
        except StoreLayersError as exc:
            errors.report(exc, "Nothing to remove")
            return None
        dlg = RemoveDialog(plan, self.view.dialog_parent())
        dlg.setObjectName("RemoveDialog")
        dlg.accepted.connect(lambda: self._remove(plan))
        dlg.open()
        return dlg

    def _remove(self, plan: scaffold.RemovalPlan, backup: bool = False) -> None:
        try:
            keep = (lambda p: system.backup(p, plan.within)) if backup else system.trash
            record = scaffold.remove_file(plan, keep)
        except system.NoTrash:  # no system trash here: ask, then keep the app's own backup for Undo
            dlg = NoTrashDialog(plan.source, str(system.backup_folder()), self.view.dialog_parent())
            dlg.setObjectName("NoTrashDialog")
            dlg.accepted.connect(lambda: self._remove(plan, backup=True))
            dlg.open()
            return
        except (StoreLayersError, OSError) as exc:
            errors.report(exc, "Override not removed")
            return
        self._remember(record)
        where = "the app's backup folder" if backup else "the trash"
        self.view.say(f"Moved {plan.source} to {where} (Ctrl+Z to undo)")
        self.view.edits_changed()
        self.view.refresh_paths([plan.source_abs], self._reshow)

    def undo(self) -> None:
        """Take back the last edit (without the shared undo stack)."""
        if self.undo_record is not None:
            self.undo_this(self.undo_record)

    def undo_this(self, record: UndoRecord) -> bool:
        """Take back one edit; False (and the reason shown) when it cannot be."""
        try:
            # a file the app created needs no system trash
            scaffold.undo(record, lambda p: system.trash_or_backup(p, record.within))
        except (StoreLayersError, OSError) as exc:
            errors.report(exc, "Cannot undo")
            return False
        if self.undo_record is record:
            self.undo_record = None
        self.view.say(f"Undone: {record.label}")
        self.view.edits_changed()
        self.view.refresh_paths([record.path_abs], self._reshow)
        return True

    def _reshow(self) -> None:
        self.view.show_file(None, None)


# ------------------------------------------------------------------ open, reveal, copy


class FileCommands:
    """Open, reveal or copy the path of the shown file's winner, or of one layer of its cascade."""

    def __init__(self, view: FileView) -> None:
        self.view = view

    def _winner(self) -> tuple[Workspace, str] | None:
        cur = self.view.shown_file()
        if cur is None:
            return None
        entry, _ = cur.ws.entry(cur.store_key, cur.app, cur.path)
        return (cur.ws, entry.source) if entry is not None else None

    def _winner_abs(self) -> Path | None:
        w = self._winner()
        return w[0].root / w[1] if w is not None else None

    def open_winner(self) -> None:
        p = self._winner_abs()
        if p is not None:
            system.open_in_editor(p)

    def reveal_winner(self) -> None:
        p = self._winner_abs()
        if p is not None:
            system.reveal(p)

    def open_link(self, link: ChainLink) -> None:
        ws = self.view.ws
        if ws is not None:
            system.open_in_editor(ws.root / link.source)

    def reveal_link(self, link: ChainLink) -> None:
        ws = self.view.ws
        if ws is not None:
            system.reveal(ws.root / link.source)

    def copy_path(self) -> None:
        w = self._winner()
        if w is not None:
            QApplication.clipboard().setText(w[1])
            self.view.say(f"Copied {w[1]}")


def tree_context_menu(
    view: QTreeView, actions: Actions, pos: QPoint, repairs: Sequence[tuple[str, Callable[[], None]]] = ()
) -> QMenu | None:
    """The effective tree's context menu: the layer actions on the row under the pointer, and first
    the repairs of the file's findings (`repairs`, for the current file)."""
    if not view.indexAt(pos).isValid():
        return None
    m = QMenu(view)
    m.setObjectName("TreeContextMenu")
    for text, run in repairs:
        m.addAction(text).triggered.connect(run)
    if repairs:
        m.addSeparator()
    for name in ("override", "remove", None, "edit", "reveal", "copy_path", None, "expand_changes", "collapse_all"):
        if name is None:
            m.addSeparator()
        else:
            m.addAction(actions[name])
    m.popup(view.viewport().mapToGlobal(pos))
    return m


# ------------------------------------------------------------------ going places


class GoTo:
    """Go to a file (a name, or a path pasted from a build error), or to a diagnostic's file."""

    def __init__(self, view: Navigator) -> None:
        self.view = view
        self._names: NameIndex | None = None  # the newest snapshot's, kept for the next search
        self._names_lock = threading.Lock()

    def names(self, ws: Workspace) -> NameIndex:
        """The file names of every layer of `ws`, made once per snapshot (on the worker)."""
        with self._names_lock:  # the search may ask while the one started on opening is made
            names = self._names
            if names is None or names.ws is not ws:
                names = self._names = NameIndex(ws)
            return names

    def file(self) -> GotoDialog | None:
        ws = self.view.ws
        if ws is None:
            return None
        key, app = self.view.store_key, self.view.app
        scope = "this store's effective tree"
        if key is not None and key in ws.stores:
            scope = f"{ws.stores[key].id}'s {app_label(app)} tree"  # the app named as the toolbar names it
        dlg = GotoDialog(
            self.view.shown_paths(),
            lambda text: locate(ws, unescape(text, lone_backslash="/")),
            self.view.dialog_parent(),
            tasks=self.view.tasks,
            elsewhere=(lambda text: self.names(ws).elsewhere(key, app, text))
            if key is not None and key in ws.stores
            else None,
            scope=scope,
        )
        dlg.setObjectName("GotoDialog")

        def picked() -> None:
            if dlg.chosen_location is not None:
                self.view.go_to_location(dlg.chosen_location)
            elif dlg.chosen_path is not None:
                self.view.focus_path(dlg.chosen_path)

        dlg.picked.connect(picked)
        dlg.finished.connect(dlg.deleteLater)  # one made per Ctrl+P: they piled up under the window
        dlg.open()
        if key is not None and key in ws.stores and (self._names is None or self._names.ws is not ws):
            self.view.tasks.run("goto-names", lambda: self.names(ws))  # ready before the first key, mostly
        return dlg

    def diagnostic(self, d: Diagnostic) -> None:
        ws = self.view.ws
        if ws is None or not d.path:
            return
        loc = locate(ws, d.path)
        if loc is not None:
            self.view.go_to_location(loc)
            return
        store = ws.stores.get(d.path)
        if store is not None:
            self.view.select_store(store.key)
            return
        self.view.say(f"{d.path}: not a file of any effective tree")


def override_reach(ws: Workspace, target: str, app: str, path: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The blast radius of a new copy of `path` in `target`'s layer: (ids of the stores that would
    take it: the target and the stores below it that get the path from the target or farther now;
    ids of the stores below that keep a nearer copy). Stores the path is ignored for take nothing."""
    takes: list[str] = []
    keeps: list[str] = []
    for d in ws.descendants(target):
        entry, _ignored = ws.entry(d, app, path)
        if entry is None:
            continue
        chain = ws.chain(d)
        farther = entry.winner_key not in chain or chain.index(entry.winner_key) >= chain.index(target)
        (takes if farther else keeps).append(ws.stores[d].id)
    return tuple(takes), tuple(keeps)


# ------------------------------------------------------------------ help


def show_help(view: StatusLine) -> None:
    dlg = HelpDialog(view.dialog_parent())
    dlg.setObjectName("HelpDialog")
    dlg.open()


def show_about(view: StatusLine, workspace: Callable[[], Workspace | None]) -> None:
    ws = workspace()
    faint = "style='color:gray'"
    QMessageBox.about(
        view.dialog_parent(),
        "About Store Layers",
        f"<b>Store Layers</b> {html.escape(version())}<br>"
        "See which layer every file of an Alokai Multistore store comes from."
        f"<br><br>Workspace: {html.escape(str(ws.root)) if ws else 'none'}"
        f"<br><span {faint}>Settings: {html.escape(settings_file())}"
        f"<br>Data folder (demo copy, backups): {html.escape(str(system.data_folder()))}"
        f"<br>{html.escape(runtime_versions())}</span>",
    )


def runtime_versions() -> str:
    """'Python 3.11.2 · Qt 6.7.1 · PySide6 6.7.1', for a bug report."""
    import platform

    import PySide6
    from PySide6.QtCore import qVersion

    return f"Python {platform.python_version()} \u00b7 Qt {qVersion()} \u00b7 PySide6 {PySide6.__version__}"
