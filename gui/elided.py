"""A one-line label that gives way when its pane is narrow: it asks for its whole text, can shrink to
its first few characters, and paints what fits with an ellipsis (its `text()` stays whole, its
tooltip says the whole text while it is cut).

A plain QLabel either widens its pane to its text or, with an ignored size policy, can be given no
width at all (the tree's title and counts were laid out 0 px wide beside a stretch)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

ELLIPSIS = "\u2026"


class ElidedLabel(QLabel):
    def __init__(
        self,
        text: str = "",
        mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight,
        least: int = 4,
        parent: QWidget | None = None,
        first: bool = True,
    ) -> None:
        """`least`: the characters always shown (before the ellipsis). `first=False` makes the label
        the first to give way in its row: it asks only for its least and takes what is left."""
        super().__init__(text, parent)
        self.mode = mode
        self.least = least
        self.first = first
        self._tip = ""
        policy = QSizePolicy.Policy.Preferred if first else QSizePolicy.Policy.Expanding
        self.setSizePolicy(policy, QSizePolicy.Policy.Preferred)

    def _pad(self) -> int:
        m = self.contentsMargins()
        return m.left() + m.right() + 2 * self.margin() + 2 * self.frameWidth()

    def sizeHint(self) -> QSize:
        if not self.first:
            return self.minimumSizeHint()
        h = super().sizeHint().height()
        return QSize(self.fontMetrics().horizontalAdvance(self.text()) + self._pad() + 1, h)

    def minimumSizeHint(self) -> QSize:
        h = super().minimumSizeHint().height()
        text = self.text()
        least = text if len(text) <= self.least else text[: self.least] + ELLIPSIS
        return QSize(self.fontMetrics().horizontalAdvance(least) + self._pad() + 1, h)

    def shown_text(self) -> str:
        """What is painted: the text, cut with an ellipsis when the label is narrower than it."""
        return self.fontMetrics().elidedText(self.text(), self.mode, max(0, self.contentsRect().width()))

    def is_elided(self) -> bool:
        return self.shown_text() != self.text()

    def setToolTip(self, tip: str) -> None:
        self._tip = tip
        super().setToolTip(tip)

    def resizeEvent(self, e: QResizeEvent) -> None:
        super().resizeEvent(e)
        self._tip_whole()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._tip_whole()

    def _tip_whole(self) -> None:
        """A cut label says its whole text in its tooltip (before any tooltip of its own)."""
        whole = self.is_elided()
        tip = "\n".join(dict.fromkeys(t for t in (self.text() if whole else "", self._tip) if t))
        if super().toolTip() != tip:
            super().setToolTip(tip)

    def paintEvent(self, e: QPaintEvent) -> None:
        p = QPainter(self)
        self.style().drawItemText(
            p,
            self.contentsRect(),
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            self.shown_text(),
            self.foregroundRole(),
        )
        p.end()
