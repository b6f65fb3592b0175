"""resolver.review: every finding kind on a small workspace with a real git history, and on the demo."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from storelayers import resolver
from storelayers.resolver.errors import GitError
from storelayers.resolver.model import Kind
from storelayers.resolver.review.divergence import blast, blast_radius, review, scorecard_files, stale_versions
from storelayers.resolver.review.findings import ReviewOptions

from tests.gitrepo import DAY, T0, append, commit, git, init

needs_git = pytest.mark.skipif(not shutil.which("git"), reason="git is not installed")

LINES = "".join(f"line {i}\n" for i in range(1, 21))
X_BASE = "export const X = () => {\n" + LINES + "};\n"


def x_variant(tag: str) -> str:
    return "export const X = () => {\n" + LINES.replace("line 5\n", f"line 5 {tag}\nmore {tag}\n") + "};\n"


def spec() -> dict:
    return {
        "alokai.config.json": {"stores": {k: {"deployment": {}} for k in ("s1", "s2", "s3", "c1", "c2")}},
        "apps": {
            "web": {
                "package.json": "{}",
                "tsconfig.json": "{}",
                "a.ts": LINES,
                "b.ts": "export const b = 1;\n",
                "comp": {"x.tsx": X_BASE, "y.tsx": "y\n"},
            },
            "stores": {
                "s1": {
                    "web": {
                        "a.ts": LINES.replace("line 3", "line three"),  # 1 changed line: near-redundant
                        "b.ts": "export const b = 1;   \r\n",  # equal after normalising: redundant
                        "comp": {"x.tsx": x_variant("s1")},
                        "package.json": '{"name": "forbidden"}',
                        "tsconfig.json": '{"extends": "x"}',
                        "only.ts": "added\n",
                    }
                },
                "s2": {"web": {"comp": {"x.tsx": x_variant("same")}}},
                "s3": {"web": {"comp": {"x.tsx": x_variant("same")}}},
                "tpl": {
                    "web": {"comp": {"y.tsx": "y from tpl\n"}},
                    "stores": {
                        "c1": {"web": {"comp": {"y.tsx": "y from c1\n", "x.tsx": x_variant("c1")}}},
                        "c2": {"web": {}},
                    },
                },
            },
        },
    }


S1, S2, S3 = "apps/stores/s1", "apps/stores/s2", "apps/stores/s3"
TPL, C1, C2 = "apps/stores/tpl", "apps/stores/tpl/stores/c1", "apps/stores/tpl/stores/c2"


@pytest.fixture
def plain(make_ws) -> Path:
    return make_ws(spec())


@pytest.fixture
def history(make_ws) -> Path:
    """The same workspace as a repository: base files moved on after the stores copied them."""
    root = make_ws(spec(), "repo")
    init(root)
    commit(root, "base apps", 0, ("apps/web",))
    commit(root, "stores copy what they need", 1)
    append(root / "apps/web/comp/x.tsx", "// base fix 1\n")
    commit(root, "base: fix X", 10)
    append(root / "apps/web/comp/x.tsx", "// base fix 2\n")
    append(root / "apps/web/a.ts", "line 21\n")
    commit(root, "base: fix X again, extend a", 20)
    (root / "apps/stores/s3/web/comp/x.tsx").write_text(x_variant("same") + "// s3 caught up\n")
    commit(root, "s3 takes the fixes", 25)
    return root


def by_store(rv):
    return {c.store: c for c in rv.scorecards}


def test_scorecards_count_every_status_as_the_workspace_does(plain: Path):
    """One count everywhere: a scorecard's status counts are Workspace.counts (what `stats` and the
    app's store list show), summed over the apps; special files are left out of the divergence figures."""
    ws = resolver.load(plain)
    rv = review(ws, ReviewOptions(git=False))
    s1 = by_store(rv)[S1]
    for card in rv.scorecards:
        want = ws.counts(card.store, "web")
        assert dict(card.apps) == {"web": want}
        assert (card.inherited, card.override, card.added, card.redundant, card.ignored) == (
            want.inherited,
            want.override,
            want.added,
            want.redundant,
            want.ignored,
        )
        assert card.files == len(ws.effective_tree(card.store, "web").files)
    # base: a, b, comp/x, comp/y plus the special package.json and tsconfig.json; s1 adds only.ts
    assert (s1.added, s1.redundant) == (1, 1)
    assert s1.differs_from_base == 3  # a.ts, comp/x.tsx, only.ts (b.ts equals the base; special files left out)
    assert s1.override_ratio == pytest.approx(s1.overridden / s1.files)
    assert s1.base_divergence == pytest.approx(3 / s1.files)
    assert s1.lines_changed == 1 + 2  # a.ts one line; x.tsx one modified + one inserted line
    assert (s1.insertions, s1.deletions) == (3, 2)
    assert s1.stale is None and s1.oldest_stale_days is None  # git turned off: unknown, never 0
    assert s1.orphaned is None
    c1 = by_store(rv)[C1]
    assert (c1.depth, c1.parent, c1.kind) == (2, TPL, Kind.DEPLOYABLE)
    assert by_store(rv)[TPL].kind is Kind.TEMPLATE
    assert c1.overridden == 2 and c1.differs_from_base == 2
    c2 = by_store(rv)[C2]
    assert c2.overridden == 0 and c2.differs_from_base == 1  # inherits tpl's comp/y.tsx
    assert rv.staleness == "unknown" and "not read" in rv.staleness_note


