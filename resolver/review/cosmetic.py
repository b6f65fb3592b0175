"""F4: an override that differs from what it hides only in whitespace, blank lines or comments.

Both files are compared token by token with comments and whitespace dropped (string literals are
kept exactly, whitespace and all). Tokens come by file type: a small tokenizer for the C-like
family (TypeScript, JavaScript, JSX, JSON, CSS, SCSS, Less) and the markup family (SVG, HTML,
XML, Markdown), which hold nearly every file of a storefront; pygments' lexer for any other type
it knows; a type nobody knows is compared line by line, whitespace collapsed and blank lines
dropped. (Pygments alone takes some 20 ms per file: close to a minute on a 200-store workspace.)

Most overrides change code, so a cheap test on the line diff comes first: every changed hunk must
either differ only in whitespace (lines joined or split) or have a comment marker on one side, or
lie inside an open block comment. Only the overrides that pass are tokenized, and of them only the
part between the lines both files share at the top and at the bottom, where no token can cross
into those lines (their tokens are then equal on both sides). At the bottom, the tokens up to the
cut are themselves checked for one that may cross it (`_code_before`), so a block comment or a
template literal elsewhere in the file does not mean tokenizing the whole rest of it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pygments is imported when a file type needs it, not for every review
    from pygments.lexer import Lexer

Opcodes = Sequence[tuple[str, int, int, int, int]]

# Tokens by regular expression: comments match outside the group, so `findall` gives "" for them;
# whitespace matches nothing; everything else is a token (a word, a string literal kept exactly with
# its whitespace, or any other character on its own).
_C_TOKENS = re.compile(
    r"//[^\n]*|/\*[\s\S]*?(?:\*/|\Z)"  # comments
    r"|(\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\[\s\S])*`"  # strings, template literals
    r"|[A-Za-z0-9_$]+|\S)"
)
_CSS_TOKENS = re.compile(_C_TOKENS.pattern.removeprefix(r"//[^\n]*|"))  # `//` starts no comment in CSS
_ML_TOKENS = re.compile(
    r"<!--[\s\S]*?(?:-->|\Z)"  # comments
    r"|(\"[^\"\n]*\"|'[^'\n]*'"  # attribute values
    r"|[A-Za-z0-9_$]+|\S)"
)


def _code(pattern: re.Pattern[str], text: str, pos: int, end: int) -> str:
    """The file's tokens from `pos` to `end`, comments and whitespace dropped, joined by NUL into one string."""
    return "\x00".join(filter(None, pattern.findall(text, pos, end)))


def _start(a: Sequence[str], ops: Opcodes, multiline: tuple[str, ...]) -> int:
    """Where tokenizing may start: after the lines both files share at the top, when no token can
    span them (none of `multiline`, the openers of tokens that cross lines, occurs there): their
    tokens are then the same in both files. Else 0."""
    if not ops or ops[0][0] != "equal":
        return 0
    head = "\n".join(a[: ops[0][2]])
    return 0 if any(m in head for m in multiline) else len(head) + 1


def _tail_cut(a: Sequence[str], fa: str, fb: str, ops: Opcodes) -> tuple[int, int] | None:
    """Where the lines both files share at the bottom start in each joined text (each cut just
    after a newline), or None when they share no bottom lines (or no line differs)."""
    if not ops or ops[-1][0] != "equal" or ops[-1][1] == 0:
        return None
    n = ops[-1][2] - ops[-1][1]  # the shared tail's line count
    tail = len("\n".join(a[len(a) - n :]))
    return len(fa) - tail, len(fb) - tail


def _ends(
    a: Sequence[str], b: Sequence[str], fa: str, fb: str, ops: Opcodes, multiline: tuple[str, ...]
) -> tuple[int, int]:
    """Where tokenizing may stop in each file: before the lines both share at the bottom, when no
    token can be open there (none of `multiline` occurs before them in either file; every other
    token ends on its line): the shared lines' tokens are then the same in both. Else the ends."""
    cut = _tail_cut(a, fa, fb, ops)
    if cut is None:
        return len(fa), len(fb)
    end_a, end_b = cut  # each at the first shared line's start
    if any(m in fa[:end_a] or m in fb[:end_b] for m in multiline):
        return len(fa), len(fb)
    return end_a, end_b


