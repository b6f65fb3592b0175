"""The report draws the store tree from `StoreTree`, a networkx-free copy of `Workspace.graph`: it
must hold the same nodes, attributes and edges in the same orders, so the drawing is the one the
app's graph view (which takes `Workspace.graph`) lays out."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from storelayers import resolver
from storelayers.resolver.graphlayout import is_radial, tree_layout
from storelayers.resolver.model import BASE
from storelayers.resolver.report.svg import graph_svg
from storelayers.resolver.review.divergence import review
from storelayers.resolver.review.evidence import StoreTree

from benchmarks.make_workspace import generate
from tests.conftest import DEMO


@pytest.fixture(scope="module")
def radial_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("radial") / "ws", stores=45, base_files=12, seed=5)


@pytest.mark.parametrize("which", ["demo", "radial"])
def test_report_store_tree_is_the_workspace_graph(which: str, radial_root: Path) -> None:
    ws = resolver.load(DEMO if which == "demo" else radial_root)
    g, t = ws.graph, StoreTree(ws)
    assert is_radial(t) == (which == "radial")
    assert list(t.nodes) == list(g.nodes)
    assert {n: dict(t.nodes[n]) for n in t.nodes} == {n: dict(g.nodes[n]) for n in g.nodes}
    assert list(t.edges()) == list(g.edges())
    assert t.number_of_nodes() == g.number_of_nodes()
    for n in g.nodes:
        assert list(t.successors(n)) == list(g.successors(n))
    rv = review(ws)
    assert graph_svg(rv, t) == graph_svg(rv, g)


def test_tree_layout_depth_is_the_distance_from_the_base(radial_root: Path) -> None:
    g = resolver.load(radial_root).graph
    pos = tree_layout(g)
    assert {n: int(y) for n, (_, y) in pos.items()} == nx.single_source_shortest_path_length(g, BASE)
