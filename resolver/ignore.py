"""`ignorePaths` matching (SPEC rule 7): .gitignore syntax, last match decides, plus literal names.

pathspec turns each pattern into git's wildmatch regex; the cascade (ancestors first, last match
decides, `!` re-includes even below an ignored folder) is ours, because SPEC's rule is simpler than
git's "cannot re-include inside an excluded directory".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern
from storelayers.resolver.model import IgnoreDecision


@dataclass(frozen=True)
class _Rule:
    pattern: str
    store: str
    include: bool  # True: ignores; False: `!` re-includes
    regex: re.Pattern[str] | None
    literal: str  # the pattern as a plain path (no `!`, no leading or trailing `/`)
    casefold: bool

    def matches(self, path: str) -> bool:
        p = path.casefold() if self.casefold else path
        lit = self.literal
        if lit and (p == lit or p.startswith(lit + "/")):
            return True
        return bool(self.regex is not None and self.regex.match(p))


@lru_cache(maxsize=4096)
def _compile(pattern: str, casefold: bool) -> tuple[bool | None, re.Pattern[str] | None, str]:
    text = pattern
    try:
        compiled = GitIgnoreSpecPattern(text)
    except Exception:  # pathspec raises its own errors for malformed patterns
        compiled = None
    include = compiled.include if compiled is not None else None
    regex = None
    if compiled is not None and compiled.regex is not None:
        flags = re.IGNORECASE if casefold else 0
        regex = re.compile(compiled.regex.pattern, flags)
    lit = text[1:] if text.startswith("!") else text
    lit = lit.strip("/")
    if text.startswith("#") or not text.strip():
        lit = ""
    if casefold:
        lit = lit.casefold()
    if include is None and lit and not text.startswith("#"):
        # pathspec could not read it as a pattern: it still names a path literally
        include = not text.startswith("!")
    return include, regex, lit


def _union(rules: Sequence[_Rule], casefold: bool) -> re.Pattern[str] | None:
    """A regex matching wherever any rule matches (a pre-filter), or None when it cannot be built."""
    if not rules:
        return None
    parts = []
    for r in rules:
        if r.literal:
            parts.append(re.escape(r.literal) + "(?:/|$)")
        if r.regex is not None:
            parts.append(r.regex.pattern.replace("(?P<ps_d>", "(?:"))  # one named group per pattern: unname it
    try:
        return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE if casefold else 0)
    except re.error:
        return None


class IgnoreRules:
    """The ordered patterns that apply to one store: its ancestors' lists (top first), then its own."""

    def __init__(self, owned: Sequence[tuple[str, Sequence[str]]], case_sensitive: bool = True) -> None:
        rules: list[_Rule] = []
        for store_id, patterns in owned:
            for pat in patterns:
                include, regex, lit = _compile(pat, not case_sensitive)
                if include is None:
                    continue  # comment or blank
                rules.append(_Rule(pat, store_id, include, regex, lit, not case_sensitive))
        self._rules = tuple(rules)
        self.key = tuple((r.store, r.pattern) for r in rules) + (("", str(case_sensitive)),)
        self._casefold = not case_sensitive
        self._any = _union(rules, self._casefold)

    def _may_match(self, path: str) -> bool:
        """False when no rule can match `path`: one C regex call instead of a Python loop over the rules."""
        if self._any is None:
            return True
        return self._any.match(path.casefold() if self._casefold else path) is not None

    def __bool__(self) -> bool:
        return bool(self._rules)

    @property
    def patterns(self) -> tuple[tuple[str, str], ...]:
        """(store id, pattern) in the order they apply."""
        return tuple((r.store, r.pattern) for r in self._rules)

    def decide(self, path: str) -> IgnoreDecision | None:
        """The last pattern matching `path`, or None when no pattern matches."""
        if not self._may_match(path):
            return None
        for rule in reversed(self._rules):
            if rule.matches(path):
                return IgnoreDecision(rule.pattern, rule.store, rule.include)
        return None

    def is_ignored(self, path: str) -> bool:
        d = self.decide(path)
        return d is not None and d.ignored
