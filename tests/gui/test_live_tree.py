"""The effective tree under load: a burst of files is one update and one swap that keeps what the
user was looking at; a single edit patches rows in place; going back to a store is instant; go to
file searches off the GUI thread; trees that leave the view are freed at once."""

from __future__ import annotations

import threading
import weakref
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from storelayers.gui.tree_cache import SIZE
from storelayers.gui.updates import PATCH_MAX

from tests.gui.conftest import NEXT, click_path, click_store, row

US = "apps/stores/fashion/stores/fashion-us"


def test_a_burst_of_files_is_one_update_and_a_swapped_tree_keeping_selection_scroll_and_folders(
    qtbot, window, demo_copy: Path
) -> None:
    click_store(qtbot, window, "fashion-us")
    panel = window.explorer.tree
    window.user_actions["expand_changes"].trigger()
    selected = next(f.path for f in window.ws.effective_tree("fashion-us", NEXT).files if f.status.value == "override")
    click_path(qtbot, window, selected)
    expanded = set(panel.expanded)
    bar = panel.view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    scroll = bar.value()
    root_before = panel.model.root
    updates: list[int] = []
    window.updated.connect(lambda: updates.append(1))

    n = PATCH_MAX + 200  # more entries than are patched row by row: the tree is rebuilt on a worker
    folder = demo_copy / US / NEXT / "zz-generated"
    for i in range(n):
        sub = folder / f"part{i // 100}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"Gen{i}.tsx").write_text(f"export const g{i} = {i};\n")
    qtbot.waitUntil(lambda: panel.model.root.files >= root_before.files + n, timeout=20000)
    qtbot.waitUntil(lambda: not window.updater.busy, timeout=10000)

    assert updates == [1]  # one refresh for the whole burst
    assert panel.model.root is not root_before  # swapped in, not patched row by row
    assert row(window, "zz-generated/part0/Gen0.tsx")[1:3] == ("fashion-us", "added")
    assert panel.current_path() == selected and window.path == selected
    assert expanded <= panel.expanded
    assert bar.value() == scroll


def test_one_edit_patches_its_row_in_place(qtbot, window, demo_copy: Path) -> None:
    click_store(qtbot, window, "fashion-us")
    panel = window.explorer.tree
    root_before = panel.model.root
    path = next(
        f.path
        for f in window.ws.effective_tree("fashion-us", NEXT).files
        if f.status.value == "inherited" and f.layer == "base" and not f.special
    )
    dest = demo_copy / US / NEXT / path
    dest.parent.mkdir(parents=True, exist_ok=True)
    with qtbot.waitSignal(window.updated, timeout=10000):
        dest.write_text("// the US store's own copy\n")
    assert row(window, path)[1:3] == ("fashion-us", "override")
    assert panel.model.root is root_before  # the same nodes, one row repainted


def test_going_back_to_a_store_needs_no_worker(qtbot, window) -> None:
    click_store(qtbot, window, "fashion-us")
    first = window.explorer.tree.model.root
    click_store(qtbot, window, "fashion-de")
    key = window.ws.store("fashion-us").key
    idx = window.explorer.stores.model.index_for_key(key)
    qtbot.mouseClick(
        window.explorer.stores.view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.explorer.stores.view.visualRect(idx).center(),
    )
    assert window.store_key == key
    assert window.explorer.tree.model.root is first  # shown at once, from the cache
    assert not window.tasks.busy("tree")


def test_trees_that_leave_the_view_are_freed_at_once(qtbot, window) -> None:
    refs = []
    for store in [s.id for s in window.ws.stores.values()]:
        click_store(qtbot, window, store)
        for _app in window.ws.apps:
            refs.append(weakref.ref(window.explorer.tree.model.root))
            with qtbot.waitSignal(window.tree_ready, timeout=10000):
                qtbot.keyClick(window, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
    alive = [r for r in refs if r() is not None]
    # Only the cached trees (and the one shown) live on; the others were freed by reference counting
    # the moment they left the cache: no cycles, so no wait for (frozen-out) garbage collection.
    assert len(refs) > SIZE + 1 and len(alive) <= SIZE + 1


@pytest.fixture
def big_ws(make_ws) -> Path:
    """A workspace whose one store gets 12,000 files."""
    files: dict = {}
    for i in range(12_000):
        files.setdefault(f"f{i // 400}", {})[f"Item{i}.tsx"] = ""
    return make_ws(
        {"apps": {"web": {"src": files}, "stores": {"big": {"web": {"src": {"f0": {"Item0.tsx": "x"}}}}}}}, "big"
    )


def test_go_to_file_searches_12000_files_off_the_gui_thread(qtbot, window, big_ws: Path, monkeypatch) -> None:
    from storelayers.gui import goto

    with qtbot.waitSignal(window.tree_ready, timeout=20000):
        window.open_workspace(big_ws)
    assert window.explorer.tree.model.root.files == 12_000
    threads: list[str] = []
    real = goto.fuzzy

    def spy(paths, query, limit=goto.MAX_RESULTS):
        if query:  # the empty query is the first 200 paths, a slice: taken where it is asked
            threads.append(threading.current_thread().name)
        return real(paths, query, limit)

    monkeypatch.setattr(goto, "fuzzy", spy)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dlg = window.findChild(goto.GotoDialog, "GotoDialog")
    assert len(dlg.paths) == 12_000
    qtbot.keyClicks(dlg.edit, "item1199")
    qtbot.waitUntil(lambda: dlg.model.items[:1] == ["src/f2/Item1199.tsx"], timeout=10000)
    assert threads and all(name != threading.main_thread().name for name in threads)
    qtbot.keyClick(dlg.edit, Qt.Key.Key_Return)
    assert window.explorer.tree.current_path() == "src/f2/Item1199.tsx"


def test_the_tree_cache_keeps_the_recent_trees_within_a_file_budget() -> None:
    """Going back to a recent store stays instant, but an 800-store workspace's 13,600-file trees
    are not kept twelve at a time: the cache holds as many recent trees as its file budget allows,
    and always the newest one."""
    from storelayers.gui.tree_cache import TreeCache
    from storelayers.gui.tree_model import build_tree

    shown = build_tree(())
    cache = TreeCache(lambda: shown, size=12, files=250)
    snapshot = object()  # a workspace snapshot: only its identity matters here
    keys = [(f"s{i}", "web", False, False) for i in range(4)]
    roots = [build_tree((), [f"d{i}/f{j}.ts" for j in range(100)]) for i in range(4)]
    for key, root in zip(keys, roots, strict=True):
        cache.put(snapshot, key, (None, root))
    assert [cache.get(snapshot, k) is not None for k in keys] == [False, False, True, True]
    assert roots[0].children[0].parent is None  # a tree that left the cache is torn down at once
    huge = build_tree((), [f"h/f{j}.ts" for j in range(1000)])
    cache.put(snapshot, ("big", "web", False, False), (None, huge))
    assert len(cache) == 1 and cache.get(snapshot, ("big", "web", False, False)) is not None
