"""Any depth, no recursion (issue #10 item 9), and composition that a swapped folder cannot
redirect (item 4): reading, composing and reporting a 1,000-level-deep folder."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest
from storelayers.resolver import fsio, load
from storelayers.resolver.cli.main import main
from storelayers.resolver.errors import WriteRefused
from storelayers.resolver.ops import compose as compose_mod
from storelayers.resolver.ops.compose import compose

from tests.wsbuilder import build, store

WEB = "web"
DEPTH = 1000


def cli(*argv: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def deep(tmp_path: Path) -> Path:
    root = build(tmp_path / "ws", {"apps": {WEB: {"a.ts": "a"}, "stores": {"s": store({WEB: {}})}}})
    folder = str(root / "apps" / "stores" / "s" / WEB)
    for i in range(DEPTH):  # os.makedirs would recurse: make it level by level
        folder = os.path.join(folder, "d")
        os.mkdir(folder)
        if i % 100 == 99:
            Path(folder, f"f{i}.ts").write_text(str(i))
    yield root
    for p in tmp_path.iterdir():  # pytest's own clean-up of old temporary folders recurses per level
        fsio.remove_tree(str(p))


def _deepest(ws) -> str:
    return max((f.path for f in ws.effective_tree("apps/stores/s", WEB).files), key=len)


def test_a_1000_level_deep_layer_is_read_composed_and_reported(deep, tmp_path):
    assert sys.getrecursionlimit() <= 1000 + 500  # the default: a recursion per level would break
    ws = load(deep)
    assert _deepest(ws).count("/") == DEPTH
    out = tmp_path / "out"
    result = compose(ws, "s", out)
    assert result.files == 11
    assert sorted(p.name for p in out.iterdir()) == ["s"]  # no staging left
    composed = out.joinpath("s", WEB, *_deepest(ws).split("/"))
    assert composed.read_text() == "999"
    for argv in (["tree", deep, "s", "--json"], ["stats", deep], ["check", deep], ["report", deep, "--json", "-"]):
        code, text, err = cli(*argv)
        assert code in (0, 1), err
    code, text, err = cli("report", deep, "--html", tmp_path / "r.html", "--json", tmp_path / "r.json")
    assert code == 0, err
    json.loads((tmp_path / "r.json").read_text())
    result = compose(load(deep), "s", out)  # replacing a deep earlier output: no recursion either
    assert sorted(p.name for p in out.iterdir()) == ["s"]


def test_a_failed_deep_compose_leaves_no_staging(deep, tmp_path, monkeypatch):
    out = tmp_path / "out"
    real = compose_mod._copy_into
    calls = []

    def fail_late(src, name, fd, inside=None):
        calls.append(name)
        if len(calls) == 10:
            raise OSError(28, "No space left on device")
        return real(src, name, fd, inside)

    monkeypatch.setattr(compose_mod, "_copy_into", fail_late)
    with pytest.raises(WriteRefused, match="previous output kept"):
        compose(load(deep), "s", out)
    assert list(out.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
def test_compose_whose_output_is_swapped_for_a_link_into_a_layer_writes_nothing_there(make_ws, tmp_path, monkeypatch):
    root = make_ws({"apps": {WEB: {"a.ts": "a"}, "stores": {"s": store({WEB: {"b.ts": "b"}})}}})
    layer = root / "apps" / "stores" / "s" / WEB
    out = tmp_path / "out"
    real_check = compose_mod.check_output
    swapped = []

    def check_then_swap(ws, target):
        real_check(ws, target)
        if not swapped:  # after the first check, before anything is written
            swapped.append(1)
            out.rmdir() if out.exists() else None
            os.symlink(layer, out)

    out.mkdir()
    monkeypatch.setattr(compose_mod, "check_output", check_then_swap)
    with pytest.raises(WriteRefused):
        compose(load(root), "s", out)
    assert sorted(p.name for p in layer.iterdir()) == ["b.ts"]


class _LongPaths:
    """An audit hook recording each path of more than `limit` parts this process lists or opens."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.on = False
        self.seen: list[str] = []
        sys.addaudithook(self._hook)

    def _hook(self, event: str, args: tuple) -> None:
        if self.on and event in ("open", "os.scandir", "os.listdir") and args:
            path = os.fsdecode(args[0]) if isinstance(args[0], (str, bytes)) else ""
            if path.count(os.sep) > self.limit:
                self.seen.append(path)


