"""Every item model passes qtmodeltester; node summaries add up."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QModelRoleData, QModelRoleDataSpan, Qt
from PySide6.QtGui import QIcon
from storelayers import resolver, resources
from storelayers.gui.goto import _Results, fuzzy
from storelayers.gui.problems import DiagnosticsModel
from storelayers.gui.store_model import StoreModel
from storelayers.gui.tree_filter import TreeFilter, TreeProxy
from storelayers.gui.tree_model import EffectiveTreeModel, PathRole, StatusRole, build_tree

from tests.gui.conftest import NEXT


def _tree(store: str = "fashion-us", flat: bool = False):
    ws = resolver.load(resources.demo_workspace())
    t = ws.effective_tree(store, NEXT)
    return ws, t, build_tree(t.files, t.ignored, flat)


def test_effective_tree_model(qapp, qtmodeltester) -> None:
    ws, t, root = _tree()
    m = EffectiveTreeModel()
    m.set_root(root, {None: 0, **{k: s.depth for k, s in ws.stores.items()}}, {None: "base"}, False)
    qtmodeltester.check(m)
    assert root.files == len(t.files) + len(t.ignored)


def test_flat_model_and_proxy(qapp, qtmodeltester) -> None:
    ws, t, root = _tree("outlet", flat=True)
    m = EffectiveTreeModel()
    m.set_root(root, {None: 0}, {None: "base"}, True)
    assert m.rowCount() == len(t.files) + len(t.ignored)
    proxy = TreeProxy()
    proxy.setSourceModel(m)
    proxy.set_tree_filter(TreeFilter(changes_only=True))
    qtmodeltester.check(proxy)
    assert 0 < proxy.rowCount() < m.rowCount()


def test_live_patch_keeps_model_valid(qapp, qtmodeltester) -> None:
    ws, t, root = _tree()
    m = EffectiveTreeModel()
    m.set_root(root, {None: 0}, {None: "base"}, False)
    qtmodeltester.check(m)
    first = t.files[0]
    deep = next(f for f in t.files if f.path.count("/") >= 2)
    m.apply([(deep.path, None, False), ("new/folder/x.ts", first, False), (first.path, first, False)], False)
    assert m.find(deep.path) is None
    assert m.find("new/folder/x.ts") is not None
    assert m.root.files == len(t.files) + len(t.ignored)
    qtmodeltester.check(m)


def test_folder_summaries_count_layers_and_changes() -> None:
    _ws, t, root = _tree()
    changes = sum(1 for f in t.files if f.status.value in ("override", "added", "redundant"))
    assert root.changes == changes
    assert sum(root.layers.values()) == len(t.files)


def test_store_model(qapp, qtmodeltester) -> None:
    ws = resolver.load(resources.demo_workspace())
    m = StoreModel()
    m.set_stores(ws.stores, {k: ws.counts(k, NEXT) for k in ws.stores})
    qtmodeltester.check(m)
    assert m.rowCount() == 1  # the base row holds every top-level store


def test_diagnostics_and_goto_models(qapp, qtmodeltester) -> None:
    ws = resolver.load(resources.demo_workspace())
    d = DiagnosticsModel()
    d.set_items(ws.diagnostics)
    qtmodeltester.check(d)
    r = _Results()
    r.set_items(["a", "b"])
    qtmodeltester.check(r)


def test_fuzzy_prefers_basename_matches() -> None:
    paths = ["components/header/Header.tsx", "app/[locale]/layout.tsx", "hooks/useHeaderState.ts"]
    assert fuzzy(paths, "header")[0] == "components/header/Header.tsx"
    assert fuzzy(paths, "lay") == ["app/[locale]/layout.tsx"]


def test_tree_filter_keeps_the_files_each_part_of_it_asks_for(qapp) -> None:
    """Name (text, glob), status, changes only and layers, alone and together: the flat proxy keeps
    exactly the files a plain reading of the resolver's tree picks."""
    ws, t, root = _tree("fashion-de", flat=True)
    m = EffectiveTreeModel()
    m.set_root(root, {None: 0}, {None: "base"}, True)
    proxy = TreeProxy()
    proxy.setSourceModel(m)
    fashion = ws.store("fashion").key
    changes = {"override", "added", "redundant"}

    def ref(e, text="", statuses=(), changes_only=False, layers=()) -> bool:
        st = e.status.value
        name = e.path.rsplit("/", 1)[-1].lower()
        if "*" in text:
            named = name.endswith(text.strip("*").lower())
        else:
            named = text.lower() in e.path.lower()
        return (
            named
            and (not changes_only or st in changes)
            and (not statuses or st in statuses or (e.special and "special" in statuses))
            and (not layers or e.winner_key in layers)
        )

    cases = [
        {"text": "header"},
        {"text": "*.json"},
        {"statuses": frozenset({"override"})},
        {"changes_only": True},
        {"layers": frozenset({fashion})},
        {"text": "page", "changes_only": True},
        {"text": "*.tsx", "layers": frozenset({None}), "statuses": frozenset({"inherited"})},
    ]
    for case in cases:
        proxy.set_tree_filter(TreeFilter(**case))
        kept = {proxy.index(r, 0).data() for r in range(proxy.rowCount())}
        expected = {e.path for e in t.files if ref(e, **case)}
        assert kept == expected and expected, case


ROLES_ASKED = (  # what a delegate asks a cell for (multiData), and the roles the app reads itself
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.CheckStateRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ToolTipRole,
    PathRole,
    StatusRole,
)


def _same(a: object, b: object) -> bool:
    if isinstance(a, QIcon) and isinstance(b, QIcon):
        return a.cacheKey() == b.cacheKey()
    return a == b


def _every_index(model: QAbstractItemModel, parent: QModelIndex = QModelIndex()) -> list[QModelIndex]:
    out = []
    for row in range(model.rowCount(parent)):
        for col in range(model.columnCount(parent)):
            idx = model.index(row, col, parent)
            out.append(idx)
            if col == 0:
                out.extend(_every_index(model, idx))
    return out


def test_multi_data_answers_each_role_as_data_does(qapp) -> None:
    """A painted cell asks for all its roles in one multiData call: every cell of a tree and of the
    stores list (a chain shown) answers each role there as data() answers it alone."""
    ws, t, root = _tree()
    tree = EffectiveTreeModel()
    tree.set_root(root, {None: 0, **{k: s.depth for k, s in ws.stores.items()}}, {None: "base"}, False)
    stores = StoreModel()
    stores.set_stores(ws.stores, {k: ws.counts(k, NEXT) for k in ws.stores})
    stores.set_chain({None: 0, "fashion-us": 1, "fashion": 2})
    checked = 0
    for model in (tree, stores):
        for idx in _every_index(model):
            for role in ROLES_ASKED:
                slot = QModelRoleData(int(role))
                model.multiData(idx, QModelRoleDataSpan(slot))
                assert _same(slot.data(), idx.data(role)), (idx.data(PathRole), role)
                checked += 1
    assert checked > len(t.files) * 3 * len(ROLES_ASKED)
