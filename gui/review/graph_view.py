"""The store inheritance graph in a QGraphicsView: nodes coloured by their place in the chain of the
store the explorer shows (other stores neutral), badges for overrides, stale and redundant counts.
Positions come from `resolver.graphlayout`, the same layout the HTML report draws. A click on a node
selects its store; `set_highlighted` marks the stores of a blast radius.

Readable at any size: Ctrl+wheel or +/- zoom, dragging pans, F or 0 (or the Fit button) shows the
whole graph. Labels are horizontal and keep their size on screen; after every zoom a label is shown
only where it does not cover a label already placed (the shown store's chain first, then the stores
nearest the base), so they never pile up, and zooming in brings the others back.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QResizeEvent,
    QTextDocument,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QStyleOptionGraphicsItem,
    QToolButton,
    QWidget,
)
from storelayers.gui.theme import Theme
from storelayers.resolver.graphlayout import node_badges
from storelayers.resolver.model import BASE
from storelayers.resolver.palette import CHAIN_COLOURS, chain_positions
from storelayers.resolver.review.findings import Review

if TYPE_CHECKING:  # networkx itself is imported with the first review, on its worker
    import networkx as nx

NODE_W, NODE_H = 120.0, 28.0
BADGE_ROLES = {"override": "chip", "stale": "level.error", "redundant": "status.redundant"}  # theme colours
ZOOM_STEP = 1.25
LABEL_CHARS = 22
"""A name beside a dot longer than this is cut with an ellipsis (the tooltip has it whole)."""
MIN_LABEL_PX = 7.0
"""Text drawn inside a node box is left out when it would be smaller than this on screen."""


class StoreNodeItem(QGraphicsItem):
    """One store (or the base) as a rounded box with its id and badges below (or, in a big graph,
    a dot whose label is a separate `StoreLabel`)."""

    def __init__(
        self, key: str, label: str, depth: int, template: bool, badges: list[tuple[str, str]], tip: str, compact: bool
    ) -> None:
        super().__init__()
        self.key = key
        self.label = label
        self.depth = depth
        self.position: int | None = None  # place in the shown store's chain; None outside it
        self.template = template
        self.badges = badges
        self.compact = compact
        self.marked = False
        self.selected_store = False
        self.setToolTip(tip)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAcceptHoverEvents(True)

    def boundingRect(self) -> QRectF:
        if self.compact:
            return QRectF(-15, -15, 30, 30)
        return QRectF(-NODE_W / 2 - 4, -NODE_H / 2 - 4, NODE_W + 8, NODE_H + 30)

    def paint(self, p: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        theme = Theme.current()
        fill = theme.layer(self.position)
        outside = self.position is None
        edge = theme.color("border.strong") if outside else fill
        pen = QPen(theme.color("text") if self.template else edge, 1.4)
        if self.template:
            pen.setStyle(Qt.PenStyle.DashLine)
        base = QPen(pen)
        if self.marked:
            pen = QPen(theme.color("accent"), 3)
        if self.selected_store:
            pen = QPen(theme.color("text"), 3)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(pen)
        p.setBrush(QBrush(fill))
        if self.compact:
            if any(colour == "level.error" for colour, _ in self.badges) and not (self.marked or self.selected_store):
                p.setPen(QPen(theme.color("level.error"), 2.5))
            lod = option.levelOfDetailFromTransform(p.worldTransform())
            radius = min(14.0, max(7.0, 3.5 / max(lod, 1e-3)))  # never smaller than 7 px across on screen
            p.drawEllipse(QRectF(-radius, -radius, 2 * radius, 2 * radius))
            return
        box = QRectF(-NODE_W / 2, -NODE_H / 2, NODE_W, NODE_H)
        if self.marked:  # in the blast radius: a halo around the box, readable on any layer colour
            halo = theme.tint("accent", 70)
            p.save()
            p.setPen(QPen(theme.color("accent"), 2.5))
            p.setBrush(QBrush(halo))
            p.drawRoundedRect(box.adjusted(-4, -4, 4, 4), 9, 9)
            p.restore()
            if not self.selected_store:
                p.setPen(base)
        p.drawRoundedRect(box, 6, 6)
        fm = p.fontMetrics()
        if fm.height() * option.levelOfDetailFromTransform(p.worldTransform()) < MIN_LABEL_PX:
            return  # too small to read: the tooltip and a zoom tell the name
        p.setPen(theme.color("layer.outside.text" if outside else "layer.text"))
        p.drawText(
            box, Qt.AlignmentFlag.AlignCenter, fm.elidedText(self.label, Qt.TextElideMode.ElideRight, int(NODE_W - 10))
        )
        x = -sum(fm.horizontalAdvance(t) + 12 for _, t in self.badges) / 2
        for colour, text in self.badges:
            bw = fm.horizontalAdvance(text) + 10
            r = QRectF(x, NODE_H / 2 + 4, bw, 16)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(theme.color(colour))
            p.drawRoundedRect(r, 8, 8)
            p.setPen(theme.color("text") if colour == "chip" else theme.color("layer.text"))
            p.drawText(r, Qt.AlignmentFlag.AlignCenter, text)
            x += bw + 2


class StoreLabel(QGraphicsSimpleTextItem):
    """A store's name beside its dot in a big graph: horizontal and the same size at every zoom;
    first tried on the outer side of the circle (right of the dot on the right half, left on the
    left), then on the other side, above and below."""

    def __init__(self, key: str, text: str, anchor: QPointF, leftward: bool) -> None:
        super().__init__(text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "\u2026")
        self.name = text
        self.key = key
        self.anchor = anchor
        self.priority = (9, 0.0)
        br = self.boundingRect()
        w, h = br.width(), br.height()
        right, left = QPointF(10, -h / 2), QPointF(-(w + 10), -h / 2)
        self.offsets = [left, right] if leftward else [right, left]
        self.offsets += [QPointF(-w / 2, -h - 8), QPointF(-w / 2, 8)]
        self.offsets += [QPointF(o.x() * 1.0, o.y() * 2.6) for o in self.offsets[2:]]  # farther up and down
        self.offset = self.offsets[0]
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setToolTip(text)
        self.setPos(anchor)
        self.place(self.offset)

    def place(self, offset: QPointF) -> None:
        """Draw the label at this offset (in pixels) from its dot."""
        self.offset = offset
        self.setTransform(QTransform.fromTranslate(offset.x(), offset.y()))

    def screen_rect(self, view: QGraphicsView, offset: QPointF | None = None) -> QRectF:
        """Where the label is drawn in the view's viewport (at `offset`, or where it is)."""
        at = QPointF(view.mapFromScene(self.anchor)) + (self.offset if offset is None else offset)
        br = self.boundingRect()
        return QRectF(at.x(), at.y(), br.width(), br.height())


