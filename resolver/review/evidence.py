"""The evidence a report shows beside its findings: line diffs read and computed here, in the review
step, so the HTML renderer only lays out data it is given (it reads no file, diffs nothing).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from storelayers.resolver import fsio
from storelayers.resolver.diffstat import DiffLine, lines_of, unified
from storelayers.resolver.review.findings import Review
from storelayers.resolver.workspace import Workspace

if TYPE_CHECKING:
    import networkx as nx

SHOWN = 100  # findings of a list shown with their diffs
FindingKey = tuple[str, str, str]  # (store key, app, path)


@dataclass(frozen=True)
class Evidence:
    """Diffs for the first findings of each list, and the store graph. A diff is None when the
    files are binary or unreadable."""

    graph: nx.DiGraph
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
    return Evidence(ws.graph, MappingProxyType(stale), MappingProxyType(cosmetic))
