"""Readable, aligned text for a person at a terminal; coloured only when the terminal supports it."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TextIO

from storelayers.resolver.model import Diagnostic, EffectiveTree, Explanation, Level, Status, Store, StoreStats
from storelayers.resolver.workspace import Workspace

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
    out.write(f"workspace  {ws.root}\napps       {', '.join(ws.apps) or '(none)'}\n\n")
    rows = [["STORE", "KIND", "PATH"]]
    for s in ws.stores.values():
        rows.append(["  " * (s.depth - 1) + s.id, s.kind.value, s.key])
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
        out.write(paint(f"{store.id} · {t.app}", "bold") + f"  ({len(t.files)} files, {len(t.ignored)} ignored)\n")
        rows = []
        for f in t.files:
            chain = " < ".join(f.chain)
            rows.append([GLYPH[f.status], f.path, f.layer, f.status.value + (" special" if f.special else ""), chain])
        for f, r in zip(t.files, _table(rows) if rows else [], strict=False):
            line = "  ".join(r).rstrip()
            out.write(paint(line, f.status) + "\n")
        for p in t.ignored:
            out.write(paint(f"-  {p}  (ignored)", "dim") + "\n")
        out.write("\n")
    out.write("legend: ● override  ≡ redundant override  + added  (blank) inherited\n")


def print_explanation(ws: Workspace, store: Store, e: Explanation, out: TextIO) -> None:
    paint = _Painter(out)
    out.write(paint(f"{store.id} · {e.app} · {e.path}", "bold") + "\n")
    if e.winner is not None and e.status is not None:
        out.write(f"winner  {e.winner} ({e.status.value}{', special' if e.special else ''})\n")
    else:
        out.write("winner  none\n")
    if e.note:
        out.write(f"note    {e.note}\n")
    if e.ignore is not None:
        verb = "ignored by" if e.ignore.ignored else "re-included by"
        out.write(f"{verb}  '{e.ignore.pattern}' ({e.ignore.store})\n")
    out.write("\ncascade (nearest first):\n")
    if not e.chain:
        out.write("  (no layer has this path)\n")
    rows = []
    for c in e.chain:
        mark = "✔" if c.used else ("▣" if c.is_folder else "✗")
        what = "folder" if c.is_folder else f"{c.size:,} B"
        rows.append([mark, c.layer, c.source, what])
    for c, r in zip(e.chain, _table(rows, frozenset({3})) if rows else [], strict=False):
        line = "  " + "  ".join(r).rstrip()
        out.write((paint(line, "bold") if c.used else paint(line, "dim")) + "\n")


def print_stats(ws: Workspace, stats: Sequence[StoreStats], out: TextIO, by_app: bool = False) -> None:
    paint = _Painter(out)
    head = ["STORE", "KIND"] + (["APP"] if by_app else []) + ["INHERITED", "OVERRIDE", "ADDED", "REDUNDANT", "IGNORED"]
    rows = [head]
    for st in stats:
        depth = ws.stores[st.store].depth
        name = "  " * (depth - 1) + st.id
        if by_app:
            for app, c in st.apps.items():
                rows.append([name, st.kind.value, app] + [str(v) for v in c.to_json().values()])
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
    for d in diags:
        where = f"{d.path}: " if d.path else ""
        out.write(paint(f"{d.level.value:7}", d.level) + f" {d.code:22} {where}{d.message}\n")
    n_err = sum(1 for d in diags if d.level is Level.ERROR)
    n_warn = sum(1 for d in diags if d.level is Level.WARNING)
    out.write(f"\n{n_err} error(s), {n_warn} warning(s), {len(diags) - n_err - n_warn} note(s)\n")
