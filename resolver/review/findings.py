"""What a divergence review finds: frozen dataclasses shared by the report, the CLI and the app."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from storelayers.resolver.diffstat import DiffStat
from storelayers.resolver.git import Commit
from storelayers.resolver.model import AppCounts, Diagnostic, Kind


@dataclass(frozen=True)
class HistoryAt:
    """Where a review reads git history when the workspace it reviews is a revision materialised
    elsewhere (`report --base`): the repository's own workspace folder and the revision's commit."""

    root: str  # the workspace folder inside the repository (git runs there)
    rev: str  # the commit whose history counts, instead of HEAD


@dataclass(frozen=True)
class ReviewOptions:
    """How a review is made. One frozen object, built by the CLI or from the app's settings."""

    hotspot_min_stores: int = 2  # F5: children of one parent carrying the same copy
    cluster_min_stores: int = 3  # a folder where overrides of this many stores cluster
    folder_depth: int = 2  # folders are grouped at this depth for clusters and the heatmap
    heatmap_rows: int = 30
    git: bool = True  # read git history for staleness and orphans
    since: str | None = None  # only findings whose files changed since this revision
    history: HistoryAt | None = None  # read history there instead of at the workspace's HEAD
    now: int | None = None  # the moment ages are measured to (Unix seconds); None: see `review_time`


@dataclass(frozen=True, slots=True)
class OverrideDiff:
    """One override and what it hides, with the line statistics between the two.

    A review holds one per override (32,000 at 800 stores x 20,000 base files), so the two
    workspace-relative paths are made when asked, from their layer's folder (one string shared by
    every override of the layer) and the path."""

    store: str  # key of the store whose layer holds the override
    store_id: str
    app: str
    path: str  # as the override spells it
    source_root: str  # workspace-relative folder of the override's layer for the app, ending in "/"
    hidden_key: str | None  # store key of the layer it hides, None for base
    hidden_layer: str  # layer id of the layer it hides
    hidden_root: str  # the same folder of the layer it hides
    stat: DiffStat  # changed lines against what it hides (a figure, not a finding)
    redundant: bool  # SPEC rule 6: equal to what it hides after normalising
    cosmetic: bool = False  # F4: differs only in whitespace, blank lines or comments
    ignored_in_own_store: bool = False  # ignored for its own store, used by a descendant (F1)
    hidden_name: str | None = None  # the hidden file's spelling where it is not `path` (rule 10)

    @property
    def source(self) -> str:
        """Workspace-relative path of the override."""
        return self.source_root + self.path

    @property
    def hidden_source(self) -> str:
        """Workspace-relative path of the file it hides."""
        return self.hidden_root + (self.path if self.hidden_name is None else self.hidden_name)


@dataclass(frozen=True, slots=True)
class OverrideFinding:
    """A redundant (F3) or cosmetic (F4) override, with the stores that use it."""

    override: OverrideDiff
    users: tuple[str, ...]  # store keys whose effective tree takes the override

    @property
    def changed_lines(self) -> int:
        return self.override.stat.changed


@dataclass(frozen=True, slots=True)
class StaleOverride:
    """F1: the file an override hides now differs from what it was at the override's last commit."""

    override: OverrideDiff
    users: tuple[str, ...]
    override_commit: Commit  # the override's last commit
    parent_commit: Commit  # the hidden file's newest commit
    commits_behind: int  # commits that changed the hidden file since the override's last commit
    days_behind: int  # days from the override's last commit to the hidden file's newest
    stale_days: int  # age: days from the first commit that changed the hidden file since, until the review
    stale_since: int  # commit time of that commit
    parent_lines: DiffStat  # what the hidden file changed since the override's last commit
    parent_then: bytes | None  # the hidden file at the override's last commit (None: absent then)
    newer_commits: tuple[Commit, ...] = ()  # the first few of them, newest first


@dataclass(frozen=True)
class OrphanedFile:
    """F2: a store's file that stopped overriding: the farther layer's file it hid was removed."""

    store: str  # key of the store whose layer holds the file
    store_id: str
    app: str
    path: str
    source: str  # workspace-relative path of the store's file
    users: tuple[str, ...]
    last_commit: Commit  # the store file's last commit, when the farther file still existed
    removed_layer: str  # layer id of the farther layer that had the path
    removed_source: str  # workspace-relative path of that file, as it was
    removed_commit: Commit | None  # the commit that deleted or renamed it (None: not committed yet)
    renamed_to: str | None  # workspace-relative new path, when git finds a rename


