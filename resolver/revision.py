"""A workspace as it was at a git revision, materialised into a private temporary folder.

`report --base REV` reviews the revision with the same engine as the working tree, so the revision's
files must be on disk. They are read as raw blobs (`git ls-tree` for the names, one `git cat-file
--batch` for the contents, both through the hardened `git.run_git`): no checkout, no filter, no
attribute, nothing written into the workspace or its `.git`, nothing the repository names is run.
Only what the workspace layout needs is read (`apps/`, `alokai.config.json`, the root `package.json`),
and the folder is deleted when the `with` block ends.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from storelayers.resolver import fsio, git
from storelayers.resolver.config import CONFIG_NAME
from storelayers.resolver.errors import GitError

LAYOUT_PATHS = ("apps", CONFIG_NAME, "package.json")  # what `loading.read_snapshot` and the kind rule read
BATCH_BYTES = 32 * 1024 * 1024  # blob contents asked of one `git cat-file --batch`, at most (about)
_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


@dataclass(frozen=True)
class RevisionTree:
    """A revision's workspace files in a temporary folder (`root`), deleted after use."""

    rev: str  # as the user gave it
    sha: str  # the commit it names
    root: Path  # the temporary workspace folder (holds apps/ as the revision had it)
    prefix: str  # the workspace's folder inside its repository ('' at the top)
    files: int  # regular files written
    links: int  # symbolic links made
    skipped: int  # entries left out (submodules, unsafe names, build folders)


@dataclass(frozen=True)
class _Entry:
    mode: str
    kind: str
    oid: str
    size: int
    path: str  # workspace-relative, POSIX


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _safe(path: str) -> bool:
    parts = path.split("/")
    return all(p not in ("", ".", "..") and p.lower() != ".git" for p in parts) and not os.path.isabs(path)


def _list(root: Path, sha: str) -> tuple[list[_Entry], int]:
    """The layout's files at `sha` (one `git ls-tree -r -l -z`), and how many entries were left out."""
    data = git.run_git(root, ["ls-tree", "-r", "-l", "-z", sha, "--", *LAYOUT_PATHS])
    out: list[_Entry] = []
    skipped = 0
    for item in data.split(b"\0"):
        if not item:
            continue
        meta, _, raw = item.partition(b"\t")
        fields = meta.split()
        if len(fields) != 4:
            skipped += 1
            continue
        mode, kind, oid, size = (f.decode("ascii", "replace") for f in fields)
        path = raw.decode("utf-8", "surrogateescape")
        if kind != "blob" or not _safe(path) or any(p in fsio.SKIPPED_NAMES for p in path.split("/")):
            skipped += 1  # a submodule (commit), a name git would never check out, node_modules and the like
            continue
        out.append(_Entry(mode, kind, oid, int(size) if size.isdigit() else 0, path))
    return out, skipped


def _batches(entries: list[_Entry]) -> Iterator[list[_Entry]]:
    batch: list[_Entry] = []
    size = 0
    for e in entries:
        batch.append(e)
        size += e.size
        if size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _contents(root: Path, batch: list[_Entry]) -> Iterator[tuple[_Entry, bytes]]:
    stdin = "".join(f"{e.oid}\n" for e in batch).encode("ascii")
    data = git.run_git(root, ["cat-file", "--batch"], stdin)
    pos = 0
    for e in batch:
        nl = data.find(b"\n", pos)
        if nl < 0:
            raise GitError(f"git cat-file stopped early, before {e.path}")
        header = data[pos:nl].split(b" ")
        pos = nl + 1
        if len(header) != 3 or header[1] != b"blob":
            raise GitError(f"git cat-file did not give the blob of {e.path}")
        size = int(header[2])
        yield e, data[pos : pos + size]
        pos += size + 1  # contents, then a newline


def _write(dest: Path, e: _Entry, data: bytes, made: set[str]) -> None:
    folder, _, _name = e.path.rpartition("/")
    if folder not in made:  # one mkdir per folder, not per file (file-system calls are most of the cost)
        os.makedirs(dest.joinpath(*folder.split("/")), exist_ok=True)
        made.add(folder)
    fd = os.open(dest.joinpath(*e.path.split("/")), _WRITE_FLAGS, 0o755 if e.mode == "100755" else 0o644)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


@contextmanager
def materialise(root: Path | str, rev: str) -> Iterator[RevisionTree]:
    """The workspace at `root` as revision `rev` had it, in a temporary folder for the `with` block.

    GitError (one line) when `root` is not in a git repository or `rev` names no commit. Regular files
    are written first and links made last, each with exclusive creation, so no write goes through a link."""
    root = Path(root)
    prefix = git.repo_prefix(root)  # NotARepository outside git
    sha = git.resolve(root, rev)
    entries, skipped = _list(root, sha)
    tmp = Path(tempfile.mkdtemp(prefix="storelayers-rev-"))
    try:
        if _inside(os.path.realpath(tmp), os.path.realpath(root)):
            raise GitError(f"the temporary folder {tmp} lies inside the workspace: set TMPDIR to a folder outside it")
        ws = tmp / "workspace"
        ws.mkdir()
        real_ws = os.path.realpath(ws)
        (ws / "apps").mkdir()  # a revision without apps/ reads as an empty workspace, not a crash
        files = links = 0
        plain = [e for e in entries if e.mode != "120000"]
        linked = [e for e in entries if e.mode == "120000"]
        made: set[str] = {""}
        for batch in _batches(plain):
            for e, data in _contents(root, batch):
                try:
                    _write(ws, e, data, made)
                    files += 1
                except OSError:
                    skipped += 1  # e.g. a name the file system cannot hold, or a case clash
        for batch in _batches(linked):
            for e, data in _contents(root, batch):
                target = ws.joinpath(*e.path.split("/"))
                try:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    if not _inside(os.path.realpath(target.parent), real_ws):
                        raise ValueError("a link's folder leads outside")  # a case clash with another link
                    os.symlink(data.decode("utf-8", "surrogateescape"), target)
                    links += 1
                except (OSError, ValueError):
                    skipped += 1
        yield RevisionTree(rev, sha, ws, prefix, files, links, skipped)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
