"""What a divergence review finds: frozen dataclasses shared by the report, the CLI and the app."""

from __future__ import annotations

from dataclasses import dataclass, field

from storelayers.resolver.diffstat import DiffStat
from storelayers.resolver.git import Commit
from storelayers.resolver.model import Diagnostic, Kind


@dataclass(frozen=True)
class ReviewOptions:
    """How a review is made. One frozen object, built by the CLI or from the app's settings."""

    near_redundant_lines: int = 3  # an override differing by at most this many lines is near-redundant
    hotspot_min_stores: int = 3  # a path overridden in this many stores is a hotspot
    folder_depth: int = 2  # folders are grouped at this depth for clusters and the heatmap
    heatmap_rows: int = 30
    git: bool = True  # read git history for staleness
    since: str | None = None  # only findings whose files changed since this revision


@dataclass(frozen=True)
class OverrideDiff:
    """One override and what it hides, with the line statistics between the two."""

    store: str  # store key
    store_id: str
    app: str
    path: str
    source: str  # workspace-relative path of the override
    hidden_key: str | None  # store key of the layer it hides, None for base
    hidden_layer: str  # layer id of the layer it hides
    hidden_source: str
    stat: DiffStat
    redundant: bool  # SPEC rule 6: equal to what it hides after normalising


@dataclass(frozen=True)
class NearRedundant:
    """An override that is (rule 6) or nearly is (at most N changed lines) the file it hides."""

    override: OverrideDiff
    exact: bool

    @property
    def changed_lines(self) -> int:
        return self.override.stat.changed


@dataclass(frozen=True)
class StaleOverride:
    """An override whose hidden file has commits newer than the override's last commit."""

    override: OverrideDiff
    override_commit: Commit  # the override's last commit
    parent_commit: Commit  # the hidden file's newest commit
    commits_behind: int  # commits to the hidden file since the override's last commit
    days_behind: int  # days from the override's last commit to the hidden file's newest
    stale_days: int  # days from the first newer commit to the hidden file until HEAD
    stale_since: int  # commit time of that first newer commit
    parent_lines: DiffStat  # what the hidden file changed since the override's last commit
    parent_then: bytes | None  # the hidden file at the override's last commit (None: absent then)
    newer_commits: tuple[Commit, ...] = ()  # the first few of them, newest first


@dataclass(frozen=True)
class Scorecard:
    """How far one store has drifted. Special files (rule 9) are left out of every figure."""

    store: str  # key
    store_id: str
    kind: Kind
    depth: int
    parent: str | None
    files: int  # effective files, all apps
    inherited: int
    overridden: int  # own overrides, redundant ones included
    added: int
    ignored: int
    redundant: int
    near_redundant: int  # not counting the redundant ones
    differs_from_base: int  # effective files whose contents are not the base app's
    lines_changed: int  # changed lines of the own overrides against what they hide
    insertions: int
    deletions: int
    stale: int | None  # None when staleness is unknown
    oldest_stale_days: int | None

    @property
    def override_ratio(self) -> float:
        """Share of the effective tree the store's own layer overrides."""
        return self.overridden / self.files if self.files else 0.0

    @property
    def base_divergence(self) -> float:
        """Share of the effective tree that differs from the base apps."""
        return self.differs_from_base / self.files if self.files else 0.0


@dataclass(frozen=True)
class Hotspot:
    """A path overridden in K or more stores, with a suggestion."""

    app: str
    path: str
    stores: tuple[str, ...]  # store keys, tree order
    variants: int  # distinct contents among the overrides
    largest_group: tuple[str, ...]  # stores holding the most common identical copy
    shared_parent: str | None  # nearest store that all of them inherit from, None = base
    action: str  # "move-up" or "make-configurable"
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
    staleness_note: str  # why unknown, or what history was read
    scorecards: tuple[Scorecard, ...]
    overrides: tuple[OverrideDiff, ...]
    stale: tuple[StaleOverride, ...]
    redundant: tuple[NearRedundant, ...]
    near_redundant: tuple[NearRedundant, ...]
    hotspots: tuple[Hotspot, ...]
    clusters: tuple[FolderCluster, ...]
    heatmap: Heatmap
    diagnostics: tuple[Diagnostic, ...]
    head: str = ""  # commit the history was read at
    commits: int = 0  # commits in that history
    since: str | None = None
    changed_since: frozenset[str] | None = field(default=None, compare=False)

    @property
    def staleness_known(self) -> bool:
        return self.staleness == "known"
