"""Issue #11, the explorer as a daily driver: driven like a person, checked by what is on screen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QImage
from PySide6.QtWidgets import QLabel, QToolButton
from storelayers.gui.cascade import human_size
from storelayers.gui.store_model import KindRole

from tests.gui.conftest import NEXT, click_path, click_store

HEADER_FILES = (
    "components/header/Header.tsx",
    "components/header/LocaleSwitcher.tsx",
    "components/header/Navigation.tsx",
)


def _shown_titles(win) -> list[str]:
    """The cascade's file titles a user can see (labels shown inside the pane)."""
    return [
        lab.text()
        for lab in win.explorer.detail.cascade.findChildren(QLabel, "CascadePath")
        if lab.isVisibleTo(win.explorer.detail.cascade) and not lab.geometry().isEmpty()
    ]


def test_cascade_shows_one_title_after_many_selections(qtbot, window) -> None:
    click_store(qtbot, window, "fashion-de")
    for _ in range(2):
        for path in HEADER_FILES:
            click_path(qtbot, window, path)
            qtbot.waitUntil(lambda p=path: _shown_titles(window) == [f"<b>{p}</b>"], timeout=3000)
    window.resize(1000, 700)
    qtbot.waitUntil(lambda: _shown_titles(window) == [f"<b>{HEADER_FILES[-1]}</b>"], timeout=3000)
    labels = window.explorer.detail.cascade.findChildren(QLabel, "CascadePath")
    assert len([lab for lab in labels if lab.isVisibleTo(window.explorer.detail.cascade)]) == 1


def _diff_lines(win) -> list[str]:
    text = win.explorer.detail.diff.canvas.text
    return list(text.right_lines) if text is not None else []


def test_diff_and_cascade_follow_an_edit_of_the_shown_file(qtbot, window, demo_copy) -> None:
    click_store(qtbot, window, "fashion-de")
    tree = window.ws.effective_tree("fashion-de", NEXT)
    own = next(f for f in tree.files if f.status.value == "override" and f.layer == "fashion-de")
    click_path(qtbot, window, own.path)
    qtbot.waitUntil(lambda: bool(_diff_lines(window)), timeout=5000)
    summary_before = window.explorer.detail.diff.summary.text()
    target = demo_copy / own.source
    with target.open("a", encoding="utf-8") as fh:  # as another editor would
        fh.write("export const editedElsewhere = 1;\n" * 40)
    size = human_size(target.stat().st_size)
    qtbot.waitUntil(lambda: "export const editedElsewhere = 1;" in _diff_lines(window), timeout=8000)
    assert window.explorer.detail.diff.summary.text() != summary_before
    sizes = [
        lab.text()
        for lab in window.explorer.detail.cascade.findChildren(QLabel)
        if lab.isVisibleTo(window.explorer.detail.cascade)
    ]
    assert size in sizes


def test_making_a_store_deployable_in_the_config_shows_at_once(qtbot, window, demo_copy) -> None:
    key = window.ws.store("fashion-eu").key
    kind = lambda: window.explorer.stores.model.index_for_key(key).data(KindRole)  # noqa: E731 - what the delegate paints
    assert kind() == "template"
    cfg_path = demo_copy / "alokai.config.json"
    cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
    cfg["stores"]["fashion-eu"] = {"deployment": {"framework": "nextjs"}}  # rule 2 (v2): a deployment object
    cfg_path.write_text(json.dumps(cfg, indent=2), encoding="utf-8")
    qtbot.waitUntil(lambda: kind() == "deployable", timeout=8000)
    assert "deployable" in window.explorer.stores.model.index_for_key(key).data(Qt.ItemDataRole.ToolTipRole)


