"""Listing one layer folder: files, folders, and what could not be read (SPEC rules 8, 10, 11).

Rule 11 is decided here for every level, by `link_problem`: a symlinked folder is followed only
when its real target lies inside the workspace and does not lead back into one of its own
ancestors. A layer is read in rounds: first every folder reachable without a link, then the links
found, in path order, and so on; a real folder is entered at most once per layer, so a tree of
chained links costs what is on disk, never the number of paths through it. The walk is a loop,
never a recursion, so depth is limited only by the file system.
"""

from __future__ import annotations

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
) -> None:
    """Walk `start_abs` (whose layer-relative path is `start_rel`, "" for the layer root).

    `visited` holds the real folders already read for this layer; each is entered once."""
    seen = set() if visited is None else visited
    start_real = ctx.real_dir(start_abs)
    seen.add(start_real)
    plain: list[tuple[str, str, tuple[str, ...]]] = [(start_abs, start_rel, ancestors_real + (start_real,))]
    pending: list[tuple[str, str, tuple[str, ...]]] = []  # links met, followed once the plain walk is done
    while plain or pending:
        if not plain:
            pending.sort(key=lambda item: item[1])
            batch, pending = pending, []
            for path, rel, chain in batch:
                real = fsio.real_path(path)
                why = link_problem(ctx, real, chain) or (SEEN if real in seen else "")
                if why:
                    diags.append(skipped(ctx, path, why))
                    links.append((rel, real))  # a change at its target can change this verdict
                    continue
                seen.add(real)
                links.append((rel, real))
                folders.add(ctx.key(rel))
                plain.append((path, rel, chain + (real,)))
            continue
        dir_abs, dir_rel, chain = plain.pop()
        try:
            entries = fsio.list_dir(dir_abs)
        except (FileNotFoundError, NotADirectoryError):
            continue  # vanished while scanning
        except OSError as exc:
            diags.append(
                Diagnostic(
                    Level.WARNING,
                    "unreadable",
                    f"cannot read folder: {exc.strerror or exc}",
                    ctx.rel_to_ws(dir_abs),
                )
            )
            continue
        for e in entries:
            if e.name in fsio.SKIPPED_NAMES:
                continue
            rel = f"{dir_rel}/{e.name}" if dir_rel else e.name
            if e.broken:
                diags.append(broken(ctx, e.path))
                if e.is_link:  # where it would lead: its target may appear
                    links.append((rel, fsio.real_path(e.path)))
                continue
            if e.is_dir:
                if e.is_link:
                    pending.append((e.path, rel, chain))
                    continue
                child_real = chain[-1].rstrip(os.sep) + os.sep + e.name
                if child_real in seen:  # inside a link's target, a folder read before through another link
                    diags.append(skipped(ctx, e.path, "folder already read through another path"))
                    continue
                seen.add(child_real)
                folders.add(ctx.key(rel))
                plain.append((e.path, rel, chain + (child_real,)))
            elif e.is_file:
                files[ctx.key(rel)] = FileStat(rel, e.size, e.mtime_ns)
                if e.is_link:  # a change to its target is a change here (live updates, rule 12)
                    links.append((rel, fsio.real_path(e.path)))
            # sockets, fifos and devices are not files a store can compose: skipped


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
