"""Reviewing a change, not only a state (`report --base REV`): the review of a git revision next to
the review of the working tree, and what differs between them.

Both sides are reviewed by the same `review()`; this module only compares the two answers: the
overrides each store added, removed and changed, the findings the change introduces and resolves,
and the divergence figures before and after. Overrides are compared by content after SPEC rule 6's
normalising (line ends and trailing blanks do not count). It also places each finding on a line of
its file (`finding_lines`), for code-scanning annotations.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from storelayers.resolver import fsio
from storelayers.resolver.content import digest
from storelayers.resolver.diffstat import MAX_DIFF_BYTES, DiffStat, lines_of, opcodes
from storelayers.resolver.model import Level
from storelayers.resolver.review.findings import OverrideDiff, Review, Scorecard
from storelayers.resolver.workspace import Workspace

KINDS = ("stale", "orphaned", "redundant", "cosmetic", "hotspot")  # finding kinds, in the order shown
FIGURES = (  # (name, what it counts): the divergence figures compared per store and in total
    ("override", "overrides (status override)"),
    ("redundant", "redundant overrides"),
    ("cosmetic", "cosmetic overrides"),
    ("stale", "stale overrides"),
    ("orphaned", "orphaned files"),
    ("linesChanged", "lines changed by overrides"),
    ("differsFromBase", "files that differ from the base app"),
    ("files", "effective files"),
)
FIGURE_LABELS = dict(FIGURES) | {"hotspots": "hotspots", "errors": "error diagnostics"}
FindingKey = tuple[str, str, str, str]  # (kind, store key or hotspot parent, app, path)


@dataclass(frozen=True)
class Finding:
    """One finding of a review, flattened for documents: which kind, where, and one line saying why."""

    kind: str  # one of KINDS
    store: str | None  # key of the store whose layer holds the file (a hotspot: its parent, None = base)
    store_id: str  # that store's id ("base" for a hotspot under the base apps)
    app: str
    path: str
    source: str  # workspace-relative file the finding is about (a hotspot: its first copy)
    message: str
    sources: tuple[str, ...] = ()  # every file it is about (a hotspot's copies), the first is `source`

    @property
    def key(self) -> FindingKey:
        return (self.kind, self.store or "", self.app, self.path)


@dataclass(frozen=True)
class OverrideChange:
    """An override a change added, removed or changed (its own content, not what it hides)."""

    change: str  # "added", "removed", "changed", or "orphaned" (the file stays, what it hid is gone)
    store: str
    store_id: str
    app: str
    path: str
    source: str
    hides: str  # workspace-relative source of what it hides (after the change; before it when removed)
    lines_before: DiffStat | None  # changed lines against what it hides, before (None: not an override then)
    lines_after: DiffStat | None
    redundant: bool  # after the change (before it when removed)


@dataclass(frozen=True)
class Figure:
    name: str  # one of FIGURES
    before: int | None  # None: unknown on that side (no history) or the store did not exist
    after: int | None

    @property
    def delta(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class StoreChange:
    """A store's divergence figures before and after the change."""

    store: str
    store_id: str
    state: str  # "added", "removed" or "kept"
    figures: tuple[Figure, ...]
    overrides: tuple[OverrideChange, ...]

    @property
    def changed(self) -> bool:
        return self.state != "kept" or bool(self.overrides) or any(f.delta for f in self.figures)


@dataclass(frozen=True)
class ChangeReview:
    """What a change does to a workspace: `base` is the revision, the working tree is the change."""

    base_rev: str  # as given
    base_sha: str
    head: str  # the working tree's HEAD commit ('' when unknown)
    stores: tuple[StoreChange, ...]  # every store of either side, tree order (the working tree's first)
    overrides: tuple[OverrideChange, ...]
    introduced: tuple[Finding, ...]
    resolved: tuple[Finding, ...]
    totals: tuple[Figure, ...]
    unknown: tuple[str, ...]  # finding kinds that cannot be compared, each with why: "stale: ..."
    files_read: int = 0  # files of the revision read from git


