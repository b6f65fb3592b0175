"""Where overrides pile up: hotspot paths, folder clusters and the folders-by-stores heatmap.

Each finding carries a suggestion a tech lead can act on: move a copy that several stores share
into a template store above them, or make the thing configurable when every store changes it
its own way.
"""

from __future__ import annotations

from collections import defaultdict

from storelayers.resolver.review.findings import FolderCluster, Heatmap, Hotspot, OverrideDiff, ReviewOptions
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
    """Paths overridden in `k` or more stores, most stores first, each with a suggestion."""
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
        parent = shared_parent(ws, stores)
        where = f"the template store '{ws.stores[parent].id}'" if parent else "a template store shared by them"
        n = len(stores)
        if len(copies) == 1:
            action = "move-up"
            suggestion = f"All {n} stores carry the same copy: move it into {where} and delete the {n} copies."
        elif 2 * len(largest) >= n:
            action = "move-up"
            suggestion = (
                f"{len(largest)} of {n} stores carry the same copy: move it into {where}; "
                f"the other {len(copies) - 1} variant(s) suggest making it configurable."
            )
        else:
            action = "make-configurable"
            shared = f" (at most {len(largest)} of them share one copy)" if len(largest) > 1 else ""
            suggestion = (
                f"{n} stores change it in {len(copies)} different ways{shared}: make it configurable (props, "
                "settings or an extension point) instead of copying the whole file."
            )
        out.append(Hotspot(app, group[0].path, tuple(stores), len(copies), tuple(largest), parent, action, suggestion))
    out.sort(key=lambda h: (-len(h.stores), h.app, h.path))
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
    k = max(1, options.hotspot_min_stores)
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
