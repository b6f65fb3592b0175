"""The divergence review: how far stores have drifted, what is rotting, what should move up.

`review(ws, options)` walks every store's effective trees once, diffs each override against the
file it hides, reads git history in one batch for staleness (F1) and orphans (F2), and finds
redundant (F3) and cosmetic (F4) overrides, hotspots (F5), folder clusters and a heatmap. The
scorecards' status counts are the workspace's own (`Workspace.counts`), so the report, the CLI's
`stats` and the app show one count. The report, the CLI and the app all show this one answer.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from types import MappingProxyType

from storelayers.resolver import fsio, pace
from storelayers.resolver.cascade import Chain, Verdict
from storelayers.resolver.content import Text, decode, read_text
from storelayers.resolver.diffstat import MAX_DIFF_BYTES, DiffStat, lines_of, opcodes
from storelayers.resolver.errors import GitError
from storelayers.resolver.model import AppCounts, EffectiveFile, FileStat, Kind, Status
from storelayers.resolver.review.cosmetic import is_cosmetic
from storelayers.resolver.review.findings import (
    BlastRadius,
    OrphanedFile,
    OverrideDiff,
    OverrideFinding,
    Review,
    ReviewOptions,
    Scorecard,
    StaleOverride,
)
from storelayers.resolver.review.hotspots import find_clusters, find_hotspots, folder_of
from storelayers.resolver.review.orphans import find_orphans
from storelayers.resolver.review.staleness import StaleResult, find_stale
from storelayers.resolver.workspace import Workspace

__all__ = [
    "ReviewOptions",
    "Review",
    "review",
    "own_overrides",
    "stale_overrides",
    "blast",
    "blast_radius",
    "folder_of",
    "scorecard_files",
    "stale_versions",
]

_OWN = (Status.OVERRIDE, Status.REDUNDANT)


class ReviewCancelled(Exception):
    """The caller's `cancelled()` said the review is no longer wanted (a newer one superseded it)."""


def review(ws: Workspace, options: ReviewOptions | None = None, cancelled: Callable[[], bool] | None = None) -> Review:
    """Review a workspace. Raises GitError only when `options.since` cannot be used, and
    ReviewCancelled when `cancelled()` turns true (it is asked after each store and each phase)."""
    options = options or ReviewOptions()
    check = _canceller(cancelled)
    differs, overrides = _walk(ws, check)
    check()
    overrides += _used_below(ws, _Paths(ws))  # F1: reviewed wherever used, also when ignored at home
    check()
    users = _Users(ws)
    stale_result = find_stale(ws, overrides, options, users.of)
    check()
    orphaned: tuple[OrphanedFile, ...] = ()
    orphans_known = stale_result.history is not None
    if stale_result.history is not None:
        try:
            orphaned = find_orphans(ws, stale_result.history, stale_result.prefix, users.at, stale_result.git_root)
        except GitError:
            orphans_known = False
    check()
    changed = stale_result.changed
    own = [o for o in overrides if not o.ignored_in_own_store]
    redundant = [OverrideFinding(o, users.of(o)) for o in own if o.redundant]
    cosmetic = [OverrideFinding(o, users.of(o)) for o in own if o.cosmetic]
    stale = list(stale_result.stale)
    orphans = list(orphaned)
    if changed is not None:

        def touched(o: OverrideDiff) -> bool:
            return o.source in changed or o.hidden_source in changed

        redundant = [f for f in redundant if touched(f.override)]
        cosmetic = [f for f in cosmetic if touched(f.override)]
        stale = [f for f in stale if touched(f.override)]
        orphans = [f for f in orphans if f.source in changed or f.removed_source in changed]
    cards = _scorecards(
        ws,
        differs,
        own,
        stale_result.stale if stale_result.known else None,
        orphaned if orphans_known else None,
    )
    hotspots = find_hotspots(ws, own, max(1, options.hotspot_min_stores))
    clusters, heatmap = find_clusters(ws, own, options)
    return Review(
        root=str(ws.root),
        options=options,
        staleness="known" if stale_result.known else "unknown",
        staleness_note=stale_result.note,
        scorecards=cards,
        overrides=tuple(overrides),
        stale=tuple(stale),
        orphaned=tuple(orphans),
        redundant=tuple(redundant),
        cosmetic=tuple(cosmetic),
        hotspots=hotspots,
        clusters=clusters,
        heatmap=heatmap,
        diagnostics=ws.diagnostics,
        head=stale_result.head,
        commits=stale_result.commits,
        since=options.since,
        changed_since=changed,
        orphans_known=orphans_known,
    )


