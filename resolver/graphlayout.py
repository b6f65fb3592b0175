"""Where to draw each store of the inheritance graph: a tidy tree, or a radial one for big workspaces.

Shared by the HTML report's SVG and the app's graph view, so both draw the same picture.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from storelayers.resolver.model import BASE


class TreeGraph(Protocol):
    """What the layouts read of a store tree: `networkx.DiGraph`'s reading API (`Workspace.graph`
    is one; the report's `review.evidence.StoreTree` is another, without importing networkx)."""

    @property
    def nodes(self) -> Mapping[str, Mapping[str, Any]]: ...  # node -> its attributes, in insertion order

    def successors(self, node: str) -> Iterable[str]: ...
    def edges(self) -> Iterable[tuple[str, str]]: ...
    def number_of_nodes(self) -> int: ...


RADIAL_FROM = 40
"""Trees with more stores than this are drawn radially (leaves around a circle)."""


def tree_layout(graph: TreeGraph) -> dict[str, tuple[float, float]]:
    """Tidy tree positions: x in leaf slots (leaves one apart), y = depth (base at 0)."""
    pos: dict[str, tuple[float, float]] = {}
    depth = {BASE: 0}
    queue = deque([BASE])  # breadth first from the base, each node reached once (networkx's bfs_edges)
    while queue:
        parent = queue.popleft()
        for child in graph.successors(parent):
            if child not in depth:
                depth[child] = depth[parent] + 1
                queue.append(child)
    next_leaf = 0.0

    def order(node: str) -> list[str]:
        return sorted(graph.successors(node), key=lambda k: (graph.nodes[k].get("id", k), k))

    stack: list[tuple[str, bool]] = [(BASE, False)]
    while stack:
        node, done = stack.pop()
        kids = order(node)
        if not kids:
            pos[node] = (next_leaf, float(depth[node]))
            next_leaf += 1.0
        elif done:
            xs = [pos[k][0] for k in kids]
            pos[node] = ((xs[0] + xs[-1]) / 2.0, float(depth[node]))
        else:
            stack.append((node, True))
            for k in reversed(kids):
                stack.append((k, False))
    return pos


def radial_layout(graph: TreeGraph) -> dict[str, tuple[float, float]]:
    """Radial tree positions in the unit disc: every leaf on the outer circle, evenly spaced (so
    labels never pile up near the centre), inner stores at their depth; colour tells the depth."""
    pos = tree_layout(graph)
    leaves = max(1.0, max(x for x, _ in pos.values()) + 1.0)
    top = max(1.0, *(y for _, y in pos.values()))
    out = {}
    for node, (x, y) in pos.items():
        a = 2.0 * math.pi * (x + 0.5) / leaves
        r = 1.0 if not any(True for _ in graph.successors(node)) else y / top
        out[node] = (r * math.cos(a), r * math.sin(a))
    return out


def is_radial(graph: TreeGraph) -> bool:
    """True when the tree is drawn radially."""
    return graph.number_of_nodes() - 1 > RADIAL_FROM


BADGE_KEY = "ov\u00a0overrides, stale, =\u00a0redundant"  # no line break inside a pair
"""What a node's badges say, for a legend or hint (the tree's folder summaries write '=2' too)."""


def node_badges(overrides: int, stale: int, redundant: int) -> list[tuple[str, str]]:
    """The badges under a store's node, in the app's graph and the report's alike: (what it counts,
    its text), the counts of zero left out but the overrides'. Redundant is '=' and its count, the
    tree's glyph ('2 red' read as a colour)."""
    badges = [("override", f"{overrides} ov")]
    if stale:
        badges.append(("stale", f"{stale} stale"))
    if redundant:
        badges.append(("redundant", f"={redundant}"))
    return badges
