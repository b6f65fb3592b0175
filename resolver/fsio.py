"""The narrow functions through which the resolver touches the file system.

Everything that reads or writes disk goes through here, so tests can replace one function and
the rest of the engine stays pure.
"""

from __future__ import annotations

import errno
import os
import stat as stat_mod
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

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
                if not link and e.is_dir(follow_symlinks=False):
                    out.append(DirEntry(e.name, e.path, True, False, False, 0, 0, False))
                    continue
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


def stat_path(path: str) -> os.stat_result | None:
    """stat() following links, None when missing or unreadable."""
    try:
        return os.stat(path)
    except (OSError, ValueError):
        return None


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _open_regular(path: str) -> tuple[int, int]:
    """Open a regular file for reading; returns (fd, size). A fifo, socket or device (a hostile
    link, or a file replaced since it was listed) raises OSError instead of blocking forever."""
    fd = os.open(path, _READ_FLAGS)
    try:
        st = os.fstat(fd)
        if stat_mod.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", path)
        if not stat_mod.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", path)
    except BaseException:
        os.close(fd)
        raise
    return fd, st.st_size


def _read_fd(fd: int, size: int, limit: int = -1) -> bytes:
    """Read to the end (or `limit` bytes) with plain reads: no buffered file object per file."""
    want = size + 1 if limit < 0 else min(size + 1, limit)
    parts = []
    got = 0
    while limit < 0 or got < limit:
        n = max(want - got, 65536) if limit < 0 else min(limit - got, 1 << 20)
        chunk = os.read(fd, n)
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
        if len(chunk) < n:  # a short read of a regular file is its end
            break
    if not parts:
        return b""
    return parts[0] if len(parts) == 1 else b"".join(parts)


def read_bytes(path: str) -> bytes:
    """The whole content of a regular file (OSError for anything else)."""
    fd, size = _open_regular(path)
    try:
        return _read_fd(fd, size)
    finally:
        os.close(fd)


def read_head(path: str, limit: int) -> bytes:
    """At most `limit` bytes from the start of a regular file (OSError for anything else)."""
    fd, size = _open_regular(path)
    try:
        return _read_fd(fd, size, limit)
    finally:
        os.close(fd)


def write_all(fd: int, data: bytes) -> None:
    """Write every byte of `data` to an open file: the one place a write meets a full disk."""
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def write_temp(folder: str, data: bytes, mode: int | None = None) -> str:
    """Write `data` to a new hidden temporary file in `folder`, synced to disk, and return its path.

    On any failure the temporary file is removed again and the OSError raised: never a half-written file."""
    fd, tmp = tempfile.mkstemp(prefix=".storelayers-", dir=folder)
    try:
        try:
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        if mode is not None:
            try:
                os.chmod(tmp, mode)
            except OSError:
                pass  # a file system without modes: the copy keeps the default
    except BaseException:
        remove_quietly(tmp)
        raise
    return tmp


def remove_quietly(path: str) -> None:
    """Remove a file this program made, if it is still there."""
    try:
        os.unlink(path)
    except OSError:
        pass


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


def is_inside(real_child: str, real_folder: str) -> bool:
    """True when `real_child` is `real_folder` or lies below it. Both must already be real paths
    (`real_path`), so a link cannot lead out; the one place this question is answered."""
    folder = real_folder.rstrip(os.sep) or os.sep
    if os.path.normcase(real_child) == os.path.normcase(folder):
        return True
    prefix = folder if folder.endswith(os.sep) else folder + os.sep
    return os.path.normcase(real_child).startswith(os.path.normcase(prefix))
