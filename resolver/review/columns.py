"""The scorecard's columns, defined once: the app's table, the HTML report and the JSON document
all read this list (header, tooltip, value, text, the files behind a cell, how to flag it).

To add a column (a new finding kind, say), add one `Column` here: the app's table, the report's
table and the JSON document follow. `files` names the `review.divergence.scorecard_files` column
that lists the files behind a cell ('' when a cell has none).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from storelayers.resolver.review.findings import Scorecard

Value = int | float | str | None
Kind = Literal["text", "count", "ratio"]


@dataclass(frozen=True)
class Column:
    """One scorecard column."""

    header: str  # the report's header
    short: str  # the app's header (narrower)
    tip: str
    json: str  # the JSON document's key ('' for a column the document leaves out)
    raw: Callable[[Scorecard], Value]  # the value (None: unknown)
    kind: Kind = "count"
    files: str = ""
    text: Callable[[Scorecard], str] | None = None  # the shown text; default: from `raw`
    flag: Callable[[Scorecard], str] = lambda _c: ""  # '', 'warn', 'bad' or 'dim'

    def value(self, card: Scorecard) -> int | float | str:
        """The value to sort by (unknown sorts first)."""
        v = self.raw(card)
        return -1 if v is None else v

    def shown(self, card: Scorecard) -> str:
        """The text a cell shows (ratios as percentages with one decimal)."""
        if self.text is not None:
            return self.text(card)
        v = self.raw(card)
        if v is None:
            return "?"
        if self.kind == "ratio" and isinstance(v, float):
            return f"{v:.1%}"
        return str(v)

    def json_value(self, card: Scorecard) -> Value:
        v = self.raw(card)
        return round(v, 4) if isinstance(v, float) else v


def _stale_text(c: Scorecard) -> str:
    return "?" if c.stale is None else str(c.stale)


def _oldest_text(c: Scorecard) -> str:
    return "" if c.oldest_stale_days is None else f"{c.oldest_stale_days} d"


SCORECARD_COLUMNS: tuple[Column, ...] = (
    Column("Store", "Store", "Store id; its folder in the tooltip", "id", lambda c: c.store_id, "text"),
    Column(
        "Kind",
        "Kind",
        "deployable or template",
        "kind",
        lambda c: c.kind.value,
        "text",
        flag=lambda c: "dim" if c.kind.value == "template" else "",
    ),
    Column("Depth", "Depth", "Levels below the base apps", "depth", lambda c: c.depth),
    Column("Files", "Files", "Effective files, all apps (special files left out)", "files", lambda c: c.files),
    Column(
        "Inherited",
        "Inherited",
        "Files taken from a farther layer",
        "inherited",
        lambda c: c.inherited,
        files="inherited",
    ),
    Column(
        "Overridden",
        "Overridden",
        "Files the store's own layer overrides (redundant ones included)",
        "",  # storelayers.review/2 carries `override` and `redundant` apart instead
        lambda c: c.overridden,
        files="overridden",
    ),
    Column("Added", "Added", "Files only this store's layer has", "added", lambda c: c.added, files="added"),
    Column("Ignored", "Ignored", "Paths left out by ignorePaths", "ignored", lambda c: c.ignored, files="ignored"),
    Column(
        "Redundant",
        "Redundant",
        "Overrides equal to what they hide (rule 6)",
        "redundant",
        lambda c: c.redundant,
        files="redundant",
        flag=lambda c: "warn" if c.redundant else "",
    ),
    Column(
        "Cosmetic",
        "Cosmetic",
        "Overrides that differ from what they hide only in whitespace, blank lines or comments (F4)",
        "cosmetic",
        lambda c: c.cosmetic,
        files="cosmetic",
        flag=lambda c: "warn" if c.cosmetic else "",
    ),
    Column(
        "Stale",
        "Stale",
        "Overrides behind the file they hide, from git history",
        "stale",
        lambda c: c.stale,
        files="stale",
        text=_stale_text,
        flag=lambda c: "bad" if c.stale else "",
    ),
    Column(
        "Oldest stale",
        "Oldest stale",
        "Days since the parent first moved on (until now), for the oldest stale override",
        "oldestStaleDays",
        lambda c: c.oldest_stale_days,
        files="stale",
        text=_oldest_text,
    ),
    Column(
        "Orphaned",
        "Orphaned",
        "Files that overrode a base file since deleted or renamed (F2), from git history",
        "orphaned",
        lambda c: c.orphaned,
        files="orphaned",
        text=lambda c: "?" if c.orphaned is None else str(c.orphaned),
        flag=lambda c: "bad" if c.orphaned else "",
    ),
    Column(
        "Overrides",
        "Overrides %",
        "Share of the effective tree the store's own layer overrides",
        "overrideRatio",
        lambda c: c.override_ratio,
        "ratio",
        files="overridden",
    ),
    Column(
        "Differs from base",
        "Differs %",
        "Share of the effective tree whose contents are not the base app's",
        "baseDivergence",
        lambda c: c.base_divergence,
        "ratio",
        files="differs",
    ),
    Column(
        "Lines changed",
        "Lines changed",
        "Changed lines of the overrides against what they hide",
        "linesChanged",
        lambda c: c.lines_changed,
        files="overridden",
        text=lambda c: f"{c.lines_changed:,}",
    ),
)
"""The scorecard's columns, in the order the app and the report show them."""
