"""Stale overrides from git history: the file an override hides moved on after the override's last commit.

One `git log` reads the whole history of the workspace; one `git cat-file --batch` fetches the
hidden files as they were at each stale override's last commit. Outside a repository, in a shallow
clone, or without git, staleness is unknown and said so: it is never guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storelayers.resolver import fsio, git
from storelayers.resolver.diffstat import stat_bytes
from storelayers.resolver.errors import GitError
from storelayers.resolver.review.findings import OverrideDiff, ReviewOptions, StaleOverride
from storelayers.resolver.workspace import Workspace

DAY = 86400
NEWER_SHOWN = 10


@dataclass(frozen=True)
class StaleResult:
    """What the history said: `known` is False when staleness could not be decided."""

    known: bool
    note: str
    stale: tuple[StaleOverride, ...] = ()
    head: str = ""
    commits: int = 0
    changed: frozenset[str] | None = None  # paths changed since `options.since`


def find_stale(ws: Workspace, overrides: Sequence[OverrideDiff], options: ReviewOptions) -> StaleResult:
    """Stale overrides among `overrides`. Raises GitError only when `options.since` cannot be used."""
    since = options.since
    if since and not options.git:
        raise GitError("--since needs git history, which is turned off")
    if not options.git:
        return StaleResult(False, "git history was not read, so staleness is unknown")
    root = ws.root
    try:
        prefix = git.repo_prefix(root)
    except git.NotARepository:
        if since:
            raise GitError(f"--since {since}: the workspace is not inside a git repository") from None
        return StaleResult(False, "the workspace is not inside a git repository, so staleness is unknown")
    except GitError as exc:
        if since:
            raise
        return StaleResult(False, f"staleness is unknown: {exc}")
    changed = git.changed_since(root, since) if since else None
    try:
        hist = git.read_history(root)
    except GitError as exc:
        return StaleResult(False, f"staleness is unknown: {exc}", changed=changed)
    if not hist.commits:
        why = "no commit touches the workspace's files" if hist.head else "the repository has no commits yet"
        return StaleResult(False, f"{why}, so staleness is unknown", changed=changed)
    if hist.shallow:
        return StaleResult(
            False,
            "this is a shallow clone: its history is cut off, so staleness is unknown "
            "(fetch the whole history, e.g. actions/checkout with fetch-depth: 0)",
            head=hist.head,
            commits=len(hist.commits),
            changed=changed,
        )
    found = _candidates(hist, overrides)
    try:
        blobs = git.show_many(root, prefix, ((hist.commits[oi].sha, o.hidden_source) for o, oi, _ in found))
    except GitError:
        blobs = {}
    head_time = hist.commits[0].time
    stale = []
    for o, oi, newer in found:
        then = blobs.get((hist.commits[oi].sha, o.hidden_source))
        try:
            now = fsio.read_bytes(str(root / o.hidden_source))
        except OSError:
            now = b""
        first = hist.commits[newer[-1]]
        latest = hist.commits[newer[0]]
        mine = hist.commits[oi]
        stale.append(
            StaleOverride(
                override=o,
                override_commit=mine,
                parent_commit=latest,
                commits_behind=len(newer),
                days_behind=max(0, latest.time - mine.time) // DAY,
                stale_days=max(0, head_time - first.time) // DAY,
                stale_since=first.time,
                parent_lines=stat_bytes(then or b"", now),
                parent_then=then,
                newer_commits=tuple(hist.commits[i] for i in newer[:NEWER_SHOWN]),
            )
        )
    stale.sort(key=lambda f: (-f.stale_days, -f.commits_behind, f.override.store, f.override.app, f.override.path))
    note = f"history read at {hist.head[:12]}: {len(hist.commits):,} commits touch the workspace"
    return StaleResult(True, note, tuple(stale), hist.head, len(hist.commits), changed)


def _candidates(
    hist: git.History, overrides: Sequence[OverrideDiff]
) -> list[tuple[OverrideDiff, int, tuple[int, ...]]]:
    """Overrides whose hidden file has commits newer than their own last commit.

    A redundant override equals what it hides now, so it has missed nothing; an override never
    committed is newer than any commit."""
    out = []
    for o in overrides:
        if o.redundant:
            continue
        mine = hist.last(o.source)
        theirs = hist.last(o.hidden_source)
        if mine is None or theirs is None or theirs >= mine:
            continue
        out.append((o, mine, hist.newer_than(o.hidden_source, mine)))
    return out
