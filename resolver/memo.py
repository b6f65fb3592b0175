"""Thread-safe memo tables for a snapshot's remembered answers.

A snapshot is queried from several threads at once (the app's workers and its GUI thread). Its
answers never change, so a table only has to make sure that concurrent readers and writers never
corrupt it. The answer itself is computed outside any lock, so two threads may compute the same
answer once each, and both then return the one that was stored first.

- A table without a limit only grows: an entry, once stored, is never replaced or removed. Its
  writes (`put`, `copy`) hold the table's lock; its reads do not. A read is one `dict.get` (or
  `in`) on a plain dict whose keys are strings and tuples of strings: a single operation that runs
  no Python code (their hash and equality are the built-in ones), so it is atomic in CPython, and
  free-threaded builds lock a dict inside each such operation. A reader therefore sees an entry
  either not yet or whole, which is all a memo needs; this is the hot path of every count.
- A table with a limit forgets its least recently used answers: a read moves the entry to the
  end, so there every read and write holds the lock.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """Answers by key. With `limit`, the least recently used answers are forgotten beyond it; with
    `weigh` and `budget` too, beyond that total weight (the newest answer is always kept)."""

    __slots__ = ("_budget", "_data", "_limit", "_lock", "_lru", "_weigh", "_weight")

    def __init__(
        self,
        limit: int | None = None,
        initial: Mapping[K, V] | None = None,
        weigh: Callable[[V], int] | None = None,
        budget: int | None = None,
    ) -> None:
        self._limit = limit
        self._lru: OrderedDict[K, V] | None = OrderedDict(initial or {}) if limit is not None else None
        self._data: dict[K, V] = dict(initial or {}) if limit is None else {}
        self._lock = threading.Lock()
        self._weigh = weigh if limit is not None and budget is not None else None
        self._budget = budget or 0
        self._weight = sum(map(self._weigh, self._lru.values())) if self._weigh is not None and self._lru else 0
        if self._lru is not None:
            self._forget(self._lru)

    def get(self, key: K) -> V | None:
        lru = self._lru
        if lru is None:
            return self._data.get(key)  # lock-free: see the module's docstring
        with self._lock:
            hit = lru.get(key)
            if hit is not None:
                lru.move_to_end(key)
            return hit

    def __contains__(self, key: K) -> bool:
        lru = self._lru
        if lru is None:
            return key in self._data
        with self._lock:
            return key in lru

    def put(self, key: K, value: V) -> V:
        """Remember `value` unless another thread stored one first; returns the one remembered."""
        with self._lock:
            lru = self._lru
            if lru is None:
                return self._data.setdefault(key, value)
            if key not in lru and self._weigh is not None:
                self._weight += self._weigh(value)
            hit = lru.setdefault(key, value)
            lru.move_to_end(key)
            self._forget(lru)
            return hit

    def put_many(self, items: Mapping[K, V]) -> None:
        """Remember each of `items` not known yet, under one lock (a whole `stats()` at once)."""
        with self._lock:
            lru = self._lru
            if lru is None:
                data = self._data
                for key, value in items.items():
                    data.setdefault(key, value)
                return
            for key, value in items.items():
                if key not in lru and self._weigh is not None:
                    self._weight += self._weigh(value)
                lru.setdefault(key, value)
                lru.move_to_end(key)
            self._forget(lru)

    def _forget(self, lru: OrderedDict[K, V]) -> None:
        """The least recently used answers beyond the limit and the budget (the lock is held)."""
        weigh = self._weigh
        while len(lru) > 1 and (
            (self._limit is not None and len(lru) > self._limit) or (weigh is not None and self._weight > self._budget)
        ):
            _key, old = lru.popitem(last=False)
            if weigh is not None:
                self._weight -= weigh(old)

    def get_or_make(self, key: K, make: Callable[[], V]) -> V:
        hit = self.get(key)
        if hit is not None:
            return hit
        return self.put(key, make())

    def copy(self) -> dict[K, V]:
        """What is remembered now, as a plain dict (a copy: safe to iterate)."""
        with self._lock:
            return dict(self._lru if self._lru is not None else self._data)

    def __len__(self) -> int:
        with self._lock:
            return len(self._lru if self._lru is not None else self._data)
