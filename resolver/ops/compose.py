"""Composition (SPEC rule 13): write a store's effective tree as real files, replacing the old output.

Composition only ever replaces what an earlier composition wrote: each `<out>/<store>/` it writes holds
a marker file, and an existing `<out>/<store>` without it is refused, never deleted."""

from __future__ import annotations

import json
import os
import shutil
import stat as stat_mod
import uuid
from dataclasses import dataclass
from pathlib import Path

from storelayers.resolver import fsio
from storelayers.resolver.errors import WriteRefused
from storelayers.resolver.workspace import Workspace


@dataclass(frozen=True)
class ComposeResult:
    store: str  # store id
    out: Path  # <out>/<store id>
    files: int
    bytes: int


def _overlaps(a: str, b: str) -> bool:
    return fsio.is_inside(a, b) or fsio.is_inside(b, a)


MARKER = ".storelayers-composed"


def _is_composition(folder: Path) -> bool:
    """True when `folder` is a real folder (not a link) that a composition wrote: it holds our marker."""
    try:
        return (
            folder.is_dir()
            and not folder.is_symlink()
            and (folder / MARKER).is_file()
            and not (folder / MARKER).is_symlink()
        )
    except OSError:
        return False


def check_output(ws: Workspace, target: Path) -> None:
    """Refuse an output folder that lies inside a layer, would replace part of the workspace, is the
    file system root, the home folder or the workspace root, or holds something a composition did not write."""
    out_real = fsio.real_path(str(target.parent))
    home = os.path.expanduser("~")
    forbidden = {os.path.abspath(os.sep): "the file system root", fsio.real_path(str(ws.root)): "the workspace root"}
    if home and home != "~":
        forbidden.setdefault(fsio.real_path(home), "the home folder")
    if out_real in forbidden or os.path.dirname(out_real) == out_real:
        raise WriteRefused(
            f"output folder {target.parent} is {forbidden.get(out_real, 'the file system root')}; "
            "choose a folder of its own (the default is the workspace's .out)"
        )
    real = fsio.real_path(str(target))
    apps_real = fsio.real_path(str(ws.root / "apps"))
    if _overlaps(real, apps_real):
        where = (
            "inside a layer" if real != apps_real and fsio.is_inside(real, apps_real) else "over the workspace's apps"
        )
        raise WriteRefused(f"output folder {target} lies {where}; choose a folder outside apps/")
    root_real = fsio.real_path(str(ws.root))
    if fsio.is_inside(root_real, real):
        raise WriteRefused(f"output folder {target} would replace the workspace itself")
    if target.is_symlink() or (os.path.lexists(target) and not _is_composition(target)):
        raise WriteRefused(
            f"{target} exists and was not written by a composition; "
            "it is left as it is: remove it yourself or choose another --out"
        )


def compose(ws: Workspace, store: str, out: Path | None = None) -> ComposeResult:
    """Copy the store's effective tree of every app to `<out>/<store>/<app>/...` (default out: `.out`).

    The new tree is written beside the old one and swapped in at the end, so a failure leaves the
    previous output as it was, and no staging folder behind. Where the platform allows (POSIX),
    everything is written through folder descriptors opened from the output folder's real path
    without following links, so a folder swapped for a link after the check cannot redirect a
    write (into a layer or anywhere else); the walk is a loop, so any depth composes."""
    s = ws.store(store)
    out = Path(out) if out is not None else ws.root / ".out"
    if not out.is_absolute():
        out = Path.cwd() / out
    target = out / s.id
    check_output(ws, target)
    if out.exists() and not out.is_dir():
        raise WriteRefused(f"{out} is a file, not a folder")
    try:
        _make_folders(out)
    except OSError as exc:
        raise WriteRefused(f"cannot create {out}: {exc.strerror or exc}") from exc
    out_real = fsio.real_path(str(out))
    check_output(ws, Path(out_real) / s.id)  # again, by the real path that will be opened and written
    files = [
        (app, f.path, ws.abs_str(f.winner_key, app, f.path))
        for app in ws.apps
        for f in ws.effective_tree(s.key, app).files
    ]
    if fsio.HAVE_DIR_FD:
        count, size = _write_via_fds(out_real, s.id, files, ws.apps)
    else:
        count, size = _write_via_paths(out, s.id, files, ws.apps)
    return ComposeResult(s.id, target, count, size)


def _make_folders(folder: Path) -> None:
    """mkdir -p as a loop (pathlib's is a recursion, one frame per missing parent)."""
    missing = []
    p = folder
    while not os.path.isdir(p) and p.parent != p:
        missing.append(p)
        p = p.parent
    for m in reversed(missing):
        try:
            m.mkdir()
        except FileExistsError:
            if not m.is_dir():
                raise


def _marker_text(sid: str) -> bytes:
    return (json.dumps({"store": sid, "by": "storelayers compose"}) + "\n").encode("utf-8")


def _failed(sid: str, exc: OSError) -> WriteRefused:
    where = getattr(exc, "filename", "") or ""
    return WriteRefused(f"composing {sid} failed, previous output kept: {exc.strerror or exc} ({where})")


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def _copy_into(src: str, name: str, dir_fd: int) -> int:
    """Copy the regular file `src` (links followed: the output holds no links) to a new file `name`
    in the open folder, streamed. Returns its size."""
    sfd, _size = fsio.open_regular(src)
    try:
        dfd = os.open(name, _NEW_FILE, 0o666, dir_fd=dir_fd)
        try:
            n = 0
            for chunk in fsio.read_chunks(sfd):
                fsio.write_all(dfd, chunk)
                n += len(chunk)
            return n
        finally:
            os.close(dfd)
    finally:
        os.close(sfd)


