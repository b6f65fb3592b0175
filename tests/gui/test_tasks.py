"""gui.tasks.Tasks: jobs on workers, results on the GUI thread, nothing started once closed."""

from __future__ import annotations

import threading
import time

from storelayers.gui.tasks import Tasks


def test_a_closed_tasks_starts_nothing_and_waits_for_what_runs(qtbot) -> None:
    tasks = Tasks()
    started = threading.Event()
    finished: list[str] = []

    def slow() -> str:
        started.set()
        time.sleep(0.3)
        finished.append("slow")
        return "slow"

    shown: list[str] = []
    tasks.run("a", slow, shown.append)
    qtbot.waitUntil(started.is_set, timeout=5000)
    assert tasks.close(5000)
    assert finished == ["slow"]  # waited for: a job may write files
    ran: list[str] = []
    tasks.run("b", lambda: ran.append("late"), shown.append)  # a timer firing after the window closed
    qtbot.wait(100)
    assert tasks.wait(1000)
    assert ran == []
    assert shown == []  # results of a closed window's jobs are not delivered
    assert not tasks.busy()