def findings(rv: Review) -> tuple[Finding, ...]:
    """Every finding of a review, flattened, in KINDS order and each list's own order."""
    out: list[Finding] = []
    for f in rv.stale:
        o = f.override
        out.append(
            _of(
                "stale",
                o,
                f"{o.source} is stale: {o.hidden_source}, which it overrides, changed in {f.commits_behind} "
                f"commit(s) since the override was last changed ({f.parent_lines.changed} line(s))",
            )
        )
    for g in rv.orphaned:
        how = f"renamed to {g.renamed_to}" if g.renamed_to else "deleted"
        out.append(
            Finding(
                "orphaned",
                g.store,
                g.store_id,
                g.app,
                g.path,
                g.source,
                f"{g.source} overrides nothing any more: {g.removed_source} was {how}",
            )
        )
    for r in rv.redundant:
        o = r.override
        out.append(_of("redundant", o, f"{o.source} is redundant: it equals {o.hidden_source}, which it overrides"))
    for c in rv.cosmetic:
        o = c.override
        out.append(
            _of(
                "cosmetic",
                o,
                f"{o.source} is cosmetic: it differs from {o.hidden_source} only in whitespace, blank lines or "
                "comments",
            )
        )
    ids = {s.store: s.store_id for s in rv.scorecards}
    for h in rv.hotspots:
        sources = tuple(f"{k}/{h.app}/{h.path}" for k in h.stores)  # a store's key is its folder
        out.append(
            Finding(
                "hotspot",
                h.parent,
                ids.get(h.parent, h.parent) if h.parent else "base",
                h.app,
                h.path,
                sources[0] if sources else f"apps/{h.app}/{h.path}",
                f"{h.app}/{h.path} is a hotspot: {h.suggestion}",
                sources,
            )
        )
    return tuple(out)


def _of(kind: str, o: OverrideDiff, message: str) -> Finding:
    return Finding(kind, o.store, o.store_id, o.app, o.path, o.source, message, (o.source,))


def _overrides(rv: Review) -> dict[tuple[str, str, str], OverrideDiff]:
    return {(o.store, o.app, o.path): o for o in rv.overrides}


def _same(before: Workspace, after: Workspace, a: OverrideDiff, b: OverrideDiff) -> bool:
    """True when the override's own file has the same content on both sides (rule 6's normalising)."""
    da, db = _digest(before, a.source), _digest(after, b.source)
    return da is not None and da == db


def _digest(ws: Workspace, source: str) -> bytes | None:
    try:
        return digest(fsio.read_bytes(str(ws.root / source)))
    except OSError:
        return None


def _figures(card: Scorecard | None) -> dict[str, int | None]:
    if card is None:
        return dict.fromkeys((n for n, _ in FIGURES), None)
    return {
        "override": card.override,
        "redundant": card.redundant,
        "cosmetic": card.cosmetic,
        "stale": card.stale,
        "orphaned": card.orphaned,
        "linesChanged": card.lines_changed,
        "differsFromBase": card.differs_from_base,
        "files": card.files,
    }


def _sum(cards: Iterable[Scorecard]) -> dict[str, int | None]:
    rows = [_figures(c) for c in cards]
    total: dict[str, int | None] = {}
    for name, _ in FIGURES:
        vals = [r[name] for r in rows]
        total[name] = None if any(v is None for v in vals) else sum(v for v in vals if v is not None)
    return total


