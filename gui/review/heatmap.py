"""The hotspot heatmap: folders (rows) by stores (columns), darker where more files are overridden.

Painted in one widget (no item per cell), so 30 folders by 200 stores stay cheap. A click on a
cell says which folder and store it is; the tooltip gives the count.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QToolTip, QWidget
from storelayers.gui.text import plural
from storelayers.gui.theme import Theme
from storelayers.resolver.names import shown
from storelayers.resolver.review.findings import Heatmap

CELL_H = 20
LABEL_W = 260
HEADER_H = 120
"""Room for the store names above the columns: written upwards (turned a quarter), each in its own
column at least a line high, elided to this height with the whole name in the tooltip."""


class HeatmapWidget(QWidget):
    """Override counts per folder and store. `cellClicked(app, folder, store_key)`."""

    cellClicked = Signal(str, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heatmap = Heatmap()
        self.ids: dict[str, str] = {}
        self.highlighted: frozenset[str] = frozenset()
        self.setMouseTracking(True)

    def set_heatmap(self, heatmap: Heatmap, ids: dict[str, str]) -> None:
        self.heatmap = heatmap
        self.ids = dict(ids)
        self.updateGeometry()
        self.adjustSize()
        self.update()

    def set_highlighted(self, store_keys: frozenset[str]) -> None:
        """Stores whose columns are marked (e.g. the blast radius of the selected file)."""
        self.highlighted = frozenset(store_keys)
        self.update()

    def cell_w(self) -> int:
        """Column width: narrower with more stores, never narrower than a line of header text."""
        n = max(1, len(self.heatmap.columns))
        line = QFontMetrics(self.font()).height() + 2
        return max(line, min(28, 900 // n))

    def header_rects(self) -> list[QRect]:
        """Where each store name is written above its column (in widget coordinates)."""
        fm = QFontMetrics(self.font())
        w = self.cell_w()
        h = fm.height()
        out = []
        for c, key in enumerate(self.heatmap.columns):
            text = self.header_text(key)
            length = fm.horizontalAdvance(text)
            x = LABEL_W + c * w + (w - h) // 2
            out.append(QRect(x, HEADER_H - 6 - length, h, length))
        return out

    def header_text(self, key: str) -> str:
        """A store's name as its column header shows it (elided to the header's height)."""
        fm = QFontMetrics(self.font())
        return fm.elidedText(shown(self.ids.get(key, key)), Qt.TextElideMode.ElideRight, HEADER_H - 12)

    def sizeHint(self) -> QSize:
        return QSize(
            LABEL_W + self.cell_w() * len(self.heatmap.columns) + 12, HEADER_H + CELL_H * len(self.heatmap.rows) + 12
        )

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def cell_at(self, pos: QPoint) -> tuple[int, int] | None:
        """(row, column) under a point, None outside the cells."""
        x, y = pos.x() - LABEL_W, pos.y() - HEADER_H
        if x < 0 or y < 0:
            return None
        r, c = y // CELL_H, x // self.cell_w()
        if r < len(self.heatmap.rows) and c < len(self.heatmap.columns):
            return int(r), int(c)
        return None

    def cell_rect(self, row: int, col: int) -> QRect:
        w = self.cell_w()
        return QRect(LABEL_W + col * w, HEADER_H + row * CELL_H, w, CELL_H)

    def mousePressEvent(self, e: QMouseEvent) -> None:
        hit = self.cell_at(e.position().toPoint())
        if hit is not None and e.button() == Qt.MouseButton.LeftButton:
            app, folder = self.heatmap.rows[hit[0]]
            self.cellClicked.emit(app, folder, self.heatmap.columns[hit[1]])
        super().mousePressEvent(e)

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        hit = self.cell_at(e.position().toPoint())
        head = next(
            (
                k
                for k, r in zip(self.heatmap.columns, self.header_rects(), strict=True)
                if r.contains(e.position().toPoint())
            ),
            None,
        )
        if head is not None:  # a store name above its column: the whole name
            QToolTip.showText(e.globalPosition().toPoint(), self.ids.get(head, head), self)
        elif hit is None:
            QToolTip.hideText()
        else:
            r, c = hit
            app, folder = self.heatmap.rows[r]
            key = self.heatmap.columns[c]
            n = self.heatmap.counts[r][c]
            QToolTip.showText(
                e.globalPosition().toPoint(),
                f"{self.ids.get(key, key)}: {plural(n, 'override')} in {app}/{folder or '(app root)'}",
                self,
            )
        super().mouseMoveEvent(e)

    def paintEvent(self, e: QPaintEvent) -> None:
        p = QPainter(self)
        theme = Theme.current()
        p.fillRect(self.rect(), theme.color("base"))
        hm = self.heatmap
        if not hm.rows:
            p.setPen(theme.color("text.dim"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No overrides to map.")
            return
        fm = QFontMetrics(self.font())
        w = self.cell_w()
        peak = max(1, hm.peak)
        heat = theme.color("heat")
        empty = theme.color("alt_base")
        for key, rect in zip(hm.columns, self.header_rects(), strict=True):  # store names, written upwards
            p.save()
            p.translate(rect.left(), rect.bottom())
            p.rotate(-90)
            marked = key in self.highlighted
            p.setPen(theme.color("accent") if marked else theme.color("text"))
            p.drawText(
                QRect(0, 0, rect.height(), rect.width()), int(Qt.AlignmentFlag.AlignVCenter), self.header_text(key)
            )
            p.restore()
        for r, (app, folder) in enumerate(hm.rows):
            y = HEADER_H + r * CELL_H
            label = shown(f"{app.split('-')[-1]} · {folder or '(root)'}/")
            p.setPen(theme.color("text"))
            p.drawText(
                QRect(4, y, LABEL_W - 10, CELL_H),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                fm.elidedText(label, Qt.TextElideMode.ElideLeft, LABEL_W - 12),
            )
            for c, n in enumerate(hm.counts[r]):
                rect = self.cell_rect(r, c).adjusted(1, 1, -1, -1)
                if n:
                    col = QColor(heat)
                    alpha = 0.18 + 0.82 * n / peak
                    col.setAlphaF(alpha)
                    p.fillRect(rect, col)
                    if w >= 16:
                        p.setPen(theme.color("layer.text" if alpha > 0.55 else "text"))
                        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(n))
                else:
                    p.fillRect(rect, empty)
        for c, key in enumerate(hm.columns):
            if key in self.highlighted:
                p.setPen(theme.color("accent"))
                top, bottom = self.cell_rect(0, c), self.cell_rect(len(hm.rows) - 1, c)
                p.drawRect(top.united(bottom).adjusted(0, 0, -1, -1))
        p.end()