def test_finding_f3_redundant_and_changed_lines_as_a_figure_on_every_override(plain: Path):
    ws = resolver.load(plain)
    rv = review(ws, ReviewOptions(git=False))
    assert [(f.override.store, f.override.path, f.users) for f in rv.redundant] == [(S1, "b.ts", (S1,))]
    assert rv.cosmetic == ()  # every other override changes code
    changed = {(o.store, o.path): o.stat.changed for o in rv.overrides if not o.redundant}
    assert changed == {
        (S1, "a.ts"): 1,
        (S1, "comp/x.tsx"): 2,
        (S2, "comp/x.tsx"): 2,
        (S3, "comp/x.tsx"): 2,
        (C1, "comp/x.tsx"): 2,
        (C1, "comp/y.tsx"): 1,
        (TPL, "comp/y.tsx"): 1,
    }
    y = next(o for o in rv.overrides if o.store == C1 and o.path == "comp/y.tsx")
    assert (y.hidden_key, y.hidden_layer) == (TPL, "tpl")
    assert y.hidden_source == "apps/stores/tpl/web/comp/y.tsx"
    assert rv.redundant_count == len(rv.redundant) == sum(c.redundant for s in ws.stats() for c in s.apps.values())


def test_finding_f3_a_bom_only_copy_is_redundant(make_ws):
    s = spec()
    s["apps"]["stores"]["s2"]["web"]["b.ts"] = "\ufeffexport const b = 1;\r\n"
    ws = resolver.load(make_ws(s))
    rv = review(ws, ReviewOptions(git=False))
    assert (S2, "b.ts") in {(f.override.store, f.override.path) for f in rv.redundant}
    assert (S2, "b.ts") not in {(f.override.store, f.override.path) for f in rv.cosmetic}


def test_finding_f5_hotspot_is_a_copy_siblings_share_and_their_parent_lacks(plain: Path):
    ws = resolver.load(plain)
    rv = review(ws, ReviewOptions(git=False))
    # s2 and s3 (top-level: children of the base) carry the same copy; s1's differs; c1's parent is tpl
    [h] = rv.hotspots
    assert (h.app, h.path, h.parent, h.parent_layer, h.stores, h.other_copies) == (
        "web",
        "comp/x.tsx",
        None,
        "base",
        (S2, S3),
        (S1,),
    )
    assert "2 top-level stores carry the same copy" in h.suggestion
    assert review(ws, ReviewOptions(git=False, hotspot_min_stores=3)).hotspots == ()
    [cl] = rv.clusters
    assert (cl.app, cl.folder, cl.stores, cl.files, cl.paths) == ("web", "comp", (S1, S2, S3, TPL, C1), 6, 2)
    assert "make this part configurable" in cl.suggestion
    # the heatmap: folders by stores, counts of override files
    hm = rv.heatmap
    assert hm.rows == (("web", ""), ("web", "comp"))
    assert hm.columns == (S1, S2, S3, TPL, C1)
    assert hm.counts == ((2, 0, 0, 0, 0), (1, 1, 1, 1, 2))
    assert hm.peak == 2


