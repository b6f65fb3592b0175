"""The review view, driven as a person would: the review arrives from a worker, cells list files,
nodes select stores, a stale override opens in a three-way view, blast radii are marked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from storelayers import resolver
from storelayers.gui.review import ReviewPanel
from storelayers.gui.review.graph_view import StoreNodeItem
from storelayers.gui.review.panel import LAZY_PARTS
from storelayers.gui.review.rows_model import RowsModel
from storelayers.gui.review.scorecard_model import ScorecardModel
from storelayers.resolver.review.divergence import review
from storelayers.resolver.review.findings import ReviewOptions

from tests.gitrepo import base_moves_on
from tests.resolver.test_review import C1, C2, S1, S2, TPL, spec

needs_git = pytest.mark.skipif(not shutil.which("git"), reason="git is not installed")


@pytest.fixture
def repo(make_ws) -> Path:
    return base_moves_on(make_ws(spec(), "repo"))


@pytest.fixture
def panel(qtbot) -> ReviewPanel:
    p = ReviewPanel(options=ReviewOptions())
    qtbot.addWidget(p)
    p.resize(1200, 700)
    p.show()
    return p


def load_into(qtbot, panel: ReviewPanel, root: Path):
    ws = resolver.load(root)
    with qtbot.waitSignal(panel.reviewReady, timeout=20000):
        panel.set_workspace(ws)
    return ws


def test_models_pass_the_model_tester(qtmodeltester, make_ws):
    rv = review(resolver.load(make_ws(spec())), ReviewOptions(git=False))
    m = ScorecardModel()
    m.set_cards(rv.scorecards)
    qtmodeltester.check(m)
    r = RowsModel(("Path", "Stores"))
    r.set_rows([(h.path, len(h.stores)) for h in rv.hotspots], list(rv.hotspots))
    qtmodeltester.check(r)
    assert m.rowCount() == len(rv.scorecards) and m.column_key(5) == "overridden"


@needs_git
def test_review_arrives_from_the_worker_and_fills_every_tab(qtbot, panel: ReviewPanel, repo: Path):
    load_into(qtbot, panel, repo)
    rv = panel.result
    assert rv is not None and rv.staleness == "known"
    assert panel.cards.rowCount() == len(rv.scorecards) == 6
    assert panel.stale_model.rowCount() == 4 and panel.hot_model.rowCount() == 1
    assert "4 stale" in panel.status.text()
    assert "overrides in the app · " in panel.status.text() and panel.status.text().endswith(" · 1 hotspot")
    assert set(panel.graph.nodes) == {"", S1, S2, "apps/stores/s3", TPL, C1, C2}
    assert panel.heatmap.heatmap.columns[0] == S1


def test_clicking_a_scorecard_cell_lists_its_files_and_a_file_can_be_opened(qtbot, panel: ReviewPanel, make_ws):
    panel.options = ReviewOptions(git=False)
    load_into(qtbot, panel, make_ws(spec()))
    view = panel.card_view
    row = panel.card_proxy.mapFromSource(panel.cards.index(panel.cards.row_of(S1), 5)).row()
    idx = panel.card_proxy.index(row, 5)  # "Overridden"
    with qtbot.waitSignal(panel.storeSelected) as sel:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(idx).center())
    assert sel.args == [S1]
    qtbot.waitUntil(lambda: not panel.tasks.busy("files"), timeout=10000)  # listed on the worker
    # the cell lists what it counts (Workspace.counts); tsconfig.json is special, rule 9 decides its status
    shown = [f for f in panel.files.stringList() if f != "web/tsconfig.json"]
    assert shown == ["web/a.ts", "web/b.ts", "web/comp/x.tsx"]
    n = len(panel.files.stringList())
    assert f"{n} files" in panel.files_label.text()  # one plural everywhere (words.plural), no "file(s)"
    first = panel.files.index(panel.files.stringList().index("web/comp/x.tsx"), 0)
    with qtbot.waitSignal(panel.fileSelected) as got:
        panel.files_view.activated.emit(first)
    assert got.args == [S1, "web", "comp/x.tsx"]


def test_scorecards_sort_as_numbers(qtbot, panel: ReviewPanel, make_ws):
    panel.options = ReviewOptions(git=False)
    load_into(qtbot, panel, make_ws(spec()))
    panel.card_view.sortByColumn(5, Qt.SortOrder.DescendingOrder)
    top = panel.card_proxy.index(0, 0).data()
    assert top == "s1"  # 4 overrides, the most


@needs_git
def test_clicking_a_graph_node_selects_its_store(qtbot, panel: ReviewPanel, repo: Path):
    load_into(qtbot, panel, repo)
    panel.tabs.setCurrentWidget(panel.graph)
    item: StoreNodeItem = panel.graph.nodes[C1]
    panel.graph.centerOn(item)
    qtbot.wait(10)
    pos = panel.graph.mapFromScene(item.scenePos())
    with qtbot.waitSignal(panel.storeSelected) as sel:
        qtbot.mouseClick(panel.graph.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert sel.args == [C1] and item.selected_store


@needs_git
def test_blast_radius_marks_graph_nodes_and_heatmap_columns(qtbot, panel: ReviewPanel, repo: Path):
    load_into(qtbot, panel, repo)
    assert panel.highlight_blast_radius(TPL, "web", "comp/y.tsx") == (TPL, C2)
    assert {k for k, n in panel.graph.nodes.items() if n.marked} == {TPL, C2}
    assert panel.heatmap.highlighted == {TPL, C2}
    assert panel.highlight_blast_radius("", "web", "comp/y.tsx") == (S1, S2, "apps/stores/s3")
    assert panel.highlight_blast_radius(None, "nope", "x") == ()  # unknown app: nothing, no crash


@needs_git
def test_stale_override_opens_in_a_three_way_view(qtbot, panel: ReviewPanel, repo: Path):
    load_into(qtbot, panel, repo)
    panel.tabs.setCurrentIndex(3)
    idx = panel.stale_proxy.index(0, 0)
    finding = idx.data(Qt.ItemDataRole.UserRole + 2)
    dlg = panel.open_three_way(finding)
    qtbot.addWidget(dlg)
    assert dlg.isVisible()
    qtbot.waitUntil(lambda: not panel.tasks.busy(), timeout=10000)  # the versions are read on the worker
    assert dlg.parent_diff.diff is not None and dlg.parent_diff.diff.text.added == 1
    assert dlg.override_diff.diff is not None and dlg.override_diff.diff.text.added >= 1
    dlg.close()


def test_heatmap_cell_click_lists_that_folders_overrides(qtbot, panel: ReviewPanel, make_ws):
    panel.options = ReviewOptions(git=False)
    load_into(qtbot, panel, make_ws(spec()))
    hm = panel.heatmap
    panel.tabs.setCurrentIndex(1)
    r = hm.heatmap.rows.index(("web", "comp"))
    c = hm.heatmap.columns.index(C1)
    with qtbot.waitSignal(hm.cellClicked) as got:
        qtbot.mouseClick(hm, Qt.MouseButton.LeftButton, pos=hm.cell_rect(r, c).center())
    assert got.args == ["web", "comp", C1]
    assert panel.files.stringList() == ["web/comp/x.tsx", "web/comp/y.tsx"]
    assert hm.cell_at(QPoint(1, 1)) is None


def test_staleness_unknown_is_said_in_the_stale_tab(qtbot, panel: ReviewPanel, make_ws):
    panel.options = ReviewOptions(git=False)
    load_into(qtbot, panel, make_ws(spec()))
    assert "Staleness unknown" in panel.stale_note.text()
    assert "staleness unknown" in panel.status.text()


def test_the_scorecard_table_shows_the_engines_column_list() -> None:
    from storelayers.resolver.review.columns import SCORECARD_COLUMNS

    m = ScorecardModel()
    assert [m.headerData(i, Qt.Orientation.Horizontal) for i in range(m.columnCount())] == [
        c.short for c in SCORECARD_COLUMNS
    ]
    assert [m.column_key(i) for i in range(m.columnCount())] == [c.files for c in SCORECARD_COLUMNS]


def test_a_part_of_the_view_asked_for_before_it_is_shown_is_there(qtbot, make_ws) -> None:
    """The view's parts are made when it is first shown; a part asked for before (by the window,
    a shortcut, a test) is made then, and every part the shown view has can be asked for so."""
    shown = ReviewPanel(options=ReviewOptions(git=False))
    qtbot.addWidget(shown)
    before = set(vars(shown))
    shown.show()
    parts = {name for name in set(vars(shown)) - before if not name.startswith("_")}
    assert parts == LAZY_PARTS  # each is made on asking (a part missing there would be an AttributeError)
    hidden = ReviewPanel(options=ReviewOptions(git=False))
    qtbot.addWidget(hidden)
    with qtbot.waitSignal(hidden.reviewReady, timeout=20000):
        hidden.set_workspace(resolver.load(make_ws(spec())))
    assert type(hidden.graph) is type(shown.graph)
    assert hidden.cards.rowCount() == 0  # made on asking, filled when shown, like a hidden view's
    hidden.show()
    assert hidden.cards.rowCount() == len(hidden.result.scorecards) > 0
    with pytest.raises(AttributeError):
        _ = hidden.no_such_part
