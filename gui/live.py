"""Watching the workspace: the watchdog thread only adds paths to a set; one restartable
single-shot QTimer on the GUI thread flushes the set into one incremental update.

An edit shows within a second: the timer waits for a quiet moment, but never longer than
`max_wait_ms`. A burst (a git checkout, a generator: `burst_paths` or more paths pending) waits for
a longer quiet moment, up to `burst_max_wait_ms`, so thousands of files become one update.

The observers come from `watch_backends`, which adapts watchdog's internals by subclassing
(nothing is patched) and says which adaptations apply on the installed watchdog.
"""

from __future__ import annotations

import functools
import os
import stat as stat_mod
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from storelayers.gui import watch_backends
from storelayers.gui.watch_backends import LIMIT_ERRNOS
from storelayers.resolver.fsio import SKIPPED_NAMES
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers.api import BaseObserver

WANTED = frozenset({"created", "modified", "deleted", "moved", "closed"})
_SKIP_PARTS = tuple(f"{os.sep}{n}{os.sep}" for n in SKIPPED_NAMES)


@functools.lru_cache(maxsize=8)
def _real(root: str) -> str:
    return os.path.realpath(root)


def _skipped(path: str, root: str | None = None) -> bool:
    """Rule 8's skip list, applied to the part of `path` below the watched `root` only: a
    workspace that itself lies in a folder named node_modules, .out or .next still updates."""
    if root:
        for top in (root.rstrip(os.sep), _real(root).rstrip(os.sep)):  # events may name either
            if path == top:
                return False
            if path.startswith(top + os.sep):
                path = path[len(top) :]
                break
    p = path + os.sep
    return any(part in p for part in _SKIP_PARTS)


class _Handler(FileSystemEventHandler):
    """watchdog's event handler, reduced to what we need (runs on watchdog's thread)."""

    def __init__(self, sink: LiveWatcher) -> None:
        super().__init__()
        self.sink = sink

    def dispatch(self, event: FileSystemEvent) -> None:  # watchdog calls dispatch()
        kind = event.event_type
        if kind not in WANTED or (kind == "modified" and event.is_directory):
            return  # opening or reading a file (the resolver's own reads) changes nothing
        for attr in ("src_path", "dest_path"):
            p = getattr(event, attr, None)
            if p:
                p = os.fsdecode(p)
                if not _skipped(p, self.sink.root):
                    self.sink.add(p)


