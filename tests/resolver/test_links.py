"""SPEC rule 11 at every level (issue #10 item 3): a symlinked folder is followed only when it stays
inside the workspace and does not lead back into an ancestor; each real folder is read once."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from storelayers.resolver import fsio
from storelayers.resolver.errors import WriteRefused
from storelayers.resolver.ops import scaffold
from storelayers.resolver.workspace import load

from tests.wsbuilder import Link, build

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")

WEB = "web"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the workspace, shaped so that following any link into it would show."""
    return build(
        tmp_path / "outside",
        {
            "leak.ts": "OUTSIDE",
            WEB: {"leak.ts": "OUTSIDE"},
            "stores": {"intruder": {WEB: {"leak.ts": "OUTSIDE"}}},
            "intruder": {WEB: {"leak.ts": "OUTSIDE"}},
        },
    )


def _skipped(ws) -> set[str]:
    return {d.path for d in ws.diagnostics if d.code == "symlink-skipped"}


def _all_sources(ws) -> set[str]:
    out = set()
    for s in ws.stores:
        for app in ws.apps:
            out.update(f.source for f in ws.effective_tree(s, app).files)
    for app in ws.apps:
        out.update(f"apps/{app}/{k}" for k in ws.layer(None, app).files)
    return out


def test_rule_11_base_app_folder_linking_outside_is_skipped(tmp_path, outside):
    root = build(tmp_path / "ws", {"apps": {WEB: {"a.ts": "a"}, "evil": Link(str(outside / WEB))}})
    ws = load(root)
    assert ws.apps == (WEB,)
    assert "apps/evil" in _skipped(ws)


def test_rule_11_apps_stores_linking_outside_is_skipped(tmp_path, outside):
    root = build(tmp_path / "ws", {"apps": {WEB: {"a.ts": "a"}, "stores": Link(str(outside / "stores"))}})
    ws = load(root)
    assert ws.stores == {}
    assert "apps/stores" in _skipped(ws)


def test_rule_11_child_stores_folder_linking_outside_is_skipped(tmp_path, outside):
    root = build(
        tmp_path / "ws",
        {"apps": {WEB: {"a.ts": "a"}, "stores": {"s": {WEB: {"b.ts": "b"}, "stores": Link(str(outside / "stores"))}}}},
    )
    ws = load(root)
    assert [s.id for s in ws.stores.values()] == ["s"]
    assert "apps/stores/s/stores" in _skipped(ws)


def test_rule_11_store_folder_linking_outside_is_skipped(tmp_path, outside):
    root = build(tmp_path / "ws", {"apps": {WEB: {"a.ts": "a"}, "stores": {"s": Link(str(outside / "intruder"))}}})
    ws = load(root)
    assert ws.stores == {}
    assert "apps/stores/s" in _skipped(ws)


def test_rule_11_layer_folder_linking_outside_is_skipped(tmp_path, outside):
    root = build(tmp_path / "ws", {"apps": {WEB: {"a.ts": "a"}, "stores": {"s": {WEB: Link(str(outside / WEB))}}}})
    ws = load(root)
    assert "apps/stores/s/web" in _skipped(ws)
    assert [f.source for f in ws.effective_tree("apps/stores/s", WEB).files] == ["apps/web/a.ts"]


def test_rule_11_layer_folder_linking_to_its_own_store_is_skipped(tmp_path):
    root = build(tmp_path / "ws", {"apps": {WEB: {"a.ts": "a"}, "stores": {"s": {WEB: Link("..")}}}})
    ws = load(root)
    assert "apps/stores/s/web" in _skipped(ws)


def test_rule_11_layer_folder_linking_inside_the_workspace_is_followed(tmp_path):
    root = build(
        tmp_path / "ws",
        {"apps": {WEB: {"a.ts": "a"}, "stores": {"s": {WEB: Link("../../../shared")}}}, "shared": {"a.ts": "s"}},
    )
    ws = load(root)
    assert not _skipped(ws)
    (f,) = ws.effective_tree("apps/stores/s", WEB).files
    assert f.source == "apps/stores/s/web/a.ts"


def test_rule_11_every_level_at_once_reads_nothing_outside(tmp_path, outside):
    root = build(
        tmp_path / "ws",
        {
            "apps": {
                WEB: {"a.ts": "a", "deep": Link(str(outside))},
                "evil": Link(str(outside / WEB)),
                "stores": {
                    "s": {WEB: Link(str(outside / WEB)), "stores": Link(str(outside / "stores"))},
                    "t": Link(str(outside / "intruder")),
                },
            }
        },
    )
    ws = load(root)
    assert all("leak" not in src for src in _all_sources(ws))
    assert {"apps/web/deep", "apps/evil", "apps/stores/s/web", "apps/stores/s/stores", "apps/stores/t"} <= _skipped(ws)