def test_finding_f5_children_of_one_template_and_never_a_redundant_copy(make_ws):
    s = spec()
    for k in ("s1", "s2", "s3"):
        del s["apps"]["stores"][k]["web"]["comp"]
    kids = s["apps"]["stores"]["tpl"]["stores"]
    kids["c2"]["web"] = {"comp": {"x.tsx": x_variant("c1")}}
    kids["c3"] = {"web": {"comp": {"x.tsx": x_variant("c1")}}}
    ws = resolver.load(make_ws(s))
    rv = review(ws, ReviewOptions(git=False))
    [h] = rv.hotspots
    assert h.stores == (C1, C2, "apps/stores/tpl/stores/c3") and h.parent == TPL and h.other_copies == ()
    assert "3 children of 'tpl' carry the same copy: move it into their parent 'tpl'" in h.suggestion
    # once tpl has that copy itself, the children's copies are redundant (F3), not a hotspot
    s["apps"]["stores"]["tpl"]["web"]["comp"]["x.tsx"] = x_variant("c1")
    rv = review(resolver.load(make_ws(s, "up")), ReviewOptions(git=False))
    assert rv.hotspots == ()
    assert {f.override.store for f in rv.redundant if f.override.path == "comp/x.tsx"} == {
        C1,
        C2,
        "apps/stores/tpl/stores/c3",
    }
    different = spec()
    for i, k in enumerate(("s1", "s2", "s3")):
        different["apps"]["stores"][k]["web"]["comp"] = {"x.tsx": x_variant(str(i))}
    rv = review(resolver.load(make_ws(different, "d")), ReviewOptions(git=False))
    assert rv.hotspots == ()  # every store changes it its own way: no shared copy to move up


def test_blast_radius_of_base_store_and_special_files(plain: Path):
    ws = resolver.load(plain)
    assert blast_radius(ws, None, "web", "comp/x.tsx") == (TPL, C2)  # everyone else overrides it
    assert blast_radius(ws, None, "web", "comp/y.tsx") == (S1, S2, S3)
    assert blast_radius(ws, TPL, "web", "comp/y.tsx") == (TPL, C2)
    b = blast(ws, TPL, "web", "comp/y.tsx")
    assert b.deployable == (C2,)  # tpl is a template
    assert blast_radius(ws, None, "web", "package.json") == (S1, S2, S3, TPL, C1, C2)
    assert blast_radius(ws, S1, "web", "package.json") == ()  # rule 9: never used
    assert blast_radius(ws, S1, "web", "no/such.ts") == ()


def test_scorecard_cells_open_the_files_behind_them(plain: Path):
    ws = resolver.load(plain)
    rv = review(ws, ReviewOptions(git=False))
    card = by_store(rv)[S1]
    for column, n in (("override", card.override), ("overridden", card.overridden), ("inherited", card.inherited)):
        assert len(scorecard_files(ws, rv, S1, column)) == n  # a cell lists exactly what it counts
    # (tsconfig.json: a special file whose status rule 9 decides)
    own = {p for _, p in scorecard_files(ws, rv, S1, "overridden")} - {"tsconfig.json"}
    assert own == {"a.ts", "b.ts", "comp/x.tsx"}
    assert scorecard_files(ws, rv, S1, "added") == (("web", "only.ts"),)
    assert scorecard_files(ws, rv, S1, "redundant") == (("web", "b.ts"),)
    assert scorecard_files(ws, rv, S1, "differs") == (("web", "a.ts"), ("web", "comp/x.tsx"), ("web", "only.ts"))
    assert scorecard_files(ws, rv, C2, "inherited")[0] == ("web", "a.ts")


