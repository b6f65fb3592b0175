"""The store graph's layout, shared by the HTML report and the app."""

from __future__ import annotations

import math

import networkx as nx
from storelayers.resolver.graphlayout import RADIAL_FROM, is_radial, radial_layout, tree_layout
from storelayers.resolver.model import BASE


def tree(n_top: int, kids: int) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_node(BASE)
    for i in range(n_top):
        top = f"s{i:03d}"
        g.add_node(top, id=top)
        g.add_edge(BASE, top)
        for j in range(kids):
            k = f"{top}/c{j}"
            g.add_node(k, id=f"c{i}-{j}")
            g.add_edge(top, k)
    return g


def test_tidy_tree_puts_parents_over_their_children():
    g = tree(3, 2)
    pos = tree_layout(g)
    assert pos[BASE][1] == 0 and pos["s000"][1] == 1 and pos["s000/c0"][1] == 2
    leaves = sorted(x for k, (x, y) in pos.items() if not list(g.successors(k)))
    assert leaves == [0, 1, 2, 3, 4, 5]
    assert pos["s001"][0] == (pos["s001/c0"][0] + pos["s001/c1"][0]) / 2
    assert not is_radial(g)


def test_radial_layout_puts_every_leaf_on_the_outer_circle():
    g = tree(RADIAL_FROM, 1)
    assert is_radial(g)
    pos = radial_layout(g)
    assert pos[BASE] == (0.0, 0.0)
    for k in g.nodes:
        r = math.hypot(*pos[k])
        if k == BASE:
            continue
        assert math.isclose(r, 1.0 if not list(g.successors(k)) else 0.5)
