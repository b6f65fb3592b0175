"""Watching the workspace: the watchdog thread only adds paths to a set; one restartable
single-shot QTimer on the GUI thread flushes the set into one incremental update.

A burst (a git checkout touching thousands of files) keeps the timer waiting until it is quiet,
but never longer than `max_wait_ms`, so an edit shows within a second.
"""
from __future__ import annotations

import os
import threading
import time
from typing import Callable, Optional

from PySide6.QtCore import QObject, QTimer, Signal
from watchdog.events import FileSystemEventHandler

from resolver.fsio import SKIPPED_NAMES

WANTED = frozenset({"created", "modified", "deleted", "moved", "closed"})
_SKIP_PARTS = tuple(f"{os.sep}{n}{os.sep}" for n in SKIPPED_NAMES)


def _skipped(path: str) -> bool:
    p = path + os.sep
    return any(part in p for part in _SKIP_PARTS)


class _Handler(FileSystemEventHandler):
    """watchdog's event handler, reduced to what we need (runs on watchdog's thread)."""

    def __init__(self, sink: "LiveWatcher") -> None:
        super().__init__()
        self.sink = sink

    def dispatch(self, event) -> None:  # watchdog calls dispatch()
        kind = event.event_type
        if kind not in WANTED or (kind == "modified" and event.is_directory):
            return  # opening or reading a file (the resolver's own reads) changes nothing
        for attr in ("src_path", "dest_path"):
            p = getattr(event, attr, None)
            if p:
                p = os.fsdecode(p)
                if not _skipped(p):
                    self.sink.add(p)


class LiveWatcher(QObject):
    """Collects changed paths from any thread; calls `flush(paths)` on the GUI thread, debounced."""

    _poke = Signal()

    def __init__(self, flush: Callable[[set[str]], None], debounce_ms: int = 120, max_wait_ms: int = 600,
                 parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self._flush_cb = flush
        self._lock = threading.Lock()
        self._pending: set[str] = set()
        self._armed = False
        self._first = 0.0
        self._last = 0.0
        self.debounce_ms = debounce_ms
        self.max_wait_ms = max_wait_ms
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._tick)
        self._poke.connect(self._arm)
        self._observer = None
        self.root: Optional[str] = None

    # ------------------------------------------------------------ any thread

    def add(self, path: str) -> None:
        now = time.monotonic()
        with self._lock:
            self._pending.add(path)
            self._last = now
            if self._armed:
                return
            self._armed = True
            self._first = now
        self._poke.emit()  # queued to the GUI thread when called from watchdog's thread

    # ------------------------------------------------------------ GUI thread

    def _arm(self) -> None:
        self._timer.start(self.debounce_ms)

    def _tick(self) -> None:
        now = time.monotonic()
        with self._lock:
            quiet_for = (now - self._last) * 1000
            waited = (now - self._first) * 1000
            if quiet_for < self.debounce_ms and waited < self.max_wait_ms:
                self._timer.start(int(min(self.debounce_ms - quiet_for, self.max_wait_ms - waited)) + 1)
                return  # still busy: restart the timer
            paths = self._pending
            self._pending = set()
            self._armed = False
        if paths:
            self._flush_cb(paths)

    def flush_now(self) -> None:
        with self._lock:
            paths = self._pending
            self._pending = set()
            self._armed = False
        self._timer.stop()
        if paths:
            self._flush_cb(paths)

    def start(self, root: str) -> bool:
        """Watch `root` recursively, set up on a thread of its own (watchdog walks every folder
        to add its watches, which would stall the GUI on a big workspace)."""
        self.stop()
        self.root = root
        self._generation = getattr(self, "_generation", 0) + 1
        gen = self._generation
        threading.Thread(target=self._start, args=(root, gen), daemon=True, name="storelayers-watch").start()
        return True

    def _start(self, root: str, gen: int) -> None:
        obs = self._make_observer(root)
        with self._lock:
            if obs is not None and gen == self._generation:
                self._observer = obs
                return
        if obs is not None:
            obs.stop()

    def _make_observer(self, root: str):
        try:
            from watchdog.observers import Observer

            obs = Observer()
            try:
                from watchdog import events as ev

                wanted = [ev.FileCreatedEvent, ev.FileModifiedEvent, ev.FileDeletedEvent, ev.FileMovedEvent,
                          ev.FileClosedEvent, ev.DirCreatedEvent, ev.DirDeletedEvent, ev.DirMovedEvent]
                obs.schedule(_Handler(self), root, recursive=True, event_filter=wanted)
            except TypeError:  # an older watchdog without event_filter
                obs.schedule(_Handler(self), root, recursive=True)
            obs.daemon = True
            obs.start()
        except Exception:  # noqa: BLE001 - e.g. inotify limits; live updates are then off
            return None
        return obs

    def stop(self) -> None:
        with self._lock:
            self._generation = getattr(self, "_generation", 0) + 1
            obs = self._observer
            self._observer = None
        if obs is not None:
            obs.stop()
            obs.join(timeout=2)

    @property
    def watching(self) -> bool:
        return self._observer is not None
