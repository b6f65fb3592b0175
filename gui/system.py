"""The app's side effects on the desktop, each one narrow function that tests replace.

Opening a file in the user's editor ($VISUAL/$EDITOR, else the system's default application,
never through a shell), revealing a file in the file manager, and moving a file to the trash.
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
from storelayers.resolver.errors import WriteRefused


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
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def reveal(path: Path) -> None:
    """Show the file in the platform's file manager (its folder where selecting is not possible)."""
    if sys.platform == "darwin":
        subprocess.Popen(["open", "-R", str(path)])  # noqa: S603,S607
    elif sys.platform.startswith("win"):
        subprocess.Popen(["explorer", "/select,", str(path)])  # noqa: S603,S607
    else:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


def trash(path: Path) -> str:
    """Move a file to the system trash (Qt's moveToTrash). Returns where it went."""
    f = QFile(str(path))
    if not f.moveToTrash():
        raise WriteRefused(f"could not move {path.name} to the trash ({f.errorString()}); nothing was removed")
    return f.fileName() if f.fileName() != str(path) else ""