def _no_overlap_labels(view: QGraphicsView, labels: list[StoreLabel]) -> None:
    """Show each label, most important first, at the first of its places where it covers no label
    already shown (and no other dot); left out where there is none."""
    placed: dict[tuple[int, int], list[QRectF]] = {}
    cell = 64

    def cells(r: QRectF) -> list[tuple[int, int]]:
        return [
            (cx, cy)
            for cx in range(int(r.left()) // cell, int(r.right()) // cell + 1)
            for cy in range(int(r.top()) // cell, int(r.bottom()) // cell + 1)
        ]

    room = QRectF(view.viewport().rect())
    for label in labels:  # the dots themselves are obstacles
        at = QPointF(view.mapFromScene(label.anchor))
        dot = QRectF(at.x() - 5, at.y() - 5, 10, 10)
        for c in cells(dot):
            placed.setdefault(c, []).append(dot)
    for label in sorted(labels, key=lambda lb: lb.priority):
        offsets = list(label.offsets)
        if label.priority[0] == 0:  # the shown chain: also slid along, to stay inside the view
            for o in label.offsets:
                r = label.screen_rect(view, o)
                dx = min(0.0, room.right() - 2 - r.right()) or max(0.0, room.left() + 2 - r.left())
                if dx:
                    offsets.append(QPointF(o.x() + dx, o.y()))
        for offset in offsets:
            r = label.screen_rect(view, offset).adjusted(-1, -1, 1, 1)
            cs = cells(r)
            if room.contains(r) and all(not r.intersects(o) for c in cs for o in placed.get(c, ())):
                label.place(offset)
                label.setVisible(True)
                for c in cs:
                    placed.setdefault(c, []).append(r)
                break
        else:
            label.setVisible(False)


def legend_entries(chain: list[str] | None = None) -> list[str]:
    """The graph's legend as rich-text entries: what each colour and mark means, naming the stores
    of the shown chain (`chain`: ids nearest first, without the base)."""
    theme = Theme.current()
    names = ["this store", "parent", "grandparent", "great\u2011grandparent"][:CHAIN_COLOURS]
    chain = chain or []
    if chain:  # only the places the shown chain has: a store two levels down has no great-grandparent
        names = names[: len(chain)]
    parts = []
    for i, name in enumerate(names):
        who = f": <b>{escape(chain[i])}</b>" if i < len(chain) else ""
        parts.append(f"<span style='color:{theme.hex(f'layer.{i + 1}')}'>\u25a0</span>&nbsp;{name}{who}")
    if len(chain) > CHAIN_COLOURS:
        parts.append(f"(farther up: {escape(', '.join(chain[CHAIN_COLOURS:]))}, colours again)")
    parts.append(f"<span style='color:{theme.hex('layer.0')}'>\u25a0</span>&nbsp;base")
    parts.append(f"<span style='color:{theme.hex('border.strong')}'>\u25a1</span>&nbsp;other stores")
    parts.append("dashed: template")
    return parts


def legend(chain: list[str] | None = None) -> str:
    """The legend's entries in one paragraph. An entry is never broken across lines (a narrow pane
    put "dashed:" and "template" apart, and a store's name at its hyphen): lines break between
    entries only."""
    return " &nbsp; ".join(f"<span style='white-space:nowrap'>{p}</span>" for p in legend_entries(chain))


def show_legend(label: QLabel, chain: list[str] | None = None) -> None:
    """Put the legend into `label`, which is never narrower than its widest entry (a long store name)."""
    label.setText(legend(chain))
    doc = QTextDocument()
    doc.setDefaultFont(label.font())
    doc.setDocumentMargin(0)
    widest = 0.0
    for entry in legend_entries(chain):
        doc.setHtml(f"<span style='white-space:nowrap'>{entry}</span>")
        widest = max(widest, doc.idealWidth())
    m = label.contentsMargins()
    label.setMinimumWidth(int(widest + 0.999) + m.left() + m.right() + 2)


class StoreGraphView(QGraphicsView):
    """`storeSelected(key)` when a node is clicked ('' for the base). `zoomChanged()` after every
    zoom or fit."""

    storeSelected = Signal(str)
    zoomChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setToolTip("")
        self.nodes: dict[str, StoreNodeItem] = {}
        self.labels: list[StoreLabel] = []
        self._parents: dict[str, str] = {}  # node -> its parent node in the graph
        self._current = ""  # the store the explorer shows
        self._zoomed = False  # the user zoomed: stop fitting the graph to the view
        self.legend_label: QLabel | None = None  # made by `graph_controls`

    def set_review(self, rv: Review, graph: nx.DiGraph) -> None:
        """Build the scene: one item per store and one path per edge."""
        from storelayers.resolver.graphlayout import is_radial, radial_layout, tree_layout  # networkx: loaded by now

        scene = self.scene()
        scene.clear()
        self.nodes = {}
        self.labels = []
        theme = Theme.current()
        scene.setBackgroundBrush(theme.color("base"))
        cards = {c.store: c for c in rv.scorecards}
        stale: dict[str, int] = {}
        for f in rv.stale:
            stale[f.override.store] = stale.get(f.override.store, 0) + 1
        radial = is_radial(graph)
        if radial:
            pos = {k: (x * 420.0, y * 420.0) for k, (x, y) in radial_layout(graph).items()}
        else:
            pos = {k: (x * (NODE_W + 14), y * 100.0) for k, (x, y) in tree_layout(graph).items()}
        self._parents = {b: a for a, b in graph.edges()}
        edge_pen = QPen(theme.color("text.faint"), 1.2)
        edge_pen.setCosmetic(True)
        for a, b in graph.edges():
            (x1, y1), (x2, y2) = pos[a], pos[b]
            path = QPainterPath()
            path.moveTo(x1, y1)
            if radial:
                path.lineTo(x2, y2)
            else:
                my = (y1 + y2) / 2
                path.cubicTo(x1, my, x2, my, x2, y2)
            item = QGraphicsPathItem(path)
            item.setPen(edge_pen)
            item.setZValue(-1)
            scene.addItem(item)
        for node in graph.nodes:
            x, y = pos[node]
            node_item: StoreNodeItem
            if node == BASE:
                node_item = StoreNodeItem("", "base", 0, False, [], "base apps", radial)
            else:
                c = cards.get(node)
                if c is None:
                    continue
                badges = [
                    (BADGE_ROLES[kind], text)
                    for kind, text in node_badges(c.overridden, stale.get(node, 0), c.redundant)
                ]
                tip = (
                    f"{c.store_id} ({c.kind.value}, depth {c.depth})\n{c.store}\n{c.overridden} overrides, "
                    f"{c.redundant} redundant, {'?' if c.stale is None else c.stale} stale"
                )
                node_item = StoreNodeItem(node, c.store_id, c.depth, c.kind.value == "template", badges, tip, radial)
            if radial:
                label = StoreLabel(node_item.key, node_item.label, QPointF(x, y), x < -1e-6)
                label.setBrush(theme.color("text"))
                label.setZValue(2)
                label.priority = (5, float(node_item.depth))  # nearest the base first
                scene.addItem(label)
                self.labels.append(label)
            node_item.setPos(x, y)
            node_item.setZValue(1)
            scene.addItem(node_item)
            self.nodes[node_item.key] = node_item
        rect = scene.itemsBoundingRect()
        scene.setSceneRect(rect.adjusted(-24, -24, 24, 24))
        self._zoomed = False
        self._colour_chain()
        self.fit()

    # ------------------------------------------------------------ zoom

    def zoom(self) -> float:
        """The current scale (1.0: life size)."""
        return self.transform().m11()

    def fit(self) -> None:
        """Show the whole graph, never larger than life (a small graph is not blown up)."""
        rect = self.scene().sceneRect()
        vw, vh = self.viewport().width(), self.viewport().height()
        if rect.isEmpty() or vw < 20 or vh < 20:
            return
        scale = self._fit_scale()
        self.setTransform(QTransform.fromScale(scale, scale))
        self.centerOn(rect.center())
        self._zoomed = False
        self._after_zoom()

    def zoom_by(self, factor: float) -> None:
        """Zoom in (factor > 1) or out, between a twentieth of the fit and four times life size."""
        fit = self._fit_scale()
        target = min(4.0, max(fit / 20.0, self.zoom() * factor))
        f = target / self.zoom()
        if abs(f - 1.0) < 1e-9:
            return
        self.scale(f, f)
        self._zoomed = True
        self._after_zoom()

    def _fit_scale(self) -> float:
        """The scale that shows the whole graph, with room beside it for the outer labels (which
        keep their size on screen); never above life size."""
        rect = self.scene().sceneRect()
        vw, vh = max(1, self.viewport().width()), max(1, self.viewport().height())
        if rect.isEmpty():
            return 1.0
        side = max((lb.boundingRect().width() + 14 for lb in self.labels), default=0.0)
        mw, mh = min(side, vw * 0.28), (24.0 if self.labels else 0.0)
        return max(0.01, min(1.0, (vw - 2 * mw) / rect.width(), (vh - 2 * mh) / rect.height()))

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        if self.labels:  # panned: labels that left the view give their room to those that came in
            _no_overlap_labels(self, self.labels)

    def _after_zoom(self) -> None:
        _no_overlap_labels(self, self.labels)
        self.zoomChanged.emit()

    def resizeEvent(self, e: QResizeEvent) -> None:
        super().resizeEvent(e)
        if not self._zoomed:
            self.fit()
        else:
            _no_overlap_labels(self, self.labels)

    def wheelEvent(self, e: QWheelEvent) -> None:
        if e.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(ZOOM_STEP if e.angleDelta().y() > 0 else 1 / ZOOM_STEP)
            return
        super().wheelEvent(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        key = e.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(ZOOM_STEP)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_by(1 / ZOOM_STEP)
        elif key in (Qt.Key.Key_F, Qt.Key.Key_0):
            self.fit()
        else:
            super().keyPressEvent(e)

    # ------------------------------------------------------------ the shown store

    def chain_of(self, key: str) -> dict[str | None, int]:
        """Place of each store in the chain of `key` (1 it, 2 its parent, ..., 0 the base '')."""
        chain: list[str | None] = []
        k = key
        while k and k != BASE and k in self._parents:
            chain.append(k)
            k = self._parents[k]
        chain.append(None)
        return chain_positions(chain)

    def _colour_chain(self) -> None:
        positions: dict[str | None, int] = self.chain_of(self._current) if self._current else {None: 0}
        for k, item in self.nodes.items():
            item.position = positions.get(k or None)
            item.update()
        for label in self.labels:
            pos = positions.get(label.key or None)
            label.priority = (0, float(pos or 99)) if pos is not None else (5, float(self.nodes[label.key].depth))
        _no_overlap_labels(self, self.labels)
        if self.legend_label is not None:
            ids = sorted((p, k) for k, p in positions.items() if k is not None and k in self.nodes)
            show_legend(self.legend_label, [self.nodes[k].label for _, k in ids])

    def set_highlighted(self, keys: frozenset[str]) -> None:
        for k, item in self.nodes.items():
            item.marked = k in keys
            item.update()

    def select_store(self, key: str) -> None:
        for k, item in self.nodes.items():
            item.selected_store = k == key
            item.update()
        self._current = key
        self._colour_chain()
        if key in self.nodes:
            self.ensureVisible(self.nodes[key])

    def mousePressEvent(self, e: QMouseEvent) -> None:
        item = self.itemAt(e.position().toPoint())
        while item is not None and not isinstance(item, (StoreNodeItem, StoreLabel)):
            item = item.parentItem()
        if isinstance(item, (StoreNodeItem, StoreLabel)) and e.button() == Qt.MouseButton.LeftButton:
            self.select_store(item.key)
            self.storeSelected.emit(item.key)
        super().mousePressEvent(e)


def graph_controls(view: StoreGraphView) -> QWidget:
    """A row above the graph: its legend, and zoom out / zoom in / fit buttons."""
    row = QWidget()
    lay = QHBoxLayout(row)
    lay.setContentsMargins(10, 0, 6, 4)
    lay.setSpacing(2)
    key = QLabel()
    key.setObjectName("GraphLegend")
    key.setWordWrap(True)
    key.setToolTip(
        "Colour is a store's place in the chain of the store the explorer shows; stores outside that chain are neutral."
    )
    show_legend(key)
    lay.addWidget(key, 1)
    for text, tip, slot in (
        ("\u2212", "Zoom out (-, Ctrl+wheel)", lambda: view.zoom_by(1 / ZOOM_STEP)),
        ("+", "Zoom in (+, Ctrl+wheel)", lambda: view.zoom_by(ZOOM_STEP)),
        ("Fit", "Show the whole graph (F or 0). Drag to pan.", view.fit),
    ):
        b = QToolButton()
        b.setText(text)
        b.setToolTip(tip)
        b.setAccessibleName(tip.split(" (")[0].split(".")[0])
        b.clicked.connect(slot)
        lay.addWidget(b)
    view.legend_label = key
    return row
