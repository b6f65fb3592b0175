"""Composition (SPEC rule 13): write a store's effective tree as real files, replacing the old output.

Composition only ever replaces what an earlier composition wrote: each `<out>/<store>/` it writes holds
a marker file, and an existing `<out>/<store>` without it is refused, never deleted."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat as stat_mod
import uuid
from dataclasses import dataclass
from pathlib import Path

from storelayers.resolver import fsio
from storelayers.resolver.errors import WriteRefused
from storelayers.resolver.workspace import PACKAGE_JSON, Workspace


@dataclass(frozen=True)
class ComposeResult:
    store: str  # store id
    out: Path  # <out>/<store id>
    files: int
    bytes: int
    apps: tuple[str, ...] = ()  # the apps composed (rule 13's framework filter may leave one out)


def composed_apps(ws: Workspace, store_key: str) -> tuple[str, ...]:
    """SPEC rule 13: every app, except the other frontend when `deployment.framework` names one."""
    return ws.config.composed_apps(ws.stores[store_key].id, ws.apps)


def package_json_for(ws: Workspace, app: str, store_id: str) -> bytes | None:
    """SPEC rule 13: the base app's package.json with `name` set to `<base name>-<store id>` (two-space
    JSON, final newline; no base name: the app folder's name). None when it cannot be read as JSON
    (then the base file is copied as it is)."""
    try:
        data = json.loads(fsio.read_bytes(str(ws.layer_root(None, app) / PACKAGE_JSON)).decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    base = data.get("name")
    stem = base if isinstance(base, str) and base else app
    data["name"] = f"{stem}-{store_id}"
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8", "surrogateescape")


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
    apps = composed_apps(ws, s.key)  # rule 13's framework filter
    files: list[tuple[str, str, str | bytes]] = []
    roots: dict[tuple[str, str], str] = {}  # (app, path) -> the folder of the layer it is read from
    for app in apps:
        for f in ws.effective_tree(s.key, app).files:
            renamed = package_json_for(ws, app, s.id) if f.special and f.path == PACKAGE_JSON else None
            files.append((app, f.path, renamed if renamed is not None else ws.abs_str(f.winner_key, app, f.path)))
            roots[(app, f.path)] = ws.abs_str(f.winner_key, app, "")
    # sources that are symlinks (rule 11): checked again when opened, a link retargeted out since
    # the snapshot was read is refused, never read
    linked = frozenset(
        ws.abs_str(key, app, rel) for key in ws.chain(s.key) for app in apps for rel, _t in ws.layer(key, app).links
    )
    if fsio.HAVE_DIR_FD:
        count, size = _write_via_fds(out_real, s.id, files, apps, linked, fsio.real_path(str(ws.root)), roots)
    else:
        count, size = _write_via_paths(out, s.id, files, apps, linked, ws.root)
    return ComposeResult(s.id, target, count, size, apps)


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


def _copy_into(src: str | bytes | int, name: str, dir_fd: int, inside: str | None = None) -> int:
    """Copy the regular file `src` (links followed: the output holds no links) to a new file `name`
    in the open folder, streamed; `src` as bytes is the content itself (rule 13's package.json), as
    an int the source already opened (closed here).
    `inside`: `src` is a symlink, whose file must really lie in this (real) folder when opened.
    Returns its size."""
    if isinstance(src, bytes):
        dfd = os.open(name, _NEW_FILE, 0o666, dir_fd=dir_fd)
        try:
            fsio.write_all(dfd, src)
        finally:
            os.close(dfd)
        return len(src)
    if isinstance(src, int):
        sfd = src
    else:
        sfd, _size = fsio.open_regular(src) if inside is None else fsio.open_regular_within(src, inside)
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
    out_real: str,
    sid: str,
    files: list[tuple[str, str, str | bytes]],
    apps: tuple[str, ...],
    linked: frozenset[str] = frozenset(),
    ws_real: str = "",
    roots: dict[tuple[str, str], str] | None = None,
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
            here = _Path(root)
            sources = _Sources(roots or {})
            try:
                fd = os.open(MARKER, _NEW_FILE, 0o666, dir_fd=root)
                try:
                    fsio.write_all(fd, _marker_text(sid))
                finally:
                    os.close(fd)
                for app in apps:
                    os.mkdir(app, 0o777, dir_fd=root)
                # each folder's own files, then its subfolders: the walk only steps down or back up
                for app, path, src in sorted(files, key=lambda f: (f[0], f[1].split("/")[:-1], f[1])):
                    parts = (app, *path.split("/"))
                    inside = ws_real if isinstance(src, str) and src in linked else None
                    opened = sources.open(app, path) if isinstance(src, str) and inside is None else None
                    source = opened if opened is not None else src
                    size += _copy_into(source, parts[-1], here.go(parts[:-1]), inside)
                    count += 1
            finally:
                sources.close()
                here.close()
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


class _Sources:
    """Opens the files to copy through their layer's folders, one name at a time, the way `_Path`
    writes them: sorted, each layer's files come in the order of its folders, so a source at any
    depth costs one lookup, not a walk of its whole path. A folder it cannot open that way (a
    symlinked folder of the layer, rule 11, or one that went) is left to the caller, which opens
    the file by its path as before. One app at a time; at most `MAX_OPEN` folders per layer."""

    MAX_OPEN = 8

    def __init__(self, roots: dict[tuple[str, str], str]) -> None:
        self.roots = roots
        self.app = ""
        self.chains: dict[str, _Path] = {}

    def open(self, app: str, path: str) -> int | None:
        root = self.roots.get((app, path))
        if root is None or not fsio.LIST_BY_FD:
            return None
        if app != self.app:
            self.close()
            self.app = app
        chain = self.chains.get(root)
        try:
            if chain is None:
                chain = self.chains[root] = _Path(os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)))
                chain.MAX_OPEN = self.MAX_OPEN
                chain.make = False
            parts = path.split("/")
            folder = chain.go(tuple(parts[:-1]))
            return fsio.open_regular(parts[-1], dir_fd=folder)[0]
        except OSError:
            return None

    def close(self) -> None:
        for chain in self.chains.values():
            chain.close()
            os.close(chain.root)
        self.chains = {}


class _Path:
    """The folder being written into, below an open root, kept as the chain of open folders that
    leads to it (never following a link, making what is missing). Moving to a child or back up opens
    only what differs, so a 1,000-level-deep composition costs one open per folder. At most
    `MAX_OPEN` folders are held; one let go is opened again from the nearest held folder above it."""

    MAX_OPEN = 32

    def __init__(self, root_fd: int) -> None:
        self.root = root_fd
        self.make = True  # False: only open what is there (reading)
        self.names: list[str] = []
        self.fds: list[int] = []  # -1: let go; every one before `lo` is let go
        self.held = 0
        self.lo = 0

    def go(self, parts: tuple[str, ...]) -> int:
        common = len(self.names)
        if tuple(parts[:common]) != tuple(self.names):  # not below where it is
            common = 0
            while common < len(self.names) and common < len(parts) and self.names[common] == parts[common]:
                common += 1
        while len(self.names) > common:
            self.names.pop()
            fd = self.fds.pop()
            if fd >= 0:
                os.close(fd)
                self.held -= 1
        self.lo = min(self.lo, len(self.fds))
        if self.fds and self.fds[-1] < 0:  # let go earlier: open again from the nearest one held
            i = len(self.fds) - 1
            while i >= 0 and self.fds[i] < 0:
                i -= 1
            fd = self.root if i < 0 else self.fds[i]
            self.lo = min(self.lo, i + 1)
            for j in range(i + 1, len(self.fds)):
                fd = os.open(self.names[j], fsio.DIR_FLAGS, dir_fd=fd)
                self.fds[j] = fd
                self.held += 1
                self._trim(keep=j)
        for part in parts[common:]:
            parent = self.fds[-1] if self.fds else self.root
            if self.make:
                try:
                    os.mkdir(part, 0o777, dir_fd=parent)
                except FileExistsError:
                    pass
            fd = os.open(part, fsio.DIR_FLAGS, dir_fd=parent)
            self.names.append(part)
            self.fds.append(fd)
            self.held += 1
            self._trim(keep=len(self.fds) - 1)
        return self.fds[-1] if self.fds else self.root

    def _trim(self, keep: int) -> None:
        while self.held > self.MAX_OPEN:  # the farthest up go first
            while self.fds[self.lo] < 0:
                self.lo += 1
            if self.lo >= keep:
                return
            os.close(self.fds[self.lo])
            self.fds[self.lo] = -1
            self.held -= 1

    def close(self) -> None:
        for fd in self.fds:
            if fd >= 0:
                os.close(fd)
        self.fds, self.names, self.held, self.lo = [], [], 0, 0


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


def _write_via_paths(
    out: Path,
    sid: str,
    files: list[tuple[str, str, str | bytes]],
    apps: tuple[str, ...],
    linked: frozenset[str] = frozenset(),
    ws_root: Path | None = None,
) -> tuple[int, int]:
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
                if isinstance(src, bytes):
                    dst.write_bytes(src)
                else:
                    if src in linked and ws_root is not None and not fsio.resolves_inside(src, ws_root):
                        raise OSError(errno.EXDEV, "symlinked file leads outside the workspace", src)
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
