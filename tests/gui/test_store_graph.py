"""The review's store graph and heatmap stay readable at 60 and 200 stores (issue #11, "Findings
where developers work"): labels never overlap at fit zoom, +/-/F zoom and fit by keys, the legend
says what colour means, and colour follows the chain of the shown store."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QRectF, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QToolButton
from storelayers import resolver
from storelayers.gui.review import ReviewPanel
from storelayers.gui.review.graph_view import StoreLabel
from storelayers.gui.theme import Theme
from storelayers.resolver.review.findings import ReviewOptions

from tests.wsbuilder import build, store

NEXT = "storefront-unified-nextjs"


def _spec(n: int) -> dict:
    """`n` stores: 8 top-level templates, children under them, a few grandchildren; every store
    overrides one file, so each has a heatmap column."""
    tops = 8
    children: dict[str, list[str]] = {f"region-{t:02d}": [] for t in range(tops)}
    left = n - 2 * tops  # the first child of each region has a child of its own
    i = 0
    while left > 0:
        children[f"region-{i % tops:02d}"].append(f"market-{i:03d}-storefront")
        i += 1
        left -= 1
    stores: dict = {}
    for top, kids in children.items():
        kid_specs = {}
        for j, kid in enumerate(kids):
            grand = {f"{kid}-b2b": store({NEXT: {"app": {"page.tsx": f"{kid} b2b\n"}}})} if j == 0 else None
            if grand:
                kid_specs[kid] = store({NEXT: {"app": {"page.tsx": f"{kid}\n"}}}, grand)
            else:
                kid_specs[kid] = store({NEXT: {"app": {"page.tsx": f"{kid}\n"}}})
        stores[top] = store({NEXT: {"components": {"header.tsx": f"{top}\n"}}}, kid_specs)
    return {
        "apps": {
            NEXT: {"app": {"page.tsx": "base\n"}, "components": {"header.tsx": "base\n"}, "package.json": "{}"},
            "stores": stores,
        },
        "alokai.config.json": "{}",
    }


@pytest.fixture(scope="module", params=[60, 200], ids=["60-stores", "200-stores"])
def reviewed(request, tmp_path_factory, qapp):
    root = build(tmp_path_factory.mktemp(f"graph{request.param}") / "ws", _spec(request.param))
    ws = resolver.load(root)
    assert len(ws.stores) == request.param
    return ws


def shown_panel(qtbot, ws, size: tuple[int, int]) -> ReviewPanel:
    """A review panel shown at `size`, once its review of `ws` has arrived and its graph is drawn."""
    p = ReviewPanel(options=ReviewOptions(git=False))
    qtbot.addWidget(p)
    p.resize(*size)
    p.show()
    with qtbot.waitSignal(p.reviewReady, timeout=30000):
        p.set_workspace(ws)
    qtbot.waitUntil(lambda: bool(p.graph.nodes), timeout=10000)
    return p


@pytest.fixture
def panel(qtbot, reviewed) -> ReviewPanel:
    Theme.set(False)
    return shown_panel(qtbot, reviewed, (1366, 700))


def _shown_label_rects(view) -> list[tuple[str, QRectF]]:
    """Viewport rectangles of the store names the graph shows (in boxes or beside dots)."""
    out = []
    for item in view.items():
        if isinstance(item, StoreLabel) and item.isVisible():
            out.append((item.name, item.screen_rect(view)))
    return out


def _overlaps(rects: list[tuple[str, QRectF]]) -> list[tuple[str, str]]:
    return [
        (a, b)
        for i, (a, ra) in enumerate(rects)
        for b, rb in rects[i + 1 :]
        if ra.intersected(rb).width() > 0.5 and ra.intersected(rb).height() > 0.5
    ]


def test_labels_never_overlap_at_fit_zoom_and_zooming_in_shows_more(qtbot, panel: ReviewPanel) -> None:
    view = panel.graph
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F)
    fit_zoom = view.zoom()
    shown = _shown_label_rects(view)
    assert shown, "no store name is shown at fit zoom"
    assert _overlaps(shown) == []
    labels = [i for i in view.items() if isinstance(i, StoreLabel)]
    assert all(i.transform().m12() == 0 and i.transform().m21() == 0 for i in labels)  # never rotated
    assert len(shown) < len(labels)  # not all fit at once: the rest are left out, not piled up
    for _ in range(4):
        qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.zoom() > fit_zoom * 2
    more = _shown_label_rects(view)
    assert _overlaps(more) == []
    assert len(more) > len(shown)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert view.zoom() < fit_zoom * 2.5**4
    qtbot.keyClick(view, Qt.Key.Key_0)
    assert view.zoom() == pytest.approx(fit_zoom)


def test_the_shown_chain_is_coloured_and_named_first_other_stores_are_neutral(qtbot, panel: ReviewPanel) -> None:
    ws = panel.ws
    leaf = next(k for k, s in ws.stores.items() if s.depth == 3)
    panel.select_store(leaf)
    chain = ws.chain(leaf)
    theme = Theme.current()
    for i, key in enumerate(chain):
        node = panel.graph.nodes[key or ""]
        assert node.position == (0 if key is None else i + 1)
    sibling_top = next(k for k, s in ws.stores.items() if s.depth == 1 and k not in chain)
    assert panel.graph.nodes[sibling_top].position is None
    assert theme.layer(None) != theme.layer(1)
    legend = panel.graph.legend_label.text()
    assert f"this store: <b>{ws.stores[leaf].id}</b>" in legend
    assert f"parent: <b>{ws.stores[chain[1]].id}</b>" in legend
    assert f"grandparent: <b>{ws.stores[chain[2]].id}</b>" in legend
    assert "other stores" in legend
    top = next(k for k, s in ws.stores.items() if s.depth == 1)
    panel.select_store(top)
    legend = panel.graph.legend_label.text()
    assert f"this store: <b>{ws.stores[top].id}</b>" in legend and "parent" not in legend  # its chain: itself, base


def test_fit_and_zoom_buttons(qtbot, panel: ReviewPanel) -> None:
    view = panel.graph
    tools = {b.accessibleName(): b for b in panel.findChildren(QToolButton) if b.accessibleName()}
    fit = view.zoom()
    qtbot.mouseClick(tools["Zoom in"], Qt.MouseButton.LeftButton)
    assert view.zoom() > fit
    qtbot.mouseClick(tools["Show the whole graph"], Qt.MouseButton.LeftButton)
    assert view.zoom() == pytest.approx(fit)


def test_heatmap_headers_do_not_overlap(qtbot, panel: ReviewPanel) -> None:
    hm = panel.heatmap
    rects = hm.header_rects()
    assert len(rects) == len(hm.heatmap.columns) > 50
    assert all(r.top() >= 0 for r in rects)
    assert all(a.right() < b.left() for a, b in zip(rects, rects[1:], strict=False))


def test_finding_redundant_badge_says_redundant_not_a_colour(qtbot, tmp_path) -> None:
    """A node's redundant count read '2 red' (a colour's name); it is '=2' now, the tree's glyph for
    redundant, in the app's graph, in its hint, and in the HTML report's graph alike."""
    from storelayers.resolver.report.svg import graph_svg

    base = {"header.tsx": "base\n", "footer.tsx": "footer\n", "nav.tsx": "nav\n"}
    same = {"header.tsx": "base\n", "footer.tsx": "footer\n", "nav.tsx": "mine\n"}  # two redundant, one not
    spec = {
        "apps": {
            NEXT: {"components": base, "package.json": "{}"},
            "stores": {"fashion": store({NEXT: {"components": same}})},
        },
        "alokai.config.json": "{}",
    }
    ws = resolver.load(build(tmp_path / "ws", spec))
    p = shown_panel(qtbot, ws, (1024, 600))
    key = ws.store("fashion").key
    texts = [text for _, text in p.graph.nodes[key].badges]
    assert texts == ["3 ov", "=2"], texts
    assert "=\u00a0redundant" in p.graph_hint.text() and "red redundant" not in p.graph_hint.text()
    svg = graph_svg(p.result, ws.graph)
    assert ">3 ov</text>" in svg and ">=2</text>" in svg and " red<" not in svg


def _broken_entries(label) -> list[str]:
    """The legend's entries that its label lays out across two lines (at the label's width)."""
    doc = QTextDocument()
    doc.setDefaultFont(label.font())
    doc.setDocumentMargin(0)
    doc.setHtml(label.text())
    doc.setTextWidth(label.contentsRect().width())
    doc.size()  # laid out now
    text = doc.toRawText()  # nbsp kept (toPlainText makes them spaces)
    ends = []
    block = doc.begin()
    while block.isValid():
        lay = block.layout()
        ends += [block.position() + lay.lineAt(i).textStart() for i in range(1, lay.lineCount())]
        block = block.next()
    broken, at = [], 0
    for entry in text.split(" \u00a0 "):
        start = text.index(entry, at)
        at = start + len(entry)
        if any(start < e < at for e in ends):
            broken.append(entry)
    return broken


def test_the_legend_breaks_between_entries_only(qtbot, tmp_path) -> None:
    """At 1024 px the graph's pane is ~340 px wide and its legend ~220: the legend put "dashed:" and
    "template" on two lines. Every entry reads on one line, and the label shows all its lines."""
    spec = {
        "apps": {
            NEXT: {"app": {"page.tsx": "base\n"}, "package.json": "{}"},
            "stores": {
                "electronics": store(
                    {NEXT: {"app": {"page.tsx": "e\n"}}},
                    {"electronics-b2b": store({NEXT: {"app": {"page.tsx": "b\n"}}})},
                ),
                "fashion": store({NEXT: {"app": {"page.tsx": "f\n"}}}),
            },
        },
        "alokai.config.json": "{}",
    }
    ws = resolver.load(build(tmp_path / "ws", spec))
    p = shown_panel(qtbot, ws, (1024, 560))
    p.select_store(ws.store("electronics-b2b").key)
    label = p.graph.legend_label
    qtbot.waitUntil(lambda: "electronics-b2b" in label.text() and label.isVisible(), timeout=3000)
    for width in (1024, 960, 900, 860, 1366):  # the graph's pane 230 to 350 px wide, and wide
        p.resize(width, 560)
        qtbot.waitUntil(lambda w=width: p.width() == w, timeout=3000)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        assert _broken_entries(label) == [], (width, label.width())
        assert label.height() >= label.heightForWidth(label.width()), width  # no line cut off below
        pane = p.graph.parentWidget()
        assert label.mapTo(pane, label.rect().bottomRight()).x() < pane.width(), width
