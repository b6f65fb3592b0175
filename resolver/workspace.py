"""The workspace snapshot: stores, layers and the cascade that decides each file (SPEC rules 1-11).

A `Workspace` answers questions about one `Snapshot` (the state read from disk, see
`snapshot.py`); the rule itself lives in `cascade.py`. `load()` reads one from disk; `update()`
builds the next from the paths that changed (`incremental.py`), re-reading only those.

Threading contract: a snapshot is immutable and safe to query from any thread. Its answers are
remembered in `memo.Memo` tables (writes hold a lock; a table that only grows is read without one,
see memo.py); nothing in a snapshot changes after it is built except those tables.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from operator import attrgetter
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from storelayers.resolver import incremental, loading, pace
from storelayers.resolver.cascade import PACKAGE_JSON, TSCONFIG_JSON, Chain, Decision, Verdict
from storelayers.resolver.content import DigestCache
from storelayers.resolver.errors import UnknownAppError, UnknownStoreError
from storelayers.resolver.ignore import IgnoreRules
from storelayers.resolver.ignorecheck import ignore_diagnostics
from storelayers.resolver.memo import Memo
from storelayers.resolver.model import (
    BASE,
    AppCounts,
    ChainLink,
    ChangeSet,
    Diagnostic,
    EffectiveFile,
    EffectiveTree,
    Explanation,
    Level,
    Options,
    Status,
    Store,
    StoreStats,
    effective_file,
)
from storelayers.resolver.pace import paced
from storelayers.resolver.scan import EMPTY, LayerListing, identity
from storelayers.resolver.snapshot import Carried, LayerKey, Pair, Snapshot

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "MAX_CACHED_FILES",
    "MAX_CACHED_TREES",
    "PACKAGE_JSON",
    "TSCONFIG_JSON",
    "LayerKey",
    "Workspace",
    "load",
]

MAX_CACHED_TREES = 64
"""Effective trees remembered per snapshot (a tree of 3,000 files is about 1 MB of entries)..."""
MAX_CACHED_FILES = 80_000
"""... and the files they may hold together (the newest tree is always kept): 64 trees of an
800-store workspace's 6,600 files were 84 MB; 80,000 entries are some 16 MB, more than the window's
own tree cache keeps (`gui.tree_cache.FILES`)."""


def _tree_files(tree: EffectiveTree) -> int:
    return len(tree.files)


_POSIX = os.sep == "/"

_NO_COUNTS: Mapping[Pair, AppCounts] = MappingProxyType({})


_by_path = attrgetter("path")  # an entry's path: the sort key of a tree (in C, 13,600 calls a tree)


def _by_entry_path(item: tuple[str, EffectiveFile]) -> str:
    return item[1].path


class InheritedEntries(NamedTuple):
    """What every store that inherits a base-app file gets (`Workspace._inherited_entries`)."""

    below: tuple[tuple[str, EffectiveFile], ...]  # (key, entry) of the files below the app's root, by path
    root: tuple[str, ...]  # the keys of the files at the app's root (rule 9 decides them per chain)


_SLICE = 2048
"""Inherited entries taken per comprehension between two pause points (`pace.pause`)."""


def load(
    root: Path | str,
    options: Options | None = None,
    digests: DigestCache | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Workspace:
    """Read a workspace from disk. Raises WorkspaceError only when `root` is not a workspace at all.

    `progress(done, total)` is called after each layer folder is listed (from the calling thread)."""
    return Workspace(loading.read_snapshot(root, options, digests, progress))


class _ChainPlaces(NamedTuple):
    """Each layer of one store's chain for one app, nearest first: its store key (None: the base
    app), layer id, workspace-relative source prefix and absolute folder (`abs_prefix`)."""

    keys: tuple[str | None, ...]
    ids: tuple[str, ...]
    sources: tuple[str, ...]
    folders: tuple[str, ...]


class _StoreIndex:
    """Answers that depend only on the stores (chains, ignore rules, who is below whom): shared by
    every snapshot derived from one reading, since updates never change the stores."""

    def __init__(self, stores: Mapping[str, Store], case_sensitive: bool) -> None:
        self.stores = stores
        self.case_sensitive = case_sensitive
        by_id: dict[str, list[str]] = {}
        for s in stores.values():
            by_id.setdefault(s.id, []).append(s.key)
        self.by_id: Mapping[str, tuple[str, ...]] = MappingProxyType({k: tuple(v) for k, v in by_id.items()})
        self.chains: Memo[str, tuple[str | None, ...]] = Memo()
        self.rules: Memo[str, IgnoreRules] = Memo()
        self.below: Memo[str, tuple[str, ...]] = Memo()
        self.folders: Memo[LayerKey, str] = Memo()  # abs_prefix: the root is the same too
        self.places: Memo[Pair, _ChainPlaces] = Memo()
        self.chain_folders: Memo[Pair, tuple[str, ...]] = Memo()  # `_ChainPlaces.folders` alone (counts)
        # `Workspace._inherited_entries`, by (app, id of the base app's listing): kept with the
        # listing itself, so an id is never reused while its entry is here; a few at most
        self.inherited: Memo[tuple[str, int], tuple[LayerListing, InheritedEntries]] = Memo(8)

    def chain(self, store_key: str) -> tuple[str | None, ...]:
        hit = self.chains.get(store_key)
        if hit is None:
            out: list[str | None] = []
            k: str | None = store_key
            while k is not None:
                out.append(k)
                k = self.stores[k].parent
            out.append(None)
            hit = self.chains.put(store_key, tuple(out))
        return hit


class Workspace:
    """One immutable reading of a workspace; safe to query from any thread."""

    def __init__(self, state: Snapshot, carried: Carried | None = None, index: _StoreIndex | None = None) -> None:
        self.state = state
        self.root = state.root
        self._root_str = str(state.root)
        self.options = state.options
        self.apps = state.apps
        self.stores = state.stores
        self.config = state.config
        self._layers = state.layers
        self.case_sensitive = state.case_sensitive
        self.key = identity if state.case_sensitive else str.casefold
        self.digests = state.digests
        self._index = index if index is not None else _StoreIndex(state.stores, state.case_sensitive)
        c = carried or Carried()
        self._trees: Memo[Pair, EffectiveTree] = Memo(MAX_CACHED_TREES, c.trees, _tree_files, MAX_CACHED_FILES)
        self._counts: Memo[Pair, AppCounts] = Memo()
        self._adopted: Mapping[Pair, AppCounts] = _NO_COUNTS  # counts known to hold, worked out when asked
        self._conflict_keys: Memo[str, frozenset[str]] = Memo(None, c.conflict_keys)
        self._owner_index: Memo[str, Mapping[str, frozenset[str]]] = Memo(None, c.owners)
        self._cascades: Memo[Pair, Chain] = Memo(None, c.chains)
        self._link_layers = c.link_layers
        self._diagnostics: Memo[str, tuple[Diagnostic, ...]] = Memo()  # one entry: computed once, then shared
        self._graph: Memo[str, nx.DiGraph] = Memo()

    # ----------------------------------------------------------------- building

    def derive(self, layers: Mapping[LayerKey, LayerListing], carried: Carried | None = None) -> Workspace:
        """The snapshot with other layer listings (same root, stores and config), taking over the
        answers in `carried`, which the caller knows still hold for the new layers."""
        # the stores are the same: so are chains, ignore rules and descendants
        return Workspace(replace(self.state, layers=layers), carried, self._index)

    def reloaded(self) -> Workspace:
        """The workspace read afresh from disk (its digest cache shared)."""
        return Workspace(loading.read_snapshot(self.root, self.options, self.digests))

    def remembered(self) -> tuple[dict[Pair, EffectiveTree], dict[Pair, AppCounts]]:
        """Copies of the effective trees and counts this snapshot has computed so far (for the
        counts it adopted and was not asked yet, see `adopted_counts`)."""
        return self._trees.copy(), self._counts.copy()

    def adopt_counts(self, counts: Mapping[Pair, AppCounts]) -> None:
        """Take counts the caller knows hold for this snapshot (an update patches the previous
        snapshot's counts with the entries that changed): `counts` is asked a pair only when that
        pair's count is, so a lazy mapping makes the work follow the questions. It must not change
        afterwards. Called before the snapshot is shared."""
        self._adopted = counts

    def adopted_counts(self) -> Mapping[Pair, AppCounts]:
        """What `adopt_counts` handed over (empty for a snapshot read from disk)."""
        return self._adopted

    def remembered_chains(self) -> dict[Pair, Chain]:
        """Copies of the cascades (`cascade`) built so far, by (store, app)."""
        return self._cascades.copy()

    def remembered_owners(self) -> dict[str, Mapping[str, frozenset[str]]]:
        """Copies of the store-owner indexes (`owners`) computed so far, by app."""
        return self._owner_index.copy()

    @property
    def structure_diagnostics(self) -> tuple[Diagnostic, ...]:
        """What reading the store structure found (stray folders, duplicate ids, ...)."""
        return self.state.structure_diagnostics

    def layer_items(self) -> Iterator[tuple[LayerKey, LayerListing]]:
        """Every layer that exists, with its listing."""
        return iter(self._layers.items())

    def store_prefix(self, parts: list[str]) -> int:
        """How many leading parts of a workspace-relative path name a store folder (the deepest
        store that holds the path), or 0 when no store does."""
        if len(parts) < 3 or parts[0] != "apps" or parts[1] != "stores":
            return 0
        for n in range(len(parts), 2, -1):
            if "/".join(parts[:n]) in self.stores:
                return n
        return 0

    def layer_of(self, rel: str) -> tuple[str | None, str, str] | None:
        """(store key, or None for a base app; app; layer-relative path) of a workspace-relative
        path to something inside a layer, or None when it is not inside one."""
        parts = [p for p in rel.split("/") if p not in ("", ".")]
        if len(parts) < 3 or parts[0] != "apps":
            return None
        if parts[1] in self.apps:
            return None, parts[1], "/".join(parts[2:])
        n = self.store_prefix(parts)
        if n == 0 or len(parts) < n + 2 or parts[n] not in self.apps:
            return None
        return "/".join(parts[:n]), parts[n], "/".join(parts[n + 1 :])

    # ----------------------------------------------------------------- structure

    @property
    def graph(self) -> nx.DiGraph:
        """The store tree as a DiGraph: BASE -> top-level stores -> children (nodes are store keys)."""
        hit = self._graph.get("graph")
        if hit is None:
            import networkx as nx  # imported on first use: it costs a sixth of a second at start-up

            g = nx.DiGraph()
            g.add_node(BASE)
            for s in self.stores.values():
                g.add_node(s.key, id=s.id, kind=s.kind.value, depth=s.depth)
                g.add_edge(s.parent or BASE, s.key)
            hit = self._graph.put("graph", g)
        return hit

    def store(self, ref: str) -> Store:
        """Find a store by id or by workspace-relative folder."""
        ref = ref.rstrip("/") or ref  # rule 1: a name is what the file system says (blanks, backslashes)
        if ref in self.stores:
            return self.stores[ref]
        by_id = self._index.by_id
        keys = by_id.get(ref)
        if not keys:
            known = ", ".join(sorted(by_id)) or "none"
            raise UnknownStoreError(f"no store '{ref}' in this workspace (stores: {known})")
        if len(keys) > 1:
            raise UnknownStoreError(
                f"store id '{ref}' is used by {len(keys)} folders; name one: " + ", ".join(sorted(keys))
            )
        return self.stores[keys[0]]

    def check_app(self, app: str) -> str:
        if app not in self.apps:
            raise UnknownAppError(f"no app '{app}' in this workspace (apps: {', '.join(self.apps) or 'none'})")
        return app

    def children(self, store_key: str | None) -> list[Store]:
        """The stores directly below a store (or the top-level stores, for None)."""
        return [s for s in self.stores.values() if s.parent == store_key]

    def descendants(self, store_key: str | None) -> list[str]:
        """Keys of the stores whose chain holds this store's layer (itself included; all for base)."""
        if store_key is None:
            return list(self.stores)
        below = self._index.below
        hit = below.get(store_key)
        if hit is None:
            hit = below.put(store_key, tuple(k for k in self.stores if store_key in self.chain(k)))
        return list(hit)

    def owners(self, app: str) -> Mapping[str, frozenset[str]]:
        """For each path that some store layer of `app` has as a file: the keys of those stores."""
        hit = self._owner_index.get(app)
        if hit is None:
            index: dict[str, set[str]] = {}
            for (skey, a), listing in self._layers.items():
                if a == app and skey is not None:
                    for k in listing.files:
                        index.setdefault(k, set()).add(skey)
            hit = self._owner_index.put(app, MappingProxyType({k: frozenset(v) for k, v in index.items()}))
        return hit

    def link_layers(self) -> tuple[LayerKey, ...]:
        """The layers that follow a symlinked folder (changes under its target concern them too)."""
        if self._link_layers is None:  # a race computes the same tuple twice; assigning it is atomic
            self._link_layers = tuple(lk for lk, listing in self._layers.items() if listing.links)
        return self._link_layers

    def chain(self, store_key: str) -> tuple[str | None, ...]:
        """Store keys of the chain, nearest first, ending with None for the base app."""
        return self._index.chain(store_key)

    def store_chain(self, store_key: str) -> tuple[str, ...]:
        """The store layers of the chain, nearest first (the chain without the base app)."""
        return tuple(k for k in self.chain(store_key) if k is not None)

    def layer_id(self, store_key: str | None) -> str:
        return BASE if store_key is None else self.stores[store_key].id

    def layer_root(self, store_key: str | None, app: str) -> Path:
        if store_key is None:
            return self.root / "apps" / app
        return self.root.joinpath(*store_key.split("/"), app)

    def layer(self, store_key: str | None, app: str) -> LayerListing:
        return self._layers.get((store_key, app), EMPTY)

    def source(self, store_key: str | None, app: str, name: str) -> str:
        """Workspace-relative POSIX path of a layer's file."""
        prefix = f"apps/{app}" if store_key is None else f"{store_key}/{app}"
        return f"{prefix}/{name}"

    def abs_path(self, store_key: str | None, app: str, name: str) -> Path:
        return Path(self.abs_str(store_key, app, name))

    def abs_str(self, store_key: str | None, app: str, name: str) -> str:
        """The absolute path of a layer's file as a string (cheaper than a Path on hot paths)."""
        return self.abs_prefix(store_key, app) + (name if _POSIX else name.replace("/", os.sep))

    def abs_prefix(self, store_key: str | None, app: str) -> str:
        """The absolute path of a layer folder with a separator at the end: `abs_str` is it + name."""
        memo = self._index.folders
        hit = memo.get((store_key, app))
        if hit is None:
            rel = f"apps/{app}/" if store_key is None else f"{store_key}/{app}/"
            hit = memo.put((store_key, app), self._root_str + os.sep + (rel if _POSIX else rel.replace("/", os.sep)))
        return hit

    def ignore_rules(self, store_key: str) -> IgnoreRules:
        memo = self._index.rules
        rules = memo.get(store_key)
        if rules is None:
            owned = []
            for k in reversed(self.chain(store_key)):
                if k is not None:  # None: the base app, which has no ignorePaths
                    s = self.stores[k]
                    owned.append((s.id, s.ignore_paths))
            rules = memo.put(store_key, IgnoreRules(owned, self.case_sensitive))
        return rules

    # ----------------------------------------------------------------- diagnostics

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Everything found wrong, sorted by path then code."""
        hit = self._diagnostics.get("diagnostics")
        if hit is None:
            out = list(self.config.diagnostics) + list(self.state.structure_diagnostics)
            for listing in self._layers.values():
                out.extend(listing.diagnostics)
            for app in self.apps:
                out.extend(self._app_diagnostics(app))
            out.extend(ignore_diagnostics(self))  # rule 7
            uniq = list(dict.fromkeys(out))
            hit = self._diagnostics.put("diagnostics", tuple(sorted(uniq, key=lambda d: (d.path, d.code, d.message))))
        return hit

    def _app_diagnostics(self, app: str) -> Iterator[Diagnostic]:
        for skey in self.stores:
            st = self.layer(skey, app).files.get(self.key(PACKAGE_JSON))
            if st is not None:
                yield Diagnostic(
                    Level.WARNING,
                    "forbidden-override",
                    f"an app-root {PACKAGE_JSON} always comes from the base app; this copy is not used",
                    self.source(skey, app, st.name),
                )
        conflicts = self.conflict_keys(app)
        if conflicts:
            layers: list[tuple[str | None, LayerListing]] = [(None, self.layer(None, app))]
            layers += [(k, self.layer(k, app)) for k in self.stores]
            for key in sorted(conflicts):
                file_layers = [k for k, L in layers if key in L.files]
                folder_layers = [k for k, L in layers if key in L.folders]
                for fk in file_layers:
                    for dk in folder_layers:
                        if self._related(fk, dk):
                            name = self.layer(fk, app).files[key].name
                            yield Diagnostic(
                                Level.ERROR,
                                "file-folder-conflict",
                                f"a file here, but layer '{self.layer_id(dk)}' has a folder at {name}",
                                self.source(fk, app, name),
                            )

    def _related(self, a: str | None, b: str | None) -> bool:
        """True when one layer lies in the other's chain."""
        if a is None or b is None:
            return True
        return a in self.chain(b) or b in self.chain(a)

    def conflict_keys(self, app: str) -> frozenset[str]:
        """Paths that are a file in one layer of `app` and a folder in another (any stores)."""
        hit = self._conflict_keys.get(app)
        if hit is None:
            files: set[str] = set()
            folders: set[str] = set()
            for (_skey, a), L in self._layers.items():
                if a == app:
                    files.update(L.files)
                    folders.update(L.folders)
            hit = self._conflict_keys.put(app, frozenset(files & folders))
        return hit

    # ----------------------------------------------------------------- resolution

    def cascade(self, store_key: str, app: str, remember: bool = True) -> Chain:
        """The cascade rule over one store's chain for one app (see cascade.py).

        `remember=False` for a one-off walk (counts): the chain, and what it builds while walking,
        is then not kept (keeping one per store and app measurably slowed `stats`)."""
        hit = self._cascades.get((store_key, app))
        if hit is None:
            layers = [self.layer(k, app) for k in self.chain(store_key)]
            hit = Chain(layers, self.conflict_keys(app), self.key)
            if remember:
                hit = self._cascades.put((store_key, app), hit)
        return hit

    def _places(self, store_key: str, app: str) -> _ChainPlaces:
        """Where each layer of a store's chain for `app` is (`_ChainPlaces`). The stores never change
        within one reading, so this is remembered for every snapshot derived from it."""
        memo = self._index.places
        hit = memo.get((store_key, app))
        if hit is None:
            keys = self.chain(store_key)
            hit = memo.put(
                (store_key, app),
                _ChainPlaces(
                    keys,
                    tuple(self.layer_id(k) for k in keys),
                    tuple(f"apps/{app}/" if k is None else f"{k}/{app}/" for k in keys),
                    self._folders(store_key, app),
                ),
            )
        return hit

    def _folders(self, store_key: str, app: str) -> tuple[str, ...]:
        """`_ChainPlaces.folders` alone: all that counting needs (remembered the same way)."""
        memo = self._index.chain_folders
        hit = memo.get((store_key, app))
        if hit is None:
            hit = memo.put((store_key, app), tuple(self.abs_prefix(k, app) for k in self.chain(store_key)))
        return hit

    def _redundancy(self, folders: tuple[str, ...], chain: Chain) -> Callable[[str, int], bool]:
        """The one step the cascade leaves out (rule 6): `redundant(key, hidden)` says whether the
        store's own copy of `key` equals, normalised, the copy at chain position `hidden` that it
        hides. Each layer's folder (`folders`, `_ChainPlaces.folders`) is joined once, not once per
        file."""
        files = chain.files
        own = files[0]
        same = self.digests.same

        if _POSIX:

            def redundant(key: str, hidden: int) -> bool:
                a = own[key]
                b = files[hidden][key]
                return same(folders[0] + a.name, a.size, a.mtime_ns, folders[hidden] + b.name, b.size, b.mtime_ns)

        else:

            def redundant(key: str, hidden: int) -> bool:
                a = own[key]
                b = files[hidden][key]
                an, bn = a.name.replace("/", os.sep), b.name.replace("/", os.sep)
                return same(folders[0] + an, a.size, a.mtime_ns, folders[hidden] + bn, b.size, b.mtime_ns)

        return redundant

    def _entry_maker(
        self, store_key: str, app: str, chain: Chain
    ) -> Callable[[str, Sequence[int], Decision], EffectiveFile]:
        """What builds the entries of one chain for one app, from the cascade's decisions: each
        layer's id, source prefix and folder looked up once, each distinct list of layers that
        have a path turned into layer ids once (a tree has thousands of entries and few of those).
        The status is the one step the cascade leaves out: an own copy is redundant when its
        normalised content equals what it hides (rule 6). Made per call, so it is never shared
        between threads."""
        keys, ids, sources, folders = self._places(store_key, app)
        files = chain.files
        redundant = self._redundancy(folders, chain)
        id_chains: dict[tuple[int, ...], tuple[str, ...]] = {}
        inherited, added = Verdict.INHERITED, Verdict.ADDED

        def make(key: str, at: Sequence[int], d: Decision) -> EffectiveFile:
            st = files[d.win][key]
            v = d.verdict  # compared by identity: an Enum's hash is a Python call
            if v is inherited:
                status = Status.INHERITED
            elif v is added:
                status = Status.ADDED
            else:
                status = Status.REDUNDANT if redundant(key, d.hidden) else Status.OVERRIDE
            t = tuple(at)
            chain_ids = id_chains.get(t)
            if chain_ids is None:
                chain_ids = id_chains[t] = tuple(ids[i] for i in t)
            return effective_file(
                st.name, ids[d.win], status, chain_ids, d.special, sources[d.win] + st.name, keys[d.win]
            )

        return make

    def effective_tree(self, store: str, app: str, remember: bool = True) -> EffectiveTree:
        """What the store gets for the app: every file with its winner, status and chain.

        `remember=False` for a walk over every store (the review, counts): a tree already
        remembered is used, a new one is not kept (at 800 stores x 20,000 base files the review's
        trees filled the memo with 64 trees of 6,600 entries, 84 MB, evicting the ones the window
        was showing)."""
        s = self.store(store)
        self.check_app(app)
        hit = self._trees.get((s.key, app))
        if hit is not None:
            return hit
        chain = self.cascade(s.key, app)
        rules = self.ignore_rules(s.key)
        make = self._entry_maker(s.key, app, chain)
        files: list[EffectiveFile] = []
        ignored: list[str] = []
        is_ignored = rules.is_ignored if rules else None  # an entry's path is its winner's spelling
        by_layer = chain.files
        for key, at, d in chain.store_decisions():
            name = by_layer[d.win][key].name
            if is_ignored is not None and is_ignored(name):
                ignored.append(name)  # an ignored file is never read
            else:
                files.append(make(key, at, d))
        # The paths only the base app has (most of a big tree) are inherited from it alike in every
        # store: below the app's root their entries are the same objects in every tree
        # (`_inherited_entries`, in path order); at the root, rule 9's files decide for themselves.
        only_base = (chain.base,)
        base_files = by_layer[chain.base]
        present = chain.store_presence()
        visible = chain.visible if chain.clashes else None
        inherited_from_base = self._inherited_entries(app)
        for key in inherited_from_base.root:
            st = base_files[key]
            if key in present or (visible is not None and not visible(key)):
                continue
            at_root = chain.decide(key, only_base)
            if at_root is None:
                continue
            if is_ignored is not None and is_ignored(st.name):
                ignored.append(st.name)
            else:
                files.append(make(key, only_base, at_root))
        files.sort(key=_by_path)  # the store layers' paths and the root's: a few hundred
        inherited: list[EffectiveFile] = []
        below = inherited_from_base.below
        if visible is None and is_ignored is None:  # most chains: one comprehension a slice
            for i in range(0, len(below), _SLICE):
                pace.pause()
                inherited += [e for k, e in below[i : i + _SLICE] if k not in present]
        else:
            take = inherited.append
            for key, e in paced(below):
                if key in present or (visible is not None and not visible(key)):
                    continue
                if is_ignored is not None and is_ignored(e.path):
                    ignored.append(e.path)
                else:
                    take(e)
        files += inherited
        files.sort(key=_by_path)  # two sorted runs: one merge
        ignored.sort()
        tree = EffectiveTree(s.key, app, tuple(files), tuple(ignored))
        return self._trees.put((s.key, app), tree) if remember else tree

    def _inherited_entries(self, app: str) -> InheritedEntries:
        """`InheritedEntries` of the app's base listing. An entry below the app's root depends on
        the base app alone, so every tree shares them: made once per base listing (20,000 in 60 ms)
        instead of once per tree (13,600 of them took 40 ms of each 800-store switch), and kept
        once in memory."""
        listing = self.layer(None, app)
        memo = self._index.inherited
        hit = memo.get((app, id(listing)))
        if hit is not None and hit[0] is listing:
            return hit[1]
        layer_id, prefix, status = self.layer_id(None), self.source(None, app, ""), Status.INHERITED
        chain_ids = (layer_id,)
        made = [
            (key, effective_file(st.name, layer_id, status, chain_ids, False, prefix + st.name, None))
            for key, st in paced(listing.files.items())
            if "/" in key
        ]
        made.sort(key=_by_entry_path)
        entries = InheritedEntries(tuple(made), tuple(k for k in listing.files if "/" not in k))
        memo.put((app, id(listing)), (listing, entries))
        return entries

    def entry(self, store_key: str, app: str, path: str) -> tuple[EffectiveFile | None, bool]:
        """One path of one store's effective tree, and whether it is ignored. Cheap: no full tree."""
        key = self.key(path)
        chain = self.cascade(store_key, app)
        at, d = chain.lookup(key)
        if d is None:
            return None, False
        rules = self.ignore_rules(store_key)
        if rules and rules.is_ignored(chain.winner(key, d).name):
            return None, True
        return self._entry_maker(store_key, app, chain)(key, at, d), False

    def explain(self, store: str, app: str, path: str) -> Explanation:
        """The cascade behind one path of one store: every layer that has it, and why the winner wins."""
        s = self.store(store)
        self.check_app(app)
        path = path.strip("/")  # rule 1: blanks and backslashes are part of a name
        key = self.key(path)
        keys = self.chain(s.key)
        chain = self.cascade(s.key, app)
        layers = chain.layers
        entry, _ = self.entry(s.key, app, path)
        rules = self.ignore_rules(s.key)
        links: list[ChainLink] = []
        for i, (k, L) in enumerate(zip(keys, layers, strict=True)):
            st = L.files.get(key)
            if st is not None:
                used = entry is not None and entry.winner_key == k and entry.layer == self.layer_id(k)
                generated = chain.generated(key, i)  # rule 9: the store's editor config
                links.append(
                    ChainLink(self.layer_id(k), k, self.source(k, app, st.name), used, st.size, generated=generated)
                )
            elif key in L.folders:
                links.append(ChainLink(self.layer_id(k), k, self.source(k, app, path), False, 0, True))
        shown = entry.path if entry is not None else path
        decision = rules.decide(shown) if rules else None
        special = "/" not in key and key in (self.key(PACKAGE_JSON), self.key(TSCONFIG_JSON))
        note = ""
        if decision is not None and decision.ignored:
            note = f"ignored for {s.id} by '{decision.pattern}' in {decision.store}'s ignorePaths"
        elif not links:
            note = f"no layer in {s.id}'s chain has {path}"
        elif entry is None and key in (self.key(PACKAGE_JSON), self.key(TSCONFIG_JSON)):
            note = f"an app-root {shown} always comes from the base app, which has none"
        elif key == self.key(TSCONFIG_JSON) and any(link.generated for link in links):
            note = (
                f"an app-root {TSCONFIG_JSON} comes from the base app; a store's copy is its generated editor "
                "configuration, never composed"
            )
        elif entry is None:
            note = "a folder nearer in the chain hides this file (file-folder conflict)"
        elif key == self.key(PACKAGE_JSON) and any(link.store_key is not None for link in links):
            note = f"an app-root {PACKAGE_JSON} always comes from the base app; store copies are not used"
        elif any(link.is_folder for link in links):
            note = "a file and a folder meet at this path (file-folder conflict); the nearest wins"
        ignored = decision is not None and decision.ignored
        return Explanation(
            s.key,
            app,
            entry.path if entry is not None else path,
            None if (entry is None or ignored) else entry.layer,
            None if (entry is None or ignored) else entry.status,
            tuple(links),
            decision,
            special,
            note,
        )

    # ----------------------------------------------------------------- statistics

    def counts(self, store: str, app: str) -> AppCounts:
        """Per-status counts of one store's effective tree for one app."""
        s = self.store(store)
        hit = self._counts.get((s.key, app))
        if hit is not None:
            return hit
        hit = self._adopted.get((s.key, app))
        if hit is not None:
            return self._counts.put((s.key, app), hit)
        chain = self.cascade(s.key, app, remember=False)
        tree = self._trees.get((s.key, app))
        if tree is None and chain.clashes:
            tree = self.effective_tree(s.key, app, remember=False)
        if tree is not None:
            c = dict.fromkeys(Status, 0)
            for f in tree.files:
                c[f.status] += 1
            result = AppCounts(
                c[Status.INHERITED], c[Status.OVERRIDE], c[Status.ADDED], c[Status.REDUNDANT], len(tree.ignored)
            )
        else:
            result = self._fast_counts(s.key, app, chain)
        return self._counts.put((s.key, app), result)

    def _fast_counts(self, store_key: str, app: str, chain: Chain) -> AppCounts:
        """Counts without building entries: only paths in the store layers are looked at one by one.

        With ignore rules every effective path is matched, by its winner's spelling as in
        effective_tree(); an ignored file is never read."""
        rules = self.ignore_rules(store_key)
        is_ignored = rules.is_ignored if rules else None
        inherited = override = added = redundant = ignored = 0
        if is_ignored is not None:
            for _k, st in chain.base_only():
                if is_ignored(st.name):
                    ignored += 1
                else:
                    inherited += 1
        else:
            inherited = chain.base_only_count()
        files = chain.files
        redundant_copy = self._redundancy(self._folders(store_key, app), chain)
        inherited_v, added_v = Verdict.INHERITED, Verdict.ADDED  # by identity: an Enum's hash is a Python call
        for key, _at, d in chain.own_decisions():
            if is_ignored is not None and is_ignored(files[d.win][key].name):
                ignored += 1
            elif d.verdict is inherited_v:
                inherited += 1
            elif d.verdict is added_v:
                added += 1
            elif redundant_copy(key, d.hidden):
                redundant += 1
            else:
                override += 1
        return AppCounts(inherited, override, added, redundant, ignored)

    def stats(self) -> tuple[StoreStats, ...]:
        """Per-store, per-app counts of inherited, override, added, redundant and ignored files."""
        known, adopted = self._counts, self._adopted
        carried: dict[tuple[str, str], AppCounts] = {}  # what an update's patched counts answer, remembered at once
        out = []
        for s in self.stores.values():
            apps = {}
            for a in self.apps:
                pair = (s.key, a)
                c = known.get(pair)
                if c is None:
                    c = adopted.get(pair)
                    if c is None:
                        c = self.counts(s.key, a)
                    else:
                        carried[pair] = c
                apps[a] = c
            out.append(StoreStats(s.key, s.id, s.kind, MappingProxyType(apps)))
        if carried:
            known.put_many(carried)
        return tuple(out)

    # ----------------------------------------------------------------- updates

    def update(self, changed: Iterable[str | os.PathLike[str]]) -> tuple[Workspace, ChangeSet]:
        """The next snapshot after `changed` paths (absolute, or workspace-relative) changed on disk."""
        return incremental.apply_update(self, changed)

    def without_file(self, store: str | None, app: str, path: str) -> Workspace:
        """The snapshot as it would be if one layer (a store, or None for base) lost one file."""
        store_key = self.store(store).key if store is not None else None
        listing = self.layer(store_key, app)
        key = self.key(path)
        if key not in listing.files:
            return self
        files = dict(listing.files)
        del files[key]
        layers = dict(self._layers)
        layers[(store_key, app)] = replace(listing, files=MappingProxyType(files))
        return self.derive(MappingProxyType(layers))