def _link_dag(root: Path, levels: int) -> None:
    """d0 -> (x, y) -> d1 -> (x, y) -> d2 ...: 2**levels paths through `levels` real folders."""
    shared = root / "shared"
    for i in range(levels):
        d = shared / f"d{i}"
        d.mkdir(parents=True)
        (d / "f.ts").write_text(str(i))
        if i + 1 < levels:
            os.symlink(f"../d{i + 1}", d / "x")
            os.symlink(f"../d{i + 1}", d / "y")


def test_rule_11_link_dag_reads_each_real_folder_once(tmp_path, monkeypatch):
    root = build(tmp_path / "ws", {"apps": {WEB: {"a.ts": "a"}}})
    _link_dag(root, 30)  # 2**29 paths: hopeless unless each real folder is read once
    os.symlink("../../shared/d0", root / "apps" / WEB / "dag")
    calls = []
    real_list = fsio.list_dir
    monkeypatch.setattr(fsio, "list_dir", lambda p, fd=None: calls.append(p) or real_list(p, fd))
    ws = load(root)
    files = ws.layer(None, WEB).files
    assert len([k for k in files if k.endswith("f.ts")]) == 30  # every real folder once, through one path
    assert len(calls) < 40
    assert any(
        d.code == "symlink-skipped"
        and d.message == "symlinked folder leads to a folder already read through another path"
        for d in ws.diagnostics
    )


def test_rule_11_store_link_dag_reads_each_store_folder_once(tmp_path):
    root = build(tmp_path / "ws", {"apps": {WEB: {"a.ts": "a"}, "stores": {}}})
    base = root / "apps" / "stores"
    for i in range(25):  # s_i/stores/{a,b} -> s_{i+1}: 2**24 paths
        d = root / "pool" / f"s{i}"
        (d / WEB).mkdir(parents=True)
        if i + 1 < 25:
            (d / "stores").mkdir()
            os.symlink(f"../../s{i + 1}", d / "stores" / "a")
            os.symlink(f"../../s{i + 1}", d / "stores" / "b")
    os.symlink("../../pool/s0", base / "s0")
    ws = load(root)
    assert len(ws.stores) == 25


def test_remove_override_refuses_a_file_whose_folder_now_leads_outside(tmp_path, outside):
    root = build(tmp_path / "ws", {"apps": {WEB: {"x": {"a.ts": "a"}}, "stores": {"s": {WEB: {"x": {"a.ts": "o"}}}}}})
    ws = load(root)
    plan = scaffold.plan_removal(ws, "s", WEB, "x/a.ts")
    layer_x = root / "apps" / "stores" / "s" / WEB / "x"
    (layer_x / "a.ts").unlink()
    layer_x.rmdir()
    (outside / "x").mkdir()
    victim = outside / "x" / "a.ts"
    victim.write_text("o")
    os.utime(victim, ns=(plan.mtime_ns, plan.mtime_ns))
    os.symlink(outside / "x", layer_x)
    trashed = []
    with pytest.raises(WriteRefused, match="outside"):
        scaffold.remove_file(plan, lambda p: trashed.append(p) or "")
    assert trashed == [] and victim.read_text() == "o"


_REAL_PATH_CASES = [
    "",
    "a",
    "a/b/c",
    "a/lb",
    "a/lb/c",
    "chain/c/up",
    "chain/f.ts",
    "a/b/lf.ts",
    "a/lb/lf.ts",
    "a/dangling",
    "a/dangling/x",
    "a/b/f.ts/x",
    "a/missing/x/y",
    "a/lb/../b",
    "a/b/./c//",
]


def _real_path_tree(tmp_path: Path) -> None:
    (tmp_path / "a" / "b" / "c").mkdir(parents=True)
    (tmp_path / "a" / "b" / "f.ts").write_text("f")
    os.symlink("b", tmp_path / "a" / "lb")  # relative, to a folder
    os.symlink(tmp_path / "a" / "lb", tmp_path / "chain")  # absolute, to a link
    os.symlink("f.ts", tmp_path / "a" / "b" / "lf.ts")  # to a file
    os.symlink("nowhere", tmp_path / "a" / "dangling")
    os.symlink("../b/c", tmp_path / "a" / "b" / "c" / "up")


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
@pytest.mark.parametrize("shallow", [fsio.REAL_PATH_SHALLOW, 0], ids=["as-configured", "always-by-descriptor"])
def test_real_path_answers_as_os_path_realpath(tmp_path, monkeypatch, shallow):
    """`fsio.real_path` walks folders by descriptor (linear in the depth); its answers are the
    library's for plain folders, links at any part, chains of links, dangling links, files in the
    middle of a path, missing parts and `..`. (The temporary folder is shallow, so the walk by
    descriptor is asked for explicitly too.)"""
    monkeypatch.setattr(fsio, "REAL_PATH_SHALLOW", shallow)
    _real_path_tree(tmp_path)
    for rel in _REAL_PATH_CASES:
        p = os.path.join(str(tmp_path), rel)
        assert fsio.real_path(p) == os.path.realpath(p), rel


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
def test_real_path_below_a_resolved_folder_answers_as_os_path_realpath(tmp_path):
    """`fsio.real_path_below` asks only the parts below a folder already resolved (an update knows
    the workspace's real path); its answers are the library's in the same cases."""
    _real_path_tree(tmp_path)
    base = os.path.realpath(tmp_path)
    for rel in _REAL_PATH_CASES:
        assert fsio.real_path_below(base, rel.replace("/", os.sep)) == os.path.realpath(os.path.join(base, rel)), rel


