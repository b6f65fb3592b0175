"""Adapters for watchdog's internals, kept apart from the watcher (`gui/live.py`).

Each adapter is a subclass made for this app's observers only: nothing in watchdog is patched, and
importing this module changes nothing in watchdog's classes, its instances elsewhere, or the
warnings filters. Each says whether it applied on the installed watchdog (`adapters()`), and the
watcher falls back to watchdog's own classes when one did not; the status bar's tooltip shows it.

- `fast-walk`: the recursive inotify set-up skips the folders no layer ever composes
  (node_modules, .git, ...) and walks with one `scandir` per folder (watchdog 7's
  `InotifyWatchGroup._add_all_callbacks`, overridden in a subclass).
- `limit-errors`: watchdog 7 skips, silently, the folders it cannot watch once the system's watch
  limit is reached; a subclass of its `InotifyFD` records those errors (and raises them on, as
  watchdog expects), so the health check can switch to polling. Within that call only, watchdog's
  "Callback with id ... already exists" warning (it quotes every watch held: megabytes on a big
  workspace) is silenced, in a `warnings.catch_warnings()` scope.
- `compact-watches`: the same `InotifyFD` subclass keeps each watch in a small object of its own
  (`CompactWatch`: slots, and its one callback without a dict), which quacks as watchdog's `Watch`
  does: watching the 78,600 folders of an 800-store workspace took 32 MB instead of 47 (RSS).
- `poll-interval`: the polling emitter's wait between polls can be set after the first snapshot
  has shown how long one takes (a subclass whose `timeout` reads an attribute of its own).
"""

from __future__ import annotations

import errno
import os
import warnings
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any, Protocol

from storelayers.resolver import pace
from storelayers.resolver.fsio import SKIPPED_NAMES
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingEmitter
from watchdog.version import VERSION_STRING

LIMIT_ERRNOS = frozenset({errno.ENOSPC, errno.EMFILE, errno.ENFILE, errno.ENOMEM})
"""inotify says ENOSPC when max_user_watches is used up, EMFILE when max_user_instances is."""

_SKIPPED_BYTES = frozenset(os.fsencode(n) for n in SKIPPED_NAMES)
_REWATCH_WARNING = r"Callback with id .* already exists"


@dataclass(frozen=True)
class Adapter:
    """Whether one adapter applies on the installed watchdog, and why not when it does not."""

    name: str
    applied: bool
    detail: str


# ---------------------------------------------------------------- the set-up walk


class WatchGroup(Protocol):
    """What the walk needs of a watch group (watchdog's `InotifyWatchGroup`, or a test's stand-in)."""

    is_recursive: bool
    follow_symlink: bool

    def _add_callback(self, path: bytes) -> None: ...


def skipping_walk(group: WatchGroup, path: bytes) -> None:
    """Watch `path` and, when the group is recursive, every folder under it, parents first, without
    the folders no layer ever composes (node_modules, .git, ...: their events are dropped anyway),
    with one `scandir` per folder instead of `os.walk` plus an `lstat` for every subfolder. Adding
    the watches holds the GIL for most of its time, and this halves it (16,000 folders on the
    200-store benchmark: 0.45 s down to 0.25 s on 2 cores), so less of the start-up competes with
    the GUI thread, and it makes way for the GUI thread every 64 folders (`pace.pause`). Symlinked
    folders are not followed, as watchdog's own walk does not."""
    group._add_callback(path)
    if not (group.is_recursive and os.path.isdir(path)):
        return
    follow = group.follow_symlink
    stack = [path]
    n = 0
    while stack:
        n += 1
        if n % 64 == 0:
            pace.pause()  # the GUI thread first: it needs the lock this walk holds (gui.tasks.GuiFirst)
        try:
            it = os.scandir(stack.pop())
        except OSError:
            continue  # gone or unreadable meanwhile: as os.walk, skip it
        with it:
            for e in it:
                try:
                    if e.name in _SKIPPED_BYTES or not e.is_dir(follow_symlinks=follow):
                        continue
                except OSError:
                    continue
                group._add_callback(e.path)
                stack.append(e.path)


# ---------------------------------------------------------------- compact watches

_NO_KEY: Any = object()


