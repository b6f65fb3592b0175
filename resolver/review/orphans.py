"""F2 orphaned files: a store's file that is `added` now, while at its last commit a farther layer
of its chain had a file at the same path, since deleted or renamed. The store keeps shipping a
copy nobody compares with anything, while it silently takes none of the farther layer's changes.

From the history already read for staleness: the farther layers' paths that history knows and the
disk no longer has are the only candidates. One `git cat-file --batch` says whether each existed at
the store file's last commit; one rename-aware `git log --no-walk` over the removing commits says
which were renamed, and to what.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from storelayers.resolver import git
from storelayers.resolver.model import Status
from storelayers.resolver.review.findings import OrphanedFile
from storelayers.resolver.workspace import PACKAGE_JSON, TSCONFIG_JSON, Workspace

_RS = b"\x1e"


def find_orphans(
    ws: Workspace,
    hist: git.History,
    prefix: str,
    users: Callable[[str, str, str], tuple[str, ...]],
    git_root: Path | None = None,
) -> tuple[OrphanedFile, ...]:
    """Orphaned store files, tree order. `users(store_key, app, path)` names the stores using one.
    `git_root` is where `hist` was read (default: the workspace). GitError when git fails (the caller
    says orphans are unknown)."""
    repo = git_root if git_root is not None else ws.root
    special = {ws.key(PACKAGE_JSON), ws.key(TSCONFIG_JSON)}
    # (store key, app, name, store file's last commit index, [(farther layer key, its old source)])
    candidates: list[tuple[str, str, str, int, list[tuple[str | None, str]]]] = []
    for s in ws.stores.values():
        farther = ws.chain(s.key)[1:]
        for app in ws.apps:
            layers = [ws.layer(k, app).files for k in farther]
            for key, st in ws.layer(s.key, app).files.items():
                if key in special or any(key in L for L in layers):
                    continue
                mine = hist.last(ws.source(s.key, app, st.name))
                if mine is None:
                    continue
                gone = [(k, src) for k in farther if hist.last(src := ws.source(k, app, st.name)) is not None]
                if gone:
                    candidates.append((s.key, app, st.name, mine, gone))
    if not candidates:
        return ()
    there = git.show_many(repo, prefix, ((hist.commits[c[3]].sha, src) for c in candidates for _, src in c[4]))
    found: list[tuple[str, str, str, int, str | None, str]] = []
    for store, app, name, mine, gone in candidates:
        sha = hist.commits[mine].sha
        hit = next(((k, src) for k, src in gone if there.get((sha, src)) is not None), None)
        if hit is None:
            continue
        entry, _ = ws.entry(store, app, name)
        if entry is None or entry.status is not Status.ADDED:
            continue
        found.append((store, app, name, mine, hit[0], hit[1]))
    if not found:
        return ()
    removers: dict[str, str] = {}  # old source -> sha of the newest commit touching it
    for _, _, _, mine, _, src in found:
        last = hist.last(src)
        if last is not None and last < mine:
            removers[src] = hist.commits[last].sha
    removed = _removals(repo, sorted(set(removers.values())))
    by_sha = {c.sha: c for c in hist.commits}
    out = []
    for store, app, name, mine, layer_key, src in found:
        rm_sha = removers.get(src)
        change = removed.get((rm_sha, src)) if rm_sha else None
        out.append(
            OrphanedFile(
                store=store,
                store_id=ws.stores[store].id,
                app=app,
                path=name,
                source=ws.source(store, app, name),
                users=users(store, app, name),
                last_commit=hist.commits[mine],
                removed_layer=ws.layer_id(layer_key),
                removed_source=src,
                removed_commit=by_sha[rm_sha] if rm_sha and change is not None else None,
                renamed_to=change[1] if change else None,
            )
        )
    order = {k: i for i, k in enumerate(ws.stores)}
    out.sort(key=lambda f: (order[f.store], f.app, f.path))
    return tuple(out)


def _removals(repo: Path, shas: list[str]) -> dict[tuple[str, str], tuple[str, str | None]]:
    """For each (commit, deleted or renamed path): ('D', None) or ('R', new path). One git call."""
    if not shas:
        return {}
    data = git.run_git(
        repo,
        [
            "log",
            "--no-walk=unsorted",
            "-M",
            "--diff-filter=DR",
            "--name-status",
            "--no-textconv",
            "--no-ext-diff",
            "--no-show-signature",
            "--relative",
            "-z",
            "--format=%x1e%H",
            *shas,
            "--",
            ".",
        ],
    )
    out: dict[tuple[str, str], tuple[str, str | None]] = {}
    for chunk in data.split(_RS):
        if not chunk:
            continue
        head, _, rest = chunk.partition(b"\0")
        sha = head.strip().decode("ascii", "replace")
        fields = [f.decode("utf-8", "surrogateescape") for f in rest.lstrip(b"\n").split(b"\0")]
        i = 0
        while i < len(fields):
            status = fields[i].strip()
            if status.startswith("R") and i + 2 < len(fields):
                out[(sha, fields[i + 1])] = ("R", fields[i + 2])
                i += 3
            elif status.startswith("D") and i + 1 < len(fields):
                out[(sha, fields[i + 1])] = ("D", None)
                i += 2
            else:
                i += 1
    return out
