"""Override in this layer, remove override, undo, and edits made outside the app showing live."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from storelayers.gui.dialogs import OverrideDialog, RemoveDialog

from tests.gui.conftest import NEXT, click_path, click_store, row


def _inherited_from_base(win, store: str) -> str:
    tree = win.ws.effective_tree(store, NEXT)
    return next(f.path for f in tree.files if f.layer == "base" and not f.special and "/" in f.path)


def _ok(dlg) -> None:
    dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_override_then_edit_then_remove_then_undo(qtbot, window, demo_copy, trash, messages) -> None:
    click_store(qtbot, window, "fashion-us")
    path = _inherited_from_base(window, "fashion-us")
    click_path(qtbot, window, path)
    assert row(window, path)[1:3] == ("base", "inherited")

    qtbot.keyClick(
        window.explorer.tree.view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    dlg = window.findChild(OverrideDialog, "OverrideDialog")
    assert dlg is not None and dlg.isVisible()
    dest = demo_copy / "apps/stores/fashion/stores/fashion-us" / NEXT / path
    assert dlg.destination.text() == f"apps/stores/fashion/stores/fashion-us/{NEXT}/{path}"
    ids = [t.store_id for t in dlg.targets]
    assert ids == ["fashion-us", "fashion"]  # the chain's stores, never the base
    _ok(dlg)  # the copy runs on the worker; wait for what the user sees, not for the next update signal
    qtbot.waitUntil(dest.is_file, timeout=10000)
    assert (demo_copy / "apps" / NEXT / path).read_bytes() == dest.read_bytes()
    qtbot.waitUntil(lambda: row(window, path)[1:3] == ("fashion-us", "redundant"), timeout=5000)
    assert window.path == path

    # An edit outside the app turns the copy into a real override, live.
    # Saved as editors save: a whole new file renamed over the old one, so no update can read it half-written.
    edited = dest.with_name(dest.name + ".tmp")
    edited.write_text(dest.read_text() + "\n// changed for the US store\n")
    os.replace(edited, dest)
    qtbot.waitUntil(lambda: row(window, path)[2] == "override", timeout=5000)

    qtbot.keyClick(window.explorer.tree.view, Qt.Key.Key_Delete)
    rdlg = window.findChild(RemoveDialog, "RemoveDialog")
    assert rdlg is not None and rdlg.isVisible()
    _ok(rdlg)
    qtbot.waitUntil(lambda: not dest.exists(), timeout=10000)
    assert len(list(trash.iterdir())) == 1  # moved to the trash, not deleted
    qtbot.waitUntil(lambda: row(window, path)[1:3] == ("base", "inherited"), timeout=5000)

    assert window.user_actions["undo"].isEnabled()
    window.activateWindow()  # the window manager does this when a dialog closes
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window.explorer.tree.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(dest.exists, timeout=5000)
    assert dest.read_text().endswith("// changed for the US store\n")
    qtbot.waitUntil(lambda: row(window, path)[2] == "override", timeout=5000)
    assert messages == []


def test_override_refuses_app_root_package_json(qtbot, window) -> None:
    click_store(qtbot, window, "fashion-us")
    click_path(qtbot, window, "package.json")
    window.user_actions["override"].trigger()
    dlg = window.findChild(OverrideDialog, "OverrideDialog")
    assert not dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert all(not t.valid and "rule 9" in t.reason for t in dlg.targets)
    dlg.reject()


def test_remove_shows_what_each_store_gets_instead(qtbot, window, trash) -> None:
    click_store(qtbot, window, "fashion")
    tree = window.ws.effective_tree("fashion", NEXT)
    own = next(f.path for f in tree.files if f.status.value == "override")
    click_path(qtbot, window, own)
    window.user_actions["remove"].trigger()
    dlg = window.findChild(RemoveDialog, "RemoveDialog")
    from PySide6.QtWidgets import QLabel

    lines = [lab.text() for lab in dlg.findChildren(QLabel) if lab.text().startswith("\u2022")]
    assert lines and "fashion:" in lines[0]
    dlg.reject()


def test_new_file_outside_the_app_appears(qtbot, window, demo_copy) -> None:
    click_store(qtbot, window, "fashion-us")
    new = demo_copy / "apps/stores/fashion/stores/fashion-us" / NEXT / "components/brand-new/Thing.tsx"
    new.parent.mkdir(parents=True)
    expanded_before = set(window.explorer.tree.expanded)
    new.write_text("export const Thing = 1;\n")
    qtbot.waitUntil(lambda: window.explorer.tree.model.find("components/brand-new/Thing.tsx") is not None, timeout=5000)
    assert row(window, "components/brand-new/Thing.tsx")[1:3] == ("fashion-us", "added")
    assert expanded_before <= window.explorer.tree.expanded  # expanded folders are kept
    new.unlink()
    qtbot.waitUntil(lambda: window.explorer.tree.model.find("components/brand-new/Thing.tsx") is None, timeout=5000)


def test_remove_button_never_trashes_a_file_outside_the_workspace(qtbot, window, demo_copy, trash, messages, tmp_path):
    import os
    import shutil

    click_store(qtbot, window, "fashion")
    tree = window.ws.effective_tree("fashion", NEXT)
    own = next(f.path for f in tree.files if f.status.value == "override" and "/" in f.path)
    click_path(qtbot, window, own)
    window.user_actions["remove"].trigger()
    dlg = window.findChild(RemoveDialog, "RemoveDialog")
    assert dlg is not None and dlg.isVisible()
    # While the dialog is open, the file's folder is swapped for a link to an identical copy outside.
    layer_file = demo_copy / "apps/stores/fashion" / NEXT / own
    outside = tmp_path / "outside-copy"
    shutil.copytree(layer_file.parent, outside, copy_function=shutil.copy2)
    moved = layer_file.parent.with_name(layer_file.parent.name + "-moved")
    os.rename(layer_file.parent, moved)
    os.symlink(outside, layer_file.parent)
    _ok(dlg)
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    assert "outside the workspace" in messages[-1]
    assert (outside / layer_file.name).is_file()
    assert list(trash.iterdir()) == []
