"""The divergence review: how far stores have drifted, what is rotting, what should move up.

`review(ws, options)` walks every store's effective trees once, diffs each override against the
file it hides, reads git history in one batch for staleness, and groups overrides into hotspots,
folder clusters and a heatmap. The report, the CLI and the app all show this one answer.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Optional

from . import fsio
from .content import Text, read_text
from .diffstat import DiffStat, stat_bytes
from .findings import (
    BlastRadius,
    FolderCluster,
    Heatmap,
    Hotspot,
    NearRedundant,
    OverrideDiff,
    Review,
    ReviewOptions,
    Scorecard,
    StaleOverride,
)
from .model import Kind, Status
from .staleness import find_stale
from .workspace import Workspace

__all__ = [
    "ReviewOptions",
    "Review",
    "review",
    "blast",
    "blast_radius",
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


def review(ws: Workspace, options: Optional[ReviewOptions] = None) -> Review:
    """Review a workspace. Raises GitError only when `options.since` cannot be used."""
    options = options or ReviewOptions()
    tallies, overrides = _walk(ws)
    stale_result = find_stale(ws, overrides, options)
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
    hotspots = _hotspots(ws, overrides, max(1, options.hotspot_min_stores))
    clusters, heatmap = _clusters(ws, overrides, options)
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


def _hidden(ws: Workspace, store_key: str, app: str, key: str) -> Optional[str]:
    """Store key of the next layer in the chain that has the path (None for base)."""
    for k in ws.chain(store_key)[1:]:
        if key in ws.layer(k, app).files:
            return k
    return None


def _walk(ws: Workspace) -> tuple[dict[str, _Tally], list[OverrideDiff]]:
    """One pass over every effective tree: status tallies and the own overrides, diffed."""
    tallies: dict[str, _Tally] = {}
    overrides: list[OverrideDiff] = []
    for s in ws.stores.values():
        t = _Tally()
        tallies[s.key] = t
        for app in ws.apps:
            tree = ws.effective_tree(s.key, app)
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
                    if f.status is Status.REDUNDANT:
                        t.redundant += 1
                    overrides.append(_diff(ws, s.key, s.id, app, f.path, key, f.source))
                if f.winner_key is not None and _differs(ws, app, f.winner_key, key, base):
                    t.differs += 1
    return tallies, overrides


def _differs(ws: Workspace, app: str, winner: str, key: str, base: dict) -> bool:
    """True when a store's winning file is not the base app's file (compared after normalising)."""
    b = base.get(key)
    if b is None:
        return True
    w = ws.layer(winner, app).files[key]
    dw = ws.digests.get(str(ws.abs_path(winner, app, w.name)), w.size, w.mtime_ns)
    db = ws.digests.get(str(ws.abs_path(None, app, b.name)), b.size, b.mtime_ns)
    return dw is None or dw != db


def _diff(ws: Workspace, store: str, store_id: str, app: str, path: str, key: str, source: str) -> OverrideDiff:
    hidden = _hidden(ws, store, app, key)
    hidden_stat = ws.layer(hidden, app).files[key]
    own = ws.layer(store, app).files[key]
    da = ws.digests.get(str(ws.abs_path(store, app, own.name)), own.size, own.mtime_ns)
    db = ws.digests.get(str(ws.abs_path(hidden, app, hidden_stat.name)), hidden_stat.size, hidden_stat.mtime_ns)
    redundant = da is not None and da == db
    if redundant:
        stat = DiffStat()
    else:
        try:
            stat = stat_bytes(
                fsio.read_bytes(str(ws.abs_path(hidden, app, hidden_stat.name))),
                fsio.read_bytes(str(ws.abs_path(store, app, own.name))),
            )
        except OSError:
            stat = DiffStat(binary=True)
    return OverrideDiff(
        store, store_id, app, path, source, hidden, ws.layer_id(hidden), ws.source(hidden, app, hidden_stat.name),
        stat, redundant,
    )


def _scorecards(
    ws: Workspace,
    tallies: dict[str, _Tally],
    overrides: list[OverrideDiff],
    near_n: int,
    stale: Optional[tuple[StaleOverride, ...]],
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
                s.key, s.id, s.kind, s.depth, s.parent, t.files, t.inherited, t.overridden, t.added, t.ignored,
                t.redundant, acc[3], t.differs, acc[0], acc[1], acc[2],
                None if stale is None else len(ages),
                None if stale is None else (max(ages) if ages else None),
            )
        )
    return tuple(cards)


def _shared_parent(ws: Workspace, stores: list[str]) -> Optional[str]:
    """The nearest store every one of `stores` inherits from (None: only the base)."""
    common: Optional[set] = None
    for k in stores:
        anc = set(ws.chain(k)[1:-1])
        common = anc if common is None else common & anc
    if not common:
        return None
    return max(common, key=lambda k: ws.stores[k].depth)


def _hotspots(ws: Workspace, overrides: list[OverrideDiff], k: int) -> tuple[Hotspot, ...]:
    by_path: dict[tuple[str, str], list[OverrideDiff]] = defaultdict(list)
    for o in overrides:
        by_path[(o.app, ws.key(o.path))].append(o)
    out = []
    for (app, _), group in by_path.items():
        if len(group) < k:
            continue
        stores = [o.store for o in group]
        copies: dict[object, list[str]] = defaultdict(list)
        for o in group:
            st = ws.layer(o.store, app).files[ws.key(o.path)]
            d = ws.digests.get(str(ws.abs_path(o.store, app, st.name)), st.size, st.mtime_ns)
            copies[d if d is not None else ("unreadable", o.store)].append(o.store)
        largest = max(copies.values(), key=len)
        parent = _shared_parent(ws, stores)
        where = f"the template store '{ws.stores[parent].id}'" if parent else "a template store shared by them"
        n = len(stores)
        if len(copies) == 1:
            action = "move-up"
            suggestion = f"All {n} stores carry the same copy: move it into {where} and delete the {n} copies."
        elif len(largest) >= 2:
            action = "move-up"
            suggestion = (
                f"{len(largest)} of {n} stores carry the same copy: move it into {where}; "
                f"the other {len(copies) - 1} variant(s) suggest making it configurable."
            )
        else:
            action = "make-configurable"
            suggestion = (
                f"{n} stores each change it differently: make it configurable (props, settings or an "
                "extension point) instead of copying the whole file."
            )
        out.append(
            Hotspot(app, group[0].path, tuple(stores), len(copies), tuple(largest), parent, action, suggestion)
        )
    out.sort(key=lambda h: (-len(h.stores), h.app, h.path))
    return tuple(out)


def _folder(path: str, depth: int) -> str:
    parts = path.split("/")[:-1]
    return "/".join(parts[: max(1, depth)])


def _clusters(
    ws: Workspace, overrides: list[OverrideDiff], options: ReviewOptions
) -> tuple[tuple[FolderCluster, ...], Heatmap]:
    cells: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    paths: dict[tuple[str, str], set[str]] = defaultdict(set)
    for o in overrides:
        row = (o.app, _folder(o.path, options.folder_depth))
        cells[row][o.store] += 1
        paths[row].add(ws.key(o.path))
    k = max(1, options.hotspot_min_stores)
    clusters = []
    for row, per_store in cells.items():
        if len(per_store) < k:
            continue
        app, folder = row
        stores = tuple(s for s in ws.stores if s in per_store)
        files = sum(per_store.values())
        where = f"{folder}/" if folder else "the app root"
        parent = _shared_parent(ws, list(stores))
        into = f"the template store '{ws.stores[parent].id}'" if parent else "a template store shared by them"
        clusters.append(
            FolderCluster(
                app, folder, stores, files, len(paths[row]),
                f"{len(stores)} stores override {len(paths[row])} file(s) in {where} ({files} copies): make this "
                f"part configurable, or move the common changes into {into}.",
            )
        )
    clusters.sort(key=lambda c: (-len(c.stores), -c.files, c.app, c.folder))
    ranked = sorted(cells, key=lambda r: (-sum(cells[r].values()), -len(cells[r]), r))[: options.heatmap_rows]
    ranked.sort()
    used = {s for r in ranked for s in cells[r]}
    columns = tuple(s for s in ws.stores if s in used)
    counts = tuple(tuple(cells[r].get(s, 0) for s in columns) for r in ranked)
    return tuple(clusters), Heatmap(tuple(ranked), columns, counts)


def blast(ws: Workspace, layer_key: Optional[str], app: str, path: str) -> BlastRadius:
    """The stores whose effective tree takes this layer's file at `path` (SPEC rule 12 for one path)."""
    ws.check_app(app)
    path = path.strip().replace("\\", "/").strip("/")
    stores = []
    if ws.key(path) in ws.layer(layer_key, app).files:
        for d in ws.descendants(layer_key):
            e, _ = ws.entry(d, app, path)
            if e is not None and e.winner_key == layer_key:
                stores.append(d)
    deployable = tuple(k for k in stores if ws.stores[k].kind is Kind.DEPLOYABLE)
    return BlastRadius(layer_key, app, path, tuple(stores), deployable)


def blast_radius(ws: Workspace, store_key: Optional[str], app: str, path: str) -> tuple[str, ...]:
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
                or (column == "differs" and f.winner_key is not None
                    and _differs(ws, app, f.winner_key, ws.key(f.path), base))
            ):
                out.append((app, f.path))
    return tuple(out)


def stale_versions(ws: Workspace, finding: StaleOverride) -> tuple[Text, Text, Text]:
    """The three versions of a three-way view: the parent then, the parent now, the override now."""
    from .content import decode, looks_binary

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
