"""The app's side effects on the desktop, each one narrow function that tests replace.

Opening a file in the user's editor ($VISUAL/$EDITOR, else the system's default application,
never through a shell), revealing a file in the file manager, and moving a file to the trash.
Where there is no system trash (containers, WSL, no ~/.local/share), a removed file goes into the
app's own backup folder instead, so Undo can bring it back. When nothing opens a file or folder,
the user is told how to set something up, instead of nothing happening.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QFile, QUrl
from PySide6.QtGui import QDesktopServices
from storelayers.gui import errors
from storelayers.resolver import fsio
from storelayers.resolver.errors import StoreLayersError, WriteRefused
from storelayers.resolver.ops import userdata

EDITOR_HINT = (
    "Set VISUAL or EDITOR to your editor's command (for example  export VISUAL='code --wait'  or "
    "export EDITOR=vim  in your shell profile), or set a default application for this kind of file, "
    "then start Store Layers again."
)
REVEAL_HINT = (
    "No file manager is set up to open folders here (xdg-open found no handler). Install one, or set "
    "the default with  xdg-mime default org.gnome.Nautilus.desktop inode/directory ; meanwhile the "
    "path is copied with Copy Path (Ctrl+Shift+C)."
)


class NoTrash(WriteRefused):
    """The system has no trash here: removing needs the user's go-ahead (a backup is kept)."""


class NoHandler(StoreLayersError):
    """Nothing opens this file or folder on this system."""


def data_folder() -> Path:
    """The user's data folder for Store Layers, the same one the CLI's repairs keep their journal
    and backups in (`resolver/ops/userdata.py`: $XDG_DATA_HOME/storelayers, else the platform's)."""
    return userdata.data_dir()


def backup_folder() -> Path:
    return data_folder() / "backup"


def editor_command(path: Path) -> list[str] | None:
    """The command that opens `path` in the user's editor, or None to use the system default."""
    for var in ("VISUAL", "EDITOR"):
        value = os.environ.get(var, "").strip()
        if value:
            try:
                argv = shlex.split(value)
            except ValueError:
                continue
            if argv and shutil.which(argv[0]):
                return argv + [str(path)]
    return None


def open_in_editor(path: Path) -> None:
    argv = editor_command(path)
    if argv is not None:
        subprocess.Popen(argv, stdin=subprocess.DEVNULL, start_new_session=True)  # noqa: S603 - no shell
        return
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        errors.report(NoHandler(f"Nothing opens {path.name} on this system. {EDITOR_HINT}"), "Cannot open the file")


def reveal(path: Path) -> None:
    """Show the file in the platform's file manager (its folder where selecting is not possible)."""
    if sys.platform == "darwin":
        subprocess.Popen(["open", "-R", str(path)])  # noqa: S603,S607
    elif sys.platform.startswith("win"):
        subprocess.Popen(["explorer", "/select,", str(path)])  # noqa: S603,S607
    elif not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent))):
        errors.report(NoHandler(f"Cannot show {path.parent}. {REVEAL_HINT}"), "Cannot reveal the file")


def trash(path: Path) -> str:
    """Move a file to the system trash (Qt's moveToTrash). Returns where it went. NoTrash when
    this system has none (the file is left where it is)."""
    f = QFile(str(path))
    if not f.moveToTrash():
        raise NoTrash(
            f"could not move {path.name} to the trash ({f.errorString()}): this system has no trash here; "
            "nothing was removed"
        )
    return f.fileName() if f.fileName() != str(path) else ""


def backup(path: Path, within: tuple[Path, ...] = ()) -> str:
    """Move a file into the app's own backup folder (where there is no system trash), under its
    workspace and its path there, as the CLI's repairs keep theirs. Returns where it went, so Undo
    can move it back. `within[0]`, when given, is the workspace the file lies in."""
    root = fsio.real_path(str(within[0] if within else path.parent))
    folder = fsio.real_path(str(path.parent))
    rel = os.path.relpath(folder, root).replace(os.sep, "/") if fsio.is_inside(folder, root) else "."
    return userdata.backup(path, root, path.name if rel == "." else f"{rel}/{path.name}")


def trash_or_backup(path: Path, within: tuple[Path, ...] = ()) -> str:
    """The system trash, else the app's backup folder: for undoing a file the app itself created."""
    try:
        return trash(path)
    except NoTrash:
        return backup(path, within)
