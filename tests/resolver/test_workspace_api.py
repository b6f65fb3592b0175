"""The snapshot's public helpers: load progress, what-if removal, descendants, the store graph."""

from __future__ import annotations

from storelayers.resolver import BASE, Status, load

from tests.wsbuilder import store

WEB = "web"


def _ws(make_ws):
    return load(
        make_ws(
            {
                "apps": {
                    WEB: {"a.ts": "base"},
                    "api": {},
                    "stores": {"p": store({WEB: {"a.ts": "p"}}, {"k": store(), "j": store({WEB: {"a.ts": "j"}})})},
                }
            }
        )
    )


def test_load_reports_progress_up_to_the_total(make_ws):
    seen = []
    root = _ws(make_ws).root
    load(root, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (8, 8)  # 2 apps x (3 stores + base)
    assert [d for d, _ in seen] == list(range(1, 9))


def test_without_file_shows_what_each_store_falls_back_to(make_ws):
    ws = _ws(make_ws)
    after = ws.without_file("p", WEB, "a.ts")
    assert ws.effective_tree("k", WEB).by_path()["a.ts"].layer == "p"
    assert after.effective_tree("k", WEB).by_path()["a.ts"].layer == BASE
    assert after.effective_tree("j", WEB).by_path()["a.ts"].status is Status.OVERRIDE
    assert ws.without_file("p", WEB, "missing.ts") is ws


def test_descendants_and_graph(make_ws):
    ws = _ws(make_ws)
    p = ws.store("p").key
    assert sorted(ws.stores[k].id for k in ws.descendants(p)) == ["j", "k", "p"]
    assert len(ws.descendants(None)) == 3
    assert sorted(ws.stores[k].id for k in ws.graph.successors(p)) == ["j", "k"]
    assert [s.id for s in ws.children(None)] == ["p"]


def test_a_workspace_path_with_dots_reads_the_same(make_ws):
    ws = _ws(make_ws)
    dotted = load(ws.root / "apps" / ".." / "apps" / "..")
    assert dotted.root == ws.root
    assert dotted.effective_tree("k", WEB) == ws.effective_tree("k", WEB)
