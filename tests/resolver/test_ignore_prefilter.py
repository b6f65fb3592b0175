"""Rule 7's pre-filters (the needle every match holds, the union regex) never change a decision:
`IgnoreRules` says what the patterns say one by one, the last match deciding, and `PatternProbe`
(behind `ignore-matches-nothing`) what `pattern_matches` says path by path."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from storelayers.resolver.ignore import IgnoreRules, PathList, PatternProbe, parse, pattern_matches

# letters that make the pattern features meet: globs, classes, escapes, anchors, `**`, `!`, blanks
PATTERN_CHARS = st.sampled_from(list("ab/*?[]!\\. ") + ["**/", "[!a]", "\\*", "ab/", "/a"])
PATH_PARTS = st.sampled_from(["a", "b", "ab", "ba", "a.b", "*", "[a]", "a b", "!a", "A", "bb", "aab"])


def reference(patterns: list[str], path: str, case_sensitive: bool) -> bool:
    decided = False
    for pat in patterns:
        p = parse(pat)
        if p.include is not None and pattern_matches(pat, path, case_sensitive):
            decided = p.include
    return decided


@settings(max_examples=400, deadline=None)
@given(
    patterns=st.lists(st.lists(PATTERN_CHARS, min_size=1, max_size=6).map("".join), min_size=1, max_size=4),
    paths=st.lists(st.lists(PATH_PARTS, min_size=1, max_size=4).map("/".join), min_size=1, max_size=8),
    case_sensitive=st.booleans(),
)
def test_rule_7_prefilters_never_change_a_decision(patterns, paths, case_sensitive):
    rules = IgnoreRules([("s", patterns)], case_sensitive)
    for path in paths:
        assert rules.is_ignored(path) == reference(patterns, path, case_sensitive), (patterns, path)
        d = rules.decide(path)
        assert (d is not None and d.ignored) == reference(patterns, path, case_sensitive), (patterns, path)


@settings(max_examples=400, deadline=None)
@given(
    pattern=st.lists(PATTERN_CHARS, min_size=1, max_size=6).map("".join),
    paths=st.lists(st.lists(PATH_PARTS, min_size=1, max_size=4).map("/".join), max_size=8),
    case_sensitive=st.booleans(),
)
def test_rule_7_pattern_probe_says_what_pattern_matches_says(pattern, paths, case_sensitive):
    probe = PatternProbe(pattern, case_sensitive)
    expected = any(pattern_matches(pattern, p, case_sensitive) for p in paths)
    assert probe.any_of(PathList(paths, case_sensitive)) == expected, (pattern, paths)
    assert bool(probe) == (parse(pattern).include is not None)
