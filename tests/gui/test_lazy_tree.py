"""Folders of the effective tree make their children when first opened (issue #11, "Speed at
size"): a big tree shows its top level without a node per file, and what a folder shows once
opened is what a tree made whole would show."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QTreeView
from storelayers import resolver, resources
from storelayers.gui.tree_model import EffectiveTreeModel, build_tree

from tests.gui.conftest import NEXT


def _rows(model: EffectiveTreeModel, parent: QModelIndex = QModelIndex()) -> list[tuple[str, int, int]]:
    """(path, files, changes) of every row below `parent`, as the model answers them."""
    out = []
    for r in range(model.rowCount(parent)):
        idx = model.index(r, 0, parent)
        n = model.node(idx)
        out.append((n.path, n.files, n.changes))
        if model.hasChildren(idx):
            out.extend(_rows(model, idx))
    return out


def test_a_folder_makes_its_children_when_it_is_opened(qtbot) -> None:
    ws = resolver.load(resources.demo_workspace())
    t = ws.effective_tree("fashion-us", NEXT)
    root = build_tree(t.files, t.ignored)
    model = EffectiveTreeModel()
    model.set_root(root, {None: 0}, {None: "base"}, False)
    view = QTreeView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.show()
    qtbot.waitExposed(view)
    folders = [model.node(model.index(r, 0)) for r in range(model.rowCount()) if model.hasChildren(model.index(r, 0))]
    assert folders and all(not f.built for f in folders)  # shown (with their counts), not made
    assert root.files == len(t.files) + len(t.ignored)
    deep = next(
        f for f in folders if any("/" in p.path[len(f.path) + 1 :] for p in t.files if p.path.startswith(f.path + "/"))
    )
    view.expand(model.index_of(deep))
    assert deep.built
    sub = next(c for c in deep.children if c.is_folder)
    assert not sub.built  # one level at a time
    # folders the view will open at once (remembered as expanded) are made on the worker
    ahead = build_tree(t.files, t.ignored, opened=[sub.path])
    assert ahead.by_name[deep.name].built and ahead.by_name[deep.name].by_name[sub.name].built
    # once everything is opened, the rows are the tree's files and folders, with folder counts
    # worked out here from the paths alone
    expected: dict[str, int] = {}
    changed: dict[str, int] = {}
    items = [(f.path, f.status.value) for f in t.files] + [(p, "ignored") for p in t.ignored]
    for path, status in items:
        parts = path.split("/")
        for i in range(1, len(parts)):
            folder = "/".join(parts[:i])
            expected[folder] = expected.get(folder, 0) + 1
            changed[folder] = changed.get(folder, 0) + (status in ("override", "added", "redundant"))
        expected[path] = 0  # a file counts in its folders, not itself
        changed[path] = 0
    rows = _rows(model)
    assert {p: n for p, n, _c in rows} == expected
    assert {p: c for p, _n, c in rows} == changed
    assert model.find(t.files[-1].path) is not None


def test_a_store_switch_leaves_the_closed_folders_in_sight_unmade(qtbot, window) -> None:
    """Laying out a store's tree asks whether each folder row has children (for its arrow): that
    is answered from the folder's summary, not by making its children (a 13,600-file tree would
    make hundreds of folders per switch on the GUI thread)."""
    from storelayers.gui.tree_model import NodeRole

    from tests.gui.conftest import click_store

    view = window.explorer.tree.view
    for store in ("fashion-us", "fashion-de"):
        click_store(qtbot, window, store)
        view.viewport().repaint()  # laid out and painted, as the person sees it
        model = view.model()
        rows = [model.index(r, 0) for r in range(model.rowCount())]
        closed = [i for i in rows if model.hasChildren(i) and not view.isExpanded(i)]
        assert closed, "the demo shows closed folders at the top level"
        assert all(not i.data(NodeRole).built for i in closed)
