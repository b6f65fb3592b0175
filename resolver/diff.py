"""Comparing two layers' copies of a file: aligned rows, changed characters, +N -M statistics.

The left side is the farther file (what an override hides), the right side the nearer one, so
`added` counts the lines the override brings and `removed` the lines it drops, as `git diff` would.
Nothing here knows about Qt: the desktop app paints these rows, the CLI could print them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from storelayers.resolver import content, fsio
from storelayers.resolver.model import ChainLink, Explanation
from storelayers.resolver.workspace import Workspace

EQUAL = "equal"
REPLACE = "replace"
INSERT = "insert"
DELETE = "delete"

MAX_LINES = 60_000
"""Above this many lines on either side the diff is refused with a clear message (no hang)."""
MAX_DIFF_BYTES = 4 * 1024 * 1024
MAX_CHAR_DIFF = 2_000
"""Lines longer than this are marked whole rather than character by character."""

Marks = tuple[tuple[int, int], ...]  # (start, end) character ranges within one line


@dataclass(frozen=True)
class DiffRow:
    """One row of a side-by-side diff. A missing line number is a filler on that side."""

    kind: str  # equal, replace, insert (right only), delete (left only)
    left_no: int | None  # 1-based line number in the left file
    right_no: int | None
    left_marks: Marks = ()
    right_marks: Marks = ()


@dataclass(frozen=True)
class TextDiff:
    """Two texts aligned row by row."""

    left_lines: tuple[str, ...]
    right_lines: tuple[str, ...]
    rows: tuple[DiffRow, ...]
    changes: tuple[int, ...]  # index of the first row of each block of changed rows
    added: int  # lines only on the right
    removed: int  # lines only on the left

    @property
    def identical(self) -> bool:
        return not self.changes

    def summary(self) -> str:
        """'+N −M', the figure a diff header shows."""
        return f"+{self.added} \u2212{self.removed}"


@dataclass(frozen=True)
class Side:
    """One file taking part in a diff."""

    label: str  # e.g. the layer id
    source: str  # workspace-relative path, "" when no file
    abs_path: str = ""


@dataclass(frozen=True)
class FileDiff:
    """The comparison of two files: a text diff, or the reason why none can be shown."""

    left: Side
    right: Side
    kind: str  # "text", "binary", "too-large", "unreadable", "missing"
    text: TextDiff | None = None
    message: str = ""
    same_after_normalising: bool = False  # rule 6: equal once line ends and trailing spaces are ignored
    left_encoding: str = ""
    right_encoding: str = ""


def _split(text: str) -> list[str]:
    return text.splitlines()


_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def _tokens(line: str) -> tuple[list[str], list[int]]:
    toks = _TOKEN.findall(line)
    starts = []
    pos = 0
    for t in toks:
        starts.append(pos)
        pos += len(t)
    starts.append(pos)
    return toks, starts


def _char_marks(a: str, b: str) -> tuple[Marks, Marks]:
    """Character ranges that differ between two paired lines (compared word by word)."""
    if len(a) > MAX_CHAR_DIFF or len(b) > MAX_CHAR_DIFF:
        return ((0, len(a)),) if a else (), ((0, len(b)),) if b else ()
    ta, sa = _tokens(a)
    tb, sb = _tokens(b)
    sm = SequenceMatcher(None, ta, tb, autojunk=False)
    left: list[tuple[int, int]] = []
    right: list[tuple[int, int]] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        if i2 > i1:
            left.append((sa[i1], sa[i2]))
        if j2 > j1:
            right.append((sb[j1], sb[j2]))
    # Mostly different lines read better marked whole than as confetti.
    if sm.ratio() < 0.35:
        return ((0, len(a)),) if a else (), ((0, len(b)),) if b else ()
    return tuple(left), tuple(right)


Opcode = tuple[str, int, int, int, int]
SMALL = 250_000  # below this many line pairs difflib alone is quick


def _matcher_ops(a: list[str], b: list[str], i0: int, j0: int) -> list[Opcode]:
    sm = SequenceMatcher(None, a, b, autojunk=len(a) + len(b) > 4000)
    return [(t, i1 + i0, i2 + i0, j1 + j0, j2 + j0) for t, i1, i2, j1, j2 in sm.get_opcodes()]


def _anchors(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Lines that occur once on each side, in an order both sides agree on (patience diff)."""
    count_a: dict[str, int] = {}
    for x in a:
        count_a[x] = count_a.get(x, 0) + 1
    count_b: dict[str, int] = {}
    pos_b: dict[str, int] = {}
    for j, x in enumerate(b):
        count_b[x] = count_b.get(x, 0) + 1
        pos_b[x] = j
    pairs = [(i, pos_b[x]) for i, x in enumerate(a) if count_a[x] == 1 and count_b.get(x) == 1]
    # longest increasing subsequence of the right-hand positions
    import bisect

    tails: list[int] = []
    tail_idx: list[int] = []
    prev = [-1] * len(pairs)
    for k, (_i, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[pos] = j
            tail_idx[pos] = k
        prev[k] = tail_idx[pos - 1] if pos else -1
    out = []
    k = tail_idx[-1] if tail_idx else -1
    while k >= 0:
        out.append(pairs[k])
        k = prev[k]
    return out[::-1]


def _opcodes(a: list[str], b: list[str], i0: int = 0, j0: int = 0) -> list[Opcode]:
    """difflib's opcodes, made fast on long files by anchoring on unique lines first."""
    ops: list[Opcode] = []
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    m = 0
    while m < len(a) - n and m < len(b) - n and a[-1 - m] == b[-1 - m]:
        m += 1
    if n:
        ops.append((EQUAL, i0, i0 + n, j0, j0 + n))
    ma, mb = a[n : len(a) - m], b[n : len(b) - m]
    bi, bj = i0 + n, j0 + n
    if ma or mb:
        if not ma:
            ops.append((INSERT, bi, bi, bj, bj + len(mb)))
        elif not mb:
            ops.append((DELETE, bi, bi + len(ma), bj, bj))
        elif len(ma) * len(mb) <= SMALL:
            ops.extend(_matcher_ops(ma, mb, bi, bj))
        else:
            anchors = _anchors(ma, mb)
            if not anchors:
                ops.extend(_matcher_ops(ma, mb, bi, bj))
            else:
                pi = pj = 0
                for ai, aj in anchors + [(len(ma), len(mb))]:
                    if ai > pi or aj > pj:
                        ops.extend(_opcodes(ma[pi:ai], mb[pj:aj], bi + pi, bj + pj))
                    if ai < len(ma):
                        ops.append((EQUAL, bi + ai, bi + ai + 1, bj + aj, bj + aj + 1))
                    pi, pj = ai + 1, aj + 1
    if m:
        ops.append((EQUAL, i0 + len(a) - m, i0 + len(a), j0 + len(b) - m, j0 + len(b)))
    merged: list[Opcode] = []
    for op in ops:
        if merged and op[0] == EQUAL and merged[-1][0] == EQUAL:
            t, i1, _i2, j1, _j2 = merged[-1]
            merged[-1] = (EQUAL, i1, op[2], j1, op[4])
        else:
            merged.append(op)
    return merged


def diff_lines(left: list[str] | tuple[str, ...], right: list[str] | tuple[str, ...]) -> TextDiff:
    """Align two lists of lines into side-by-side rows with the changed characters marked."""
    a = list(left)
    b = list(right)
    rows: list[DiffRow] = []
    changes: list[int] = []
    added = removed = 0
    for tag, i1, i2, j1, j2 in _opcodes(a, b):
        if tag == EQUAL:
            for k in range(i2 - i1):
                rows.append(DiffRow(EQUAL, i1 + k + 1, j1 + k + 1))
            continue
        changes.append(len(rows))
        removed += i2 - i1
        added += j2 - j1
        n, m = i2 - i1, j2 - j1
        paired = min(n, m) if tag == REPLACE else 0
        for k in range(paired):
            lm, rm = _char_marks(a[i1 + k], b[j1 + k])
            rows.append(DiffRow(REPLACE, i1 + k + 1, j1 + k + 1, lm, rm))
        for k in range(paired, n):
            rows.append(DiffRow(DELETE, i1 + k + 1, None))
        for k in range(paired, m):
            rows.append(DiffRow(INSERT, None, j1 + k + 1))
    return TextDiff(tuple(a), tuple(b), tuple(rows), tuple(changes), added, removed)


def diff_texts(left: str, right: str) -> TextDiff:
    """Side-by-side diff of two texts."""
    return diff_lines(_split(left), _split(right))


def diff_files(left: Side, right: Side, limit: int = MAX_DIFF_BYTES) -> FileDiff:
    """Compare two files on disk. Never raises for unreadable, binary or huge files: says so instead."""
    texts = []
    for side in (left, right):
        if not side.abs_path:
            texts.append(content.Text("unreadable", message="no file"))
            continue
        texts.append(content.read_text(side.abs_path, limit))
    lt, rt = texts
    for side, t in ((left, lt), (right, rt)):
        if t.kind == "too-large":
            return FileDiff(left, right, "too-large", message=f"{side.label}: {t.message}")
        if t.kind == "unreadable":
            return FileDiff(left, right, "unreadable", message=f"{side.label}: {t.message}")
    if lt.kind == "binary" or rt.kind == "binary":
        same = _same_bytes(left.abs_path, right.abs_path)
        msg = "binary files: " + ("identical" if same else f"differ ({lt.size:,} and {rt.size:,} bytes)")
        return FileDiff(left, right, "binary", message=msg, same_after_normalising=same)
    la, ra = _split(lt.text), _split(rt.text)
    if len(la) > MAX_LINES or len(ra) > MAX_LINES:
        n = max(len(la), len(ra))
        return FileDiff(left, right, "too-large", message=f"{n:,} lines: too many to compare ({MAX_LINES:,} at most)")
    same = content.normalize(lt.text.encode("utf-8")) == content.normalize(rt.text.encode("utf-8"))
    return FileDiff(left, right, "text", diff_lines(la, ra), "", same, lt.encoding, rt.encoding)


def _same_bytes(a: str, b: str) -> bool:
    try:
        return fsio.read_bytes(a) == fsio.read_bytes(b)
    except OSError:
        return False


def default_pair(expl: Explanation) -> tuple[ChainLink, ChainLink] | None:
    """The diff people want first: the winner (right) against the file it hides (left).

    None when the winner hides nothing (an inherited-only or added file)."""
    files = [link for link in expl.chain if not link.is_folder]
    for i, link in enumerate(files):
        if link.used and i + 1 < len(files):
            return files[i + 1], link
    return None


def next_farther(expl: Explanation, link: ChainLink) -> ChainLink | None:
    """The layer after `link` in the cascade that also has the file (what `link` hides)."""
    files = [x for x in expl.chain if not x.is_folder]
    for i, x in enumerate(files):
        if x == link:
            return files[i + 1] if i + 1 < len(files) else None
    return None


def side_for(ws: Workspace, app: str, link: ChainLink) -> Side:
    """A diff side for one cascade entry."""
    return Side(link.layer, link.source, str(ws.root / link.source) if link.source else "")


def compare_stores(ws: Workspace, store_a: str, store_b: str, app: str, path: str) -> FileDiff:
    """The same path as two stores get it (left: store_a, right: store_b)."""
    sides = []
    for ref in (store_a, store_b):
        s = ws.store(ref)
        entry, ignored = ws.entry(s.key, app, path)
        if entry is None:
            why = "ignored" if ignored else "not in its effective tree"
            sides.append(Side(f"{s.id} ({why})", "", ""))
        else:
            sides.append(Side(f"{s.id} (from {entry.layer})", entry.source, str(ws.root / entry.source)))
    left, right = sides
    if not left.abs_path or not right.abs_path:
        missing = left if not left.abs_path else right
        return FileDiff(left, right, "missing", message=f"{missing.label}: no such file")
    return diff_files(left, right)