def _write_via_fds(
    out_real: str, sid: str, files: list[tuple[str, str, str]], apps: tuple[str, ...]
) -> tuple[int, int]:
    token = uuid.uuid4().hex[:8]
    staging, old = f".{sid}.partial-{token}", f".{sid}.old-{token}"
    try:
        outf = fsio.OpenFolder(out_real)
    except OSError as exc:
        raise WriteRefused(f"the output folder {out_real} was replaced meanwhile; nothing was written") from exc
    count = size = 0
    made_staging = False
    try:
        try:
            os.mkdir(staging, 0o777, dir_fd=outf.fd)
            made_staging = True
            root = os.open(staging, fsio.DIR_FLAGS, dir_fd=outf.fd)
            cur = os.dup(root)
            cur_rel: tuple[str, ...] = ()
            try:
                fd = os.open(MARKER, _NEW_FILE, 0o666, dir_fd=root)
                try:
                    fsio.write_all(fd, _marker_text(sid))
                finally:
                    os.close(fd)
                for app in apps:
                    os.mkdir(app, 0o777, dir_fd=root)
                for app, path, src in sorted(files, key=lambda f: (f[0], f[1].split("/"))):
                    parts = (app, *path.split("/"))
                    folder, name = parts[:-1], parts[-1]
                    if folder != cur_rel:
                        # sorted: usually a child of the current folder, so open only what lies below it
                        below = folder[: len(cur_rel)] == cur_rel
                        nxt = _open_below(cur if below else root, folder[len(cur_rel) :] if below else folder)
                        os.close(cur)
                        cur, cur_rel = nxt, folder
                    size += _copy_into(src, name, cur)
                    count += 1
            finally:
                os.close(cur)
                os.close(root)
        except OSError as exc:
            raise _failed(sid, exc) from exc
        _swap_in(outf.fd, out_real, sid, staging, old)
        made_staging = False
    except BaseException:
        if made_staging:
            fsio.remove_tree(os.path.join(out_real, staging))
        raise
    finally:
        outf.close()
    return count, size


def _open_below(base_fd: int, parts: tuple[str, ...]) -> int:
    """Open (making what is missing) the folder `parts` below an open folder, never following a link."""
    fd = os.dup(base_fd)
    try:
        for part in parts:
            try:
                os.mkdir(part, 0o777, dir_fd=fd)
            except FileExistsError:
                pass
            nxt = os.open(part, fsio.DIR_FLAGS, dir_fd=fd)
            os.close(fd)
            fd = nxt
    except BaseException:
        os.close(fd)
        raise
    return fd


def _is_composition_at(out_fd: int, name: str) -> bool:
    try:
        st = os.stat(name, dir_fd=out_fd, follow_symlinks=False)
        if not stat_mod.S_ISDIR(st.st_mode):
            return False
        fd = os.open(name, fsio.DIR_FLAGS, dir_fd=out_fd)
        try:
            m = os.stat(MARKER, dir_fd=fd, follow_symlinks=False)
            return stat_mod.S_ISREG(m.st_mode)
        finally:
            os.close(fd)
    except OSError:
        return False


def _swap_in(out_fd: int, out_real: str, sid: str, staging: str, old: str) -> None:
    """Put the finished staging folder in place of the previous output, inside the open output folder."""
    had_old = False
    try:
        try:
            os.stat(sid, dir_fd=out_fd, follow_symlinks=False)
            exists = True
        except FileNotFoundError:
            exists = False
        if exists:
            if not _is_composition_at(out_fd, sid):  # appeared while composing
                raise WriteRefused(
                    f"{os.path.join(out_real, sid)} appeared while composing and was not written by a composition"
                )
            os.rename(sid, old, src_dir_fd=out_fd, dst_dir_fd=out_fd)
            had_old = True
        os.rename(staging, sid, src_dir_fd=out_fd, dst_dir_fd=out_fd)
    except (OSError, WriteRefused) as exc:
        if had_old:
            try:
                os.rename(old, sid, src_dir_fd=out_fd, dst_dir_fd=out_fd)
            except OSError:
                pass
        if isinstance(exc, WriteRefused):
            raise
        raise WriteRefused(f"cannot replace {os.path.join(out_real, sid)}: {exc.strerror or exc}") from exc
    if had_old and _is_composition_at(out_fd, old):
        fsio.remove_tree(os.path.join(out_real, old))


def _write_via_paths(out: Path, sid: str, files: list[tuple[str, str, str]], apps: tuple[str, ...]) -> tuple[int, int]:
    """The same without folder descriptors (Windows): real paths checked before the swap."""
    token = uuid.uuid4().hex[:8]
    staging = out / f".{sid}.partial-{token}"
    target = out / sid
    count = size = 0
    try:
        try:
            staging.mkdir()
            (staging / MARKER).write_bytes(_marker_text(sid))
            for app in apps:
                (staging / app).mkdir()
            for app, path, src in files:
                dst = staging.joinpath(app, *path.split("/"))
                _make_folders(dst.parent)
                shutil.copyfile(src, dst)  # bytes, following links: the output holds no links
                count += 1
                size += dst.stat().st_size
        except OSError as exc:
            raise _failed(sid, exc) from exc
        old = out / f".{sid}.old-{token}"
        try:
            if os.path.lexists(target):
                if not _is_composition(target):
                    raise WriteRefused(f"{target} appeared while composing and was not written by a composition")
                os.replace(target, old)
            os.replace(staging, target)
        except OSError as exc:
            if old.exists() and not target.exists():
                os.replace(old, target)
            raise WriteRefused(f"cannot replace {target}: {exc.strerror or exc}") from exc
    except BaseException:
        fsio.remove_tree(str(staging))
        raise
    if _is_composition(old):
        fsio.remove_tree(str(old))
    return count, size
