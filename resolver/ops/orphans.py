"""Orphaned overrides (F2) and their repair: follow the base file's rename, or remove the copy.

The orphans are the review's (`review.orphans.find_orphans`, SPEC F2: one definition), found from
the history read here once (one `git log`, one `git cat-file --batch`, one rename-aware `git log`
over the removing commits).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from storelayers.resolver import fsio, git
from storelayers.resolver.errors import GitError
from storelayers.resolver.ops.plan import Blocked, Effect, Plan, Remove, Write, content_digest
from storelayers.resolver.ops.repairs import RepairError, effects, layer_dir, read_layer_file
from storelayers.resolver.review import orphans as review_orphans
from storelayers.resolver.review.divergence import blast_radius
from storelayers.resolver.words import plural
from storelayers.resolver.workspace import Workspace


@dataclass(frozen=True)
class Orphan:
    """A store's file whose hidden file went away (F2)."""

    store: str  # store key
    store_id: str
    app: str
    path: str
    source: str  # workspace-relative path of the store's file
    hidden_layer: str | None  # store key of the layer that had the file, None for base
    hidden_source: str  # where that file was
    removed_by: git.Commit | None  # the commit that deleted or renamed it (None: not committed)
    new_source: str | None  # workspace-relative path it was renamed to, when git found a rename


def find_orphans(ws: Workspace, store: str | None = None) -> tuple[Orphan, ...]:
    """Orphaned files of one store (or all), as the review finds them. RepairError when git history
    cannot be read."""
    root = ws.root
    try:
        prefix = git.repo_prefix(root)
        hist = git.read_history(root)
    except GitError as exc:
        raise RepairError(f"orphans are found from git history, which cannot be read: {exc}") from None
    if hist.shallow:
        raise RepairError("this is a shallow clone: its history is cut off, so orphans cannot be found")
    if not hist.commits:
        return ()
    skey = ws.store(store).key if store else None
    try:
        found = review_orphans.find_orphans(ws, hist, prefix, lambda k, app, path: blast_radius(ws, k, app, path))
    except GitError as exc:
        raise RepairError(f"cannot read old versions from git: {exc}") from None
    out = []
    for f in found:
        if skey is not None and f.store != skey:
            continue
        layer = next((k for k in ws.chain(f.store)[1:] if ws.source(k, f.app, f.path) == f.removed_source), None)
        out.append(
            Orphan(
                f.store, f.store_id, f.app, f.path, f.source, layer, f.removed_source, f.removed_commit, f.renamed_to
            )
        )
    return tuple(out)


def _new_place(ws: Workspace, o: Orphan) -> tuple[str, str] | None:
    """(app, path) of the renamed file inside the same layer, None when it left the layer."""
    if o.new_source is None:
        return None
    for app in ws.apps:
        prefix = layer_dir(ws, o.hidden_layer, app) + "/"
        if o.new_source.startswith(prefix):
            return app, o.new_source[len(prefix) :]
    return None


def plan_orphans(
    ws: Workspace, store: str | None = None, only: Collection[str] | None = None, follow_renames: bool = True
) -> Plan:
    """Move each orphan to its hidden file's new path when git found a rename, else remove it.

    With `only`, just the orphans at these workspace-relative paths; without `follow_renames`, each
    is removed even when its hidden file was renamed (the person chose Remove)."""
    writes: list[Write] = []
    removals: list[Remove] = []
    blocked: list[Blocked] = []
    found: list[Effect] = []
    notes: list[str] = []
    for o in find_orphans(ws, store):
        if only is not None and o.source not in only:
            continue
        data = read_layer_file(ws, o.source)
        when = f"{o.removed_by.sha[:10]} {o.removed_by.subject!r}" if o.removed_by else "a change not committed yet"
        place = _new_place(ws, o) if follow_renames else None
        where = layer_dir(ws, o.store, o.app)
        if place is not None:
            app2, path2 = place
            target = ws.source(o.store, app2, path2)
            if ws.key(path2) in ws.layer(o.store, app2).files or ws.key(path2) in ws.layer(o.store, app2).folders:
                blocked.append(
                    Blocked(o.source, f"{o.hidden_source} was renamed to {o.new_source}, but {target} exists")
                )
                continue
            writes.append(
                Write(
                    target,
                    layer_dir(ws, o.store, app2),
                    data,
                    content_digest(data),
                    None,
                    f"orphaned (F2): {o.hidden_source} was renamed to {o.new_source} in {when}; "
                    "the override follows it (it is probably stale now: run `fix rebase`)",
                )
            )
            removals.append(Remove(o.source, where, content_digest(data), f"moved to {target}"))
            found += effects(ws, app2, path2, {o.store: data})
        else:
            if o.new_source and follow_renames:
                gone = "renamed out of its layer"
            else:
                gone = f"renamed to {o.new_source}" if o.new_source else "deleted"
            removals.append(
                Remove(o.source, where, content_digest(data), f"orphaned (F2): {o.hidden_source} was {gone} in {when}")
            )
        found += effects(ws, o.app, o.path, {o.store: None})
    title = f"repair {plural(len(removals), 'orphaned override')}"
    if store:
        title += f" of {ws.store(store).id}"
    return Plan(
        "orphans",
        fsio.real_path(str(ws.root)),
        title,
        tuple(writes),
        tuple(removals),
        tuple(blocked),
        tuple(found),
        tuple(notes),
    )