class LiveWatcher(QObject):
    """Collects changed paths from any thread; calls `flush(paths)` on the GUI thread, debounced."""

    _poke = Signal()
    state_changed = Signal(str, str)  # (mode: "native", "polling" or "off", what to tell the user)

    # Watching state, set by start()/stop() (class defaults, so __init__ stays the debounce's own).
    mode = "off"
    detail = ""
    _generation = 0
    _observer: BaseObserver | None = None
    _health: QTimer | None = None
    _starting = False
    _root_id: tuple[int, int] | None = None
    _limit_hits: list[OSError] = []
    _force_polling = False
    _forced_for: str | None = None

    def __init__(
        self,
        flush: Callable[[set[str]], None],
        debounce_ms: int = 120,
        max_wait_ms: int = 600,
        parent: QObject | None = None,
    ) -> None:
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
        self._observer: BaseObserver | None = None
        self.root: str | None = None

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

    burst_paths = 200  # this many paths pending: a burst, flushed after burst_quiet_ms of quiet
    burst_quiet_ms = 400  # (a checkout's writer can pause longer than an editor's debounce)
    burst_max_wait_ms = 5000

    def _tick(self) -> None:
        now = time.monotonic()
        with self._lock:
            quiet_for = (now - self._last) * 1000
            waited = (now - self._first) * 1000
            burst = len(self._pending) >= self.burst_paths
            quiet = self.burst_quiet_ms if burst else self.debounce_ms
            limit = self.burst_max_wait_ms if burst else self.max_wait_ms
            if quiet_for < quiet and waited < limit:
                self._timer.start(int(min(quiet - quiet_for, limit - waited)) + 1)
                return  # still busy: restart the timer
            paths = self._pending
            self._pending = set()
            self._armed = False
        if paths:
            self._flush_cb(paths)

    @property
    def pending(self) -> bool:
        """Changed paths are waiting for their quiet moment (a burst may be under way)."""
        return self._armed

    def flush_now(self) -> None:
        with self._lock:
            paths = self._pending
            self._pending = set()
            self._armed = False
        self._timer.stop()
        if paths:
            self._flush_cb(paths)

    # ------------------------------------------------------------ watching: start-up and fallback

    def start(self, root: str) -> bool:
        """Watch `root` recursively, set up on a thread of its own (watchdog walks every folder
        to add its watches, which would stall the GUI on a big workspace).

        The system's watches (inotify, FSEvents, ...) come first. When the system's watch limit is
        exhausted (at start or later, as folders appear), the workspace is polled instead, and
        `state_changed` says so. A check every few seconds restarts watching when the workspace
        folder itself was deleted and recreated or moved away (a re-clone)."""
        self.stop()
        self.root = root
        self._generation += 1
        gen = self._generation
        polling = self._force_polling and self._forced_for == root
        if self._health is None:
            self._health = QTimer(self)
            self._health.setInterval(HEALTH_MS)
            self._health.timeout.connect(self._check_health)
        self._health.start()
        self._starting = True
        threading.Thread(target=self._start, args=(root, gen, polling), daemon=True, name="storelayers-watch").start()
        return True

    def _start(self, root: str, gen: int, polling: bool = False) -> None:
        obs, mode, detail, hits = self._make_observer(root, polling)
        with self._lock:
            current = gen == self._generation
            if current:
                self._observer = obs
                self._limit_hits = hits
                self._root_id = _identity(root)
                self._starting = False
                self.mode, self.detail = mode, detail
        if not current:
            _discard(obs)
            return
        self.state_changed.emit(mode, detail)

    def _make_observer(self, root: str, polling: bool = False) -> tuple[BaseObserver | None, str, str, list[OSError]]:
        """(observer or None, mode, what to tell the user, the list native watches record limit errors in)."""
        reason = "the system's file-watch limit was reached earlier"
        if not polling:
            hits: list[OSError] = []
            try:
                return _native_observer(root, self, hits), "native", "", hits
            except OSError as exc:
                what = exc.strerror or str(exc)
                if exc.errno in LIMIT_ERRNOS:
                    reason = f"the system's file-watch limit is reached ({what})"
                else:
                    reason = f"native file watching failed ({what})"
            except Exception as exc:
                reason = f"native file watching is unavailable ({type(exc).__name__}: {exc})"
        try:
            obs, every = _polling_observer(root, self)
        except Exception as exc:
            return None, "off", f"{reason}, and polling failed too ({exc}): changes on disk show only after Reload", []
        return obs, "polling", f"{reason}: checking for changes every {every:g} s instead", []

    @staticmethod
    def adapters_note() -> str:
        """The watchdog adapters that did not apply on the installed watchdog ('' when all did)."""
        return watch_backends.summary()

    def _check_health(self) -> None:
        """GUI thread, every few seconds: keep watching through limits, deletions and re-clones."""
        root = self.root
        with self._lock:
            obs, hits, starting = self._observer, self._limit_hits, self._starting
        if root is None or starting:
            return
        now = _identity(root)
        if hits and self.mode == "native":  # new folders could not be watched: the limit ran out
            self._force_polling, self._forced_for = True, root
            self.start(root)
            self.add(root)  # read afresh: changes in the unwatched folders may have been missed
            return
        dead = obs is not None and not _alive(obs)
        if now is None:
            if obs is not None or self.mode != "off":  # the workspace folder is gone: wait for it
                self._drop_observer()
                self.mode, self.detail = "off", f"{root} is gone; watching resumes when it is back"
                self.state_changed.emit(self.mode, self.detail)
            return
        if dead or now != self._root_id or (obs is None and self.mode == "off" and self._root_id is None):
            self.start(root)  # deleted and recreated, moved away and replaced, or a watcher died
            self.add(root)

    def _drop_observer(self) -> None:
        with self._lock:
            self._generation += 1
            obs = self._observer
            self._observer = None
            self._limit_hits = []
            self._root_id = None
            self._starting = False
        _discard(obs)

    def stop(self) -> None:
        if self._health is not None:
            self._health.stop()
        self._drop_observer()

    @property
    def starting(self) -> bool:
        """Watches are being set up (on a big workspace this walks every folder)."""
        return self._starting

    @property
    def watching(self) -> bool:
        return self._observer is not None