class Callbacks(MutableMapping[Any, Any]):
    """A watch's callbacks by id: nearly always one (its watch group's), kept in two slots; a dict
    only once a second one comes."""

    __slots__ = ("_key", "_more", "_value")

    def __init__(self) -> None:
        self._key: Any = _NO_KEY
        self._value: Any = None
        self._more: dict[Any, Any] | None = None

    def __getitem__(self, key: Any) -> Any:
        if self._more is not None:
            return self._more[key]
        if self._key is not _NO_KEY and self._key == key:
            return self._value
        raise KeyError(key)

    def __setitem__(self, key: Any, value: Any) -> None:
        if self._more is not None:
            self._more[key] = value
        elif self._key is _NO_KEY or self._key == key:
            self._key, self._value = key, value
        else:
            self._more = {self._key: self._value, key: value}
            self._key, self._value = _NO_KEY, None

    def __delitem__(self, key: Any) -> None:
        if self._more is not None:
            del self._more[key]
        elif self._key is not _NO_KEY and self._key == key:
            self._key, self._value = _NO_KEY, None
        else:
            raise KeyError(key)

    def __iter__(self) -> Iterator[Any]:
        if self._more is not None:
            return iter(list(self._more))
        return iter(() if self._key is _NO_KEY else (self._key,))

    def __len__(self) -> int:
        if self._more is not None:
            return len(self._more)
        return 0 if self._key is _NO_KEY else 1


class CompactWatch:
    """One inotify watch, as watchdog 7's `Watch` has it (descriptor, mask, first path, callbacks)."""

    __slots__ = ("_initial_creation_path", "callbacks", "mask", "wd")

    def __init__(self, wd: int, mask: int, path: bytes) -> None:
        self.wd = wd
        self.mask = mask
        self._initial_creation_path = path
        self.callbacks: MutableMapping[Any, Any] = Callbacks()

    @property
    def is_used(self) -> bool:
        return bool(self.callbacks)

    @property
    def short_str(self) -> str:
        return f"<CompactWatch: wd={self.wd}, mask={self.mask:#x}, path={self._initial_creation_path!r}>"


# ---------------------------------------------------------------- native (inotify) observer


@dataclass(frozen=True)
class _Inotify:
    """This app's inotify classes, made once from the installed watchdog's."""

    observer: Callable[[list[OSError]], BaseObserver]
    fast_walk: Adapter
    limit_errors: Adapter
    compact_watches: Adapter


@lru_cache(maxsize=1)
def _inotify() -> _Inotify | None:
    try:
        from watchdog.observers import inotify, inotify_c
    except (ImportError, OSError):  # not Linux, or no inotify
        return None
    group_cls = getattr(inotify, "InotifyWatchGroup", None)
    fd_cls = getattr(inotify_c, "InotifyFD", None)
    emitter_cls = getattr(inotify, "InotifyEmitter", None)
    observer_cls = getattr(inotify, "InotifyObserver", None)
    version = VERSION_STRING
    missing = [
        name
        for name, ok in (
            ("InotifyWatchGroup._add_all_callbacks", hasattr(group_cls, "_add_all_callbacks")),
            ("InotifyWatchGroup._add_callback", hasattr(group_cls, "_add_callback")),
            ("InotifyFD.add_callback", hasattr(fd_cls, "add_callback")),
            ("InotifyEmitter.on_thread_start", hasattr(emitter_cls, "on_thread_start")),
            ("InotifyObserver", observer_cls is not None),
        )
        if not ok
    ]
    if missing or group_cls is None or fd_cls is None or emitter_cls is None or observer_cls is None:
        why = f"watchdog {version} has no {', '.join(missing) or 'inotify classes'}: its own observer is used"
        return _Inotify(
            _plain_observer,
            Adapter("fast-walk", False, why),
            Adapter("limit-errors", False, why),
            Adapter("compact-watches", False, why),
        )
    add_watch = getattr(inotify_c, "inotify_add_watch", None)
    compact = callable(add_watch) and callable(getattr(fd_cls, "_get_or_create_watch", None))

    class SkippingWatchGroup(group_cls):  # type: ignore[misc, valid-type]  # made from the installed watchdog
        def _add_all_callbacks(self, path: bytes) -> None:
            skipping_walk(self, path)

    class RecordingInotifyFD(fd_cls):  # type: ignore[misc, valid-type]  # made from the installed watchdog
        limit_hits: list[OSError]

        def add_callback(self, *args: Any, **kwargs: Any) -> Any:
            try:
                with warnings.catch_warnings():
                    warnings.filterwarnings("ignore", message=_REWATCH_WARNING, category=RuntimeWarning)
                    return super().add_callback(*args, **kwargs)
            except OSError as exc:
                if exc.errno in LIMIT_ERRNOS:
                    self.limit_hits.append(exc)
                raise

        if compact:

            def _get_or_create_watch(self: Any, path: bytes, mask: int) -> Any:
                by_wd = getattr(self, "_watch_for_wd", None)
                if not isinstance(by_wd, dict):
                    return super()._get_or_create_watch(path, mask)  # not as watchdog 7 keeps them
                wd = inotify_c.inotify_add_watch(self._inotify_fd, path, mask)  # looked up now: patchable
                if wd == -1:
                    type(self)._raise_error()
                watch = by_wd.get(wd)
                if watch is None:
                    watch = by_wd[wd] = CompactWatch(wd, mask, path)
                return watch

    class SkippingEmitter(emitter_cls):  # type: ignore[misc, valid-type]  # made from the installed watchdog
        def on_thread_start(self) -> None:
            self._inotify = SkippingWatchGroup(
                self._inotify_fd,
                os.fsencode(self.watch.path),
                is_recursive=self.watch.is_recursive,
                event_mask=self.get_event_mask_from_filter(),
                follow_symlink=self.watch.follow_symlink,
            )

    class NativeObserver(observer_cls):  # type: ignore[misc, valid-type]  # made from the installed watchdog
        """watchdog's inotify observer with this app's watch group and inotify reader."""

        def __init__(self, hits: list[OSError]) -> None:
            fd = RecordingInotifyFD()
            fd.limit_hits = hits
            fd.start()
            self._inotify_fd = fd  # watchdog's observer stops and joins it when it stops
            BaseObserver.__init__(self, SkippingEmitter, inotify_fd=fd)

    ok = f"applied (watchdog {version})"
    no_compact = f"watchdog {version} has no InotifyFD._get_or_create_watch: its watches are kept as it keeps them"
    return _Inotify(
        NativeObserver,
        Adapter("fast-walk", True, ok),
        Adapter("limit-errors", True, ok),
        Adapter("compact-watches", compact, ok if compact else no_compact),
    )


