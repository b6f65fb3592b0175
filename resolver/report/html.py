"""The review as one self-contained HTML page: inline CSS and SVG, no scripts, no network.

Every name and every line of file content is escaped, so a file called `<img src=x onerror=...>`
shows as text. Light and dark follow the reader's `prefers-color-scheme`. The page is laid out from
computed data only (the review and its `Evidence`): nothing here reads a file or computes a diff.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from storelayers.resolver.diffstat import DiffLine, DiffStat
from storelayers.resolver.graphlayout import BADGE_KEY
from storelayers.resolver.model import Level
from storelayers.resolver.palette import LAYER_COLOURS
from storelayers.resolver.report.css import CSS
from storelayers.resolver.report.document import SCHEMA, Thresholds, iso, summary
from storelayers.resolver.report.svg import graph_svg, heatmap_svg, layer_class
from storelayers.resolver.review.change import FIGURE_LABELS, ChangeReview, Finding
from storelayers.resolver.review.columns import SCORECARD_COLUMNS
from storelayers.resolver.review.evidence import SHOWN, Evidence
from storelayers.resolver.review.findings import OverrideFinding, Review, StaleOverride
from storelayers.resolver.words import plural

OPEN_DETAILS = 12  # the first findings of a list show their diff opened
SHOWN_GROUPS = 40  # hotspots and folder clusters listed
ROWS = 500  # rows of a plain findings table


def _cut(total: int, shown: int, what: str) -> str:
    if total <= shown:
        return ""
    return f'<p class="dim">{total - shown:,} more {what} are not listed here; the JSON report holds all {total:,}.</p>'


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _diff_html(lines: Iterable[DiffLine] | None) -> str:
    if lines is None:
        return '<p class="dim">Binary or unreadable: no line diff.</p>'
    out = []
    for ln in lines:
        cls = {"+": "ins", "-": "del", "@": "hunk"}.get(ln.kind, "ctx")
        mark = "" if ln.kind == "@" else ln.kind
        out.append(f'<span class="{cls}">{_e(mark)}{_e(ln.text)}</span>')
    if not out:
        return '<p class="dim">No line differs after normalising line ends and trailing blanks.</p>'
    return '<pre class="diff">' + "".join(out) + "</pre>"


def _users(users: tuple[str, ...], ids: dict[str, str]) -> str:
    chips = " ".join(f'<span class="chip" title="{_e(k)}">{_e(ids.get(k, k))}</span>' for k in users)
    return f'<div class="chips">Used by {chips}</div>' if users else ""


def _stale_item(ev: Evidence, f: StaleOverride, opened: bool, ids: dict[str, str]) -> str:
    o = f.override
    body = _diff_html(ev.stale.get((o.store, o.app, o.path)))
    commits = "".join(
        f"<li><code>{_e(c.sha[:10])}</code> {_e(iso(c.time)[:10])} {_e(c.author)}: {_e(c.subject)}</li>"
        for c in f.newer_commits
    )
    more = f.commits_behind - len(f.newer_commits)
    if more > 0:
        commits += f'<li class="dim">... and {more} more</li>'
    ps = f.parent_lines
    home = (
        f" It is ignored for <b>{_e(o.store_id)}</b> itself; the stores below use it." if o.ignored_in_own_store else ""
    )
    return (
        f'<details{" open" if opened else ""}><summary><span class="tag st">stale</span> '
        f'<code>{_e(o.source)}</code> <span class="dim">: the <b>{_e(o.hidden_layer)}</b> file it hides changed in '
        f"{plural(f.commits_behind, 'commit')} since; differs for {plural(f.stale_days, 'day')}</span></summary>"
        f'<div class="det"><p>Hides <code>{_e(o.hidden_source)}</code>.{home} The override was last committed in '
        f"<code>{_e(f.override_commit.sha[:10])}</code> ({_e(iso(f.override_commit.time)[:10])}); since then the "
        f'parent changed {plural(ps.changed, "line")} (+{ps.insertions} −{ps.deletions}) in:</p><ul class="commits">'
        f'{commits}</ul>{_users(f.users, ids)}<p class="dim">What the parent changed since the override\'s last '
        f"commit (the parent then → the parent now):</p>{body}</div></details>"
    )


def _cosmetic_item(ev: Evidence, f: OverrideFinding, opened: bool, ids: dict[str, str]) -> str:
    o = f.override
    body = _diff_html(ev.cosmetic.get((o.store, o.app, o.path)))
    return (
        f'<details{" open" if opened else ""}><summary><span class="tag nr">cosmetic</span> '
        f'<code>{_e(o.source)}</code> <span class="dim">differs from <b>{_e(o.hidden_layer)}</b> only in whitespace '
        f'or comments ({plural(f.changed_lines, "line")})</span></summary><div class="det"><p>Hides '
        f"<code>{_e(o.hidden_source)}</code> (what it hides → the override):</p>{_users(f.users, ids)}{body}"
        "</div></details>"
    )


def _orphans_html(rv: Review, ids: dict[str, str]) -> str:
    if not rv.orphans_known:
        return f'<p class="unknown"><b>Orphans unknown.</b> {_e(rv.staleness_note)}.</p>'
    if not rv.orphaned:
        return '<p class="dim">No store file lost the file it overrode.</p>'
    rows = []
    for f in rv.orphaned[:ROWS]:
        c = f.removed_commit
        how = f"renamed to <code>{_e(f.renamed_to)}</code>" if f.renamed_to else "deleted"
        when = (
            f"in <code>{_e(c.sha[:10])}</code> {_e(iso(c.time)[:10])} {_e(c.author)}: {_e(c.subject)}"
            if c
            else "(not committed yet)"
        )
        rows.append(
            f"<tr><td><code>{_e(f.source)}</code>{_users(f.users, ids)}</td><td><code>{_e(f.removed_source)}</code> "
            f'<span class="dim">({_e(f.removed_layer)})</span></td><td>{how} {when}</td></tr>'
        )
    return (
        '<table class="grid"><thead><tr><th>Store file (now added)</th><th>It overrode</th><th>Removed</th></tr>'
        "</thead><tbody>" + "".join(rows) + "</tbody></table>" + _cut(len(rv.orphaned), ROWS, "orphaned files")
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
        '<h3>More stale overrides</h3><table class="grid"><thead><tr><th>Override</th><th>Parent commits since</th>'
        f"<th>Days behind</th><th>Differs for (days)</th></tr></thead><tbody>{rows}</tbody></table>"
        + _cut(len(rv.stale), SHOWN + len(rest), "stale overrides")
    )


def _bar(ratio: float) -> str:
    pct = max(0.0, min(1.0, ratio)) * 100
    return f'<td class="num"><span class="meter"><i style="width:{pct:.1f}%"></i></span>{ratio:.0%}</td>'


def _cards_html(rv: Review) -> str:
    s = summary(rv)
    stale = "unknown" if s["stale"] is None else s["stale"]
    orphaned = "unknown" if s["orphaned"] is None else s["orphaned"]
    items = [
        ("Stores", s["stores"], f"{s['deployable']} deployable · {s['templates']} template"),
        ("Deepest chain", s["maxDepth"], "levels of stores"),
        ("Overrides", s["override"], f"{s['linesChanged']:,} lines changed"),
        ("Stale", stale, "from git history" if s["stale"] is not None else "no usable git history"),
        ("Orphaned", orphaned, "override nothing any more"),
        ("Redundant", s["redundant"], f"{s['cosmetic']} cosmetic"),
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
        return (
            f'<p class="dim">No {rv.options.hotspot_min_stores} or more children of one parent share a copy '
            "their parent lacks.</p>"
        )
    rows = []
    for h in rv.hotspots[:SHOWN_GROUPS]:
        chips = " ".join(f'<span class="chip" title="{_e(k)}">{_e(ids.get(k, k))}</span>' for k in h.stores)
        rows.append(
            f'<tr><td><code>{_e(h.path)}</code><div class="dim small">{_e(h.app)}</div></td>'
            f'<td>{_e(h.parent_layer)}</td><td class="num">{len(h.stores)}</td>'
            f'<td><span class="tag mv">move up</span> {_e(h.suggestion)}<div class="chips">{chips}</div></td></tr>'
        )
    return (
        '<table class="grid"><thead><tr><th>Path</th><th>Parent</th><th>Children</th><th>Suggestion</th>'
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


_TAG = {"stale": "st", "orphaned": "cf", "redundant": "nr", "cosmetic": "nr", "hotspot": "mv"}


def _change_findings(items: tuple[Finding, ...], empty: str) -> str:
    if not items:
        return f'<p class="dim">{_e(empty)}</p>'
    rows = "".join(
        f'<tr><td><span class="tag {_TAG.get(f.kind, "st")}">{_e(f.kind)}</span></td><td>{_e(f.store_id)}</td>'
        f"<td><code>{_e(f.source)}</code></td><td>{_e(f.message)}</td></tr>"
        for f in items[:ROWS]
    )
    return (
        '<table class="grid"><thead><tr><th>Finding</th><th>Store</th><th>File</th><th>Why</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>" + _cut(len(items), ROWS, "findings")
    )


def _lines_html(s: DiffStat | None) -> str:
    if s is None:
        return "–"
    if s.binary or s.too_large:
        return "binary" if s.binary else "too large"
    return f"+{s.insertions} −{s.deletions}"


def _n(value: int | None) -> str:
    return "?" if value is None else f"{value:,}"


_WORSE = frozenset({"redundant", "cosmetic", "stale", "orphaned", "hotspots", "errors"})  # more is worse


def _delta(before: int | None, after: int | None, name: str = "") -> str:
    if before is None or after is None:
        return '<td class="num dim">?</td>'
    d = after - before
    cls = " bad" if d > 0 and name in _WORSE else ""
    return f'<td class="num{cls}">{"+" if d > 0 else ""}{d:,}</td>'


def change_html(ch: ChangeReview) -> str:
    """The "This change" section (`report --base REV`): what the working tree changes against REV."""
    unknown = "".join(f'<p class="unknown"><b>Not compared.</b> {_e(u)}.</p>' for u in ch.unknown)
    totals = "".join(
        f'<tr><td>{_e(FIGURE_LABELS.get(f.name, f.name))}</td><td class="num">{_n(f.before)}</td>'
        f'<td class="num">{_n(f.after)}</td>{_delta(f.before, f.after, f.name)}</tr>'
        for f in ch.totals
    )
    stores = []
    for st in ch.stores:
        if not st.changed:
            continue
        moved = ", ".join(
            f"{_e(FIGURE_LABELS.get(f.name, f.name))} {'?' if f.before is None else f.before} → {'?' if f.after is None else f.after}"
            for f in st.figures
            if f.delta
        )
        rows = "".join(
            f"<tr><td>{_e(c.change)}{' (redundant)' if c.redundant and c.change in ('added', 'changed') else ''}</td>"
            f"<td><code>{_e(c.source)}</code></td><td><code>{_e(c.hides)}</code></td>"
            f'<td class="num">{_lines_html(c.lines_before)} → {_lines_html(c.lines_after)}</td></tr>'
            for c in st.overrides[:ROWS]
        )
        table = (
            '<table class="grid"><thead><tr><th>Override</th><th>File</th><th>Hides</th>'
            f"<th>Lines vs hidden: before → after</th></tr></thead><tbody>{rows}</tbody></table>"
            + _cut(len(st.overrides), ROWS, "overrides")
            if rows
            else ""
        )
        state = {"added": " (new store)", "removed": " (store removed)"}.get(st.state, "")
        stores.append(
            f'<h4><span title="{_e(st.store)}">{_e(st.store_id)}</span>{state}</h4>'
            f'<p class="dim">{moved or "figures unchanged"}</p>{table}'
        )
    nothing = '<p class="dim">No store changed.</p>'
    return (
        f'<section id="change"><h2>This change</h2><p class="dim">The working tree compared with '
        f"<code>{_e(ch.base_rev)}</code> (<code>{_e(ch.base_sha[:12])}</code>): {len(ch.introduced)} finding(s) "
        f"introduced, {len(ch.resolved)} resolved, {len(ch.overrides)} override(s) added, removed or changed."
        f"</p>{unknown}"
        '<table class="grid"><thead><tr><th>Figure</th><th>Before</th><th>After</th><th>Change</th></tr></thead>'
        f"<tbody>{totals}</tbody></table>"
        f"<h3>Findings this change introduces ({len(ch.introduced)})</h3>"
        f"{_change_findings(ch.introduced, 'None.')}"
        f"<h3>Findings this change resolves ({len(ch.resolved)})</h3>{_change_findings(ch.resolved, 'None.')}"
        f"<h3>Per store</h3>{''.join(stores) or nothing}</section>"
    )


def _verdict(th: Thresholds | None, failures: tuple[str, ...]) -> str:
    if th is None or not th.any:
        return ""
    if not failures:
        return '<div class="verdict ok"><b>All thresholds hold.</b></div>'
    items = "".join(f"<li>{_e(f)}</li>" for f in failures)
    return f'<div class="verdict fail"><b>Thresholds failed: these do not hold</b><ul>{items}</ul></div>'


def html_report(
    rv: Review,
    evidence: Evidence,
    th: Thresholds | None = None,
    failures: tuple[str, ...] = (),
    change: ChangeReview | None = None,
) -> str:
    """The whole report page as a string, from the review and its evidence (`report_evidence`);
    with `change` (`report --base`) it opens with the "This change" section."""
    ids = {c.store: c.store_id for c in rv.scorecards}
    git_line = f"HEAD <code>{_e(rv.head[:12])}</code> · {rv.commits:,} commits" if rv.head else "no git history"
    since = f" · findings limited to files changed since <code>{_e(rv.since)}</code>" if rv.since else ""
    heat = heatmap_svg(rv, ids)
    stale_block = (
        "".join(_stale_item(evidence, f, i < OPEN_DETAILS, ids) for i, f in enumerate(rv.stale[:SHOWN]))
        + _stale_rest(rv)
        or '<p class="dim">No override hides a file that changed since the override was last committed.</p>'
        if rv.staleness_known
        else f'<p class="unknown"><b>Staleness unknown.</b> {_e(rv.staleness_note)}.</p>'
    )
    redundant = (
        '<table class="grid"><thead><tr><th>Override</th><th>Equals</th></tr></thead><tbody>'
        + "".join(
            f"<tr><td><code>{_e(f.override.source)}</code>{_users(f.users, ids)}</td><td><code>"
            f"{_e(f.override.hidden_source)}</code></td></tr>"
            for f in rv.redundant[:ROWS]
        )
        + "</tbody></table>"
        + _cut(len(rv.redundant), ROWS, "redundant overrides")
        if rv.redundant
        else '<p class="dim">No override equals the file it hides.</p>'
    )
    cosmetic = "".join(
        _cosmetic_item(evidence, f, i < OPEN_DETAILS // 3, ids) for i, f in enumerate(rv.cosmetic[:SHOWN])
    )
    cosmetic += _cut(len(rv.cosmetic), SHOWN, "cosmetic overrides")
    cosmetic = cosmetic or '<p class="dim">No override differs only in whitespace or comments.</p>'
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
        for i in range(min(LAYER_COLOURS, 1 + max((c.depth for c in rv.scorecards), default=0)))
    ) + (
        '<span class="lg">Colour here is a store\'s depth below the base: a report has no current store.'
        " In the app, colour is a layer's place in the chain of the store you look at"
        " (this store, its parent, \u2026, base) and other stores are grey.</span>"
        f'<span class="lg">Badges: {_e(BADGE_KEY)}.</span>'
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
<nav>{'<a href="#change">This change</a>' if change is not None else ""}<a href="#graph">Graph</a><a href="#scorecards">Scorecards</a><a href="#heatmap">Heatmap</a>
<a href="#hotspots">Hotspots</a><a href="#stale">Stale</a><a href="#orphaned">Orphaned</a>
<a href="#redundant">Redundant</a><a href="#cosmetic">Cosmetic</a>
<a href="#diagnostics">Diagnostics</a></nav>{change_html(change) if change is not None else ""}
<section id="graph"><h2>Store inheritance</h2><p class="legend">{legend}<span class="lg"><span class="dot tplk"></span>template (dashed)</span></p>
<div class="scroll">{graph_svg(rv, evidence.graph)}</div></section>
<section id="scorecards"><h2>Scorecards</h2><p class="dim">Special files (app-root <code>package.json</code>,
<code>tsconfig.json</code>) are left out. <i>Overrides</i> is the share of the store's files its own layer
overrides; <i>differs from base</i> the share whose contents are not the base app's.</p>{_scorecards_html(rv)}</section>
<section id="heatmap"><h2>Where overrides cluster</h2><p class="dim">Override files per folder and store; darker is more.</p>
{f'<div class="scroll">{heat}</div>' if heat else '<p class="dim">No overrides.</p>'}</section>
<section id="hotspots"><h2>Hotspots</h2><p class="dim">Copies that {rv.options.hotspot_min_stores} or more children of one
parent share and the parent lacks: move them up. (A child's copy equal to its parent's is redundant, not a hotspot.)</p>
{_hotspots_html(rv, ids)}<h3>Folder clusters</h3>{_clusters_html(rv, ids)}</section>
<section id="stale"><h2>Stale overrides ({len(rv.stale) if rv.staleness_known else "unknown"})</h2>
<p class="dim">The file an override hides now differs from what it was at the override's last commit.</p>{stale_block}</section>
<section id="orphaned"><h2>Orphaned files ({len(rv.orphaned) if rv.orphans_known else "unknown"})</h2>
<p class="dim">Store files that overrode a farther layer's file, which was since deleted or renamed: they override
nothing now.</p>{_orphans_html(rv, ids)}</section>
<section id="redundant"><h2>Redundant overrides ({len(rv.redundant)})</h2>{redundant}</section>
<section id="cosmetic"><h2>Cosmetic overrides ({len(rv.cosmetic)})</h2><p class="dim">Overrides that differ from
what they hide only in whitespace, blank lines or comments.</p>{cosmetic}</section>
<section id="diagnostics"><h2>Diagnostics</h2>{diag_block}</section>
</main><footer>Store Layers · {_e(summary(rv)["stores"])} stores · report schema {SCHEMA}</footer>
</body></html>
"""
