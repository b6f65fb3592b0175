"""`storelayers report`: the divergence review as HTML and JSON, with thresholds for CI.

Exit 0 when every threshold holds, 1 with a readable list of what failed, 2 for bad input (one
line on stderr, never a traceback). This module only parses, calls the resolver and prints.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar

from storelayers.resolver.cli import textout
from storelayers.resolver.errors import StoreLayersError
from storelayers.resolver.report.kinds import FAIL_ON
from storelayers.resolver.words import plural
from storelayers.resolver.workspace import load

if TYPE_CHECKING:
    from storelayers.resolver.report.document import Thresholds
    from storelayers.resolver.review.change import ChangeReview
    from storelayers.resolver.review.findings import Review

PROG = "storelayers"


P = TypeVar("P", bound=argparse.ArgumentParser)  # the CLI's own parser class


class ReportUsageError(StoreLayersError):
    """A bad option value for `report`."""


def add_parser(subparsers: argparse._SubParsersAction[P]) -> None:
    """Register `report` on the CLI's subparsers."""
    sp = subparsers.add_parser(
        "report",
        help="divergence review: stale, orphaned, redundant, cosmetic and hotspot findings as HTML/JSON, "
        "with CI thresholds",
        description="Review how far the stores have drifted. Exit 0 when every threshold holds, 1 when one "
        "fails (each failure listed), 2 for bad input.",
    )
    sp.add_argument("workspace", metavar="WORKSPACE", help="folder holding apps/ (and alokai.config.json)")
    sp.add_argument("--html", metavar="FILE", help="write the self-contained HTML report here")
    sp.add_argument("--json", metavar="FILE", help="write the JSON report here ('-' for standard output)")
    sp.add_argument("--since", metavar="REV", help="only findings whose files changed since this git revision")
    sp.add_argument(
        "--base",
        metavar="REV",
        help="review the change: compare the working tree with this git revision (overrides added, removed and "
        "changed, findings introduced and resolved, figures before and after)",
    )
    sp.add_argument("--markdown", metavar="FILE", help="write a Markdown summary sized for a pull-request comment")
    sp.add_argument("--sarif", metavar="FILE", help="write the findings as SARIF 2.1.0 (for code scanning)")
    sp.add_argument(
        "--fail-on",
        metavar="KINDS",
        default="",
        help=f"comma-separated finding kinds that fail the run: {','.join(FAIL_ON)}",
    )
    sp.add_argument(
        "--max-override-ratio",
        metavar="X",
        help="fail when a store overrides more than this share of its files (0-1, or a percentage such as 25%%)",
    )
    sp.add_argument("--max-depth", metavar="N", help="fail when a store sits deeper than N levels")
    sp.add_argument(
        "--hotspot-stores",
        metavar="K",
        default="2",
        help="a copy that K or more children of one parent share (and the parent lacks) is a hotspot (default 2)",
    )
    sp.set_defaults(run=lambda args, _out=None: run(args))


def _int(value: str, option: str, low: int = 0) -> int:
    try:
        n = int(str(value).strip())
    except ValueError:
        raise ReportUsageError(f"{option}: '{value}' is not a whole number") from None
    if n < low:
        raise ReportUsageError(f"{option}: must be {low} or more, got {n}")
    return n


def _ratio(value: str) -> float:
    text = str(value).strip()
    try:
        x = float(text[:-1]) / 100.0 if text.endswith("%") else float(text)
    except ValueError:
        raise ReportUsageError(f"--max-override-ratio: '{value}' is not a number between 0 and 1") from None
    if not 0.0 <= x <= 1.0 or math.isnan(x):
        raise ReportUsageError(f"--max-override-ratio: {value} is not between 0 and 1 (or 0% and 100%)")
    return x


