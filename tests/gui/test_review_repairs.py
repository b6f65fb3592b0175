"""Repairs in the app (issue 12), driven like a person: pick a finding in the review, click its
repair, read the preview, Apply, see the file on disk and the list follow; Ctrl+Z takes it back,
Ctrl+Shift+Z applies it again; a file changed after the preview refuses the repair; a conflicting
rebase opens the merge view; the explorer's menu offers the same repairs for a file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QMenu
from shiboken6 import isValid
from storelayers.gui.review.merge_view import MergeDialog
from storelayers.gui.review.plan_dialog import PlanDialog
from storelayers.gui.review.rows_model import PayloadRole

from tests.gitrepo import commit, has_git, init
from tests.gui.conftest import click_path, click_store, close_window, open_window
from tests.resolver.repairs_fixture import C1, C2, C3, LINES, S1, S2, TPL, make
from tests.wsbuilder import build, store

pytestmark = pytest.mark.skipif(not has_git(), reason="git is not installed")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """The repairs fixture built once (its git history too); each test works on a copy."""
    return make(tmp_path_factory.mktemp("repairs") / "ws")


@pytest.fixture(scope="module")
def conflict_template(tmp_path_factory) -> Path:
    return conflicting(tmp_path_factory.mktemp("conflict") / "ws")


@pytest.fixture
def win(qtbot, tmp_path: Path, messages: list[str], template: Path):
    """The main window on the repairs fixture (a git history with one finding of each kind)."""
    root = tmp_path / "ws"
    shutil.copytree(template, root, symlinks=True)
    w = open_window(qtbot, root, messages, size=(1366, 768))
    yield w
    close_window(w)


def root_of(w) -> Path:
    return Path(w.ws.root)


def open_review(qtbot, w) -> None:
    w.activateWindow()  # the window manager does this when a dialog closes
    qtbot.waitUntil(w.isActiveWindow, timeout=3000)
    qtbot.keyClick(w, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert w.view == "review"
    qtbot.waitUntil(lambda: w.review_panel.reviewed_ws is w.ws and w.review_panel.result is not None, timeout=20000)


def show_tab(w, lst) -> None:
    tabs = w.review_panel.tabs
    tabs.setCurrentIndex(tabs.indexOf(lst))


def click_row(qtbot, lst, match, column: int = 1) -> object:
    """Click the row whose finding satisfies `match` (in `column`); returns that finding."""
    for r in range(lst.proxy.rowCount()):
        f = lst.proxy.index(r, 0).data(PayloadRole)
        if match(f):
            idx = lst.proxy.index(r, column)
            lst.view.scrollTo(idx)
            qtbot.mouseClick(lst.view.viewport(), Qt.MouseButton.LeftButton, pos=lst.view.visualRect(idx).center())
            assert lst.current() is f
            return f
    raise AssertionError(f"no such row in {rows(lst)}")


def rows(lst) -> list[tuple[str, str]]:
    """(store, path) of each row as shown."""
    return [(lst.proxy.index(r, 0).data(), lst.proxy.index(r, 2).data()) for r in range(lst.proxy.rowCount())]


def plan_dialog(qtbot, w) -> PlanDialog:
    qtbot.waitUntil(lambda: w.findChild(PlanDialog) is not None and w.findChild(PlanDialog).isVisible(), timeout=10000)
    return w.findChild(PlanDialog)


def reviewed(qtbot, w, old) -> None:
    """Wait for a fresh review after a change (`old`: the review shown before), none pending."""
    qtbot.waitUntil(lambda: w.review_panel.result is not old and not w.review_link.pending, timeout=20000)


def closed(dlg) -> bool:
    """The dialog was closed (and perhaps deleted already)."""
    return not isValid(dlg) or not dlg.isVisible()


def apply(qtbot, w, dlg: PlanDialog) -> None:
    """Click Apply; wait for the file change and the fresh review that shows it."""
    old = w.review_panel.result
    qtbot.mouseClick(dlg.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(dlg), timeout=10000)
    reviewed(qtbot, w, old)


def key(qtbot, w, k, mods) -> None:
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=3000)
    old = w.review_panel.result
    qtbot.keyClick(w.review_panel.tabs.currentWidget().view, k, mods)
    reviewed(qtbot, w, old)


CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_finding_f1_rebase_from_the_stale_list_previews_applies_undoes_and_redoes(qtbot, win, messages) -> None:
    open_review(qtbot, win)
    panel = win.review_panel
    show_tab(win, panel.stale_list)
    assert panel.tabs.tabText(panel.tabs.indexOf(panel.stale_list)) == "Stale (2)"
    assert not panel.rebase_button.isEnabled()  # nothing picked yet
    click_row(qtbot, panel.stale_list, lambda f: f.override.source == f"{S1}/a.ts")
    assert panel.rebase_button.isEnabled()
    qtbot.mouseClick(panel.rebase_button, Qt.MouseButton.LeftButton)
    dlg = plan_dialog(qtbot, win)
    summary = dlg.summary.toPlainText()
    assert f"Write {S1}/a.ts" in summary
    assert "base's 1 newer commit merged in, the store's own changes kept" in summary
    assert "s1 (deployable) web/a.ts: s1 \u2192 s1, content changes at line 15" in summary
    assert "-line 15\n+line 15 fixed in base\n" in dlg.diff.toPlainText()
    assert dlg.apply_button.isEnabled() and dlg.apply_button.text() == "Apply"
    a = root_of(win) / S1 / "a.ts"
    before = a.read_bytes()
    apply(qtbot, win, dlg)
    assert a.read_text() == LINES.replace("line 3\n", "line 3 by s1\n").replace("line 15\n", "line 15 fixed in base\n")
    # rebased, not committed yet: the override last changed now, after base's change, so it is current
    assert ("s1", "a.ts") not in rows(panel.stale_list)
    assert panel.tabs.tabText(panel.tabs.indexOf(panel.stale_list)) == "Stale (1)"
    assert win.user_actions["undo"].isEnabled() and "rebase" in win.user_actions["undo"].toolTip()

    key(qtbot, win, Qt.Key.Key_Z, CTRL)  # Ctrl+Z: the repair is taken back
    assert a.read_bytes() == before
    assert ("s1", "a.ts") in rows(panel.stale_list)
    assert win.user_actions["redo"].isEnabled()
    key(qtbot, win, Qt.Key.Key_Z, CTRL_SHIFT)  # Ctrl+Shift+Z: applied again
    assert "line 15 fixed in base" in a.read_text()
    assert ("s1", "a.ts") not in rows(panel.stale_list)
    assert not win.user_actions["redo"].isEnabled()
    assert messages == []


def test_cleanup_of_ticked_rows_removes_both_in_one_plan_and_one_undo(qtbot, win, messages) -> None:
    open_review(qtbot, win)
    panel = win.review_panel
    lst = panel.cleanup_list
    show_tab(win, lst)
    assert sorted(rows(lst)) == [("s1", "b.ts"), ("s1", "d.ts")]
    kinds = sorted(lst.proxy.index(r, 3).data() for r in range(lst.proxy.rowCount()))
    assert kinds == ["cosmetic", "redundant"]
    assert not panel.cleanup_button.isEnabled()
    for name in ("b.ts", "d.ts"):  # tick each row: click it, then Space
        click_row(qtbot, lst, lambda f, n=name: f.override.path == n, column=0)
        qtbot.keyClick(lst.view, Qt.Key.Key_Space)
    assert panel.cleanup_button.text() == "Clean up selected (2)\u2026" and panel.cleanup_button.isEnabled()
    qtbot.mouseClick(panel.cleanup_button, Qt.MouseButton.LeftButton)
    dlg = plan_dialog(qtbot, win)
    summary = dlg.summary.toPlainText()
    assert f"Remove {S1}/b.ts" in summary and f"Remove {S1}/d.ts" in summary
    assert "s1 (deployable) web/b.ts: s1 \u2192 base, same content" in summary
    assert "s1 (deployable) web/d.ts: s1 \u2192 base, content changes" in summary
    assert "Check: 1 composed file of s1 changes (cosmetic: whitespace or comments only)" in summary
    assert not dlg.diff.isVisible()  # removals only: no diff pane
    b, d = root_of(win) / S1 / "b.ts", root_of(win) / S1 / "d.ts"
    saved = b.read_bytes(), d.read_bytes()
    apply(qtbot, win, dlg)
    assert not b.exists() and not d.exists()
    assert rows(lst) == []
    assert panel.tabs.tabText(panel.tabs.indexOf(lst)) == "Redundant && cosmetic (0)"  # "&&" shows one "&"
    key(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert (b.read_bytes(), d.read_bytes()) == saved  # one undo brings both back
    assert sorted(rows(lst)) == [("s1", "b.ts"), ("s1", "d.ts")]
    assert messages == []


def test_a_file_changed_after_the_preview_refuses_the_repair_and_changes_nothing(qtbot, win, messages) -> None:
    open_review(qtbot, win)
    panel = win.review_panel
    show_tab(win, panel.cleanup_list)
    click_row(qtbot, panel.cleanup_list, lambda f: f.override.path == "b.ts")
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    dlg = plan_dialog(qtbot, win)
    assert f"Remove {S1}/b.ts" in dlg.summary.toPlainText()
    b = root_of(win) / S1 / "b.ts"
    b.write_text("export const b = 2; // edited in another editor\n", encoding="utf-8")
    qtbot.mouseClick(dlg.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Not applied" in dlg.status.text(), timeout=10000)
    assert dlg.isVisible()
    assert dlg.status.text() == (f"Not applied, nothing was changed: {S1}/b.ts: changed since the plan was made")
    assert not dlg.apply_button.isEnabled()
    assert b.read_text() == "export const b = 2; // edited in another editor\n"
    assert not win.user_actions["undo"].isEnabled()  # nothing to take back
    dlg.reject()
    assert messages == []


def test_finding_f5_move_up_names_the_others_and_keeps_them_when_asked(qtbot, win, messages) -> None:
    open_review(qtbot, win)
    panel = win.review_panel
    show_tab(win, panel.hot_list)
    click_row(qtbot, panel.hot_list, lambda h: h.path == "comp/x.tsx")
    qtbot.mouseClick(panel.move_up_button, Qt.MouseButton.LeftButton)
    dlg = plan_dialog(qtbot, win)
    summary = dlg.summary.toPlainText()
    assert f"Create {TPL}/comp/x.tsx" in summary
    assert f"Remove {C1}/comp/x.tsx" in summary and f"Remove {C2}/comp/x.tsx" in summary
    assert "c3 (deployable) web/comp/x.tsx: base \u2192 tpl, content changes" in summary  # named
    assert "would take the moved copy: c3" in summary
    assert dlg.keep_others is not None and not dlg.keep_others.isChecked()
    dlg.keep_others.click()  # keep the others as they are: a new plan
    qtbot.waitUntil(lambda: f"Create {C3}/comp/x.tsx" in dlg.summary.toPlainText(), timeout=10000)
    assert "a copy of what c3 has today, so its branch keeps it" in dlg.summary.toPlainText()
    assert dlg.apply_button.isEnabled()
    base_copy = (root_of(win) / "apps/web/comp/x.tsx").read_bytes()
    apply(qtbot, win, dlg)
    r = root_of(win)
    assert (r / TPL / "comp/x.tsx").read_text() == "export const X = 'shared';\n"
    assert not (r / C1 / "comp/x.tsx").exists() and not (r / C2 / "comp/x.tsx").exists()
    assert (r / C3 / "comp/x.tsx").read_bytes() == base_copy
    assert rows(panel.hot_list) == []
    assert messages == []


def test_finding_f2_orphan_moves_to_the_renamed_path_or_is_removed(qtbot, win, messages) -> None:
    open_review(qtbot, win)
    panel = win.review_panel
    lst = panel.orphan_list
    show_tab(win, lst)
    assert sorted(rows(lst)) == [("s1", "comp/old.tsx"), ("s2", "comp/gone.tsx")]
    click_row(qtbot, lst, lambda o: o.path == "comp/gone.tsx")
    assert not panel.orphan_move_button.isEnabled() and panel.orphan_remove_button.isEnabled()  # deleted: no new path
    click_row(qtbot, lst, lambda o: o.path == "comp/old.tsx")
    assert panel.orphan_move_button.isEnabled()
    qtbot.mouseClick(panel.orphan_move_button, Qt.MouseButton.LeftButton)
    dlg = plan_dialog(qtbot, win)
    summary = dlg.summary.toPlainText()
    assert f"Create {S1}/comp/new.tsx" in summary and f"Remove {S1}/comp/old.tsx" in summary
    assert "renamed to apps/web/comp/new.tsx" in summary
    old = root_of(win) / S1 / "comp/old.tsx"
    content = old.read_bytes()
    apply(qtbot, win, dlg)
    assert not old.exists() and (root_of(win) / S1 / "comp/new.tsx").read_bytes() == content
    assert rows(lst) == [("s2", "comp/gone.tsx")]
    assert ("s1", "web", "comp/new.tsx") in {
        (o.store_id, o.app, o.path) for o in panel.result.overrides
    }  # an override again

    click_row(qtbot, lst, lambda o: o.path == "comp/gone.tsx")
    qtbot.mouseClick(panel.orphan_remove_button, Qt.MouseButton.LeftButton)
    dlg = plan_dialog(qtbot, win)
    assert f"Remove {S2}/comp/gone.tsx" in dlg.summary.toPlainText()
    apply(qtbot, win, dlg)
    assert not (root_of(win) / S2 / "comp/gone.tsx").exists() and rows(lst) == []
    assert messages == []


def test_the_explorers_menu_offers_the_files_repair(qtbot, win, messages) -> None:
    open_review(qtbot, win)
    win.user_actions["show_explorer"].trigger()
    click_store(qtbot, win, "s1")
    click_path(qtbot, win, "a.ts")
    assert win.user_actions["repair"].isEnabled()
    assert win.user_actions["repair"].text() == "Rebase Stale Override\u2026"
    view = win.explorer.tree.view
    pos = view.visualRect(view.currentIndex()).center()
    view.customContextMenuRequested.emit(pos)  # what a right-click asks for
    menu = next(
        m for m in QApplication.topLevelWidgets() if isinstance(m, QMenu) and m.objectName() == "TreeContextMenu"
    )
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts[0] == "Rebase Stale Override\u2026"
    first = menu.actions()[0]
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(first).center())
    dlg = plan_dialog(qtbot, win)
    assert f"Write {S1}/a.ts" in dlg.summary.toPlainText()
    dlg.reject()

    click_path(qtbot, win, "b.ts")
    assert win.user_actions["repair"].text() == "Remove Redundant Override\u2026"
    win.user_actions["repair"].trigger()
    dlg = plan_dialog(qtbot, win)
    assert f"Remove {S1}/b.ts" in dlg.summary.toPlainText()
    dlg.reject()
    assert messages == []


# --------------------------------------------------------------------------------------- merge view

BASE = "".join(f"line {i}\n" for i in range(1, 31))


def conflicting(root: Path) -> Path:
    """A store that changed lines 5 and 25 of a file whose base then changed the same two lines."""
    spec = {
        "alokai.config.json": {"stores": {"m": {"deployment": {"framework": "nextjs"}}}},
        "apps": {
            "web": {"package.json": "{}", "f.ts": BASE},
            "stores": {
                "m": store(
                    {"web": {"f.ts": BASE.replace("line 5\n", "line 5 m\n").replace("line 25\n", "line 25 m\n")}}
                )
            },
        },
    }
    build(root, spec)
    init(root)
    commit(root, "base", 0, ("apps/web",))
    commit(root, "store", 1)
    (root / "apps/web/f.ts").write_text(
        BASE.replace("line 5\n", "line 5 base\n").replace("line 25\n", "line 25 base\n"), encoding="utf-8"
    )
    commit(root, "base moves on", 5)
    return root


def test_merge_view_walks_conflicts_takes_sides_and_saves_undoably(
    qtbot, win, tmp_path: Path, conflict_template: Path, messages
) -> None:
    root = tmp_path / "conflict"
    shutil.copytree(conflict_template, root, symlinks=True)
    with qtbot.waitSignal(win.tree_ready, timeout=10000):
        win.open_workspace(root)
    open_review(qtbot, win)
    panel = win.review_panel
    show_tab(win, panel.stale_list)
    click_row(qtbot, panel.stale_list, lambda f: f.override.path == "f.ts")
    qtbot.mouseClick(panel.rebase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: win.findChild(MergeDialog) is not None and win.findChild(MergeDialog).isVisible(), timeout=10000
    )
    dlg = win.findChild(MergeDialog)
    assert "merging them left 2 conflicts" in dlg.head.text()
    assert dlg.base_then.toPlainText() == BASE
    assert "line 5 base" in dlg.base_now.toPlainText() and "line 5 m" in dlg.ours.toPlainText()
    assert dlg.counter.text() == "conflict 1 of 2"
    assert not dlg.save_button.isEnabled()
    assert dlg.editor.textCursor().block().text().startswith("<<<<<<<")

    qtbot.keyClick(dlg.editor, Qt.Key.Key_F7)  # F7: the next conflict
    assert dlg.counter.text() == "conflict 2 of 2"
    assert dlg.editor.textCursor().blockNumber() > 20
    qtbot.keyClick(dlg.editor, Qt.Key.Key_F7, Qt.KeyboardModifier.ShiftModifier)  # Shift+F7: back
    assert dlg.counter.text() == "conflict 1 of 2"

    qtbot.mouseClick(dlg.take_theirs, Qt.MouseButton.LeftButton)  # line 5: the base's
    assert dlg.counter.text() == "conflict 1 of 1"
    assert not dlg.save_button.isEnabled()
    qtbot.mouseClick(dlg.take_ours, Qt.MouseButton.LeftButton)  # line 25: the store's
    assert dlg.counter.text() == "no conflicts left"
    assert dlg.save_button.isEnabled()
    assert not any(m in dlg.editor.toPlainText() for m in ("<<<<<<<", "|||||||", "=======", ">>>>>>>"))

    f = root / "apps/stores/m/web/f.ts"
    before = f.read_bytes()
    old = panel.result
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(dlg), timeout=10000)
    assert f.read_text() == BASE.replace("line 5\n", "line 5 base\n").replace("line 25\n", "line 25 m\n")
    reviewed(qtbot, win, old)
    assert rows(panel.stale_list) == []  # merged, not committed yet: it last changed now, so it is current
    key(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert f.read_bytes() == before
    assert rows(panel.stale_list) == [("m", "f.ts")]  # taken back: behind again
    assert messages == []


def test_merge_view_edit_by_hand_and_take_both(qtbot, win, tmp_path: Path, conflict_template: Path) -> None:
    root = tmp_path / "conflict"
    shutil.copytree(conflict_template, root, symlinks=True)
    with qtbot.waitSignal(win.tree_ready, timeout=10000):
        win.open_workspace(root)
    open_review(qtbot, win)
    panel = win.review_panel
    show_tab(win, panel.stale_list)
    click_row(qtbot, panel.stale_list, lambda f: f.override.path == "f.ts")
    qtbot.mouseClick(panel.rebase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: win.findChild(MergeDialog) is not None and win.findChild(MergeDialog).isVisible(), timeout=10000
    )
    dlg = win.findChild(MergeDialog)
    qtbot.mouseClick(dlg.take_both, Qt.MouseButton.LeftButton)
    assert "line 5 m\nline 5 base\n" in dlg.editor.toPlainText()
    assert dlg.counter.text() == "conflict 1 of 1"
    # the last conflict edited by hand: click each marker line and delete it, as a person would
    ed = dlg.editor
    for _ in range(4):
        block = next(
            b
            for b in (ed.document().findBlockByNumber(i) for i in range(ed.document().blockCount()))
            if b.text().startswith(("<<<<<<<", "|||||||", "=======", ">>>>>>>"))
        )
        ed.centerCursor()
        cur = QTextCursor(block)
        ed.setTextCursor(cur)
        ed.ensureCursorVisible()
        qtbot.mouseClick(ed.viewport(), Qt.MouseButton.LeftButton, pos=ed.cursorRect(cur).center())
        qtbot.keyClick(ed, Qt.Key.Key_Home)
        qtbot.keyClick(ed, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
        qtbot.keyClick(ed, Qt.Key.Key_Delete)
    assert dlg.counter.text() == "no conflicts left" and dlg.save_button.isEnabled()
    qtbot.keyClick(ed, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(ed, Qt.Key.Key_Return)
    qtbot.keyClicks(ed, "=======")  # a marker typed back: Save is off again
    assert not dlg.save_button.isEnabled()
    dlg.reject()


def test_conflicts_are_parsed_from_a_diff3_merge() -> None:
    from storelayers.gui.review.merge_view import find_conflicts

    text = "a\n<<<<<<< ours\nO\n||||||| base\nB\n=======\nT\n>>>>>>> theirs\nz\n<<<<<<< lone\nq\n"
    (c,) = find_conflicts(text)
    assert (c.start, c.end, c.ours, c.base, c.theirs) == (1, 7, "O\n", "B\n", "T\n")


def test_one_undo_stack_takes_back_a_repair_then_an_override_made_before_it(qtbot, win, messages) -> None:
    from PySide6.QtWidgets import QDialogButtonBox
    from storelayers.gui.dialogs import OverrideDialog

    click_store(qtbot, win, "s1")
    click_path(qtbot, win, "comp/x.tsx")  # inherited from base: override it in s1
    win.user_actions["override"].trigger()
    odlg = win.findChild(OverrideDialog, "OverrideDialog")
    odlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    made = root_of(win) / S1 / "comp/x.tsx"
    qtbot.waitUntil(made.is_file, timeout=10000)  # the copy runs on the worker; a live update may come first

    open_review(qtbot, win)
    panel = win.review_panel
    show_tab(win, panel.cleanup_list)
    click_row(qtbot, panel.cleanup_list, lambda f: f.override.path == "b.ts")
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    apply(qtbot, win, plan_dialog(qtbot, win))
    b = root_of(win) / S1 / "b.ts"
    assert not b.exists()

    key(qtbot, win, Qt.Key.Key_Z, CTRL)  # the newest first: the repair
    assert b.exists() and made.exists()
    assert win.user_actions["redo"].isEnabled()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=3000)
    qtbot.keyClick(panel.cleanup_list.view, Qt.Key.Key_Z, CTRL)  # then the override made before it
    qtbot.waitUntil(lambda: not made.exists(), timeout=10000)
    assert not win.user_actions["undo"].isEnabled()
    assert not win.user_actions["redo"].isEnabled()  # an undone override cannot be redone, nor what came after it
    assert messages == []
