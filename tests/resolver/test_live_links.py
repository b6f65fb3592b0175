"""After any sequence of changes, the live snapshot equals a fresh read (issue #10 item 6): random
edits of every kind, symlinks included, fed to `Workspace.update(paths)` as a watcher reports them."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from storelayers.resolver import fsio
from storelayers.resolver.workspace import load

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symlinks")

WEB = "web"
LAYERS = ["apps/web", "apps/stores/s/web", "apps/stores/s/stores/t/web"]
NAMES = ["a.ts", "d/b.ts", "d/e/c.ts"]
SHARED_FILES = ["shared/f/a.ts", "shared/g/b.ts", "shared/f/sub/c.ts"]
FOLDER_TARGETS = ["shared/f", "shared/g", "OUTSIDE", "ANCESTOR", "apps/stores/s/web/d", "missing"]
FILE_TARGETS = ["shared/f/a.ts", "shared/g/b.ts", "OUTSIDE/o.ts", "missing.ts"]
CONTENTS = ["x\n", "x \n", "y\n", "x\n\n", "zz\n"]
IGNORES = [[], ["d/**"], ["a.ts"], ["d/**", "!d/b.ts"], ["fl.ts", "L1/"]]


def snap(ws) -> object:
    """Everything a user can see: trees, statuses, chains, ignored paths, diagnostics, stores."""
    trees = {}
    for s in ws.stores:
        for app in ws.apps:
            t = ws.effective_tree(s, app)
            trees[(s, app)] = (
                [(f.path, f.status.value, f.layer, tuple(f.chain), f.special) for f in t.files],
                tuple(t.ignored),
            )
    diags = sorted((d.level.value, d.code, d.path, d.message) for d in ws.diagnostics)
    return ws.apps, sorted(ws.stores), trees, diags


def _start(tmp: Path) -> Path:
    root = tmp / "ws"
    for layer in LAYERS:
        (root / layer / "d").mkdir(parents=True)
        (root / layer / "a.ts").write_text("x\n")
    (root / "apps/web/d/b.ts").write_text("b\n")
    for f in SHARED_FILES:
        (root / f).parent.mkdir(parents=True, exist_ok=True)
        (root / f).write_text("s\n")
    (root / "shared/cfg.json").write_text(json.dumps({"stores": {"s": {}, "t": {}}}))
    (root / "alokai.config.json").write_text(json.dumps({"stores": {"s": {}, "t": {}}}))
    (tmp / "outside").mkdir()
    (tmp / "outside/o.ts").write_text("o\n")
    return root


def _target(root: Path, layer: str, link: Path, target: str) -> str:
    if target == "OUTSIDE":
        return str(root.parent / "outside")
    if target == "OUTSIDE/o.ts":
        return str(root.parent / "outside" / "o.ts")
    if target == "ANCESTOR":
        return os.path.relpath(root / layer, link.parent)
    return os.path.relpath(root / target, link.parent)


def _replace_with_link(path: Path, target: str) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)


def apply(root: Path, op: tuple) -> list[str]:
    """Do one change on disk; return the paths a watcher would report."""
    kind = op[0]
    if kind == "write":
        _, layer, name, content, keep_stat = op
        p = root / layer / name
        if p.is_symlink() or (p.exists() and not p.is_file()):
            return []
        if any(q.is_symlink() or (q.exists() and not q.is_dir()) for q in p.parents if root in q.parents):
            return []
        old = p.stat() if p.exists() else None
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(content)
        if keep_stat and old is not None and old.st_size == len(content):
            os.utime(p, ns=(old.st_atime_ns, old.st_mtime_ns))  # an edit the stat cannot see
        return [str(p)]
    if kind == "delete":
        _, layer, name = op
        p = root / layer / name
        if p.is_symlink() or p.is_file():
            p.unlink()
            return [str(p)]
        if p.is_dir():
            shutil.rmtree(p)
            return [str(p)]
        return []
    if kind == "rmdir":
        p = root / op[1] / "d"
        if p.is_symlink():
            p.unlink()
        elif p.is_dir():
            shutil.rmtree(p)
        else:
            return []
        return [str(p)]
    if kind in ("folder_link", "file_link"):
        _, layer, name, target = op
        p = root / layer / name
        if any(q.is_symlink() or (q.exists() and not q.is_dir()) for q in p.parents if root in q.parents):
            return []
        _replace_with_link(p, _target(root, layer, p, target))
        return [str(p)]
    if kind == "edit_shared":
        _, f, content, keep_stat = op
        p = root / f
        if not p.is_file():
            return []
        old = p.stat()
        p.write_text(content)
        if keep_stat and old.st_size == len(content):
            os.utime(p, ns=(old.st_atime_ns, old.st_mtime_ns))
        return [str(p)]
    if kind == "nest":
        p = root / "shared/f/nest"
        if p.is_symlink():
            p.unlink()
        else:
            os.symlink("../g", p)
        return [str(p)]
    if kind == "config":
        _, ignore, via_link = op
        cfg = root / "alokai.config.json"
        if via_link and not cfg.is_symlink():
            cfg.unlink()
            os.symlink("shared/cfg.json", cfg)
            changed = [str(cfg)]
        elif not via_link and cfg.is_symlink():
            cfg.unlink()
            cfg.write_text("{}")
            changed = [str(cfg)]
        else:
            changed = []
        target = root / "shared/cfg.json" if cfg.is_symlink() else cfg
        target.write_text(json.dumps({"stores": {"s": {"ignorePaths": ignore}, "t": {}}}))
        return [*changed, str(target)]
    raise AssertionError(op)


layer = st.sampled_from(LAYERS)
ops = st.one_of(
    st.tuples(st.just("write"), layer, st.sampled_from([*NAMES, "fl.ts"]), st.sampled_from(CONTENTS), st.booleans()),
    st.tuples(st.just("delete"), layer, st.sampled_from([*NAMES, "d", "fl.ts", "L1", "d/L2"])),
    st.tuples(st.just("rmdir"), layer),
    st.tuples(st.just("folder_link"), layer, st.sampled_from(["L1", "d/L2"]), st.sampled_from(FOLDER_TARGETS)),
    st.tuples(st.just("file_link"), layer, st.sampled_from(["fl.ts", "d/fl.ts"]), st.sampled_from(FILE_TARGETS)),
    st.tuples(st.just("edit_shared"), st.sampled_from(SHARED_FILES), st.sampled_from(CONTENTS), st.booleans()),
    st.tuples(st.just("nest")),
    st.tuples(st.just("config"), st.sampled_from(IGNORES), st.booleans()),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(st.lists(ops, min_size=1, max_size=3), min_size=1, max_size=8))
def test_rule_11_live_snapshot_equals_a_fresh_read_after_random_edits_and_links(steps):
    with tempfile.TemporaryDirectory() as tmp:
        root = _start(Path(tmp))
        ws = load(root)
        for batch in steps:
            changed: list[str] = []
            for op in batch:
                changed += apply(root, op)
            ws, _cs = ws.update(changed)
            assert snap(ws) == snap(load(root)), (batch, changed)


def test_a_workspace_opened_through_a_link_updates_from_real_path_events(tmp_path):
    root = _start(tmp_path)
    via = tmp_path / "via"
    os.symlink(root, via)
    ws = load(via)
    p = root / "apps/stores/s/web/new.ts"
    p.write_text("new\n")
    ws, _ = ws.update([str(p)])  # the watcher names the real path
    assert snap(ws) == snap(load(via))


def test_a_full_reload_forgets_the_digest_of_an_edit_the_stat_cannot_see(tmp_path):
    root = _start(tmp_path)
    ws = load(root)
    f = root / "apps/stores/s/web/a.ts"  # "x\n", equal to the base: redundant
    assert ws.effective_tree("apps/stores/s", WEB).files[0].status.value == "redundant"
    old = f.stat()
    f.write_text("y\n")
    os.utime(f, ns=(old.st_atime_ns, old.st_mtime_ns))
    (root / "alokai.config.json").write_text(json.dumps({"stores": {"s": {}, "t": {}, "u": {}}}))
    ws, cs = ws.update([str(f), str(root / "alokai.config.json")])
    assert cs.full
    assert snap(ws) == snap(load(root))


def test_an_edit_to_a_file_links_target_reaches_the_layer(tmp_path):
    root = _start(tmp_path)
    os.symlink("../../../../shared/f/a.ts", root / "apps/stores/s/web/fl.ts")
    (root / "apps/web/fl.ts").write_text("s\n")
    ws = load(root)
    assert fsio.real_path(str(root / "apps/stores/s/web/fl.ts")) == str((root / "shared/f/a.ts").resolve())
    target = root / "shared/f/a.ts"
    old = target.stat()
    target.write_text("t\n")
    os.utime(target, ns=(old.st_atime_ns, old.st_mtime_ns))
    ws, _ = ws.update([str(target)])
    assert snap(ws) == snap(load(root))


def test_a_layer_folder_replaced_by_an_outward_link_updates_like_a_fresh_read(tmp_path):
    root = _start(tmp_path)
    ws = load(root)
    layer = root / "apps/stores/s/web"
    shutil.rmtree(layer)
    os.symlink(tmp_path / "outside", layer)
    ws, _ = ws.update([str(layer)])
    assert snap(ws) == snap(load(root))
    assert any(d.code == "symlink-skipped" and d.path == "apps/stores/s/web" for d in ws.diagnostics)
