"""F1 stale overrides from git history: the file an override hides now differs from what it was
when the override last changed (its last commit, or now when the override has uncommitted changes:
a rebase not yet committed is current).

Staleness is a difference of content: history only says which hidden files were touched after
an override's last commit; their contents then (one `git cat-file --batch`) and now decide. A base
change that was later reverted leaves the override current. One `git log` reads the whole history
of the workspace. Outside a repository, in a shallow clone, or without git, staleness is unknown
and said so: it is never guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from storelayers.resolver import fsio, git
from storelayers.resolver.content import digest
from storelayers.resolver.diffstat import stat_bytes
from storelayers.resolver.errors import GitError
from storelayers.resolver.review.findings import OverrideDiff, ReviewOptions, StaleOverride, review_time
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
    history: git.History | None = None  # the history read, when it can be used (orphans use it too)
    prefix: str = ""  # the workspace's folder inside its repository
    git_root: Path | None = None  # where the history was read (the workspace, unless options.history)


def find_stale(
    ws: Workspace,
    overrides: Sequence[OverrideDiff],
    options: ReviewOptions,
    users: Callable[[OverrideDiff], tuple[str, ...]] = lambda o: (o.store,),
) -> StaleResult:
    """Stale overrides among `overrides` (each with the stores `users` names).
    Raises GitError only when `options.since` cannot be used."""
    since = options.since
    if since and not options.git:
        raise GitError("--since needs git history, which is turned off")
    if not options.git:
        return StaleResult(False, "git history was not read, so staleness is unknown")
    root = ws.root  # "now" is read here
    at = options.history
    git_root = Path(at.root) if at is not None else root  # history is read here
    try:
        prefix = git.repo_prefix(git_root)
    except git.NotARepository:
        if since:
            raise GitError(f"--since {since}: the workspace is not inside a git repository") from None
        return StaleResult(False, "the workspace is not inside a git repository, so staleness is unknown")
    except GitError as exc:
        if since:
            raise
        return StaleResult(False, f"staleness is unknown: {exc}")
    changed = git.changed_since(git_root, since) if since else None
    try:
        hist = git.read_history(git_root, at.rev if at is not None else None)
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
    wanted = [(hist.commits[oi].sha, path) for o, oi, _ in found for path in (o.hidden_source, o.source)]
    try:
        blobs = git.show_many(git_root, prefix, wanted)
    except GitError as exc:
        return StaleResult(False, f"staleness is unknown: {exc}", changed=changed)
    # Ages run until the review, not until the newest commit: an override the last commit made stale
    # has been stale for as long as that commit is old ("0 d" beside "313 days behind" misled).
    now_time = max(review_time(options), hist.commits[0].time)
    differ = []
    for o, oi, newer in found:
        if _edited_since_commit(root, o, blobs.get((hist.commits[oi].sha, o.source))):
            continue  # the override changed after its last commit (a rebase not yet committed): it last changed now
        then = blobs.get((hist.commits[oi].sha, o.hidden_source))
        try:
            now: bytes | None = fsio.read_bytes(str(root / o.hidden_source))
        except OSError:
            now = None
        d_then = None if then is None else digest(then)
        if d_then is not None and now is not None and digest(now) == d_then:
            continue  # changed since, and changed back: current
        differ.append((o, oi, newer, then, now))
    stale = []
    for o, oi, newer, then, now in differ:
        first = hist.commits[newer[-1]]  # age: since the hidden file first changed after the override
        latest = hist.commits[newer[0]]
        mine = hist.commits[oi]
        stale.append(
            StaleOverride(
                override=o,
                users=users(o),
                override_commit=mine,
                parent_commit=latest,
                commits_behind=len(newer),
                days_behind=max(0, latest.time - mine.time) // DAY,
                stale_days=max(0, now_time - first.time) // DAY,
                stale_since=first.time,
                parent_lines=stat_bytes(then or b"", now or b""),
                parent_then=then,
                newer_commits=tuple(hist.commits[i] for i in newer[:NEWER_SHOWN]),
            )
        )
    stale.sort(key=lambda f: (-f.stale_days, -f.commits_behind, f.override.store, f.override.app, f.override.path))
    note = f"history read at {hist.head[:12]}: {len(hist.commits):,} commits touch the workspace"
    return StaleResult(True, note, tuple(stale), hist.head, len(hist.commits), changed, hist, prefix, git_root)


def _edited_since_commit(root: Path, o: OverrideDiff, committed: bytes | None) -> bool:
    """True when the override's file now differs from its last commit: it last changed now, after
    every commit of the file it hides."""
    if committed is None:
        return False
    try:
        data = fsio.read_bytes(str(root / o.source))
    except OSError:
        return False
    return data != committed and digest(data) != digest(committed)  # equal bytes: no normalising needed


def _candidates(
    hist: git.History, overrides: Sequence[OverrideDiff]
) -> list[tuple[OverrideDiff, int, tuple[int, ...]]]:
    """Overrides whose hidden file has commits newer than their own last commit (the contents then
    decide). A redundant override equals what it hides now: it is F3, not stale. An override never
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
