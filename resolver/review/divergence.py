"""The divergence review: how far stores have drifted, what is rotting, what should move up.

`review(ws, options)` walks every store's effective trees once, diffs each override against the
file it hides, reads git history in one batch for staleness, and groups overrides into hotspots,
folder clusters and a heatmap. The report, the CLI and the app all show this one answer.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from storelayers.resolver import fsio
from storelayers.resolver.content import Text, read_text
from storelayers.resolver.diffstat import DiffStat, stat_bytes
from storelayers.resolver.model import EffectiveFile, FileStat, Kind, Status
from storelayers.resolver.review.findings import (
    BlastRadius,
    NearRedundant,
    OverrideDiff,
    Review,
    ReviewOptions,
    Scorecard,
    StaleOverride,
)
from storelayers.resolver.review.hotspots import find_clusters, find_hotspots, folder_of
from storelayers.resolver.review.staleness import find_stale
from storelayers.resolver.workspace import PACKAGE_JSON, TSCONFIG_JSON, Workspace

__all__ = [
    "ReviewOptions",
    "Review",
    "review",
    "blast",
    "blast_radius",
    "folder_of",
    "scorecard_files",
    "stale_versions",
]

_OWN = (Status.OVERRIDE, Status.REDUNDANT)


@dataclass
class _Tally:
    files: int = 0
    inherited: int = 0
    overridden: int = 0
    added: int = 0
    ignored: int = 0
    redundant: int = 0
    differs: int = 0


class ReviewCancelled(Exception):
    """The caller's `cancelled()` said the review is no longer wanted (a newer one superseded it)."""


def review(ws: Workspace, options: ReviewOptions | None = None, cancelled: Callable[[], bool] | None = None) -> Review:
    """Review a workspace. Raises GitError only when `options.since` cannot be used, and
    ReviewCancelled when `cancelled()` turns true (it is asked after each store and each phase)."""
    options = options or ReviewOptions()
    check = _canceller(cancelled)
    tallies, overrides = _walk(ws, check)
    check()
    stale_result = find_stale(ws, overrides, options)
    check()
    changed = stale_result.changed
    near_n = max(0, options.near_redundant_lines)
    redundant = [NearRedundant(o, True) for o in overrides if o.redundant]
    near = [
        NearRedundant(o, False)
        for o in overrides
        if not o.redundant and o.stat.comparable and o.stat.changed <= near_n and near_n > 0
    ]
    stale = list(stale_result.stale)
    if changed is not None:

        def touched(o: OverrideDiff) -> bool:
            return o.source in changed or o.hidden_source in changed

        redundant = [f for f in redundant if touched(f.override)]
        near = [f for f in near if touched(f.override)]
        stale = [f for f in stale if touched(f.override)]
    cards = _scorecards(ws, tallies, overrides, near_n, stale_result.stale if stale_result.known else None)
    hotspots = find_hotspots(ws, overrides, max(1, options.hotspot_min_stores))
    clusters, heatmap = find_clusters(ws, overrides, options)
    return Review(
        root=str(ws.root),
        options=options,
        staleness="known" if stale_result.known else "unknown",
        staleness_note=stale_result.note,
        scorecards=cards,
        overrides=tuple(overrides),
        stale=tuple(stale),
        redundant=tuple(redundant),
        near_redundant=tuple(near),
        hotspots=hotspots,
        clusters=clusters,
        heatmap=heatmap,
        diagnostics=ws.diagnostics,
        head=stale_result.head,
        commits=stale_result.commits,
        since=options.since,
        changed_since=changed,
    )


class _Paths:
    """Absolute paths of layer files as the workspace spells them (so digest cache hits are shared)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._roots: dict[tuple[str | None, str], str] = {}

    def __call__(self, key: str | None, app: str, name: str) -> str:
        root = self._roots.get((key, app))
        if root is None:
            root = str(self.ws.layer_root(key, app))
            self._roots[(key, app)] = root
        return root + os.sep + (name if os.sep == "/" else name.replace("/", os.sep))

    def digest(self, key: str | None, app: str, stat: FileStat) -> bytes | None:
        return self.ws.digests.get(self(key, app, stat.name), stat.size, stat.mtime_ns)


def _canceller(cancelled: Callable[[], bool] | None) -> Callable[[], None]:
    def check() -> None:
        if cancelled is not None and cancelled():
            raise ReviewCancelled("review cancelled")

    return check


def _walk(ws: Workspace, check: Callable[[], None] = lambda: None) -> tuple[dict[str, _Tally], list[OverrideDiff]]:
    """One pass over every store and app: status tallies and the own overrides, diffed.

    Only paths that some store layer of the chain holds are looked at one by one (a path only the
    base has is inherited and equals the base); chains with ignore rules or file-folder conflicts
    take the engine's effective tree instead."""
    paths = _Paths(ws)
    special = {ws.key(PACKAGE_JSON), ws.key(TSCONFIG_JSON)}
    tallies: dict[str, _Tally] = {}
    overrides: list[OverrideDiff] = []
    for s in ws.stores.values():
        check()
        t = _Tally()
        tallies[s.key] = t
        rules = ws.ignore_rules(s.key)
        for app in ws.apps:
            keys = ws.chain(s.key)
            if rules or _chain_conflicts(ws, keys, app):
                _walk_tree(ws, paths, s.key, s.id, app, t, overrides)
            else:
                _walk_fast(ws, paths, s.key, s.id, app, keys, special, t, overrides)
    order = {k: i for i, k in enumerate(ws.stores)}
    overrides.sort(key=lambda o: (order[o.store], o.app, o.path))
    return tallies, overrides


