"""Measuring a running Qt app from the outside: first paint, the GUI thread's stalls, and
waiting for a condition while the event loop runs. Shared by gui_speed.py and scale.py."""

from __future__ import annotations

import time
from collections.abc import Callable


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) of `values`, nearest rank; 0 for none."""
    if not values:
        return 0.0
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(q / 100 * len(s) + 0.5)) - 1))
    return s[k]


class StallMeter:
    """How long the GUI thread failed to run a timer of `interval` ms (its own period left out).

    Every gap between two ticks is kept, so a run reports its worst stall and the 95th percentile;
    and the GUI thread's own CPU time over the run (`time.thread_time`, read on the GUI thread,
    where the meter lives), which a machine shared with other work inflates far less than the
    wall-clock gaps."""

    def __init__(self, interval: int = 2) -> None:
        from PySide6.QtCore import QTimer

        self.interval = interval
        self.timer = QTimer()
        self.timer.setInterval(interval)
        self.timer.timeout.connect(self._tick)
        self.worst = 0.0
        self.last = 0.0
        self.gaps: list[float] = []
        self._cpu0 = 0.0
        self._wall0 = 0.0
        self.cpu_ms = 0.0
        self.wall_ms = 0.0

    def start(self) -> None:
        self.reset()
        self.timer.start()

    def reset(self) -> None:
        """A new run starts now (the timer keeps going)."""
        self.worst = 0.0
        self.gaps = []
        self.last = time.perf_counter()
        self._cpu0 = time.thread_time()
        self._wall0 = self.last

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = max(0.0, (now - self.last) * 1000 - self.interval)
        self.gaps.append(gap)
        self.worst = max(self.worst, gap)
        self.last = now

    def stop(self) -> float:
        self.timer.stop()
        self._tick()
        self._close()
        return self.worst

    def _close(self) -> None:
        self.cpu_ms = (time.thread_time() - self._cpu0) * 1000
        self.wall_ms = (time.perf_counter() - self._wall0) * 1000

    def run(self, ops: int = 1) -> dict[str, float]:
        """The run so far as figures (and a new run starts): worst and 95th-percentile gap, the GUI
        thread's CPU time and the wall time, in ms; with `ops`, the CPU time per operation."""
        self._tick()
        self._close()
        out = {
            "stall_max_ms": round(self.worst, 1),
            "stall_p95_ms": round(percentile(self.gaps, 95), 1),
            "gui_cpu_ms": round(self.cpu_ms, 1),
            "wall_ms": round(self.wall_ms, 1),
        }
        if ops > 1:
            out["gui_cpu_ms_per_op"] = round(self.cpu_ms / ops, 1)
        self.reset()
        return out


class StallSampler:
    """Where the GUI thread is while it stalls: a watcher thread looks every `every` ms at the
    meter's last tick and, when it is more than `over` ms old, records the GUI thread's Python
    stack (innermost frames; a frame in a Qt call means the time is in Qt's C++ or waiting for the
    GIL). `top()` gives the most frequent stacks with how many samples (x `every` ms) each got."""

    def __init__(self, meter: StallMeter, over: float = 30.0, every: float = 5.0, depth: int = 8) -> None:
        import threading

        self.meter = meter
        self.over = over
        self.every = every
        self.depth = depth
        self.samples: dict[str, int] = {}
        self._gui = threading.get_ident()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def start(self) -> StallSampler:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        import sys
        import traceback

        while not self._stop.wait(self.every / 1000):
            if (time.perf_counter() - self.meter.last) * 1000 < self.over:
                continue
            frame = sys._current_frames().get(self._gui)
            if frame is None:
                continue
            stack = traceback.extract_stack(frame)[-self.depth :]
            key = " <- ".join(f"{fs.name}({fs.filename.rsplit('/', 1)[-1]}:{fs.lineno})" for fs in reversed(stack))
            self.samples[key] = self.samples.get(key, 0) + 1

    def top(self, n: int = 15) -> list[tuple[int, str]]:
        return sorted(((c, k) for k, c in self.samples.items()), reverse=True)[:n]

    def report(self, run: str, n: int, write: Callable[[str], object]) -> None:
        """Write the `n` most sampled stacks of `run` (one line each, through `write`), then forget them."""
        write(f"--- GUI thread stalls over {self.over:g} ms during the {run} run, {self.every:g} ms samples per stack:")
        for count, stack in self.top(n):
            write(f"{count:6d}  {stack}")
        self.samples.clear()