def _shot_differs(a: QImage, b: QImage) -> float:
    """The share of pixels that differ between two pictures (compared at 1/8 size)."""
    a = a.scaled(a.width() // 8, a.height() // 8).convertToFormat(QImage.Format.Format_RGB32)
    b = b.scaled(a.width(), a.height()).convertToFormat(QImage.Format.Format_RGB32)
    differ = sum(1 for y in range(a.height()) for x in range(a.width()) if a.pixel(x, y) != b.pixel(x, y))
    return differ / (a.width() * a.height())


@pytest.mark.parametrize("view", ["tree", "diff", "review"])
def test_screenshot_waits_for_everything_its_view_shows(qapp, tmp_path, demo_copy, view) -> None:
    from storelayers.gui import app as gui_app
    from storelayers.gui.settings import GuiSettings

    seen: dict[str, object] = {}

    def inspect(win) -> None:
        seen["status"] = win.status.text.text()
        seen["tree"] = win.explorer.tree.title.text()
        seen["rows"] = win.explorer.tree.proxy.rowCount()
        seen["titles"] = _shown_titles(win)
        seen["path"] = win.path
        seen["diff"] = _diff_lines(win)
        seen["review"] = win.review_panel.status.text()
        seen["live"] = win.status.live.text()

    out = tmp_path / f"{view}.png"
    rc = gui_app.screenshot(str(out), str(demo_copy), "fashion-de", None, view, "light", (1000, 700), inspect=inspect)
    assert rc == 0
    assert "Scanning" not in seen["status"] and "Resolving" not in seen["status"]
    assert seen["status"].startswith("fashion-de:")
    assert "FASHION-DE" in seen["tree"] and seen["rows"] > 0
    assert seen["path"] and seen["titles"] == [f"<b>{seen['path']}</b>"]
    assert seen["diff"], "the diff of the file shown"
    assert "Live" in seen["live"]
    if view == "review":
        assert "8 stores" in seen["review"] and "Reviewing" not in seen["review"]
    empty = gui_app.build_window(GuiSettings(theme="light"), "light")
    empty.resize(1000, 700)
    empty.show()
    empty.set_diff_mode(view == "diff")
    if view == "review":
        empty.show_view("review")
    blank = empty.grab().toImage()  # the same view with no workspace: "No workspace.", empty panes
    empty.close()
    assert _shot_differs(QImage(str(out)), blank) > 0.1  # measured: filled 0.2-0.36, unloaded 0.02


def test_screenshot_that_cannot_show_its_file_says_so_and_fails(qapp, tmp_path, demo_copy, capsys) -> None:
    from storelayers.gui import launcher

    out = tmp_path / "x.png"
    rc = launcher.main(["screenshot", str(out), str(demo_copy), "--select", f"{NEXT}/no/such/file.tsx"])
    assert rc == 1 and not out.exists()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no/such/file.tsx" in err and "Traceback" not in err


def test_screenshot_gives_up_at_its_timeout_with_one_line(qapp, tmp_path, demo_copy, capsys) -> None:
    from storelayers.gui import app as gui_app

    out = tmp_path / "x.png"
    assert gui_app.screenshot(str(out), str(demo_copy), None, None, "review", timeout_s=0) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "gave up" in err and not out.exists()


def _longest_depth2_name(win) -> str:
    files = [n for n in win.explorer.tree.model.files() if n.path.count("/") == 2]
    return max(files, key=lambda n: win.explorer.tree.view.fontMetrics().horizontalAdvance(n.name)).path


def _name_fits(win, path: str) -> bool:
    view = win.explorer.tree.view
    idx = win.explorer.tree.proxy.index_for_path(path)
    view.scrollTo(idx)
    rect = view.visualRect(idx)
    name = idx.data(Qt.ItemDataRole.DisplayRole)
    needed = view.fontMetrics().horizontalAdvance(name) + view.iconSize().width() + 12  # icon, margins
    return rect.width() >= needed and view.viewport().rect().contains(rect.topLeft())


def _reachable(win) -> list[str]:
    """Toolbar actions a person can reach: shown inside the toolbar, or behind a visible overflow button."""
    tb = win.toolbar.bar
    ext = [b for b in tb.findChildren(QToolButton, "qt_toolbar_ext_button") if b.isVisible()]
    missing = []
    for act in tb.actions():
        w = tb.widgetForAction(act)
        if not act.isVisible() or w is None:
            continue
        shown = w.isVisible() and tb.rect().contains(w.geometry())
        if not shown and not ext:
            missing.append(act.text() or w.objectName() or type(w).__name__)
    return missing


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720), (1024, 640)])
def test_names_stay_readable_on_laptop_screens(qtbot, window, size) -> None:
    from storelayers.gui import app as gui_app

    click_store(qtbot, window, "fashion-de")
    longest = _longest_depth2_name(window)
    assert window.explorer.tree.select_path(longest)
    panel = window.explorer.tree
    for layout in (False, True):  # the window made smaller, then the first start's layout at that size
        window.resize(*size)
        if layout:
            gui_app.first_layout(window)
        qtbot.waitUntil(lambda: window.width() == size[0], timeout=3000)
        qtbot.waitUntil(lambda: _name_fits(window, longest), timeout=3000)
        assert panel.view.header().sectionSize(0) >= panel.name_min_width()
        assert window.explorer.tree.geometry().right() < window.width()  # the pane is on screen
        assert window.explorer.detail.diff.geometry().right() <= window.explorer.detail.width()
        assert _reachable(window) == []
        box = window.explorer.detail.diff.store_box
        assert box.width() >= box.fontMetrics().horizontalAdvance(box.itemText(0)) + 20  # "Compare with…" whole


