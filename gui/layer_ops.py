"""What the window does to files: override in this layer, remove override, undo, open, reveal, go to.

The logic (valid targets, atomic copy, fallbacks) is the resolver's (`resolver.scaffold`); this
module asks the user, calls it, and shows the result. Dialogs are opened window-modal and never
block the event loop, so live updates keep flowing while one is open.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox
from storelayers.gui import errors, system
from storelayers.gui.dialogs import HelpDialog, NoTrashDialog, OverrideDialog, RemoveDialog
from storelayers.gui.goto import GotoDialog
from storelayers.resolver import ChainLink, Diagnostic
from storelayers.resolver.cli.main import version
from storelayers.resolver.cli.textout import unescape
from storelayers.resolver.errors import StoreLayersError
from storelayers.resolver.locate import locate
from storelayers.resolver.ops import scaffold

if TYPE_CHECKING:
    from storelayers.gui.main_window import MainWindow


def _current(win: MainWindow) -> tuple | None:
    if win.ws is None or win.store_key is None or win.path is None:
        return None
    return win.ws, win.store_key, win.app, win.path


# ------------------------------------------------------------------ override


def override(win: MainWindow) -> OverrideDialog | None:
    cur = _current(win)
    if cur is None:
        return None
    ws, key, app, path = cur
    targets = scaffold.override_targets(ws, key, app, path)
    entry, _ = ws.entry(key, app, path)
    source = entry.source if entry is not None else path
    dlg = OverrideDialog(path, source, targets, win)
    dlg.setObjectName("OverrideDialog")
    dlg.accepted.connect(lambda: _do_override(win, ws, key, app, path, dlg.chosen(), dlg.open_after.isChecked()))
    dlg.open()
    return dlg


def _do_override(win: MainWindow, ws, key: str, app: str, path: str, target, open_after: bool) -> None:
    if target is None:
        return
    try:
        plan = scaffold.plan_override(ws, key, app, path, target.store_key)  # as shown
        record = scaffold.write_override(plan)
    except (StoreLayersError, OSError) as exc:
        errors.report(exc, "Override not created")
        return
    win.undo_record = record
    win.status_text.setText(f"Created {plan.destination}")

    def then() -> None:
        if target.store_key != win.store_key:
            win.select_store(target.store_key)
        win.tree_panel.select_path(plan.path)
        win._file_selected(plan.path)
        if open_after:
            system.open_in_editor(plan.destination_abs)

    win.refresh_paths([plan.destination_abs], then)


# ------------------------------------------------------------------ removal


def remove(win: MainWindow) -> RemoveDialog | None:
    cur = _current(win)
    if cur is None:
        return None
    ws, key, app, path = cur
    try:
        plan = scaffold.plan_removal(ws, key, app, path)
    except StoreLayersError as exc:
        errors.report(exc, "Nothing to remove")
        return None
    dlg = RemoveDialog(plan, win)
    dlg.setObjectName("RemoveDialog")
    dlg.accepted.connect(lambda: _do_remove(win, plan))
    dlg.open()
    return dlg


def _do_remove(win: MainWindow, plan: scaffold.RemovalPlan, backup: bool = False) -> None:
    try:
        record = scaffold.remove_file(plan, system.backup if backup else system.trash)
    except system.NoTrash:  # no system trash here: ask, then keep the app's own backup for Undo
        dlg = NoTrashDialog(plan.source, str(system.backup_folder()), win)
        dlg.setObjectName("NoTrashDialog")
        dlg.accepted.connect(lambda: _do_remove(win, plan, backup=True))
        dlg.open()
        return
    except (StoreLayersError, OSError) as exc:
        errors.report(exc, "Override not removed")
        return
    win.undo_record = record
    where = "the app's backup folder" if backup else "the trash"
    win.status_text.setText(f"Moved {plan.source} to {where} (Ctrl+Z to undo)")
    win.refresh_paths([plan.source_abs], lambda: win._file_selected(win.tree_panel.current_path()))


def undo(win: MainWindow) -> None:
    record = win.undo_record
    if record is None:
        return
    try:
        scaffold.undo(record, system.trash_or_backup)  # a file the app created needs no system trash
    except (StoreLayersError, OSError) as exc:
        errors.report(exc, "Cannot undo")
        return
    win.undo_record = None
    win.status_text.setText(f"Undone: {record.label}")
    win.refresh_paths([record.path_abs], lambda: win._file_selected(win.tree_panel.current_path()))


# ------------------------------------------------------------------ open, reveal, copy


def _winner_abs(win: MainWindow) -> Path | None:
    cur = _current(win)
    if cur is None:
        return None
    ws, key, app, path = cur
    entry, _ = ws.entry(key, app, path)
    return ws.root / entry.source if entry is not None else None


def open_winner(win: MainWindow) -> None:
    p = _winner_abs(win)
    if p is not None:
        system.open_in_editor(p)


def reveal_winner(win: MainWindow) -> None:
    p = _winner_abs(win)
    if p is not None:
        system.reveal(p)


def open_link(win: MainWindow, link: ChainLink) -> None:
    if win.ws is not None:
        system.open_in_editor(win.ws.root / link.source)


def reveal_link(win: MainWindow, link: ChainLink) -> None:
    if win.ws is not None:
        system.reveal(win.ws.root / link.source)


def copy_path(win: MainWindow) -> None:
    cur = _current(win)
    if cur is None:
        return
    ws, key, app, path = cur
    entry, _ = ws.entry(key, app, path)
    if entry is not None:
        QApplication.clipboard().setText(entry.source)
        win.status_text.setText(f"Copied {entry.source}")


def context_menu(win: MainWindow, pos: QPoint) -> None:
    view = win.tree_panel.view
    if not view.indexAt(pos).isValid():
        return
    m = QMenu(view)
    for name in ("override", "remove", None, "edit", "reveal", "copy_path", None, "expand_changes", "collapse_all"):
        if name is None:
            m.addSeparator()
        else:
            m.addAction(win.actions[name])
    m.popup(view.viewport().mapToGlobal(pos))


# ------------------------------------------------------------------ going places


def go_to_file(win: MainWindow) -> GotoDialog | None:
    ws = win.ws
    if ws is None:
        return None
    paths = goto_paths(win)
    dlg = GotoDialog(paths, lambda text: locate(ws, unescape(text, lone_backslash="/")), win, tasks=win.tasks)
    dlg.setObjectName("GotoDialog")

    def picked() -> None:
        if dlg.chosen_location is not None:
            win.go_to_location(dlg.chosen_location)
        elif dlg.chosen_path is not None:
            win.tree_panel.select_path(dlg.chosen_path)
            win.tree_panel.view.setFocus()

    dlg.picked.connect(picked)
    dlg.open()
    return dlg


def goto_paths(win: MainWindow) -> list[str]:
    """The shown store's paths, from the resolver's (cached) tree: no walk over the model's nodes."""
    ws, key, app = win.ws, win.store_key, win.app
    if ws is None or key is None or not app:
        return []
    tree = ws.effective_tree(key, app)
    paths = [f.path for f in tree.files]
    if win.tree_flags()[1]:
        paths.extend(tree.ignored)
    return paths


def go_to_diagnostic(win: MainWindow, d: Diagnostic) -> None:
    if win.ws is None or not d.path:
        return
    loc = locate(win.ws, d.path)
    if loc is not None:
        win.go_to_location(loc)
        return
    store = win.ws.stores.get(d.path)
    if store is not None:
        win.select_store(store.key)
        return
    win.status_text.setText(f"{d.path}: not a file of any effective tree")


def show_help(win: MainWindow) -> None:
    dlg = HelpDialog(win)
    dlg.setObjectName("HelpDialog")
    dlg.open()


def show_about(win: MainWindow) -> None:
    QMessageBox.about(
        win,
        "About Store Layers",
        f"<b>Store Layers</b> {html.escape(version())}<br>"
        "See which layer every file of an Alokai Multistore store comes from."
        f"<br><br>Workspace: {html.escape(str(win.ws.root)) if win.ws else 'none'}",
    )