def thresholds_from(args: argparse.Namespace) -> Thresholds:
    from storelayers.resolver.report.document import Thresholds  # the report's machinery: its command only

    """The thresholds named on the command line; ReportUsageError for a bad value."""
    kinds = {k.strip().lower() for k in (args.fail_on or "").split(",") if k.strip()}
    unknown = sorted(kinds - set(FAIL_ON))
    if unknown:
        raise ReportUsageError(
            f"--fail-on: unknown {'kind' if len(unknown) == 1 else 'kinds'} {', '.join(unknown)} (choose from {', '.join(FAIL_ON)})"
        )
    ratio = _ratio(args.max_override_ratio) if args.max_override_ratio is not None else None
    depth = _int(args.max_depth, "--max-depth") if args.max_depth is not None else None
    return Thresholds(frozenset(kinds), ratio, depth)


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run `report` with parsed arguments; returns the exit code (0, 1 or 2)."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        return _run(args, out, err)
    except StoreLayersError as exc:
        err.write(f"{PROG}: {exc}\n")
        return 2


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    # the review and the report's machinery, imported by the command that uses them (other commands
    # start a tenth of a second sooner)
    from storelayers.resolver.report.document import evaluate, json_text, write_text
    from storelayers.resolver.review.divergence import review
    from storelayers.resolver.review.findings import ReviewOptions

    th = thresholds_from(args)
    options = ReviewOptions(
        hotspot_min_stores=_int(args.hotspot_stores, "--hotspot-stores", 1),
        since=args.since or None,
    )
    base = getattr(args, "base", None)
    md_file, sarif_file = getattr(args, "markdown", None), getattr(args, "sarif", None)
    if base is not None and args.since:
        raise ReportUsageError("--base and --since do not go together: --base already compares with a revision")
    if base is not None and not base.strip():
        raise ReportUsageError("--base: give a git revision, e.g. origin/main")
    for flag, target in (
        ("--html", args.html),
        ("--json", args.json),
        ("--markdown", md_file),
        ("--sarif", sarif_file),
    ):
        if target and target != "-" and not Path(target).parent.is_dir() and str(Path(target).parent):
            raise ReportUsageError(f"{flag}: folder {Path(target).parent} does not exist")
    ws = load(args.workspace)
    if ws.config.broken:
        bad = ws.config.error
        raise ReportUsageError(bad.message if bad else "alokai.config.json cannot be used")
    change = None
    if base is not None:
        from storelayers.resolver.cli.change import review_change

        rv, change = review_change(ws, base, options)
    else:
        rv = review(ws, options)
    failures = evaluate(rv, th)
    talk = err if args.json == "-" else out
    try:
        if args.json:
            text = json_text(rv, th if th.any else None, failures, change)
            if args.json == "-":
                out.write(text)
            else:
                write_text(Path(args.json), text)
        if args.html:
            from storelayers.resolver.report.html import (
                html_report,
            )  # imported here: a JSON-only report needs none of it
            from storelayers.resolver.review.evidence import report_evidence

            write_text(Path(args.html), html_report(rv, report_evidence(ws, rv), th, failures, change))
        if md_file:
            from storelayers.resolver.report.markdown import change_markdown, state_markdown

            write_text(Path(md_file), change_markdown(rv, change) if change is not None else state_markdown(rv))
        if sarif_file:
            from storelayers.resolver.cli.change import sarif_text

            write_text(Path(sarif_file), sarif_text(ws, rv, change))
    except OSError as exc:
        raise ReportUsageError(f"cannot write the report: {exc.strerror or exc} ({exc.filename or ''})") from None
    _print_summary(rv, talk)
    if change is not None:
        _print_change(change, talk)
    for label, target in (("HTML", args.html), ("JSON", args.json), ("Markdown", md_file), ("SARIF", sarif_file)):
        if target and target != "-":
            talk.write(f"{label} report: {target}\n")
    if not th.any:
        return 0
    if not failures:
        talk.write("Thresholds: all hold.\n")
        return 0
    talk.write("FAILED: these thresholds do not hold:\n")
    for f in failures:
        talk.write(f"  - {f}\n")
    return 1


def _print_summary(rv: Review, out: TextIO) -> None:
    from storelayers.resolver.report.document import summary

    s = summary(rv)
    stale = "unknown" if s["stale"] is None else s["stale"]
    orphaned = "unknown" if s["orphaned"] is None else s["orphaned"]
    out.write(
        f"Divergence review of {rv.root}: {s['stores']} stores ({s['deployable']} deployable, "
        f"{s['templates']} template), depth up to {s['maxDepth']}\n"
        f"  overrides {s['override']} ({s['linesChanged']:,} lines changed), stale {stale}, orphaned {orphaned}, "
        f"redundant {s['redundant']}, cosmetic {s['cosmetic']}, hotspots {s['hotspots']}, "
        f"folder clusters {s['clusters']}, errors {s['errors']}\n"
        f"  staleness {rv.staleness}: {rv.staleness_note}\n"
    )
    if rv.since:
        n = len(rv.changed_since or ())
        out.write(f"  findings limited to the {plural(n, 'file')} changed since {rv.since}\n")


def _print_change(ch: ChangeReview, out: TextIO) -> None:
    n = {k: sum(1 for c in ch.overrides if c.change == k) for k in ("added", "removed", "changed", "orphaned")}
    out.write(
        f"This change, compared with {textout.shown(ch.base_rev)} ({ch.base_sha[:12]}): overrides "
        + ", ".join(f"{v} {k}" for k, v in n.items())
        + f"; findings {len(ch.introduced)} introduced, {len(ch.resolved)} resolved\n"
    )
    for f in ch.introduced:
        out.write(f"  + {f.kind}: {textout.shown(f.message)}\n")
    for f in ch.resolved:
        out.write(f"  - {f.kind}: {textout.shown(f.message)}\n")
    for note in ch.unknown:
        out.write(f"  not compared: {textout.shown(note)}\n")