def _code_before(pattern: re.Pattern[str], text: str, pos: int, end: int, multiline: tuple[str, ...]) -> str | None:
    """`_code(pattern, text, pos, end)` when tokenizing the text up to `end` (a line start) gives
    the tokens the whole text gives there, else None. That fails only where a token may cross
    lines: a comment still open at `end` (its match runs to `end`: no other token can reach it,
    as the text before `end` ends with a newline) or an opener matched alone because its closer
    lies after `end` (a template literal's backtick). Every other token ends on its line and is
    chosen from what that line holds, and no token starts on whitespace: the whole text's tokens
    are then these, and after `end` the tokens of the rest alone."""
    found = pattern.findall(text, pos, end)  # "" for a comment
    if any(m in found for m in multiline):
        return None
    if found and not found[-1]:  # the last match is a comment: is it one still open at `end`?
        if max(m.end() for m in pattern.finditer(text, pos, end)) == end:
            return None
    return "\x00".join(filter(None, found))


# extension -> (tokenizer pattern or None for pygments, line comment markers, block comment pairs)
_Family = tuple[re.Pattern[str] | None, tuple[str, ...], tuple[tuple[str, str], ...]]
_C: _Family = (_C_TOKENS, ("//",), (("/*", "*/"),))
_CSS: _Family = (_CSS_TOKENS, (), (("/*", "*/"),))
_ML: _Family = (_ML_TOKENS, (), (("<!--", "-->"),))
_MULTILINE = {  # tokens that may cross lines
    _C_TOKENS.pattern: ("/*", "`"),
    _CSS_TOKENS.pattern: ("/*", "`"),
    _ML_TOKENS.pattern: ("<!--",),
}
_FAMILIES: dict[str, _Family] = {}
for _x in ("ts", "tsx", "js", "jsx", "mjs", "cjs", "mts", "cts", "json", "jsonc", "json5", "scss", "less"):
    _FAMILIES[_x] = _C
_FAMILIES["css"] = _CSS  # `//` is no comment in CSS (and starts every `url(//...)`)
for _x in ("svg", "html", "htm", "xml", "md", "mdx"):
    _FAMILIES[_x] = _ML
_FAMILIES["vue"] = (None, ("//",), (("/*", "*/"), ("<!--", "-->")))
for _x in ("yml", "yaml", "sh", "bash", "py", "toml", "env", "graphql", "gql", "rb"):
    _FAMILIES[_x] = (None, ("#",), ())


