"""Thread-safe memo tables for a snapshot's remembered answers.

A snapshot is queried from several threads at once (the app's workers and its GUI thread). Its
answers never change, so a table only has to make sure that concurrent readers and writers never
corrupt it: every read and write holds the table's lock for one dict operation; the answer itself
is computed outside the lock, so two threads may compute the same answer once each, and both then
return the one that was stored first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """Answers by key. With `limit`, the least recently used answers are forgotten beyond it."""

    __slots__ = ("_data", "_limit", "_lock")

    def __init__(self, limit: int | None = None, initial: dict[K, V] | None = None) -> None:
        self._data: OrderedDict[K, V] = OrderedDict(initial or {})
        self._limit = limit
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            hit = self._data.get(key)
            if hit is not None and self._limit is not None:
                self._data.move_to_end(key)
            return hit

    def __contains__(self, key: K) -> bool:
        with self._lock:
            return key in self._data

    def put(self, key: K, value: V) -> V:
        """Remember `value` unless another thread stored one first; returns the one remembered."""
        with self._lock:
            hit = self._data.setdefault(key, value)
            if self._limit is not None:
                self._data.move_to_end(key)
                while len(self._data) > self._limit:
                    self._data.popitem(last=False)
            return hit

    def get_or_make(self, key: K, make: Callable[[], V]) -> V:
        hit = self.get(key)
        if hit is not None:
            return hit
        return self.put(key, make())

    def copy(self) -> dict[K, V]:
        """What is remembered now, as a plain dict (a copy: safe to iterate)."""
        with self._lock:
            return dict(self._data)

    def __len__(self) -> int:
        with self._lock:
            return len(self._data)
