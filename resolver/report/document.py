"""Reports of a review: the JSON document, the CI thresholds, and writing files.

The HTML page is built in `report.html`; both show the same figures. Thresholds turn a review
into a list of readable failures: an empty list means every threshold holds.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storelayers.resolver.cli import textout
from storelayers.resolver.diffstat import DiffStat
from storelayers.resolver.git import Commit
from storelayers.resolver.model import Kind, Level
from storelayers.resolver.review.columns import SCORECARD_COLUMNS
from storelayers.resolver.review.findings import (
    Hotspot,
    OrphanedFile,
    OverrideDiff,
    OverrideFinding,
    Review,
    Scorecard,
    StaleOverride,
)
from storelayers.resolver.words import plural

if TYPE_CHECKING:  # a change review's types, for annotations only (the module is needed for --base alone)
    from storelayers.resolver.review.change import ChangeReview, Figure, Finding, OverrideChange

SCHEMA = "storelayers.review/2"
LISTED = 25  # failures listed per check before "... and N more"


@dataclass(frozen=True)
class Thresholds:
    """What makes `storelayers report` exit 1."""

    fail_on: frozenset[str] = frozenset()  # any of FAIL_ON
    max_override_ratio: float | None = None  # 0..1, per store
    max_depth: int | None = None

    @property
    def any(self) -> bool:
        return bool(self.fail_on) or self.max_override_ratio is not None or self.max_depth is not None


def iso(ts: int) -> str:
    """A commit time as an ISO 8601 UTC string."""
    return datetime.fromtimestamp(ts, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _more(lines: list[str], label: str) -> list[str]:
    if len(lines) <= LISTED:
        return lines
    return lines[:LISTED] + [f"{label}: ... and {len(lines) - LISTED} more"]


def evaluate(rv: Review, th: Thresholds) -> tuple[str, ...]:
    """Readable failures, one line each; empty when every threshold holds."""
    out: list[str] = []
    if "stale" in th.fail_on:
        if not rv.staleness_known:
            out.append(f"stale: cannot check, {rv.staleness_note}")
        out += _more(
            [
                f"stale: {f.override.source} is {plural(f.commits_behind, 'commit')} and {plural(f.days_behind, 'day')} behind "
                f"{f.override.hidden_source}"
                for f in rv.stale
            ],
            "stale",
        )
    if "orphaned" in th.fail_on:
        if not rv.orphans_known:
            out.append(f"orphaned: cannot check, {rv.staleness_note}")
        out += _more(
            [
                f"orphaned: {f.source} overrides nothing since {f.removed_source} was "
                + (f"renamed to {f.renamed_to}" if f.renamed_to else "deleted")
                for f in rv.orphaned
            ],
            "orphaned",
        )
    if "redundant" in th.fail_on:
        out += _more(
            [f"redundant: {f.override.source} equals {f.override.hidden_source}" for f in rv.redundant],
            "redundant",
        )
    if "cosmetic" in th.fail_on:
        out += _more(
            [
                f"cosmetic: {f.override.source} differs from {f.override.hidden_source} only in whitespace or comments"
                for f in rv.cosmetic
            ],
            "cosmetic",
        )
    if "hotspot" in th.fail_on:
        out += _more(
            [f"hotspot: {h.app}/{h.path}: {h.suggestion}" for h in rv.hotspots],
            "hotspot",
        )
    if "forbidden" in th.fail_on:
        out += _more(
            [f"forbidden: {d.path}: {d.message}" for d in rv.diagnostics if d.code == "forbidden-override"],
            "forbidden",
        )
    if "error" in th.fail_on:
        out += _more(
            [
                f"error: [{d.code}] {d.path or '(workspace)'}: {d.message}"
                for d in rv.diagnostics
                if d.level is Level.ERROR
            ],
            "error",
        )
    if th.max_override_ratio is not None:
        out += _more(
            [
                f"max-override-ratio {th.max_override_ratio:g}: store '{c.store_id}' ({c.store}) overrides "
                f"{c.override_ratio:.1%} of its files ({c.overridden} of {c.files}, redundant copies included)"
                for c in rv.scorecards
                if c.override_ratio > th.max_override_ratio + 1e-12
            ],
            "max-override-ratio",
        )
    if th.max_depth is not None:
        out += _more(
            [
                f"max-depth {th.max_depth}: store '{c.store_id}' ({c.store}) is at depth {c.depth}"
                for c in rv.scorecards
                if c.depth > th.max_depth
            ],
            "max-depth",
        )
    return tuple(out)


# ----------------------------------------------------------------------------- JSON


def _commit(c: Commit) -> dict[str, Any]:
    return {"sha": c.sha, "time": iso(c.time), "author": c.author, "subject": c.subject}


def _stat(s: DiffStat) -> dict[str, Any]:
    return s.to_json()


def _override(o: OverrideDiff, users: tuple[str, ...]) -> dict[str, Any]:
    return {
        "store": o.store,
        "storeId": o.store_id,
        "app": o.app,
        "path": o.path,
        "source": o.source,
        "hides": {"layer": o.hidden_layer, "store": o.hidden_key, "source": o.hidden_source},
        "lines": _stat(o.stat),
        "usedBy": list(users),
    }


def _stale(f: StaleOverride) -> dict[str, Any]:
    d = _override(f.override, f.users)
    d.update(
        {
            "ignoredInOwnStore": f.override.ignored_in_own_store,
            "overrideCommit": _commit(f.override_commit),
            "parentCommit": _commit(f.parent_commit),
            "commitsBehind": f.commits_behind,
            "daysBehind": f.days_behind,
            "staleDays": f.stale_days,
            "staleSince": iso(f.stale_since),
            "parentLines": _stat(f.parent_lines),
            "parentExistedThen": f.parent_then is not None,
        }
    )
    return d


def _orphan(f: OrphanedFile) -> dict[str, Any]:
    return {
        "store": f.store,
        "storeId": f.store_id,
        "app": f.app,
        "path": f.path,
        "source": f.source,
        "usedBy": list(f.users),
        "lastCommit": _commit(f.last_commit),
        "removed": {
            "layer": f.removed_layer,
            "source": f.removed_source,
            "commit": _commit(f.removed_commit) if f.removed_commit else None,
            "renamedTo": f.renamed_to,
        },
    }


def _finding(f: OverrideFinding) -> dict[str, Any]:
    d = _override(f.override, f.users)
    d["changedLines"] = f.changed_lines
    return d


def _card(c: Scorecard) -> dict[str, Any]:
    return {
        "store": c.store,
        **{col.json: col.json_value(c) for col in SCORECARD_COLUMNS if col.json},
        "parent": c.parent,
        "apps": {a: n.to_json() for a, n in c.apps.items()},
        "override": c.override,  # status `override` alone, as `stats` counts it
        "differsFromBase": c.differs_from_base,
        "insertions": c.insertions,
        "deletions": c.deletions,
    }


def _hotspot(h: Hotspot) -> dict[str, Any]:
    return {
        "app": h.app,
        "path": h.path,
        "parent": h.parent,
        "parentLayer": h.parent_layer,
        "stores": list(h.stores),
        "otherCopies": list(h.other_copies),
        "suggestion": h.suggestion,
    }


def summary(rv: Review) -> dict[str, Any]:
    """The headline figures of a review."""
    cards = rv.scorecards
    return {
        "stores": len(cards),
        "deployable": sum(1 for c in cards if c.kind is Kind.DEPLOYABLE),
        "templates": sum(1 for c in cards if c.kind is Kind.TEMPLATE),
        "maxDepth": max((c.depth for c in cards), default=0),
        "effectiveFiles": sum(c.files for c in cards),
        "override": rv.override_count,
        "linesChanged": sum(c.lines_changed for c in cards),
        "stale": len(rv.stale) if rv.staleness_known else None,
        "orphaned": len(rv.orphaned) if rv.orphans_known else None,
        "redundant": len(rv.redundant),
        "cosmetic": len(rv.cosmetic),
        "hotspots": len(rv.hotspots),
        "clusters": len(rv.clusters),
        "errors": sum(1 for d in rv.diagnostics if d.level is Level.ERROR),
        "warnings": sum(1 for d in rv.diagnostics if d.level is Level.WARNING),
        "forbidden": sum(1 for d in rv.diagnostics if d.code == "forbidden-override"),
    }


def _figure(f: Figure) -> dict[str, Any]:
    return {"before": f.before, "after": f.after, "delta": f.delta}


def _override_change(c: OverrideChange) -> dict[str, Any]:
    return {
        "change": c.change,
        "store": c.store,
        "storeId": c.store_id,
        "app": c.app,
        "path": c.path,
        "source": c.source,
        "hides": c.hides,
        "linesBefore": _stat(c.lines_before) if c.lines_before is not None else None,
        "linesAfter": _stat(c.lines_after) if c.lines_after is not None else None,
        "redundant": c.redundant,
    }


def _flat(f: Finding) -> dict[str, Any]:
    return {
        "kind": f.kind,
        "store": f.store,
        "storeId": f.store_id,
        "app": f.app,
        "path": f.path,
        "source": f.source,
        "message": f.message,
    }


def change_json(ch: ChangeReview) -> dict[str, Any]:
    """The `change` section of the JSON report (`report --base REV`)."""
    return {
        "base": {"rev": ch.base_rev, "commit": ch.base_sha},
        "head": ch.head or None,
        "unknown": list(ch.unknown),
        "totals": {f.name: _figure(f) for f in ch.totals},
        "introduced": [_flat(f) for f in ch.introduced],
        "resolved": [_flat(f) for f in ch.resolved],
        "overrides": [_override_change(c) for c in ch.overrides],
        "stores": [
            {
                "store": s.store,
                "id": s.store_id,
                "state": s.state,
                "figures": {f.name: _figure(f) for f in s.figures},
            }
            for s in ch.stores
            if s.changed
        ],
    }


def to_json(
    rv: Review, th: Thresholds | None = None, failures: tuple[str, ...] = (), change: ChangeReview | None = None
) -> dict[str, Any]:
    """The review as one JSON-ready dict (the document `--json` writes); `change` adds what a change
    does compared with a revision (`report --base`)."""
    o = rv.options
    doc = {
        "schema": SCHEMA,
        "workspace": rv.root,
        "git": {
            "head": rv.head or None,
            "commits": rv.commits,
            "since": rv.since,
            "changedSince": None if rv.changed_since is None else len(rv.changed_since),
        },
        "options": {
            "hotspotMinStores": o.hotspot_min_stores,
            "clusterMinStores": o.cluster_min_stores,
            "folderDepth": o.folder_depth,
        },
        "staleness": {"state": rv.staleness, "note": rv.staleness_note},
        "orphans": {"state": "known" if rv.orphans_known else "unknown"},
        "summary": summary(rv),
        "scorecards": [_card(c) for c in rv.scorecards],
        "stale": [_stale(f) for f in rv.stale],
        "orphaned": [_orphan(f) for f in rv.orphaned],
        "redundant": [_finding(f) for f in rv.redundant],
        "cosmetic": [_finding(f) for f in rv.cosmetic],
        "hotspots": [_hotspot(h) for h in rv.hotspots],
        "clusters": [
            {
                "app": c.app,
                "folder": c.folder,
                "stores": list(c.stores),
                "files": c.files,
                "paths": c.paths,
                "suggestion": c.suggestion,
            }
            for c in rv.clusters
        ],
        "heatmap": {
            "rows": [{"app": a, "folder": f} for a, f in rv.heatmap.rows],
            "stores": list(rv.heatmap.columns),
            "counts": [list(r) for r in rv.heatmap.counts],
        },
        "diagnostics": [d.to_json() for d in rv.diagnostics],
    }
    if th is not None:
        doc["thresholds"] = {
            "failOn": sorted(th.fail_on),
            "maxOverrideRatio": th.max_override_ratio,
            "maxDepth": th.max_depth,
            "passed": not failures,
            "failures": list(failures),
        }
    if change is not None:
        doc["change"] = change_json(change)
    return doc


def json_text(
    rv: Review, th: Thresholds | None = None, failures: tuple[str, ...] = (), change: ChangeReview | None = None
) -> str:
    """The JSON document as text (UTF-8, trailing newline): two-space indent, except that each entry
    of a list (a scorecard, a finding, a diagnostic) is written on one line of its own: easy to grep
    and to diff, and written by the C encoder (an indented document of 8 MB takes the slow one).

    The encoder writes a string's lone surrogates (bytes of a name that are not UTF-8) as they are,
    so a written document without any has none in its data either: only then is it rewritten from
    `textout.json_safe`'s copy (walking every string of a 10 MB document costs a third of a second)."""
    doc = to_json(rv, th, failures, change)
    text = _dumps(doc)
    if _SURROGATE.search(text) is not None:
        text = _dumps(textout.json_safe(doc))
    return text + "\n"


_SURROGATE = re.compile("[\ud800-\udfff]")


def _dumps(doc: dict[str, Any]) -> str:
    parts = []
    for key, value in doc.items():
        if isinstance(value, list) and value:
            items = ",\n".join("    " + json.dumps(x, ensure_ascii=False) for x in value)
            text = f"[\n{items}\n  ]"
        else:
            text = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        parts.append(f"  {json.dumps(key)}: {text}")
    return "{\n" + ",\n".join(parts) + "\n}"


def write_text(path: Path, text: str) -> None:
    """Write a report file atomically (a half-written report never replaces a good one)."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=".storelayers-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(textout.valid_unicode(text))  # names that are not UTF-8: escaped, never a crash
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
