"""Rebase stale overrides (F1): bring the hidden file's newer changes into the override.

A three-way merge by git's own machinery (`git merge-file`, hardened like every git call): the
hidden file as it was at the override's last commit is the common version, the override keeps the
store's changes, the hidden file now brings the parent's. A clean merge is a write; a conflicting
one is reported with its conflicts and never written.
"""

from __future__ import annotations

from storelayers.resolver import fsio, git
from storelayers.resolver.errors import GitError
from storelayers.resolver.ops.plan import Blocked, Effect, Plan, Write, content_digest
from storelayers.resolver.ops.repairs import RepairError, effects, layer_dir, read_layer_file, unified_diff
from storelayers.resolver.review.divergence import stale_overrides
from storelayers.resolver.review.findings import ReviewOptions, StaleOverride
from storelayers.resolver.words import plural
from storelayers.resolver.workspace import Workspace


def plan_rebase(ws: Workspace, store: str | None = None, app: str | None = None, path: str | None = None) -> Plan:
    """Rebase every stale override (of one store, and/or at one APP/PATH) onto what it hides now.

    RepairError when staleness cannot be known (no repository, a shallow clone, no git)."""
    skey = ws.store(store).key if store else None
    if app is not None:
        ws.check_app(app)
    found_stale = stale_overrides(ws, ReviewOptions(hotspot_min_stores=2))
    if not found_stale.known:
        raise RepairError(f"cannot rebase: {found_stale.note}")
    wanted = [
        f
        for f in found_stale.stale
        if (skey is None or f.override.store == skey)
        and (app is None or f.override.app == app)
        and (path is None or ws.key(f.override.path) == ws.key(path.strip("/")))
    ]
    writes: list[Write] = []
    blocked: list[Blocked] = []
    found: list[Effect] = []
    notes: list[str] = []
    inputs = [_merge_input(ws, f) for f in wanted]
    merged = iter(git.merge_files([m for m in inputs if not isinstance(m, Blocked)]))
    for f, m in zip(wanted, inputs, strict=True):
        item = m if isinstance(m, Blocked) else _merged(ws, f, m[1], next(merged))
        if isinstance(item, Write):
            writes.append(item)
            found += effects(ws, f.override.app, f.override.path, {f.override.store: item.content})
        elif isinstance(item, Blocked):
            blocked.append(item)
        else:
            notes.append(item)
    if path is not None and not wanted:
        notes.append(f"{app}/{path} is not a stale override" + (f" of {ws.stores[skey].id}" if skey else ""))
    title = f"rebase {plural(len(writes), 'stale override')}" + (f" of {ws.stores[skey].id}" if skey else "")
    return Plan(
        "rebase",
        fsio.real_path(str(ws.root)),
        title,
        tuple(writes),
        (),
        tuple(blocked),
        tuple(found),
        tuple(notes),
    )


def rebase_one(ws: Workspace, finding: StaleOverride) -> Write | Blocked | str:
    """The merge of one stale override: a write, a blocked conflict, or a note when nothing changes."""
    m = _merge_input(ws, finding)
    if isinstance(m, Blocked):
        return m
    return _merged(ws, finding, m[1], git.merge_files([m])[0])


def _merge_input(ws: Workspace, finding: StaleOverride) -> git.MergeInput | Blocked:
    """(the hidden file then, the override, the hidden file now, labels) for `git.merge_files`."""
    o = finding.override
    then = finding.parent_then
    if then is None:
        return Blocked(
            o.source, f"{o.hidden_source} did not exist at the override's last commit: nothing to merge from"
        )
    mine = read_layer_file(ws, o.source)
    now = read_layer_file(ws, o.hidden_source)
    labels = (f"{o.store_id} ({o.source})", f"{o.hidden_layer} then", f"{o.hidden_layer} now ({o.hidden_source})")
    return then, mine, now, labels


def _merged(
    ws: Workspace, finding: StaleOverride, mine: bytes, result: tuple[bytes, int] | GitError
) -> Write | Blocked | str:
    o = finding.override
    if isinstance(result, GitError):
        return Blocked(o.source, f"git cannot merge it: {result}")
    merged, conflicts = result
    if conflicts:
        return Blocked(
            o.source,
            f"{plural(conflicts, 'conflict')} merging {o.hidden_layer}'s {plural(finding.commits_behind, 'newer commit')}; "
            "resolve them by hand (or in the app's merge view)",
            conflicts,
            merged,
        )
    if merged == mine:
        return f"{o.source}: already holds {o.hidden_layer}'s newer changes"
    commits = finding.commits_behind
    return Write(
        o.source,
        layer_dir(ws, o.store, o.app),
        merged,
        content_digest(merged),
        content_digest(mine),
        f"stale (F1): {o.hidden_layer}'s {plural(commits, 'newer commit')} merged in, the store's own changes kept",
        unified_diff(o.source, mine, merged),
    )


def plan_resolved(ws: Workspace, finding: StaleOverride, content: bytes, expect: str) -> Plan:
    """Write a merge a person finished (the app's merge view) over the stale override.

    `expect` is the digest the override had when the merge was made: a file changed since refuses
    the plan when it is applied. RepairError when a conflict marker is left in `content`."""
    o = finding.override
    if has_conflict_markers(content):
        raise RepairError(f"{o.source}: a conflict marker is left; resolve every conflict first")
    mine = read_layer_file(ws, o.source)
    write = Write(
        o.source,
        layer_dir(ws, o.store, o.app),
        content,
        content_digest(content),
        expect,
        f"stale (F1): {o.hidden_layer}'s {finding.commits_behind} newer commit(s) merged in by hand",
        unified_diff(o.source, mine, content),
    )
    found = effects(ws, o.app, o.path, {o.store: content})
    title = f"rebase {o.store_id}'s {o.app}/{o.path} (merged by hand)"
    return Plan("rebase", fsio.real_path(str(ws.root)), title, (write,), (), (), found)


CONFLICT_MARKERS = (b"<<<<<<<", b"|||||||", b"=======", b">>>>>>>")


def has_conflict_markers(content: bytes) -> bool:
    """Whether a line starts with a conflict marker (seven of `<`, `|`, `=`, `>`, then a space or the end)."""
    for line in content.split(b"\n"):
        line = line.rstrip(b"\r")
        if line[:7] in CONFLICT_MARKERS and (len(line) == 7 or line[7:8] == b" "):
            return True
    return False
