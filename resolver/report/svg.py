"""Inline SVG for the HTML report: the store inheritance graph and the folders-by-stores heatmap.

Every name goes through `html.escape`; colours are CSS variables so the page's light and dark
schemes apply to the drawings too.
"""

from __future__ import annotations

import math
from html import escape

from storelayers.resolver.graphlayout import TreeGraph, is_radial, node_badges, radial_layout, tree_layout
from storelayers.resolver.model import BASE
from storelayers.resolver.palette import layer_index
from storelayers.resolver.review.findings import Review, Scorecard
from storelayers.resolver.words import plural


def layer_class(depth: int) -> str:
    """CSS class of a layer's colour by store depth (0 is the base app), as the app colours it."""
    return f"l{layer_index(depth)}"


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "\u2026"


def graph_svg(rv: Review, graph: TreeGraph) -> str:
    """The store tree: nodes coloured like their layer, badges for overrides, stale and redundant."""
    cards = {c.store: c for c in rv.scorecards}
    stale: dict[str, int] = {}
    for f in rv.stale:
        stale[f.override.store] = stale.get(f.override.store, 0) + 1
    if is_radial(graph):
        return _radial(rv, graph, cards, stale)
    pos = tree_layout(graph)
    leaves = max(1.0, max(x for x, _ in pos.values()) + 1)
    depth = max(1.0, *(y for _, y in pos.values()))
    slot = max(120.0, min(170.0, 1180.0 / leaves))
    row = 92.0
    width = int(leaves * slot + 20)
    height = int(depth * row + 90)

    def xy(node: str) -> tuple[float, float]:
        x, y = pos[node]
        return 10 + (x + 0.5) * slot, 34 + y * row

    parts = [
        f'<svg class="graph" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="Store inheritance graph">'
    ]
    for a, b in graph.edges():
        (x1, y1), (x2, y2) = xy(a), xy(b)
        my = (y1 + y2) / 2
        parts.append(
            f'<path class="edge" d="M{x1:.1f},{y1 + 14:.1f} C{x1:.1f},{my:.1f} {x2:.1f},{my:.1f} '
            f'{x2:.1f},{y2 - 14:.1f}"/>'
        )
    for node in graph.nodes:
        x, y = xy(node)
        if node == BASE:
            parts.append(
                f'<g class="node"><title>base apps</title><rect class="l0" x="{x - 40:.1f}" '
                f'y="{y - 14:.1f}" width="80" height="28" rx="14"/><text class="nl" x="{x:.1f}" '
                f'y="{y + 4:.1f}">base</text></g>'
            )
            continue
        c = cards.get(node)
        if c is None:
            continue
        w = slot - 16
        cls = layer_class(c.depth) + (" tpl" if c.kind.value == "template" else "")
        tip = (
            f"{c.store} ({c.kind.value}, depth {c.depth}): {c.overridden} overrides, "
            f"{c.redundant} redundant, {stale.get(node, 0) if rv.staleness_known else 'unknown'} stale"
        )
        parts.append(f'<g class="node"><title>{escape(tip)}</title>')
        parts.append(f'<rect class="{cls}" x="{x - w / 2:.1f}" y="{y - 14:.1f}" width="{w:.1f}" height="28" rx="6"/>')
        parts.append(f'<text class="nl" x="{x:.1f}" y="{y + 4:.1f}">{escape(_short(c.store_id, int(w / 7.5)))}</text>')
        parts.append(_badges(x, y + 28, c.overridden, stale.get(node, 0), c.redundant, rv.staleness_known))
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def _badges(x: float, y: float, overrides: int, stale: int, redundant: int, known: bool) -> str:
    classes = {"override": "b-ov", "stale": "b-st", "redundant": "b-rd"}
    items = [(classes[kind], text) for kind, text in node_badges(overrides, stale if known else 0, redundant)]
    widths = [7 + 6.2 * len(t) for _, t in items]
    total = sum(widths) + 4 * (len(items) - 1)
    cx = x - total / 2
    out = []
    for (cls, text), w in zip(items, widths, strict=False):
        out.append(
            f'<rect class="badge {cls}" x="{cx:.1f}" y="{y - 9:.1f}" width="{w:.1f}" height="15" rx="7"/>'
            f'<text class="bt" x="{cx + w / 2:.1f}" y="{y + 2:.1f}">{escape(text)}</text>'
        )
        cx += w + 4
    return "".join(out)


