"""SPEC v2 Findings F1-F5 on a demo-sized workspace with a real git history in which each finding
occurs once by design, next to look-alikes that must not be reported: a base change that was
reverted, a renamed and a deleted base file, an override ignored in its own store but used by a
grandchild, a cosmetic override, a child's redundant copy of its parent's override next to a real
hotspot. The review must find exactly the planted findings, no more."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from storelayers import resolver
from storelayers.resolver.diffstat import lines_of, opcodes
from storelayers.resolver.review.cosmetic import is_cosmetic
from storelayers.resolver.review.divergence import review, stale_versions
from storelayers.resolver.review.findings import ReviewOptions

from tests.gitrepo import DAY, T0, commit, git, init
from tests.resolver.test_report import run

needs_git = pytest.mark.skipif(not shutil.which("git"), reason="git is not installed")

BODY = "".join(f"  const v{i} = {i};\n" for i in range(12))


def ts(name: str, extra: str = "") -> str:
    return f"export function {name}() {{\n{BODY}{extra}  return v0;\n}}\n"


TPL = "apps/stores/tpl"
MID, MID2 = f"{TPL}/stores/mid", f"{TPL}/stores/mid2"
LEAF = f"{MID}/stores/leaf"
S = {k: f"apps/stores/{k}" for k in ("s1", "s2", "s3", "s4", "s5")}


def spec() -> dict:
    tpl_x = ts("x", "  // tpl's own x\n  const tpl = true;\n")
    return {
        "alokai.config.json": {
            "stores": {
                **{k: {"deployment": {"framework": "nextjs"}} for k in S},
                "tpl": {"ignorePaths": ["hidden.ts"]},
                "mid": {"deployment": {}},
                "mid2": {"deployment": {}},
                "leaf": {"deployment": {}, "ignorePaths": ["!hidden.ts"]},
            }
        },
        "apps": {
            "web": {
                "package.json": '{"name": "web"}',
                **{f"{n}.ts": ts(n) for n in ("a", "b", "c", "x", "hot", "hidden", "old-name", "gone", "plain")},
            },
            "stores": {
                "s1": {"web": {"a.ts": ts("a", "  const s1 = 1;\n"), "b.ts": ts("b", "  const s1 = 1;\n")}},
                "s2": {
                    "web": {"old-name.ts": ts("old", "  const s2 = 2;\n"), "gone.ts": ts("gone", "  const s2 = 2;\n")}
                },
                # only a comment, blank lines and indentation differ from the base: cosmetic
                "s3": {"web": {"c.ts": "// s3 keeps its own note here\n\n" + ts("c").replace("  const", "    const")}},
                "s4": {"web": {"hot.ts": ts("hot", "  const shared = 'promo';\n")}},
                "s5": {"web": {"hot.ts": ts("hot", "  const shared = 'promo';\n")}},
                "tpl": {
                    "web": {"x.ts": tpl_x, "hidden.ts": ts("hidden", "  const tpl = 1;\n")},
                    "stores": {
                        "mid": {
                            "web": {"x.ts": tpl_x},  # the parent's copy again: redundant, not a hotspot
                            "stores": {"leaf": {"web": {"plain.ts": ts("plain", "  const leaf = 1;\n")}}},
                        },
                        "mid2": {"web": {"x.ts": tpl_x}},
                    },
                },
            },
        },
    }


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Path:
    """Day 0 base, day 1 stores; then the base moves on in every way the findings are about."""
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    from tests.wsbuilder import build

    root = tmp_path_factory.mktemp("findings") / "ws"
    build(root, spec())
    web = root / "apps/web"
    init(root)
    commit(root, "base apps", 0, ("apps/web",))
    commit(root, "stores copy what they change", 1)
    (web / "a.ts").write_text(ts("a", "  const base = 'try';\n"))
    commit(root, "base: try a change to a", 5)
    (web / "a.ts").write_text(ts("a"))
    commit(root, "Revert: base: try a change to a", 6)
    (web / "b.ts").write_text(ts("b", "  const fix = 'b';\n"))
    commit(root, "base: fix b", 8)
    (web / "hidden.ts").write_text(ts("hidden", "  const fix = 'hidden';\n"))
    commit(root, "base: fix hidden", 9)
    git(root, "mv", "apps/web/old-name.ts", "apps/web/new-name.ts")
    commit(root, "base: rename old-name to new-name", 10)
    (web / "gone.ts").unlink()
    commit(root, "base: drop gone", 11)
    commit(root, "later work elsewhere", 20)
    return root


@pytest.fixture(scope="module")
def rv(history: Path):
    return review(resolver.load(history), ReviewOptions(now=T0 + 11 * DAY))  # looking from the day of HEAD


def test_finding_f1_stale_is_a_difference_of_content_and_a_reverted_base_change_leaves_it_current(rv):
    assert rv.staleness == "known"
    assert {(f.override.store, f.override.path) for f in rv.stale} == {(S["s1"], "b.ts"), (TPL, "hidden.ts")}
    # s1's a.ts: two base commits since its last one, but the base is back where it was
    a = next(o for o in rv.overrides if o.store == S["s1"] and o.path == "a.ts")
    assert not a.redundant and a.stat.changed == 1


def test_finding_f1_evidence_three_versions_commits_since_and_age(history: Path, rv):
    f = next(f for f in rv.stale if f.override.path == "b.ts")
    assert f.users == (S["s1"],)
    assert f.commits_behind == 1 and f.override_commit.subject == "stores copy what they change"
    assert [c.subject for c in f.newer_commits] == ["base: fix b"]
    assert f.stale_since == T0 + 8 * DAY and f.stale_days == 3  # the newest commit touching the workspace: day 11
    assert f.days_behind == 7
    then, now, mine = stale_versions(resolver.load(history), f)
    assert then.text == ts("b") and now.text == ts("b", "  const fix = 'b';\n")
    assert mine.text == ts("b", "  const s1 = 1;\n")


def test_finding_f1_an_override_ignored_at_home_is_reviewed_where_a_grandchild_uses_it(rv):
    f = next(f for f in rv.stale if f.override.path == "hidden.ts")
    assert f.override.store == TPL and f.override.ignored_in_own_store
    assert f.users == (LEAF,)  # tpl and mid ignore it; leaf brings it back with !hidden.ts
    cards = {c.store: c for c in rv.scorecards}
    assert cards[TPL].stale == 1


def test_finding_f2_renamed_base_file_orphans_override(rv):
    f = next(f for f in rv.orphaned if f.path == "old-name.ts")
    assert (f.store, f.source, f.users) == (S["s2"], f"{S['s2']}/web/old-name.ts", (S["s2"],))
    assert (f.removed_layer, f.removed_source) == ("base", "apps/web/old-name.ts")
    assert f.renamed_to == "apps/web/new-name.ts"
    assert f.removed_commit is not None and f.removed_commit.subject == "base: rename old-name to new-name"
    assert f.last_commit.subject == "stores copy what they change"


def test_finding_f2_deleted_base_file_orphans_override(rv):
    f = next(f for f in rv.orphaned if f.path == "gone.ts")
    assert f.renamed_to is None and f.removed_source == "apps/web/gone.ts"
    assert f.removed_commit is not None and f.removed_commit.subject == "base: drop gone"
    assert {(g.store, g.path) for g in rv.orphaned} == {(S["s2"], "old-name.ts"), (S["s2"], "gone.ts")}
    assert {c.store: c.orphaned for c in rv.scorecards}[S["s2"]] == 2


def test_finding_f3_a_childs_copy_of_its_parents_override_is_redundant_not_a_hotspot(rv):
    assert {(f.override.store, f.override.path, f.override.hidden_key) for f in rv.redundant} == {
        (MID, "x.ts", TPL),
        (MID2, "x.ts", TPL),
    }
    assert all(h.path != "x.ts" for h in rv.hotspots)


def test_finding_f4_an_override_differing_only_in_comments_and_whitespace_is_cosmetic(rv):
    assert [(f.override.store, f.override.path) for f in rv.cosmetic] == [(S["s3"], "c.ts")]
    f = rv.cosmetic[0]
    assert f.changed_lines > 0  # the changed-lines figure stays on the override
    assert {c.store: c.cosmetic for c in rv.scorecards}[S["s3"]] == 1


@pytest.mark.parametrize(
    "name, a, b, cosmetic",
    [
        ("x.tsx", "const a = 1; // one\n", "const a  =  1;   /* uno */\n", True),
        ("x.tsx", "foo(a,\n  b);\n", "foo(a, b);\n", True),
        ("x.tsx", "const a = 1;\n", "const a = 2;\n", False),
        ("x.tsx", "const s = 'a b';\n", "const s = 'a  b';\n", False),  # whitespace inside a string counts
        ("x.ts", "/*\n * doc\n */\nf();\n", "/*\n * documented at length\n */\nf();\n", True),
        ("x.css", ".a { color: red; }\n", "/* brand */\n.a {\n  color: red;\n}\n", True),
        ("x.vue", "<template>\n<p>x</p>\n</template>\n", "<template>\n<!-- n -->\n<p>x</p>\n</template>\n", True),
        ("x.yml", "a: 1\n", "a: 1  # why\n", True),  # pygments' YAML lexer
        ("x.tsx", "const u = `a ${b}`; // x\nf();\n", "const u = `a  ${b}`; // x\nf();\n", False),
        ("x.tsx", "// only a note\nf(1);\n", "// a changed note\nf(2);\n", False),  # a code hunk too
        (
            "x.svg",
            '<svg a="1"><path d="M0 0"/></svg>\n',
            '<!-- icon -->\n<svg a="1">\n  <path d="M0 0"/>\n</svg>\n',
            True,
        ),
        ("x.css", "a { background: url(//cdn/x.png); }\n", "a { background: url(//cdn/y.png); }\n", False),
        ("x.ts", "const t = `\na\n`;\n", "const t = `\na // note\n`;\n", False),  # inside a template literal
        ("x.ts", "f();\n/* doc\nold words\n*/\ng();\n", "f();\n/* doc\nnew words\n*/\ng();\n", True),
        ("x.unknown-type", "a  b\n\nc\n", "a b\nc\n", True),  # by lines, whitespace collapsed
        ("x.unknown-type", "a b\n", "ab\n", False),
        # tokenized between the lines both share at top and bottom, unless a token can cross into them
        ("x.ts", "f();\n// one\ng();\nh();\n", "f();\n// two\ng();\nh();\n", True),
        ("x.ts", "f();\n// one\ng();\nh();\n", "f();\n// two\ng(2);\nh();\n", False),
        ("x.ts", "const t = `x // c\ny`;\n", "const t = `x // d\ny`;\n", False),  # literal open at the tail
        ("x.ts", "a /* c\nd */ e;\n", "a /* x\nd */ e;\n", True),  # comment open at the tail
        ("x.ts", "a /* c\nd */ e;\n", "a // x\nd */ e;\n", False),  # ... or not, in one of them
        ("x.html", "<p>\n<!-- a\nb --> c</p>\n", "<p>\n<!-- z\nb --> c</p>\n", True),
    ],
)
def test_finding_f4_tokens_by_file_type_comments_and_whitespace_dropped(name, a, b, cosmetic):
    la, lb = lines_of(a.encode()), lines_of(b.encode())
    assert la is not None and lb is not None
    assert is_cosmetic(name, la, lb, opcodes(la, lb)) is cosmetic
    assert is_cosmetic(name, la, la, opcodes(la, la)) is False  # equal is redundant, never cosmetic


def test_finding_f5_hotspot_next_to_redundant_copies(rv):
    [h] = rv.hotspots
    assert (h.app, h.path, h.parent, h.stores, h.other_copies) == ("web", "hot.ts", None, (S["s4"], S["s5"]), ())


def test_findings_report_finds_exactly_the_planted_ones_and_gates_on_them(history: Path):
    code, out, err = run("report", history, "--json", "-")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["schema"] == "storelayers.review/2"
    found = {
        "stale": {(f["store"], f["path"]) for f in doc["stale"]},
        "orphaned": {(f["store"], f["path"], f["removed"]["renamedTo"]) for f in doc["orphaned"]},
        "redundant": {(f["store"], f["path"]) for f in doc["redundant"]},
        "cosmetic": {(f["store"], f["path"]) for f in doc["cosmetic"]},
        "hotspots": {(h["path"], tuple(h["stores"])) for h in doc["hotspots"]},
    }
    assert found == {
        "stale": {(S["s1"], "b.ts"), (TPL, "hidden.ts")},
        "orphaned": {(S["s2"], "old-name.ts", "apps/web/new-name.ts"), (S["s2"], "gone.ts", None)},
        "redundant": {(MID, "x.ts"), (MID2, "x.ts")},
        "cosmetic": {(S["s3"], "c.ts")},
        "hotspots": {("hot.ts", (S["s4"], S["s5"]))},
    }
    hidden = next(f for f in doc["stale"] if f["path"] == "hidden.ts")
    assert hidden["usedBy"] == [LEAF] and hidden["ignoredInOwnStore"] is True
    s = doc["summary"]
    assert (s["stale"], s["orphaned"], s["redundant"], s["cosmetic"], s["hotspots"]) == (2, 2, 2, 1, 1)
    for kind, n in (("stale", 2), ("orphaned", 2), ("redundant", 2), ("cosmetic", 1), ("hotspot", 1)):
        code, out, _ = run("report", history, "--fail-on", kind)
        assert code == 1 and out.count(f"  - {kind}: ") == n, (kind, out)
    code, out, _ = run("report", history, "--fail-on", "stale")
    assert "a.ts" not in out  # the reverted base change fails nothing


def test_finding_f2_orphans_unknown_without_history(make_ws):
    ws = resolver.load(make_ws(spec()))
    r = review(ws, ReviewOptions(git=False))
    assert not r.orphans_known and r.orphaned == () and all(c.orphaned is None for c in r.scorecards)
    code, out, _ = run("report", ws.root, "--fail-on", "orphaned")
    assert code == 1 and "orphaned: cannot check" in out


def test_finding_f1_age_runs_until_the_review_not_the_newest_commit(history: Path):
    """An override the newest commit made stale has been stale as long as that commit is old."""
    ws = resolver.load(history)
    later = review(ws, ReviewOptions(now=T0 + 41 * DAY))  # a month after HEAD (day 11)
    f = next(f for f in later.stale if f.override.path == "b.ts")
    assert f.stale_days == 33 and f.days_behind == 7  # stale since day 8; the gap between commits is unchanged
    card = next(c for c in later.scorecards if c.store == S["s1"])
    assert card.oldest_stale_days == 33


def test_finding_f1_an_override_changed_since_its_last_commit_last_changed_now(history: Path, tmp_path: Path):
    """A rebase written but not committed yet: the override has seen the base's change, so it is current.
    Line endings alone (a checkout with core.autocrlf) are no change."""
    root = tmp_path / "ws"
    shutil.copytree(history, root, symlinks=True)
    mine = root / S["s1"] / "web/b.ts"
    mine.write_bytes(mine.read_bytes().replace(b"\n", b"\r\n"))
    still = review(resolver.load(root), ReviewOptions(now=T0 + 11 * DAY))
    assert {(f.override.store, f.override.path) for f in still.stale} == {(S["s1"], "b.ts"), (TPL, "hidden.ts")}
    mine.write_text(ts("b", "  const fix = 'b';\n  const s1 = 1;\n"))  # the base's fix merged in
    after = review(resolver.load(root), ReviewOptions(now=T0 + 11 * DAY))
    assert {(f.override.store, f.override.path) for f in after.stale} == {(TPL, "hidden.ts")}


def test_finding_f1_age_can_be_pinned_with_source_date_epoch(history: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(T0 + 20 * DAY))
    f = next(f for f in review(resolver.load(history), ReviewOptions()).stale if f.override.path == "b.ts")
    assert f.stale_days == 12