def own_overrides(ws: Workspace, stores: Iterable[str] | None = None) -> list[OverrideDiff]:
    """The overrides each store's effective tree takes from its own layer (not those ignored at
    home), diffed, each with its redundant (F3) and cosmetic (F4) answer: the review's walk alone,
    for the repairs. `stores`: store keys to walk (default every store)."""
    return _walk(ws, stores=stores)[1]


def stale_overrides(ws: Workspace, options: ReviewOptions | None = None) -> StaleResult:
    """F1 alone, as `review` finds it (every override wherever it is used, each stale one with its
    users), without the other findings and the scorecards: for the rebase repair."""
    overrides = _walk(ws)[1]
    overrides += _used_below(ws, _Paths(ws))
    return find_stale(ws, overrides, options or ReviewOptions(), _Users(ws).of)


class _Users:
    """The stores whose effective tree takes a layer's file (asked for findings only)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._below: dict[str, tuple[str, ...]] = {}
        self._clash: dict[tuple[str, str], bool] = {}

    def at(self, layer_key: str, app: str, path: str) -> tuple[str, ...]:
        return blast(self.ws, layer_key, app, path).stores

    def of(self, o: OverrideDiff) -> tuple[str, ...]:
        if o.ignored_in_own_store:
            return self.at(o.store, o.app, o.path)
        # its own store uses it (the walk found it in that store's tree); ask the stores below
        below = self._below.get(o.store)
        if below is None:
            below = tuple(d for d in self.ws.descendants(o.store) if d != o.store)
            self._below[o.store] = below
        key = self.ws.key(o.path)
        return (o.store, *(d for d in below if self._takes(d, o.store, o.app, o.path, key)))

    def _clashes(self, store: str, app: str) -> bool:
        """Whether the store's chain has a file/folder clash, asked of a chain not remembered (the
        snapshot's remembered chains keep their paths' positions once counted: 7 MB at 800 stores)."""
        hit = self._clash.get((store, app))
        if hit is None:
            hit = self._clash[(store, app)] = self.ws.cascade(store, app, remember=False).clashes
        return hit

    def _takes(self, store: str, layer_key: str, app: str, path: str, key: str) -> bool:
        """`_takes`, from the listings alone where the cascade is plain (no ignore rules, no
        file/folder clash in the chain): the nearest layer that has the path wins."""
        ws = self.ws
        if ws.ignore_rules(store) or self._clashes(store, app):
            return _takes(ws, store, layer_key, app, path)
        for k in ws.chain(store):
            if key in ws.layer(k, app).files:
                return k == layer_key
        return False


def _takes(ws: Workspace, store: str, layer_key: str, app: str, path: str) -> bool:
    e, _ = ws.entry(store, app, path)
    return e is not None and e.winner_key == layer_key


def _used_below(ws: Workspace, paths: _Paths) -> list[OverrideDiff]:
    """Overrides ignored for their own store (so not in its effective tree) that a descendant
    brings back and uses: F1 reviews an override wherever it is used."""
    out: list[OverrideDiff] = []
    for s in ws.stores.values():
        if not ws.ignore_rules(s.key):
            continue
        below = [d for d in ws.descendants(s.key) if d != s.key]
        if not below:
            continue
        for app in ws.apps:
            own = ws.layer(s.key, app).files
            for p in ws.effective_tree(s.key, app, remember=False).ignored:
                key = ws.key(p)
                st = own.get(key)
                if st is None:
                    continue
                hidden = _hidden(ws, s.key, app, key)
                if hidden is None and key not in ws.layer(None, app).files:
                    continue  # an added file, not an override
                if not any(_takes(ws, d, s.key, app, st.name) for d in below):
                    continue
                o = _diff(ws, paths, s.key, s.id, app, st.name, key, hidden)
                out.append(replace(o, ignored_in_own_store=True))
    return out


class _Paths:
    """Absolute paths of layer files as the workspace spells them (so digest cache hits are shared)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._roots: dict[tuple[str | None, str], str] = {}
        self._sources: dict[tuple[str | None, str], str] = {}

    def __call__(self, key: str | None, app: str, name: str) -> str:
        root = self._roots.get((key, app))
        if root is None:
            root = str(self.ws.layer_root(key, app))
            self._roots[(key, app)] = root
        return root + os.sep + (name if os.sep == "/" else name.replace("/", os.sep))

    def source_root(self, key: str | None, app: str) -> str:
        """`Workspace.source`'s folder of a layer, ending in "/": one string per layer and app."""
        root = self._sources.get((key, app))
        if root is None:
            root = self._sources[(key, app)] = self.ws.source(key, app, "")
        return root

    def digest(self, key: str | None, app: str, stat: FileStat) -> bytes | None:
        return self.ws.digests.get(self(key, app, stat.name), stat.size, stat.mtime_ns)


