"""Work the GUI thread does for one result, split over event-loop turns so that none is long."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget


class PaintLater(QObject):
    """Holds a widget's paint back until the event loop has turned once (`hold`).

    A view swapped to new content (a model reset, its layout) and then painted in the same turn
    makes one stall of both; with the paint a turn later, timers and input are served between two
    halves. Holding again before the turn comes only keeps the one pending paint."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self._widget = widget
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._release)

    def hold(self) -> None:
        self._widget.setUpdatesEnabled(False)
        self._timer.start()

    def _release(self) -> None:
        self._widget.setUpdatesEnabled(True)
