"""The fast maker of effective-tree entries makes the very object the dataclass would."""

from __future__ import annotations

import dataclasses

import pytest
from storelayers import resolver, resources
from storelayers.resolver.model import EffectiveFile, Status, effective_file


def test_effective_file_equals_hashes_and_freezes_as_the_constructor_does() -> None:
    args = ("components/Header.tsx", "fashion-us", Status.OVERRIDE, ("fashion-us", "base"), False, "x/Header.tsx", "k")
    fast, slow = effective_file(*args), EffectiveFile(*args)
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
    assert dataclasses.astuple(fast) == args
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.path = "elsewhere"  # type: ignore[misc]


def test_every_entry_of_a_tree_is_what_the_constructor_makes() -> None:
    ws = resolver.load(resources.demo_workspace())
    for store in ws.stores:
        for app in ws.apps:
            for e in ws.effective_tree(store, app).files:
                assert e == EffectiveFile(*dataclasses.astuple(e))
                assert type(e) is EffectiveFile