def _canceller(cancelled: Callable[[], bool] | None) -> Callable[[], None]:
    def check() -> None:
        if cancelled is not None and cancelled():
            raise ReviewCancelled("review cancelled")

    return check


def _walk(
    ws: Workspace, check: Callable[[], None] = lambda: None, stores: Iterable[str] | None = None
) -> tuple[dict[str, int], list[OverrideDiff]]:
    """One pass over every store and app: the own overrides, diffed, and per store how many of its
    files differ from the base app's (the scorecards' other counts are `Workspace.counts`).

    Only paths that some store layer of the chain holds are looked at one by one (a path only the
    base has is inherited and equals the base); chains with ignore rules or file-folder conflicts
    take the engine's effective tree instead."""
    paths = _Paths(ws)
    differs: dict[str, int] = {}
    overrides: list[OverrideDiff] = []
    wanted = None if stores is None else set(stores)
    for s in ws.stores.values():
        if wanted is not None and s.key not in wanted:
            continue
        check()
        n = 0
        for app in ws.apps:
            # not remembered: the positions of its paths (8 MB at 800 stores) go with it
            chain = ws.cascade(s.key, app, remember=False)
            if _needs_tree(ws, s.key, chain):
                n += _walk_tree(ws, paths, s.key, s.id, app, overrides)
            else:
                n += _walk_fast(ws, paths, s.key, s.id, app, chain, overrides)
        differs[s.key] = n
    order = {k: i for i, k in enumerate(ws.stores)}
    overrides.sort(key=lambda o: (order[o.store], o.app, o.path))
    return differs, overrides


def _needs_tree(ws: Workspace, store_key: str, chain: Chain) -> bool:
    """Chains with ignore rules or file/folder clashes take the engine's effective tree."""
    return bool(ws.ignore_rules(store_key)) or chain.clashes


def _walk_fast(
    ws: Workspace,
    paths: _Paths,
    store: str,
    store_id: str,
    app: str,
    chain: Chain,
    overrides: list[OverrideDiff],
) -> int:
    """One store and app from the cascade's decisions (cascade.py), without a tree: only the paths
    some store layer of the chain has are looked at one by one (the rest is the base's own file).
    Adds the own overrides to `overrides`; returns how many files differ from the base's."""
    keys = ws.chain(store)
    base = chain.files[-1]
    differs = 0
    for key, _at, d in chain.own_decisions():
        if d.special:
            continue
        if d.verdict is Verdict.OWN:
            overrides.append(_diff(ws, paths, store, store_id, app, chain.files[0][key].name, key, keys[d.hidden]))
        b = base.get(key)
        if b is None or _differs(paths, app, keys[d.win], chain.winner(key, d), b):
            differs += 1
    return differs


def _walk_tree(ws: Workspace, paths: _Paths, store: str, store_id: str, app: str, overrides: list[OverrideDiff]) -> int:
    """`_walk_fast` through the engine's effective tree (ignore rules, file/folder clashes)."""
    tree = ws.effective_tree(store, app, remember=False)
    base = ws.layer(None, app).files
    differs = 0
    for f in tree.files:
        if f.special:
            continue
        key = ws.key(f.path)
        if f.status is not Status.INHERITED and f.status is not Status.ADDED:
            overrides.append(_diff(ws, paths, store, store_id, app, f.path, key, _hidden(ws, store, app, key)))
        if f.winner_key is not None:
            st = ws.layer(f.winner_key, app).files[key]
            b = base.get(key)
            if b is None or _differs(paths, app, f.winner_key, st, b):
                differs += 1
    return differs


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
    cosmetic = False
    if redundant:
        stat = _SAME
    else:
        pace.pause()  # a line diff is the review's longest step: a store can have hundreds of them
        stat, cosmetic = _compare(path, theirs, mine)
    return OverrideDiff(
        store,
        store_id,
        app,
        own.name,
        paths.source_root(store, app),
        hidden,
        ws.layer_id(hidden),
        paths.source_root(hidden, app),
        stat,
        redundant,
        cosmetic,
        hidden_name=None if hidden_stat.name == own.name else hidden_stat.name,
    )


_SAME = DiffStat()  # a redundant override's stat: one object shared by all


def _compare(path: str, theirs: str, mine: str) -> tuple[DiffStat, bool]:
    """Changed lines from the hidden file to the override, and whether the change is cosmetic (F4)."""
    try:
        a, b = fsio.read_bytes(theirs), fsio.read_bytes(mine)
    except OSError:
        return DiffStat(binary=True), False
    if len(a) > MAX_DIFF_BYTES or len(b) > MAX_DIFF_BYTES:
        return DiffStat(too_large=True), False
    la, lb = lines_of(a), lines_of(b)
    if la is None or lb is None:
        return DiffStat(binary=True), False
    ops = opcodes(la, lb)
    ins = dels = changed = 0
    for tag, i1, i2, j1, j2 in ops:  # as diffstat.stat_lines counts them, from the one diff
        if tag != "equal":
            ins += j2 - j1
            dels += i2 - i1
            changed += max(i2 - i1, j2 - j1)
    return DiffStat(ins, dels, changed), changed > 0 and is_cosmetic(path, la, lb, ops)


