"""Incremental updates: re-read only the paths that changed, and say which entries changed.

The cost follows the change: each changed path is re-listed in its own layer, and only the stores
whose chain holds that layer are asked again about those paths. Changes to the config or to the
store structure (a store folder, an app folder, a `stores/` folder) reload the workspace and report
`full`.
"""

from __future__ import annotations

import os
import stat as stat_mod
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Protocol, TypeVar

from storelayers.resolver import fsio
from storelayers.resolver.cascade import Chain
from storelayers.resolver.config import CONFIG_NAME
from storelayers.resolver.content import DigestCache
from storelayers.resolver.editorconfig import TSCONFIG
from storelayers.resolver.model import (
    AppCounts,
    ChangeSet,
    Diagnostic,
    EffectiveFile,
    EffectiveTree,
    EntryChange,
    FileStat,
    Options,
    Status,
    Store,
)
from storelayers.resolver.scan import (
    OUTSIDE_FILE,
    KeyFn,
    LayerListing,
    ScanContext,
    make_context,
    scan_into,
    scan_layer,
    skipped,
)
from storelayers.resolver.snapshot import Carried, LayerKey, Pair

WHOLE = ""  # a touched rel path meaning "the whole layer"

S = TypeVar("S", bound="Snapshotted")


class Snapshotted(Protocol):
    """What an update needs of a snapshot (`Workspace` is one): its queries, and how to build the next.

    The update is a function over this interface, so this module needs neither `workspace` nor
    any private state of it."""

    @property
    def root(self) -> Path: ...
    @property
    def options(self) -> Options: ...
    @property
    def apps(self) -> tuple[str, ...]: ...
    @property
    def stores(self) -> Mapping[str, Store]: ...
    @property
    def digests(self) -> DigestCache: ...
    @property
    def key(self) -> KeyFn: ...
    @property
    def structure_diagnostics(self) -> tuple[Diagnostic, ...]: ...

    def layer_items(self) -> Iterator[tuple[LayerKey, LayerListing]]: ...
    def layer(self, store_key: str | None, app: str) -> LayerListing: ...
    def source(self, store_key: str | None, app: str, name: str) -> str: ...
    def abs_str(self, store_key: str | None, app: str, name: str) -> str: ...
    def store_prefix(self, parts: list[str]) -> int: ...
    def chain(self, store_key: str) -> tuple[str | None, ...]: ...
    def descendants(self, store_key: str | None) -> list[str]: ...
    def link_layers(self) -> tuple[LayerKey, ...]: ...
    def owners(self, app: str) -> Mapping[str, frozenset[str]]: ...
    def conflict_keys(self, app: str) -> frozenset[str]: ...
    def entry(self, store_key: str, app: str, path: str) -> tuple[EffectiveFile | None, bool]: ...
    def remembered(self) -> tuple[dict[Pair, EffectiveTree], dict[Pair, AppCounts]]: ...
    def remembered_owners(self) -> dict[str, Mapping[str, frozenset[str]]]: ...
    def remembered_chains(self) -> dict[Pair, Chain]: ...
    def derive(self: S, layers: Mapping[LayerKey, LayerListing], carried: Carried | None = None) -> S: ...
    def adopt_counts(self, counts: Mapping[Pair, AppCounts]) -> None: ...
    def adopted_counts(self) -> Mapping[Pair, AppCounts]: ...
    def reloaded(self: S) -> S: ...


