"""A header row that folds onto two rows when its pane is narrow.

Each widget belongs to row 1 or row 2 of the folded form, at its start (leading) or at its end
(trailing). With room for all of them they stand in one row, in the order: row 1's leading, row 2's
leading, a gap, row 2's trailing, row 1's trailing. So the diff header reads "DIFF +5 −1 … 1 of 2 ↑ ↓
[Compare with…]" when wide and, narrow, "DIFF … [Compare with…]" over "+5 −1 … 1 of 2 ↑ ↓".

Its minimum width is the wider of the two folded rows, never the one-row width: a pane made of such
a header asks the window for no more than its folded form (the diff header made a 1024 px screen's
window grow past the screen's edge).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget, QWidgetItem


@dataclass
class _Slot:
    item: QLayoutItem
    row: int  # 0 or 1: the row it takes when folded
    trailing: bool


class TwoRows(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6, row_spacing: int = 2, indent: int = 0) -> None:
        """`indent`: how far the second row starts right of the first, when folded (under a title's text
        rather than its padding)."""
        super().__init__(parent)
        self._slots: list[_Slot] = []
        self.setSpacing(spacing)
        self.row_spacing = row_spacing
        self.indent = indent

    def add(self, widget: QWidget, row: int, trailing: bool = False) -> None:
        """Add `widget` to `row` (0 or 1) of the folded form, at its end when `trailing`."""
        self.addChildWidget(widget)
        self._slots.append(_Slot(QWidgetItem(widget), row, trailing))
        self.invalidate()

    # ------------------------------------------------------------ QLayout

    def addItem(self, item: QLayoutItem) -> None:
        self._slots.append(_Slot(item, 0, False))

    def count(self) -> int:
        return len(self._slots)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._slots[index].item if 0 <= index < len(self._slots) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._slots.pop(index).item if 0 <= index < len(self._slots) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), place=False)

    def sizeHint(self) -> QSize:
        return self._outer(self._row_width(self._one_row()), self._row_height(self._one_row()))

    def minimumSize(self) -> QSize:
        rows = self._folded()
        width = max((self._row_width(r) + (self.indent if i else 0) for i, r in enumerate(rows)), default=0)
        return self._outer(width, self._stack_height(rows))

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, place=True)

    # ------------------------------------------------------------ arranging

    def folded(self) -> bool:
        """Whether the widgets stand in two rows at the layout's present width."""
        m = self.contentsMargins()
        return self.geometry().width() - m.left() - m.right() < self._row_width(self._one_row())

    def _shown(self) -> list[_Slot]:
        return [s for s in self._slots if not s.item.isEmpty()]

    def _one_row(self) -> list[_Slot]:
        shown = self._shown()
        lead = [s for r in (0, 1) for s in shown if s.row == r and not s.trailing]
        trail = [s for r in (1, 0) for s in shown if s.row == r and s.trailing]
        return lead + trail

    def _folded(self) -> list[list[_Slot]]:
        shown = self._shown()
        rows = [[s for s in shown if s.row == r] for r in (0, 1)]
        return [r for r in rows if r]

    def _row_width(self, row: list[_Slot]) -> int:
        if not row:
            return 0
        gap = self.spacing()
        width = sum(s.item.sizeHint().width() for s in row) + gap * (len(row) - 1)
        if any(s.trailing for s in row) and not all(s.trailing for s in row):
            width += gap  # leading and trailing widgets are kept apart
        return width

    @staticmethod
    def _row_height(row: list[_Slot]) -> int:
        return max((s.item.sizeHint().height() for s in row), default=0)

    def _stack_height(self, rows: list[list[_Slot]]) -> int:
        heights = [self._row_height(r) for r in rows]
        return sum(heights) + self.row_spacing * max(0, len(heights) - 1)

    def _outer(self, width: int, height: int) -> QSize:
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def _arrange(self, rect: QRect, place: bool) -> int:
        """Place the widgets in `rect` (when `place`); return the height they take at its width."""
        m = self.contentsMargins()
        inner = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        one = self._one_row()
        rows = [one] if inner.width() >= self._row_width(one) else self._folded()
        y = inner.top()
        for i, row in enumerate(rows):
            height = self._row_height(row)
            if place:
                self._place_row(row, inner.left() + (self.indent if i else 0), inner.right(), y, height)
            y += height + self.row_spacing
        used = y - inner.top() - (self.row_spacing if rows else 0)
        return used + m.top() + m.bottom()

    def _place_row(self, row: list[_Slot], left: int, right: int, y: int, height: int) -> None:
        gap = self.spacing()
        x = left
        for s in row:
            if not s.trailing:
                x = self._put(s, x, y, height) + gap
        x = right + 1
        for s in reversed(row):
            if s.trailing:
                size = s.item.sizeHint()
                x -= size.width()
                self._put(s, x, y, height)
                x -= gap

    @staticmethod
    def _put(s: _Slot, x: int, y: int, height: int) -> int:
        size = s.item.sizeHint()
        top = y + (height - size.height()) // 2
        s.item.setGeometry(QRect(QPoint(x, top), size))
        return x + size.width()