@needs_git
def test_stale_overrides_from_history(history: Path):
    ws = resolver.load(history)
    rv = review(ws, ReviewOptions(now=T0 + 25 * DAY))  # the review looks from the day of HEAD
    assert rv.staleness == "known" and rv.commits == 5
    stale = {(f.override.store, f.override.path): f for f in rv.stale}
    # s3 re-committed after the base moved on; c1 and s2 did not; s1's a.ts is behind too
    assert set(stale) == {(S1, "comp/x.tsx"), (S2, "comp/x.tsx"), (C1, "comp/x.tsx"), (S1, "a.ts")}
    f = stale[(S2, "comp/x.tsx")]
    assert f.commits_behind == 2
    assert f.days_behind == 19 and f.stale_days == 15  # HEAD is day 25, the first fix day 10
    assert f.stale_since == T0 + 10 * DAY
    assert f.override_commit.subject == "stores copy what they need"
    assert f.parent_commit.subject == "base: fix X again, extend a"
    assert [c.subject for c in f.newer_commits] == ["base: fix X again, extend a", "base: fix X"]
    assert f.parent_lines.insertions == 2 and f.parent_lines.deletions == 0
    assert f.parent_then == X_BASE.encode()
    then, parent_now, mine = stale_versions(ws, f)
    assert then.text == X_BASE and parent_now.text.endswith("// base fix 2\n")
    assert mine.text == x_variant("same")
    a = stale[(S1, "a.ts")]
    assert a.commits_behind == 1 and a.days_behind == 19
    # the redundant override is never stale: it equals what it hides now
    assert (S1, "b.ts") not in stale
    cards = by_store(rv)
    assert cards[S1].stale == 2 and cards[S1].oldest_stale_days == 15
    assert cards[S3].stale == 0 and cards[S3].oldest_stale_days is None
    assert rv.stale[0].stale_days >= rv.stale[-1].stale_days


@needs_git
def test_since_limits_findings_to_files_changed_since_a_revision(history: Path):
    ws = resolver.load(history)
    rev = git(history, "rev-parse", "HEAD~2").strip()  # after "base: fix X"
    rv = review(ws, ReviewOptions(since=rev))
    # since then: a.ts and comp/x.tsx in the base, s3's x.tsx
    assert rv.changed_since == {"apps/web/a.ts", "apps/web/comp/x.tsx", "apps/stores/s3/web/comp/x.tsx"}
    assert {(f.override.store, f.override.path) for f in rv.stale} == {
        (S1, "comp/x.tsx"),
        (S2, "comp/x.tsx"),
        (C1, "comp/x.tsx"),
        (S1, "a.ts"),
    }
    assert rv.redundant == ()  # b.ts did not change since then
    later = review(ws, ReviewOptions(since="HEAD"))
    assert later.stale == () and later.redundant == ()
    assert by_store(later)[S1].stale == 2  # scorecards still describe the whole workspace
    with pytest.raises(GitError, match="not a revision"):
        review(ws, ReviewOptions(since="nope"))


def test_outside_a_repository_staleness_is_unknown(plain: Path, tmp_path: Path):
    ws = resolver.load(plain)
    rv = review(ws, ReviewOptions())
    if rv.staleness == "known":  # pragma: no cover - tmp inside someone's repository
        pytest.skip("the temporary folder lies inside a git repository")
    assert rv.staleness == "unknown" and "not inside a git repository" in rv.staleness_note
    assert rv.stale == () and all(c.stale is None for c in rv.scorecards)
    with pytest.raises(GitError, match="not inside a git repository"):
        review(ws, ReviewOptions(since="HEAD"))


@needs_git
def test_shallow_clone_makes_staleness_unknown(history: Path, tmp_path: Path):
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{history}", str(clone)], check=True, capture_output=True
    )
    rv = review(resolver.load(clone), ReviewOptions())
    assert rv.staleness == "unknown" and "shallow clone" in rv.staleness_note


