"""SPEC rule 13: composition never deletes or replaces a folder or file it did not create itself."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from storelayers.resolver import load
from storelayers.resolver.cli.main import main as cli_main
from storelayers.resolver.errors import WriteRefused
from storelayers.resolver.ops.compose import MARKER, compose

from tests.wsbuilder import store

WEB = "web"


def cli(*argv: object) -> tuple[int, str, str]:
    import io

    out, err = io.StringIO(), io.StringIO()
    code = cli_main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else b"<dir>") for p in sorted(root.rglob("*"))}


def test_rule_13_compose_into_the_workspace_root_never_replaces_its_folders(make_ws, monkeypatch):
    root = make_ws(
        {
            "apps": {WEB: {"a.ts": "a"}, "stores": {"packages": store({WEB: {"b.ts": "b"}})}},
            "packages": {"ui": {"index.ts": "the monorepo's own package"}},
        }
    )
    before = tree(root)
    monkeypatch.chdir(root)
    code, _, err = cli("compose", root, "--store", "packages", "--out", ".")
    assert code == 2 and err.count("\n") == 1 and "workspace root" in err
    assert tree(root) == before


def test_rule_13_compose_refuses_to_replace_what_it_did_not_write(make_ws, tmp_path):
    root = make_ws({"apps": {WEB: {"a.ts": "a"}, "stores": {"s": store(), "t": store()}}})
    out = tmp_path / "out"
    (out / "s").mkdir(parents=True)
    (out / "s" / "precious.txt").write_text("mine")
    (out / "t").write_text("a file named like the store")
    before = tree(out)
    for sid in ("s", "t"):
        code, _, err = cli("compose", root, "--store", sid, "--out", out)
        assert code == 2 and "not written by a composition" in err and err.count("\n") == 1
    assert tree(out) == before


def test_rule_13_compose_replaces_its_own_earlier_output(make_ws, tmp_path):
    root = make_ws({"apps": {WEB: {"a.ts": "a"}, "stores": {"s": store({WEB: {"b.ts": "b"}})}}})
    out = tmp_path / "out"
    compose(load(root), "s", out)
    assert (out / "s" / MARKER).is_file()
    (root / "apps" / "stores" / "s" / WEB / "b.ts").unlink()
    compose(load(root), "s", out)
    assert not (out / "s" / WEB / "b.ts").exists() and (out / "s" / WEB / "a.ts").read_text() == "a"
    assert sorted(p.name for p in out.iterdir()) == ["s"]


@pytest.mark.parametrize("where", ["root", "home"])
def test_rule_13_compose_refuses_the_file_system_root_and_home(make_ws, tmp_path, monkeypatch, where):
    root = make_ws({"apps": {WEB: {"a.ts": "a"}, "stores": {"s": store()}}})
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    target = Path(os.path.abspath(os.sep)) if where == "root" else home
    with pytest.raises(WriteRefused, match="root|home folder"):
        compose(load(root), "s", target)
    assert list(home.iterdir()) == []
    code, _, err = cli("compose", root, "--store", "s", "--out", target)  # what the shell makes of ~ and /
    assert code == 2 and err.count("\n") == 1
