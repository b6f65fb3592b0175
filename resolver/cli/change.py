"""`report --base REV` and `report --sarif`: the steps between the engine and the documents.

The revision is materialised outside the workspace (`revision.materialise`: raw blobs through the
hardened git, deleted afterwards), loaded and reviewed by the same engine as the working tree, with
git history read at the revision's commit; `review.change.compare` says what differs.
"""

from __future__ import annotations

import json
from dataclasses import replace
from importlib import metadata

from storelayers.resolver import git
from storelayers.resolver.cli import textout
from storelayers.resolver.errors import GitError
from storelayers.resolver.review.change import ChangeReview, compare, finding_lines
from storelayers.resolver.review.divergence import review
from storelayers.resolver.review.findings import HistoryAt, Review, ReviewOptions
from storelayers.resolver.revision import materialise
from storelayers.resolver.workspace import Workspace, load


def review_change(ws: Workspace, rev: str, options: ReviewOptions) -> tuple[Review, ChangeReview]:
    """Review the working tree and revision `rev`, and compare them. GitError (one line) when the
    workspace is not in git or `rev` names no commit; nothing is written into the workspace."""
    with materialise(ws.root, rev) as tree:
        base_ws = load(tree.root, ws.options)
        base_rv = review(base_ws, replace(options, since=None, history=HistoryAt(str(ws.root), tree.sha)))
        rv = review(ws, options)
        change = compare(base_ws, base_rv, ws, rv, rev, tree.sha)  # reads both trees: inside the block
    return rv, replace(change, files_read=tree.files + tree.links)


def sarif_text(ws: Workspace, rv: Review, change: ChangeReview | None = None) -> str:
    """The SARIF log of a review, as text (URIs relative to the repository root when in git)."""
    from storelayers.resolver.report.sarif import sarif_document

    try:
        prefix = git.repo_prefix(ws.root)
    except GitError:
        prefix = ""  # not in git: relative to the workspace
    doc = sarif_document(rv, finding_lines(ws, rv), prefix, _version(), change)
    return json.dumps(textout.json_safe(doc), indent=2, ensure_ascii=False) + "\n"


def _version() -> str:
    try:
        return metadata.version("storelayers")
    except metadata.PackageNotFoundError:
        return "unknown"
