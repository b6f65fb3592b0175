"""Readable, aligned text for a person at a terminal; coloured only when the terminal supports it.

Every name printed goes through `shown` first (issue #10 items 7 and 8): a file or store name is
data from the repository and must never reach the terminal as control codes, nor break the output
encoding. The escaped form round-trips: `unescape(shown(name)) == name`, and every command that
takes a store, a path or a file list accepts it back.
`shown` and `unescape` live in `storelayers.resolver.names` (the app shows names the same way).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import Any, TextIO

from storelayers.resolver.model import Diagnostic, EffectiveTree, Explanation, Level, Status, Store, StoreStats
from storelayers.resolver.names import shown, unescape
from storelayers.resolver.words import plural
from storelayers.resolver.workspace import Workspace

__all__ = ["shown", "unescape"]  # re-exported for the CLI's callers

GLYPH = {
    Status.INHERITED: " ",
    Status.ADDED: "+",
    Status.OVERRIDE: "●",
    Status.REDUNDANT: "≡",
}
_COLOUR = {
    Status.INHERITED: "",
    Status.ADDED: "32",  # green
    Status.OVERRIDE: "33",  # yellow
    Status.REDUNDANT: "35",  # magenta
    Level.ERROR: "31",
    Level.WARNING: "33",
    Level.INFO: "36",
    "dim": "2",
    "bold": "1",
}


def json_safe(data: Any) -> Any:
    """JSON data whose strings are valid Unicode: a string holding bytes that are not UTF-8 is given
    in `shown`'s escaped form (JSON itself escapes control characters). Iterative: any depth."""

    def fix(v: Any) -> Any:
        return shown(v) if isinstance(v, str) and _has_surrogate(v) else v

    nested = (dict, list, tuple)
    root: list[Any] = [None]
    stack: list[tuple[Any, Any, Any]] = [(data, root, 0)]
    while stack:
        src, dst, slot = stack.pop()
        if isinstance(src, dict):
            new: Any = {}
            pairs = [(fix(k), v) for k, v in src.items()]
        elif isinstance(src, (list, tuple)):
            new = [None] * len(src)
            pairs = list(enumerate(src))
        else:
            dst[slot] = fix(src)
            continue
        dst[slot] = new
        for k, v in pairs:
            if isinstance(v, nested):
                new[k] = None
                stack.append((v, new, k))
            else:
                new[k] = fix(v)
    return root[0]


_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_surrogate(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def valid_unicode(text: str) -> str:
    """`text` with each undecodable byte (a lone surrogate) in `shown`'s `\\xNN` form: text that
    any UTF encoding can write. Used for whole documents (the HTML report) as the last guard."""
    if not _has_surrogate(text):
        return text
    return _SURROGATE.sub(lambda m: shown(m.group()), text)


def use_colour(out: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


class _Painter:
    def __init__(self, out: TextIO) -> None:
        self.on = use_colour(out)

    def __call__(self, text: str, what: object) -> str:
        code = _COLOUR.get(what, "")  # type: ignore[call-overload]
        if not self.on or not code:
            return text
        return f"\x1b[{code}m{text}\x1b[0m"


def _table(rows: Sequence[Sequence[str]], right: frozenset[int] = frozenset()) -> list[list[str]]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))] if rows else []
    out = []
    for r in rows:
        out.append([c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(r)])
    return out


def print_stores(ws: Workspace, out: TextIO) -> None:
    paint = _Painter(out)
    out.write(f"workspace  {shown(str(ws.root))}\napps       {shown(', '.join(ws.apps)) or '(none)'}\n\n")
    rows = [["STORE", "KIND", "PATH"]]
    for s in ws.stores.values():
        rows.append(["  " * (s.depth - 1) + shown(s.id), s.kind.value, shown(s.key)])
    for i, r in enumerate(_table(rows)):
        line = "  ".join(r).rstrip()
        out.write((paint(line, "bold") if i == 0 else line) + "\n")
    if not ws.stores:
        out.write("(no stores: add folders under apps/stores/)\n")
    if ws.diagnostics:
        out.write("\n")
        print_diagnostics(ws.diagnostics, out)


