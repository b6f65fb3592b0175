"""The watchdog adapters (gui.watch_backends): each applies on the installed watchdog, and none of
them changes anything process-wide (watchdog's classes, other observers, the warnings filters)."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from storelayers.gui import watch_backends
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers.api import BaseObserver

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify adapters are Linux-only")

_PROBE = textwrap.dedent(
    """
    import sys, warnings
    from watchdog.observers import inotify, inotify_c, polling, api

    def state():
        classes = [inotify.InotifyWatchGroup, inotify.InotifyEmitter, inotify.InotifyObserver,
                   inotify_c.InotifyFD, polling.PollingEmitter, polling.PollingObserverVFS, api.BaseObserver]
        if hasattr(inotify_c, "Inotify"):
            classes.append(inotify_c.Inotify)
        return {c.__qualname__: {k: id(v) for k, v in vars(c).items()} for c in classes}, list(warnings.filters)

    before = state()
    from storelayers.gui import live, watch_backends
    hits = []
    obs = watch_backends.native_observer(hits)
    obs.schedule(live._Handler.__new__(live._Handler), sys.argv[1], recursive=True)
    obs.start()
    poll = watch_backends.PollingObserver(__import__("os").lstat, __import__("os").scandir, 2.0)
    poll.schedule(live._Handler.__new__(live._Handler), sys.argv[1], recursive=True)
    poll.start()
    poll.set_interval(5.0)
    watch_backends.adapters()
    plain = inotify.InotifyObserver()
    during = state()
    fd_method = type(plain._inotify_fd).add_callback is inotify_c.InotifyFD.add_callback
    own_attrs = "add_callback" not in vars(plain._inotify_fd)
    for o in (obs, poll):
        o.stop(); o.join(2)
    plain._inotify_fd.stop()
    print(before == during, fd_method, own_attrs)
    """
)


@linux_only
def test_importing_and_using_the_adapters_changes_nothing_in_watchdog(tmp_path: Path) -> None:
    (tmp_path / "a" / "node_modules").mkdir(parents=True)
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(tmp_path)], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.split() == ["True", "True", "True"], out.stderr


@linux_only
def test_every_adapter_applies_on_the_installed_watchdog() -> None:
    assert [(a.name, a.applied) for a in watch_backends.adapters()] == [
        ("fast-walk", True),
        ("limit-errors", True),
        ("compact-watches", True),
        ("poll-interval", True),
    ]
    assert watch_backends.summary() == ""


class _Collect(FileSystemEventHandler):
    def __init__(self) -> None:
        super().__init__()
        self.paths: list[str] = []

    def dispatch(self, event: FileSystemEvent) -> None:
        self.paths.append(os.fsdecode(event.src_path))


@contextmanager
def _watching(root: Path, hits: list[OSError] | None = None) -> Iterator[tuple[BaseObserver, _Collect]]:
    """The app's native observer watching `root` (recursively) into a collecting handler, stopped after."""
    obs = watch_backends.native_observer(hits if hits is not None else [])
    sink = _Collect()
    obs.schedule(sink, str(root), recursive=True)
    obs.start()
    try:
        yield obs, sink
    finally:
        obs.stop()
        obs.join(2)


def _wait(cond, seconds: float = 10.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.02)  # a watchdog thread, not the GUI: waiting for it here is fine
    return cond()


@linux_only
def test_fast_walk_watches_composable_folders_and_skips_node_modules(tmp_path: Path) -> None:
    (tmp_path / "src" / "deep").mkdir(parents=True)
    (tmp_path / "node_modules" / "pkg").mkdir(parents=True)
    with _watching(tmp_path) as (_obs, sink):
        (tmp_path / "src" / "deep" / "a.ts").write_text("x")
        (tmp_path / "node_modules" / "pkg" / "b.js").write_text("x")
        assert _wait(lambda: any(p.endswith("a.ts") for p in sink.paths))
        time.sleep(0.2)  # a plain watchdog thread, no Qt: give a late event the time to arrive
        assert not any(p.endswith("b.js") for p in sink.paths)  # node_modules has no watch


@linux_only
def test_limit_errors_of_folders_made_while_watching_are_recorded(tmp_path: Path, monkeypatch) -> None:
    import ctypes

    from watchdog.observers import inotify_c

    hits: list[OSError] = []

    def refuse(fd: int, path: bytes, mask: int) -> int:
        ctypes.set_errno(errno.ENOSPC)
        return -1

    with _watching(tmp_path, hits):
        try:
            monkeypatch.setattr(inotify_c, "inotify_add_watch", refuse)
            (tmp_path / "new-folder").mkdir()
            assert _wait(lambda: bool(hits))
            assert hits[0].errno == errno.ENOSPC
        finally:
            monkeypatch.undo()  # before the observer stops


def test_the_poll_interval_can_be_set_once_polling(tmp_path: Path) -> None:
    obs = watch_backends.PollingObserver(os.lstat, os.scandir, 2.0)
    obs.schedule(_Collect(), str(tmp_path), recursive=True)
    obs.start()
    try:
        assert {e.timeout for e in obs.emitters} == {2.0}
        obs.set_interval(7.5)
        assert {e.timeout for e in obs.emitters} == {7.5}
    finally:
        obs.stop()
        obs.join(3)


def test_a_watchs_callbacks_behave_as_a_dict_in_two_slots_or_one_dict() -> None:
    cb = watch_backends.Callbacks()
    assert not cb and len(cb) == 0 and "g" not in cb and cb.pop("g", None) is None
    cb["g"] = "one"
    assert cb["g"] == "one" and list(cb.values()) == ["one"] and "g" in cb
    cb["g"] = "again"  # watchdog overwrites a callback of the same id
    assert dict(cb) == {"g": "again"}
    cb["h"] = "two"  # a second group watching the same folder
    assert dict(cb) == {"g": "again", "h": "two"}
    assert cb.pop("g") == "again" and dict(cb) == {"h": "two"}
    del cb["h"]
    assert not cb
    with pytest.raises(KeyError):
        cb["h"]
    one = watch_backends.Callbacks()
    one["x"] = 1
    del one["x"]
    assert len(one) == 0 and list(one) == []


@linux_only
def test_compact_watches_hold_the_watched_folders_and_deliver_their_events(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    with _watching(tmp_path) as (obs, sink):
        fd = obs._inotify_fd
        kept = list(fd._watch_for_wd.values())
        assert kept and all(type(w) is watch_backends.CompactWatch and len(w.callbacks) == 1 for w in kept)
        assert sorted(os.fsdecode(w._initial_creation_path) for w in kept) == sorted(
            str(p) for p in (tmp_path, tmp_path / "a", tmp_path / "a" / "b")
        )
        (tmp_path / "a" / "b" / "c.ts").write_text("x")
        (tmp_path / "a" / "new").mkdir()  # a folder made while watching gets a watch of its own
        assert _wait(lambda: any(p.endswith("c.ts") for p in sink.paths))
        assert _wait(lambda: len(fd._watch_for_wd) == 4)
        (tmp_path / "a" / "new" / "d.ts").write_text("x")
        assert _wait(lambda: any(p.endswith("d.ts") for p in sink.paths))
        shutil.rmtree(tmp_path / "a" / "new")  # its watch goes with it
        assert _wait(lambda: len(fd._watch_for_wd) == 3)