def load_average() -> str:
    """The machine's 1, 5 and 15 minute load (Linux), as `uptime` shows it; '' elsewhere."""
    try:
        with open("/proc/loadavg") as fh:
            return " ".join(fh.read().split()[:3])
    except OSError:
        return ""


def diff_run(app, win, meter: StallMeter, times: int = 5) -> dict[str, float]:
    """Show a 5,000-line diff (two TypeScript files, ~200 changes) `times` times in the window's diff
    pane, each until the whole file is coloured: the GUI thread's stalls meanwhile (`meter.run`)
    and the median times to shown (coloured around its first change) and to fully coloured."""
    import shutil
    import statistics
    import tempfile
    from pathlib import Path

    from storelayers.resolver.diff import Side, diff_files

    tmp = Path(tempfile.mkdtemp(prefix="sl-bench-"))
    lines = [
        f"export const value{i} = compute(items[{i}], {{ mode: '{'abc'[i % 3]}', limit: {i % 17} }});"
        for i in range(5000)
    ]
    other = list(lines)
    for i in range(0, 5000, 25):
        other[i] = other[i].replace("compute", "calculate")
    for i in range(0, 5000, 250):
        other.insert(i, "// a line only the override has")
    (tmp / "a.ts").write_text("\n".join(lines))
    (tmp / "b.ts").write_text("\n".join(other))
    pane = win.explorer.detail.diff
    shown: list[float] = []
    coloured: list[float] = []
    paints = Paints(pane.canvas.viewport())
    at_shown: list[int] = []
    pane.shown.connect(lambda: at_shown.append(paints.count))
    pane.shown.connect(lambda: shown.append(time.perf_counter()))
    pane.highlighted.connect(lambda: coloured.append(time.perf_counter()))
    diff_times, full_times = [], []
    meter.reset()
    for _ in range(times):
        n, m = len(shown), len(coloured)
        t = time.perf_counter()
        pane.request(
            lambda: diff_files(Side("base", "a.ts", str(tmp / "a.ts")), Side("store", "b.ts", str(tmp / "b.ts"))),
            "x.ts",
        )
        wait(app, lambda: len(shown) > n, 120, 0.001)
        wait(app, lambda: paints.count > at_shown[-1], 120)  # painted, as the app paints it
        diff_times.append((time.perf_counter() - t) * 1000)
        wait(app, lambda: len(coloured) > m, 120, 0.001)
        full_times.append((time.perf_counter() - t) * 1000)
        settle(app)
    out = meter.run(ops=times)
    out["shown_ms"] = round(statistics.median(diff_times), 1)
    out["fully_coloured_ms"] = round(statistics.median(full_times), 1)
    shutil.rmtree(tmp, ignore_errors=True)
    return out


SETTLE_MS = 50
"""How long a step leaves the app alone before the next one: the next click of a user comes in an
event-loop turn of its own, never in the turn that showed the last result."""


class Paints:
    """How many paint events a widget has had (an event filter counts them as they arrive).

    A step waits for the paint the app does by itself after showing a result (`wait` checks its
    condition once the paint has run) instead of forcing one with `repaint()` in the same turn as
    the result, which made one stall of two turns of the app's work."""

    def __init__(self, widget) -> None:
        from PySide6.QtCore import QEvent, QObject

        paint = QEvent.Type.Paint
        counter = self

        class _Filter(QObject):
            def eventFilter(self, _obj, event) -> bool:
                if event.type() == paint:
                    counter.count += 1
                return False

        self.count = 0
        self._filter = _Filter()
        widget.installEventFilter(self._filter)


def settle(app, ms: float = SETTLE_MS) -> None:
    """Let the event loop run `ms` more (what the last step left to do runs meanwhile)."""
    end = time.perf_counter() + ms / 1000
    wait(app, lambda: time.perf_counter() > end)


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
    """Run the event loop until `cond()` holds; TimeoutError after `timeout` seconds.

    The loop sleeps in Qt's own wait for events (a 10 ms timer wakes it to check `cond`), not in
    a polling loop: a poll costs GUI-thread CPU time, which the benchmarks report per operation.
    `nap` is kept for callers that pass one; it is not used."""
    from PySide6.QtCore import QEventLoop, QTimer

    end = time.perf_counter() + timeout
    wake = QTimer()
    wake.setInterval(10)
    wake.start()
    flags = QEventLoop.ProcessEventsFlag.AllEvents | QEventLoop.ProcessEventsFlag.WaitForMoreEvents
    try:
        while not cond():
            if time.perf_counter() > end:
                raise TimeoutError("benchmark step timed out")
            app.processEvents(flags)
    finally:
        wake.stop()
