"""What a snapshot is made of: the state read from disk, and the answers a next snapshot may keep.

`loading` reads a `Snapshot` from disk, `incremental` builds the next one from it and the paths
that changed, and `Workspace` answers questions about one. These are plain frozen values: nothing
here reads the disk or resolves anything, so every room of the engine can import them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from storelayers.resolver.cascade import Chain
from storelayers.resolver.config import Config
from storelayers.resolver.content import DigestCache
from storelayers.resolver.model import Diagnostic, EffectiveTree, Options, Store
from storelayers.resolver.scan import LayerListing

LayerKey = tuple[str | None, str]
"""(store key, or None for a base app; app name)."""

Pair = tuple[str, str]
"""(store key, app): one effective tree."""


@dataclass(frozen=True)
class Snapshot:
    """One reading of a workspace: everything its answers are derived from."""

    root: Path  # absolute, without ".."
    options: Options
    apps: tuple[str, ...]
    stores: Mapping[str, Store]  # by key, parents before children
    config: Config
    layers: Mapping[LayerKey, LayerListing]  # only the layers that exist (a base app always)
    structure_diagnostics: tuple[Diagnostic, ...]
    case_sensitive: bool
    digests: DigestCache  # shared by the snapshots of one workspace


def _empty() -> Mapping[str, frozenset[str]]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Carried:
    """Answers a derived snapshot takes over from the one it was built from, known to still hold.

    `incremental` decides what still holds; `Workspace.derive` only stores it."""

    trees: Mapping[Pair, EffectiveTree] = field(default_factory=dict)
    conflict_keys: Mapping[str, frozenset[str]] = field(default_factory=_empty)  # by app
    owners: Mapping[str, Mapping[str, frozenset[str]]] = field(default_factory=dict)  # by app
    link_layers: tuple[LayerKey, ...] | None = None
    chains: Mapping[Pair, Chain] = field(default_factory=dict)  # cascades over layers that did not change