def _plain_observer(_hits: list[OSError]) -> BaseObserver:
    from watchdog.observers import Observer

    return Observer()


def native_observer(hits: list[OSError]) -> BaseObserver:
    """The platform's own watcher; limit errors of folders added later are appended to `hits`
    when the `limit-errors` adapter applies."""
    adapted = _inotify()
    return adapted.observer(hits) if adapted is not None else _plain_observer(hits)


# ---------------------------------------------------------------- polling observer


class _AdjustablePollingEmitter(PollingEmitter):
    """watchdog's polling emitter, whose wait between polls can be set once it runs."""

    interval: float | None = None

    @property
    def timeout(self) -> float:
        return self.interval if self.interval is not None else float(super().timeout)


class PollingObserver(BaseObserver):
    """Compares snapshots of the workspace taken with `stat` and `listdir`: no system watches."""

    def __init__(
        self,
        stat: Callable[[str], os.stat_result],
        listdir: Callable[[str | None], Iterator[os.DirEntry[str]]],
        interval: float,
    ) -> None:
        super().__init__(partial(_AdjustablePollingEmitter, stat=stat, listdir=listdir), timeout=interval)  # type: ignore[arg-type]  # a partial of an emitter class, as watchdog's own PollingObserverVFS passes

    def set_interval(self, seconds: float) -> None:
        """Wait `seconds` between polls from now on."""
        for emitter in list(self.emitters):
            if isinstance(emitter, _AdjustablePollingEmitter):
                emitter.interval = seconds


def adapters() -> tuple[Adapter, ...]:
    """Every adapter and whether it applies on the installed watchdog (for the health display)."""
    adapted = _inotify()
    if adapted is None:
        none = (
            Adapter("fast-walk", False, "no inotify on this system"),
            Adapter("limit-errors", False, "no inotify"),
            Adapter("compact-watches", False, "no inotify"),
        )
    else:
        none = adapted.fast_walk, adapted.limit_errors, adapted.compact_watches
    poll = isinstance(getattr(PollingEmitter, "timeout", None), property)
    return (
        *none,
        Adapter(
            "poll-interval",
            poll,
            "applied" if poll else "watchdog's polling emitter has no timeout property: polls every 2 s",
        ),
    )


def summary() -> str:
    """One line for the live state's tooltip: the adapters that did not apply, if any."""
    off = [f"{a.name}: {a.detail}" for a in adapters() if not a.applied]
    return "; ".join(off)
