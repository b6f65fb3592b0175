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


def test_the_base_apps_inherited_files_are_one_entry_shared_by_every_tree_until_the_base_changes(
    tmp_path,
) -> None:
    from tests.wsbuilder import build

    base = {"package.json": "{}", "comp/a.ts": "a", "comp/b.ts": "b", "lib/c.ts": "c"}
    stores = {"one": {"web": {"comp/a.ts": "one's a"}}, "two": {"web": {"lib/c.ts": "two's c", "new.ts": "n"}}}
    root = build(tmp_path / "ws", {"apps": {"web": base, "stores": stores}})
    ws = resolver.load(root)
    one, two = ({e.path: e for e in ws.effective_tree(k, "web").files} for k in ("apps/stores/one", "apps/stores/two"))
    assert one["comp/b.ts"] is two["comp/b.ts"]  # inherited alike: one object
    assert one["comp/b.ts"] == EffectiveFile(
        "comp/b.ts", "base", Status.INHERITED, ("base",), False, "apps/web/comp/b.ts", None
    )
    assert one["lib/c.ts"].status is Status.INHERITED and two["lib/c.ts"].status is Status.OVERRIDE
    assert one["package.json"].special and two["package.json"].special  # rule 9: decided at the root, per chain
    assert [e.path for e in ws.effective_tree("apps/stores/two", "web").files] == sorted(two)

    (root / "apps/web/comp/b.ts").write_text("b, edited")
    (root / "apps/web/comp/d.ts").write_text("d")
    ws2, _changes = ws.update([root / "apps/web/comp/b.ts", root / "apps/web/comp/d.ts"])
    again = {e.path: e for e in ws2.effective_tree("apps/stores/one", "web").files}
    assert "comp/d.ts" in again and again["comp/d.ts"].status is Status.INHERITED
    assert again["comp/b.ts"] is not one["comp/b.ts"]  # a new base listing: new entries
    assert {e.path: e for e in ws.effective_tree("apps/stores/one", "web").files}["comp/b.ts"] is one["comp/b.ts"]
