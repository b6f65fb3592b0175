"""The main window driven like a person would: pick a store, read rows, filter, go to a file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from storelayers.gui.theme import Theme

from tests.gui.conftest import NEXT, click_path, click_store, row


def test_opens_demo_and_shows_a_store(window) -> None:
    assert window.ws is not None and window.store_key is not None
    assert window.explorer.tree.model.root.files > 0
    assert window.app == NEXT
    assert "EFFECTIVE TREE" in window.explorer.tree.title.text()


def test_row_colour_and_status_say_which_layer_wins(qtbot, window) -> None:
    click_store(qtbot, window, "fashion-us")
    tree = window.ws.effective_tree("fashion-us", NEXT)
    own = next(f for f in tree.files if f.status.value == "override")
    inherited_from_parent = next(f for f in tree.files if f.status.value == "inherited" and f.layer == "fashion")
    name, layer, status, colour = row(window, own.path)
    assert (layer, status) == ("fashion-us", "override")
    assert colour == Theme.current().layer(1)  # colour is the place in the shown chain: 1 this store
    _, layer, status, colour = row(window, inherited_from_parent.path)
    assert (layer, status) == ("fashion", "inherited")
    assert colour == Theme.current().layer(2)  # its parent
    base_file = next(f for f in tree.files if f.layer == "base" and not f.special)
    _, layer, status, _ = row(window, base_file.path)
    assert (layer, status) == ("base", "inherited")


def test_store_counts_come_from_the_resolver(qtbot, window) -> None:
    key = window.ws.store("fashion-us").key
    idx = window.explorer.stores.model.index_for_key(key)
    counts = window.ws.counts(key, NEXT)
    assert idx.siblingAtColumn(1).data() == str(counts.override)


def test_cascade_lists_winner_first_and_strikes_the_rest(qtbot, window) -> None:
    click_store(qtbot, window, "fashion-us")
    tree = window.ws.effective_tree("fashion-us", NEXT)
    own = next(f for f in tree.files if f.status.value == "override")
    click_path(qtbot, window, own.path)
    expl = window.explorer.detail.cascade.expl
    assert expl is not None and expl.chain[0].used and expl.chain[0].layer == "fashion-us"
    from PySide6.QtWidgets import QLabel

    struck = [lab for lab in window.explorer.detail.cascade.findChildren(QLabel) if lab.font().strikeOut()]
    assert len(struck) == len([c for c in expl.chain if not c.used and not c.is_folder])


def test_ignored_file_says_which_pattern_hid_it(qtbot, window) -> None:
    click_store(qtbot, window, "outlet")
    with qtbot.waitSignal(window.tree_ready, timeout=10000):
        window.user_actions["show_ignored"].trigger()
    ignored = window.ws.effective_tree("outlet", NEXT).ignored[0]
    click_path(qtbot, window, ignored)
    assert row(window, ignored)[2] == "ignored"
    assert (
        window.explorer.detail.cascade.expl.ignore is not None
        and window.explorer.detail.cascade.expl.ignore.store == "outlet"
    )


def test_filters_by_name_and_changes_only(qtbot, window) -> None:
    click_store(qtbot, window, "fashion-us")
    panel = window.explorer.tree
    qtbot.keyClicks(panel.search, "navigation")
    qtbot.waitUntil(lambda: panel.tree_filter.text == "navigation", timeout=3000)
    shown = [panel.proxy.node(i).path for i in _all(panel.proxy) if not panel.proxy.node(i).is_folder]
    assert shown and all("navigation" in p.lower() for p in shown)
    panel.search.clear()
    qtbot.waitUntil(lambda: panel.tree_filter.text == "", timeout=3000)
    window.user_actions["changes_only"].trigger()
    shown = [panel.proxy.node(i) for i in _all(panel.proxy) if not panel.proxy.node(i).is_folder]
    assert shown and all(n.status in ("override", "added", "redundant") for n in shown)


def test_flat_list_mode(qtbot, window) -> None:
    with qtbot.waitSignal(window.tree_ready, timeout=10000):
        window.user_actions["flat"].trigger()
    m = window.explorer.tree.model
    assert m.flat and all(not n.is_folder for n in m.root.children)


def test_switching_app_keeps_store(qtbot, window) -> None:
    key = window.store_key
    with qtbot.waitSignal(window.tree_ready, timeout=10000):
        qtbot.keyClick(window, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
    assert window.app != NEXT and window.store_key == key


def test_go_to_file_with_a_pasted_output_path(qtbot, window) -> None:
    from storelayers.gui.goto import GotoDialog

    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dlg = window.findChild(GotoDialog, "GotoDialog")
    assert dlg is not None and dlg.isVisible()
    tree = window.ws.effective_tree("fashion-us", NEXT)
    target = next(f for f in tree.files if f.status.value == "override").path
    dlg.edit.setText(f".out/fashion-us/{NEXT}/{target}:12:5")
    with qtbot.waitSignal(window.tree_ready, timeout=10000):
        qtbot.keyClick(dlg.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.path == target, timeout=5000)
    assert window.ws.stores[window.store_key].id == "fashion-us"


def test_go_to_file_fuzzy(qtbot, window) -> None:
    from storelayers.gui.goto import GotoDialog

    window.user_actions["goto"].trigger()
    dlg = window.findChild(GotoDialog, "GotoDialog")
    qtbot.keyClicks(dlg.edit, "tailwind")
    qtbot.keyClick(dlg.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.path is not None and "tailwind" in window.path, timeout=5000)


def test_diagnostic_click_goes_to_its_path(qtbot, window) -> None:
    click_store(qtbot, window, "fashion-us")
    window.user_actions["problems"].trigger()
    assert window.problems.dock.isVisible()
    view = window.problems.panel.view
    model = window.problems.panel.model
    i = next(i for i, d in enumerate(model.items) if d.code == "forbidden-override")
    d = model.items[i]
    with qtbot.waitSignal(window.tree_ready, timeout=10000):
        rect = view.visualRect(model.index(i, 2))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert d.path.startswith(window.store_key + "/")
    qtbot.waitUntil(lambda: window.path == d.path.rsplit("/", 1)[-1], timeout=5000)


def test_help_lists_shortcuts(qtbot, window) -> None:
    from storelayers.gui.dialogs import HelpDialog

    qtbot.keyClick(window, Qt.Key.Key_F1)
    dlg = window.findChild(HelpDialog, "HelpDialog")
    assert dlg is not None and dlg.isVisible()


def test_theme_switch_repaints_in_dark(qtbot, window) -> None:
    window.user_actions["theme_dark"].trigger()
    assert Theme.current().dark
    window.user_actions["theme_light"].trigger()
    assert not Theme.current().dark


def _all(model, parent=None):
    from PySide6.QtCore import QModelIndex

    parent = parent or QModelIndex()
    for r in range(model.rowCount(parent)):
        idx = model.index(r, 0, parent)
        yield idx
        yield from _all(model, idx)


def test_a_note_alone_is_not_counted_as_a_problem(qtbot, window, make_ws) -> None:
    """The kind-rule note says which rule decides kinds; the status bar calls it a note, not a problem."""
    base = {"package.json": '{"devDependencies": {"@alokai/cli": "^2.0.0"}}', "apps": {NEXT: {"a.ts": "a"}}}
    quiet = make_ws(
        {
            **base,
            "alokai.config.json": {"stores": {"s": {"deployment": {}}}},
            "apps": {NEXT: {"a.ts": "a"}, "stores": {"s": {NEXT: {}}}},
        },
        "quiet",
    )
    with qtbot.waitSignal(window.tree_ready, timeout=10000):
        window.open_workspace(quiet)
    assert [d.code for d in window.ws.diagnostics] == ["kind-rule"]
    assert window.status.problems_button.text() == "1 note"

    ghost = {"stores": {"s": {"deployment": {}}, "ghost": {"deployment": {}}}}
    noisy = make_ws(
        {**base, "alokai.config.json": ghost, "apps": {NEXT: {"a.ts": "a"}, "stores": {"s": {NEXT: {}}}}}, "noisy"
    )
    with qtbot.waitSignal(window.tree_ready, timeout=10000):
        window.open_workspace(noisy)
    assert window.status.problems_button.text() == "1 problem"  # the unknown store; the note is not counted


def _shown_paths(view) -> tuple[list[str], set[str]]:
    """(files, open folders) the tree view shows: what a person scrolling through it would see."""
    from storelayers.gui.tree_model import PathRole

    model = view.model()
    files: list[str] = []
    opened: set[str] = set()
    stack = [view.rootIndex()]
    while stack:
        parent = stack.pop()
        for r in range(model.rowCount(parent)):
            idx = model.index(r, 0, parent)
            if model.hasChildren(idx):
                if view.isExpanded(idx):
                    opened.add(idx.data(PathRole))
                    stack.append(idx)
            else:
                files.append(idx.data(PathRole))
    return files, opened


def test_filter_on_and_off_after_a_store_switch_keeps_rows_selection_and_open_folders(qtbot, window) -> None:
    panel = window.explorer.tree
    view = panel.view
    click_store(qtbot, window, "fashion-us")
    click_store(qtbot, window, "fashion-de")  # a store switch: the open folders carry over
    tree = window.ws.effective_tree("fashion-de", NEXT)
    own = next(f for f in tree.files if f.status.value == "override" and f.path.count("/") >= 2)
    click_path(qtbot, window, own.path)
    files_before, opened_before = _shown_paths(view)
    assert own.path in files_before and opened_before
    name = own.path.rsplit("/", 1)[-1]

    panel.search.setFocus()
    qtbot.keyClicks(panel.search, name)  # filter on, typed
    qtbot.waitUntil(lambda: panel.tree_filter.text == name, timeout=3000)
    files, _ = _shown_paths(view)
    assert own.path in files and all(name.lower() in p.lower() for p in files)
    assert len(files) < len(files_before)
    assert view.currentIndex().data(Qt.ItemDataRole.DisplayRole) == name and window.path == own.path

    qtbot.keyClick(panel.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(panel.search, Qt.Key.Key_Backspace)  # filter off, typed
    qtbot.waitUntil(lambda: panel.tree_filter.text == "", timeout=3000)
    files, opened = _shown_paths(view)
    assert (sorted(files), opened) == (sorted(files_before), opened_before)  # every row and open folder back
    cur = view.currentIndex()
    assert cur.data(Qt.ItemDataRole.DisplayRole) == name and window.path == own.path
    assert view.viewport().rect().intersects(view.visualRect(cur))

    window.user_actions["changes_only"].trigger()  # and a filter from the menu: changes only, on and off
    files, _ = _shown_paths(view)
    changes = {f.path for f in tree.files if f.status.value in ("override", "added", "redundant")}
    assert files and set(files) <= changes and own.path in files
    window.user_actions["changes_only"].trigger()
    files, opened = _shown_paths(view)
    assert (sorted(files), opened) == (sorted(files_before), opened_before)

    # going to a file in a closed folder and clicking another row still pick the right files
    closed = next(f for f in tree.files if f.path.count("/") >= 2 and f.path.rsplit("/", 1)[0] not in opened)
    click_path(qtbot, window, closed.path)
    assert window.path == closed.path
    assert view.currentIndex().data(Qt.ItemDataRole.DisplayRole) == closed.path.rsplit("/", 1)[-1]
    click_path(qtbot, window, own.path)
    assert window.path == own.path


def test_the_problems_dock_takes_the_room_its_rows_need_and_shows_the_whole_message(qtbot, window) -> None:
    """It took half the window for one note at 1024x640 (the tree kept four rows), and its one-line
    Message column cut the note short with nowhere to read the rest."""
    from storelayers.resolver.names import shown

    window.resize(1024, 640)
    qtbot.waitUntil(lambda: window.width() <= 1024)
    window.user_actions["problems"].trigger()
    dock, panel = window.problems.dock, window.problems.panel
    qtbot.waitUntil(dock.isVisible)
    model = panel.model
    assert model.rowCount() >= 2
    qtbot.waitUntil(lambda: dock.height() <= window.height() // 3)
    rows = min(model.rowCount(), panel.SHOWN_ROWS)
    assert panel.view.viewport().height() >= rows * panel.ROW - 2  # every row it was sized for is seen
    assert shown(model.items[0].message) in panel.detail.text()
    last = model.rowCount() - 1
    panel.view.scrollTo(model.index(last, 2))
    rect = panel.view.visualRect(model.index(last, 2))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert shown(model.items[last].message) in panel.detail.text()
    qtbot.waitUntil(lambda: panel.detail.height() >= panel.detail.heightForWidth(panel.detail.width()))  # not cut