@needs_git
def test_git_failure_is_unknown_not_a_crash(history: Path, monkeypatch):
    from storelayers.resolver import git as gitmod

    monkeypatch.setattr(gitmod, "GIT", "no-such-git-binary")
    rv = review(resolver.load(history), ReviewOptions())
    assert rv.staleness == "unknown" and "git is not installed" in rv.staleness_note


@needs_git
def test_demo_history_shows_stale_redundant_and_hotspot_findings(demo_copy: Path):
    """The issue's 'done when': the demo's history, built here, has real findings of every kind."""
    ws0 = resolver.load(demo_copy)
    first = review(ws0, ReviewOptions(git=False))
    by_path: dict[tuple[str, str], list[str]] = {}
    for o in first.overrides:
        by_path.setdefault((o.app, o.path), []).append(o.store)
    app, path = max(by_path, key=lambda k: len(by_path[k]))
    base_file = demo_copy / "apps" / app / path
    init(demo_copy)
    commit(demo_copy, "base apps", 0, ("apps/" + a for a in ws0.apps))
    commit(demo_copy, "stores", 3)
    append(base_file, "\n// a fix every store should have taken\n")
    commit(demo_copy, f"base: fix {path}", 40)
    ws = resolver.load(demo_copy)
    rv = review(ws, ReviewOptions())
    assert rv.staleness == "known"
    direct = [
        k
        for k in by_path[(app, path)]
        if next(o for o in rv.overrides if o.store == k and o.path == path).hidden_key is None
    ]
    assert {f.override.store for f in rv.stale if f.override.path == path} == set(direct)
    assert all(f.commits_behind == 1 and f.days_behind == 37 for f in rv.stale)
    assert rv.redundant and rv.clusters and rv.orphans_known and rv.orphaned == ()


def test_fast_walk_agrees_with_the_effective_trees(plain: Path, monkeypatch):
    """Chains without ignore rules or conflicts skip building trees; the answer must not change."""
    from storelayers.resolver.review import divergence as review_mod

    ws = resolver.load(plain)
    fast = review(ws, ReviewOptions(git=False, hotspot_min_stores=2))
    monkeypatch.setattr(review_mod, "_needs_tree", lambda *a: True)
    slow = review(resolver.load(plain), ReviewOptions(git=False, hotspot_min_stores=2))
    assert fast.scorecards == slow.scorecards
    assert fast.overrides == slow.overrides
    assert fast.hotspots == slow.hotspots and fast.heatmap == slow.heatmap


def test_ignored_paths_and_conflicts_take_the_tree_path(make_ws):
    s = spec()
    s["alokai.config.json"]["stores"]["s1"] = {"ignorePaths": ["comp/y.tsx", "only.ts"], "deployment": {}}
    s["apps"]["stores"]["s2"]["web"]["b.ts"] = {"inner.ts": "a folder where the base has a file\n"}
    ws = resolver.load(make_ws(s))
    rv = review(ws, ReviewOptions(git=False))
    s1, s2 = by_store(rv)[S1], by_store(rv)[S2]
    assert (s1.ignored, s1.added) == (2, 0)
    assert s1.files == len(ws.effective_tree(S1, "web").files)
    assert {f.path for f in ws.effective_tree(S1, "web").files if not f.special} == {"a.ts", "b.ts", "comp/x.tsx"}
    assert s2.added == 1  # b.ts/inner.ts wins over the base's b.ts file (rule 10)
    assert {f.path for f in ws.effective_tree(S2, "web").files if not f.special} == {
        "a.ts",
        "b.ts/inner.ts",
        "comp/x.tsx",
        "comp/y.tsx",
    }


def test_a_review_stops_when_its_caller_cancels_it(tmp_path):
    import pytest
    from storelayers.resolver import load
    from storelayers.resolver.review.divergence import ReviewCancelled, review

    from tests.conftest import DEMO

    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 3  # superseded while walking the stores

    with pytest.raises(ReviewCancelled):
        review(load(DEMO), cancelled=cancelled)
    assert len(asked) == 4
    assert review(load(DEMO), cancelled=lambda: False).scorecards  # never cancelled: a whole review
