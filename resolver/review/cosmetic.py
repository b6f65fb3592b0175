"""F4: an override that differs from what it hides only in whitespace, blank lines or comments.

Both files are compared token by token with comments and whitespace dropped; pygments gives the
tokens by file type. A file type pygments does not know is compared line by line, whitespace
collapsed and blank lines dropped. Lexing is the slow part, so a cheap test first rules out the
overrides that cannot be cosmetic: when the two differ in more than whitespace, a comment must
lie where they differ (a comment marker on the differing lines, or a block comment open there).
That test only ever lets more files through to the lexer, never fewer.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from pygments.lexer import Lexer
from pygments.token import Comment, String
from pygments.util import ClassNotFound

# Comment markers by file extension: (line markers, block comment (open, close) pairs). An extension
# not listed here is lexed without the cheap test first (or compared by lines when pygments has no lexer).
_C_LINE = ("//",)
_C_BLOCK = (("/*", "*/"),)
_ML_BLOCK = (("<!--", "-->"),)
_HASH = ("#",)
_MARKERS: dict[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...]]] = {}
for _x in ("ts", "tsx", "js", "jsx", "mjs", "cjs", "mts", "cts", "json", "jsonc", "json5", "scss", "less"):
    _MARKERS[_x] = (_C_LINE, _C_BLOCK)
_MARKERS["css"] = ((), _C_BLOCK)
for _x in ("html", "htm", "svg", "xml", "md", "mdx"):
    _MARKERS[_x] = ((), _ML_BLOCK)
_MARKERS["vue"] = (_C_LINE, _C_BLOCK + _ML_BLOCK)
for _x in ("yml", "yaml", "sh", "bash", "py", "toml", "env", "graphql", "gql", "rb"):
    _MARKERS[_x] = (_HASH, ())

_KEPT_COMMENTS = (Comment.Preproc, Comment.PreprocFile, Comment.Hashbang)  # directives, not remarks


def _ext(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


@lru_cache(maxsize=256)
def _lexer_class(ext: str) -> type[Lexer] | None:
    from pygments.lexers import get_lexer_for_filename

    try:
        return type(get_lexer_for_filename(f"file.{ext}" if ext else "file"))
    except ClassNotFound:
        return None


def _keys(text: str) -> list[tuple[str, int]]:
    """Each non-blank line with all its whitespace removed, with its line number."""
    out = []
    for i, line in enumerate(text.split("\n")):
        k = "".join(line.split())
        if k:
            out.append((k, i))
    return out


def _window(ka: Sequence[tuple[str, int]], kb: Sequence[tuple[str, int]]) -> tuple[int, int, int, int]:
    """The non-blank lines where two files differ: [a0, a1) of `ka` and [b0, b1) of `kb`."""
    n = min(len(ka), len(kb))
    head = 0
    while head < n and ka[head][0] == kb[head][0]:
        head += 1
    tail = 0
    while tail < n - head and ka[-1 - tail][0] == kb[-1 - tail][0]:
        tail += 1
    return head, len(ka) - tail, head, len(kb) - tail


def _may_hold_comment(
    text: str,
    keys: Sequence[tuple[str, int]],
    lo: int,
    hi: int,
    markers: tuple[tuple[str, ...], tuple[tuple[str, str], ...]],
) -> bool:
    """Could a comment lie in lines keys[lo:hi] (or, for an empty range, at that place) of `text`?"""
    lines = text.split("\n")
    first = keys[lo][1] if lo < len(keys) else len(lines)
    last = keys[hi - 1][1] if hi > lo else first - 1
    start = sum(len(x) + 1 for x in lines[:first])
    part = "\n".join(lines[first : last + 1])
    line_markers, blocks = markers
    if any(m in part for m in line_markers):
        return True
    for open_, close in blocks:
        if open_ in part or close in part:
            return True
        if text.rfind(open_, 0, start) > text.rfind(close, 0, start):  # inside a block comment there
            return True
    return False


def _words(lexer: Lexer, text: str) -> list[str] | None:
    """The file's code as words: comment and whitespace tokens dropped, strings kept exactly."""
    out: list[str] = []
    try:
        tokens = list(lexer.get_tokens(text))
    except Exception:  # a lexer failing on odd content means: not known to be cosmetic
        return None
    for ttype, value in tokens:
        if ttype in Comment and not any(ttype in k for k in _KEPT_COMMENTS):
            continue
        if ttype in String:
            out.append(value)
        else:
            out.extend(value.split())
    return out


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def is_cosmetic(name: str, a: str, b: str) -> bool:
    """True when texts `a` and `b` of a file called `name` differ, but only in whitespace, blank lines
    or comments (texts as `diffstat.lines_of` joins them: normalised, decoded)."""
    if a == b:
        return False
    ext = _ext(name)
    cls = _lexer_class(ext)
    if cls is None:
        return _lines(a) == _lines(b)
    ka, kb = _keys(a), _keys(b)
    if [k for k, _ in ka] != [k for k, _ in kb] and "".join(k for k, _ in ka) != "".join(k for k, _ in kb):
        markers = _MARKERS.get(ext)
        if markers is not None:
            a0, a1, b0, b1 = _window(ka, kb)
            if not (_may_hold_comment(a, ka, a0, a1, markers) or _may_hold_comment(b, kb, b0, b1, markers)):
                return False
    lexer = cls(stripnl=False, ensurenl=False)
    wa = _words(lexer, a)
    return wa is not None and wa == _words(lexer, b)
