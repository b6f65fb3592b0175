"""Painting of the few cells a plain label cannot show: store colour and kind, folder summaries."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem
from storelayers.gui import icons
from storelayers.gui.findings import GLYPHS, KINDS, role
from storelayers.gui.store_model import ChainRole, KindRole
from storelayers.gui.theme import Theme
from storelayers.gui.tree_model import CHANGE_STATUSES, NodeRole

Index = QModelIndex | QPersistentModelIndex


def _background(painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
    opt = QStyleOptionViewItem(option)
    opt.text = ""
    opt.features &= ~QStyleOptionViewItem.ViewItemFeature.HasDecoration
    style = opt.widget.style() if opt.widget is not None else QApplication.style()
    style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)


class StoreDelegate(QStyledItemDelegate):
    """Column 0 of the stores list: colour swatch, store id, kind."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        _background(painter, option, index)
        theme = Theme.current()
        r: QRect = option.rect
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        position = index.data(ChainRole)
        sw = QRectF(r.left() + 4, r.center().y() - 5, 10, 10)
        if position is None:  # outside the shown store's chain: a neutral outline, no layer colour
            painter.setPen(QPen(theme.color("border.strong"), 1.2))
            painter.setBrush(theme.layer(None))
            painter.drawRoundedRect(sw.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.layer(position))
            painter.drawRoundedRect(sw, 3, 3)
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        kind = index.data(KindRole) or ""
        f = QFont(option.font)
        if kind == "base app":
            f.setItalic(True)
        painter.setFont(f)
        fm = QFontMetrics(f)
        x = int(sw.right()) + 7
        avail = r.right() - x - 4
        painter.setPen(theme.color("text") if kind != "base app" else theme.color("text.dim"))
        shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, avail)
        painter.drawText(QRect(x, r.top(), avail, r.height()), Qt.AlignmentFlag.AlignVCenter, shown)
        if kind == "template":
            x2 = x + fm.horizontalAdvance(shown) + 7
            small = QFont(option.font)
            small.setPointSizeF(max(6.5, option.font.pointSizeF() - 1.5))
            sfm = QFontMetrics(small)
            label = "template"
            w = sfm.horizontalAdvance(label) + 10
            if x2 + w < r.right():
                badge = QRectF(x2, r.center().y() - sfm.height() / 2 - 1, w, sfm.height() + 2)
                painter.setBrush(theme.color("chip"))
                painter.drawRoundedRect(badge, 4, 4)
                painter.setFont(small)
                painter.setPen(theme.color("text.dim"))
                painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, label)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        s = super().sizeHint(option, index)
        return QSize(s.width() + 80, max(s.height(), 24))


class TreeDelegate(QStyledItemDelegate):
    """Folders of the effective tree: a bar of which layers provide what is inside, change counts."""

    def __init__(self, model_getter: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self._model = model_getter  # returns the EffectiveTreeModel (for layer colours)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        s = super().sizeHint(option, index)
        return QSize(s.width(), max(s.height(), 22))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if index.column() == 0:  # names: Qt's own painting, no node lookup
            super().paint(painter, option, index)
            return
        node = index.data(NodeRole)
        if node is None or not node.is_folder:
            super().paint(painter, option, index)
            return
        _background(painter, option, index)
        theme = Theme.current()
        model = self._model()
        r: QRect = option.rect.adjusted(6, 0, -6, 0)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if index.column() == 1:
            total = sum(v for v in node.layers.values() if v > 0)
            if total:
                h = 6
                y = r.center().y() - h / 2
                x = float(r.left())
                width = float(r.width())
                # nearest layer first (1 the shown store, 2 its parent, ...), the base (0) last
                parts = sorted(
                    ((model.depth.get(k, 0), v, k) for k, v in node.layers.items() if v > 0),
                    key=lambda t: (t[0] == 0, t[0]),
                )
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(theme.color("chip"))
                painter.drawRoundedRect(QRectF(x, y, width, h), 3, 3)
                for depth, v, _k in parts:
                    w = max(2.0, width * v / total)
                    painter.setBrush(theme.layer(depth) if depth else theme.color("border.strong"))
                    painter.drawRoundedRect(QRectF(x, y, min(w, r.right() - x), h), 2, 2)
                    x += w
        else:
            x = r.left()
            painter.setFont(option.font)
            fm = option.fontMetrics
            for st in CHANGE_STATUSES:
                n = node.statuses.get(st, 0)
                if n <= 0:
                    continue
                px = icons.pixmap(icons.STATUS_ICONS[st], theme.status(st), 12)
                painter.drawPixmap(x, r.center().y() - 6, px)
                x += 14
                label = str(n)
                painter.setPen(theme.color("text.dim"))
                painter.drawText(
                    QRect(x, r.top(), fm.horizontalAdvance(label) + 2, r.height()), Qt.AlignmentFlag.AlignVCenter, label
                )
                x += fm.horizontalAdvance(label) + 10
            counts = model.folder_counts(node)
            for kind in KINDS:  # the review's findings below: a glyph of its own shape, and how many
                n = counts.get(kind, 0)
                if n <= 0 or kind == "redundant":  # redundant copies are counted above already
                    continue
                label = f"{GLYPHS[kind]}{n}"
                painter.setPen(theme.color(role(kind)))
                w = fm.horizontalAdvance(label) + 2
                painter.drawText(QRect(x, r.top(), w, r.height()), Qt.AlignmentFlag.AlignVCenter, label)
                x += w + 8
        painter.restore()
