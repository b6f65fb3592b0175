"""The workspace snapshot: stores, layers and the cascade that decides each file (SPEC rules 1-11).

A `Workspace` is immutable in meaning: it answers from the listings it was built with. Caches
inside it (effective trees, chains, ignore rules) only remember answers. `update()` builds the next
snapshot from the paths that changed, re-reading only those.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

from storelayers.resolver.config import Config
from storelayers.resolver.content import DigestCache
from storelayers.resolver.errors import UnknownAppError, UnknownStoreError
from storelayers.resolver.ignore import IgnoreRules
from storelayers.resolver.ignorecheck import ignore_diagnostics
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
)
from storelayers.resolver.scan import EMPTY, LayerListing, identity

LayerKey = tuple[str | None, str]  # (store key or None for base, app)

MAX_CACHED_TREES = 64
"""Effective trees remembered per snapshot (a tree of 3,000 files is about 1 MB of entries)."""

PACKAGE_JSON = "package.json"
TSCONFIG_JSON = "tsconfig.json"


class Workspace:
    """One immutable reading of a workspace."""

    def __init__(
        self,
        root: Path,
        options: Options,
        apps: tuple[str, ...],
        stores: Mapping[str, Store],
        config: Config,
        layers: Mapping[LayerKey, LayerListing],
        structure_diagnostics: tuple[Diagnostic, ...],
        case_sensitive: bool,
        digests: DigestCache,
        by_id_from: dict[str, list[str]] | None = None,
    ) -> None:
        self.root = root
        self._root_str = str(root)
        self.options = options
        self.apps = apps
        self.stores = stores
        self.config = config
        self._layers = layers
        self._structure_diags = structure_diagnostics
        self.case_sensitive = case_sensitive
        self.key = identity if case_sensitive else str.casefold
        self.digests = digests
        self._chains: dict[str, tuple[str | None, ...]] = {}
        self._rules: dict[str, IgnoreRules] = {}
        self._trees: dict[tuple[str, str], EffectiveTree] = {}
        self._counts: dict[tuple[str, str], AppCounts] = {}
        self._conflict_keys: dict[str, frozenset[str]] = {}
        self._diagnostics: tuple[Diagnostic, ...] | None = None
        self._graph: nx.DiGraph | None = None
        self._below: dict[str, list[str]] = {}
        self._by_id: dict[str, list[str]] = {}
        if not by_id_from:
            for s in stores.values():
                self._by_id.setdefault(s.id, []).append(s.key)
        else:
            self._by_id = by_id_from
        self._owner_index: dict[str, dict[str, frozenset[str]]] = {}
        self._link_layers: tuple[LayerKey, ...] | None = None

    # ----------------------------------------------------------------- structure

    @property
    def graph(self) -> nx.DiGraph:
        """The store tree as a DiGraph: BASE -> top-level stores -> children (nodes are store keys)."""
        if self._graph is None:
            import networkx as nx  # imported on first use: it costs a sixth of a second at start-up

            g = nx.DiGraph()
            g.add_node(BASE)
            for s in self.stores.values():
                g.add_node(s.key, id=s.id, kind=s.kind.value, depth=s.depth)
                g.add_edge(s.parent or BASE, s.key)
            self._graph = g
        return self._graph

    def store(self, ref: str) -> Store:
        """Find a store by id or by workspace-relative folder."""
        ref = ref.rstrip("/") or ref  # rule 1: a name is what the file system says (blanks, backslashes)
        if ref in self.stores:
            return self.stores[ref]
        keys = self._by_id.get(ref)
        if not keys:
            known = ", ".join(sorted(self._by_id)) or "none"
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
        hit = self._below.get(store_key)
        if hit is None:
            hit = [k for k in self.stores if store_key in self.chain(k)]
            self._below[store_key] = hit
        return hit

    def owners(self, app: str) -> Mapping[str, frozenset[str]]:
        """For each path that some store layer of `app` has as a file: the keys of those stores."""
        hit = self._owner_index.get(app)
        if hit is None:
            index: dict[str, set[str]] = {}
            for (skey, a), listing in self._layers.items():
                if a == app and skey is not None:
                    for k in listing.files:
                        index.setdefault(k, set()).add(skey)
            hit = {k: frozenset(v) for k, v in index.items()}
            self._owner_index[app] = hit
        return hit

    def link_layers(self) -> tuple[LayerKey, ...]:
        """The layers that follow a symlinked folder (changes under its target concern them too)."""
        if self._link_layers is None:
            self._link_layers = tuple(lk for lk, listing in self._layers.items() if listing.links)
        return self._link_layers

    def chain(self, store_key: str) -> tuple[str | None, ...]:
        """Store keys of the chain, nearest first, ending with None for the base app."""
        hit = self._chains.get(store_key)
        if hit is None:
            out: list[str | None] = []
            k: str | None = store_key
            while k is not None:
                out.append(k)
                k = self.stores[k].parent
            out.append(None)
            hit = tuple(out)
            self._chains[store_key] = hit
        return hit

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
        rel = f"apps/{app}/{name}" if store_key is None else f"{store_key}/{app}/{name}"
        return self._root_str + os.sep + (rel if os.sep == "/" else rel.replace("/", os.sep))

    def ignore_rules(self, store_key: str) -> IgnoreRules:
        rules = self._rules.get(store_key)
        if rules is None:
            owned = []
            for k in reversed(self.chain(store_key)[:-1]):
                s = self.stores[k]
                owned.append((s.id, s.ignore_paths))
            rules = IgnoreRules(owned, self.case_sensitive)
            self._rules[store_key] = rules
        return rules

    # ----------------------------------------------------------------- diagnostics

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Everything found wrong, sorted by path then code."""
        if self._diagnostics is None:
            out = list(self.config.diagnostics) + list(self._structure_diags)
            for listing in self._layers.values():
                out.extend(listing.diagnostics)
            for app in self.apps:
                out.extend(self._app_diagnostics(app))
            out.extend(ignore_diagnostics(self))  # rule 7
            seen = set()
            uniq = []
            for d in out:
                if d not in seen:
                    seen.add(d)
                    uniq.append(d)
            self._diagnostics = tuple(sorted(uniq, key=lambda d: (d.path, d.code, d.message)))
        return self._diagnostics

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
            layers = [(None, self.layer(None, app))] + [(k, self.layer(k, app)) for k in self.stores]
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
            hit = frozenset(files & folders)
            self._conflict_keys[app] = hit
        return hit

    # ----------------------------------------------------------------- resolution

    def _chain_layers(self, store_key: str, app: str) -> tuple[tuple[str | None, ...], list[LayerListing]]:
        keys = self.chain(store_key)
        return keys, [self.layer(k, app) for k in keys]

    def _is_redundant(self, app: str, own: str | None, own_name: str, hidden: str | None, key: str) -> bool:
        a = self.layer(own, app).files[key]
        b = self.layer(hidden, app).files[key]
        da = self.digests.get(self.abs_str(own, app, a.name), a.size, a.mtime_ns)
        if da is None:
            return False
        db = self.digests.get(self.abs_str(hidden, app, b.name), b.size, b.mtime_ns)
        return da == db

    def _presence(self, layers: Sequence[LayerListing]) -> dict[str, list[int]]:
        pres: dict[str, list[int]] = {}
        for i, L in enumerate(layers):
            for k in L.files:
                lst = pres.get(k)
                if lst is None:
                    pres[k] = [i]
                else:
                    lst.append(i)
        return pres

    def _drop_conflicts(self, app: str, layers: Sequence[LayerListing], pres: dict[str, list[int]]) -> None:
        """SPEC rule 10: where a file and a folder meet at one path, the nearest entry wins."""
        conflicts = self.conflict_keys(app)
        if not conflicts:
            return
        for c in sorted(conflicts):
            if c not in pres:
                continue
            folder_at = [i for i, L in enumerate(layers) if c in L.folders]
            if not folder_at:
                continue
            if pres[c][0] < folder_at[0]:
                prefix = c + "/"
                for k in [k for k in pres if k.startswith(prefix)]:
                    del pres[k]
            else:
                del pres[c]

    def _entry(
        self,
        store_key: str,
        app: str,
        key: str,
        keys: Sequence[str | None],
        layers: Sequence[LayerListing],
        at: list[int],
    ) -> EffectiveFile | None:
        """Build the entry of one path, given the chain positions `at` that have it (nearest first)."""
        special = False
        win = at[0]
        if "/" not in key:
            if key == self.key(PACKAGE_JSON) or key == self.key(TSCONFIG_JSON):
                special = True
                base_i = len(keys) - 1
                if at[-1] != base_i:
                    return None  # only a store has it, and a store's copy is never used (rule 9)
                win = base_i
        st = layers[win].files[key]
        if win != 0:
            status = Status.INHERITED
        elif len(at) == 1:
            status = Status.ADDED
        elif self._is_redundant(app, keys[0], st.name, keys[at[1]], key):
            status = Status.REDUNDANT
        else:
            status = Status.OVERRIDE
        wkey = keys[win]
        return EffectiveFile(
            st.name,
            self.layer_id(wkey),
            status,
            tuple(self.layer_id(keys[i]) for i in at),
            special,
            self.source(wkey, app, st.name),
            wkey,
        )

    def effective_tree(self, store: str, app: str) -> EffectiveTree:
        """What the store gets for the app: every file with its winner, status and chain."""
        s = self.store(store)
        self.check_app(app)
        hit = self._trees.get((s.key, app))
        if hit is not None:
            return hit
        keys, layers = self._chain_layers(s.key, app)
        pres = self._presence(layers)
        self._drop_conflicts(app, layers, pres)
        rules = self.ignore_rules(s.key)
        files: list[EffectiveFile] = []
        ignored: list[str] = []
        for key, at in pres.items():
            e = self._entry(s.key, app, key, keys, layers, at)
            if e is None:
                continue
            if rules and rules.is_ignored(e.path):
                ignored.append(e.path)
                continue
            files.append(e)
        files.sort(key=lambda f: f.path)
        ignored.sort()
        tree = EffectiveTree(s.key, app, tuple(files), tuple(ignored))
        self._trees[(s.key, app)] = tree
        if len(self._trees) > MAX_CACHED_TREES:  # oldest first: dicts keep insertion order
            del self._trees[next(iter(self._trees))]
        return tree

    def entry(self, store_key: str, app: str, path: str) -> tuple[EffectiveFile | None, bool]:
        """One path of one store's effective tree, and whether it is ignored. Cheap: no full tree."""
        key = self.key(path)
        keys, layers = self._chain_layers(store_key, app)
        at = [i for i, L in enumerate(layers) if key in L.files]
        if not at:
            return None, False
        conflicts = self.conflict_keys(app)
        if conflicts:
            if key in conflicts:
                folder_at = [i for i, L in enumerate(layers) if key in L.folders]
                if folder_at and folder_at[0] < at[0]:
                    return None, False
            parts = key.split("/")
            for n in range(1, len(parts)):
                anc = "/".join(parts[:n])
                if anc in conflicts:
                    file_at = [i for i, L in enumerate(layers) if anc in L.files]
                    folder_at = [i for i, L in enumerate(layers) if anc in L.folders]
                    if file_at and folder_at and file_at[0] < folder_at[0]:
                        return None, False
        e = self._entry(store_key, app, key, keys, layers, at)
        if e is None:
            return None, False
        rules = self.ignore_rules(store_key)
        if rules and rules.is_ignored(e.path):
            return None, True
        return e, False

    def explain(self, store: str, app: str, path: str) -> Explanation:
        """The cascade behind one path of one store: every layer that has it, and why the winner wins."""
        s = self.store(store)
        self.check_app(app)
        path = path.strip("/")  # rule 1: blanks and backslashes are part of a name
        key = self.key(path)
        keys, layers = self._chain_layers(s.key, app)
        entry, _ = self.entry(s.key, app, path)
        rules = self.ignore_rules(s.key)
        links: list[ChainLink] = []
        for k, L in zip(keys, layers, strict=False):
            st = L.files.get(key)
            if st is not None:
                used = entry is not None and entry.winner_key == k and entry.layer == self.layer_id(k)
                generated = k is not None and key == self.key(TSCONFIG_JSON)  # rule 9: the store's editor config
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
        keys, layers = self._chain_layers(s.key, app)
        rules = self.ignore_rules(s.key)
        if self._chain_has_conflicts(app, layers) or (s.key, app) in self._trees:
            tree = self.effective_tree(s.key, app)
            c = {st: 0 for st in Status}
            for f in tree.files:
                c[f.status] += 1
            result = AppCounts(
                c[Status.INHERITED], c[Status.OVERRIDE], c[Status.ADDED], c[Status.REDUNDANT], len(tree.ignored)
            )
        else:
            result = self._fast_counts(s.key, app, keys, layers, rules)
        self._counts[(s.key, app)] = result
        return result

    def _chain_has_conflicts(self, app: str, layers: Sequence[LayerListing]) -> bool:
        conflicts = self.conflict_keys(app)
        if not conflicts:
            return False
        for c in conflicts:
            if any(c in L.files for L in layers) and any(c in L.folders for L in layers):
                return True
        return False

    def _fast_counts(
        self,
        store_key: str,
        app: str,
        keys: Sequence[str | None],
        layers: Sequence[LayerListing],
        rules: IgnoreRules | None = None,
    ) -> AppCounts:
        """Counts without building entries: only paths in the store layers are looked at one by one.

        With ignore rules every effective path is matched, by its winner's spelling as in
        effective_tree(); an ignored file is never read."""
        base = layers[-1].files
        small = self._presence(layers[:-1])
        base_i = len(layers) - 1
        override = added = redundant = ignored = 0
        if rules:
            inherited = 0
            for k, st in base.items():
                if k in small:
                    continue
                if rules.is_ignored(st.name):
                    ignored += 1
                else:
                    inherited += 1
        else:
            inherited = len(base) - sum(1 for k in small if k in base)
        specials = (self.key(PACKAGE_JSON), self.key(TSCONFIG_JSON))
        for key, at in small.items():
            if key in base:
                at = at + [base_i]
            if key in specials:
                if key in base:  # the base copy wins (rule 9)
                    if rules and rules.is_ignored(base[key].name):
                        ignored += 1
                    else:
                        inherited += 1
                continue
            if rules and rules.is_ignored(layers[at[0]].files[key].name):
                ignored += 1
            elif at[0] != 0:
                inherited += 1
            elif len(at) == 1:
                added += 1
            elif self._is_redundant(app, keys[0], "", keys[at[1]], key):
                redundant += 1
            else:
                override += 1
        return AppCounts(inherited, override, added, redundant, ignored)

    def stats(self) -> tuple[StoreStats, ...]:
        """Per-store, per-app counts of inherited, override, added, redundant and ignored files."""
        out = []
        for s in self.stores.values():
            apps = {a: self.counts(s.key, a) for a in self.apps}
            out.append(StoreStats(s.key, s.id, s.kind, MappingProxyType(apps)))
        return tuple(out)

    # ----------------------------------------------------------------- updates

    def update(self, changed: Iterable[str | os.PathLike]) -> tuple[Workspace, ChangeSet]:
        """The next snapshot after `changed` paths (absolute, or workspace-relative) changed on disk."""
        from storelayers.resolver.incremental import apply_update

        return apply_update(self, changed)

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
        return self._derive(MappingProxyType(layers), ())

    def _derive(self, layers: Mapping[LayerKey, LayerListing], keep: Iterable[tuple[str, str]]) -> Workspace:
        """A new snapshot with other layer listings, keeping the cached trees named in `keep`."""
        ws = Workspace(
            self.root,
            self.options,
            self.apps,
            self.stores,
            self.config,
            layers,
            self._structure_diags,
            self.case_sensitive,
            self.digests,
            self._by_id,
        )
        ws._chains = self._chains
        ws._rules = self._rules
        ws._below = self._below
        for k in keep:
            if k in self._trees:
                ws._trees[k] = self._trees[k]
            if k in self._counts:
                ws._counts[k] = self._counts[k]
        return ws
