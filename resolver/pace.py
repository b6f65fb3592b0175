"""Long loops let a host's more urgent work go first: a hook the resolver calls now and then.

The resolver runs on worker threads in the desktop app. A worker in the middle of a loop holds
Python's interpreter lock, and the GUI thread needs it for every call between Qt and Python (a
painted row of a Python model makes dozens): under a busy worker each of them waits its turn, and
a paint of 20 ms took as long as the worker's whole job. So long loops call `pause()` every few
hundred steps (through `paced`); it does nothing unless a host installed a hook with `install`,
and the app's hook waits, without the lock, while the GUI thread is painting or taking a result
in (`storelayers.gui.tasks`). No Qt here: the CLI never installs one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

EVERY = 256
"""Steps between two calls of the hook: a step of the loops that use it is a few microseconds."""


class _Installed:
    hook: Callable[[], None] | None = None


def install(hook: Callable[[], None] | None) -> None:
    """The function `pause()` calls (None: none). The hook is called from any thread; it must be
    cheap when there is nothing to wait for."""
    _Installed.hook = hook


def installed() -> Callable[[], None] | None:
    """The hook `pause()` calls now (None: none)."""
    return _Installed.hook


def pause() -> None:
    """A point where the current thread may wait for more urgent work elsewhere."""
    hook = _Installed.hook
    if hook is not None:
        hook()


def paced(items: Iterable[T], every: int = EVERY) -> Iterator[T]:
    """`items`, with `pause()` before the first and after every `every` of them."""
    hook = _Installed.hook
    if hook is None:
        yield from items
        return
    n = 0
    for item in items:
        if n == 0:
            hook()
            n = every
        n -= 1
        yield item
