"""Issue #10, "Proof": every command on a hostile workspace finishes (exit 0 or 2), reads and
writes nothing outside the workspace and runs no command the repository names."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.gitrepo import has_git
from tests.hostile import CONTROL, LEAK, RAW, ReadWatch, build_hostile, run_strict, snapshot

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="symlinks, control bytes in names"),
    pytest.mark.skipif(not has_git(), reason="needs git"),
]


def commands(root: Path, tmp: Path, stores_out: bool) -> list[list[object]]:
    store = "s" if not stores_out else "nope"
    cmds: list[list[object]] = [
        ["stores", root],
        ["stores", root, "--json"],
        ["tree", root, store],
        ["tree", root, store, "--json"],
        ["which", root, store, "web/comp/a.ts"],
        ["which", root, store, "web/comp/a.ts", "--json"],
        ["stats", root],
        ["stats", root, "--json"],
        ["affected", root, "--since", "HEAD"],
        ["affected", root, "--since", "HEAD", "--global-dependencies", "*a" * 7 + "*b"],
        ["compose", root, "--store", store, "--out", tmp / "out"],
        ["check", root],
        ["check", root, "--json"],
        ["report", root, "--html", tmp / "r.html", "--json", tmp / "r.json"],
        ["report", root, "--json", "-", "--since", "HEAD"],
    ]
    if not stores_out:
        from storelayers.resolver.cli.textout import shown

        for sid in (CONTROL, RAW):
            cmds.append(["tree", root, shown(sid)])
            cmds.append(["which", root, shown(sid), "web/comp/a.ts", "--json"])
            cmds.append(["compose", root, "--store", shown(sid), "--out", tmp / "out"])
    return cmds


@pytest.mark.parametrize("stores_out", [False, True], ids=["stores-inside", "apps-stores-linked-out"])
def test_every_command_on_a_hostile_workspace_finishes_and_touches_nothing_outside(tmp_path, stores_out):
    h = build_hostile(tmp_path, stores_out)
    before = snapshot(h.sentinel)
    watch = ReadWatch.get()
    outputs: list[str] = []
    for argv in commands(h.root, tmp_path, stores_out):
        watch.paths.clear()
        watch.on = True
        try:
            code, out, err = run_strict(*argv)
        finally:
            watch.on = False
        assert code in (0, 1, 2), (argv, err)
        assert code != 1 or argv[0] == "check", (argv, err)  # 1 only for check (error-level diagnostics)
        assert "internal error" not in err and "Traceback" not in err, (argv, err)
        assert not any(c in out + err for c in "\x1b\x07\r") or "--json" in argv, argv
        assert watch.inside(h.sentinel) == [], (argv, watch.inside(h.sentinel)[:5])
        outputs.append(out + err)
        if code != 2 and "--json" in argv and argv[argv.index("--json") + 1 :][:1] in ([], ["-"]):
            json.loads(out)
    for f in (tmp_path / "r.html", tmp_path / "r.json"):
        if f.exists():
            outputs.append(f.read_bytes().decode("utf-8"))
    if (tmp_path / "out").exists():
        for dirpath, _dirs, files in os.walk(tmp_path / "out"):
            for name in files:
                assert LEAK not in name
                outputs.append(Path(dirpath, name).read_bytes().decode("utf-8", "replace"))
    assert not any(LEAK in text for text in outputs), "content from outside the workspace was read"
    assert not h.ran.exists() and not (h.sentinel / "ran-hook").exists(), "a repository command ran"
    assert snapshot(h.sentinel) == before, "something outside the workspace was written"
    if not stores_out:
        ws_diag = json.loads(run_strict("check", h.root, "--json")[1])
        skipped = {d["path"] for d in ws_diag if d["code"] == "symlink-skipped"}
        assert {
            "apps/evilapp",
            "apps/web/outward",
            "apps/web/outfile.ts",
            "apps/stores/s/stores",
            "apps/stores/intruder",
            "apps/stores/u/web",
        } <= skipped
