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

    def rel_to_ws(self, abs_path: str) -> str:
        return os.path.relpath(abs_path, self.ws_root).replace(os.sep, "/")

    def ancestors_real(self, abs_path: str) -> tuple[str, ...]:
        """Real paths of the folders from the workspace root down to `abs_path`'s parent."""
        rel = os.path.relpath(os.path.dirname(abs_path), self.ws_root)
        out = [self.ws_real]
        if rel not in (".", ""):
            p = self.ws_root
            for part in rel.split(os.sep):
                p = os.path.join(p, part)
                out.append(self.real_dir(p))
        return tuple(out)


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


class _Dir:
    """A folder of the walk: where it is, what it really is, and (POSIX) its open descriptor."""

    __slots__ = ("abs", "rel", "name", "real", "up", "parent", "fd", "waiting")

    def __init__(self, abs_path: str, rel: str, name: str, real: str, up: _Dir | None, parent: _Dir | None) -> None:
        self.abs = abs_path
        self.rel = rel
        self.name = name
        self.real = real
        self.up = up  # the folder it was met in (the chain of real ancestors, for rule 11)
        self.parent = parent  # opened through it (a plain subfolder), or None: opened by `real`
        self.fd = -1
        self.waiting = 0  # its plain subfolders not opened yet


class _Walk:
    """The open folders of one walk. A plain subfolder is opened through its parent's descriptor
    (one name looked up, without following a link), so reading a folder costs the same at any depth."""

    def __init__(self, base: tuple[str, ...]) -> None:
        self.base = base
        self.held: dict[int, _Dir] = {}  # open folders still waited for, in the order they were opened

    def chain(self, d: _Dir | None) -> tuple[str, ...]:
        """Real paths of the folders from the workspace root down to `d`."""
        reals: list[str] = []
        while d is not None:
            reals.append(d.real)
            d = d.up
        return self.base + tuple(reversed(reals))

    def open(self, d: _Dir) -> int | None:
        if not fsio.LIST_BY_FD:
            return None
        parent = d.parent
        try:
            if parent is None:
                d.fd = fsio.open_dir(d.real)
            else:
                if parent.fd < 0:  # let go while the walk was deeper: open it again
                    parent.fd = fsio.open_dir(parent.real)
                    self._hold(parent)
                d.fd = fsio.open_subdir(parent.fd, d.name)
        finally:
            if parent is not None:
                parent.waiting -= 1
                if parent.waiting <= 0:
                    self.release(parent)
        return d.fd

    def _hold(self, d: _Dir) -> None:
        self.held[id(d)] = d
        while len(self.held) > MAX_OPEN:
            far = next(iter(self.held.values()))
            del self.held[id(far)]
            fsio.close_fd(far.fd)
            far.fd = -1

    def listed(self, d: _Dir, subfolders: int) -> None:
        """`d` was read; keep it open while it has `subfolders` to open through it."""
        d.waiting = subfolders
        if subfolders and d.fd >= 0:
            self._hold(d)
        else:
            self.release(d)

    def release(self, d: _Dir) -> None:
        self.held.pop(id(d), None)
        if d.fd >= 0:
            fsio.close_fd(d.fd)
            d.fd = -1

    def close_all(self) -> None:
        for d in list(self.held.values()):
            self.release(d)