def test_flat_list_keeps_the_file_name(qtbot, window) -> None:
    click_store(qtbot, window, "fashion-de")
    window.resize(1024, 640)
    with qtbot.waitSignal(window.tree_ready, timeout=10000):
        window.user_actions["flat"].trigger()
    view = window.explorer.tree.view
    longest = max(window.explorer.tree.model.files(), key=lambda n: len(n.path))
    assert window.explorer.tree.select_path(longest.path)
    idx = view.currentIndex()
    room = view.visualRect(idx).width() - view.iconSize().width() - 12
    shown = view.fontMetrics().elidedText(idx.data(Qt.ItemDataRole.DisplayRole), view.textElideMode(), room)
    assert "\u2026" in shown and shown.endswith(longest.path.rsplit("/", 1)[1])  # as Qt paints it: "…/page.tsx"


def test_toolbar_overflow_shows_what_does_not_fit(qtbot, window) -> None:
    window.resize(1024, 640)
    tb = window.toolbar.bar
    qtbot.waitUntil(lambda: any(b.isVisible() for b in tb.findChildren(QToolButton, "qt_toolbar_ext_button")))
    hidden = [a for a in tb.actions() if a.isVisible() and not tb.widgetForAction(a).isVisible()]
    assert window.user_actions["help"] in hidden  # the right-hand icons went into the overflow
    ext = next(b for b in tb.findChildren(QToolButton, "qt_toolbar_ext_button") if b.isVisible())
    assert ext.width() >= 20 and not ext.icon().isNull()  # a "more" button you can see (Qt's is 12 px, blank)
    assert tb.rect().contains(ext.geometry())  # all of it inside the toolbar, clear of its items:
    assert all(
        not w.isVisible() or not w.geometry().intersects(ext.geometry()) for w in map(tb.widgetForAction, tb.actions())
    )
    qtbot.mouseClick(ext, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tb.widgetForAction(window.user_actions["help"]).isVisible(), timeout=3000)


def _folder_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_demo_opens_as_a_copy_with_history_and_the_bundle_stays_as_shipped(qtbot, window, tmp_path) -> None:
    from storelayers import resources

    bundle = resources.demo_workspace()
    before = _folder_bytes(bundle)
    with qtbot.waitSignal(window.tree_ready, timeout=30000):
        window.user_actions["open_demo"].trigger()  # File > Open Demo
    root = window.ws.root
    assert root.resolve().is_relative_to((tmp_path / "data").resolve()) and root.name == "demo"
    assert window.toolbar.workspace_name.text() == "demo"
    click_store(qtbot, window, "fashion-de")
    click_path(qtbot, window, "components/footer/Footer.tsx")
    edited = root / window.explorer.detail.cascade.expl.chain[0].source
    with edited.open("a", encoding="utf-8") as fh:  # an edit in another editor
        fh.write("export const editedInTheDemo = true;\n")
    qtbot.waitUntil(lambda: "export const editedInTheDemo = true;" in _diff_lines(window), timeout=8000)
    window.user_actions["show_review"].trigger()
    status = window.review_panel.status
    qtbot.waitUntil(lambda: " stale" in status.text() and "Reviewing" not in status.text(), timeout=30000)
    stale = int(status.text().split(" stale")[0].rsplit("\u00b7", 1)[1])
    # three headers behind base's; fashion-de's footer was behind fashion-eu's until the edit above made
    # it change after them (F1: it last changed now)
    assert stale == 3, status.text()
    assert _folder_bytes(bundle) == before


