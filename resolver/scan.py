"""Listing one layer folder: files, folders, and what could not be read (SPEC rules 8, 10, 11).

Rule 11 is decided here for every level, by `link_problem`: a symlinked folder is followed only
when its real target lies inside the workspace and does not lead back into one of its own
ancestors. A layer is read in rounds: first every folder reachable without a link, then the links
found, in path order, and so on; a real folder is entered at most once per layer, so a tree of
chained links costs what is on disk, never the number of paths through it. The walk is a loop,
never a recursion, so depth is limited only by the file system.
"""

from __future__ import annotations

import errno
import os
import stat as stat_mod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from storelayers.resolver import fsio
from storelayers.resolver.model import Diagnostic, FileStat, Level

KeyFn = Callable[[str], str]

OUTSIDE = "symlinked folder leads outside the workspace"
ANCESTOR = "symlinked folder leads back into one of its own ancestors"
SEEN = "symlinked folder leads to a folder already read through another path"
OUTSIDE_FILE = "symlinked file leads outside the workspace"


def identity(path: str) -> str:
    return path


@dataclass(frozen=True)
class LayerListing:
    """What one layer folder holds. Keys are relative POSIX paths (case-folded when the file
    system ignores case); `FileStat.name` keeps the spelling on disk."""

    files: Mapping[str, FileStat] = field(default_factory=lambda: MappingProxyType({}))
    folders: frozenset[str] = frozenset()
    diagnostics: tuple[Diagnostic, ...] = ()
    exists: bool = False
    # every symlink met (followed folders and files, skipped and dangling ones): (relative path, real
    # target); live updates use them to see that a change at a target concerns this layer
    links: tuple[tuple[str, str], ...] = ()


EMPTY = LayerListing()


@dataclass
class ScanContext:
    ws_root: str
    ws_real: str
    key: KeyFn
    _reals: dict[str, str] = field(default_factory=dict)
    _ancestors: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def real_dir(self, path: str) -> str:
        """realpath() of a folder, remembering parents: one lstat per new folder, not one per part.

        Iterative: a 1,000-level-deep folder is no recursion."""
        todo: list[str] = []
        p = path
        while True:
            if p in self._reals:
                break
            parent, name = os.path.split(p)
            if parent == p or name in ("", ".", "..") or parent == "" or os.path.islink(p):
                self._reals[p] = fsio.real_path(p)
                break
            todo.append(p)
            p = parent
        for q in reversed(todo):
            parent, name = os.path.split(q)
            self._reals[q] = self._reals[parent].rstrip(os.sep) + os.sep + name
        return self._reals[path]

    def plain_dir(self, path: str) -> str:
        """The real path of `path`, just seen to be a folder and not a link: its parent's real path
        and its name (no lstat of its own)."""
        hit = self._reals.get(path)
        if hit is None:
            parent, name = os.path.split(path)
            if parent == path or name in ("", ".", "..") or parent == "":
                return self.real_dir(path)
            hit = self._reals[path] = self.real_dir(parent).rstrip(os.sep) + os.sep + name
        return hit

    def rel_to_ws(self, abs_path: str) -> str:
        return os.path.relpath(abs_path, self.ws_root).replace(os.sep, "/")

    def ancestors_real(self, abs_path: str) -> tuple[str, ...]:
        """Real paths of the folders from the workspace root down to `abs_path`'s parent."""
        folder = os.path.dirname(abs_path)
        hit = self._ancestors.get(folder)
        if hit is None:
            rel = os.path.relpath(folder, self.ws_root)
            out = [self.ws_real]
            if rel not in (".", ""):
                p = self.ws_root
                for part in rel.split(os.sep):
                    p = os.path.join(p, part)
                    out.append(self.real_dir(p))
            hit = self._ancestors[folder] = tuple(out)
        return hit


def link_problem(ctx: ScanContext, real: str, ancestors_real: tuple[str, ...]) -> str:
    """SPEC rule 11 for a symlinked folder whose target is `real`: why it is skipped, or ""."""
    if not fsio.is_inside(real, ctx.ws_real):
        return OUTSIDE
    if any(fsio.is_inside(a, real) for a in ancestors_real):
        return ANCESTOR
    return ""


def skipped(ctx: ScanContext, abs_path: str, why: str) -> Diagnostic:
    return Diagnostic(Level.WARNING, "symlink-skipped", why, ctx.rel_to_ws(abs_path))


def broken(ctx: ScanContext, abs_path: str) -> Diagnostic:
    return Diagnostic(Level.WARNING, "broken-link", "symlink target does not exist", ctx.rel_to_ws(abs_path))


