"""Workers make way while the GUI thread is at work, and run at full speed while it waits
(`storelayers.gui.tasks.GuiFirst`, reached through the resolver's pause points)."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable

import pytest
from storelayers.gui import tasks
from storelayers.resolver import pace

needs_clock = pytest.mark.skipif(
    tasks.GUI_FIRST._clock is None, reason="no per-thread CPU clock here: workers never wait (by design)"
)
CHUNK = b"x" * (8 << 20)


def _at_work() -> None:
    """GUI-thread work that does not hold the interpreter lock (hashing releases it), ~100 ms:
    like Qt's own painting between two calls into Python."""
    h = hashlib.sha256()
    for _ in range(16):
        h.update(CHUNK)


def _waiting() -> None:
    time.sleep(0.1)


def _steps_while(gui: Callable[[], None]) -> int:
    """How many steps of a paced loop a worker makes while the GUI (this) thread runs `gui`."""
    stop = threading.Event()
    steps = [0]

    def worker() -> None:
        for _ in pace.paced(iter(int, 1)):  # an endless loop with pause points
            steps[0] += 1
            if stop.is_set():
                return

    t = threading.Thread(target=worker)
    t.start()
    try:
        while steps[0] < 10 * pace.EVERY:  # under way (and past its first look at the GUI thread)
            time.sleep(0.001)
        before = steps[0]
        gui()
        return steps[0] - before
    finally:
        stop.set()
        t.join()


@needs_clock
def test_a_worker_waits_at_its_pause_points_while_the_gui_thread_is_at_work(qapp) -> None:
    assert pace.installed() == tasks.GUI_FIRST.step_aside
    # a worker runs a few hundred steps between two looks, and naps while the GUI thread works
    assert _steps_while(_at_work) <= 6 * pace.EVERY


@needs_clock
def test_a_worker_runs_freely_while_the_gui_thread_waits(qapp) -> None:
    assert _steps_while(_waiting) > 50 * pace.EVERY


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="one core: the worker cannot run beside the GUI thread")
def test_without_the_hook_the_same_worker_runs_on_beside_the_working_gui_thread(qapp) -> None:
    """What the first test would see if workers did not make way (so that test can fail)."""
    before = pace.installed()
    pace.install(None)
    try:
        assert _steps_while(_at_work) > 50 * pace.EVERY
    finally:
        pace.install(before)
