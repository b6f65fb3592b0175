"""Words that agree with their numbers: "1 store takes", "2 stores take", "1 warning", "3 warnings".

One helper for every text the CLI, the reports and the app print (never "1 warnings" or "file(s)")."""

from __future__ import annotations


def plural(n: int, one: str, many: str | None = None) -> str:
    """'1 store', '2 stores', '1,204 stores'; `many` for irregular words ('1 copy', '2 copies')."""
    word = one if n == 1 else (many or one + "s")
    return f"{n:,} {word}"


def verb(n: int, one: str, many: str) -> str:
    """The verb agreeing with `n` things: verb(1, 'takes', 'take') -> 'takes'."""
    return one if n == 1 else many
