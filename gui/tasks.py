"""Slow work off the GUI thread: one small helper (Anki's QueryOp, git-cola's command stamps).

`Tasks.run(channel, fn, on_done, on_error)` calls `fn()` on a worker thread and, back on the
GUI thread, `on_done(result)` or `on_error(exc)`. A newer request on the same channel makes
older ones stale: their results are dropped. Workers build plain data only; they never touch
a model attached to a view.

A request starts on its worker once the event loop has run once more, not at once: whatever the
GUI thread has to paint for the click that asked (a selected row, a cleared pane) is painted
before a worker takes the interpreter. While workers run, the GUI thread's work goes first (see
`GuiFirst`): a worker running Python makes every call between Qt and Python on the GUI thread
wait for its turn with the GIL.
"""

from __future__ import annotations

import functools
import itertools
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from storelayers.resolver import pace

BUSY_SHARE = 0.25
"""The GUI thread is at work when it used at least this share of a stretch of wall time (a quarter:
on a loaded machine a busy thread gets well under all of it, an idle one next to none)."""
WINDOW_S = 0.002
"""The least stretch of wall time a worker judges the GUI thread over: over a few microseconds
a busy thread that the system has paused for a moment looks idle (a loaded machine)."""
NAP_S = 0.001
"""How long a worker naps, without the interpreter lock, before looking at the GUI thread again."""
LONGEST_S = 0.05
"""The longest a worker makes way at a time: after a nap this long it runs as long again before it
looks at the GUI thread (a GUI thread at work without end halves a worker's speed, never stops it)."""


class GuiFirst:
    """Workers make way while the GUI thread is at work.

    A worker running Python holds the interpreter lock, and the GUI thread needs it for every call
    between Qt and Python: each painted cell of a Python model, each virtual method of a Python
    subclass (Shiboken takes the lock to look for an override), each slot. Under a busy worker
    each of those waits its turn: a tree paint of 20 ms lasted as long as the worker's whole job,
    150 ms. So at each pause point of a worker's loop (`storelayers.resolver.pace.pause`, every
    few hundred steps) the worker looks at the GUI thread's CPU clock: if the GUI thread used a
    quarter or more of the time since the worker last looked, it is at work (painting, laying out,
    taking a result in), and the worker naps without the lock until it is not, at most `LONGEST_S`
    (and then runs as long before it looks again). A GUI thread that waits for events, or sleeps in
    a test, uses no CPU: workers then run at full speed. Where the system has no per-thread CPU clock (`time.pthread_getcpuclockid`), workers
    never wait."""

    def __init__(self, gui_cpu: Callable[[], float] | None = None) -> None:
        """`gui_cpu`: the GUI thread's CPU time in seconds (by default its clock, read from any
        thread; made on the GUI thread)."""
        self._gui = threading.get_ident()
        if gui_cpu is None:
            try:
                clock = time.pthread_getcpuclockid(self._gui)
                time.clock_gettime(clock)
            except (AttributeError, OSError):
                pass
            else:
                gui_cpu = functools.partial(time.clock_gettime, clock)
        self._gui_cpu = gui_cpu
        self._seen = threading.local()  # per worker: when its stretch began, and the last verdict

    @property
    def works(self) -> bool:
        """False where the system cannot tell the GUI thread's CPU time: workers never wait."""
        return self._gui_cpu is not None

    def step_aside(self) -> None:
        """A worker's pause point (`pace`'s hook): nap while the GUI thread is at work."""
        gui_cpu = self._gui_cpu
        if gui_cpu is None or threading.get_ident() == self._gui:
            return
        wall, cpu = time.perf_counter(), gui_cpu()
        if wall < getattr(self._seen, "free_until", 0.0):
            return
        seen = getattr(self._seen, "at", None)  # (wall, GUI CPU) when this stretch was begun
        if seen is None or wall - seen[0] < WINDOW_S:
            if seen is None:
                self._seen.at = (wall, cpu)
            if not getattr(self._seen, "busy", False):
                return
        else:
            self._seen.at = (wall, cpu)
            self._seen.busy = cpu - seen[1] >= BUSY_SHARE * (wall - seen[0])
            if not self._seen.busy:
                return
        end = wall + LONGEST_S
        busy = True
        while busy and wall < end:
            time.sleep(NAP_S)
            now, used = time.perf_counter(), gui_cpu()
            busy = used - cpu >= BUSY_SHARE * (now - wall)
            wall, cpu = now, used
        if busy:  # napped the longest: run as long before looking again
            self._seen.free_until = wall + LONGEST_S
        self._seen.at = (wall, cpu)
        self._seen.busy = False


GUI_FIRST = GuiFirst()  # made on import, on the GUI thread (the app imports its modules there)
pace.install(GUI_FIRST.step_aside)

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
            exc.__traceback_text__ = _traceback_text(exc)  # type: ignore[attr-defined]
            self.relay.finished.emit(self.ticket, (None, exc))
            return
        self.relay.finished.emit(self.ticket, (result, None))


def _traceback_text(exc: BaseException) -> str:
    """The traceback being handled, as text; its repr when that cannot be made. `linecache` is
    not thread-safe (`checkcache` drops entries while another thread reads them, and the GUI thread
    clears it, `heap.settle`): a failure here must not keep the job's error from the GUI thread."""
    try:
        return traceback.format_exc()
    except Exception:
        return repr(exc)


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
        self._closed = False  # `close` was called: nothing runs any more
        self._queued: list[_Job] = []  # asked for, started once the event loop has run (see above)
        self._starter = QTimer(self)
        self._starter.setSingleShot(True)
        self._starter.setInterval(0)
        self._starter.timeout.connect(self._start_queued)

    def run(
        self, channel: str, fn: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None
    ) -> int:
        ticket = next(self._counter)
        if self._closed:
            return ticket  # closed: see `close`
        self._latest[channel] = ticket
        self._pending[ticket] = (channel, on_done, on_error)
        if self.sync:
            try:
                result = fn()
            except BaseException as exc:
                exc.__traceback_text__ = _traceback_text(exc)  # type: ignore[attr-defined]
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

    def close(self, msecs: int = 30000) -> bool:
        """No job starts from now on (`run` drops it); waits up to `msecs` for the running ones.

        A window calls this as it closes: its pool is deleted with it, and Qt's pool waits for its
        workers in its destructor while the deleting thread holds the GIL, which a worker still
        running Python needs to finish (a diff's colouring, started by a timer after the window's
        last wait, hung a test run that way)."""
        self._closed = True
        self._latest.clear()
        self._pending.clear()
        return self.wait(msecs)

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
