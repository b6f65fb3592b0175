"""Long loops call a host's hook now and then (`resolver.pace`), and nothing when none is set."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from storelayers import resolver, resources
from storelayers.resolver import pace


@contextmanager
def counting() -> Iterator[list[int]]:
    """The hook replaced by a counter for the block (the app's own, if any, put back after)."""
    calls = [0]
    before = pace.installed()

    def hook() -> None:
        calls[0] += 1

    pace.install(hook)
    try:
        yield calls
    finally:
        pace.install(before)


def test_paced_yields_every_item_in_order_and_calls_the_hook_every_so_often() -> None:
    with counting() as calls:
        assert list(pace.paced(range(1000), 256)) == list(range(1000))
    assert calls[0] == 4  # before items 0, 256, 512 and 768


def test_without_a_hook_nothing_is_called_and_nothing_is_lost() -> None:
    before = pace.installed()
    pace.install(None)
    try:
        assert list(pace.paced(iter("abc"), 1)) == ["a", "b", "c"]
        pace.pause()
    finally:
        pace.install(before)


def _calls_during(fn: Callable[[], object]) -> int:
    with counting() as calls:
        fn()
    return calls[0]


def test_reading_a_workspace_and_making_a_tree_give_the_host_its_turns() -> None:
    root = resources.demo_workspace()
    ws = resolver.load(root)
    layers = sum(1 for _ in ws.stores) + 1
    assert _calls_during(lambda: resolver.load(root)) >= layers  # one per layer folder listed
    store = next(iter(ws.stores))
    app = ws.apps[0]
    fresh = resolver.load(root)
    assert _calls_during(lambda: fresh.effective_tree(store, app)) >= 1
