"""F4's shortcuts never change an answer: `is_cosmetic` tokenizes only what lies between the lines
both files share at the top and at the bottom (and checks the hunks before tokenizing at all); the
plain answer tokenizes both whole files. Lines are drawn from pieces that open and close the tokens
that cross lines (block comments, template literals, markup comments), so cuts land inside them."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from storelayers.resolver.diffstat import opcodes
from storelayers.resolver.review import cosmetic

C_PIECES = ["a", "b", "x = 1;", "/*", "*/", "`", "${a}", "//", "'s'", '"t"', "\\", " ", "  ", "", "/* c */", "// n"]
ML_PIECES = ["<a>", "</a>", "<!--", "-->", "x", '"v"', "'w'", " ", "", "<!-- c -->", "="]


def lines(pieces: list[str]) -> st.SearchStrategy[list[str]]:
    line = st.lists(st.sampled_from(pieces), max_size=3).map("".join)
    return st.lists(line, max_size=5)


def plain(name: str, a: list[str], b: list[str]) -> bool:
    """Cosmetic by definition: the files differ, and the whole files' tokens are equal (so the hunk
    check that comes first must never say "code changed" where the tokens say otherwise)."""
    ops = opcodes(a, b)
    if all(op[0] == "equal" for op in ops):
        return False
    pattern = cosmetic._FAMILIES[cosmetic._ext(name)][0]
    assert pattern is not None
    return cosmetic._code(pattern, "\n".join(a), 0, len("\n".join(a))) == cosmetic._code(
        pattern, "\n".join(b), 0, len("\n".join(b))
    )


@st.composite
def pair(draw: st.DrawFn, pieces: list[str]) -> tuple[list[str], list[str]]:
    """Two versions sharing a head and a tail, the middle drawn apart."""
    head, tail = draw(lines(pieces)), draw(lines(pieces))
    return head + draw(lines(pieces)) + tail, head + draw(lines(pieces)) + tail


@settings(max_examples=100, deadline=None)
@given(name=st.sampled_from(["f.ts", "f.css", "f.json"]), ab=pair(C_PIECES))
@example(name="f.ts", ab=(["`", " ", "`"], ["`", "", "`"]))  # a template literal open at the tail's cut
@example(name="f.ts", ab=(["", "a"], ["/*", "a"]))  # a block comment open at the cut
def test_finding_f4_cuts_give_the_whole_files_answer_c_family(name, ab):
    a, b = ab
    assert cosmetic.is_cosmetic(name, a, b, opcodes(a, b)) == plain(name, a, b), (a, b)


@settings(max_examples=50, deadline=None)
@given(name=st.sampled_from(["f.svg", "f.html"]), ab=pair(ML_PIECES))
@example(name="f.svg", ab=(["", "<a>"], ["<a>", ""]))  # a line moved past a blank one: two hunks, no code change
def test_finding_f4_cuts_give_the_whole_files_answer_markup(name, ab):
    a, b = ab
    assert cosmetic.is_cosmetic(name, a, b, opcodes(a, b)) == plain(name, a, b), (a, b)


def test_finding_f4_double_slash_is_code_in_css() -> None:
    """`//` starts no comment in CSS (`url(//cdn/...)`): a changed URL there is a real change, even
    in a hunk that also touches a block comment (the tokens dropped `//...` as a comment)."""
    a = ["/* logo */ .a { background: url(//x.example/a.png) }"]
    b = ["/* logo */ .a { background: url(//y.example/b.png) }"]
    assert not cosmetic.is_cosmetic("f.css", a, b, opcodes(a, b))
    c = ["/* our logo */ .a { background: url(//x.example/a.png) }"]
    assert cosmetic.is_cosmetic("f.css", a, c, opcodes(a, c))  # a block comment is one


def test_finding_f4_a_closer_inside_its_opener_closes_nothing() -> None:
    """`/*/` opens a comment and closes none: a line added after it lies inside the comment (the
    hunk check took the `*/` inside the opener for a closer and said code changed)."""
    a = ["x;", "/*/"]
    b = ["x;", "/*/", "more words"]
    assert cosmetic.is_cosmetic("f.ts", a, b, opcodes(a, b))