MAX_OPEN = 32
"""A walk holds at most this many folders open at once (POSIX): the folders it will come back to
for their next subfolder, nearest first. One it let go is opened again by its real path when the
walk returns, so the descriptors in use stay bounded at any depth and any width."""


_Open = list[int]
"""A folder of the walk held open for its subfolders (POSIX): [descriptor (-1 once let go), its
plain subfolders not opened yet]."""

_Node = tuple[str, str, str, str, "_Node | None", "_Open | None"]
"""A folder of the walk: (absolute path, layer-relative path, name, real path, the folder it was met
in (the chain of real ancestors, for rule 11), the open parent it is opened through (a plain
subfolder) or None (opened by its real path: the walk's start, a followed link's target))."""


class _Held:
    """The open folders of one walk still waited for by a subfolder, in the order they were opened
    (at most `MAX_OPEN`: the farthest up is let go first)."""

    def __init__(self) -> None:
        self.dirs: dict[int, _Open] = {}

    def hold(self, d: _Open) -> None:
        held = self.dirs
        held[id(d)] = d
        while len(held) > MAX_OPEN:
            far = next(iter(held.values()))
            del held[id(far)]
            fsio.close_fd(far[0])
            far[0] = -1

    def release(self, d: _Open) -> None:
        self.dirs.pop(id(d), None)
        if d[0] >= 0:
            fsio.close_fd(d[0])
            d[0] = -1

    def close_all(self) -> None:
        for d in list(self.dirs.values()):
            self.release(d)


def _reopen(node: _Node, held: _Held) -> int:
    """Open `node`, whose parent was let go while the walk was deeper: the parent again by its real
    path, then `node` through it (so `node` itself is still never reached through a link)."""
    _abs, _rel, name, _real, up, parent = node
    assert parent is not None and up is not None
    try:
        parent[0] = fsio.open_dir(up[3])
        held.hold(parent)
        return fsio.open_subdir(parent[0], name)
    finally:
        parent[1] -= 1
        if parent[1] <= 0:
            held.release(parent)


def _chain(base: tuple[str, ...], d: _Node | None) -> tuple[str, ...]:
    """Real paths of the folders from the workspace root down to `d`."""
    reals: list[str] = []
    while d is not None:
        reals.append(d[3])
        d = d[4]
    return base + tuple(reversed(reals))


