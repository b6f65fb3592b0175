"""Workers make way while the GUI thread is at work, and run at full speed while it waits
(`storelayers.gui.tasks.GuiFirst`, reached through the resolver's pause points).

The GUI thread's CPU clock is played by the test: "at work" is a clock that runs as fast as the
wall clock, "waiting" one that stands still. Real clocks on a machine busy with other tests make
no repeatable case; the app's own figures are in benchmarks/ (scale.py, gui_speed.py)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from storelayers.gui import tasks
from storelayers.resolver import pace


class PlayedClock:
    def __init__(self) -> None:
        self.at_work = False
        self._base = 0.0
        self._since = 0.0

    def __call__(self) -> float:
        return self._base + (time.perf_counter() - self._since if self.at_work else 0.0)

    def work(self, on: bool) -> None:
        self._base = self()
        self._since = time.perf_counter()
        self.at_work = on


@contextmanager
def worker_beside(first: tasks.GuiFirst) -> Iterator[list[int]]:
    """A worker running an endless paced loop with `first`'s hook installed; yields its step count."""
    before = pace.installed()
    pace.install(first.step_aside)
    stop = threading.Event()
    steps = [0]

    def worker() -> None:
        for _ in pace.paced(iter(int, 1)):
            steps[0] += 1
            if stop.is_set():
                return

    t = threading.Thread(target=worker)
    t.start()
    try:
        while steps[0] < 10 * pace.EVERY:  # under way
            time.sleep(0.001)
        yield steps
    finally:
        stop.set()
        t.join()
        pace.install(before)


def _steps_in(steps: list[int], seconds: float) -> int:
    start = steps[0]
    time.sleep(seconds)  # the GUI thread's own work, as the played clock says (sleeping frees the lock)
    return steps[0] - start


def test_the_app_installs_the_hook() -> None:
    assert pace.installed() == tasks.GUI_FIRST.step_aside


def test_a_worker_naps_while_the_gui_thread_is_at_work_and_runs_while_it_waits(qapp) -> None:
    clock = PlayedClock()
    stretch = 0.8 * tasks.LONGEST_S  # a stretch of GUI work shorter than the longest nap
    with worker_beside(tasks.GuiFirst(clock)) as steps:
        waiting = _steps_in(steps, stretch)
        clock.work(True)
        at_work = _steps_in(steps, stretch)  # the worker sees it within a window and naps
        clock.work(False)
        waiting_again = _steps_in(steps, stretch)
    assert at_work * 10 < waiting, (at_work, waiting)
    assert at_work * 10 < waiting_again, (at_work, waiting_again)


def test_a_gui_thread_at_work_without_end_halves_a_worker_at_most(qapp) -> None:
    """A GUI thread at work without end (a long reset, a test spinning the loop) slows workers
    down, never stops them: after a nap of LONGEST_S a worker runs as long before it looks again."""
    clock = PlayedClock()
    with worker_beside(tasks.GuiFirst(clock)) as steps:
        free = _steps_in(steps, 10 * tasks.LONGEST_S)
        clock.work(True)
        slowed = _steps_in(steps, 10 * tasks.LONGEST_S)
    assert free / 4 < slowed < free, (slowed, free)


def test_without_a_cpu_clock_workers_never_wait(qapp, monkeypatch) -> None:
    monkeypatch.delattr(tasks.time, "pthread_getcpuclockid")  # as on macOS and Windows
    first = tasks.GuiFirst()
    assert not first.works
    with worker_beside(first) as steps:
        assert _steps_in(steps, 0.05) > 50 * pace.EVERY
