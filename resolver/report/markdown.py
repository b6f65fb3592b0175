"""The review as Markdown sized for a pull-request comment (`report --markdown FILE`).

GitHub refuses a comment longer than 65,536 characters, so the text is built from blocks, most
important first (with `--base`: the figures, the findings the change introduces, those it resolves,
then the overrides per store; without it: the figures and the findings per store), and cut between
whole rows with a closing "… and N more" line when it would not fit. Names are shown in code spans
(a file called `a|b` or `` `x` `` neither breaks a table nor renders as markup; `@team` pings nobody).
Laid out from computed data only: nothing here reads a file or runs git.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storelayers.resolver.cli import textout
from storelayers.resolver.diffstat import DiffStat
from storelayers.resolver.report.document import summary
from storelayers.resolver.review.change import (
    FIGURE_LABELS,
    KINDS,
    ChangeReview,
    Figure,
    Finding,
    OverrideChange,
    findings,
)
from storelayers.resolver.review.findings import Review

LIMIT = 65_536  # GitHub's limit for a comment body, in characters
MARKER = "<!-- storelayers-review -->"  # a workflow can find (and update) its own comment by it
_PUNCT = re.compile(r"([\\`*_{}\[\]<>#+!|~@&])")
_LABELS = FIGURE_LABELS


@dataclass(frozen=True)
class _Block:
    text: str  # one or more lines, each ending in "\n"
    counts: str = ""  # what it lists, when it is one row of a list ("" for headings and headers)
    lead: bool = False  # a heading or table header: worth nothing without the block after it


def _units(text: str) -> int:
    """Length as GitHub counts it, conservatively: UTF-16 code units (an emoji counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def code(text: str, table: bool = True) -> str:
    """`text` as one code span; in a table a `|` is escaped (GFM splits cells before code spans)."""
    t = textout.shown(text)
    if table:
        t = t.replace("|", "\\|")
    longest = max((len(m) for m in re.findall(r"`+", t)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if t.startswith(("`", " ")) or t.endswith(("`", " ")) else ""
    return f"{fence}{pad}{t}{pad}{fence}"


def plain(text: str) -> str:
    """Text with Markdown's (and mentions') punctuation escaped, on one line."""
    return _PUNCT.sub(r"\\\1", textout.shown(text))


def _signed(n: int | None) -> str:
    if n is None:
        return "?"
    return f"+{n:,}" if n > 0 else f"{n:,}" if n < 0 else "0"


def _value(n: int | None) -> str:
    return "unknown" if n is None else f"{n:,}"


def _lines(s: DiffStat | None) -> str:
    if s is None:
        return "–"
    if s.binary:
        return "binary"
    if s.too_large:
        return "too large"
    return f"+{s.insertions} −{s.deletions}"


def _cut(blocks: list[_Block], limit: int) -> str:
    """The blocks that fit in `limit`, whole, then one line saying how many rows were left out."""
    total = "".join(b.text for b in blocks)
    if _units(total) <= limit:
        return total
    left: dict[str, int] = {}
    for b in blocks:
        if b.counts:
            left[b.counts] = left.get(b.counts, 0) + 1
    out: list[_Block] = []
    used = 0
    reserve = 400  # room for the closing line
    for b in blocks:
        n = _units(b.text)
        if used + n > limit - reserve:
            break
        out.append(b)
        used += n
        if b.counts:
            left[b.counts] -= 1
    while len(out) > 1 and out[-1].lead:
        out.pop()  # a heading or a table's header with none of its rows
    if out and out[-1].counts:
        out.append(_Block("\n"))  # a blank line ends the table: the closing line is never read as a row
    rest = {k: v for k, v in left.items() if v}
    n = sum(rest.values())
    parts = ", ".join(f"{v:,} {k}" for k, v in rest.items())
    tail = f"_… and {n:,} more ({parts}): the JSON and HTML reports list them all._\n"
    return "".join(b.text for b in out) + tail


def _finding_rows(items: tuple[Finding, ...] | list[Finding], label: str, with_store: bool = True) -> list[_Block]:
    if with_store:
        head = "| Finding | Store | File | Why |\n| --- | --- | --- | --- |\n"
    else:
        head = "| Finding | File | Why |\n| --- | --- | --- |\n"
    out = [_Block(head, lead=True)]
    for f in items:
        store = f"{code(f.store_id)} | " if with_store else ""
        out.append(_Block(f"| **{f.kind}** | {store}{code(f.source)} | {plain(f.message)} |\n", label))
    out.append(_Block("\n"))
    return out


def _figure_table(figures: tuple[Figure, ...]) -> list[_Block]:
    rows = "".join(
        f"| {_LABELS.get(f.name, f.name)} | {_value(f.before)} | {_value(f.after)} | {_signed(f.delta)} |\n"
        for f in figures
    )
    return [_Block("| | before | after | change |\n| --- | ---: | ---: | ---: |\n" + rows + "\n")]


def _store_line(figures: tuple[Figure, ...]) -> str:
    moved = [f for f in figures if f.delta]
    if not moved:
        return ""
    return ", ".join(f"{_LABELS.get(f.name, f.name)} {_value(f.before)} → {_value(f.after)}" for f in moved) + "\n\n"


def _override_rows(items: tuple[OverrideChange, ...]) -> list[_Block]:
    out = [
        _Block("| Override | File | Hides | Lines vs hidden: before → after |\n| --- | --- | --- | --- |\n", lead=True)
    ]
    for c in items:
        note = " (redundant)" if c.redundant and c.change in ("added", "changed") else ""
        out.append(
            _Block(
                f"| {c.change}{note} | {code(c.app + '/' + c.path)} | {code(c.hides)} | "
                f"{_lines(c.lines_before)} → {_lines(c.lines_after)} |\n",
                "overrides changed",
            )
        )
    out.append(_Block("\n"))
    return out


def change_markdown(rv: Review, ch: ChangeReview, limit: int = LIMIT) -> str:
    """The pull-request comment for a change (`report --base REV`)."""
    blocks = [
        _Block(
            f"{MARKER}\n## Store Layers: this change\n\nCompared with {code(ch.base_rev, False)} "
            f"({code(ch.base_sha[:12], False)}) · {len(rv.scorecards)} stores · "
            f"{len(ch.introduced)} finding(s) introduced, {len(ch.resolved)} resolved, "
            f"{len(ch.overrides)} override(s) added, removed or changed\n\n"
        )
    ]
    for note in ch.unknown:
        blocks.append(_Block(f"> **Not compared:** {plain(note)}\n\n"))
    blocks += _figure_table(ch.totals)
    blocks.append(_Block(f"### Findings this change introduces ({len(ch.introduced)})\n\n", lead=True))
    blocks += _finding_rows(ch.introduced, "findings introduced") if ch.introduced else [_Block("None.\n\n")]
    blocks.append(_Block(f"### Findings this change resolves ({len(ch.resolved)})\n\n", lead=True))
    blocks += _finding_rows(ch.resolved, "findings resolved") if ch.resolved else [_Block("None.\n\n")]
    changed = [s for s in ch.stores if s.changed]
    blocks.append(_Block(f"### Per store ({len(changed)} changed)\n\n", lead=True))
    if not changed:
        blocks.append(_Block("No store's overrides or figures changed.\n\n"))
    for s in changed:
        state = {"added": " (new store)", "removed": " (store removed)"}.get(s.state, "")
        blocks.append(_Block(f"#### {code(s.store_id, False)}{state}\n\n{_store_line(s.figures)}", lead=True))
        if s.overrides:
            blocks += _override_rows(s.overrides)
    return _cut(blocks, limit)


def state_markdown(rv: Review, limit: int = LIMIT) -> str:
    """The comment for the whole state of a workspace (no `--base`): figures and findings per store."""
    s = summary(rv)
    flat = findings(rv)
    blocks = [
        _Block(
            f"{MARKER}\n## Store Layers review\n\n{s['stores']} stores ({s['deployable']} deployable, "
            f"{s['templates']} template) · depth up to {s['maxDepth']} · staleness {rv.staleness}\n\n"
            "| overrides | lines changed | stale | orphaned | redundant | cosmetic | hotspots | errors |\n"
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
            f"| {s['override']:,} | {s['linesChanged']:,} | {_value(s['stale'])} | {_value(s['orphaned'])} | "
            f"{s['redundant']:,} | {s['cosmetic']:,} | {s['hotspots']:,} | {s['errors']:,} |\n\n"
        )
    ]
    if not rv.staleness_known:
        blocks.append(_Block(f"> **Staleness unknown:** {plain(rv.staleness_note)}\n\n"))
    blocks.append(_Block(f"### Findings ({len(flat)})\n\n", lead=True))
    if not flat:
        blocks.append(_Block("None.\n\n"))
    rank = {k: i for i, k in enumerate(KINDS)}
    order = {c.store: i for i, c in enumerate(rv.scorecards)}
    by_store: dict[str, list[Finding]] = {}
    for f in sorted(flat, key=lambda f: (order.get(f.store or "", -1), rank[f.kind])):
        by_store.setdefault(f.store_id, []).append(f)
    for store_id, items in by_store.items():
        blocks.append(_Block(f"#### {code(store_id, False)} ({len(items)})\n\n", lead=True))
        blocks += _finding_rows(items, "findings", with_store=False)
    return _cut(blocks, limit)
