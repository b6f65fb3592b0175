"""The narrow functions through which the resolver touches the file system.

Everything that reads or writes disk goes through here, so tests can replace one function and
the rest of the engine stays pure.
"""
from __future__ import annotations

import os
import stat as stat_mod
import tempfile
from pathlib import Path
from typing import Iterator, NamedTuple, Optional

SKIPPED_NAMES = frozenset(
    {"node_modules", ".git", ".turbo", ".next", ".nuxt", ".output", ".out", ".deploy", ".DS_Store"}
)
"""SPEC rule 8: entries never composed, at any depth inside a layer."""


class DirEntry(NamedTuple):
    name: str
    path: str  # absolute
    is_dir: bool
    is_file: bool
    is_link: bool
    size: int
    mtime_ns: int
    broken: bool  # a symlink whose target does not exist


def list_dir(path: str) -> list[DirEntry]:
    """List one folder, following symlinks for the type. Raises OSError when unreadable."""
    out: list[DirEntry] = []
    with os.scandir(path) as it:
        for e in it:
            try:
                link = e.is_symlink()
                try:
                    st = e.stat(follow_symlinks=True)
                except FileNotFoundError:
                    if link:
                        out.append(DirEntry(e.name, e.path, False, False, True, 0, 0, True))
                    continue  # vanished while listing
                except OSError:
                    if link:  # e.g. a symlink loop (ELOOP)
                        out.append(DirEntry(e.name, e.path, False, False, True, 0, 0, True))
                    continue
                mode = st.st_mode
                out.append(
                    DirEntry(
                        e.name,
                        e.path,
                        stat_mod.S_ISDIR(mode),
                        stat_mod.S_ISREG(mode),
                        link,
                        st.st_size,
                        st.st_mtime_ns,
                        False,
                    )
                )
            except OSError:
                continue
    return out


def stat_path(path: str) -> Optional[os.stat_result]:
    """stat() following links, None when missing or unreadable."""
    try:
        return os.stat(path)
    except (OSError, ValueError):
        return None


def read_bytes(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def read_head(path: str, limit: int) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(limit)


def real_path(path: str) -> str:
    return os.path.realpath(path)


def is_case_sensitive(folder: Path) -> bool:
    """Ask the file system whether names differing only in case are different files."""
    folder = Path(folder)
    name = folder.name
    swapped = name.swapcase()
    if swapped != name:
        other = folder.with_name(swapped)
        try:
            return not (other.exists() and os.path.samefile(folder, other))
        except OSError:
            return True
    # The folder name has no letters: probe with a temporary file.
    try:
        fd, probe = tempfile.mkstemp(prefix="sl-case-", dir=folder)
    except OSError:
        return os.path.normcase("A") == "A"
    try:
        os.close(fd)
        alt = os.path.join(os.path.dirname(probe), os.path.basename(probe).upper())
        return not os.path.exists(alt)
    finally:
        try:
            os.unlink(probe)
        except OSError:
            pass


def walk_files(root: str) -> Iterator[str]:
    for dirpath, _dirs, files in os.walk(root):
        for f in files:
            yield os.path.join(dirpath, f)