def compare(
    before_ws: Workspace, before: Review, after_ws: Workspace, after: Review, rev: str, sha: str
) -> ChangeReview:
    """What changed from `before` (the review of revision `rev`, commit `sha`) to `after` (the working tree)."""
    old, new = _overrides(before), _overrides(after)
    ids = {c.store: c.store_id for c in before.scorecards} | {c.store: c.store_id for c in after.scorecards}
    changes: list[OverrideChange] = []
    for key, b in new.items():
        a = old.get(key)
        if a is None:
            changes.append(_change("added", b, None, b.stat))
        elif not _same(before_ws, after_ws, a, b):
            changes.append(_change("changed", b, a.stat, b.stat))
    for key, a in old.items():
        if key not in new:
            kept = after_ws.root.joinpath(*a.source.split("/")).is_file()  # kept, but what it hid is gone
            changes.append(_change("orphaned" if kept else "removed", a, a.stat, None))
    order = {k: i for i, k in enumerate(c.store for c in (*after.scorecards, *before.scorecards))}
    changes.sort(key=lambda c: (order.get(c.store, len(order)), c.app, c.path, c.change))

    unknown: list[str] = []
    skip: set[str] = set()
    if not (before.staleness_known and after.staleness_known):
        skip.add("stale")
        note = after.staleness_note if not after.staleness_known else before.staleness_note
        unknown.append(f"stale: {note}")
    if not (before.orphans_known and after.orphans_known):
        skip.add("orphaned")
        unknown.append("orphaned: history is unknown on one side, so orphans cannot be compared")
    was = {f.key: f for f in findings(before) if f.kind not in skip}
    now = {f.key: f for f in findings(after) if f.kind not in skip}
    introduced = tuple(f for k, f in now.items() if k not in was)
    resolved = tuple(f for k, f in was.items() if k not in now)

    cards_before = {c.store: c for c in before.scorecards}
    cards_after = {c.store: c for c in after.scorecards}
    stores: list[StoreChange] = []
    for store_key in sorted(set(cards_before) | set(cards_after), key=lambda k: order.get(k, len(order))):
        cb, ca = cards_before.get(store_key), cards_after.get(store_key)
        fb, fa = _figures(cb), _figures(ca)
        state = "added" if cb is None else "removed" if ca is None else "kept"
        stores.append(
            StoreChange(
                store_key,
                ids.get(store_key, store_key),
                state,
                tuple(Figure(n, fb[n], fa[n]) for n, _ in FIGURES),
                tuple(c for c in changes if c.store == store_key),
            )
        )
    tb, ta = _sum(before.scorecards), _sum(after.scorecards)
    totals = [Figure(n, tb[n], ta[n]) for n, _ in FIGURES]
    totals.append(Figure("hotspots", len(before.hotspots), len(after.hotspots)))
    totals.append(Figure("errors", _errors(before), _errors(after)))
    return ChangeReview(
        rev,
        sha,
        after.head,
        tuple(stores),
        tuple(changes),
        introduced,
        resolved,
        tuple(totals),
        tuple(unknown),
    )


def _errors(rv: Review) -> int:
    return sum(1 for d in rv.diagnostics if d.level is Level.ERROR)


def _change(kind: str, o: OverrideDiff, before: DiffStat | None, after: DiffStat | None) -> OverrideChange:
    return OverrideChange(
        kind, o.store, o.store_id, o.app, o.path, o.source, o.hidden_source, before, after, o.redundant
    )


# ----------------------------------------------------------------------------- lines


def finding_lines(ws: Workspace, rv: Review) -> Mapping[FindingKey, int]:
    """The 1-based line of its file each finding points at, where one is known: for a stale override
    the line of the override where the file it hides first changed since (mapped through the diff of
    the hidden file then with the override), for a cosmetic one its first differing line. Others
    (and files that are binary, too large or unreadable) are not in the mapping: they point at line 1."""
    out: dict[FindingKey, int] = {}
    for f in rv.stale:
        o = f.override
        mine = _read_lines(ws, o.source)
        then = lines_of(f.parent_then) if f.parent_then is not None else None
        now = _read_lines(ws, o.hidden_source)
        if mine is None or then is None or now is None:
            continue
        first = _first_change(then, now)
        if first is None:
            continue
        out[("stale", o.store, o.app, o.path)] = _map_line(then, mine, first) + 1
    for c in rv.cosmetic:
        o = c.override
        a, b = _read_lines(ws, o.hidden_source), _read_lines(ws, o.source)
        if a is None or b is None:
            continue
        for tag, _i1, _i2, j1, _j2 in opcodes(a, b):
            if tag != "equal":
                out[("cosmetic", o.store, o.app, o.path)] = min(j1, max(0, len(b) - 1)) + 1
                break
    return MappingProxyType(out)


def _read_lines(ws: Workspace, source: str) -> list[str] | None:
    try:
        data = fsio.read_bytes(str(ws.root / source))
    except OSError:
        return None
    if len(data) > MAX_DIFF_BYTES:
        return None
    return lines_of(data)


def _common_prefix(a: list[str], b: list[str]) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _first_change(a: list[str], b: list[str]) -> int | None:
    """Index (in `a`) of the first line where `b` differs from `a` (a plain scan: no diff needed)."""
    i = _common_prefix(a, b)
    return None if i == len(a) == len(b) else i


def _map_line(a: list[str], b: list[str], i: int) -> int:
    """Where line `i` of `a` is in `b` (0-based): through the equal blocks of their diff, else the
    start of the changed block that replaced it."""
    if i < _common_prefix(a, b):
        return i  # before the first difference: the same line
    for tag, i1, i2, j1, _j2 in opcodes(a, b):
        if i1 <= i < i2 or (i1 == i2 == i):
            j = j1 + (i - i1) if tag == "equal" else j1
            return max(0, min(j, len(b) - 1))
    return max(0, len(b) - 1)
