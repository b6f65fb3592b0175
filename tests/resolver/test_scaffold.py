"""resolver.scaffold: valid targets only, copies that never overwrite, removal fallbacks, undo."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from storelayers import resolver
from storelayers.resolver.errors import WriteRefused
from storelayers.resolver.ops import scaffold

from tests.wsbuilder import store


@pytest.fixture
def ws(make_ws):
    root = make_ws(
        {
            "alokai.config.json": {"stores": {"s1": {}, "s2": {"ignorePaths": ["secret/**"]}}},
            "apps": {
                "web": {
                    "package.json": "{}",
                    "a.ts": "base a\n",
                    "deep": {"x.ts": "x\n"},
                    "secret": {"k.ts": "k\n"},
                },
                "stores": {
                    "s1": store(
                        {"web": {"a.ts": "s1 a\n"}},
                        {"s2": store({"web": {"only.ts": "mine\n"}}), "s3": store({"web": {"a.ts": "s3\n"}})},
                    ),
                },
            },
        }
    )
    return resolver.load(root)


def _trash_into(folder: Path):
    def trash(p: Path) -> str:
        folder.mkdir(exist_ok=True)
        dest = folder / p.name
        shutil.move(str(p), dest)
        return str(dest)

    return trash


def test_targets_offer_only_the_chain_and_explain_the_rest(ws) -> None:
    targets = scaffold.override_targets(ws, "s2", "web", "a.ts")
    assert [t.store_id for t in targets] == ["s2", "s1"]  # never the base
    assert targets[0].valid and targets[0].destination == "apps/stores/s1/stores/s2/web/a.ts"
    assert not targets[1].valid and "already has" in targets[1].reason
    deep = scaffold.override_targets(ws, "s2", "web", "deep/x.ts")
    assert all(t.valid for t in deep)


def test_rule_9_package_json_is_refused_with_the_reason(ws) -> None:
    targets = scaffold.override_targets(ws, "s1", "web", "package.json")
    assert not any(t.valid for t in targets)
    assert "rule 9" in targets[0].reason
    with pytest.raises(WriteRefused, match="rule 9"):
        scaffold.plan_override(ws, "s1", "web", "package.json")


def test_ignored_path_is_refused(ws) -> None:
    targets = scaffold.override_targets(ws, "s2", "web", "secret/k.ts")
    assert not targets[0].valid and "ignored" in targets[0].reason and "secret/**" in targets[0].reason


def test_target_farther_than_winner_is_refused(ws) -> None:
    targets = scaffold.override_targets(ws, "s3", "web", "a.ts")
    assert [t.valid for t in targets] == [False, False]


def test_override_copies_the_winner_and_never_overwrites(ws) -> None:
    plan = scaffold.plan_override(ws, "s2", "web", "deep/x.ts")
    assert plan.source == "apps/web/deep/x.ts"
    rec = scaffold.write_override(plan)
    assert plan.destination_abs.read_text() == "x\n"
    assert rec.kind == "override"
    with pytest.raises(WriteRefused):
        scaffold.copy_new_file(plan.source_abs, plan.destination_abs)
    new_ws, _ = ws.update([plan.destination_abs])
    assert new_ws.entry(plan.store_key, "web", "deep/x.ts")[0].status.value == "redundant"
    leftovers = [p.name for p in plan.destination_abs.parent.iterdir()]
    assert leftovers == ["x.ts"]  # no temporary file left behind


def test_plan_override_into_a_parent(ws) -> None:
    plan = scaffold.plan_override(ws, "s2", "web", "deep/x.ts", target="s1")
    assert plan.destination == "apps/stores/s1/web/deep/x.ts"


def test_removal_plan_says_what_each_store_gets(ws) -> None:
    plan = scaffold.plan_removal(ws, "s1", "web", "a.ts")
    got = {f.store_id: (f.before.layer, f.after.layer) for f in plan.fallbacks}
    assert got == {"s1": ("s1", "base"), "s2": ("s1", "base")}  # s3 keeps its own copy
    assert "base" in plan.fallbacks[0].describe()
    added = scaffold.plan_removal(ws, "s2", "web", "only.ts")
    assert added.fallbacks[0].after is None
    with pytest.raises(WriteRefused):
        scaffold.plan_removal(ws, "s2", "web", "a.ts")


def test_remove_then_undo_restores_the_file(ws, tmp_path: Path) -> None:
    trash = _trash_into(tmp_path / "trash")
    plan = scaffold.plan_removal(ws, "s1", "web", "a.ts")
    rec = scaffold.remove_file(plan, trash)
    assert not plan.source_abs.exists()
    back = scaffold.undo(rec, trash)
    assert plan.source_abs.read_text() == "s1 a\n"
    assert back.kind == "override"


def test_undo_of_an_override_moves_it_to_the_trash(ws, tmp_path: Path) -> None:
    trash = _trash_into(tmp_path / "trash")
    rec = scaffold.write_override(scaffold.plan_override(ws, "s2", "web", "a.ts"))
    scaffold.undo(rec, trash)
    assert not rec.path_abs.exists()
    assert (tmp_path / "trash" / "a.ts").read_text() == "s1 a\n"


def test_move_back_refuses_to_replace(tmp_path: Path) -> None:
    a = tmp_path / "a"
    b = tmp_path / "b"
    a.write_text("1")
    b.write_text("2")
    with pytest.raises(WriteRefused):
        scaffold.move_back(a, b)
    assert b.read_text() == "2"