class _Full(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _classify(ws: Snapshotted, rel: str, abs_path: str) -> tuple[LayerKey, str] | None:
    """Map a workspace-relative path to (layer, layer-relative path); None when it cannot matter.

    Raises _Full when the change alters the workspace's structure or config."""
    parts = [p for p in rel.split("/") if p not in ("", ".")]
    if not parts:
        raise _Full("the workspace folder changed")
    if parts[0] != "apps":
        if len(parts) == 1 and parts[0] == CONFIG_NAME:
            raise _Full(f"{CONFIG_NAME} changed")
        if parts == ["package.json"] or parts[:3] == ["node_modules", "@alokai", "cli"]:
            raise _Full("the @alokai/cli version may have changed (rule 2)")
        return None
    if len(parts) == 1:
        raise _Full("apps/ changed")
    second = parts[1]
    if second in ws.apps:
        if len(parts) == 2:
            raise _Full(f"base app folder apps/{second} changed")
        return _layer_rel(ws, None, second, parts[2:])
    if second != "stores":
        if second.startswith(".") or not (ws.root / "apps" / second).is_dir():
            return None  # a dot folder, or a file directly in apps/
        raise _Full(f"new app folder apps/{second}")
    n_best = ws.store_prefix(parts)
    if n_best == 0:
        if len(parts) == 2 or os.path.isdir(abs_path):
            raise _Full("the store folders changed")
        if len(parts) == 3:
            return None  # a file directly in apps/stores/
        raise _Full("the store folders changed")
    best = "/".join(parts[:n_best])
    rest = parts[n_best:]
    if not rest:
        raise _Full(f"store folder {best} changed")
    head = rest[0]
    if len(rest) == 1 and head not in fsio.SKIPPED_NAMES:  # rule 14: a file directly in a store folder
        entry = f"{best}/{head}"
        was_file = any(d.code == "stray-file" and d.path == entry for d in ws.structure_diagnostics)
        if was_file != (ws.root / entry).is_file():
            raise _Full(f"file {entry} appeared or went")
        if was_file:
            return None
    if head in ws.apps:
        return _layer_rel(ws, best, head, rest[1:])
    if head in fsio.SKIPPED_NAMES:
        return None
    if head == "stores":
        if len(rest) == 1 or len(rest) == 2 and (os.path.isdir(abs_path) or not os.path.exists(abs_path)):
            raise _Full(f"child stores of {best} changed")
        return None
    stray = f"{best}/{head}"
    was_stray = any(d.code == "stray-folder" and d.path == stray for d in ws.structure_diagnostics)
    if was_stray != (ws.root / stray).is_dir():
        raise _Full(f"folder {stray} appeared or went")
    return None


def _layer_rel(ws: Snapshotted, skey: str | None, app: str, rest: list[str]) -> tuple[LayerKey, str] | None:
    if any(p in fsio.SKIPPED_NAMES for p in rest):
        return None
    if skey is not None and len(rest) == 1 and ws.key(rest[0]) == ws.key(TSCONFIG):
        raise _Full(f"{skey}/{app}/{rest[0]} changed (rule 15 reads it)")
    return (skey, app), "/".join(rest)


def _under(key: str, prefix: str) -> bool:
    return key == prefix or key.startswith(prefix + "/")


def _patch(
    ws: Snapshotted, lk: LayerKey, rels: set[str], ctx: ScanContext | None = None
) -> tuple[LayerListing, set[str]]:
    """Re-read `rels` in one layer. Returns the new listing and the keys whose entry may differ."""
    skey, app = lk
    root_s = ws.abs_str(skey, app, "").rstrip(os.sep)  # the layer folder (a string: no Path per update)
    old = ws.layer(skey, app)
    if ctx is None:
        ctx = make_context(str(ws.root), ws.key)
    if WHOLE in rels or not old.exists or not os.path.isdir(root_s) or _has_folder_links(old):
        new = scan_layer(root_s, ctx)
        keys = set(old.files) | set(new.files) | set(old.folders) | set(new.folders)
        return new, keys
    files = dict(old.files)
    folders = set(old.folders)
    diags = list(old.diagnostics)
    links = list(old.links)
    touched: set[str] = set()
    src_prefix = ws.source(skey, app, "")

    def drop(rel: str) -> None:
        k = ws.key(rel)
        if files.pop(k, None) is not None:
            touched.add(k)
        if k in folders:  # a folder takes its whole subtree with it
            for fk in [fk for fk in files if _under(fk, k)]:
                del files[fk]
                touched.add(fk)
            for dk in [dk for dk in folders if _under(dk, k)]:
                folders.discard(dk)
                touched.add(dk)
        src = src_prefix + rel
        diags[:] = [d for d in diags if not (d.path == src or d.path.startswith(src + "/"))]
        links[:] = [lnk for lnk in links if not _under(lnk[0], rel)]
        touched.add(k)

    kinds_of: dict[str, list[str]] = {}  # parent rel -> what each of its folders is, asked of the disk once

    for rel in sorted(rels, key=lambda r: (r.count("/"), r)):
        parts = rel.split("/")
        parent = rel.rpartition("/")[0]
        kinds = kinds_of.get(parent)
        if kinds is None:
            kinds = kinds_of[parent] = fsio.folder_kinds(root_s, parts[:-1])
        # Ancestors first: a vanished or replaced folder takes its whole subtree with it.
        dead = None
        anc = ""
        for n in range(1, len(parts)):
            anc = f"{anc}/{parts[n - 1]}" if anc else parts[0]
            st = kinds[n - 1]
            if st == "link":
                return _patch(ws, lk, {WHOLE}, ctx)  # a link above the change: re-read the layer
            if st == "gone":
                dead = anc
                break
            ak = ws.key(anc)
            if ak in files:
                drop(anc)
            if ak not in folders:
                folders.add(ak)
                touched.add(ak)
        if dead is not None:
            drop(dead)
            dead_abs = os.path.join(root_s, *dead.split("/"))
            if os.path.exists(dead_abs) or os.path.islink(dead_abs):
                try:
                    _add(ws, ctx, root_s, dead, files, folders, diags, links, touched)
                except _Relist:
                    return _patch(ws, lk, {WHOLE}, ctx)
            continue
        drop(rel)
        try:
            _add(ws, ctx, root_s, rel, files, folders, diags, links, touched)
        except _Relist:
            return _patch(ws, lk, {WHOLE}, ctx)
    new = LayerListing(MappingProxyType(files), frozenset(folders), tuple(diags), True, tuple(sorted(links)))
    if _has_folder_links(new):  # a folder link appeared: which real folder is read first is the layer's call
        return _patch(ws, lk, {WHOLE}, ctx)
    return new, touched


def _has_folder_links(listing: LayerListing) -> bool:
    """Any link but a followed file link: which real folder is read first, and what a skipped or
    dangling link leads to, depend on the whole layer, so such a layer is re-read whole."""
    return any(rel not in listing.files and rel.casefold() not in listing.files for rel, _t in listing.links)


def _add(
    ws: Snapshotted,
    ctx: ScanContext,
    root: str,
    rel: str,
    files: dict[str, FileStat],
    folders: set[str],
    diags: list[Diagnostic],
    links: list[tuple[str, str]],
    touched: set[str],
) -> None:
    """Read one path (file, folder or link) back into a layer listing. Raises _Relist for a link
    that is not a plain file link (to a folder, dangling, to a fifo...): the layer decides what
    such a link shows, so it is read whole."""
    abs_path = os.path.join(root, *rel.split("/"))
    k = ws.key(rel)
    is_link = os.path.islink(abs_path)
    st = fsio.stat_path(abs_path)
    if is_link and (st is None or not stat_mod.S_ISREG(st.st_mode)):
        raise _Relist()
    if st is None:
        return  # vanished
    if stat_mod.S_ISDIR(st.st_mode):
        # `_patch` checked that no folder between the layer root and here is a link, so their real
        # paths are the root's plus the names: no realpath() per level (which would cost depth**2)
        root_real = ctx.real_dir(root)
        parent_rel = rel.rpartition("/")[0]
        parent_real = root_real + os.sep + parent_rel.replace("/", os.sep) if parent_rel else root_real
        anc_real = ctx.ancestors_real(root) + (root_real, parent_real)
        folders.add(k)
        touched.add(k)
        sub_files: dict[str, FileStat] = {}
        sub_folders: set[str] = set()
        start_real = parent_real.rstrip(os.sep) + os.sep + os.path.basename(abs_path)
        scan_into(ctx, abs_path, rel, sub_files, sub_folders, diags, links, anc_real, start_real=start_real)
        files.update(sub_files)
        folders.update(sub_folders)
        touched.update(sub_files)
        touched.update(sub_folders)
    elif stat_mod.S_ISREG(st.st_mode):
        touched.add(k)
        if is_link:
            real = fsio.real_path(abs_path)
            links.append((rel, real))
            if not fsio.is_inside(real, ctx.ws_real):  # rule 11: a file link out is skipped, as in `scan`
                diags.append(skipped(ctx, abs_path, OUTSIDE_FILE))
                return
        files[k] = FileStat(rel, st.st_size, st.st_mtime_ns)


class _Relist(Exception):
    """A layer changed in a way only reading it whole can answer."""


def _link_targets(ws: Snapshotted, abs_real: str) -> Iterable[tuple[LayerKey, str]]:
    """Layers that see `abs_real` through a followed symlinked folder."""
    for lk in ws.link_layers():
        for rel, target in ws.layer(*lk).links:
            if fsio.is_inside(abs_real, target):
                tail = os.path.relpath(abs_real, target).replace(os.sep, "/")
                yield lk, rel if tail == "." else f"{rel}/{tail}"
            elif fsio.is_inside(target, abs_real):  # a folder above the target changed
                yield lk, rel


def apply_update(ws: S, changed: Iterable[str | os.PathLike[str]]) -> tuple[S, ChangeSet]:
    """The next snapshot after `changed` paths changed on disk, and the entries that differ."""
    touched: dict[LayerKey, set[str]] = {}
    any_links = bool(ws.link_layers())
    root_real = fsio.real_path(str(ws.root))
    ws_real = root_real
    cfg = os.path.join(str(ws.root), CONFIG_NAME)
    cfg_real = fsio.real_path(cfg) if os.path.islink(cfg) else None
    # every path the watcher reported, made absolute (a full reload forgets all their digests)
    seen = [os.path.normpath(str(p if p.is_absolute() else ws.root / p)) for p in map(Path, changed)]
    try:
        for abs_path in seen:
            rel = os.path.relpath(abs_path, ws.root).replace(os.sep, "/")
            if (rel == ".." or rel.startswith("../")) and fsio.is_inside(abs_path, root_real):
                # reported under the real path of a workspace opened through a link
                rel = os.path.relpath(abs_path, root_real).replace(os.sep, "/")
                abs_path = os.path.join(str(ws.root), *rel.split("/"))
            real = fsio.real_path(abs_path) if any_links or cfg_real else abs_path
            if cfg_real is not None and real == cfg_real:
                raise _Full(f"{CONFIG_NAME} changed (through its link)")
            if any_links:
                # the entry itself (its folder resolved, not it: a new link there is reported as
                # itself) and, when it is a link, where it leads
                spots = {os.path.join(fsio.real_path(os.path.dirname(abs_path)), os.path.basename(abs_path)), real}
                for spot in spots:
                    for lk, r in _link_targets(ws, spot):
                        touched.setdefault(lk, set()).add(r)
            if rel == ".." or rel.startswith("../"):
                continue
            hit = _classify(ws, rel, abs_path)
            if hit is not None:
                touched.setdefault(hit[0], set()).add(hit[1])
            # the root is resolved already: only the parts below it are asked
            real_dir = fsio.real_path_below(root_real, os.path.dirname(rel).replace("/", os.sep))
            real_abs = os.path.join(real_dir, os.path.basename(abs_path))
            if real_abs != abs_path:  # reported through a link: where it really is counts too (rule 14)
                real_rel = os.path.relpath(real_abs, ws_real).replace(os.sep, "/")
                if real_rel != ".." and not real_rel.startswith("../"):
                    hit = _classify(ws, real_rel, real_abs)
                    if hit is not None:
                        touched.setdefault(hit[0], set()).add(hit[1])
    except _Full as full:
        # The digest cache carries over to the new snapshot: what the watcher reported (and what
        # links lead to it) may have kept its size and mtime, so its digest is forgotten first.
        for path in seen:
            ws.digests.forget(path)
            for (skey, app), r in _link_targets(ws, fsio.real_path(path)) if any_links else ():
                ws.digests.forget(ws.abs_str(skey, app, r))
        _forget_digests(ws, ws, {lk: {ws.key(r) for r in rs} for lk, rs in touched.items()})
        return ws.reloaded(), ChangeSet(full=True, reason=full.reason)
    if not touched:
        return ws, ChangeSet()

    layers = dict(ws.layer_items())
    patched: dict[LayerKey, set[str]] = {}
    ctx = make_context(str(ws.root), ws.key, root_real)  # one for every layer: the root resolved once
    for lk, rels in touched.items():
        new_listing, keys = _patch(ws, lk, rels, ctx)
        if new_listing.exists or new_listing.diagnostics or lk[0] is None:  # as load() keeps them
            layers[lk] = new_listing
        else:
            layers.pop(lk, None)
        patched[lk] = keys

    affected_pairs = {(s, app) for (skey, app) in patched for s in ws.descendants(skey)}
    trees, counts = ws.remembered()
    # what the previous snapshot adopted and was never asked: needed only if it did not work out every count
    earlier = ws.adopted_counts() if len(counts) < len(ws.stores) * len(ws.apps) else {}
    link_layers = None
    if not any(layers[lk].links for lk in patched if lk in layers):
        link_layers = tuple(lk for lk in ws.link_layers() if lk not in patched)
    clashes = _carry_conflicts(ws, layers, patched)
    # a cascade holds its layers and the app's file/folder clashes: kept where neither changed
    same_clashes = {app for app in ws.apps if clashes.get(app) == ws.conflict_keys(app)}
    carried = Carried(
        trees={p: t for p, t in trees.items() if p not in affected_pairs},
        conflict_keys=clashes,
        owners=_carry_owners(ws, layers, patched),
        link_layers=link_layers,
        chains={p: c for p, c in ws.remembered_chains().items() if p not in affected_pairs and p[1] in same_clashes},
    )
    new = ws.derive(MappingProxyType(layers), carried)

    # Which (store, app, path) entries may differ. A path whose presence did not change in its
    # layer (an edit in place) can only change the status of the stores that override it; a path
    # that appeared or went can change every store below the layer.
    candidates: set[tuple[str, str, str]] = set()
    for (skey, app), keys in patched.items():
        old_l, new_l = ws.layer(skey, app), new.layer(skey, app)
        below = ws.descendants(skey)
        conflicts = ws.conflict_keys(app) | new.conflict_keys(app)
        owners = _owners(ws, new, skey, app, keys)
        for k in keys:
            moved = (k in old_l.files) != (k in new_l.files) or (k in old_l.folders) != (k in new_l.folders)
            if moved or k in conflicts:
                stores = below
            else:  # an edit in place: only the stores whose own layer has the path can change
                stores = owners.get(k, [])
            for s in stores:
                candidates.add((s, app, k))
            if k in conflicts:  # rule 10: the paths below a file/folder clash may change too
                for other in _keys_below(ws, new, app, k):
                    for s in below:
                        candidates.add((s, app, other))
        if len(candidates) > MAX_ENTRY_CHANGES:
            break
    if len(candidates) > MAX_ENTRY_CHANGES:
        _forget_digests(ws, new, patched)
        new.adopt_counts(PatchedCounts(counts, earlier, (), affected_pairs))  # the others hold
        return new, ChangeSet(full=True, reason=f"more than {MAX_ENTRY_CHANGES:,} entries to compare")

    befores = [(s, app, k, ws.entry(s, app, k)) for s, app, k in sorted(candidates)]
    _forget_digests(ws, new, patched)
    entries = []
    for s, app, k, (b, b_ign) in befores:
        a, a_ign = new.entry(s, app, k)
        if a != b or a_ign != b_ign:
            path = a.path if a is not None else (b.path if b is not None else k)
            entries.append(EntryChange(s, app, path, b, a, b_ign, a_ign))
    new.adopt_counts(PatchedCounts(counts, earlier, entries))
    return new, ChangeSet(tuple(entries))


class PatchedCounts(Mapping[Pair, AppCounts]):
    """The counts of a snapshot made by an update: the previous snapshot's (what it had `known`
    and what it had adopted `earlier`), with each entry that changed moved from its old status to
    its new one. Exact because the change set names every entry that differs (the property tests
    check it), so the rest of each store's tree is as it was; a count the previous snapshot never
    had, or one of `unknown`, stays unknown.

    Nothing is worked out per store at the update: a count is when it is asked (`Workspace.counts`
    remembers it), so an edit of a base file, which is below every store, costs what it changed.
    Snapshots updated again and again without a count asked in between stack up; past `MAX_DEPTH`
    the earlier ones are put together into one table. Immutable once made."""

    MAX_DEPTH = 16
    depth: int  # how many updates' patches stack up here (1: on counts worked out)

    def __init__(
        self,
        known: Mapping[Pair, AppCounts],
        earlier: Mapping[Pair, AppCounts],
        entries: Iterable[EntryChange],
        unknown: frozenset[Pair] | set[Pair] = frozenset(),
    ) -> None:
        depth = earlier.depth + 1 if isinstance(earlier, PatchedCounts) else 1
        if depth > self.MAX_DEPTH:
            earlier, depth = dict(earlier.items()), 1
        self.depth = depth
        self._known = known  # a copy the caller does not change
        self._earlier = earlier
        self._unknown = unknown
        deltas: dict[Pair, list[int]] = {}
        for e in entries:
            d = deltas.setdefault((e.store, e.app), [0, 0, 0, 0, 0])
            for entry, ignored, sign in ((e.before, e.was_ignored, -1), (e.after, e.is_ignored, 1)):
                if ignored:
                    d[4] += sign
                elif entry is not None:
                    d[_SLOT[entry.status]] += sign
        self._deltas = deltas

    def __getitem__(self, pair: Pair) -> AppCounts:
        if pair in self._unknown:
            raise KeyError(pair)
        c = self._known.get(pair)
        if c is None:
            c = self._earlier[pair]
        moved = self._deltas.get(pair)
        if moved is None:
            return c
        i, o, a, r, g = moved
        return AppCounts(c.inherited + i, c.override + o, c.added + a, c.redundant + r, c.ignored + g)

    def _pairs(self) -> set[Pair]:
        return (set(self._known) | set(self._earlier)) - self._unknown

    def __iter__(self) -> Iterator[Pair]:
        return iter(self._pairs())

    def __len__(self) -> int:
        return len(self._pairs())


_SLOT = {Status.INHERITED: 0, Status.OVERRIDE: 1, Status.ADDED: 2, Status.REDUNDANT: 3}


MAX_ENTRY_CHANGES = 50_000
"""Above this many entries to compare, an update says `full` (repaint all) instead of listing them."""


def _owners(ws: Snapshotted, new: Snapshotted, skey: str | None, app: str, keys: set[str]) -> dict[str, list[str]]:
    """For each of `keys`: the stores below layer `skey` whose own layer has it, before or after."""
    old_idx, new_idx = ws.owners(app), new.owners(app)
    out: dict[str, list[str]] = {}
    for k in keys:
        having = old_idx.get(k, frozenset()) | new_idx.get(k, frozenset())
        if skey is not None:
            having = frozenset(s for s in having if skey in ws.chain(s))
        if having:
            out[k] = sorted(having)
    return out


def _carry_owners(
    ws: Snapshotted, layers: Mapping[LayerKey, LayerListing], patched: dict[LayerKey, set[str]]
) -> dict[str, Mapping[str, frozenset[str]]]:
    """The store-owner index of each app the old snapshot knows, changed only where layers changed."""
    out: dict[str, Mapping[str, frozenset[str]]] = {}
    for app, idx in ws.remembered_owners().items():
        store_patches = [(skey, keys) for (skey, a), keys in patched.items() if a == app and skey is not None]
        if not store_patches:
            out[app] = idx
            continue
        copy: dict[str, frozenset[str]] | None = None  # made on the first change: an edit in place has none
        for skey, keys in store_patches:
            listing = layers.get((skey, app))
            files = listing.files if listing is not None else {}
            for k in keys:
                cur = (copy if copy is not None else idx).get(k, frozenset())
                has = k in files
                if has == (skey in cur):
                    continue
                if copy is None:
                    copy = dict(idx)
                if has:
                    copy[k] = cur | {skey}
                elif len(cur) > 1:
                    copy[k] = cur - {skey}
                else:
                    del copy[k]
        out[app] = idx if copy is None else MappingProxyType(copy)
    return out


def _keys_below(ws: Snapshotted, new: Snapshotted, app: str, k: str) -> set[str]:
    prefix = k + "/"
    out: set[str] = set()
    for snap in (ws, new):
        for (_s, a), listing in snap.layer_items():
            if a == app:
                out.update(f for f in listing.files if f.startswith(prefix))
    return out


def _forget_digests(ws: Snapshotted, new: Snapshotted, patched: dict[LayerKey, set[str]]) -> None:
    """The watcher said these files changed: their cached digests may hide an edit (same mtime)."""
    for (skey, app), keys in patched.items():
        for k in keys:
            for listing in (ws.layer(skey, app), new.layer(skey, app)):
                st = listing.files.get(k)
                if st is not None:
                    ws.digests.forget(ws.abs_str(skey, app, st.name))


def _same_kinds(old: LayerListing, new: LayerListing | None, keys: set[str]) -> bool:
    """True when each of `keys` is a file (and a folder) in `new` exactly where it was in `old`."""
    new_files = new.files if new is not None else {}
    new_folders = new.folders if new is not None else frozenset()
    old_files, old_folders = old.files, old.folders
    return all((k in old_files) == (k in new_files) and (k in old_folders) == (k in new_folders) for k in keys)


def _carry_conflicts(
    ws: Snapshotted, layers: Mapping[LayerKey, LayerListing], patched: dict[LayerKey, set[str]]
) -> dict[str, frozenset[str]]:
    """The new snapshot's file/folder clash sets, re-checking only the touched paths."""
    by_app: dict[str, set[str]] = {}
    for (_skey, app), keys in patched.items():
        by_app.setdefault(app, set()).update(keys)
    out: dict[str, frozenset[str]] = {}
    for app in ws.apps:
        old = ws.conflict_keys(app)
        touched = by_app.get(app)
        if not touched or all(
            _same_kinds(ws.layer(*lk), layers.get(lk), keys) for lk, keys in patched.items() if lk[1] == app
        ):  # no path became or stopped being a file or a folder in any layer (an edit in place)
            out[app] = old
            continue
        keys = touched
        app_layers = [L for (_s, a), L in layers.items() if a == app]
        current = set(old - keys)
        if len(keys) > 32:  # many paths: one union of the folders instead of a scan per path
            folder_union: set[str] = set()
            for L in app_layers:
                folder_union.update(L.folders)
            maybe = [k for k in keys if k in folder_union]
        else:
            maybe = [k for k in keys if any(k in L.folders for L in app_layers)]
        for k in maybe:
            if any(k in L.files for L in app_layers):
                current.add(k)
        out[app] = frozenset(current)
    return out
