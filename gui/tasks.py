"""Slow work off the GUI thread: one small helper (Anki's QueryOp, git-cola's command stamps).

`Tasks.run(channel, fn, on_done, on_error)` calls `fn()` on a worker thread and, back on the
GUI thread, `on_done(result)` or `on_error(exc)`. A newer request on the same channel makes
older ones stale: their results are dropped. Workers build plain data only; they never touch
a model attached to a view.

A request starts on its worker once the event loop has run once more, not at once: whatever the
GUI thread has to paint for the click that asked (a selected row, a cleared pane) is painted
before a worker takes the interpreter. A worker running Python makes every call between Qt and
Python on the GUI thread wait for its turn with the GIL (up to the switch interval each), and a
repaint makes hundreds of them: painting the stores list while a tree was being built took
several times as long as painting it alone.
"""

from __future__ import annotations

import itertools
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Relay(QObject):
    finished = Signal(int, object)  # (ticket, (result, error)): never a bare None through a signal


class _Job(QRunnable):
    def __init__(self, ticket: int, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.ticket = ticket
        self.fn = fn
        self.relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.relay.finished.emit(self.ticket, (None, exc))
            return
        self.relay.finished.emit(self.ticket, (result, None))


class Tasks(QObject):
    """Run callables on worker threads; results come back on the GUI thread, stale ones dropped."""

    def __init__(self, on_error: Failed | None = None, parent: QObject | None = None, sync: bool = False) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._relayed)
        self._counter = itertools.count(1)
        self._latest: dict[str, int] = {}
        self._pending: dict[int, tuple[str, Done | None, Failed | None]] = {}
        self._default_error = on_error
        self.sync = sync
        self._queued: list[_Job] = []  # asked for, started once the event loop has run (see above)
        self._starter = QTimer(self)
        self._starter.setSingleShot(True)
        self._starter.setInterval(0)
        self._starter.timeout.connect(self._start_queued)

    def run(
        self, channel: str, fn: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None
    ) -> int:
        ticket = next(self._counter)
        self._latest[channel] = ticket
        self._pending[ticket] = (channel, on_done, on_error)
        if self.sync:
            try:
                result = fn()
            except BaseException as exc:
                exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
                self._finished(ticket, None, exc)
            else:
                self._finished(ticket, result, None)
        else:
            self._queued.append(_Job(ticket, fn, self._relay))
            if not self._starter.isActive():
                self._starter.start()
        return ticket

    def _start_queued(self) -> None:
        jobs, self._queued = self._queued, []
        for job in jobs:  # every one, superseded or not: a job may write files
            self._pool.start(job)

    def busy(self, channel: str | None = None) -> bool:
        if channel is None:
            return bool(self._pending)
        return any(ch == channel for ch, _, _ in self._pending.values())

    def cancel(self, channel: str) -> None:
        """Make the channel's running request stale."""
        self._latest[channel] = next(self._counter)

    def wait(self, msecs: int = 30000) -> bool:
        self._start_queued()
        return self._pool.waitForDone(msecs)

    @Slot(int, object)
    def _relayed(self, ticket: int, payload: tuple[Any, BaseException | None]) -> None:
        self._finished(ticket, payload[0], payload[1])

    def _finished(self, ticket: int, result: Any, error: BaseException | None) -> None:
        channel, on_done, on_error = self._pending.pop(ticket, ("", None, None))
        if self._latest.get(channel) != ticket:
            return  # a newer request on this channel superseded this one
        if error is not None:
            handler = on_error or self._default_error
            if handler is not None:
                handler(error)
            return
        if on_done is not None:
            on_done(result)


class Progress(QObject):
    """Progress reported from a worker, delivered on the GUI thread as `changed(job, done, total)`.

    `reporter(job)` gives a callable for any thread (`resolver.load(root, progress=...)`); a signal
    emitted off the GUI thread is queued to it. Reports are thinned to about one per percent, so a
    scan of thousands of layer folders does not flood the event loop, and each carries its job
    number, so a superseded scan cannot move the bar of the current one."""

    changed = Signal(int, int, int)

    def reporter(self, job: int) -> Callable[[int, int], None]:
        last = [-1]

        def report(done: int, total: int) -> None:
            step = done * 100 // total if total > 0 else 0
            if step != last[0]:
                last[0] = step
                self.changed.emit(job, done, total)

        return report