def scan_into(
    ctx: ScanContext,
    start_abs: str,
    start_rel: str,
    files: dict[str, FileStat],
    folders: set[str],
    diags: list[Diagnostic],
    links: list[tuple[str, str]],
    ancestors_real: tuple[str, ...] | None = None,
    visited: set[str] | None = None,
    start_real: str | None = None,
) -> None:
    """Walk `start_abs` (whose layer-relative path is `start_rel`, "" for the layer root; its real
    path `start_real` when the caller knows it; the real paths of the folders above it
    `ancestors_real`, asked of `ctx` when a link needs them if not given).

    `visited` holds the real folders already read for this layer; each is entered once. Where the
    platform allows, folders are opened and listed through descriptors: a plain subfolder through
    its parent's (one name looked up, never following a link), so the kernel never walks the whole
    path again and a 1,000-level-deep tree reads in linear time."""
    seen = set() if visited is None else visited
    real0 = start_real if start_real is not None else ctx.real_dir(start_abs)
    seen.add(real0)
    base = ancestors_real
    by_fd = fsio.LIST_BY_FD
    key = ctx.key
    plain_keys = key is identity  # the key of a path is the path itself: no call per entry
    skipped_names = fsio.SKIPPED_NAMES
    sep = os.sep
    held = _Held()
    os_open, os_close, dir_flags, list_dir = os.open, os.close, fsio.DIR_FLAGS, fsio.list_dir  # once per walk
    plain: list[_Node] = [(start_abs, start_rel, os.path.basename(start_abs), real0, None, None)]
    pending: list[tuple[str, str, _Node]] = []  # links met (path, rel, folder met in), followed after the plain walk
    try:
        while plain or pending:
            if not plain:
                if base is None:
                    base = ctx.ancestors_real(start_abs)
                pending.sort(key=lambda item: item[1])
                batch, pending = pending, []
                for path, rel, holder in batch:
                    real = fsio.real_path(holder[3].rstrip(sep) + sep + os.path.basename(path))
                    why = link_problem(ctx, real, _chain(base, holder)) or (SEEN if real in seen else "")
                    links.append((rel, real))  # a change at its target can change this verdict
                    if why:
                        diags.append(skipped(ctx, path, why))
                        continue
                    seen.add(real)
                    folders.add(key(rel))
                    plain.append((path, rel, os.path.basename(path), real, holder, None))
                continue
            d = plain.pop()
            dir_abs, dir_rel, name, dir_real, _up, parent = d
            fd = -1
            try:
                if by_fd:
                    if parent is None:
                        fd = fsio.open_dir(dir_real)
                    elif parent[0] < 0:
                        fd = _reopen(d, held)
                    else:  # the common case: through the open parent (`fsio.open_subdir`, written out)
                        try:
                            fd = os_open(name, dir_flags, dir_fd=parent[0])
                        finally:
                            parent[1] -= 1
                            if parent[1] <= 0:
                                held.release(parent)
                entries = list_dir(dir_abs, fd if fd >= 0 else None)
            except OSError as exc:
                if fd >= 0:
                    fsio.close_fd(fd)
                if isinstance(exc, (FileNotFoundError, NotADirectoryError)) or exc.errno == errno.ELOOP:
                    continue  # vanished, or swapped for a link while scanning (the watcher reports that link)
                diags.append(
                    Diagnostic(
                        Level.WARNING,
                        "unreadable",
                        f"cannot read folder: {exc.strerror or exc}",
                        ctx.rel_to_ws(dir_abs),
                    )
                )
                continue
            opened: _Open | None = [fd, 0] if fd >= 0 else None
            subfolders = 0
            # a link is resolved from its folder's real path: one link to resolve, not every
            # link on the way down (a chain of links would cost its length squared)
            prefix = dir_real.rstrip(sep) + sep
            for name, path, is_dir, is_file, is_link, size, mtime_ns, is_broken in entries:
                if name in skipped_names:
                    continue
                rel = f"{dir_rel}/{name}" if dir_rel else name
                if is_broken:
                    diags.append(broken(ctx, path))
                    if is_link:  # where it would lead: its target may appear
                        links.append((rel, fsio.real_path(prefix + name)))
                    continue
                if is_dir:
                    if is_link:
                        pending.append((path, rel, d))
                        continue
                    child_real = prefix + name
                    if child_real in seen:  # inside a link's target, a folder read before through another link
                        diags.append(skipped(ctx, path, "folder already read through another path"))
                        continue
                    seen.add(child_real)
                    folders.add(rel if plain_keys else key(rel))
                    plain.append((path, rel, name, child_real, d, opened))
                    subfolders += 1
                elif is_file:
                    if is_link:  # a change to its target is a change here (live updates, rule 12)
                        real = fsio.real_path(prefix + name)
                        links.append((rel, real))
                        if not fsio.is_inside(real, ctx.ws_real):
                            diags.append(skipped(ctx, path, OUTSIDE_FILE))
                            continue
                    files[rel if plain_keys else key(rel)] = FileStat(rel, size, mtime_ns)
                # sockets, fifos and devices are not files a store can compose: skipped
            if opened is not None:
                if subfolders:  # kept open while it has subfolders to open through it
                    opened[1] = subfolders
                    held.hold(opened)
                else:
                    try:
                        os_close(fd)
                    except OSError:
                        pass
    finally:
        held.close_all()


def scan_layer(root_abs: str, ctx: ScanContext) -> LayerListing:
    """List a whole layer folder. A missing folder is an empty layer (SPEC rule 3); a layer folder
    that is a symlink breaking rule 11 is an empty layer carrying the `symlink-skipped` diagnostic."""
    try:
        mode = os.lstat(root_abs).st_mode
    except (OSError, ValueError):
        return EMPTY
    start_real = None
    if stat_mod.S_ISLNK(mode):
        if not os.path.isdir(root_abs):
            return LayerListing(diagnostics=(broken(ctx, root_abs),)) if not os.path.exists(root_abs) else EMPTY
        why = link_problem(ctx, fsio.real_path(root_abs), ctx.ancestors_real(root_abs))
        if why:
            return LayerListing(diagnostics=(skipped(ctx, root_abs, why),))
    elif not stat_mod.S_ISDIR(mode):
        return EMPTY
    else:
        start_real = ctx.plain_dir(root_abs)  # seen as a folder, not a link: one lstat, not two
    files: dict[str, FileStat] = {}
    folders: set[str] = set()
    diags: list[Diagnostic] = []
    links: list[tuple[str, str]] = []
    scan_into(ctx, root_abs, "", files, folders, diags, links, start_real=start_real)
    return LayerListing(MappingProxyType(files), frozenset(folders), tuple(diags), True, tuple(sorted(links)))


def make_context(ws_root: str, key: KeyFn, ws_real: str | None = None) -> ScanContext:
    """What one reading needs to know of the workspace (`ws_real`: its real path, when the caller
    has just resolved it)."""
    return ScanContext(ws_root, fsio.real_path(ws_root) if ws_real is None else ws_real, key)
