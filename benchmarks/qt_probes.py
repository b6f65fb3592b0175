"""Measuring a running Qt app from the outside: first paint, the GUI thread's longest stall, and
waiting for a condition while the event loop runs. Shared by gui_speed.py and scale.py."""

from __future__ import annotations

import time
from collections.abc import Callable


class StallMeter:
    """The longest time the GUI thread failed to run a timer of `interval` ms (its own period left out)."""

    def __init__(self, interval: int = 2) -> None:
        from PySide6.QtCore import QTimer

        self.interval = interval
        self.timer = QTimer()
        self.timer.setInterval(interval)
        self.timer.timeout.connect(self._tick)
        self.worst = 0.0
        self.last = 0.0

    def start(self) -> None:
        self.worst = 0.0
        self.last = time.perf_counter()
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, (now - self.last) * 1000 - self.interval)
        self.last = now

    def stop(self) -> float:
        self.timer.stop()
        self._tick()
        return self.worst


def first_paint_probe():
    """An event filter whose `at` becomes the perf_counter() time of the first Paint it sees."""
    from PySide6.QtCore import QEvent, QObject

    class FirstPaint(QObject):
        at = 0.0

        def eventFilter(self, obj, e):
            if e.type() == QEvent.Type.Paint and not self.at:
                self.at = time.perf_counter()
            return False

    return FirstPaint()


def wait(app, cond: Callable[[], bool], timeout: float = 120.0, nap: float = 0.0005) -> None:
    """Run the event loop until `cond()` holds; TimeoutError after `timeout` seconds."""
    end = time.perf_counter() + timeout
    while not cond():
        if time.perf_counter() > end:
            raise TimeoutError("benchmark step timed out")
        app.processEvents()
        time.sleep(nap)
