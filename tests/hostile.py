"""A hostile workspace (issue #10, "Proof"): everything a checkout could do to a tool pointed at it.

- a git repository whose `.git/config` and `.gitattributes` name commands (fsmonitor, filters,
  textconv, external diff, pager, hooks, gpg) that would touch a file in the sentinel tree;
- symlinked folders leading outside the workspace at every level (an app folder, a store folder,
  a layer folder, a `stores/` folder, a folder inside a layer; `apps/stores` itself in the variant
  `stores_out=True`), and a symlinked file in a layer leading out, all into a sentinel tree whose
  files carry a marker that would show in any output that read them;
- a DAG of chained folder links inside the workspace (2**24 paths through 25 real folders);
- control characters (ESC, BEL, CR) and bytes that are not UTF-8 in file, folder and store names;
- a pathological ignore pattern and files it has to be tried against.

`snapshot(sentinel)` hashes the whole sentinel tree (names, link targets, contents, modes), so a
test can prove nothing there was written, created or removed.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from storelayers.resolver.cli.main import main

from tests.gitrepo import commit, init

WEB = "web"
LEAK = "LEAKED-FROM-OUTSIDE"  # in every outside file's name and content
CONTROL = "esc\x1b]0;pwned\x07\x1b[2J\rcr"
RAW = os.fsdecode(b"raw-\xff\xfe")
PATHOLOGICAL = "*a" * 7 + "*b"  # exponential for a backtracking matcher (7: bounded until the linear matcher lands)
DAG_LEVELS = 25


@dataclass(frozen=True)
class Hostile:
    root: Path  # the workspace
    sentinel: Path  # everything outside that nothing may read or write
    ran: Path  # a command named by the repository would create this


def _outside(sentinel: Path) -> None:
    for folder in ("app", "store/web", "layer", "stores/intruder/web", "inner", "allstores/x/web", "file"):
        d = sentinel / folder
        d.mkdir(parents=True, exist_ok=True)
        (d / f"{LEAK}.ts").write_text(f"{LEAK} {folder}\n")
    (sentinel / "hooks").mkdir()
    for hook in ("pre-commit", "post-checkout", "pre-auto-gc", "reference-transaction"):
        h = sentinel / "hooks" / hook
        h.write_text(f"#!/bin/sh\ntouch '{sentinel / 'ran-hook'}'\n")
        h.chmod(0o755)


def hostile_git_config(root: Path, ran: Path) -> None:
    """Give the repository at `root` a config and attributes through which git would run commands that touch `ran`."""
    touch = f"touch '{ran}'"
    for key, value in (
        ("core.fsmonitor", f"{touch}; false"),
        ("core.pager", touch),
        ("pager.diff", touch),
        ("pager.log", touch),
        ("core.hooksPath", str(ran.parent / "hooks")),
        ("filter.evil.clean", f"{touch}; cat"),
        ("filter.evil.smudge", f"{touch}; cat"),
        ("filter.evil.process", touch),
        ("filter.evil.required", "true"),
        ("diff.evil.textconv", f"{touch}; cat"),
        ("diff.evil.command", touch),
        ("diff.external", touch),
        ("log.showSignature", "true"),
        ("gpg.program", touch),
        ("core.sshCommand", touch),
        ("core.askPass", touch),
    ):
        subprocess.run(["git", "-C", str(root), "config", key, value], check=True)
    (root / ".gitattributes").write_text("* filter=evil diff=evil\n")


def build_hostile(tmp_path: Path, stores_out: bool = False) -> Hostile:
    sentinel = tmp_path / "sentinel"
    sentinel.mkdir()
    _outside(sentinel)
    ran = sentinel / "ran-a-repository-command"
    root = tmp_path / "ws"
    web = root / "apps" / WEB
    (web / "comp").mkdir(parents=True)
    (web / "package.json").write_text('{"name": "web"}\n')
    (web / "comp" / "a.ts").write_text("base a\n")
    (web / "comp" / "b.ts").write_text("base b\n")
    (web / f"{CONTROL}.ts").write_text("control\n")
    (web / f"{RAW}.ts").write_text("raw\n")
    os.mkdir(os.path.join(web, f"dir-{RAW}"))
    (Path(web, f"dir-{RAW}") / "inner.ts").write_text("inner\n")
    (web / ("a" * 40 + ".ts")).write_text("long\n")  # what the pathological pattern is tried against
    os.symlink(sentinel / "inner", web / "outward")  # a folder inside a layer, out
    os.symlink(sentinel / "file" / f"{LEAK}.ts", web / "outfile.ts")  # a file inside a layer, out
    os.symlink(sentinel / "app", root / "apps" / "evilapp")  # an app folder, out
    # a DAG of folder links inside the workspace: 2**(levels-1) paths
    for i in range(DAG_LEVELS):
        d = root / "shared" / f"d{i}"
        d.mkdir(parents=True)
        (d / f"f{i}.ts").write_text(f"{i}\n")
        if i + 1 < DAG_LEVELS:
            os.symlink(f"../d{i + 1}", d / "x")
            os.symlink(f"../d{i + 1}", d / "y")
    os.symlink("../../shared/d0", web / "dag")
    stores = root / "apps" / "stores"
    if stores_out:
        os.symlink(sentinel / "allstores", stores)
    else:
        s = stores / "s" / WEB / "comp"
        s.mkdir(parents=True)
        (s / "a.ts").write_text("s a\n")
        (s / "b.ts").write_text("base b\n")  # redundant
        (s.parent / f"{RAW}.ts").write_text("s raw\n")
        os.symlink(sentinel / "stores", stores / "s" / "stores")  # a stores/ folder, out
        c = stores / CONTROL / WEB
        c.mkdir(parents=True)
        (c / f"{CONTROL}.ts").write_text("control override\n")
        r = stores / RAW / WEB
        r.mkdir(parents=True)
        (r / "comp").mkdir()
        (r / "comp" / "a.ts").write_text("raw a\n")
        os.symlink(sentinel / "store", stores / "intruder")  # a store folder, out
        (stores / "u").mkdir()
        os.symlink(sentinel / "layer", stores / "u" / WEB)  # a layer folder, out
    config = {
        "stores": {
            "s": {"deployment": {"framework": "nextjs"}, "ignorePaths": [PATHOLOGICAL, "comp/never-*.ts"]},
            CONTROL: {"deployment": {}},
            RAW: {"deployment": {}, "ignorePaths": [PATHOLOGICAL]},
        }
    }
    (root / "alokai.config.json").write_text(json.dumps(config, indent=2))
    init(root)
    commit(root, "hostile", 0)
    hostile_git_config(root, ran)  # after the commit: the test's own git calls would run it
    (web / "comp" / "a.ts").write_text("base a, edited in the working tree\n")
    os.utime(web / "comp" / "a.ts", (1_600_000_000, 1_600_000_000))  # stat-dirty: git re-reads it
    return Hostile(root, sentinel, ran)


def snapshot(folder: Path) -> str:
    """One digest of everything under `folder`: names, types, modes, link targets, contents."""
    h = hashlib.sha256()
    for dirpath, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        for name in sorted(dirs + files):
            p = os.path.join(dirpath, name)
            st = os.lstat(p)
            h.update(os.fsencode(os.path.relpath(p, folder)) + b"\0" + str(st.st_mode).encode())
            if os.path.islink(p):
                h.update(os.fsencode(os.readlink(p)))
            elif os.path.isfile(p):
                with open(p, "rb") as fh:
                    h.update(fh.read())
    return h.hexdigest()


class ReadWatch:
    """An audit hook recording every absolute path this process opens or lists while `on`."""

    _instance: ReadWatch | None = None

    def __init__(self) -> None:
        self.on = False
        self.paths: list[str] = []

    @classmethod
    def get(cls) -> ReadWatch:
        if cls._instance is None:
            import sys

            cls._instance = cls()
            sys.addaudithook(cls._instance._hook)
        return cls._instance

    def _hook(self, event: str, args: tuple) -> None:
        if not self.on or event not in ("open", "os.scandir", "os.listdir"):
            return
        path = args[0] if args else None
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        if isinstance(path, str) and os.path.isabs(path):
            self.paths.append(path)

    def inside(self, folder: Path) -> list[str]:
        real = os.path.realpath(folder)
        return [p for p in self.paths if os.path.realpath(p) == real or os.path.realpath(p).startswith(real + os.sep)]


def run_strict(*argv: object) -> tuple[int, str, str]:
    """Run the CLI with a strict UTF-8 stdout and stderr, as a terminal or a pipe would have."""
    raw_out, raw_err = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(raw_out, encoding="utf-8", errors="strict", newline="")
    err = io.TextIOWrapper(raw_err, encoding="utf-8", errors="strict", newline="")
    code = main([str(a) for a in argv], out=out, err=err)
    out.flush()
    err.flush()
    return code, raw_out.getvalue().decode("utf-8"), raw_err.getvalue().decode("utf-8")
