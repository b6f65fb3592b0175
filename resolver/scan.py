"""Listing one layer folder: files, folders, and what could not be read (SPEC rules 8, 10, 11)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from storelayers.resolver import fsio
from storelayers.resolver.model import Diagnostic, FileStat, Level

KeyFn = Callable[[str], str]


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
    links: tuple[tuple[str, str], ...] = ()  # followed symlinked folders: (relative path, real target)


EMPTY = LayerListing()


@dataclass
class ScanContext:
    ws_root: str
    ws_real: str
    key: KeyFn
    _reals: dict[str, str] = field(default_factory=dict)

    def real_dir(self, path: str) -> str:
        """realpath() of a folder, remembering parents: one lstat per new folder, not one per part."""
        hit = self._reals.get(path)
        if hit is None:
            parent, name = os.path.split(path)
            if parent == path or name in ("", ".", "..") or parent == "" or os.path.islink(path):
                hit = fsio.real_path(path)
            else:
                hit = self.real_dir(parent).rstrip(os.sep) + os.sep + name
            self._reals[path] = hit
        return hit

    def rel_to_ws(self, abs_path: str) -> str:
        return os.path.relpath(abs_path, self.ws_root).replace(os.sep, "/")


def scan_into(
    ctx: ScanContext,
    start_abs: str,
    start_rel: str,
    files: dict[str, FileStat],
    folders: set[str],
    diags: list[Diagnostic],
    links: list[tuple[str, str]],
    ancestors_real: tuple[str, ...] = (),
) -> None:
    """Walk `start_abs` (whose layer-relative path is `start_rel`, "" for the layer root)."""
    stack: list[tuple[str, str, tuple[str, ...]]] = [
        (start_abs, start_rel, ancestors_real + (ctx.real_dir(start_abs),))
    ]
    while stack:
        dir_abs, dir_rel, chain = stack.pop()
        try:
            entries = fsio.list_dir(dir_abs)
        except FileNotFoundError:
            continue  # vanished while scanning
        except NotADirectoryError:
            continue
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
                diags.append(
                    Diagnostic(Level.WARNING, "broken-link", "symlink target does not exist", ctx.rel_to_ws(e.path))
                )
                continue
            if e.is_dir:
                real = fsio.real_path(e.path) if e.is_link else None
                if real is not None:
                    if not fsio.within(real, ctx.ws_real):
                        diags.append(
                            Diagnostic(
                                Level.WARNING,
                                "symlink-skipped",
                                "symlinked folder leads outside the workspace",
                                ctx.rel_to_ws(e.path),
                            )
                        )
                        continue
                    if any(fsio.within(a, real) for a in chain):
                        diags.append(
                            Diagnostic(
                                Level.WARNING,
                                "symlink-skipped",
                                "symlinked folder leads back into one of its own ancestors",
                                ctx.rel_to_ws(e.path),
                            )
                        )
                        continue
                    links.append((rel, real))
                folders.add(ctx.key(rel))
                child_real = real if real is not None else chain[-1].rstrip(os.sep) + os.sep + e.name
                stack.append((e.path, rel, chain + (child_real,)))
            elif e.is_file:
                files[ctx.key(rel)] = FileStat(rel, e.size, e.mtime_ns)
            # sockets, fifos and devices are not files a store can compose: skipped


def scan_layer(root_abs: str, ctx: ScanContext) -> LayerListing:
    """List a whole layer folder. A missing folder is an empty layer (SPEC rule 3)."""
    if not os.path.isdir(root_abs):
        return EMPTY
    files: dict[str, FileStat] = {}
    folders: set[str] = set()
    diags: list[Diagnostic] = []
    links: list[tuple[str, str]] = []
    scan_into(ctx, root_abs, "", files, folders, diags, links)
    return LayerListing(MappingProxyType(files), frozenset(folders), tuple(diags), True, tuple(sorted(links)))


def make_context(ws_root: str, key: KeyFn) -> ScanContext:
    return ScanContext(ws_root, fsio.real_path(ws_root), key)
