"""Invariant over generated workspaces: `cleanup` and `move-up --keep-others` leave every deployable
store's composed output equal (after rule 6's normalisation) to what it was. The outputs are taken
from the plain reference composition of test_properties, not from the engine."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from storelayers.resolver import Kind, load
from storelayers.resolver.content import normalize
from storelayers.resolver.ops.journal import Journal
from storelayers.resolver.ops.repairs import RepairError, plan_cleanup, plan_move_up

from tests.resolver.test_properties import APPS, CONTENTS, PATHS, PATTERNS, reference_tree, store_dir, workspaces, write

SHAPE = [("t1", None), ("t2", "t1"), ("t3", "t1"), ("t4", "t1"), ("t5", "t2")]
MOVABLE = tuple(p for p in PATHS if p not in ("package.json", "tsconfig.json"))
SAME = ("x", "x\n", "x \r\n\n")  # equal after normalising


def outputs(root: Path, shape, config) -> dict[tuple[str, str, str], bytes]:
    """Every deployable store's composed files (normalised), from the reference composition."""
    ws = load(root)
    out = {}
    for sid, _ in shape:
        if ws.store(sid).kind is not Kind.DEPLOYABLE:
            continue
        for app in APPS:
            tree, _ignored = reference_tree(root, shape, sid, app, config)
            for rel, (winner, _status, _chain) in tree.items():
                folder = root / "apps" / app if winner == "base" else store_dir(root, shape, winner) / app
                out[(sid, app, rel)] = normalize((folder / rel).read_bytes())
    return out


def _settings():  # the data folder is one per example; the journal must not leak between them
    return settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_settings()
@given(data=workspaces())
def test_cleanup_leaves_every_deployable_output_equal(tmp_path_factory, data) -> None:
    shape, files, config = data
    root = tmp_path_factory.mktemp("clean")
    os.environ["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("data"))
    write(root, shape, files, config)
    before = outputs(root, shape, config)
    plan = plan_cleanup(load(root))
    assert plan.complete
    if not plan.empty:
        Journal(root).apply(plan)
    assert outputs(root, shape, config) == before
    assert not plan_cleanup(load(root)).removals  # nothing redundant is left


@st.composite
def hotspots(draw):
    files: dict = {}
    for layer in [None] + [s for s, _ in SHAPE]:
        for app in APPS:
            for p in draw(st.lists(st.sampled_from(PATHS), unique=True, max_size=4)):
                files[(layer, app, p)] = draw(st.sampled_from(CONTENTS))
    app = draw(st.sampled_from(APPS))
    path = draw(st.sampled_from(MOVABLE))
    files.pop(("t1", app, path), None)
    for child in ("t2", "t3"):
        files[(child, app, path)] = draw(st.sampled_from(SAME))
    stores = {}
    for sid, _ in SHAPE:
        entry: dict = {}
        if draw(st.booleans()):
            entry["ignorePaths"] = draw(st.lists(st.sampled_from(PATTERNS), max_size=2))
        if sid != "t1" and draw(st.booleans()):
            entry["deployment"] = {}
        if entry:
            stores[sid] = entry
    return files, {"stores": stores}, app, path


@_settings()
@given(data=hotspots())
def test_move_up_keep_others_leaves_every_deployable_output_equal(tmp_path_factory, data) -> None:
    files, config, app, path = data
    root = tmp_path_factory.mktemp("move")
    os.environ["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("data"))
    write(root, SHAPE, files, config)
    before = outputs(root, SHAPE, config)
    try:
        plan = plan_move_up(load(root), app, path, "t1", keep_others=True)
    except RepairError:
        return  # e.g. the path is ignored for t2 or t3, or a folder hides it: no hotspot to move
    if not plan.complete:  # only a deployable parent that would change blocks it; t1 never is
        assert all("deployable" in b.reason for b in plan.blocked)
        return
    Journal(root).apply(plan)
    assert outputs(root, SHAPE, config) == before
    assert (store_dir(root, SHAPE, "t1") / app / path).exists()
    assert not any((root / r.path).exists() for r in plan.removals)