@pytest.fixture(scope="module")
def long_paths() -> _LongPaths:
    return _LongPaths(limit=60)  # the deep fixture's layer root lies well within it


@pytest.mark.skipif(not fsio.LIST_BY_FD, reason="POSIX: folders listed through descriptors")
def test_rule_11_a_deep_layer_is_read_one_name_at_a_time(deep, long_paths):
    """Reading a 1,000-level-deep layer hands the kernel no long path: each folder is opened through
    its parent's descriptor, so the cost per folder does not grow with its depth (linear reading)."""
    long_paths.seen.clear()
    long_paths.on = True
    try:
        ws = load(deep)
    finally:
        long_paths.on = False
    assert _deepest(ws).count("/") == DEPTH
    assert long_paths.seen == []


@pytest.mark.skipif(not fsio.LIST_BY_FD, reason="POSIX: folders opened through descriptors")
def test_composing_a_deep_layer_reads_and_writes_one_name_at_a_time(deep, long_paths, tmp_path):
    """Compose opens each source through its layer's folders and writes through the output's, one
    name at a time: no long path, so composing costs the same per file at any depth."""
    ws = load(deep)
    long_paths.seen.clear()
    long_paths.on = True
    try:
        result = compose(ws, "s", tmp_path / "out")
    finally:
        long_paths.on = False
    assert result.files == 11
    assert long_paths.seen == []


SIDE_DEPTH = 300  # three times the descriptors the test leaves free


@pytest.fixture
def deep_with_sides(tmp_path: Path) -> Path:
    """SIDE_DEPTH levels where every level also has a side folder read after the deep one: a walk
    that held every folder it has to come back to would hold SIDE_DEPTH descriptors at once."""
    root = build(tmp_path / "ws", {"apps": {WEB: {"a.ts": "a"}, "stores": {"s": store({WEB: {}})}}})
    folder = str(root / "apps" / WEB)
    for i in range(SIDE_DEPTH):
        os.mkdir(os.path.join(folder, "a-side"))
        Path(folder, "a-side", f"s{i}.ts").write_text(str(i))
        folder = os.path.join(folder, "z")
        os.mkdir(folder)
    Path(folder, "bottom.ts").write_text("bottom")
    yield root
    for p in tmp_path.iterdir():
        fsio.remove_tree(str(p))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open descriptors through /proc")
def test_a_deep_tree_reads_composes_and_updates_under_a_low_descriptor_limit(deep_with_sides, tmp_path):
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    in_use = len(os.listdir("/proc/self/fd"))
    resource.setrlimit(resource.RLIMIT_NOFILE, (in_use + 100, hard))
    try:
        ws = load(deep_with_sides)
        tree = ws.effective_tree("apps/stores/s", WEB)
        bottom = deep_with_sides.joinpath("apps", WEB, *["z"] * SIDE_DEPTH)
        (bottom / "new.ts").write_text("new")
        (bottom.parent / "a-side" / "late.ts").write_text("late")
        ws2, change = ws.update([bottom / "new.ts", bottom.parent / "a-side" / "late.ts"])
        result = compose(ws2, "s", tmp_path / "out")
        fresh = load(deep_with_sides)
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert [d for d in ws.diagnostics if d.code == "unreadable"] == []
    assert len(tree.files) == 1 + SIDE_DEPTH + 1  # a.ts, one per side folder, bottom.ts
    assert not change.full and len(change.entries) == 2
    assert ws2.layer(None, WEB) == fresh.layer(None, WEB)
    assert result.files == len(tree.files) + 2
    assert tmp_path.joinpath("out", "s", WEB, *["z"] * SIDE_DEPTH, "new.ts").read_text() == "new"