def test_demo_copy_is_made_again_when_the_bundle_changes_and_keeps_the_old_one(tmp_path, monkeypatch) -> None:
    from storelayers.gui import demo

    first = demo.demo_workspace(tmp_path)
    (first / "my-notes.txt").write_text("mine\n", encoding="utf-8")
    assert demo.demo_workspace(tmp_path) == first and (first / "my-notes.txt").exists()  # same bundle: kept
    monkeypatch.setattr(demo, "HISTORY_VERSION", "next")  # as if the bundled demo had changed
    second = demo.demo_workspace(tmp_path)
    assert second == first and not (second / "my-notes.txt").exists()
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("demo-") and (p / "my-notes.txt").exists()]
    assert len(kept) == 1  # the edited copy is kept beside, not deleted


def test_screenshot_of_the_demo_never_writes_into_the_bundle(qapp, tmp_path) -> None:
    from storelayers import resources
    from storelayers.gui import launcher

    before = _folder_bytes(resources.demo_workspace())
    assert launcher.main(["screenshot", str(tmp_path / "d.png"), "--demo", "--size", "900x600"]) == 0
    assert (tmp_path / "data").is_dir()
    assert _folder_bytes(resources.demo_workspace()) == before


def test_remove_and_undo_without_a_system_trash(qtbot, window, demo_copy, tmp_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QDialogButtonBox
    from storelayers.gui.dialogs import NoTrashDialog, RemoveDialog

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "no-such-folder"))  # Qt's trash: "Bad file descriptor"
    click_store(qtbot, window, "fashion-de")
    path = "components/footer/Footer.tsx"
    click_path(qtbot, window, path)
    own = demo_copy / window.explorer.detail.cascade.expl.chain[0].source
    content = own.read_bytes()
    qtbot.keyClick(window.explorer.tree.view, Qt.Key.Key_Delete)
    rdlg = window.findChild(RemoveDialog, "RemoveDialog")
    rdlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    ask = window.findChild(NoTrashDialog, "NoTrashDialog")
    assert ask is not None and ask.isVisible() and own.exists()  # asked first, nothing removed yet
    ask.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not own.exists(), timeout=10000)
    qtbot.waitUntil(lambda: "backup" in window.status.text.text(), timeout=10000)
    kept = list((tmp_path / "no-such-folder" / "storelayers" / "backup").rglob("Footer.tsx"))  # the CLI's folder
    assert [k.read_bytes() for k in kept] == [content]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window.explorer.tree.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(own.exists, timeout=5000)
    assert own.read_bytes() == content


def test_undo_of_a_new_override_needs_no_trash(qtbot, window, demo_copy, tmp_path, monkeypatch, messages) -> None:
    from PySide6.QtWidgets import QDialogButtonBox
    from storelayers.gui.dialogs import OverrideDialog

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "no-such-folder"))
    click_store(qtbot, window, "fashion-us")
    tree = window.ws.effective_tree("fashion-us", NEXT)
    path = next(f.path for f in tree.files if f.layer == "base" and not f.special and "/" in f.path)
    click_path(qtbot, window, path)
    window.user_actions["override"].trigger()
    dlg = window.findChild(OverrideDialog, "OverrideDialog")
    dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    dest = demo_copy / "apps/stores/fashion/stores/fashion-us" / NEXT / path
    qtbot.waitUntil(lambda: window.status.text.text().startswith("Created "), timeout=10000)  # written, undoable
    assert dest.is_file()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window.explorer.tree.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dest.exists(), timeout=10000)
    assert messages == []  # no "could not move … to the trash"


