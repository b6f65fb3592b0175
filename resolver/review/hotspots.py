"""Where overrides pile up: hotspot paths, folder clusters and the folders-by-stores heatmap.

A hotspot (F5) is a copy several children of one parent share: move it up into the parent. A
folder cluster says where overrides of many stores pile up: make that part configurable.
"""

from __future__ import annotations

from collections import defaultdict

from storelayers.resolver.review.findings import FolderCluster, Heatmap, Hotspot, OverrideDiff, ReviewOptions
from storelayers.resolver.words import plural, verb
from storelayers.resolver.workspace import Workspace


def shared_parent(ws: Workspace, stores: list[str]) -> str | None:
    """The nearest store every one of `stores` inherits from (None: only the base)."""
    common: set[str] | None = None
    for k in stores:
        anc = set(ws.store_chain(k)[1:])
        common = anc if common is None else common & anc
    if not common:
        return None
    return max(common, key=lambda k: ws.stores[k].depth)


def find_hotspots(ws: Workspace, overrides: list[OverrideDiff], k: int) -> tuple[Hotspot, ...]:
    """F5: paths that `k` or more children of one parent override with equal normalised content,
    while the parent's layer lacks that content. A child's copy equal to what it hides is
    redundant (F3), never part of a hotspot."""
    groups: dict[tuple[str | None, str, str], dict[bytes, list[str]]] = defaultdict(lambda: defaultdict(list))
    names: dict[tuple[str | None, str, str], str] = {}
    for o in overrides:
        if o.redundant or o.ignored_in_own_store:
            continue
        key = ws.key(o.path)
        st = ws.layer(o.store, o.app).files[key]
        d = ws.digests.get(ws.abs_str(o.store, o.app, st.name), st.size, st.mtime_ns)
        if d is None:
            continue
        g = (ws.stores[o.store].parent, o.app, key)
        groups[g][d].append(o.store)
        names.setdefault(g, o.path)
    order = {k: i for i, k in enumerate(ws.stores)}
    out = []
    for (parent, app, key), copies in groups.items():
        own = ws.layer(parent, app).files.get(key)
        own_d = ws.digests.get(ws.abs_str(parent, app, own.name), own.size, own.mtime_ns) if own else None
        for d, stores in copies.items():
            if len(stores) < k or d == own_d:
                continue
            stores = sorted(stores, key=order.__getitem__)
            others = sorted((s for d2, ss in copies.items() if d2 != d for s in ss), key=order.__getitem__)
            n = len(stores)
            if parent is None:
                where = "the base app (or a template store above them)"
                who = f"{n} top-level stores"
            else:
                where = f"their parent '{ws.stores[parent].id}'"
                who = f"{n} children of '{ws.stores[parent].id}'"
            suggestion = f"{who} carry the same copy: move it into {where} and delete the {n} copies."
            if others:
                suggestion += (
                    f" {plural(len(others), 'other child store')} {verb(len(others), 'overrides', 'override')} it"
                    f" differently and {verb(len(others), 'keeps its own', 'keep theirs')}."
                )
            out.append(
                Hotspot(
                    app,
                    names[(parent, app, key)],
                    parent,
                    ws.layer_id(parent),
                    tuple(stores),
                    tuple(others),
                    suggestion,
                )
            )
    out.sort(key=lambda h: (-len(h.stores), h.app, h.path, -1 if h.parent is None else order[h.parent]))
    return tuple(out)


def folder_of(path: str, depth: int) -> str:
    """The folder a path is grouped under for clusters and the heatmap ('' for the app root)."""
    parts = path.split("/")[:-1]
    return "/".join(parts[: max(1, depth)])


def find_clusters(
    ws: Workspace, overrides: list[OverrideDiff], options: ReviewOptions
) -> tuple[tuple[FolderCluster, ...], Heatmap]:
    """Folders where overrides of K or more stores cluster, and the folders-by-stores heatmap."""
    cells: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    paths: dict[tuple[str, str], set[str]] = defaultdict(set)
    for o in overrides:
        row = (o.app, folder_of(o.path, options.folder_depth))
        cells[row][o.store] += 1
        paths[row].add(ws.key(o.path))
    k = max(1, options.cluster_min_stores)
    clusters = []
    for row, per_store in cells.items():
        if len(per_store) < k:
            continue
        app, folder = row
        stores = tuple(s for s in ws.stores if s in per_store)
        files = sum(per_store.values())
        where = f"{folder}/" if folder else "the app root"
        parent = shared_parent(ws, list(stores))
        into = f"the template store '{ws.stores[parent].id}'" if parent else "a template store shared by them"
        clusters.append(
            FolderCluster(
                app,
                folder,
                stores,
                files,
                len(paths[row]),
                f"{len(stores)} stores override {plural(len(paths[row]), 'file')} in {where} ({files} copies): make this "
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
