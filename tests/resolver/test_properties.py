"""Property tests: the resolver against a plain reference composition, and incremental updates
against a full reload, over random workspaces and random edit sequences."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from unittest import mock

import pathspec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from storelayers.resolver import AppCounts, Status, load
from storelayers.resolver.content import normalize
from storelayers.resolver.fsio import SKIPPED_NAMES
from storelayers.resolver.incremental import PatchedCounts
from storelayers.resolver.review.divergence import review
from storelayers.resolver.review.findings import ReviewOptions

APPS = ("web", "api")
PATHS = ("a.ts", "b/c.ts", "b/d.ts", "e/f/g.ts", "e/h.ts", "package.json", "tsconfig.json", ".env")
CONTENTS = ("x", "x\n", "x \r\n\n", "y", "")
PATTERNS = ("b/", "!b/c.ts", "*.ts", "e/f/g.ts", "!e/", "h.ts", "e/**")
STATUSES = ("inherited", "override", "added", "redundant")
STORE_SHAPES = [
    # (id, parent id)
    [("s1", None)],
    [("s1", None), ("s2", "s1")],
    [("s1", None), ("s2", "s1"), ("s3", "s2"), ("t1", None)],
    [("t1", None), ("t2", "t1"), ("t3", "t1")],
]


def chain_of(shape, sid) -> list[str]:
    """The store ids from `sid` up to its top-level store, nearest first."""
    parents = dict(shape)
    chain = []
    k = sid
    while k is not None:
        chain.append(k)
        k = parents[k]
    return chain


def store_dir(root: Path, shape, sid) -> Path:
    chain = chain_of(shape, sid)
    p = root / "apps" / "stores"
    for i, s in enumerate(reversed(chain)):
        p = p / s if i == 0 else p / "stores" / s
    return p


CLASH_PATHS = ("b", "e/f")  # a file where other layers have a folder (rule 10)


@st.composite
def workspaces(draw, clashes: bool = False):
    shape = draw(st.sampled_from(STORE_SHAPES))
    layers = [None] + [s for s, _ in shape]
    files = {}
    pool = PATHS + CLASH_PATHS if clashes else PATHS
    for layer in layers:
        for app in APPS:
            chosen = draw(st.lists(st.sampled_from(pool), unique=True, max_size=5))
            # one layer cannot hold a file and a folder at one path: the file goes
            chosen = [p for p in chosen if not any(q.startswith(p + "/") for q in chosen)]
            for p in chosen:
                files[(layer, app, p)] = draw(st.sampled_from(CONTENTS))
    config = None
    if draw(st.booleans()):
        config = {
            "stores": {
                s: {"ignorePaths": draw(st.lists(st.sampled_from(PATTERNS), max_size=3))}
                for s, _ in shape
                if draw(st.booleans())
            }
        }
    return shape, files, config


def write(root: Path, shape, files, config) -> None:
    for app in APPS:
        (root / "apps" / app).mkdir(parents=True, exist_ok=True)
    for sid, _ in shape:
        store_dir(root, shape, sid).mkdir(parents=True, exist_ok=True)
    for (layer, app, p), text in files.items():
        base = root / "apps" / app if layer is None else store_dir(root, shape, layer) / app
        f = base / p
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(text.encode())
    if config is not None:
        (root / "alokai.config.json").write_text(json.dumps(config))


def reference_tree(root: Path, shape, sid, app, config):
    """The plain composition: copy layers base-first into one dict, nearest last."""
    chain = chain_of(shape, sid)
    layers = [("base", root / "apps" / app)] + [(s, store_dir(root, shape, s) / app) for s in reversed(chain)]
    have: dict[str, list[str]] = {}
    content: dict[tuple[str, str], bytes] = {}
    for lid, folder in layers:
        if not folder.is_dir():
            continue
        for f in sorted(folder.rglob("*")):
            rel = f.relative_to(folder).as_posix()
            if f.is_file() and not (set(rel.split("/")) & SKIPPED_NAMES):
                have.setdefault(rel, []).append(lid)
                content[(lid, rel)] = f.read_bytes()
    patterns = []
    if config:
        for s in reversed(chain):
            patterns += config["stores"].get(s, {}).get("ignorePaths", [])
    spec = pathspec.PathSpec.from_lines("gitignore", patterns)
    out, ignored = {}, []
    for rel, lids in have.items():
        nearest_first = list(reversed(lids))
        winner = nearest_first[0]
        if rel in ("package.json", "tsconfig.json"):  # rule 9 (v2: tsconfig.json too)
            if "base" not in lids:
                continue
            winner = "base"
        if spec.match_file(rel):
            ignored.append(rel)
            continue
        if winner != sid:
            status = "inherited"
        elif len(lids) == 1:
            status = "added"
        elif normalize(content[(sid, rel)]) == normalize(content[(nearest_first[1], rel)]):
            status = "redundant"
        else:
            status = "override"
        out[rel] = (winner, status, tuple(nearest_first))
    return out, sorted(ignored)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=workspaces())
def test_resolver_matches_reference_composition(tmp_path_factory, data):
    shape, files, config = data
    root = tmp_path_factory.mktemp("ref")
    write(root, shape, files, config)
    ws = load(root)
    for sid, _ in shape:
        for app in APPS:
            tree = ws.effective_tree(sid, app)
            got = {f.path: (f.layer, f.status.value, f.chain) for f in tree.files}
            want, want_ignored = reference_tree(root, shape, sid, app, config)
            assert got == want, (sid, app)
            assert list(tree.ignored) == want_ignored
            c = ws.counts(sid, app)
            assert c.inherited + c.override + c.added + c.redundant == len(tree.files)
            assert c.ignored == len(tree.ignored)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=workspaces())
def test_fast_counts_equal_counts_from_the_tree(tmp_path_factory, data):
    shape, files, config = data
    root = tmp_path_factory.mktemp("cnt")
    write(root, shape, files, None)
    fast = load(root).stats()
    slow_ws = load(root)
    for st_ in fast:
        for app, c in st_.apps.items():
            tree = slow_ws.effective_tree(st_.store, app)
            by = {
                s: sum(1 for f in tree.files if f.status.value == s)
                for s in ("inherited", "override", "added", "redundant")
            }
            assert c.to_json() == {**by, "ignored": 0}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=workspaces(clashes=True))
def test_trees_counts_stats_and_review_tallies_agree(tmp_path_factory, data):
    """Issue #8: every fast path reads the one cascade (cascade.py), so the effective trees, the
    counts (`counts`, `stats`) and the review's tallies say the same, clashes and ignore rules included."""
    shape, files, config = data
    root = tmp_path_factory.mktemp("agree")
    write(root, shape, files, config)
    trees_ws, counts_ws, stats_ws = load(root), load(root), load(root)  # each answers from its own path
    rv = review(load(root), ReviewOptions(git=False))
    stats = {s.store: s for s in stats_ws.stats()}
    cards = {c.store: c for c in rv.scorecards}
    for s in trees_ws.stores.values():
        tally = dict.fromkeys(("files", "inherited", "overridden", "added", "ignored", "redundant"), 0)
        for app in APPS:
            tree = trees_ws.effective_tree(s.key, app)
            by = {x: sum(1 for f in tree.files if f.status.value == x) for x in STATUSES}
            want = AppCounts(by["inherited"], by["override"], by["added"], by["redundant"], len(tree.ignored))
            assert counts_ws.counts(s.key, app) == want, (s.key, app)
            assert stats[s.key].apps[app] == want, (s.key, app)
            plain = (
                tree.files
            )  # issue #9: one count everywhere, the workspace's (special files as the cascade counts them)
            tally["files"] += len(plain)
            tally["inherited"] += sum(1 for f in plain if f.status is Status.INHERITED)
            tally["overridden"] += sum(1 for f in plain if f.status in (Status.OVERRIDE, Status.REDUNDANT))
            tally["added"] += sum(1 for f in plain if f.status is Status.ADDED)
            tally["redundant"] += sum(1 for f in plain if f.status is Status.REDUNDANT)
            tally["ignored"] += len(tree.ignored)
        card = cards[s.key]
        assert {k: getattr(card, k) for k in tally} == tally, s.key


