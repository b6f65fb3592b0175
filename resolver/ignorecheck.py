"""SPEC rule 7's diagnostics about the patterns themselves: `ignore-matches-nothing` and
`reinclude-under-ignored-folder` (`bad-ignore-pattern` is found while reading the config)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Protocol

from storelayers.resolver.config import CONFIG_NAME
from storelayers.resolver.ignore import IgnoreRules, PathList, PatternProbe
from storelayers.resolver.model import Diagnostic, Level, Store
from storelayers.resolver.scan import LayerListing


class Workspace(Protocol):
    """What the checks need of a workspace (`workspace.Workspace` is one): a Protocol, so this
    module does not import `workspace`, which calls it (no import cycle)."""

    @property
    def stores(self) -> Mapping[str, Store]: ...
    @property
    def apps(self) -> tuple[str, ...]: ...
    @property
    def case_sensitive(self) -> bool: ...

    def chain(self, store_key: str) -> tuple[str | None, ...]: ...
    def layer(self, store_key: str | None, app: str) -> LayerListing: ...
    def ignore_rules(self, store_key: str) -> IgnoreRules: ...


def ignore_diagnostics(ws: Workspace) -> Iterator[Diagnostic]:
    """Patterns of a store that match no path of its chain, and `!` patterns git would refuse."""
    hits: dict[tuple[str, str | None, str], bool] = {}  # (pattern, layer store key, app) -> any match
    names: dict[tuple[str | None, str], PathList] = {}  # a layer's file names, read once for every pattern
    for s in ws.stores.values():
        if not s.ignore_paths:
            continue
        chain = ws.chain(s.key)
        for pat in dict.fromkeys(s.ignore_paths):
            probe = PatternProbe(pat, ws.case_sensitive)
            if not probe:
                continue  # a comment or a blank line
            found = False
            for app in ws.apps:
                for k in chain:
                    cache_key = (pat, k, app)
                    hit = hits.get(cache_key)
                    if hit is None:
                        listing = names.get((k, app))
                        if listing is None:
                            files = ws.layer(k, app).files.values()
                            listing = names[(k, app)] = PathList((st.name for st in files), ws.case_sensitive)
                        hit = hits[cache_key] = probe.any_of(listing)
                    if hit:
                        found = True
                        break
                if found:
                    break
            if not found:
                yield Diagnostic(
                    Level.WARNING,
                    "ignore-matches-nothing",
                    f"stores.{s.id}.ignorePaths pattern '{pat}' matches no file of any layer of {s.id}'s chain "
                    "in any app (a typo, or a path that moved?)",
                    CONFIG_NAME,
                )
        if any(p.startswith("!") for p in s.ignore_paths):
            yield from _refused_reincludes(ws, s.key)


def _refused_reincludes(ws: Workspace, store_key: str) -> Iterator[Diagnostic]:
    rules = ws.ignore_rules(store_key)
    s = ws.stores[store_key]
    own = {p for p in s.ignore_paths if p.startswith("!")}
    told: set[str] = set()
    for app in ws.apps:
        for k in ws.chain(store_key):
            for st in ws.layer(k, app).files.values():
                d = rules.reinclude_refused_by_git(st.name)
                if d is None or d.store != s.id or d.pattern not in own or d.pattern in told:
                    continue
                told.add(d.pattern)
                yield Diagnostic(
                    Level.WARNING,
                    "reinclude-under-ignored-folder",
                    f"stores.{s.id}.ignorePaths pattern '{d.pattern}' brings back {st.name}, whose parent folder an "
                    "earlier pattern excludes: git would not re-include it; Store Layers follows the last match",
                    CONFIG_NAME,
                )
