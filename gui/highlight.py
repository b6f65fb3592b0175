"""Syntax colours for the diff view: pygments tokens mapped onto the theme's `syntax.*` names.

Lexing a big file takes pygments a while, so it runs on a worker: `line_spans` returns plain
data (per line, a list of (start, end, colour name)) that the diff canvas paints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from pygments.lexer import Lexer
from pygments.lexers import get_lexer_for_filename
from pygments.lexers.special import TextLexer
from pygments.token import Comment, Keyword, Name, Number, Operator, String, Token, _TokenType

Spans = list[list[tuple[int, int, str]]]

_MAP: tuple[tuple[_TokenType, str | None], ...] = (
    (Comment, "syntax.comment"),
    (String, "syntax.string"),
    (Number, "syntax.number"),
    (Keyword.Type, "syntax.type"),
    (Keyword.Constant, "syntax.number"),
    (Keyword, "syntax.keyword"),
    (Operator.Word, "syntax.keyword"),
    (Name.Function, "syntax.function"),
    (Name.Class, "syntax.type"),
    (Name.Builtin, "syntax.type"),
    (Name.Tag, "syntax.tag"),
    (Name.Attribute, "syntax.attr"),
    (Name.Decorator, "syntax.function"),
    (Name.Variable.Magic, "syntax.type"),
    (Token.Literal, "syntax.string"),
)

ALIASES = {".tsx": "x.tsx", ".mts": "x.ts", ".cts": "x.ts", ".vue": "x.html", ".mdx": "x.md"}


@lru_cache(maxsize=512)
def colour_name(tt: _TokenType) -> str | None:
    for kind, name in _MAP:
        if tt in kind:
            return name
    return None


def lexer_for(filename: str) -> Lexer:
    name = filename.rsplit("/", 1)[-1]
    ext = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    return _lexer(ALIASES.get(ext, f"x{ext}" if ext else name))


@lru_cache(maxsize=64)
def _lexer(name: str) -> Lexer:
    """Finding a lexer by file name scans every pygments lexer: done once per kind of file."""
    try:
        return get_lexer_for_filename(name, stripnl=False, ensurenl=False)
    except Exception:  # pygments' ClassNotFound, or a lexer failing to build
        return TextLexer(stripnl=False, ensurenl=False)


MAX_LINE = 5_000
"""Longer lines (minified bundles, inlined data) are shown without colours: lexing a megabyte-long
line takes pygments many seconds, and a line that long is not read for its syntax anyway."""


class Cancelled(Exception):
    """A newer request made this colouring pointless."""


def line_spans(
    lines: Sequence[str],
    filename: str,
    first: int = 0,
    last: int | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Spans:
    """Colour spans for lines[first:last] (lexed together, so multi-line tokens are right).

    `cancelled` is polled now and then; when it says yes, `Cancelled` is raised."""
    chunk = lines[first:last]
    out: Spans = [[] for _ in chunk]
    if not chunk:
        return out
    lexer = lexer_for(filename)
    if isinstance(lexer, TextLexer):
        return out
    if any(len(x) > MAX_LINE for x in chunk):  # minified code: such lines stay plain
        chunk = [x if len(x) <= MAX_LINE else "" for x in chunk]
    text = "\n".join(chunk)
    line = 0
    col = 0
    for n, (_pos, tt, value) in enumerate(lexer.get_tokens_unprocessed(text)):
        if cancelled is not None and n % 4096 == 0 and cancelled():
            raise Cancelled()
        name = colour_name(tt)
        if "\n" not in value:
            if name is not None and value:
                out[line].append((col, col + len(value), name))
            col += len(value)
            continue
        pieces = value.split("\n")
        for i, piece in enumerate(pieces):
            if i:
                line += 1
                col = 0
                if line >= len(out):
                    return out
            if name is not None and piece:
                out[line].append((col, col + len(piece), name))
            col += len(piece)
    return out
