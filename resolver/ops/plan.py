"""A repair as plain data: the files it writes and removes, and what each must still be when applied.

A `Plan` is computed by `storelayers.resolver.ops.repairs` from a workspace snapshot and touches
nothing; the CLI prints it, the app previews it, tests check it. `storelayers.resolver.ops.applying`
applies one all-or-nothing. Every path is workspace-relative (POSIX separators) and lies in a layer.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from storelayers.resolver import fsio


def content_digest(data: bytes) -> str:
    """The digest a plan records for exact contents (SHA-256, hex): byte for byte, no normalising."""
    return hashlib.sha256(data).hexdigest()


def file_digest(abs_path: str) -> str | None:
    """The digest of a file as it is now, None when there is no file there (OSError when unreadable)."""
    try:
        data = fsio.read_bytes(abs_path)
    except FileNotFoundError:
        return None
    return content_digest(data)


@dataclass(frozen=True)
class Write:
    """Write `content` at `path`. `expect` is the digest the file must still have, None: must not exist."""

    path: str  # workspace-relative
    layer: str  # workspace-relative folder of the layer that holds it
    content: bytes = field(repr=False)
    digest: str  # of `content`
    expect: str | None
    reason: str
    diff: str = ""  # a unified diff of the file before and after, when it exists now

    def to_json(self) -> dict[str, Any]:
        return {
            "action": "write",
            "path": self.path,
            "layer": self.layer,
            "digest": self.digest,
            "bytes": len(self.content),
            "expect": self.expect,
            "reason": self.reason,
            "diff": self.diff,
        }


@dataclass(frozen=True)
class Remove:
    """Remove the file at `path` (to the trash, else the app's backup); it must still have `expect`."""

    path: str
    layer: str
    expect: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "action": "remove",
            "path": self.path,
            "layer": self.layer,
            "expect": self.expect,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Blocked:
    """An item that cannot be repaired automatically (a merge conflict, a change that is not safe)."""

    path: str
    reason: str
    conflicts: int = 0  # conflicting hunks of a three-way merge
    merged: bytes = field(default=b"", repr=False)  # the merge with its conflict markers

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "reason": self.reason}
        if self.conflicts:
            out["conflicts"] = self.conflicts
            out["merged"] = self.merged.decode("utf-8", "replace")  # with conflict markers, for a person to finish
        return out


@dataclass(frozen=True)
class Effect:
    """What one store gets at one path after the plan, against what it gets now."""

    store: str  # store id
    app: str
    path: str  # relative to the app folder
    now: str  # layer id of today's winner ("" when the store gets no such file)
    then: str  # layer id of the winner after the plan ("" when the store will get none)
    same: bool  # equal after rule 6's normalisation
    deployable: bool
    lines: tuple[int, ...] = ()  # for a change: the line numbers (after the plan) that differ, first few

    def to_json(self) -> dict[str, Any]:
        return {
            "store": self.store,
            "app": self.app,
            "path": self.path,
            "now": self.now or None,
            "then": self.then or None,
            "unchanged": self.same,
            "deployable": self.deployable,
            "lines": list(self.lines),
        }


@dataclass(frozen=True)
class Plan:
    """One repair: files to write and remove, items that cannot be done, and their effects on stores."""

    kind: str  # "rebase", "cleanup", "move-up", "orphans", "undo", "redo"
    root: str  # the workspace folder's real path
    title: str
    writes: tuple[Write, ...] = ()
    removals: tuple[Remove, ...] = ()
    blocked: tuple[Blocked, ...] = ()
    effects: tuple[Effect, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.writes and not self.removals

    @property
    def complete(self) -> bool:
        """True when every item found can be applied (nothing blocked)."""
        return not self.blocked

    def paths(self) -> tuple[str, ...]:
        return tuple(w.path for w in self.writes) + tuple(r.path for r in self.removals)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "workspace": self.root,
            "title": self.title,
            "writes": [w.to_json() for w in self.writes],
            "removals": [r.to_json() for r in self.removals],
            "blocked": [b.to_json() for b in self.blocked],
            "effects": [e.to_json() for e in self.effects],
            "notes": list(self.notes),
        }