def print_trees(ws: Workspace, store: Store, trees: Sequence[EffectiveTree], out: TextIO) -> None:
    paint = _Painter(out)
    for t in trees:
        out.write(
            paint(f"{shown(store.id)} · {shown(t.app)}", "bold")
            + f"  ({len(t.files)} files, {len(t.ignored)} ignored)\n"
        )
        rows = []
        for f in t.files:
            chain = " < ".join(shown(c) for c in f.chain)
            rows.append(
                [
                    GLYPH[f.status],
                    shown(f.path),
                    shown(f.layer),
                    f.status.value + (" special" if f.special else ""),
                    chain,
                ]
            )
        for f, r in zip(t.files, _table(rows) if rows else [], strict=False):
            line = "  ".join(r).rstrip()
            out.write(paint(line, f.status) + "\n")
        for p in t.ignored:
            out.write(paint(f"-  {shown(p)}  (ignored)", "dim") + "\n")
        out.write("\n")
    out.write("legend: ● override  ≡ redundant override  + added  (blank) inherited\n")


def print_explanation(ws: Workspace, store: Store, e: Explanation, out: TextIO) -> None:
    paint = _Painter(out)
    out.write(paint(f"{shown(store.id)} · {shown(e.app)} · {shown(e.path)}", "bold") + "\n")
    if e.winner is not None and e.status is not None:
        out.write(f"winner  {shown(e.winner)} ({e.status.value}{', special' if e.special else ''})\n")
    else:
        out.write("winner  none\n")
    if e.note:
        out.write(f"note    {shown(e.note)}\n")
    if e.ignore is not None:
        verb = "ignored by" if e.ignore.ignored else "re-included by"
        out.write(f"{verb}  '{shown(e.ignore.pattern)}' ({shown(e.ignore.store)})\n")
    out.write("\ncascade (nearest first):\n")
    if not e.chain:
        out.write("  (no layer has this path)\n")
    rows = []
    for c in e.chain:
        mark = "✔" if c.used else ("▣" if c.is_folder else "✗")
        what = "folder" if c.is_folder else f"{c.size:,} B"
        rows.append([mark, shown(c.layer), shown(c.source), what])
    for c, r in zip(e.chain, _table(rows, frozenset({3})) if rows else [], strict=False):
        line = "  " + "  ".join(r).rstrip()
        out.write((paint(line, "bold") if c.used else paint(line, "dim")) + "\n")


def print_stats(ws: Workspace, stats: Sequence[StoreStats], out: TextIO, by_app: bool = False) -> None:
    paint = _Painter(out)
    head = ["STORE", "KIND"] + (["APP"] if by_app else []) + ["INHERITED", "OVERRIDE", "ADDED", "REDUNDANT", "IGNORED"]
    rows = [head]
    for st in stats:
        depth = ws.stores[st.store].depth
        name = "  " * (depth - 1) + shown(st.id)
        if by_app:
            for app, c in st.apps.items():
                rows.append([name, st.kind.value, shown(app)] + [str(v) for v in c.to_json().values()])
        else:
            totals = [
                sum(c.to_json()[k] for c in st.apps.values())
                for k in ("inherited", "override", "added", "redundant", "ignored")
            ]
            rows.append([name, st.kind.value] + [str(v) for v in totals])
    first = len(head) - 5
    for i, r in enumerate(_table(rows, frozenset(range(first, len(head))))):
        line = "  ".join(r).rstrip()
        out.write((paint(line, "bold") if i == 0 else line) + "\n")


def print_diagnostics(diags: Sequence[Diagnostic], out: TextIO) -> None:
    paint = _Painter(out)
    if not diags:
        out.write("no problems found\n")
        return
    code_width = max(len(d.code) for d in diags)  # the messages start in one column
    for d in diags:
        # "alokai.config.json: alokai.config.json is not valid JSON" says the file once, not twice
        where = f"{shown(d.path)}: " if d.path and not d.message.startswith(d.path) else ""
        out.write(paint(f"{d.level.value:7}", d.level) + f" {d.code:{code_width}} {where}{shown(d.message)}\n")
    n_err = sum(1 for d in diags if d.level is Level.ERROR)
    n_warn = sum(1 for d in diags if d.level is Level.WARNING)
    out.write(
        f"\n{plural(n_err, 'error')}, {plural(n_warn, 'warning')}, {plural(len(diags) - n_err - n_warn, 'note')}\n"
    )
