"""`ignorePaths` matching (SPEC rule 7): .gitignore syntax, last match decides, plus literal names.

Each pattern is read as a `.gitignore` line (comments, blanks, `!`, `\\!`/`\\#`, trailing spaces
unless quoted, a trailing `/` for folders only) and translated by `wildmatch` into a regex that
runs in linear time. The cascade (ancestors first, last match decides, `!` re-includes even below
an ignored folder) is ours, because SPEC's rule is simpler than git's "cannot re-include inside an
excluded directory"; `reinclude_refused_by_git` says where the two differ."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from storelayers.resolver.model import IgnoreDecision
from storelayers.resolver.wildmatch import Glob, PatternError, translate


@dataclass(frozen=True)
class ParsedPattern:
    """One `ignorePaths` entry as `.gitignore` reads it."""

    text: str  # as written
    include: bool | None  # True: ignores; False: `!` re-includes; None: a comment or blank (no rule)
    glob: Glob | None  # None when the pattern cannot be read (then matched literally only)
    literal: str  # the pattern as a plain path: no `!`, no leading or trailing `/`
    literal_dir_only: bool
    error: str = ""  # why the pattern cannot be read
    runs: tuple[str, ...] = ()  # texts every path the glob covers holds (matching case); see _runs


def _runs(text: str) -> tuple[str, ...]:
    """The longest runs of plain characters in a glob's segments (three at most): every path the
    glob's regex covers holds each of them verbatim, since `wildmatch._segment` turns each such
    character into itself. A run ends at `*`, `?`, a backslash or `/`; a segment is read only up to
    its first `[` (a class: whatever follows it is left out)."""
    found: list[str] = []
    for seg in text.split("/"):
        run = ""
        for c in seg:
            if c == "[":
                break
            if c in "*?\\":
                found.append(run)
                run = ""
            else:
                run += c
        found.append(run)
    return tuple(sorted({r for r in found if r}, key=lambda r: (-len(r), r))[:3])


def _strip_trailing_spaces(text: str) -> str:
    """git drops trailing spaces unless a backslash quotes them."""
    end = len(text)
    while end > 0 and text[end - 1] == " ":
        k = end - 1
        backslashes = 0
        while k > 0 and text[k - 1] == "\\":
            backslashes += 1
            k -= 1
        if backslashes % 2 == 1:
            break
        end -= 1
    return text[:end]


@lru_cache(maxsize=8192)
def parse(pattern: str) -> ParsedPattern:
    """Read one pattern as a `.gitignore` line."""
    if pattern.startswith("#") or not pattern.strip():
        return ParsedPattern(pattern, None, None, "", False)
    negate = pattern.startswith("!")
    body = pattern[1:] if negate else pattern
    literal = body.strip("/")
    literal_dir_only = body.endswith("/")
    text = _strip_trailing_spaces(body)
    if text.startswith(("\\!", "\\#")):
        text = text[1:]
    glob: Glob | None = None
    error = ""
    try:
        glob = translate(text)
    except PatternError as exc:
        error = str(exc)
    runs = _runs(text) if glob is not None else ()
    if not literal:
        return ParsedPattern(pattern, not negate, glob, "", False, error, runs)
    return ParsedPattern(pattern, not negate, glob, literal, literal_dir_only, error, runs)


def pattern_error(pattern: str) -> str:
    """Why a pattern cannot be read as `.gitignore`, "" when it can (or is no rule at all)."""
    p = parse(pattern)
    return p.error if p.include is not None else ""


@dataclass(frozen=True)
class _Rule:
    pattern: str
    store: str
    include: bool  # True: ignores; False: `!` re-includes
    covers: re.Pattern[str] | None  # the path is a node the pattern names, or lies below one
    node: re.Pattern[str] | None  # the path is a node the pattern names
    dir_only: bool
    literal: str  # casefolded when matching ignores case
    literal_dir_only: bool
    runs: tuple[str, ...]  # ParsedPattern.runs; empty when matching ignores case (see _make_rule)
    literal_below: str = ""  # literal + "/"

    def matches(self, path: str) -> bool:
        lit = self.literal
        if lit and (path.startswith(self.literal_below) or (path == lit and not self.literal_dir_only)):
            return True
        covers = self.covers
        if covers is None:
            return False
        for run in self.runs:  # a pre-filter: a substring test costs far less than the regex
            if run not in path:
                return False
        return covers.match(path) is not None

    def names_folder(self, folder: str) -> bool:
        """True when the pattern names this folder itself (git's reading, plus the literal one)."""
        if self.literal and folder == self.literal:
            return True
        return self.node is not None and self.node.match(folder) is not None


def _make_rule(store_id: str, pattern: str, casefold: bool) -> _Rule | None:
    p = parse(pattern)
    if p.include is None:
        return None
    covers = p.glob.covers_ci(casefold) if p.glob is not None else None
    node = p.glob.node(casefold) if p.glob is not None else None
    lit = p.literal.casefold() if casefold else p.literal
    # Ignoring case, the runs are no pre-filter: the regex module treats some letters as equal that
    # `str.casefold` keeps apart (`i` and the dotless `ı`), so a match might not hold the folded run.
    runs = () if casefold else p.runs
    return _Rule(
        pattern,
        store_id,
        p.include,
        covers,
        node,
        bool(p.glob and p.glob.dir_only),
        lit,
        p.literal_dir_only,
        runs,
        lit + "/",
    )


def _needles(rules: Sequence[_Rule]) -> tuple[str, ...] | None:
    """One text per rule that every path the rule matches holds (a pre-filter: most paths hold
    none, and a substring test is far cheaper than a rule), or None when some rule has none.

    A rule's longest run is such a text for its glob, and for its literal too: a run has no `/` and
    no backslash, so it lies inside the pattern with its slashes stripped, which is the literal. A
    rule without a glob matches by its literal only. Runs are empty when matching ignores case."""
    out: list[str] = []
    for r in rules:
        if r.covers is not None:
            if not r.runs:
                return None
            out.append(r.runs[0])
        elif r.literal:
            out.append(r.literal)
    return tuple(dict.fromkeys(out))


def _union(rules: Sequence[_Rule], casefold: bool) -> re.Pattern[str] | None:
    """A regex matching wherever any rule matches (a pre-filter), or None when it cannot be built."""
    if not rules:
        return None
    parts = []
    for r in rules:
        if r.literal:
            parts.append(re.escape(r.literal) + ("/" if r.literal_dir_only else "(?:/|\\Z)"))
        if r.covers is not None:
            parts.append(r.covers.pattern)
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
                rule = _make_rule(store_id, pat, not case_sensitive)
                if rule is not None:
                    rules.append(rule)
        self._rules = tuple(rules)
        self.key = tuple((r.store, r.pattern) for r in rules) + (("", str(case_sensitive)),)
        self._casefold = not case_sensitive
        # the union regex pre-filters where matching ignores case; matching case, each rule's runs do
        self._any = _union(rules, self._casefold) if self._casefold else None
        self._last_first = tuple(reversed(rules))
        self._needles = _needles(rules)

    def _may_match(self, path: str) -> bool:
        """False when no rule can match `path`: substring tests (matching case) or one regex (ignoring
        case) instead of a loop over the rules."""
        p = path.casefold() if self._casefold else path
        if self._needles is not None and not any(n in p for n in self._needles):
            return False
        return self._any is None or self._any.match(p) is not None

    def __bool__(self) -> bool:
        return bool(self._rules)

    @property
    def patterns(self) -> tuple[tuple[str, str], ...]:
        """(store id, pattern) in the order they apply."""
        return tuple((r.store, r.pattern) for r in self._rules)

    def _index(self, path: str) -> int | None:
        if not self._may_match(path):
            return None
        p = path.casefold() if self._casefold else path
        for i in range(len(self._rules) - 1, -1, -1):
            if self._rules[i].matches(p):
                return i
        return None

    def decide(self, path: str) -> IgnoreDecision | None:
        """The last pattern matching `path`, or None when no pattern matches."""
        i = self._index(path)
        if i is None:
            return None
        rule = self._rules[i]
        return IgnoreDecision(rule.pattern, rule.store, rule.include)

    def is_ignored(self, path: str) -> bool:
        # `_index` written out: this runs for every path of every effective tree and count
        p = path.casefold() if self._casefold else path
        pre = self._any
        if pre is not None and pre.match(p) is None:
            return False
        needles = self._needles
        if needles is not None:
            for n in needles:
                if n in p:
                    break
            else:
                return False
        for rule in self._last_first:
            if rule.matches(p):
                return rule.include
        return False

    def reinclude_refused_by_git(self, path: str) -> IgnoreDecision | None:
        """When a `!` pattern brings `path` back although git would not (an earlier pattern
        excludes one of its parent folders): that `!` pattern's decision, else None."""
        i = self._index(path)
        if i is None or self._rules[i].include:
            return None
        p = path.casefold() if self._casefold else path
        parts = p.split("/")
        for n in range(1, len(parts)):
            folder = "/".join(parts[:n])
            for j in range(len(self._rules) - 1, -1, -1):
                r = self._rules[j]
                if r.names_folder(folder):
                    if r.include and j < i:
                        rule = self._rules[i]
                        return IgnoreDecision(rule.pattern, rule.store, rule.include)
                    break
        return None


def pattern_matches(pattern: str, path: str, case_sensitive: bool = True) -> bool:
    """True when one pattern (its `!` left aside) matches `path` by SPEC rule 7."""
    rule = _make_rule("", pattern, not case_sensitive)
    if rule is None:
        return False
    return rule.matches(path.casefold() if not case_sensitive else path)


class PathList:
    """Paths to ask many patterns about (`PatternProbe.any_of`): as matching sees them (casefolded
    when it ignores case) and joined by NUL, which no path holds, so that one substring search
    tells whether any of them holds a pattern's needle."""

    def __init__(self, paths: Iterable[str], case_sensitive: bool = True) -> None:
        seen = tuple(paths) if case_sensitive else tuple(p.casefold() for p in paths)
        self.paths = seen
        self.case_sensitive = case_sensitive
        self.joined = "\x00".join(seen)


class PatternProbe:
    """One pattern (its `!` left aside) read once, to ask of many paths whether it matches any:
    `any(pattern_matches(pattern, p, case_sensitive) for p in paths)` without building the rule
    again for each path, and with the rule's needle (see `_needles`) looked for in all the paths
    at once first (a pattern that matches nothing, the case `ignore-matches-nothing` reports, is
    then one substring search instead of a rule per path)."""

    def __init__(self, pattern: str, case_sensitive: bool = True) -> None:
        self.case_sensitive = case_sensitive
        self._rule = _make_rule("", pattern, not case_sensitive)
        self._needles = _needles([self._rule]) if self._rule is not None else ()

    def __bool__(self) -> bool:
        """False for a comment or a blank line (no rule at all)."""
        return self._rule is not None

    def any_of(self, paths: PathList) -> bool:
        """True when the pattern matches some path of `paths` (made with the same case_sensitive)."""
        if paths.case_sensitive != self.case_sensitive:
            raise ValueError("PathList and PatternProbe disagree on case")
        rule = self._rule
        if rule is None:
            return False
        needles = self._needles
        if needles is not None and not any(n in paths.joined for n in needles):
            return False  # no path holds the text every match holds ( (): the rule matches nothing)
        return any(rule.matches(p) for p in paths.paths)
