"""resolver.diff: aligned rows, changed characters, +N -M, and clear answers for odd files."""

from __future__ import annotations

from pathlib import Path

from storelayers import resolver
from storelayers.resolver import diff

from tests.wsbuilder import store


def test_identical_texts_have_no_changes() -> None:
    d = diff.diff_texts("a\nb\n", "a\nb\n")
    assert d.identical
    assert d.summary() == "+0 \u22120"
    assert [r.kind for r in d.rows] == ["equal", "equal"]


def test_replaced_line_marks_changed_characters() -> None:
    d = diff.diff_texts("const color = 'red';\nx\n", "const color = 'blue';\nx\n")
    assert d.added == 1 and d.removed == 1
    row = d.rows[0]
    assert row.kind == "replace" and row.left_no == 1 and row.right_no == 1
    ((ls, le),) = row.left_marks
    ((rs, re_),) = row.right_marks
    assert "const color = 'red';"[ls:le] == "red"
    assert "const color = 'blue';"[rs:re_] == "blue"
    assert d.changes == (0,)


def test_insert_and_delete_rows_have_fillers() -> None:
    d = diff.diff_texts("a\nb\nc\n", "a\nc\nd\ne\n")
    kinds = [(r.kind, r.left_no, r.right_no) for r in d.rows]
    assert ("delete", 2, None) in kinds
    assert ("insert", None, 3) in kinds and ("insert", None, 4) in kinds
    assert d.summary() == "+2 \u22121"
    assert len(d.changes) == 2


def test_very_different_lines_are_marked_whole() -> None:
    d = diff.diff_texts("abcdefgh\n", "zyxwvuts\n")
    assert d.rows[0].left_marks == ((0, 8),)


def test_binary_and_missing_files_get_a_message(tmp_path: Path) -> None:
    a = tmp_path / "a.png"
    b = tmp_path / "b.png"
    a.write_bytes(b"\x89PNG\x00\x01")
    b.write_bytes(b"\x89PNG\x00\x02")
    fd = diff.diff_files(diff.Side("base", "a", str(a)), diff.Side("s", "b", str(b)))
    assert fd.kind == "binary" and "differ" in fd.message
    gone = diff.diff_files(diff.Side("base", "a", str(a)), diff.Side("s", "b", str(tmp_path / "nope")))
    assert gone.kind == "unreadable"


def test_huge_file_is_refused_not_hung(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("x\n" * (diff.MAX_LINES + 5))
    fd = diff.diff_files(diff.Side("l", "a", str(a)), diff.Side("r", "a", str(a)))
    assert fd.kind == "too-large"
    fd = diff.diff_files(diff.Side("l", "a", str(a)), diff.Side("r", "a", str(a)), limit=100)
    assert fd.kind == "too-large"


def test_undecodable_text_is_still_compared(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_bytes(b"caf\xe9\n")
    b.write_bytes(b"cafe\n")
    fd = diff.diff_files(diff.Side("l", "a", str(a)), diff.Side("r", "b", str(b)))
    assert fd.kind == "text" and "undecodable" in fd.left_encoding


def test_whitespace_only_difference_is_same_after_normalising(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_bytes(b"x  \r\ny\r\n")
    b.write_bytes(b"x\ny")
    fd = diff.diff_files(diff.Side("l", "a", str(a)), diff.Side("r", "b", str(b)))
    assert fd.same_after_normalising


def _ws(make_ws):
    root = make_ws(
        {
            "apps": {
                "web": {"a.ts": "one\ntwo\n", "b.ts": "b\n"},
                "stores": {
                    "s1": store({"web": {"a.ts": "one\nTWO\n"}}, {"s2": store({"web": {"a.ts": "1\n"}})}),
                },
            }
        }
    )
    return resolver.load(root)


def test_default_pair_is_winner_against_what_it_hides(make_ws) -> None:
    ws = _ws(make_ws)
    expl = ws.explain("s2", "web", "a.ts")
    left, right = diff.default_pair(expl)
    assert (left.layer, right.layer) == ("s1", "s2")
    assert diff.next_farther(expl, left).layer == "base"
    assert diff.default_pair(ws.explain("s2", "web", "b.ts")) is None
    fd = diff.diff_files(diff.side_for(ws, "web", left), diff.side_for(ws, "web", right))
    assert fd.kind == "text" and fd.text.summary() == "+1 \u22122"


def test_compare_stores_uses_each_stores_winner(make_ws) -> None:
    ws = _ws(make_ws)
    fd = diff.compare_stores(ws, "s1", "s2", "web", "a.ts")
    assert fd.left.label.startswith("s1") and fd.right.label.startswith("s2")
    assert fd.text.removed == 2 and fd.text.added == 1
    same = diff.compare_stores(ws, "s1", "s2", "web", "b.ts")
    assert same.text.identical
    missing = diff.compare_stores(ws, "s1", "s2", "web", "zzz.ts")
    assert missing.kind == "missing"


def test_long_files_align_like_difflib_would_rebuild_them() -> None:
    import random

    rnd = random.Random(3)
    for _ in range(20):
        a = [f"line {rnd.randint(0, 900)}" for _ in range(rnd.randint(400, 900))]
        b = list(a)
        for _k in range(rnd.randint(0, 40)):
            i = rnd.randrange(len(b) + 1)
            if rnd.random() < 0.5 and b:
                del b[min(i, len(b) - 1)]
            else:
                b.insert(i, f"new {rnd.random()}")
        d = diff.diff_lines(a, b)
        left = [a[r.left_no - 1] for r in d.rows if r.left_no]
        right = [b[r.right_no - 1] for r in d.rows if r.right_no]
        assert left == a and right == b
        assert all(a[r.left_no - 1] == b[r.right_no - 1] for r in d.rows if r.kind == "equal")
        assert d.added - d.removed == len(b) - len(a)
