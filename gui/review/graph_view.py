"""The store inheritance graph in a QGraphicsView: nodes coloured like their layer, badges for
overrides, stale and redundant counts. Positions come from `resolver.graphlayout`, the same
layout the HTML report draws. A click on a node selects its store; `set_highlighted` marks the
stores of a blast radius.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)
from storelayers.gui.theme import Theme
from storelayers.resolver.model import BASE
from storelayers.resolver.review.findings import Review

if TYPE_CHECKING:  # networkx itself is imported with the first review, on its worker
    import networkx as nx

NODE_W, NODE_H = 120.0, 28.0


class StoreNodeItem(QGraphicsItem):
    """One store (or the base) as a rounded box with its id and badges below."""

    def __init__(
        self, key: str, label: str, depth: int, template: bool, badges: list[tuple[str, str]], tip: str, compact: bool
    ) -> None:
        super().__init__()
        self.key = key
        self.label = label
        self.depth = depth
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
            return QRectF(-9, -9, 18, 18)
        return QRectF(-NODE_W / 2 - 4, -NODE_H / 2 - 4, NODE_W + 8, NODE_H + 30)

    def paint(self, p: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        theme = Theme.current()
        fill = theme.layer(self.depth)
        pen = QPen(theme.color("text") if self.template else fill, 1.4)
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
            p.drawEllipse(QRectF(-7, -7, 14, 14))
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
        p.setPen(theme.color("accent.text") if theme.dark else QColor("#ffffff"))
        fm = p.fontMetrics()
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
            p.setPen(theme.color("text") if colour == "chip" else QColor("#ffffff"))
            p.drawText(r, Qt.AlignmentFlag.AlignCenter, text)
            x += bw + 2


def _radial_label(text: str, x: float, y: float, colour: QColor) -> QGraphicsSimpleTextItem:
    """A leaf's label along its radius, reading left to right on both halves of the circle."""
    label = QGraphicsSimpleTextItem(text)
    label.setBrush(colour)
    w, h = label.boundingRect().width(), label.boundingRect().height()
    angle = math.degrees(math.atan2(y, x))
    flip = abs(angle) > 90
    t = QTransform().translate(x, y).rotate(angle + 180 if flip else angle).scale(0.8, 0.8)
    label.setTransform(t.translate(-(w + 12) if flip else 12, -h / 2))
    return label


class StoreGraphView(QGraphicsView):
    """`storeSelected(key)` when a node is clicked ('' for the base)."""

    storeSelected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.nodes: dict[str, StoreNodeItem] = {}
        self._zoomed = False  # the user zoomed (Ctrl+wheel): stop fitting the graph to the view

    def set_review(self, rv: Review, graph: nx.DiGraph) -> None:
        """Build the scene: one item per store and one path per edge."""
        from storelayers.resolver.graphlayout import is_radial, radial_layout, tree_layout  # networkx: loaded by now

        scene = self.scene()
        scene.clear()
        self.nodes = {}
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
        edge_pen = QPen(theme.color("text.faint"), 1.2)
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
                badges = [("chip", f"{c.overridden} ov")]
                if stale.get(node):
                    badges.append(("level.error", f"{stale[node]} stale"))
                if c.redundant:
                    badges.append(("status.redundant", f"{c.redundant} red"))
                tip = (
                    f"{c.store_id} ({c.kind.value}, depth {c.depth})\n{c.store}\n{c.overridden} overrides, "
                    f"{c.redundant} redundant, {'?' if c.stale is None else c.stale} stale"
                )
                node_item = StoreNodeItem(node, c.store_id, c.depth, c.kind.value == "template", badges, tip, radial)
                if radial and not list(graph.successors(node)):
                    scene.addItem(_radial_label(c.store_id, x, y, theme.color("text")))
            node_item.setPos(x, y)
            scene.addItem(node_item)
            self.nodes[node_item.key] = node_item
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-24, -24, 24, 24))
        self._zoomed = False
        self.fit()

    def fit(self) -> None:
        """Show the whole graph, never larger than life (a small graph is not blown up)."""
        rect = self.scene().sceneRect()
        vw, vh = self.viewport().width(), self.viewport().height()
        if rect.isEmpty() or vw < 20 or vh < 20:
            return
        scale = min(1.0, vw / rect.width(), vh / rect.height())
        self.setTransform(QTransform.fromScale(scale, scale))
        self.centerOn(rect.center())

    def resizeEvent(self, e: QResizeEvent) -> None:
        super().resizeEvent(e)
        if not self._zoomed:
            self.fit()

    def set_highlighted(self, keys: frozenset[str]) -> None:
        for k, item in self.nodes.items():
            item.marked = k in keys
            item.update()

    def select_store(self, key: str) -> None:
        for k, item in self.nodes.items():
            item.selected_store = k == key
            item.update()
        if key in self.nodes:
            self.ensureVisible(self.nodes[key])

    def mousePressEvent(self, e: QMouseEvent) -> None:
        item = self.itemAt(e.position().toPoint())
        while item is not None and not isinstance(item, StoreNodeItem):
            item = item.parentItem()
        if isinstance(item, StoreNodeItem) and e.button() == Qt.MouseButton.LeftButton:
            self.select_store(item.key)
            self.storeSelected.emit(item.key)
        super().mousePressEvent(e)

    def wheelEvent(self, e: QWheelEvent) -> None:
        if e.modifiers() & Qt.KeyboardModifier.ControlModifier:
            f = 1.15 if e.angleDelta().y() > 0 else 1 / 1.15
            self.scale(f, f)
            self._zoomed = True
            return
        super().wheelEvent(e)