def _scorecards(
    ws: Workspace,
    differs: dict[str, int],
    overrides: list[OverrideDiff],
    stale: tuple[StaleOverride, ...] | None,
    orphaned: tuple[OrphanedFile, ...] | None,
) -> tuple[Scorecard, ...]:
    lines: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for o in overrides:
        acc = lines[o.store]
        acc[0] += o.stat.changed
        acc[1] += o.stat.insertions
        acc[2] += o.stat.deletions
        acc[3] += o.cosmetic
    stale_by: dict[str, list[int]] = defaultdict(list)
    for f in stale or ():
        stale_by[f.override.store].append(f.stale_days)
    orphans_by: dict[str, int] = defaultdict(int)
    for g in orphaned or ():
        orphans_by[g.store] += 1
    cards = []
    for s in ws.stores.values():
        apps = {a: ws.counts(s.key, a) for a in ws.apps}  # the one count: stats and the app show these
        total = AppCounts(*(sum(getattr(c, f) for c in apps.values()) for f in _COUNT_FIELDS))
        acc = lines[s.key]
        ages = stale_by.get(s.key, [])
        cards.append(
            Scorecard(
                store=s.key,
                store_id=s.id,
                kind=s.kind,
                depth=s.depth,
                parent=s.parent,
                apps=MappingProxyType(apps),
                files=total.inherited + total.override + total.added + total.redundant,
                inherited=total.inherited,
                override=total.override,
                added=total.added,
                ignored=total.ignored,
                redundant=total.redundant,
                cosmetic=acc[3],
                differs_from_base=differs[s.key],
                lines_changed=acc[0],
                insertions=acc[1],
                deletions=acc[2],
                stale=None if stale is None else len(ages),
                oldest_stale_days=None if stale is None else (max(ages) if ages else None),
                orphaned=None if orphaned is None else orphans_by.get(s.key, 0),
            )
        )
    return tuple(cards)


_COUNT_FIELDS = ("inherited", "override", "added", "redundant", "ignored")


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


SCORECARD_COLUMNS = (
    "inherited",
    "override",
    "added",
    "ignored",
    "redundant",
    "cosmetic",
    "stale",
    "orphaned",
    "differs",
    "overridden",
)


def scorecard_files(ws: Workspace, rv: Review, store_key: str, column: str) -> tuple[tuple[str, str], ...]:
    """The (app, path) pairs behind one scorecard cell, e.g. column 'stale' or 'inherited'
    ('overridden' is override and redundant together)."""
    if column == "redundant":
        return tuple((f.override.app, f.override.path) for f in rv.redundant if f.override.store == store_key)
    if column == "cosmetic":
        return tuple((f.override.app, f.override.path) for f in rv.cosmetic if f.override.store == store_key)
    if column == "stale":
        return tuple((f.override.app, f.override.path) for f in rv.stale if f.override.store == store_key)
    if column == "orphaned":
        return tuple((f.app, f.path) for f in rv.orphaned if f.store == store_key)
    out: list[tuple[str, str]] = []
    paths = _Paths(ws)
    for app in ws.apps:
        tree = ws.effective_tree(store_key, app)
        if column == "ignored":
            out.extend((app, p) for p in tree.ignored)
            continue
        base = ws.layer(None, app).files
        for f in tree.files:
            if (
                (column == "inherited" and f.status is Status.INHERITED)
                or (column == "added" and f.status is Status.ADDED)
                or (column == "override" and f.status is Status.OVERRIDE)
                or (column == "overridden" and f.status in _OWN)
                or (
                    column == "differs"
                    and not f.special
                    and f.winner_key is not None
                    and _tree_differs(ws, paths, app, f, base)
                )
            ):
                out.append((app, f.path))
    return tuple(out)


def _tree_differs(ws: Workspace, paths: _Paths, app: str, f: EffectiveFile, base: Mapping[str, FileStat]) -> bool:
    key = ws.key(f.path)
    b = base.get(key)
    return b is None or _differs(paths, app, f.winner_key, ws.layer(f.winner_key, app).files[key], b)


def stale_versions(ws: Workspace, finding: StaleOverride) -> tuple[Text, Text, Text]:
    """The three versions of a three-way view: the parent then, the parent now, the override now."""
    from storelayers.resolver.content import looks_binary

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