def test_open_without_an_editor_says_how_to_set_one(qtbot, window, messages, monkeypatch) -> None:
    from storelayers.gui import system

    monkeypatch.setattr(system.QDesktopServices, "openUrl", lambda _url: False)  # no handler on this system
    click_store(qtbot, window, "fashion-de")
    click_path(qtbot, window, "components/footer/Footer.tsx")
    edit = next(
        b for b in window.explorer.detail.cascade.findChildren(QToolButton) if b.toolTip() == "Open this layer's file"
    )
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    assert len(messages) == 1 and "VISUAL" in messages[0] and "EDITOR" in messages[0]
    reveal = next(
        b
        for b in window.explorer.detail.cascade.findChildren(QToolButton)
        if b.toolTip() == "Reveal in the file manager"
    )
    qtbot.mouseClick(reveal, Qt.MouseButton.LeftButton)
    assert len(messages) == 2 and "file manager" in messages[1]


def test_remove_dialog_shows_quotes_as_quotes(qtbot, window, trash) -> None:
    from storelayers.gui.dialogs import RemoveDialog

    click_store(qtbot, window, "fashion-de")
    click_path(qtbot, window, "components/footer/Footer.tsx")
    qtbot.keyClick(window.explorer.tree.view, Qt.Key.Key_Delete)
    rdlg = window.findChild(RemoveDialog, "RemoveDialog")
    texts = [lab.text() for lab in rdlg.findChildren(QLabel) if lab.isVisible()]
    assert any("'s" in t for t in texts) and not any("&#x27;" in t for t in texts if "\u2022" in t)
    rdlg.reject()


def test_help_lists_each_menu_once(qtbot, window) -> None:
    from PySide6.QtWidgets import QTextBrowser
    from storelayers.gui.dialogs import HelpDialog

    window.user_actions["help"].trigger()
    dlg = window.findChild(HelpDialog, "HelpDialog")
    text = dlg.findChild(QTextBrowser).toPlainText()
    headings = [line.strip() for line in text.splitlines() if line.strip() in ("File", "Go", "View", "Layer", "Help")]
    assert len(headings) == len(set(headings)) and {"Go", "View"} <= set(headings)
    dlg.reject()


