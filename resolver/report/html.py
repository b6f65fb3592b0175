"""The review as one self-contained HTML page: inline CSS and SVG, no scripts, no network.

Every name and every line of file content is escaped, so a file called `<img src=x onerror=...>`
shows as text. Light and dark follow the reader's `prefers-color-scheme`.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from storelayers.resolver import fsio
from storelayers.resolver.diffstat import DiffLine, lines_of, unified
from storelayers.resolver.model import Level
from storelayers.resolver.report.css import CSS
from storelayers.resolver.report.document import Thresholds, iso, summary
from storelayers.resolver.report.svg import graph_svg, heatmap_svg, layer_class
from storelayers.resolver.review.columns import SCORECARD_COLUMNS
from storelayers.resolver.review.findings import NearRedundant, Review, StaleOverride
from storelayers.resolver.workspace import Workspace

OPEN_DETAILS = 12  # the first findings of a list show their diff opened
SHOWN = 100  # findings listed with their diffs; the JSON report holds them all
SHOWN_GROUPS = 40  # hotspots and folder clusters listed
ROWS = 500  # rows of a plain findings table


def _cut(total: int, shown: int, what: str) -> str:
    if total <= shown:
        return ""
    return f'<p class="dim">{total - shown:,} more {what} are not listed here; the JSON report holds all {total:,}.</p>'


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _diff_html(lines: Iterable[DiffLine]) -> str:
    out = []
    for ln in lines:
        cls = {"+": "ins", "-": "del", "@": "hunk"}.get(ln.kind, "ctx")
        mark = "" if ln.kind == "@" else ln.kind
        out.append(f'<span class="{cls}">{_e(mark)}{_e(ln.text)}</span>')
    if not out:
        return '<p class="dim">No line differs after normalising line ends and trailing blanks.</p>'
    return '<pre class="diff">' + "".join(out) + "</pre>"


def _read_lines(ws: Workspace, rel: str) -> list[str] | None:
    try:
        return lines_of(fsio.read_bytes(str(ws.root / rel)))
    except OSError:
        return None


def _stale_item(ws: Workspace, f: StaleOverride, opened: bool) -> str:
    o = f.override
    then = lines_of(f.parent_then) if f.parent_then is not None else []
    now = _read_lines(ws, o.hidden_source)
    if then is None or now is None:
        body = '<p class="dim">Binary or unreadable: no line diff.</p>'
    else:
        body = _diff_html(unified(then, now, limit=200))
    commits = "".join(
        f"<li><code>{_e(c.sha[:10])}</code> {_e(iso(c.time)[:10])} {_e(c.author)}: {_e(c.subject)}</li>"
        for c in f.newer_commits
    )
    more = f.commits_behind - len(f.newer_commits)
    if more > 0:
        commits += f'<li class="dim">... and {more} more</li>'
    ps = f.parent_lines
    return (
        f'<details{" open" if opened else ""}><summary><span class="tag st">stale</span> '
        f'<code>{_e(o.source)}</code> <span class="dim">is {f.commits_behind} commit(s), {f.days_behind} day(s) '
        f"behind the <b>{_e(o.hidden_layer)}</b> layer; stale for {f.stale_days} day(s)</span></summary>"
        f'<div class="det"><p>Hides <code>{_e(o.hidden_source)}</code>. The override was last committed in '
        f"<code>{_e(f.override_commit.sha[:10])}</code> ({_e(iso(f.override_commit.time)[:10])}); since then the "
        f'parent changed {ps.changed} line(s) (+{ps.insertions} −{ps.deletions}) in:</p><ul class="commits">'
        f'{commits}</ul><p class="dim">What the parent changed since the override\'s last commit '
        f"(the parent then → the parent now):</p>{body}</div></details>"
    )


def _near_item(ws: Workspace, f: NearRedundant, opened: bool) -> str:
    o = f.override
    a = _read_lines(ws, o.hidden_source)
    b = _read_lines(ws, o.source)
    body = _diff_html(unified(a, b, limit=120)) if a is not None and b is not None else ""
    return (
        f'<details{" open" if opened else ""}><summary><span class="tag nr">{f.changed_lines} line(s)</span> '
        f'<code>{_e(o.source)}</code> <span class="dim">differs from <b>{_e(o.hidden_layer)}</b> by '
        f'+{o.stat.insertions} −{o.stat.deletions}</span></summary><div class="det"><p>Hides '
        f"<code>{_e(o.hidden_source)}</code> (what it hides → the override):</p>{body}</div></details>"
    )


def _stale_rest(rv: Review) -> str:
    rest = rv.stale[SHOWN : SHOWN + ROWS]
    if not rest:
        return ""
    rows = "".join(
        f'<tr><td><code>{_e(f.override.source)}</code></td><td class="num">{f.commits_behind}</td>'
        f'<td class="num">{f.days_behind}</td><td class="num">{f.stale_days}</td></tr>'
        for f in rest
    )
    return (
        '<h3>More stale overrides</h3><table class="grid"><thead><tr><th>Override</th><th>Commits behind</th>'
        f"<th>Days behind</th><th>Stale for (days)</th></tr></thead><tbody>{rows}</tbody></table>"
        + _cut(len(rv.stale), SHOWN + len(rest), "stale overrides")
    )


def _bar(ratio: float) -> str:
    pct = max(0.0, min(1.0, ratio)) * 100
    return f'<td class="num"><span class="meter"><i style="width:{pct:.1f}%"></i></span>{ratio:.0%}</td>'


def _cards_html(rv: Review) -> str:
    s = summary(rv)
    stale = "unknown" if s["stale"] is None else s["stale"]
    items = [
        ("Stores", s["stores"], f"{s['deployable']} deployable · {s['templates']} template"),
        ("Deepest chain", s["maxDepth"], "levels of stores"),
        ("Overrides", s["overrides"], f"{s['linesChanged']:,} lines changed"),
        ("Stale", stale, "from git history" if s["stale"] is not None else "no usable git history"),
        ("Redundant", s["redundant"], f"{s['nearRedundant']} near-redundant"),
        ("Hotspots", s["hotspots"], f"{s['clusters']} folder clusters"),
        ("Errors", s["errors"], f"{s['warnings']} warnings · {s['forbidden']} forbidden"),
    ]
    return (
        '<div class="cards">'
        + "".join(
            f'<div class="card"><div class="k">{_e(k)}</div><div class="v">{_e(v)}</div><div class="s">{_e(sub)}</div></div>'
            for k, v, sub in items
        )
        + "</div>"
    )


def _scorecards_html(rv: Review) -> str:
    rows = []
    for c in rv.scorecards:
        cells = []
        for col in SCORECARD_COLUMNS:
            if col.json == "id":
                cells.append(
                    f'<td class="store" style="--d:{c.depth - 1}"><span class="dot {layer_class(c.depth)}"></span>'
                    f'<span title="{_e(c.store)}">{_e(c.store_id)}</span></td>'
                )
            elif col.kind == "text":
                cells.append(f'<td class="nw">{_e(col.shown(c))}</td>')
            elif col.kind == "ratio":
                v = col.raw(c)
                cells.append(_bar(v if isinstance(v, float) else 0.0))
            else:
                flag = {"warn": " warn", "bad": " bad"}.get(col.flag(c), "")
                cells.append(f'<td class="num{flag}">{_e(col.shown(c))}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        '<div class="scroll"><table class="grid"><thead><tr>'
        + "".join(f'<th title="{_e(col.tip)}">{_e(col.header)}</th>' for col in SCORECARD_COLUMNS)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></div>"
    )


def _hotspots_html(rv: Review, ids: dict[str, str]) -> str:
    if not rv.hotspots:
        return f'<p class="dim">No path is overridden in {rv.options.hotspot_min_stores} or more stores.</p>'
    rows = []
    for h in rv.hotspots[:SHOWN_GROUPS]:
        chips = " ".join(f'<span class="chip" title="{_e(k)}">{_e(ids.get(k, k))}</span>' for k in h.stores)
        tag = "mv" if h.action == "move-up" else "cf"
        rows.append(
            f'<tr><td><code>{_e(h.path)}</code><div class="dim small">{_e(h.app)}</div></td>'
            f'<td class="num">{len(h.stores)}</td><td class="num">{h.variants}</td>'
            f'<td><span class="tag {tag}">{_e(h.action)}</span> {_e(h.suggestion)}<div class="chips">'
            f"{chips}</div></td></tr>"
        )
    return (
        '<table class="grid"><thead><tr><th>Path</th><th>Stores</th><th>Variants</th><th>Suggestion</th>'
        "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>" + _cut(len(rv.hotspots), SHOWN_GROUPS, "hotspots")
    )


def _clusters_html(rv: Review, ids: dict[str, str]) -> str:
    if not rv.clusters:
        return '<p class="dim">No folder gathers overrides from that many stores.</p>'
    rows = []
    for c in rv.clusters[:SHOWN_GROUPS]:
        chips = " ".join(f'<span class="chip" title="{_e(k)}">{_e(ids.get(k, k))}</span>' for k in c.stores)
        rows.append(
            f'<tr><td><code>{_e(c.folder + "/" if c.folder else "(app root)")}</code><div class="dim '
            f'small">{_e(c.app)}</div></td><td class="num">{len(c.stores)}</td><td class="num">'
            f'{c.paths}</td><td class="num">{c.files}</td><td>{_e(c.suggestion)}<div class="chips">'
            f"{chips}</div></td></tr>"
        )
    return (
        '<table class="grid"><thead><tr><th>Folder</th><th>Stores</th><th>Paths</th><th>Copies</th>'
        "<th>Suggestion</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
        + _cut(len(rv.clusters), SHOWN_GROUPS, "folder clusters")
    )


def _verdict(th: Thresholds | None, failures: tuple[str, ...]) -> str:
    if th is None or not th.any:
        return ""
    if not failures:
        return '<div class="verdict ok"><b>All thresholds hold.</b></div>'
    items = "".join(f"<li>{_e(f)}</li>" for f in failures)
    return f'<div class="verdict fail"><b>Thresholds failed: these do not hold</b><ul>{items}</ul></div>'


def html_report(rv: Review, ws: Workspace, th: Thresholds | None = None, failures: tuple[str, ...] = ()) -> str:
    """The whole report page as a string."""
    ids = {c.store: c.store_id for c in rv.scorecards}
    git_line = f"HEAD <code>{_e(rv.head[:12])}</code> · {rv.commits:,} commits" if rv.head else "no git history"
    since = f" · findings limited to files changed since <code>{_e(rv.since)}</code>" if rv.since else ""
    heat = heatmap_svg(rv, ids)
    stale_block = (
        "".join(_stale_item(ws, f, i < OPEN_DETAILS) for i, f in enumerate(rv.stale[:SHOWN])) + _stale_rest(rv)
        or '<p class="dim">No override is behind the file it hides.</p>'
        if rv.staleness_known
        else f'<p class="unknown"><b>Staleness unknown.</b> {_e(rv.staleness_note)}.</p>'
    )
    redundant = (
        '<table class="grid"><thead><tr><th>Override</th><th>Equals</th></tr></thead><tbody>'
        + "".join(
            f"<tr><td><code>{_e(f.override.source)}</code></td><td><code>{_e(f.override.hidden_source)}"
            f"</code></td></tr>"
            for f in rv.redundant[:ROWS]
        )
        + "</tbody></table>"
        + _cut(len(rv.redundant), ROWS, "redundant overrides")
        if rv.redundant
        else '<p class="dim">No override equals the file it hides.</p>'
    )
    near = "".join(_near_item(ws, f, i < OPEN_DETAILS // 3) for i, f in enumerate(rv.near_redundant[:SHOWN]))
    near += _cut(len(rv.near_redundant), SHOWN, "near-redundant overrides")
    near = near or (
        f'<p class="dim">No override is within {rv.options.near_redundant_lines} line(s) of what it hides.</p>'
    )
    diags = "".join(
        f'<tr><td><span class="lv {d.level.value}">{_e(d.level.value)}</span></td><td><code>{_e(d.code)}</code></td>'
        f"<td><code>{_e(d.path or '(workspace)')}</code></td><td>{_e(d.message)}</td></tr>"
        for d in rv.diagnostics
        if d.level is not Level.INFO
    )
    diag_block = (
        f'<table class="grid"><thead><tr><th>Level</th><th>Code</th><th>Path</th><th>Message</th></tr>'
        f"</thead><tbody>{diags}</tbody></table>"
        if diags
        else '<p class="dim">Nothing to report.</p>'
    )
    legend = "".join(
        f'<span class="lg"><span class="dot l{i}"></span>{"base" if i == 0 else f"depth {i}"}</span>'
        for i in range(min(8, 1 + max((c.depth for c in rv.scorecards), default=0)))
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Store Layers review: {_e(rv.root)}</title>
<style>{CSS}</style></head><body>
<header><h1>Divergence review</h1><p class="sub"><code>{_e(rv.root)}</code> · {git_line}{since}</p>
<p class="sub">Staleness: <b>{_e(rv.staleness)}</b>, {_e(rv.staleness_note)}.</p></header>
<main>{_verdict(th, failures)}{_cards_html(rv)}
<nav><a href="#graph">Graph</a><a href="#scorecards">Scorecards</a><a href="#heatmap">Heatmap</a>
<a href="#hotspots">Hotspots</a><a href="#stale">Stale</a><a href="#redundant">Redundant</a>
<a href="#diagnostics">Diagnostics</a></nav>
<section id="graph"><h2>Store inheritance</h2><p class="legend">{legend}<span class="lg"><span class="dot tplk"></span>template (dashed)</span></p>
<div class="scroll">{graph_svg(rv, ws.graph)}</div></section>
<section id="scorecards"><h2>Scorecards</h2><p class="dim">Special files (app-root <code>package.json</code>,
<code>tsconfig.json</code>) are left out. <i>Overrides</i> is the share of the store's files its own layer
overrides; <i>differs from base</i> the share whose contents are not the base app's.</p>{_scorecards_html(rv)}</section>
<section id="heatmap"><h2>Where overrides cluster</h2><p class="dim">Override files per folder and store; darker is more.</p>
{f'<div class="scroll">{heat}</div>' if heat else '<p class="dim">No overrides.</p>'}</section>
<section id="hotspots"><h2>Hotspots</h2><p class="dim">Paths overridden in {rv.options.hotspot_min_stores} or more stores.</p>
{_hotspots_html(rv, ids)}<h3>Folder clusters</h3>{_clusters_html(rv, ids)}</section>
<section id="stale"><h2>Stale overrides ({len(rv.stale) if rv.staleness_known else "unknown"})</h2>{stale_block}</section>
<section id="redundant"><h2>Redundant overrides ({len(rv.redundant)})</h2>{redundant}
<h3>Near-redundant ({len(rv.near_redundant)}, at most {rv.options.near_redundant_lines} changed line(s))</h3>{near}</section>
<section id="diagnostics"><h2>Diagnostics</h2>{diag_block}</section>
</main><footer>Store Layers · {_e(summary(rv)["stores"])} stores · report schema storelayers.review/1</footer>
</body></html>
"""
