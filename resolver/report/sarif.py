"""The review as SARIF 2.1.0 (`report --sarif FILE`), for code scanning to annotate each finding on
its file and line.

One run; the driver names one rule per finding kind (SPEC F1-F5) and one per diagnostic code that
occurs. Each result points at the store file the finding is about, by a URI relative to the
repository root (`uriBaseId` `%SRCROOT%`), on the line `review.change.finding_lines` computed (else
line 1), and carries a `partialFingerprints` entry made of the finding's kind, store, app and path
only, so it stays the same across runs, machines and commits while the finding lasts. With `--base`,
`baselineState` says whether the change introduced the finding (`new`) or it was there before
(`unchanged`). Laid out from computed data only: nothing here reads a file or runs git.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from storelayers.resolver.config import CONFIG_NAME
from storelayers.resolver.model import Level
from storelayers.resolver.review.change import ChangeReview, Finding, FindingKey, findings
from storelayers.resolver.review.findings import Review

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
BASE_ID = "%SRCROOT%"
FINGERPRINT = "storelayersFinding/v1"

# kind: (rule name, level, short description, full description)
RULES: Mapping[str, tuple[str, str, str, str]] = {
    "stale": (
        "StaleOverride",
        "warning",
        "An override hides a file that changed since the override was last changed",
        "SPEC F1: the file this override hides now differs from what it was at the override's last commit, "
        "so the store misses the parent's change. Rebase it: storelayers fix rebase.",
    ),
    "orphaned": (
        "OrphanedOverride",
        "error",
        "A store file overrides nothing any more: the file it overrode was deleted or renamed",
        "SPEC F2: the store keeps shipping a copy nobody compares with anything, while it silently takes "
        "none of the parent's changes. Move it to the new path or remove it: storelayers fix orphans.",
    ),
    "redundant": (
        "RedundantOverride",
        "note",
        "An override equals the file it hides",
        "SPEC F3: equal after normalising (rule 6); delete the copy: storelayers fix cleanup.",
    ),
    "cosmetic": (
        "CosmeticOverride",
        "note",
        "An override differs from the file it hides only in whitespace, blank lines or comments",
        "SPEC F4: the copy changes nothing that runs; delete it: storelayers fix cleanup --cosmetic.",
    ),
    "hotspot": (
        "OverrideHotspot",
        "note",
        "Several children of one parent carry the same copy: move it up",
        "SPEC F5: two or more children of one parent override a path with equal content the parent lacks; "
        "move the copy into the parent: storelayers fix move-up.",
    ),
}
_LEVEL = {Level.ERROR: "error", Level.WARNING: "warning"}


def fingerprint(key: FindingKey) -> str:
    """A finding's stable fingerprint: its kind, store, app and path, hashed."""
    return hashlib.sha256("\0".join(key).encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _location(prefix: str, source: str, line: int) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": quote(prefix + source, safe="/"), "uriBaseId": BASE_ID},
            "region": {"startLine": max(1, line)},
        }
    }


def _rule(rule_id: str, name: str, level: str, short: str, full: str) -> dict[str, Any]:
    return {
        "id": rule_id,
        "name": name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "defaultConfiguration": {"level": level},
        "properties": {"tags": ["storelayers", "maintainability"]},
    }


def sarif_document(
    rv: Review,
    lines: Mapping[FindingKey, int],
    prefix: str = "",
    version: str = "unknown",
    change: ChangeReview | None = None,
) -> dict[str, Any]:
    """The SARIF log of a review. `prefix` is the workspace's folder inside its repository ('' at the
    top, else ending in '/'), `lines` as `finding_lines` gives them, `change` from `report --base`."""
    rules = [_rule(k, *RULES[k]) for k in RULES]
    index = {k: i for i, k in enumerate(RULES)}
    new = {f.key for f in change.introduced} if change is not None else None
    results: list[dict[str, Any]] = []
    for f in findings(rv):
        results.append(_result(f, index[f.kind], RULES[f.kind][1], lines.get(f.key, 1), prefix, new))
    for d in rv.diagnostics:
        level = _LEVEL.get(d.level)
        if level is None:
            continue
        rule_id = f"diagnostic/{d.code}"
        if rule_id not in index:
            index[rule_id] = len(rules)
            rules.append(
                _rule(
                    rule_id,
                    d.code,
                    level,
                    f"Workspace diagnostic {d.code}",
                    f"A {d.level.value} found reading the workspace.",
                )
            )
        key = ("diagnostic", d.code, d.path, d.message)
        results.append(
            {
                "ruleId": rule_id,
                "ruleIndex": index[rule_id],
                "level": level,
                "message": {"text": d.message},
                "locations": [_location(prefix, d.path or CONFIG_NAME, 1)],
                "partialFingerprints": {FINGERPRINT: fingerprint(key)},
            }
        )
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "Store Layers",
                "version": version,
                "semanticVersion": version if version[:1].isdigit() else None,
                "rules": rules,
            }
        },
        "originalUriBaseIds": {BASE_ID: {"description": {"text": "The root of the repository holding the workspace"}}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if run["tool"]["driver"]["semanticVersion"] is None:
        del run["tool"]["driver"]["semanticVersion"]
    if change is not None:
        run["properties"] = {"base": {"rev": change.base_rev, "commit": change.base_sha}}
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def _result(
    f: Finding, rule_index: int, level: str, line: int, prefix: str, new: set[FindingKey] | None
) -> dict[str, Any]:
    sources = f.sources or (f.source,)
    out: dict[str, Any] = {
        "ruleId": f.kind,
        "ruleIndex": rule_index,
        "level": level,
        "message": {"text": f.message},
        "locations": [_location(prefix, sources[0], line)],
        "partialFingerprints": {FINGERPRINT: fingerprint(f.key)},
        "properties": {"store": f.store_id, "app": f.app, "path": f.path},
    }
    if len(sources) > 1:
        out["relatedLocations"] = [
            {"id": i, **_location(prefix, s, 1), "message": {"text": "an equal copy"}}
            for i, s in enumerate(sources[1:], start=1)
        ]
    if new is not None:
        out["baselineState"] = "new" if f.key in new else "unchanged"
    return out
