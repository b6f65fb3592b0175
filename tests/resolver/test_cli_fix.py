"""`storelayers fix`: dry runs change nothing, exit codes 0/1/2, --json shapes, undo and redo."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from storelayers.resolver.cli.main import main

from tests.gitrepo import has_git
from tests.resolver.repairs_fixture import C1, C3, S1, S2, TPL, make

PLAN_KEYS = {"kind", "workspace", "title", "writes", "removals", "blocked", "effects", "notes"}


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "data-home"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in (root / "apps").rglob("*") if p.is_file()}


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return make(tmp_path / "ws", history=False)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if not has_git():
        pytest.skip("git is not installed")
    return make(tmp_path / "repo")


def test_cleanup_dry_run_prints_the_plan_and_changes_nothing(ws: Path) -> None:
    before = files(ws)
    code, out, err = run("fix", "cleanup", ws)
    assert (code, err) == (0, "")
    assert f"remove {S1}/b.ts" in out and "s1 (deployable) web/b.ts: s1 -> base, same content" in out
    assert "dry run: nothing changed" in out
    assert files(ws) == before


def test_cleanup_apply_then_undo_then_redo(ws: Path) -> None:
    before = files(ws)
    code, out, _ = run("fix", "cleanup", ws, "--apply")
    assert code == 0 and "applied" in out
    assert not (ws / S1 / "b.ts").exists()
    after = files(ws)
    code, out, _ = run("fix", "undo", ws)
    assert code == 0 and out.startswith("undone: clean up 1 redundant override ")
    assert files(ws) == before
    code, out, _ = run("fix", "redo", ws)
    assert code == 0 and files(ws) == after
    code, out, _ = run("fix", "redo", ws)
    assert code == 1 and "nothing to redo" in out


def test_cleanup_json_shape(ws: Path) -> None:
    code, out, _ = run("fix", "cleanup", ws, "--cosmetic", "--json")
    data = json.loads(out)
    assert code == 0 and set(data) == PLAN_KEYS | {"applied", "refused", "exit"}
    assert data["applied"] is False and data["exit"] == 0
    assert {r["path"] for r in data["removals"]} == {f"{S1}/b.ts", f"{S1}/d.ts"}
    r = data["removals"][0]
    assert set(r) == {"action", "path", "layer", "expect", "reason"} and r["layer"] == S1
    e = next(e for e in data["effects"] if e["path"] == "d.ts")
    assert e == {
        "store": "s1",
        "app": "web",
        "path": "d.ts",
        "now": "s1",
        "then": "base",
        "unchanged": False,
        "deployable": True,
        "lines": [1, 2],
    }


def test_move_up_keep_others_apply_json(ws: Path) -> None:
    code, out, _ = run("fix", "move-up", ws, "--path", "web/comp/x.tsx", "--parent", "tpl", "--keep-others")
    assert code == 0 and f"create {C3}/comp/x.tsx" in out
    code, out, _ = run(
        "fix", "move-up", ws, "--path", "web/comp/x.tsx", "--parent", "tpl", "--keep-others", "--apply", "--json"
    )
    data = json.loads(out)
    assert code == 0 and data["applied"] is True
    w = data["writes"][0]
    assert set(w) == {"action", "path", "layer", "digest", "bytes", "expect", "reason", "diff"}
    assert (w["path"], w["expect"]) == (f"{TPL}/comp/x.tsx", None)
    assert (ws / TPL / "comp/x.tsx").exists() and not (ws / C1 / "comp/x.tsx").exists()


def test_undo_refused_after_an_edit_lists_the_file_exit_1(ws: Path) -> None:
    assert run("fix", "move-up", ws, "--path", "web/comp/x.tsx", "--parent", "tpl", "--apply")[0] == 0
    (ws / TPL / "comp/x.tsx").write_text("edited\n", encoding="utf-8")
    code, out, _ = run("fix", "undo", ws)
    assert code == 1
    assert f"  {TPL}/comp/x.tsx" in out.splitlines()
    code, out, _ = run("fix", "undo", ws, "--json")
    assert code == 1 and json.loads(out)["changed"] == [f"{TPL}/comp/x.tsx"]


def test_undo_with_nothing_to_undo(ws: Path) -> None:
    code, out, _ = run("fix", "undo", ws)
    assert code == 1 and "nothing to undo" in out


def test_rebase_with_a_conflict_applies_the_clean_one_and_exits_1(repo: Path) -> None:
    s2 = (repo / S2 / "a.ts").read_bytes()
    code, out, _ = run("fix", "rebase", repo)
    assert code == 1 and f"{S2}/a.ts: 1 conflict merging" in out
    code, out, _ = run("fix", "rebase", repo, "--apply", "--json")
    data = json.loads(out)
    assert code == 1 and data["applied"] is True and data["exit"] == 1
    assert [b["path"] for b in data["blocked"]] == [f"{S2}/a.ts"] and data["blocked"][0]["conflicts"] == 1
    assert "<<<<<<< s2" in data["blocked"][0]["merged"]
    assert "line 15 fixed in base" in (repo / S1 / "a.ts").read_text()
    assert (repo / S2 / "a.ts").read_bytes() == s2


def test_rebase_one_path_of_one_store_is_clean_exit_0(repo: Path) -> None:
    code, out, _ = run("fix", "rebase", repo, "--store", "s1", "--path", "web/a.ts")
    assert code == 0 and "+line 15 fixed in base" in out


def test_orphans_apply(repo: Path) -> None:
    code, out, _ = run("fix", "orphans", repo, "--apply")
    assert code == 0 and f"create {S1}/comp/new.tsx" in out
    assert (repo / S1 / "comp/new.tsx").exists() and not (repo / S2 / "comp/gone.tsx").exists()


@pytest.mark.parametrize(
    "argv, message",
    [
        (("fix", "cleanup", "{ws}", "--store", "nope"), "no store 'nope'"),
        (("fix", "move-up", "{ws}", "--path", "web/comp/x.tsx"), "--parent"),
        (("fix", "move-up", "{ws}", "--path", "nope/x.tsx", "--parent", "tpl"), "no app 'nope'"),
        (("fix", "move-up", "{ws}", "--path", "web", "--parent", "tpl"), "names no file"),
        (("fix", "move-up", "{ws}", "--path", "web/only.ts", "--parent", "tpl"), "no two children"),
        (("fix", "rebase", "{ws}"), "cannot rebase"),
        (("fix", "orphans", "{ws}"), "git history"),
        (("fix", "cleanup", "{ws}/missing"), "no such folder"),
        (("fix",), "required"),
    ],
)
def test_bad_input_is_one_line_exit_2(ws: Path, argv: tuple[str, ...], message: str) -> None:
    before = files(ws)
    code, out, err = run(*[a.format(ws=ws) for a in argv])
    assert code == 2, (out, err)
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert files(ws) == before


def test_fix_runs_as_a_program_without_a_traceback(ws: Path, data_home: Path) -> None:
    env = {"XDG_DATA_HOME": str(data_home), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-m", "storelayers.resolver", "fix", "cleanup", str(ws), "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["kind"] == "cleanup"