def _drag(qtbot, handle, dx: int) -> None:
    from PySide6.QtCore import QPoint

    start = handle.rect().center()
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 11):
        qtbot.mouseMove(handle, QPoint(start.x() + dx * step // 10, start.y()))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=QPoint(start.x() + dx, start.y()))


def test_stores_pane_cannot_be_lost(qtbot, window) -> None:
    stores = window.explorer.stores
    _drag(qtbot, window.explorer.handle(1), -2000)  # the Stores pane dragged to the window's edge
    assert stores.isVisible() and stores.width() >= 150
    toggle = window.findChild(QAction, "show_stores_pane")
    toggle.trigger()  # View > Show Stores off
    assert not stores.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # Ctrl+1: focus the stores
    assert stores.isVisible() and window.explorer.stores.view.hasFocus() and toggle.isChecked()
    assert window.explorer.stores.view.width() >= 150


def test_ctrl_3_shows_the_diff_it_focuses(qtbot, window) -> None:
    window.findChild(QAction, "show_diff_pane").trigger()
    assert not window.explorer.detail.diff.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.explorer.detail.diff.isVisible() and window.explorer.detail.diff.canvas.hasFocus()
    assert window.explorer.detail.diff.height() > 100


def test_leaving_the_diff_layout_gives_back_the_widths(qtbot, window) -> None:
    _drag(qtbot, window.explorer.handle(2), 120)  # a person widens the tree
    before = window.explorer.sizes()
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.explorer.sizes() != before and not window.explorer.stores.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.explorer.stores.isVisible() and window.explorer.sizes() == before


def test_reset_layout_brings_every_pane_back(qtbot, window) -> None:
    for name in ("stores", "cascade", "diff"):
        window.findChild(QAction, f"show_{name}_pane").trigger()
    assert not window.explorer.detail.cascade.isVisible() and not window.explorer.detail.diff.isVisible()
    window.findChild(QAction, "reset_layout").trigger()
    for w in (
        window.explorer.stores,
        window.explorer.detail.cascade,
        window.explorer.detail.diff,
        window.explorer.tree,
    ):
        assert w.isVisible() and w.width() > 100 and w.height() > 100


def test_ringed_stores_read_in_good_english(qtbot, window) -> None:
    from storelayers.gui.text import plural, verb

    assert (plural(1, "store"), plural(2, "store"), plural(1, "copy", "copies")) == ("1 store", "2 stores", "1 copy")
    assert (verb(1, "takes", "take"), verb(3, "takes", "take")) == ("takes", "take")
    click_store(qtbot, window, "fashion-de")
    click_path(qtbot, window, "lang/de/base.json")  # only fashion-de takes its own copy
    window.user_actions["show_review"].trigger()
    hint = window.review_panel
    qtbot.waitUntil(lambda: "Ringed: the 1 store that takes" in _texts(hint), timeout=30000)


def _texts(widget) -> str:
    return "\n".join(lab.text() for lab in widget.findChildren(QLabel) if lab.isVisible())


def test_disabled_toolbar_buttons_look_disabled(qtbot, window) -> None:
    button = window.toolbar.bar.widgetForAction(window.toolbar.explorer_tools[-2])  # Remove
    window.file_selected(None)
    assert not window.user_actions["remove"].isEnabled()
    off = button.grab().toImage()
    click_store(qtbot, window, "fashion-de")
    click_path(qtbot, window, "components/footer/Footer.tsx")  # fashion-de's own copy: Remove is possible
    assert window.user_actions["remove"].isEnabled()
    on = button.grab().toImage()
    assert _shot_differs(on.scaled(on.width() * 8, on.height() * 8), off.scaled(on.width() * 8, on.height() * 8)) > 0.05


def test_tabbing_shows_where_the_keyboard_is(qtbot, window) -> None:
    view = window.explorer.tree.view
    window.explorer.stores.view.setFocus()
    before = view.grab().toImage()
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # the keyboard goes to the tree
    assert view.hasFocus()
    after = view.grab().toImage()
    edge = sum(1 for y in range(after.height()) if after.pixel(0, y) != before.pixel(0, y))
    assert edge > after.height() // 2  # a ring along the focused view's edge


def test_ctrl_tab_switches_review_tabs(qtbot, window) -> None:
    window.user_actions["show_review"].trigger()
    tabs = window.review_panel.tabs
    graph = window.review_panel.graph  # the keyboard beside the tabs: in the store graph
    graph.setFocus()
    assert graph.hasFocus()
    first = tabs.currentIndex()
    qtbot.keyClick(graph, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentIndex() == (first + 1) % tabs.count()
    qtbot.keyClick(graph, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert tabs.currentIndex() == first


def test_the_app_opens_where_it_was_left(qtbot, window, demo_copy) -> None:
    from storelayers.gui import app as gui_app
    from storelayers.gui.settings import load_settings

    click_store(qtbot, window, "fashion-fr")
    click_path(qtbot, window, "config/theme.ts")
    window.close()  # saves what is shown
    gui_app.make_app()
    settings = load_settings()
    again = gui_app.build_window(settings, "light")
    qtbot.addWidget(again)
    again.resize(1366, 768)
    again.show()
    target, store, select = gui_app.start_point(settings, None, None, None, False)
    with qtbot.waitSignal(again.tree_ready, timeout=10000):
        assert gui_app.open_start(again, target, store, select)
    qtbot.waitUntil(lambda: again.path == "config/theme.ts", timeout=5000)
    assert again.ws.stores[again.store_key].id == "fashion-fr"
    qtbot.waitUntil(lambda: _shown_titles(again) == ["<b>config/theme.ts</b>"], timeout=3000)
    again.watcher.stop()


def test_a_window_ended_by_a_signal_remembers_where_it_was(qtbot, window) -> None:
    """`kill`, a logout or Ctrl+C ended the app where it stood: nothing was remembered, and the
    next start showed the first-run hint and the first store again."""
    import os
    import signal

    from storelayers.gui.settings import load_settings
    from storelayers.gui.shutdown import close_on_signals

    click_store(qtbot, window, "fashion-fr")
    click_path(qtbot, window, "config/theme.ts")
    from PySide6.QtWidgets import QApplication
    from storelayers.gui.shutdown import close_all

    window.user_actions["help"].trigger()  # a dialog is open: it closes first, as by Cancel
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    dialog = QApplication.activeModalWidget()
    restore = close_on_signals(lambda: close_all(window), window)
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    finally:
        restore()
    assert not dialog.isVisible()
    settings = load_settings()
    assert (settings.store, settings.path) == ("fashion-fr", "config/theme.ts")


def test_gui_accepts_a_theme(monkeypatch) -> None:
    from storelayers.gui import app as gui_app
    from storelayers.gui import launcher

    seen = {}
    monkeypatch.setattr(gui_app, "run", lambda *args: seen.setdefault("args", args) and 0)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert launcher.main(["gui", "--theme", "dark"]) == 0
    assert seen["args"][-1] == "dark"
    assert launcher.main(["gui", "--theme", "purple"]) == 2


def test_about_shows_the_version(qtbot, window, monkeypatch) -> None:
    from storelayers.gui import layer_ops
    from storelayers.resolver.cli.main import version

    shown = []
    monkeypatch.setattr(layer_ops.QMessageBox, "about", lambda _parent, _title, text: shown.append(text))
    window.user_actions["about"].trigger()
    assert shown and version() in shown[0]
    assert "settings.ini" in shown[0] and "Qt 6." in shown[0]  # what a bug report needs, and where to reset


def test_three_way_view_follows_the_disk(qtbot, window) -> None:
    from storelayers.gui.review.threeway import ThreeWayDialog

    with qtbot.waitSignal(window.tree_ready, timeout=30000):
        window.user_actions["open_demo"].trigger()  # the demo copy has stale overrides
    window.user_actions["show_review"].trigger()
    panel = window.review_panel
    qtbot.waitUntil(lambda: panel.stale_proxy.rowCount() > 0, timeout=30000)
    panel.tabs.setCurrentWidget(panel.tabs.widget(2))  # Stale
    view = panel.stale_view
    qtbot.waitUntil(view.isVisible, timeout=3000)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Home)  # the first stale override
    qtbot.keyClick(view, Qt.Key.Key_Return)  # opens its three-way view
    qtbot.waitUntil(lambda: any(d.isVisible() for d in panel.findChildren(ThreeWayDialog)), timeout=5000)
    dlg = next(d for d in panel.findChildren(ThreeWayDialog) if d.isVisible())
    mine = window.ws.root / dlg.finding.override.source
    with mine.open("a", encoding="utf-8") as fh:  # the override edited in another editor
        fh.write("export const editedBesideTheThreeWayView = 1;\n")
    line = "export const editedBesideTheThreeWayView = 1;"
    qtbot.waitUntil(
        lambda: line in (dlg.override_diff.text.right_lines if dlg.override_diff.text else ()), timeout=8000
    )
    dlg.close()


def test_no_ghost_title_after_undo(qtbot, window, demo_copy, trash) -> None:
    from PySide6.QtWidgets import QDialogButtonBox
    from storelayers.gui.dialogs import OverrideDialog

    click_store(qtbot, window, "fashion-de")
    for path in HEADER_FILES:
        click_path(qtbot, window, path)
    path = "components/header/Navigation.tsx"  # inherited from base: override it, then undo
    window.user_actions["override"].trigger()
    dlg = window.findChild(OverrideDialog, "OverrideDialog")
    dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: window.status.text.text().startswith("Created "), timeout=10000)  # the copy is written
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    with qtbot.waitSignal(window.updated, timeout=10000):
        qtbot.keyClick(window.explorer.tree.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _shown_titles(window) == [f"<b>{window.path}</b>"], timeout=3000)
    assert window.path == path


def test_disabled_toolbar_buttons_stay_disabled_after_a_trip_to_the_review(qtbot, window) -> None:
    bar = window.toolbar.bar
    undo = bar.widgetForAction(window.toolbar.explorer_tools[-1])
    window.file_selected(None)
    assert not window.user_actions["undo"].isEnabled() and not undo.isEnabled()
    off = undo.grab().toImage()
    for tab in ("show_review", "show_explorer"):  # the view switch hides and shows the explorer's tools
        qtbot.mouseClick(bar.widgetForAction(window.user_actions[tab]), Qt.MouseButton.LeftButton)
    assert undo.isVisible() and not window.user_actions["undo"].isEnabled()
    assert not undo.isEnabled()  # it looked enabled: showing its toolbar item enabled the button
    assert undo.grab().toImage() == off
