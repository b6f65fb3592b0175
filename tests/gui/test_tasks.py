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


def test_a_job_whose_traceback_cannot_be_formatted_still_reports_its_error(qtbot, monkeypatch) -> None:
    from storelayers.gui import tasks as tasks_module

    def broken() -> str:
        raise KeyError("a linecache entry gone under another thread")

    monkeypatch.setattr(tasks_module.traceback, "format_exc", broken)
    failed: list[BaseException] = []
    tasks = Tasks()

    def job() -> None:
        raise ValueError("the job's own error")

    tasks.run("a", job, on_error=failed.append)
    qtbot.waitUntil(lambda: bool(failed), timeout=5000)
    assert isinstance(failed[0], ValueError)
    assert "the job's own error" in failed[0].__traceback_text__  # type: ignore[attr-defined]
    assert tasks.close(1000)
