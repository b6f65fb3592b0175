"""Painting of the few cells a plain label cannot show: store colour and kind, folder summaries.

A row is painted many times (every switch, scroll and hover) and looks the same each time until
what it shows changes, so each cell's foreground — swatch, name and badge; layer bar; change counts
and findings — is drawn into a pixmap the second time it is painted, kept under what it depends on
(the row's look, the cell's size, the font, the theme, the screen's pixel ratio), and later paints
copy the pixmap: two calls into Qt per cell instead of thirty, which matters doubly while a worker
holds the interpreter (every call back from Qt waits for it). The selection and hover background is
the style's own, drawn first, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem
from storelayers.gui import icons
from storelayers.gui.findings import GLYPHS, KINDS, role
from storelayers.gui.store_model import ChainRole, KindRole, StoreModel
from storelayers.gui.theme import Theme
from storelayers.gui.tree_model import CHANGE_STATUSES, NodeRole

Index = QModelIndex | QPersistentModelIndex

CACHE_MAX = 160
"""Pixmaps kept per delegate: four screenfuls of rows (a store row's is some 20 KB, so the stores
list keeps 3 MB at most; the app's memory on 800 stores stays under its 250 MB target)."""


def _background(painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
    opt = QStyleOptionViewItem(option)
    opt.text = ""
    opt.features &= ~QStyleOptionViewItem.ViewItemFeature.HasDecoration
    style = opt.widget.style() if opt.widget is not None else QApplication.style()
    style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)


class _Pixmaps:
    """Foregrounds drawn once: key -> pixmap, the least recently painted dropped beyond CACHE_MAX.

    A look painted for the first time is drawn straight onto the view (a pixmap made for a row that
    is painted once — a store switch shows mostly new rows — costs half as much again); the second
    time it is kept."""

    def __init__(self) -> None:
        self._kept: dict[Hashable, QPixmap] = {}
        self._seen: set[Hashable] = set()

    def paint(
        self, painter: QPainter, at: QPoint, key: Hashable, size: QSize, draw: Callable[[QPainter], None]
    ) -> None:
        """Paint the foreground `draw` makes (at the origin, `size` big) at `at`."""
        pm = self._kept.pop(key, None)
        if pm is None and key not in self._seen:
            if len(self._seen) >= 4 * CACHE_MAX:
                self._seen.clear()
            self._seen.add(key)
            painter.save()
            painter.translate(at)
            draw(painter)
            painter.restore()
            return
        if pm is None:
            ratio = _ratio(painter)
            pm = QPixmap(max(1, round(size.width() * ratio)), max(1, round(size.height() * ratio)))
            pm.setDevicePixelRatio(ratio)
            pm.fill(Qt.GlobalColor.transparent)
            p = QPainter(pm)
            try:
                draw(p)
            finally:
                p.end()
            if len(self._kept) >= CACHE_MAX:
                del self._kept[next(iter(self._kept))]
        self._kept[key] = pm  # the most recently painted last
        painter.drawPixmap(at, pm)


def _ratio(painter: QPainter) -> float:
    device = painter.device()
    return device.devicePixelRatioF() if device is not None else 1.0


class StoreDelegate(QStyledItemDelegate):
    """Column 0 of the stores list: colour swatch, store id, kind."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._pixmaps = _Pixmaps()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        _background(painter, option, index)
        model = index.model()
        if isinstance(model, StoreModel):  # straight from the node: no trip through Qt per role
            text, kind, position = model.look(index)
        else:
            text = index.data(Qt.ItemDataRole.DisplayRole) or ""
            kind, position = index.data(KindRole) or "", index.data(ChainRole)
        theme = Theme.current()
        r: QRect = option.rect
        ratio = _ratio(painter)
        font = QFont(option.font)
        key = (text, kind, position, r.width(), r.height(), font.key(), theme, ratio)

        def draw(p: QPainter) -> None:
            _paint_store(p, QRect(0, 0, r.width(), r.height()), font, theme, text, kind, position)

        self._pixmaps.paint(painter, r.topLeft(), key, r.size(), draw)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        s = super().sizeHint(option, index)
        return QSize(s.width() + 80, max(s.height(), 24))


def _paint_store(
    painter: QPainter, r: QRect, base: QFont, theme: Theme, text: str, kind: str, position: int | None
) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    sw = QRectF(r.left() + 4, r.center().y() - 5, 10, 10)
    if position is None:  # outside the shown store's chain: a neutral outline, no layer colour
        painter.setPen(QPen(theme.color("border.strong"), 1.2))
        painter.setBrush(theme.layer(None))
        painter.drawRoundedRect(sw.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.layer(position))
        painter.drawRoundedRect(sw, 3, 3)
    f = QFont(base)
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
        small = QFont(base)
        small.setPointSizeF(max(6.5, base.pointSizeF() - 1.5))
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


class TreeDelegate(QStyledItemDelegate):
    """Folders of the effective tree: a bar of which layers provide what is inside, change counts."""

    def __init__(self, model_getter: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self._model = model_getter  # returns the EffectiveTreeModel (for layer colours)
        self._pixmaps = _Pixmaps()

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
        ratio = _ratio(painter)
        if index.column() == 1:
            # nearest layer first (1 the shown store, 2 its parent, ...), the base (0) last
            parts = tuple(
                sorted(
                    ((model.depth.get(k, 0), v) for k, v in node.layers.items() if v > 0),
                    key=lambda t: (t[0] == 0, t[0]),
                )
            )
            if not parts:
                return
            key: Hashable = (1, parts, r.width(), r.height(), theme, ratio)
            size = r.size()

            def draw(p: QPainter) -> None:
                _paint_bar(p, QRect(0, 0, r.width(), r.height()), theme, parts)

        else:
            statuses = tuple((st, n) for st in CHANGE_STATUSES if (n := node.statuses.get(st, 0)) > 0)
            counts = model.folder_counts(node)
            found = tuple((k, n) for k in KINDS if (n := counts.get(k, 0)) > 0 and k != "redundant")
            if not statuses and not found:
                return
            font = QFont(option.font)
            fm = QFontMetrics(font)
            labels = [str(n) for _st, n in statuses]
            finds = [f"{GLYPHS[k]}{n}" for k, n in found]
            # as wide as what it shows (it may run past a narrow column, as it always did)
            width = sum(14 + fm.horizontalAdvance(t) + 10 for t in labels)
            width += sum(fm.horizontalAdvance(t) + 2 + 8 for t in finds)
            key = (2, statuses, found, r.height(), font.key(), theme, ratio)
            size = QSize(max(1, width), r.height())

            def draw(p: QPainter) -> None:
                _paint_counts(p, QRect(0, 0, size.width(), r.height()), font, theme, statuses, found)

        self._pixmaps.paint(painter, QPoint(r.left(), r.top()), key, size, draw)


def _paint_bar(painter: QPainter, r: QRect, theme: Theme, parts: tuple[tuple[int, int], ...]) -> None:
    """The layer bar: each layer's share of the folder's files, nearest layer first."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    total = sum(v for _d, v in parts)
    h = 6
    y = r.center().y() - h / 2
    x = float(r.left())
    width = float(r.width())
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(theme.color("chip"))
    painter.drawRoundedRect(QRectF(x, y, width, h), 3, 3)
    for depth, v in parts:
        w = max(2.0, width * v / total)
        painter.setBrush(theme.layer(depth) if depth else theme.color("border.strong"))
        painter.drawRoundedRect(QRectF(x, y, min(w, r.right() - x), h), 2, 2)
        x += w


def _paint_counts(
    painter: QPainter,
    r: QRect,
    font: QFont,
    theme: Theme,
    statuses: tuple[tuple[str, int], ...],
    found: tuple[tuple[str, int], ...],
) -> None:
    """A folder's change counts (status icon and number), then its findings (glyph and number)."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    x = r.left()
    painter.setFont(font)
    fm = QFontMetrics(font)
    for st, n in statuses:
        px = icons.pixmap(icons.STATUS_ICONS[st], theme.status(st), 12)
        painter.drawPixmap(x, r.center().y() - 6, px)
        x += 14
        label = str(n)
        painter.setPen(theme.color("text.dim"))
        painter.drawText(
            QRect(x, r.top(), fm.horizontalAdvance(label) + 2, r.height()), Qt.AlignmentFlag.AlignVCenter, label
        )
        x += fm.horizontalAdvance(label) + 10
    for kind, n in found:  # the review's findings below: a glyph of its own shape, and how many
        label = f"{GLYPHS[kind]}{n}"
        painter.setPen(theme.color(role(kind)))
        w = fm.horizontalAdvance(label) + 2
        painter.drawText(QRect(x, r.top(), w, r.height()), Qt.AlignmentFlag.AlignVCenter, label)
        x += w + 8
