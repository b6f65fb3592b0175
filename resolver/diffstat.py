"""Line diffs for reviews and reports: how many lines an override changes, and the hunks themselves.

Lines are compared after SPEC rule 6's normalisation (line endings, trailing blanks), so a
redundant override always counts zero changed lines. The common head and tail are cut off before
`difflib` sees the rest: an override usually changes a few lines of a long file.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storelayers.resolver.content import BINARY_SNIFF, decode, looks_binary, normalize

MAX_DIFF_BYTES = 2 * 1024 * 1024
"""Files larger than this are not diffed line by line (their stat says `too_large`)."""


@dataclass(frozen=True, slots=True)
class DiffStat:
    """How two versions of a file differ, line by line (`changed`: a modified line counts once)."""

    insertions: int = 0
    deletions: int = 0
    changed: int = 0
    binary: bool = False
    too_large: bool = False

    @property
    def comparable(self) -> bool:
        return not (self.binary or self.too_large)

    def to_json(self) -> dict[str, Any]:
        return {
            "insertions": self.insertions,
            "deletions": self.deletions,
            "changed": self.changed,
            "binary": self.binary,
            "tooLarge": self.too_large,
        }


def lines_of(data: bytes) -> list[str] | None:
    """The normalised text lines of file contents, None for a binary file."""
    if looks_binary(data[:BINARY_SNIFF]):
        return None
    text, _ = decode(normalize(data))
    return text.split("\n") if text else []


def _trim(a: Sequence[str], b: Sequence[str]) -> tuple[int, int]:
    """Lengths of the common head and common tail of two line lists (not overlapping)."""
    n = min(len(a), len(b))
    head = 0
    while head < n and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < n - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    return head, tail


def opcodes(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib opcodes of two line lists, computed on the part between their common head and tail."""
    head, tail = _trim(a, b)
    mid_a, mid_b = a[head : len(a) - tail], b[head : len(b) - tail]
    ops: list[tuple[str, int, int, int, int]] = []
    if head:
        ops.append(("equal", 0, head, 0, head))
    if mid_a or mid_b:
        if not mid_a:
            ops.append(("insert", head, head, head, head + len(mid_b)))
        elif not mid_b:
            ops.append(("delete", head, head + len(mid_a), head, head))
        else:
            sm = difflib.SequenceMatcher(None, mid_a, mid_b, autojunk=len(mid_a) + len(mid_b) > 4000)
            for tag, i1, i2, j1, j2 in sm.get_opcodes():
                ops.append((tag, i1 + head, i2 + head, j1 + head, j2 + head))
    if tail:
        ops.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    return ops


def stat_lines(a: Sequence[str], b: Sequence[str]) -> DiffStat:
    """Insertions, deletions and changed lines going from `a` to `b`."""
    ins = dels = changed = 0
    for tag, i1, i2, j1, j2 in opcodes(a, b):
        if tag == "equal":
            continue
        ins += j2 - j1
        dels += i2 - i1
        changed += max(i2 - i1, j2 - j1)
    return DiffStat(ins, dels, changed)


def stat_bytes(a: bytes, b: bytes) -> DiffStat:
    """Line statistics of two file contents (binary or huge files are flagged, not diffed)."""
    if len(a) > MAX_DIFF_BYTES or len(b) > MAX_DIFF_BYTES:
        return DiffStat(too_large=True)
    la, lb = lines_of(a), lines_of(b)
    if la is None or lb is None:
        return DiffStat(binary=True)
    return stat_lines(la, lb)


@dataclass(frozen=True)
class DiffLine:
    """One line of a unified diff: `kind` is ' ', '+', '-' or '@' (a hunk header)."""

    kind: str
    text: str


def unified(a: Sequence[str], b: Sequence[str], context: int = 3, limit: int = 400) -> tuple[DiffLine, ...]:
    """Unified-diff lines from `a` to `b` (at most `limit` lines; a final '@' line says what was cut)."""
    groups = _group(opcodes(a, b), context)
    out: list[DiffLine] = []
    for group in groups:
        i1, j1 = group[0][1], group[0][3]
        i2, j2 = group[-1][2], group[-1][4]
        out.append(DiffLine("@", f"@@ -{i1 + 1},{i2 - i1} +{j1 + 1},{j2 - j1} @@"))
        for tag, a1, a2, b1, b2 in group:
            if tag == "equal":
                out.extend(DiffLine(" ", line) for line in a[a1:a2])
                continue
            out.extend(DiffLine("-", line) for line in a[a1:a2])
            out.extend(DiffLine("+", line) for line in b[b1:b2])
        if len(out) > limit:
            more = len(out) - limit
            return tuple(out[:limit]) + (DiffLine("@", f"... {more} more diff lines not shown"),)
    return tuple(out)


def _group(ops: list[tuple[str, int, int, int, int]], n: int) -> list[list[tuple[str, int, int, int, int]]]:
    """difflib's grouping of opcodes into hunks with `n` lines of context."""
    if not ops or all(op[0] == "equal" for op in ops):
        return []
    codes = list(ops)
    if codes[0][0] == "equal":
        tag, i1, i2, j1, j2 = codes[0]
        codes[0] = (tag, max(i1, i2 - n), i2, max(j1, j2 - n), j2)
    if codes[-1][0] == "equal":
        tag, i1, i2, j1, j2 = codes[-1]
        codes[-1] = (tag, i1, min(i2, i1 + n), j1, min(j2, j1 + n))
    nn = n + n
    groups: list[list[tuple[str, int, int, int, int]]] = []
    group: list[tuple[str, int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal" and i2 - i1 > nn:
            group.append((tag, i1, min(i2, i1 + n), j1, min(j2, j1 + n)))
            groups.append(group)
            group = []
            i1, j1 = max(i1, i2 - n), max(j1, j2 - n)
        group.append((tag, i1, i2, j1, j2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        groups.append(group)
    return groups
