"""resolver.memo.Memo: remembered answers, forgotten least recently used first beyond a limit or
a budget of weight."""

from __future__ import annotations

from storelayers.resolver import load
from storelayers.resolver.memo import Memo
from storelayers.resolver.workspace import MAX_CACHED_FILES

from tests.wsbuilder import build


def test_a_limited_memo_forgets_the_least_recently_used_first() -> None:
    m: Memo[str, int] = Memo(2)
    m.put("a", 1)
    m.put("b", 2)
    assert m.get("a") == 1  # a is now the most recent
    m.put("c", 3)
    assert m.copy() == {"a": 1, "c": 3}


def test_a_budget_of_weight_forgets_beyond_it_and_keeps_the_newest_whatever_it_weighs() -> None:
    m: Memo[str, str] = Memo(10, weigh=len, budget=6)
    m.put("a", "xx")
    m.put("b", "yyy")
    assert len(m) == 2  # 5 of 6
    m.put("c", "zz")  # 7: a goes
    assert m.copy() == {"b": "yyy", "c": "zz"}
    m.put("big", "w" * 50)  # over the budget alone: kept, the rest forgotten
    assert m.copy() == {"big": "w" * 50}
    m.put_many({"d": "d", "e": "e"})
    assert m.copy() == {"d": "d", "e": "e"}
    m.put("d", "other")  # already there: the first answer stays, the weight is not counted twice
    assert m.get("d") == "d"
    m.put("f", "ffff")
    assert m.copy() == {"d": "d", "e": "e", "f": "ffff"}


def test_a_memo_started_from_answers_over_its_budget_keeps_what_fits() -> None:
    m: Memo[str, str] = Memo(10, {"a": "aaaa", "b": "bbbb", "c": "cc"}, weigh=len, budget=6)
    assert m.copy() == {"b": "bbbb", "c": "cc"}


def test_a_snapshot_remembers_trees_up_to_its_budget_of_files(tmp_path, monkeypatch) -> None:
    from storelayers.resolver import workspace

    stores = {f"s{i}": {"web": {f"own{i}.ts": "x"}} for i in range(6)}
    root = build(tmp_path / "ws", {"apps": {"web": {f"f{n}.ts": str(n) for n in range(20)}, "stores": stores}})
    monkeypatch.setattr(workspace, "MAX_CACHED_FILES", 50)  # two trees of 21 files
    ws = load(root)
    trees = [ws.effective_tree(k, "web") for k in ws.stores]
    kept, _counts = ws.remembered()
    assert sorted(kept) == [("apps/stores/s4", "web"), ("apps/stores/s5", "web")]
    assert all(len(t.files) == 21 for t in trees)
    assert MAX_CACHED_FILES >= 60_000  # at least what the window's own tree cache keeps