def _chain_conflicts(ws: Workspace, keys: tuple[str | None, ...], app: str) -> bool:
    conflicts = ws.conflict_keys(app)
    if not conflicts:
        return False
    layers = [ws.layer(k, app) for k in keys]
    return any(any(c in L.files for L in layers) and any(c in L.folders for L in layers) for c in conflicts)


def _walk_fast(
    ws: Workspace,
    paths: _Paths,
    store: str,
    store_id: str,
    app: str,
    keys: tuple[str | None, ...],
    special: set[str],
    t: _Tally,
    overrides: list[OverrideDiff],
) -> None:
    layers = [ws.layer(k, app).files for k in keys]
    base = layers[-1]
    first: dict[str, int] = {}
    for i in range(len(keys) - 1):
        for key in layers[i]:
            if key not in first:
                first[key] = i
    files = len(base) - sum(1 for k in special if k in base)
    own = added = 0
    for key, i in first.items():
        if key in special:
            continue
        in_base = key in base
        if not in_base:
            files += 1
        if i == 0:
            hidden = next((j for j in range(1, len(keys)) if key in layers[j]), None)
            if hidden is None:
                added += 1
            else:
                own += 1
                st = layers[0][key]
                o = _diff(ws, paths, store, store_id, app, st.name, key, keys[hidden])
                overrides.append(o)
                if o.redundant:
                    t.redundant += 1
        st = layers[i][key]
        if not in_base or _differs(paths, app, keys[i], st, base[key]):
            t.differs += 1
    t.files += files
    t.overridden += own
    t.added += added
    t.inherited += files - own - added


def _walk_tree(
    ws: Workspace, paths: _Paths, store: str, store_id: str, app: str, t: _Tally, overrides: list[OverrideDiff]
) -> None:
    tree = ws.effective_tree(store, app)
    base = ws.layer(None, app).files
    t.ignored += len(tree.ignored)
    for f in tree.files:
        if f.special:
            continue
        t.files += 1
        key = ws.key(f.path)
        if f.status is Status.INHERITED:
            t.inherited += 1
        elif f.status is Status.ADDED:
            t.added += 1
        else:
            t.overridden += 1
            o = _diff(ws, paths, store, store_id, app, f.path, key, _hidden(ws, store, app, key))
            overrides.append(o)
            if o.redundant:
                t.redundant += 1
        if f.winner_key is not None:
            st = ws.layer(f.winner_key, app).files[key]
            b = base.get(key)
            if b is None or _differs(paths, app, f.winner_key, st, b):
                t.differs += 1


def _hidden(ws: Workspace, store_key: str, app: str, key: str) -> str | None:
    """Store key of the next layer in the chain that has the path (None for base)."""
    for k in ws.chain(store_key)[1:]:
        if key in ws.layer(k, app).files:
            return k
    return None


def _differs(paths: _Paths, app: str, winner: str | None, st: FileStat, base: FileStat) -> bool:
    """True when a store's winning file is not the base app's file (compared after normalising)."""
    dw = paths.digest(winner, app, st)
    return dw is None or dw != paths.digest(None, app, base)


def _diff(
    ws: Workspace, paths: _Paths, store: str, store_id: str, app: str, path: str, key: str, hidden: str | None
) -> OverrideDiff:
    hidden_stat = ws.layer(hidden, app).files[key]
    own = ws.layer(store, app).files[key]
    mine, theirs = paths(store, app, own.name), paths(hidden, app, hidden_stat.name)
    da = ws.digests.get(mine, own.size, own.mtime_ns)
    redundant = da is not None and da == ws.digests.get(theirs, hidden_stat.size, hidden_stat.mtime_ns)
    if redundant:
        stat = DiffStat()
    else:
        try:
            stat = stat_bytes(fsio.read_bytes(theirs), fsio.read_bytes(mine))
        except OSError:
            stat = DiffStat(binary=True)
    return OverrideDiff(
        store,
        store_id,
        app,
        path,
        ws.source(store, app, own.name),
        hidden,
        ws.layer_id(hidden),
        ws.source(hidden, app, hidden_stat.name),
        stat,
        redundant,
    )