def _radial(rv: Review, graph: TreeGraph, cards: dict[str, Scorecard], stale: dict[str, int]) -> str:
    pos = radial_layout(graph)
    size = 900
    r0 = 330.0
    c0 = size / 2

    def xy(node: str) -> tuple[float, float]:
        x, y = pos[node]
        return c0 + x * r0, c0 + y * r0

    leaves = sum(1 for n in graph.nodes if not any(True for _ in graph.successors(n)))
    cap = max(2.0, min(8.0, math.pi * r0 / max(1, leaves) - 0.8))  # leaves never overlap on the ring
    parts = [
        f'<svg class="graph" viewBox="0 0 {size} {size}" width="{size}" height="{size}" role="img" '
        f'aria-label="Store inheritance graph">'
    ]
    for a, b in graph.edges():
        (x1, y1), (x2, y2) = xy(a), xy(b)
        parts.append(f'<line class="edge" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"/>')
    for node in graph.nodes:
        x, y = xy(node)
        if node == BASE:
            parts.append(
                f'<g class="node"><title>base apps</title><circle class="l0" cx="{x:.1f}" cy="{y:.1f}" '
                f'r="16"/><text class="nl" x="{x:.1f}" y="{y + 4:.1f}">base</text></g>'
            )
            continue
        c = cards.get(node)
        if c is None:
            continue
        r = min(cap, 2.5 + math.sqrt(c.overridden) / 2)
        ring = " stale" if stale.get(node) else ""
        tip = f"{c.store}: {c.overridden} overrides, {c.redundant} redundant, {stale.get(node, 0)} stale"
        parts.append(
            f'<g class="node"><title>{escape(tip)}</title><circle class="{layer_class(c.depth)}{ring}" '
            f'cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"/>'
        )
        if not any(True for _ in graph.successors(node)):
            angle = math.degrees(math.atan2(y - c0, x - c0))
            flip = 90 < abs(angle)
            rot = angle + 180 if flip else angle
            anchor = "end" if flip else "start"
            dx = -(r + 3) if flip else r + 3
            parts.append(
                f'<text class="rl" text-anchor="{anchor}" transform="translate({x:.1f},{y:.1f}) '
                f'rotate({rot:.1f}) translate({dx:.1f},3)">{escape(_short(c.store_id, 18))}</text>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def heatmap_svg(rv: Review, ids: dict[str, str]) -> str | None:
    """Override counts, folders (rows) by stores (columns); None when nothing is overridden."""
    hm = rv.heatmap
    if not hm.rows or not hm.columns:
        return None
    n = len(hm.columns)
    cw = max(12.0, min(30.0, 880.0 / n))
    ch = 22.0
    label_w = 300.0
    top = 110.0
    apps: list[str] = []
    for app, _ in hm.rows:
        if not apps or apps[-1] != app:
            apps.append(app)
    height = top + (len(hm.rows) + len(apps)) * ch + 10
    width = label_w + n * cw + 20
    peak = max(1, hm.peak)
    parts = [
        f'<svg class="heat" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        f'role="img" aria-label="Overrides by folder and store">'
    ]
    for j, key in enumerate(hm.columns):
        x = label_w + (j + 0.5) * cw
        parts.append(
            f'<text class="cl" transform="translate({x:.1f},{top - 6:.1f}) rotate(-55)">'
            f"<title>{escape(key)}</title>{escape(_short(ids.get(key, key), 16))}</text>"
        )
    y = top
    last_app = None
    for (app, folder), counts in zip(hm.rows, hm.counts, strict=False):
        if app != last_app:
            parts.append(f'<text class="al" x="4" y="{y + 15:.1f}">{escape(app)}</text>')
            parts.append(f'<line class="sep" x1="0" y1="{y + ch - 1:.1f}" x2="{width:.0f}" y2="{y + ch - 1:.1f}"/>')
            y += ch
            last_app = app
        label = f"{folder}/" if folder else "(app root)"
        parts.append(
            f'<text class="rl2" x="{label_w - 8:.1f}" y="{y + 15:.1f}"><title>{escape(app + "/" + folder)}'
            f"</title>{escape(_short(label, 40))}</text>"
        )
        for j, v in enumerate(counts):
            x = label_w + j * cw
            if v:
                op = 0.18 + 0.82 * v / peak
                parts.append(
                    f'<rect class="hc" x="{x + 1:.1f}" y="{y + 1:.1f}" width="{cw - 2:.1f}" '
                    f'height="{ch - 2:.1f}" fill-opacity="{op:.2f}"><title>'
                    f"{escape(ids.get(hm.columns[j], hm.columns[j]))}: {plural(v, 'override')} in "
                    f"{escape(app + '/' + folder)}</title></rect>"
                )
                if cw >= 16:
                    strong = " hi" if op > 0.55 else ""
                    parts.append(f'<text class="hv{strong}" x="{x + cw / 2:.1f}" y="{y + 15:.1f}">{v}</text>')
            else:
                parts.append(
                    f'<rect class="h0" x="{x + 1:.1f}" y="{y + 1:.1f}" width="{cw - 2:.1f}" height="{ch - 2:.1f}"/>'
                )
        y += ch
    parts.append("</svg>")
    return "".join(parts)