def scan_into(
    ctx: ScanContext,
    start_abs: str,
    start_rel: str,
    files: dict[str, FileStat],
    folders: set[str],
    diags: list[Diagnostic],
    links: list[tuple[str, str]],
    ancestors_real: tuple[str, ...] = (),
    visited: set[str] | None = None,
    start_real: str | None = None,
) -> None:
    """Walk `start_abs` (whose layer-relative path is `start_rel`, "" for the layer root; its real
    path `start_real` when the caller knows it).

    `visited` holds the real folders already read for this layer; each is entered once. Where the
    platform allows, folders are opened and listed through descriptors (`_Walk`): the kernel never
    walks the whole path again, so a 1,000-level-deep tree reads in linear time."""
    seen = set() if visited is None else visited
    real0 = start_real if start_real is not None else ctx.real_dir(start_abs)
    seen.add(real0)
    walk = _Walk(ancestors_real)
    plain = [_Dir(start_abs, start_rel, os.path.basename(start_abs), real0, None, None)]
    pending: list[
        tuple[str, str, _Dir]
    ] = []  # links met (path, rel, folder met in), followed once the plain walk is done
    try:
        while plain or pending:
            if not plain:
                pending.sort(key=lambda item: item[1])
                batch, pending = pending, []
                for path, rel, holder in batch:
                    real = fsio.real_path(holder.real.rstrip(os.sep) + os.sep + os.path.basename(path))
                    why = link_problem(ctx, real, walk.chain(holder)) or (SEEN if real in seen else "")
                    links.append((rel, real))  # a change at its target can change this verdict
                    if why:
                        diags.append(skipped(ctx, path, why))
                        continue
                    seen.add(real)
                    folders.add(ctx.key(rel))
                    plain.append(_Dir(path, rel, os.path.basename(path), real, holder, None))
                continue
            d = plain.pop()
            try:
                fd = walk.open(d)
                entries = fsio.list_dir(d.abs, fd)
            except (FileNotFoundError, NotADirectoryError):
                walk.release(d)
                continue  # vanished while scanning
            except OSError as exc:
                walk.release(d)
                if exc.errno == errno.ELOOP:
                    continue  # swapped for a link while scanning: the watcher reports that link
                diags.append(
                    Diagnostic(
                        Level.WARNING,
                        "unreadable",
                        f"cannot read folder: {exc.strerror or exc}",
                        ctx.rel_to_ws(d.abs),
                    )
                )
                continue
            subfolders = 0
            dir_rel = d.rel
            for e in entries:
                if e.name in fsio.SKIPPED_NAMES:
                    continue
                rel = f"{dir_rel}/{e.name}" if dir_rel else e.name
                # a link is resolved from its folder's real path: one link to resolve, not every
                # link on the way down (a chain of links would cost its length squared)
                if e.broken:
                    diags.append(broken(ctx, e.path))
                    if e.is_link:  # where it would lead: its target may appear
                        links.append((rel, fsio.real_path(d.real.rstrip(os.sep) + os.sep + e.name)))
                    continue
                if e.is_dir:
                    if e.is_link:
                        pending.append((e.path, rel, d))
                        continue
                    child_real = d.real.rstrip(os.sep) + os.sep + e.name
                    if child_real in seen:  # inside a link's target, a folder read before through another link
                        diags.append(skipped(ctx, e.path, "folder already read through another path"))
                        continue
                    seen.add(child_real)
                    folders.add(ctx.key(rel))
                    plain.append(_Dir(e.path, rel, e.name, child_real, d, d))
                    subfolders += 1
                elif e.is_file:
                    if e.is_link:  # a change to its target is a change here (live updates, rule 12)
                        real = fsio.real_path(d.real.rstrip(os.sep) + os.sep + e.name)
                        links.append((rel, real))
                        if not fsio.is_inside(real, ctx.ws_real):
                            diags.append(skipped(ctx, e.path, OUTSIDE_FILE))
                            continue
                    files[ctx.key(rel)] = FileStat(rel, e.size, e.mtime_ns)
                # sockets, fifos and devices are not files a store can compose: skipped
            walk.listed(d, subfolders)
    finally:
        walk.close_all()


def scan_layer(root_abs: str, ctx: ScanContext) -> LayerListing:
    """List a whole layer folder. A missing folder is an empty layer (SPEC rule 3); a layer folder
    that is a symlink breaking rule 11 is an empty layer carrying the `symlink-skipped` diagnostic."""
    if os.path.islink(root_abs):
        if not os.path.isdir(root_abs):
            return LayerListing(diagnostics=(broken(ctx, root_abs),)) if not os.path.exists(root_abs) else EMPTY
        why = link_problem(ctx, fsio.real_path(root_abs), ctx.ancestors_real(root_abs))
        if why:
            return LayerListing(diagnostics=(skipped(ctx, root_abs, why),))
    if not os.path.isdir(root_abs):
        return EMPTY
    files: dict[str, FileStat] = {}
    folders: set[str] = set()
    diags: list[Diagnostic] = []
    links: list[tuple[str, str]] = []
    anc = ctx.ancestors_real(root_abs)
    scan_into(ctx, root_abs, "", files, folders, diags, links, anc)
    return LayerListing(MappingProxyType(files), frozenset(folders), tuple(diags), True, tuple(sorted(links)))


def make_context(ws_root: str, key: KeyFn) -> ScanContext:
    return ScanContext(ws_root, fsio.real_path(ws_root), key)