# ------------------------------------------------------------------------ incremental


EDIT_PATHS = PATHS + ("b", "e/f", "e", "new/deep/n.ts")  # "b" as a file makes file-folder conflicts


@st.composite
def edits(draw, shape):
    layers = [None] + [s for s, _ in shape]
    n = draw(st.integers(1, 6))
    out = []
    for _ in range(n):
        out.append(
            (
                draw(st.sampled_from(["write", "delete", "rmtree", "replace-dir-with-file"])),
                draw(st.sampled_from(layers)),
                draw(st.sampled_from(APPS)),
                draw(st.sampled_from(EDIT_PATHS)),
                draw(st.sampled_from(CONTENTS)),
            )
        )
    return out


def apply_edit(root: Path, shape, edit) -> Path:
    op, layer, app, rel, text = edit
    base = root / "apps" / app if layer is None else store_dir(root, shape, layer) / app
    target = base / rel
    if op in {"write", "replace-dir-with-file"}:
        if op == "replace-dir-with-file" and target.is_dir():
            shutil.rmtree(target)
        if target.is_dir():
            return target
        for parent in reversed(target.parents):
            if parent.is_file():
                parent.unlink()  # a file where a folder must go
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode())
    elif op == "delete":
        if target.is_file():
            target.unlink()
    elif op == "rmtree":
        if target.is_dir():
            shutil.rmtree(target)
        elif base.is_dir() and rel == "e":
            shutil.rmtree(base)  # the whole layer folder goes
            return base
    return target


