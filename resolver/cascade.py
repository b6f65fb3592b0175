"""The cascade rule, written once (SPEC rules 4, 5, 6, 9 and 10).

For one store's chain of layers for one app (nearest first, the base app last), `Chain` decides
for each path: which layer wins, whether the store inherits it, adds it or hides another copy with
its own, whether it is a special file, and whether a file/folder clash hides it. Every fast path of
the engine (effective trees, single entries, counts, the review's tallies) asks this module.

Whether the store's own copy is `override` or `redundant` needs the files' contents; that is the
one step left to the caller (`Workspace` compares digests), so this module never reads a file.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from enum import Enum
from functools import lru_cache
from typing import NamedTuple

from storelayers.resolver.model import FileStat
from storelayers.resolver.pace import paced
from storelayers.resolver.scan import KeyFn, LayerListing

PACKAGE_JSON = "package.json"
TSCONFIG_JSON = "tsconfig.json"


class Verdict(Enum):
    INHERITED = "inherited"  # a farther layer wins
    ADDED = "added"  # only the store's own layer has it
    OWN = "own"  # the store's own copy hides a farther one: override, or redundant when equal


class Decision(NamedTuple):
    """What the cascade says about one path; positions index the chain, nearest first."""

    win: int  # the winning layer
    verdict: Verdict
    special: bool  # an app-root package.json or tsconfig.json (rule 9)
    hidden: int  # for OWN: the nearest farther layer that has the path (what the copy hides); else -1


_ADDED = Decision(0, Verdict.ADDED, False, -1)


@lru_cache(maxsize=64)
def _plain_decisions(n: int) -> tuple[tuple[Decision, ...], tuple[Decision, ...]]:
    """The decisions of a chain of `n` layers for paths that are not special: by winner (inherited)
    and by hidden layer (own); immutable, so shared by every chain of that length."""
    inherited = tuple(Decision(i, Verdict.INHERITED, False, -1) for i in range(n))
    own = tuple(Decision(0, Verdict.OWN, False, i) for i in range(n))
    return inherited, own


class Chain:
    """The cascade of one chain (the layers of a store, its ancestors and the base app) for one app.

    `conflicts` are the paths that are a file in some layer of the app and a folder in another
    (`Workspace.conflict_keys`); only those that meet within this chain matter here."""

    __slots__ = (
        "layers",
        "files",
        "base",
        "_pkg",
        "_ts",
        "_hidden_exact",
        "_hidden_below",
        "_store_presence",
        "_inherited",
        "_own",
        "_added",
    )

    def __init__(self, layers: Sequence[LayerListing], conflicts: frozenset[str], key: KeyFn) -> None:
        self.layers = tuple(layers)
        self.files = tuple(L.files for L in self.layers)
        self.base = len(self.layers) - 1
        self._pkg = key(PACKAGE_JSON)
        self._ts = key(TSCONFIG_JSON)
        hidden_exact: set[str] = set()
        hidden_below: set[str] = set()
        for c in conflicts:  # rule 10: where a file and a folder meet at one path, the nearest wins
            file_at = next((i for i, f in enumerate(self.files) if c in f), None)
            folder_at = next((i for i, L in enumerate(self.layers) if c in L.folders), None)
            if file_at is None or folder_at is None:
                continue
            if file_at < folder_at:
                hidden_below.add(c)  # the file wins: everything below the folder is hidden
            else:
                hidden_exact.add(c)  # the folder wins: the file is hidden
        self._hidden_exact = frozenset(hidden_exact)
        self._hidden_below = frozenset(hidden_below)
        self._inherited, self._own = _plain_decisions(len(self.layers))
        self._added = _ADDED
        self._store_presence: dict[str, list[int]] | None = None  # built on first use (see store_presence)

    @property
    def clashes(self) -> bool:
        """True when a file/folder clash hides something in this chain (rule 10)."""
        return bool(self._hidden_exact or self._hidden_below)

    def visible(self, key: str) -> bool:
        """False when a file/folder clash nearer in the chain hides the path (rule 10)."""
        if key in self._hidden_exact:
            return False
        if self._hidden_below:
            i = key.find("/")
            while i != -1:
                if key[:i] in self._hidden_below:
                    return False
                i = key.find("/", i + 1)
        return True

    def positions(self, key: str) -> list[int]:
        """The chain positions whose layer has a file at `key`, nearest first."""
        return [i for i, f in enumerate(self.files) if key in f]

    def decide(self, key: str, at: Sequence[int]) -> Decision | None:
        """The cascade for a visible path that the layers at `at` (nearest first, not empty) have.

        None when no copy is used: an app-root package.json or tsconfig.json that only stores have
        (rule 9)."""
        if "/" not in key and key in (self._pkg, self._ts):
            # rule 9 (v2): an app-root package.json or tsconfig.json always comes from the base app;
            # a store's copy is never used (its tsconfig.json is its generated editor configuration)
            if at[-1] != self.base:
                return None
            return Decision(self.base, Verdict.INHERITED, True, -1)
        # the common case: answers shared, not built per path (this runs for every path of every tree)
        win = at[0]
        if win != 0:
            return self._inherited[win]
        if len(at) == 1:
            return self._added
        return self._own[at[1]]

    def lookup(self, key: str) -> tuple[list[int], Decision | None]:
        """One path: the positions that have it and the decision (None: not in the effective tree)."""
        at = self.positions(key)
        if not at or not self.visible(key):
            return at, None
        return at, self.decide(key, at)

    def winner(self, key: str, d: Decision) -> FileStat:
        return self.files[d.win][key]

    def decisions(self) -> Iterator[tuple[str, Sequence[int], Decision]]:
        """Every path of the effective tree (ignore rules not applied), in no particular order.

        The paths some store layer has come from `store_presence` (remembered); every other path
        is the base app's alone, and shares one position list. Listing every layer's paths anew
        for each tree was most of a tree's making on a big base app (800 x 20,000: some 100 ms
        of a 13,600-file tree, nearly all of it for files only the base app has)."""
        yield from self.store_decisions()
        only_base = (self.base,)
        for k in self.base_only_keys():
            d = self.decide(k, only_base)
            if d is not None:
                yield k, only_base, d

    def store_decisions(self) -> Iterator[tuple[str, Sequence[int], Decision]]:
        """`decisions` for the paths some store layer of the chain has."""
        clashes = self.clashes
        for k, at in paced(self.store_presence().items()):
            if clashes and not self.visible(k):
                continue
            d = self.decide(k, at)
            if d is not None:
                yield k, at, d

    def base_only_keys(self) -> Iterator[str]:
        """The visible paths only the base app has (`decide(k, (base,))` answers them)."""
        present = self.store_presence()
        clashes = self.clashes
        for k in paced(self.files[self.base]):
            if k in present or (clashes and not self.visible(k)):
                continue
            yield k

    # -- the fast paths: only the paths some store layer has are looked at one by one ----------

    def store_presence(self) -> dict[str, list[int]]:
        """For each path that a store layer of the chain has: the positions that have it, the base
        app's included (nearest first).

        Remembered on first use. Two threads may build it at once: each builds its own dict and
        publishes it whole with one assignment, so a reader never sees a half-built one."""
        hit = self._store_presence
        if hit is None:
            hit = {}
            for i, f in enumerate(self.files[:-1]):
                for k in f:
                    lst = hit.get(k)
                    if lst is None:
                        hit[k] = [i]
                    else:
                        lst.append(i)
            base = self.files[-1]
            for k, lst in hit.items():
                if k in base:
                    lst.append(self.base)
            self._store_presence = hit
        return hit

    def own_decisions(self) -> list[tuple[str, list[int], Decision]]:
        """The decisions of the paths some store layer of the chain has (the base's other paths
        are all inherited from it: `base_only`). A list, built in one comprehension: this is the
        hot loop of `stats`."""
        decide = self.decide
        pres = self.store_presence()
        if self.clashes:
            visible = self.visible
            return [(k, at, d) for k, at in pres.items() if visible(k) and (d := decide(k, at)) is not None]
        return [(k, at, d) for k, at in pres.items() if (d := decide(k, at)) is not None]

    def base_only(self) -> list[tuple[str, FileStat]]:
        """The base app's files that no store layer of the chain has: each is inherited from base."""
        own = self.store_presence()
        if self.clashes:
            visible = self.visible
            return [(k, st) for k, st in self.files[-1].items() if k not in own and visible(k)]
        return [(k, st) for k, st in self.files[-1].items() if k not in own]

    def base_only_count(self, skip_special: bool = False) -> int:
        """How many paths `base_only` yields (without walking the base app when there is no clash)."""
        if self.clashes:
            return sum(1 for k, _ in self.base_only() if not (skip_special and self.is_special(k)))
        own = self.store_presence()
        base = self.files[-1]
        n = len(base) - sum(1 for k in own if k in base)
        if skip_special:
            n -= sum(1 for k in (self._pkg, self._ts) if k in base and k not in own)
        return n

    def is_special(self, key: str) -> bool:
        return key in (self._pkg, self._ts)

    def generated(self, key: str, position: int) -> bool:
        """True for a store layer's app-root tsconfig.json: the store's generated editor
        configuration (rule 9), listed in the chain but never an override and never composed."""
        return key == self._ts and position != self.base