# ---------------------------------------------------------------- observers (watching thread)

POLL_SECONDS = 2.0
HEALTH_MS = 2000

_WANTED_EVENTS = (
    "FileCreatedEvent",
    "FileModifiedEvent",
    "FileDeletedEvent",
    "FileMovedEvent",
    "FileClosedEvent",
    "DirCreatedEvent",
    "DirDeletedEvent",
    "DirMovedEvent",
)


def _identity(root: str) -> tuple[int, int] | None:
    """(device, inode) of the workspace folder: it changes when the folder is recreated or replaced."""
    try:
        st = os.stat(root)
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if stat_mod.S_ISDIR(st.st_mode) else None


def _schedule(obs: BaseObserver, root: str, sink: LiveWatcher) -> None:
    from watchdog import events as ev

    wanted = [getattr(ev, name) for name in _WANTED_EVENTS]
    obs.schedule(_Handler(sink), root, recursive=True, event_filter=wanted)


def _native_observer(root: str, sink: LiveWatcher, hits: list[OSError]) -> BaseObserver:
    """The platform's own watcher; OSError when the watch limit is reached."""
    obs = watch_backends.native_observer(hits)
    try:
        _schedule(obs, root, sink)
        obs.daemon = True
        obs.start()  # older watchdogs raise here for any folder; watchdog 7 for the root only
    except BaseException:
        _discard(obs)
        raise
    if hits:
        _discard(obs)
        raise hits[0]
    return obs


def _listdir_skipping(path: str | None) -> list[os.DirEntry[str]]:
    """os.scandir without the folders no layer ever composes (node_modules, .git, ...)."""
    with os.scandir(path) as it:
        return [e for e in it if e.name not in SKIPPED_NAMES]


def _polling_observer(root: str, sink: LiveWatcher) -> tuple[BaseObserver, float]:
    """A watcher that compares snapshots of the workspace: no system watches needed. lstat, so a
    symlink loop is one entry, never an endless walk. Returns (observer, seconds between polls):
    POLL_SECONDS, or longer on a workspace so big that one snapshot takes more than a quarter of it
    (800 stores over 20,000 base files: about 2.5 s a snapshot on 2 cores)."""
    obs = watch_backends.PollingObserver(os.lstat, lambda p: iter(_listdir_skipping(p)), POLL_SECONDS)
    try:
        _schedule(obs, root, sink)
        obs.daemon = True
        t = time.perf_counter()
        obs.start()  # takes the first snapshot
        every = max(POLL_SECONDS, round((time.perf_counter() - t) * 4, 1))
        if every > POLL_SECONDS:
            obs.set_interval(every)
    except BaseException:
        _discard(obs)
        raise
    return obs, every


def _alive(obs: BaseObserver) -> bool:
    """The observer and every emitter still run (an emitter stops when its root folder is deleted)."""
    try:
        return obs.is_alive() and all(e.is_alive() for e in list(obs.emitters))
    except RuntimeError:  # the set of emitters changed while we looked: ask again next time
        return True


def _discard(obs: BaseObserver | None) -> None:
    if obs is None:
        return
    try:
        obs.stop()
        obs.join(timeout=2)
    except Exception:  # noqa: S110 - an observer that cannot stop is dropped all the same
        pass
