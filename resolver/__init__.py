"""Store Layers' engine: how an Alokai Multistore workspace resolves, without any GUI.

The public functions here are what the command line and the desktop app both call.
"""

from __future__ import annotations

from storelayers.resolver.errors import (
    BadConfigError,
    GitError,
    StoreLayersError,
    UnknownAppError,
    UnknownStoreError,
    WorkspaceError,
    WriteRefused,
)
from storelayers.resolver.loading import check_workspace
from storelayers.resolver.model import (
    BASE,
    Affected,
    AppCounts,
    ChainLink,
    ChangeSet,
    Diagnostic,
    EffectiveFile,
    EffectiveTree,
    EntryChange,
    Explanation,
    IgnoreDecision,
    Kind,
    Level,
    Options,
    Status,
    Store,
    StoreStats,
)
from storelayers.resolver.workspace import Workspace, load

__all__ = [
    "BASE",
    "Affected",
    "AppCounts",
    "BadConfigError",
    "ChainLink",
    "ChangeSet",
    "Diagnostic",
    "EffectiveFile",
    "EffectiveTree",
    "EntryChange",
    "Explanation",
    "GitError",
    "IgnoreDecision",
    "Kind",
    "Level",
    "Options",
    "Status",
    "Store",
    "StoreLayersError",
    "StoreStats",
    "UnknownAppError",
    "UnknownStoreError",
    "Workspace",
    "WorkspaceError",
    "WriteRefused",
    "check_workspace",
    "load",
    "stores",
    "effective_tree",
    "explain",
    "stats",
]


def stores(ws: Workspace) -> tuple[Store, ...]:
    """Every store, parents before children, siblings by id."""
    return tuple(ws.stores.values())


def effective_tree(ws: Workspace, store: str, app: str) -> EffectiveTree:
    """The files a store gets for an app, each with its winning layer, status and chain."""
    return ws.effective_tree(store, app)


def explain(ws: Workspace, store: str, app: str, path: str) -> Explanation:
    """The cascade of layers behind one path of one store."""
    return ws.explain(store, app, path)


def stats(ws: Workspace) -> tuple[StoreStats, ...]:
    """Per-store, per-app status counts."""
    return ws.stats()