def _scorecards(
    ws: Workspace,
    tallies: dict[str, _Tally],
    overrides: list[OverrideDiff],
    near_n: int,
    stale: tuple[StaleOverride, ...] | None,
) -> tuple[Scorecard, ...]:
    lines: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for o in overrides:
        acc = lines[o.store]
        acc[0] += o.stat.changed
        acc[1] += o.stat.insertions
        acc[2] += o.stat.deletions
        if not o.redundant and o.stat.comparable and 0 < near_n and o.stat.changed <= near_n:
            acc[3] += 1
    stale_by: dict[str, list[int]] = defaultdict(list)
    for f in stale or ():
        stale_by[f.override.store].append(f.stale_days)
    cards = []
    for s in ws.stores.values():
        t = tallies[s.key]
        acc = lines[s.key]
        ages = stale_by.get(s.key, [])
        cards.append(
            Scorecard(
                s.key,
                s.id,
                s.kind,
                s.depth,
                s.parent,
                t.files,
                t.inherited,
                t.overridden,
                t.added,
                t.ignored,
                t.redundant,
                acc[3],
                t.differs,
                acc[0],
                acc[1],
                acc[2],
                None if stale is None else len(ages),
                None if stale is None else (max(ages) if ages else None),
            )
        )
    return tuple(cards)


def blast(ws: Workspace, layer_key: str | None, app: str, path: str) -> BlastRadius:
    """The stores whose effective tree takes this layer's file at `path` (SPEC rule 12 for one path)."""
    ws.check_app(app)
    path = path.strip("/")  # rule 1: blanks and backslashes are part of a name
    stores = []
    if ws.key(path) in ws.layer(layer_key, app).files:
        for d in ws.descendants(layer_key):
            e, _ = ws.entry(d, app, path)
            if e is not None and e.winner_key == layer_key:
                stores.append(d)
    deployable = tuple(k for k in stores if ws.stores[k].kind is Kind.DEPLOYABLE)
    return BlastRadius(layer_key, app, path, tuple(stores), deployable)


def blast_radius(ws: Workspace, store_key: str | None, app: str, path: str) -> tuple[str, ...]:
    """Keys of the stores that use the file at `path` of layer `store_key` (None: the base app)."""
    return blast(ws, store_key, app, path).stores


SCORECARD_COLUMNS = ("inherited", "overridden", "added", "ignored", "redundant", "near_redundant", "stale", "differs")


def scorecard_files(ws: Workspace, rv: Review, store_key: str, column: str) -> tuple[tuple[str, str], ...]:
    """The (app, path) pairs behind one scorecard cell, e.g. column 'stale' or 'inherited'."""
    if column == "redundant":
        return tuple((f.override.app, f.override.path) for f in rv.redundant if f.override.store == store_key)
    if column == "near_redundant":
        return tuple((f.override.app, f.override.path) for f in rv.near_redundant if f.override.store == store_key)
    if column == "stale":
        return tuple((f.override.app, f.override.path) for f in rv.stale if f.override.store == store_key)
    out: list[tuple[str, str]] = []
    paths = _Paths(ws)
    for app in ws.apps:
        tree = ws.effective_tree(store_key, app)
        if column == "ignored":
            out.extend((app, p) for p in tree.ignored)
            continue
        base = ws.layer(None, app).files
        for f in tree.files:
            if f.special:
                continue
            if (
                (column == "inherited" and f.status is Status.INHERITED)
                or (column == "added" and f.status is Status.ADDED)
                or (column == "overridden" and f.status in _OWN)
                or (column == "differs" and f.winner_key is not None and _tree_differs(ws, paths, app, f, base))
            ):
                out.append((app, f.path))
    return tuple(out)


def _tree_differs(ws: Workspace, paths: _Paths, app: str, f: EffectiveFile, base: dict) -> bool:
    key = ws.key(f.path)
    b = base.get(key)
    return b is None or _differs(paths, app, f.winner_key, ws.layer(f.winner_key, app).files[key], b)


def stale_versions(ws: Workspace, finding: StaleOverride) -> tuple[Text, Text, Text]:
    """The three versions of a three-way view: the parent then, the parent now, the override now."""
    from storelayers.resolver.content import decode, looks_binary

    data = finding.parent_then
    if data is None:
        then = Text("unreadable", message="the parent file did not exist at the override's last commit")
    elif looks_binary(data[:8192]):
        then = Text("binary", size=len(data), message=f"binary file, {len(data):,} bytes")
    else:
        text, enc = decode(data)
        then = Text("text", text=text, encoding=enc, size=len(data))
    o = finding.override
    return (
        then,
        read_text(str(ws.root / o.hidden_source)),
        read_text(str(ws.root / o.source)),
    )