def _ext(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


@lru_cache(maxsize=1)
def _lexers_by_extension() -> dict[str, str]:
    """Extension -> a pygments lexer alias, from the lexers' `*.ext` file patterns (built once;
    pygments' own filename lookup matches every pattern of every lexer on each call). Pygments'
    own lexers only: looking for plugin lexers scans every installed package (0.2 s)."""
    from pygments.lexers import get_all_lexers

    out: dict[str, str] = {}
    for _name, aliases, patterns, _mimes in get_all_lexers(plugins=False):
        if not aliases:
            continue
        for pat in patterns:
            if pat.startswith("*.") and not any(c in pat[2:] for c in "*?[]"):
                out.setdefault(pat[2:].lower(), aliases[0])
    return out


@lru_cache(maxsize=256)
def _lexer_class(ext: str) -> type[Lexer] | None:
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    alias = _lexers_by_extension().get(ext)
    if alias is None:
        return None
    try:
        return type(get_lexer_by_name(alias))
    except ClassNotFound:
        return None


def _hunks_may_be_cosmetic(a: Sequence[str], b: Sequence[str], ops: Opcodes, fa: str, fb: str, family: _Family) -> bool:
    """False when some changed hunk surely changes code: not whitespace only, and no comment can
    lie on either side of it. (True lets the tokens decide.) `fa`, `fb`: the texts joined."""
    _, lines, blocks = family
    blocks_a = tuple(bl for bl in blocks if bl[0] in fa)
    blocks_b = tuple(bl for bl in blocks if bl[0] in fb)
    code_changed = False
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        pa, pb = "\n".join(a[i1:i2]), "\n".join(b[j1:j2])
        if any(m in pa or m in pb for m in lines):
            return True  # a comment in a hunk: only the tokens can tell
        if "".join(pa.split()) == "".join(pb.split()):
            continue  # whitespace only: re-indented, lines joined or split
        if _in_block(a, i1, pa, blocks_a) or _in_block(b, j1, pb, blocks_b):
            return True
        code_changed = True
    if not code_changed:
        return True
    # Hunks are judged together, not one by one: a line moved past a blank one is a deletion in one
    # hunk and the same insertion in another, and the file's code is what it was. With no comment
    # in or around any hunk, the code of the stretch they span is its text without whitespace.
    changed = [op for op in ops if op[0] != "equal"]
    i_lo, i_hi = changed[0][1], changed[-1][2]
    j_lo, j_hi = changed[0][3], changed[-1][4]
    return "".join("".join(a[i_lo:i_hi]).split()) == "".join("".join(b[j_lo:j_hi]).split())


def _in_block(text: Sequence[str], lo: int, part: str, blocks: tuple[tuple[str, str], ...]) -> bool:
    """Could lines from `lo` on (`part`) hold a block comment, or lie inside an open one?"""
    if not blocks:
        return False
    before = "\n".join(text[:lo])
    for open_, close in blocks:
        if open_ in part or close in part:
            return True
        last = before.rfind(open_)  # open when no closer follows it whole (`/*/` closes nothing)
        if last >= 0 and before.find(close, last + len(open_)) < 0:
            return True
    return False


def _pygments_words(cls: type[Lexer]) -> Callable[[str], list[str] | None]:
    from pygments.token import Comment, String

    kept = (Comment.Preproc, Comment.PreprocFile, Comment.Hashbang)  # directives, not remarks

    def words(text: str) -> list[str] | None:
        out: list[str] = []
        try:
            tokens = list(cls(stripnl=False, ensurenl=False).get_tokens(text))
        except Exception:  # a lexer failing on odd content means: not known to be cosmetic
            return None
        for ttype, value in tokens:
            if ttype in Comment and not any(ttype in k for k in kept):
                continue
            if ttype in String:
                out.append(value)
            else:
                out.extend(value.split())
        return out

    return words


def _lines(text: Sequence[str]) -> list[str]:
    return [" ".join(line.split()) for line in text if line.strip()]


def is_cosmetic(name: str, a: Sequence[str], b: Sequence[str], ops: Opcodes) -> bool:
    """True when the lines `a` and `b` of a file called `name` (normalised, as `diffstat.lines_of`
    gives them; `ops` their line opcodes) differ, but only in whitespace, blank lines or comments."""
    if all(op[0] == "equal" for op in ops):
        return False
    ext = _ext(name)
    family = _FAMILIES.get(ext)
    fa, fb = "\n".join(a), "\n".join(b)
    if family is not None and not _hunks_may_be_cosmetic(a, b, ops, fa, fb, family):
        return False
    if family is not None and family[0] is not None:
        pattern = family[0]
        multiline = _MULTILINE[pattern.pattern]
        pos = _start(a, ops, multiline)
        cut = _tail_cut(a, fa, fb, ops)
        if cut is not None:  # the shared tail's tokens are the same in both when the cut splits no token
            ca = _code_before(pattern, fa, pos, cut[0], multiline)
            cb = _code_before(pattern, fb, pos, cut[1], multiline) if ca is not None else None
            if ca is not None and cb is not None:
                return ca == cb
        end_a, end_b = _ends(a, b, fa, fb, ops, multiline)
        return _code(pattern, fa, pos, end_a) == _code(pattern, fb, pos, end_b)
    cls = _lexer_class(ext)
    if cls is None:
        return _lines(a) == _lines(b)
    words = _pygments_words(cls)
    wa = words(fa)
    return wa is not None and wa == words(fb)
