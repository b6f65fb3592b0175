"""The evidence a report shows beside its findings: line diffs read and computed here, in the review
step, so the HTML renderer only lays out data it is given (it reads no file, diffs nothing).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from storelayers.resolver import fsio
from storelayers.resolver.diffstat import DiffLine, lines_of, unified
from storelayers.resolver.graphlayout import TreeGraph
from storelayers.resolver.model import BASE
from storelayers.resolver.review.findings import Review
from storelayers.resolver.workspace import Workspace

SHOWN = 100  # findings of a list shown with their diffs
FindingKey = tuple[str, str, str]  # (store key, app, path)


class StoreTree:
    """The store tree the report draws: `Workspace.graph` (BASE -> top-level stores -> children,
    nodes with `id`, `kind`, `depth`) built the same way and read through the same calls
    (`nodes`, `successors`, `edges`, `number_of_nodes`, in networkx's orders), without importing
    networkx, which costs a command-line report some 0.13 s of CPU for a drawing it never needs."""

    def __init__(self, ws: Workspace) -> None:
        nodes: dict[str, dict[str, Any]] = {}
        kids: dict[str, list[str]] = {}

        def add(node: str) -> dict[str, Any]:  # networkx's add_node and add_edge: a node keeps its first place
            if node not in nodes:
                nodes[node] = {}
                kids[node] = []
            return nodes[node]

        add(BASE)
        for s in ws.stores.values():
            add(s.key).update(id=s.id, kind=s.kind.value, depth=s.depth)
            parent = s.parent or BASE
            add(parent)
            if s.key not in kids[parent]:
                kids[parent].append(s.key)
        self._nodes = nodes
        self._kids = kids

    @property
    def nodes(self) -> Mapping[str, Mapping[str, Any]]:
        return MappingProxyType(self._nodes)

    def successors(self, node: str) -> Iterator[str]:
        return iter(self._kids[node])

    def edges(self) -> list[tuple[str, str]]:
        return [(a, b) for a, bs in self._kids.items() for b in bs]

    def number_of_nodes(self) -> int:
        return len(self._nodes)


@dataclass(frozen=True)
class Evidence:
    """Diffs for the first findings of each list, and the store graph. A diff is None when the
    files are binary or unreadable."""

    graph: TreeGraph
    stale: Mapping[FindingKey, tuple[DiffLine, ...] | None] = field(default_factory=dict)  # parent then -> now
    cosmetic: Mapping[FindingKey, tuple[DiffLine, ...] | None] = field(default_factory=dict)  # hidden -> override


def _lines(ws: Workspace, rel: str) -> list[str] | None:
    try:
        return lines_of(fsio.read_bytes(str(ws.root / rel)))
    except OSError:
        return None


def report_evidence(ws: Workspace, rv: Review, shown: int = SHOWN) -> Evidence:
    """Read and diff what the report shows for the first `shown` stale and cosmetic findings."""
    stale: dict[FindingKey, tuple[DiffLine, ...] | None] = {}
    for f in rv.stale[:shown]:
        o = f.override
        then = lines_of(f.parent_then) if f.parent_then is not None else []
        now = _lines(ws, o.hidden_source)
        stale[(o.store, o.app, o.path)] = None if then is None or now is None else unified(then, now, limit=200)
    cosmetic: dict[FindingKey, tuple[DiffLine, ...] | None] = {}
    for g in rv.cosmetic[:shown]:
        o = g.override
        a, b = _lines(ws, o.hidden_source), _lines(ws, o.source)
        cosmetic[(o.store, o.app, o.path)] = None if a is None or b is None else unified(a, b, limit=120)
    return Evidence(StoreTree(ws), MappingProxyType(stale), MappingProxyType(cosmetic))