@dataclass(frozen=True)
class Scorecard:
    """How far one store has drifted. The status counts are the workspace's (`Workspace.counts`,
    the same figures `storelayers stats` and the app's store list show); special files (rule 9)
    are left out of the divergence figures (differs, lines)."""

    store: str  # key
    store_id: str
    kind: Kind
    depth: int
    parent: str | None
    apps: Mapping[str, AppCounts]  # per app, exactly Workspace.counts
    files: int  # effective files, all apps: inherited + override + added + redundant
    inherited: int
    override: int  # status `override` (redundant copies not included)
    added: int
    ignored: int
    redundant: int
    cosmetic: int
    differs_from_base: int  # effective files whose contents are not the base app's
    lines_changed: int  # changed lines of the own overrides against what they hide
    insertions: int
    deletions: int
    stale: int | None  # None when staleness is unknown
    oldest_stale_days: int | None
    orphaned: int | None  # None when history is unknown

    @property
    def overridden(self) -> int:
        """Files the store's own layer overrides, redundant copies included."""
        return self.override + self.redundant

    @property
    def override_ratio(self) -> float:
        """Share of the effective tree the store's own layer overrides (redundant copies included)."""
        return self.overridden / self.files if self.files else 0.0

    @property
    def base_divergence(self) -> float:
        """Share of the effective tree that differs from the base apps."""
        return self.differs_from_base / self.files if self.files else 0.0


@dataclass(frozen=True)
class Hotspot:
    """F5: children of one parent carry the same copy of a path the parent lacks: move it up."""

    app: str
    path: str
    parent: str | None  # store key of the parent, None for the base apps
    parent_layer: str  # its layer id
    stores: tuple[str, ...]  # the children with the equal copy, tree order
    other_copies: tuple[str, ...]  # other children of that parent overriding the path differently
    suggestion: str


@dataclass(frozen=True)
class FolderCluster:
    """A folder where overrides of K or more stores cluster."""

    app: str
    folder: str  # relative to the app, "" for the app root
    stores: tuple[str, ...]
    files: int  # override files in the folder, all stores together
    paths: int  # distinct paths overridden
    suggestion: str


@dataclass(frozen=True)
class Heatmap:
    """Override counts of folders (rows) by stores (columns)."""

    rows: tuple[tuple[str, str], ...] = ()  # (app, folder)
    columns: tuple[str, ...] = ()  # store keys
    counts: tuple[tuple[int, ...], ...] = ()

    @property
    def peak(self) -> int:
        return max((max(r) for r in self.counts if r), default=0)


@dataclass(frozen=True)
class BlastRadius:
    """The stores that use one layer's file (SPEC rule 12 applied to that path)."""

    layer_key: str | None  # store key of the layer, None for base
    app: str
    path: str
    stores: tuple[str, ...]  # every store whose effective tree takes this file
    deployable: tuple[str, ...]  # the deployable ones among them


@dataclass(frozen=True)
class Review:
    """Everything a divergence review found in one workspace."""

    root: str
    options: ReviewOptions
    staleness: str  # "known" or "unknown"
    staleness_note: str  # why unknown, or what history was read (orphans need the same history)
    scorecards: tuple[Scorecard, ...]
    overrides: tuple[OverrideDiff, ...]
    stale: tuple[StaleOverride, ...]
    orphaned: tuple[OrphanedFile, ...]
    redundant: tuple[OverrideFinding, ...]
    cosmetic: tuple[OverrideFinding, ...]
    hotspots: tuple[Hotspot, ...]
    clusters: tuple[FolderCluster, ...]
    heatmap: Heatmap
    diagnostics: tuple[Diagnostic, ...]
    head: str = ""  # commit the history was read at
    commits: int = 0  # commits in that history
    since: str | None = None
    changed_since: frozenset[str] | None = field(default=None, compare=False)
    orphans_known: bool = False  # F2 needs the same history as staleness

    @property
    def override_count(self) -> int:
        """Files with status `override` in every store (as `storelayers stats` sums them)."""
        return sum(c.override for c in self.scorecards)

    @property
    def redundant_count(self) -> int:
        """Files with status `redundant` in every store (F3; `stats` sums the same)."""
        return sum(c.redundant for c in self.scorecards)

    @property
    def staleness_known(self) -> bool:
        return self.staleness == "known"


def review_time(options: ReviewOptions) -> int:
    """When the review looks from, in Unix seconds: `options.now`, else `SOURCE_DATE_EPOCH` (the
    reproducible-builds convention, so a CI job can pin it), else the clock."""
    if options.now is not None:
        return options.now
    pinned = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(pinned) if pinned.isdigit() else int(time.time())
