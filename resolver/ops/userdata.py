"""The user's data folder (journal, backups) and the system trash: the only places outside a
workspace that a repair writes to.

The data folder is `$XDG_DATA_HOME/storelayers` when XDG_DATA_HOME is set (on any system, so tests
can point it at a temporary folder), else `~/.local/share/storelayers` on Linux and other Unix,
`~/Library/Application Support/storelayers` on macOS and `%LOCALAPPDATA%\\storelayers` on Windows.
"""

from __future__ import annotations

import errno
import hashlib
import os
import sys
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from storelayers.resolver import fsio
from storelayers.resolver.errors import WriteRefused

APP = "storelayers"

Trash = Callable[[Path], "str | None"]
"""Moves a file to a trash and returns where it went, or None when no trash works for that file."""


def data_dir() -> Path:
    """The app's folder in the user's data folder (not created here)."""
    xdg = os.environ.get("XDG_DATA_HOME", "").strip()
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / APP
    home = Path.home()
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / APP
    if os.name == "nt":
        local = os.environ.get("LOCALAPPDATA", "").strip()
        return (Path(local) if local else home / "AppData" / "Local") / APP
    return home / ".local" / "share" / APP


def workspace_key(real_root: str) -> str:
    """The name of a workspace's folder in the data folder: a digest of its real path."""
    return hashlib.sha256(os.path.normcase(real_root).encode("utf-8", "surrogateescape")).hexdigest()[:24]


def _freedesktop_trash() -> Path | None:
    xdg = os.environ.get("XDG_DATA_HOME", "").strip()
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "Trash"
    if sys.platform == "darwin" or os.name == "nt":
        return None
    return Path.home() / ".local" / "share" / "Trash"


def trash_folder() -> Path | None:
    """The folder `system_trash` moves files into, None where it uses none."""
    trash = _freedesktop_trash()
    if trash is None:
        return Path.home() / ".Trash" if sys.platform == "darwin" else None
    return trash


def system_trash(path: Path) -> str | None:
    """Move `path` to the system trash: the freedesktop.org home trash (Linux and other Unix, or
    wherever XDG_DATA_HOME points), `~/.Trash` on macOS. None when there is none, or it lies on
    another file system than the file (the file is then left where it is)."""
    trash = _freedesktop_trash()
    if trash is None:
        if sys.platform == "darwin":
            return _rename_into(path, Path.home() / ".Trash", None)
        return None
    return _rename_into(path, trash / "files", trash / "info")


def _rename_into(path: Path, files: Path, info: Path | None) -> str | None:
    try:
        files.mkdir(parents=True, exist_ok=True)
        if info is not None:
            info.mkdir(parents=True, exist_ok=True)
        if os.stat(files).st_dev != os.stat(path.parent).st_dev:
            return None
    except OSError:
        return None
    name = path.name
    for n in range(1, 1000):
        candidate = name if n == 1 else f"{name}.{n}"
        dest = files / candidate
        info_file = info / f"{candidate}.trashinfo" if info is not None else None
        try:
            if info_file is not None:
                fd = os.open(info_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                try:
                    stamp = time.strftime("%Y-%m-%dT%H:%M:%S")
                    quoted = urllib.parse.quote(str(path))
                    fsio.write_all(fd, f"[Trash Info]\nPath={quoted}\nDeletionDate={stamp}\n".encode())
                finally:
                    os.close(fd)
            elif os.path.lexists(dest):
                continue
        except FileExistsError:
            continue
        except OSError:
            return None
        if os.path.lexists(dest):
            if info_file is not None:
                fsio.remove_quietly(str(info_file))
            continue
        try:
            os.rename(path, dest)
        except OSError as exc:
            if info_file is not None:
                fsio.remove_quietly(str(info_file))
            if exc.errno == errno.EXDEV:
                return None
            raise
        return str(dest)
    return None


def forget_trashed(where: str) -> None:
    """After a trashed file was put back: drop its freedesktop info file, if it has one."""
    p = Path(where)
    if p.parent.name == "files":
        fsio.remove_quietly(str(p.parent.parent / "info" / f"{p.name}.trashinfo"))


def backup(path: Path, real_root: str, rel: str) -> str:
    """Move `path` into the app's own backup (`<data>/backup/<workspace>/<time>/<rel>`); returns where."""
    if fsio.is_inside(fsio.real_path(str(data_dir())), real_root):  # XDG_DATA_HOME could point in
        raise WriteRefused(f"the user's data folder {data_dir()} lies inside the workspace; nothing was moved")
    stamp = time.strftime("%Y%m%dT%H%M%S") + f"-{time.time_ns() % 1_000_000_000:09d}"
    dest = data_dir() / "backup" / workspace_key(real_root) / stamp / Path(*rel.split("/"))
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.rename(path, dest)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        tmp = fsio.write_temp(str(dest.parent), fsio.read_bytes(str(path)))
        os.rename(tmp, dest)
        os.unlink(path)
    return str(dest)
