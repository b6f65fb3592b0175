"""The one glob dialect of Store Layers: git's wildmatch, translated to regexes that run in linear time.

`*` and `?` and `[...]` stay inside one path segment, `**` as a whole segment crosses folders, a
backslash quotes the next character. Every regex built here matches in time linear in the path
(times the pattern's length): Python's backtracking engine is kept from trying placements it
already tried by atomic groups. Between two `*` of one segment, and between two `**` of one
pattern, the leftmost placement of a fixed-width piece is always the best one (it leaves the most
room to the rest), so the engine may commit to it: `(?>[^/]*?piece)`. Only the last piece is left
free, which costs one linear pass. A pattern such as `*a*a*a*a*a*a*a*a*a*a*a*a*a*b` against a long
name is then linear, where a plain translation backtracks exponentially.

Used by `ignorePaths` (SPEC rule 7, `.gitignore` reading: see ignore.py), by `affected
--global-dependencies` (SPEC rule 12: always anchored at the workspace root) and by the app's tree
filter (a name pattern)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_SEG = "[^/]"
_SKIP = "(?:[^/]*+/)*?"  # zero or more whole segments, each with its slash, fewest first


class PatternError(ValueError):
    """A glob that cannot be read (unclosed `[`, a lone trailing backslash, an empty class)."""


@dataclass(frozen=True)
class Glob:
    """A translated glob. `body` matches a whole node path (a file or a folder) when followed by
    the end of the text; `covers` matches a path that is that node or lies below it."""

    body: str
    dir_only: bool

    @property
    def covers(self) -> re.Pattern[str]:
        return _compiled(self.body + ("/" if self.dir_only else r"(?:/|\Z)"), 0)

    def covers_ci(self, casefold: bool) -> re.Pattern[str]:
        return _compiled(self.body + ("/" if self.dir_only else r"(?:/|\Z)"), re.IGNORECASE if casefold else 0)

    def node(self, casefold: bool = False) -> re.Pattern[str]:
        """Matches a node path exactly (for a folder-only glob, only call it on folders)."""
        return _compiled(self.body + r"\Z", re.IGNORECASE if casefold else 0)


@lru_cache(maxsize=8192)
def _compiled(src: str, flags: int) -> re.Pattern[str]:
    return re.compile(src, flags)


def _class(seg: str, i: int) -> tuple[str, int]:
    """Translate the class starting at seg[i] == '['; returns (regex, index after ']')."""
    j = i + 1
    negate = j < len(seg) and seg[j] in "!^"
    if negate:
        j += 1
    items: list[str] = []
    first = True
    while j < len(seg):
        c = seg[j]
        if c == "]" and not first:
            break
        first = False
        if c == "\\":
            if j + 1 >= len(seg):
                raise PatternError("a backslash ends the pattern")
            c = seg[j + 1]
            j += 1
        if j + 2 < len(seg) and seg[j + 1] == "-" and seg[j + 2] != "]":
            hi = seg[j + 2]
            if hi == "\\" and j + 3 < len(seg):
                hi = seg[j + 3]
                j += 1
            if ord(hi) < ord(c):
                raise PatternError(f"the range {c}-{hi} is reversed")
            items.append(re.escape(c) + "-" + re.escape(hi))
            j += 3
            continue
        items.append(re.escape(c))
        j += 1
    else:
        raise PatternError("a '[' is never closed")
    body = "".join(items)
    return ("[^/" + body + "]" if negate else "(?![/])[" + body + "]"), j + 1


def _segment(seg: str) -> str:
    """A regex for one path segment (no `/` inside), linear by construction."""
    chunks: list[list[str]] = [[]]
    i = 0
    while i < len(seg):
        c = seg[i]
        if c == "\\":
            if i + 1 >= len(seg):
                raise PatternError("a backslash ends the pattern")
            chunks[-1].append(re.escape(seg[i + 1]))
            i += 2
        elif c == "*":
            if chunks[-1] or len(chunks) == 1:
                chunks.append([])
            i += 1
        elif c == "?":
            chunks[-1].append(_SEG)
            i += 1
        elif c == "[":
            rx, i = _class(seg, i)
            chunks[-1].append(rx)
        else:
            chunks[-1].append(re.escape(c))
            i += 1
    if len(chunks) == 1:
        return "".join(chunks[0]) + "(?![^/])"
    head, *middle, last = ("".join(ch) for ch in chunks)
    out = head + "".join(f"(?>{_SEG}*?{m})" for m in middle if m)
    return out + f"{_SEG}*{last}(?![^/])"


def translate(pattern: str, anchored: bool | None = None) -> Glob:
    """Translate a glob (no `!`, no trailing-space handling: see ignore.py for `.gitignore` reading).

    A trailing `/` makes it folder-only. `anchored` None reads it as `.gitignore` does: anchored at
    the top when a `/` is at its start or middle, else matched at any depth. PatternError when it
    cannot be read."""
    text = pattern
    dir_only = text.endswith("/")
    text = text.rstrip("/") if dir_only else text
    if anchored is None:
        anchored = "/" in text
    text = text.lstrip("/") if text.startswith("/") else text
    if not text:
        raise PatternError("the pattern names nothing")
    parts = text.split("/")
    if any(p == "" for p in parts):
        parts = [p for p in parts if p != ""]  # `a//b` reads as `a/b`
    items: list[str | None] = []  # None stands for `**`
    if not anchored:
        items.append(None)
    for p in parts:
        if p == "**":
            if not items or items[-1] is not None:
                items.append(None)
        else:
            items.append(p)
    if items == [None]:
        return Glob("(?s:.+)", dir_only)
    # groups of segments between `**`
    groups: list[list[str]] = [[]]
    lead = items[0] is None
    trail = items[-1] is None
    for it in items:
        if it is None:
            if groups[-1]:
                groups.append([])
        else:
            groups[-1].append(_segment(it))
    if not groups[-1]:
        groups.pop()
    out: list[str] = []
    for gi, g in enumerate(groups):
        seq = "/".join(g)
        last = gi == len(groups) - 1
        if gi == 0 and not lead:
            out.append(seq)
            continue
        sep = _SKIP if gi == 0 else "/" + _SKIP
        out.append(sep + seq if last else f"(?>{sep}{seq})")
    if trail:
        out.append("/(?s:.+)")
    return Glob("".join(out), dir_only)


def matches(pattern: str, path: str, anchored: bool | None = None) -> bool:
    """True when `path` (POSIX, relative) is a node the glob names or lies below one; False for a
    glob that cannot be read."""
    try:
        g = translate(pattern, anchored)
    except PatternError:
        return False
    return g.covers.match(path) is not None
