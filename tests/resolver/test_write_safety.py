"""Writes that cannot be redirected, undo that only takes back what the app wrote, and streamed,
cancellable override copies (issue #10 items 4, 5 and 11)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from storelayers import resolver
from storelayers.resolver import fsio
from storelayers.resolver.errors import WriteRefused
from storelayers.resolver.ops import scaffold

from tests.wsbuilder import store

WEB = "web"
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="symlinks")


@pytest.fixture
def ws(make_ws):
    root = make_ws(
        {
            "alokai.config.json": {"stores": {"s1": {}}},
            "apps": {
                WEB: {"a.ts": "base a\n", "deep": {"x.ts": "x\n"}, "big.bin": b"0123456789" * 300_000},
                "stores": {"s1": store({WEB: {"a.ts": "s1 a\n", "deep": {"y.ts": "y\n"}}})},
            },
        }
    )
    return resolver.load(root)


def _trash_into(folder: Path):
    def trash(p: Path) -> str:
        folder.mkdir(exist_ok=True)
        dest = folder / p.name
        shutil.move(str(p), dest)
        return str(dest)

    return trash


def _tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@posix_only
@pytest.mark.parametrize(
    ("hook", "why"),
    [("real-path check", "leads outside the workspace"), ("folder open", "replaced by a link")],
)
def test_override_with_its_folder_swapped_for_an_outward_link_after_the_check_writes_nothing(
    ws, tmp_path, monkeypatch, hook, why
):
    plan = scaffold.plan_override(ws, "s1", WEB, "deep/x.ts")
    layer = ws.root / "apps/stores/s1/web"
    outside = tmp_path / "elsewhere"
    outside.mkdir()

    def swap() -> None:  # the check is done: now an attacker swaps deep/ for a link
        os.rename(layer / "deep", layer / "deep-moved")
        os.symlink(outside, layer / "deep")

    if hook == "real-path check":
        real_parts = scaffold._real_parts
        monkeypatch.setattr(scaffold, "_real_parts", lambda folder: (real_parts(folder), swap())[0])
    else:
        open_folder = fsio.OpenFolder
        monkeypatch.setattr(fsio, "OpenFolder", lambda *a: (swap(), open_folder(*a))[1])
    with pytest.raises(WriteRefused, match=why):
        scaffold.write_override(plan)
    assert list(outside.iterdir()) == []
    assert _tree(layer / "deep-moved") == ["y.ts"]  # no temporary file left either


@posix_only
def test_override_whose_missing_folders_are_made_while_a_link_is_swapped_in_writes_nothing(
    make_ws, tmp_path, monkeypatch
):
    root = make_ws({"apps": {WEB: {"n": {"m": {"x.ts": "x"}}}, "stores": {"s": store({WEB: {}})}}})
    ws = resolver.load(root)
    plan = scaffold.plan_override(ws, "s", WEB, "n/m/x.ts")
    layer = root / "apps/stores/s/web"
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    real_mkdir = os.mkdir

    def mkdir_then_swap(name, mode=0o777, *, dir_fd=None):
        real_mkdir(name, mode, dir_fd=dir_fd)
        if name == "n":  # the first folder made: swap it for an outward link before m/ is made in it
            os.rename(layer / "n", layer / "n-moved")
            os.symlink(outside, layer / "n")

    monkeypatch.setattr(os, "mkdir", mkdir_then_swap)
    with pytest.raises(WriteRefused):
        scaffold.write_override(plan)
    monkeypatch.undo()
    assert list(outside.iterdir()) == []
    assert _tree(layer / "n-moved") == []


def test_a_failed_streamed_copy_leaves_no_temporary_file(ws, monkeypatch):
    plan = scaffold.plan_override(ws, "s1", WEB, "big.bin")
    layer = ws.root / "apps/stores/s1/web"
    before = _tree(layer)
    calls = []
    real = fsio.write_all

    def fail_on_third(fd, data):
        calls.append(len(data))
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real(fd, data)

    monkeypatch.setattr(fsio, "write_all", fail_on_third)
    with pytest.raises(WriteRefused, match="nothing was written"):
        scaffold.write_override(plan)
    assert _tree(layer) == before


def test_override_copy_streams_in_chunks_with_progress(ws, monkeypatch):
    plan = scaffold.plan_override(ws, "s1", WEB, "big.bin")
    monkeypatch.setattr(fsio, "read_bytes", lambda *_a: pytest.fail("the whole file was read into memory"))
    seen: list[tuple[int, int]] = []
    scaffold.write_override(plan, progress=lambda done, total: seen.append((done, total)))
    assert len(seen) == 3 and seen[-1] == (3_000_000, 3_000_000)
    assert all(b - a <= fsio.CHUNK for (a, _), (b, _) in zip([(0, 0), *seen], seen, strict=False))
    assert plan.destination_abs.read_bytes() == plan.source_abs.read_bytes()


def test_a_cancelled_override_copy_leaves_nothing_behind(ws):
    plan = scaffold.plan_override(ws, "s1", WEB, "big.bin")
    layer = ws.root / "apps/stores/s1/web"
    before = _tree(layer)
    seen: list[int] = []
    with pytest.raises(scaffold.CopyCancelled, match="cancelled"):
        scaffold.write_override(plan, progress=lambda done, _t: seen.append(done), cancelled=lambda: len(seen) >= 1)
    assert seen == [fsio.CHUNK]
    assert _tree(layer) == before


def test_a_cancelled_copy_into_new_folders_takes_them_back(make_ws):
    root = make_ws({"apps": {WEB: {"n": {"m": {"x.ts": "x"}}}, "stores": {"s": store({WEB: {}})}}})
    ws = resolver.load(root)
    plan = scaffold.plan_override(ws, "s", WEB, "n/m/x.ts")
    with pytest.raises(scaffold.CopyCancelled):
        scaffold.write_override(plan, cancelled=lambda: True)
    assert _tree(root / "apps/stores/s/web") == []


def test_undo_of_an_override_edited_since_refuses_and_keeps_the_edit(ws, tmp_path):
    rec = scaffold.write_override(scaffold.plan_override(ws, "s1", WEB, "deep/x.ts"))
    rec.path_abs.write_text("the user's own work\n")
    trashed: list[Path] = []
    with pytest.raises(WriteRefused, match="changed since the app wrote it"):
        scaffold.undo(rec, lambda p: trashed.append(p) or "")
    assert trashed == [] and rec.path_abs.read_text() == "the user's own work\n"


def test_undo_of_an_untouched_override_still_works(ws, tmp_path):
    rec = scaffold.write_override(scaffold.plan_override(ws, "s1", WEB, "deep/x.ts"))
    scaffold.undo(rec, _trash_into(tmp_path / "trash"))
    assert not rec.path_abs.exists()


def test_undo_of_a_removal_refuses_when_the_trashed_file_is_not_the_one_removed(ws, tmp_path):
    rec = scaffold.remove_file(scaffold.plan_removal(ws, "s1", WEB, "a.ts"), _trash_into(tmp_path / "trash"))
    Path(rec.trash_path).write_text("something else now\n")
    with pytest.raises(WriteRefused, match="not the one removed"):
        scaffold.undo(rec, _trash_into(tmp_path / "trash"))
    assert not rec.path_abs.exists()


@posix_only
def test_undo_of_a_removal_never_puts_the_file_outside_the_workspace(ws, tmp_path):
    rec = scaffold.remove_file(scaffold.plan_removal(ws, "s1", WEB, "deep/y.ts"), _trash_into(tmp_path / "trash"))
    layer = ws.root / "apps/stores/s1/web"
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (layer / "deep").rmdir()
    os.symlink(outside, layer / "deep")
    with pytest.raises(WriteRefused, match="outside the workspace"):
        scaffold.undo(rec, _trash_into(tmp_path / "trash"))
    assert list(outside.iterdir()) == [] and Path(rec.trash_path).exists()


@posix_only
def test_undo_of_an_override_whose_folder_now_leads_outside_touches_nothing_there(ws, tmp_path):
    rec = scaffold.write_override(scaffold.plan_override(ws, "s1", WEB, "deep/x.ts"))
    layer = ws.root / "apps/stores/s1/web"
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copy(rec.path_abs, outside / "x.ts")  # same bytes: only the folder check can save it
    os.rename(layer / "deep", layer / "deep-moved")
    os.symlink(outside, layer / "deep")
    trashed: list[Path] = []
    with pytest.raises(WriteRefused, match="outside the workspace"):
        scaffold.undo(rec, lambda p: trashed.append(p) or "")
    assert trashed == [] and (outside / "x.ts").exists()