def _cli(*argv: object) -> tuple[int, str, str]:
    import io

    from storelayers.resolver.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def file_links(tmp_path: Path, outside: Path) -> Path:
    """A base app file and a store file that link out of the workspace, one that links inside."""
    root = build(
        tmp_path / "ws",
        {
            "alokai.config.json": '{"stores": {"s": {"deployment": {}}}}',
            "shared": {"x.ts": "inside x\n"},
            "apps": {
                WEB: {
                    "a.ts": "a\n",
                    "out.ts": Link(str(outside / "leak.ts")),
                    "in.ts": Link("../../shared/x.ts"),
                },
                "stores": {"s": {WEB: {"a.ts": Link(str(outside / WEB / "leak.ts"))}}},
            },
        },
    )
    return root


def test_rule_11_a_file_link_leading_outside_is_skipped_in_tree_and_which(file_links):
    ws = load(file_links)
    assert {"apps/web/out.ts", "apps/stores/s/web/a.ts"} <= _skipped(ws)
    assert {d.message for d in ws.diagnostics if d.path in ("apps/web/out.ts", "apps/stores/s/web/a.ts")} == {
        "symlinked file leads outside the workspace"
    }
    code, text, err = _cli("tree", file_links, "s", "--json")
    assert code == 0, err
    assert "out.ts" not in text and "OUTSIDE" not in text
    assert "in.ts" in text  # a link inside still counts as its target
    code, text, err = _cli("which", file_links, "s", "web/a.ts", "--json")
    assert code == 0, err
    answer = json.loads(text)  # the store's link out is no layer entry: the base wins
    assert (answer["winner"], answer["status"]) == ("base", "inherited")
    assert [c["source"] for c in answer["chain"]] == ["apps/web/a.ts"]
    code, text, err = _cli("which", file_links, "s", "web/out.ts")
    assert code == 2 and "no layer" in err
    code, text, err = _cli("check", file_links, "--json")
    assert "apps/web/out.ts" in text and "symlink-skipped" in text


def test_rule_11_compose_copies_a_file_link_inside_and_nothing_from_outside(file_links, tmp_path):
    from storelayers.resolver.ops.compose import compose

    compose(load(file_links), "s", tmp_path / "out")
    web = tmp_path / "out" / "s" / WEB
    assert sorted(p.name for p in web.iterdir()) == ["a.ts", "in.ts"]
    assert (web / "a.ts").read_text() == "a\n"  # the base's, not the store's link out
    assert (web / "in.ts").read_text() == "inside x\n"
    assert not (web / "in.ts").is_symlink()


def test_rule_11_live_update_follows_a_file_link_retargeted_outside_and_back(file_links, outside):
    ws = load(file_links)
    link = file_links / "apps" / WEB / "in.ts"
    for target, counted in ((str(outside / "leak.ts"), False), ("../../shared/x.ts", True)):
        link.unlink()
        os.symlink(target, link)
        ws, change = ws.update([link])
        fresh = load(file_links)
        assert ws.layer(None, WEB) == fresh.layer(None, WEB)
        assert sorted(map(str, ws.diagnostics)) == sorted(map(str, fresh.diagnostics))
        paths = [f.path for f in ws.effective_tree("apps/stores/s", WEB).files]
        assert ("in.ts" in paths) is counted
        assert ("apps/web/in.ts" in _skipped(ws)) is not counted
        assert any(c.path == "in.ts" for c in change.entries) or change.full


def test_rule_11_compose_refuses_a_file_link_retargeted_outside_after_it_was_read(file_links, outside, tmp_path):
    """The race: the snapshot listed `in.ts` as a link inside; before the copy it is made to lead out.
    Compose checks the opened file itself and refuses, keeping no output and reading nothing out."""
    from storelayers.resolver.ops.compose import compose

    ws = load(file_links)
    link = file_links / "apps" / WEB / "in.ts"
    link.unlink()
    os.symlink(outside / "leak.ts", link)
    with pytest.raises(WriteRefused, match="symlinked file leads outside the workspace"):
        compose(ws, "s", tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []  # no output, no staging
