"""Reports of a review: the JSON document, the CI thresholds, and writing files.

The HTML page is built in `report_html`; both show the same figures. Thresholds turn a review
into a list of readable failures: an empty list means every threshold holds.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from storelayers.resolver.cli import textout
from storelayers.resolver.diffstat import DiffStat
from storelayers.resolver.git import Commit
from storelayers.resolver.model import Kind, Level
from storelayers.resolver.review.findings import Hotspot, NearRedundant, OverrideDiff, Review, Scorecard, StaleOverride

SCHEMA = "storelayers.review/1"
FAIL_ON = ("stale", "redundant", "forbidden", "error")
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
                f"stale: {f.override.source} is {f.commits_behind} commit(s) and {f.days_behind} day(s) behind "
                f"{f.override.hidden_source}"
                for f in rv.stale
            ],
            "stale",
        )
    if "redundant" in th.fail_on:
        out += _more(
            [f"redundant: {f.override.source} equals {f.override.hidden_source}" for f in rv.redundant],
            "redundant",
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
                f"{c.override_ratio:.1%} of its files ({c.overridden} of {c.files})"
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


def _commit(c: Commit) -> dict:
    return {"sha": c.sha, "time": iso(c.time), "author": c.author, "subject": c.subject}


def _stat(s: DiffStat) -> dict:
    return s.to_json()


def _override(o: OverrideDiff) -> dict:
    return {
        "store": o.store,
        "storeId": o.store_id,
        "app": o.app,
        "path": o.path,
        "source": o.source,
        "hides": {"layer": o.hidden_layer, "store": o.hidden_key, "source": o.hidden_source},
        "lines": _stat(o.stat),
    }


def _stale(f: StaleOverride) -> dict:
    d = _override(f.override)
    d.update(
        {
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


def _near(f: NearRedundant) -> dict:
    d = _override(f.override)
    d["changedLines"] = f.changed_lines
    return d


def _card(c: Scorecard) -> dict:
    return {
        "store": c.store,
        "id": c.store_id,
        "kind": c.kind.value,
        "parent": c.parent,
        "depth": c.depth,
        "files": c.files,
        "inherited": c.inherited,
        "overridden": c.overridden,
        "added": c.added,
        "ignored": c.ignored,
        "redundant": c.redundant,
        "nearRedundant": c.near_redundant,
        "stale": c.stale,
        "oldestStaleDays": c.oldest_stale_days,
        "differsFromBase": c.differs_from_base,
        "overrideRatio": round(c.override_ratio, 4),
        "baseDivergence": round(c.base_divergence, 4),
        "linesChanged": c.lines_changed,
        "insertions": c.insertions,
        "deletions": c.deletions,
    }


def _hotspot(h: Hotspot) -> dict:
    return {
        "app": h.app,
        "path": h.path,
        "stores": list(h.stores),
        "variants": h.variants,
        "largestIdenticalGroup": list(h.largest_group),
        "sharedParent": h.shared_parent,
        "action": h.action,
        "suggestion": h.suggestion,
    }


def summary(rv: Review) -> dict:
    """The headline figures of a review."""
    cards = rv.scorecards
    return {
        "stores": len(cards),
        "deployable": sum(1 for c in cards if c.kind is Kind.DEPLOYABLE),
        "templates": sum(1 for c in cards if c.kind is Kind.TEMPLATE),
        "maxDepth": max((c.depth for c in cards), default=0),
        "effectiveFiles": sum(c.files for c in cards),
        "overrides": sum(c.overridden for c in cards),
        "linesChanged": sum(c.lines_changed for c in cards),
        "redundant": len(rv.redundant),
        "nearRedundant": len(rv.near_redundant),
        "stale": len(rv.stale) if rv.staleness_known else None,
        "hotspots": len(rv.hotspots),
        "clusters": len(rv.clusters),
        "errors": sum(1 for d in rv.diagnostics if d.level is Level.ERROR),
        "warnings": sum(1 for d in rv.diagnostics if d.level is Level.WARNING),
        "forbidden": sum(1 for d in rv.diagnostics if d.code == "forbidden-override"),
    }


def to_json(rv: Review, th: Thresholds | None = None, failures: tuple[str, ...] = ()) -> dict:
    """The review as one JSON-ready dict (the document `--json` writes)."""
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
            "nearRedundantLines": o.near_redundant_lines,
            "hotspotMinStores": o.hotspot_min_stores,
            "folderDepth": o.folder_depth,
        },
        "staleness": {"state": rv.staleness, "note": rv.staleness_note},
        "summary": summary(rv),
        "scorecards": [_card(c) for c in rv.scorecards],
        "stale": [_stale(f) for f in rv.stale],
        "redundant": [_near(f) for f in rv.redundant],
        "nearRedundant": [_near(f) for f in rv.near_redundant],
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
    return doc


def json_text(rv: Review, th: Thresholds | None = None, failures: tuple[str, ...] = ()) -> str:
    """The JSON document as text (UTF-8, two-space indent, trailing newline)."""
    return json.dumps(textout.json_safe(to_json(rv, th, failures)), indent=2, ensure_ascii=False) + "\n"


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