def snapshot_view(ws):
    view = {}
    for s in ws.stores.values():
        for app in ws.apps:
            t = ws.effective_tree(s.key, app)
            view[(s.key, app)] = (
                [(f.path, f.layer, f.status.value, f.chain, f.special, f.source) for f in t.files],
                list(t.ignored),
            )
    return view, sorted(ws.diagnostics, key=repr)


@st.composite
def workspace_and_edits(draw):
    ws = draw(workspaces())
    batches = draw(st.lists(edits(ws[0]), min_size=1, max_size=4))
    return ws, batches


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=workspace_and_edits())
def test_incremental_update_equals_full_reload(tmp_path_factory, data):
    (shape, files, config), batches = data
    root = tmp_path_factory.mktemp("inc")
    write(root, shape, files, config)
    ws = load(root)
    ws.stats()  # counts known before the first update: an update patches them (issue #8)
    for batch in batches:
        before_view, _ = snapshot_view(ws)
        changed = [apply_edit(root, shape, e) for e in batch]
        new, changes = ws.update(changed)
        fresh = load(root)
        assert new.stats() == fresh.stats()  # before any tree of `new` is built: the patched counts
        assert snapshot_view(new) == snapshot_view(fresh)
        after_view, _ = snapshot_view(new)
        if not changes.full:
            # the change set names exactly the entries that differ
            differing = set()
            for key in after_view:
                b = {row[0]: row for row in before_view[key][0]} | {p: ("ignored", p) for p in before_view[key][1]}
                a = {row[0]: row for row in after_view[key][0]} | {p: ("ignored", p) for p in after_view[key][1]}
                for p in b.keys() | a.keys():
                    if b.get(p) != a.get(p):
                        differing.add((key[0], key[1], p))
            reported = {(c.store, c.app, c.path) for c in changes.entries}
            assert differing <= reported
        ws = new


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=workspace_and_edits(), asked=st.lists(st.sampled_from(["none", "one", "all"]), min_size=4, max_size=4))
def test_counts_patched_over_updates_with_few_counts_asked_equal_a_full_reload(tmp_path_factory, data, asked):
    """An update's patched counts are worked out when asked (issue #8): after updates with no
    count, one or all asked in between (the patches then stack up, and past their limit are put
    together), every count equals a fresh reading's."""
    (shape, files, config), batches = data
    root = tmp_path_factory.mktemp("lazy")
    write(root, shape, files, config)
    ws = load(root)
    ws.stats()
    with mock.patch.object(PatchedCounts, "MAX_DEPTH", 2):
        for batch, ask in zip(batches, asked, strict=False):
            ws, _changes = ws.update([apply_edit(root, shape, e) for e in batch])
            if ask == "all":
                ws.stats()
            elif ask == "one":
                ws.counts(next(iter(ws.stores)), APPS[0])
        assert ws.stats() == load(root).stats()
