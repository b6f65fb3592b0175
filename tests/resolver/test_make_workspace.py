"""The benchmark workspace generator (benchmarks/make_workspace.py) makes what it says it makes.

A correctness check of the generator, never a timing test.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from storelayers.resolver import Kind, load

from benchmarks.make_workspace import MANIFEST, generate, generate_git_history, read_manifest


def _digest_tree(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.name != MANIFEST and ".git" not in p.parts:
            h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    return generate(tmp_path_factory.mktemp("gen") / "ws", stores=5, base_files=50, seed=3)


def test_small_workspace_loads_with_the_expected_stores(small):
    ws = load(small)
    man = read_manifest(small)
    assert len(ws.stores) == 5 == man["stores"]
    assert set(ws.apps) == {"storefront-unified-nextjs", "storefront-middleware", "playwright"}
    assert max(s.depth for s in ws.stores.values()) == 3  # a template with a template child
    deployable = [s for s in ws.stores.values() if s.kind is Kind.DEPLOYABLE]
    assert len(deployable) == man["deployable"]
    assert all(not ws.children(s.key) for s in deployable)  # the leaves are the deployable stores
    assert not [d for d in ws.diagnostics if d.level.value == "error"]
    cfg = json.loads((small / "alokai.config.json").read_text())
    assert set(cfg["stores"]) == {s.id for s in deployable}
    assert any("ignorePaths" in v for v in cfg["stores"].values())


def test_overrides_are_a_mix_of_redundant_and_real_edits(small):
    ws = load(small)
    stats = ws.stats()
    redundant = sum(c.redundant for s in stats for c in s.apps.values())
    override = sum(c.override for s in stats for c in s.apps.values())
    added = sum(c.added for s in stats for c in s.apps.values())
    assert redundant > 0 and override > redundant and added > 0
    # the generator's own bookkeeping agrees with the engine wherever no ignorePaths interfere
    man = read_manifest(small)
    for s in stats:
        if s.id in man["ignore_paths"]:
            continue
        for app, c in s.apps.items():
            want = man["expected"][s.store].get(app, {"override": 0, "redundant": 0, "added": 0})
            assert (c.override, c.redundant, c.added) == (want["override"], want["redundant"], want["added"]), (
                s.id,
                app,
            )


def test_overrides_are_modified_copies_of_the_file_they_hide(small):
    ws = load(small)
    checked = 0
    for s in ws.stores.values():
        tree = ws.effective_tree(s.key, "storefront-unified-nextjs")
        for f in tree.files:
            if f.status.value == "override" and f.chain[-1] == "base":
                own = (small / f.source).read_text()
                base = (small / "apps/storefront-unified-nextjs" / f.path).read_text()
                assert own != base
                shared = set(own.splitlines()) & set(base.splitlines())
                assert len(shared) >= len(set(base.splitlines())) // 2  # an edit, not a different file
                checked += 1
    assert checked > 10


def test_generation_is_deterministic_and_replaces_its_own_output(tmp_path):
    a = generate(tmp_path / "a", stores=4, base_files=30, seed=7)
    b = generate(tmp_path / "b", stores=4, base_files=30, seed=7)
    assert _digest_tree(a) == _digest_tree(b)
    c = generate(tmp_path / "a", stores=4, base_files=30, seed=8)  # its own output: replaced
    assert _digest_tree(c) != _digest_tree(b)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        generate(tmp_path / "other", stores=2, base_files=10)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_history_ends_at_the_files_on_disk(tmp_path):
    root = generate(tmp_path / "ws", stores=4, base_files=40, seed=1)
    before = _digest_tree(root)
    generate_git_history(root, commits=30, seed=1)
    git = ["git", "-C", str(root)]
    assert (
        subprocess.run(git + ["rev-list", "--count", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
        == "30"
    )
    assert subprocess.run(git + ["status", "--porcelain"], capture_output=True, text=True, check=True).stdout == ""
    dates = subprocess.run(git + ["log", "--format=%at %ct"], capture_output=True, text=True, check=True).stdout.split()
    assert [int(x) for x in dates[::2]] == sorted((int(x) for x in dates[::2]), reverse=True)
    assert _digest_tree(root) == before
