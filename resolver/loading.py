"""Reading a workspace from disk into a `Snapshot` (SPEC rules 1-3 and the layer scans).

`workspace.load()` wraps the snapshot read here in a `Workspace`; this module never needs one."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from types import MappingProxyType

from storelayers.resolver import fsio, scan
from storelayers.resolver.config import CONFIG_NAME, Config, load_config, rule_diagnostics
from storelayers.resolver.content import DigestCache
from storelayers.resolver.editorconfig import TSCONFIG, check_tsconfig
from storelayers.resolver.errors import WorkspaceError
from storelayers.resolver.model import Diagnostic, Level, Options, Store
from storelayers.resolver.pace import pause
from storelayers.resolver.scan import LayerListing, identity, make_context, scan_layer
from storelayers.resolver.snapshot import LayerKey, Snapshot


def _rel(root: Path, path: Path | str) -> str:
    """`path` relative to the workspace folder, POSIX-style; a string cut where `path` was built by
    joining names onto `root` (no `os.path.relpath` per store)."""
    top = str(root)
    p = str(path)
    if p.startswith(top) and p[len(top) : len(top) + 1] == os.sep:
        return p[len(top) + 1 :].replace(os.sep, "/")
    return os.path.relpath(p, top).replace(os.sep, "/")


def check_workspace(root: Path | str) -> Path:
    """Return the workspace folder as an absolute path, or raise WorkspaceError with one clear line."""
    p = Path(root).expanduser()
    if not p.exists():
        raise WorkspaceError(f"{p}: no such folder")
    if not p.is_dir():
        raise WorkspaceError(f"{p}: is a file, not a workspace folder")
    if not (p / "apps").is_dir():
        raise WorkspaceError(f"{p}: not an Alokai workspace (it has no apps/ folder)")
    return Path(os.path.abspath(p))  # absolute and without "..": layer paths are built from it


def _discover_apps(root: Path, diags: list[Diagnostic] | None = None) -> tuple[str, ...]:
    """The base apps (SPEC "Words"); an app folder that is a symlink breaking rule 11 is skipped."""
    ctx = make_context(str(root), identity)
    anc = (ctx.ws_real, ctx.real_dir(str(root / "apps")))
    apps = []
    for e in fsio.list_dir(str(root / "apps")):
        if e.broken and e.name != "stores" and not e.name.startswith("."):
            if diags is not None:
                diags.append(scan.broken(ctx, e.path))
            continue
        if e.is_dir and e.name != "stores" and not e.name.startswith("."):
            why = scan.link_problem(ctx, fsio.real_path(e.path), anc) if e.is_link else ""
            if why:
                if diags is not None:
                    diags.append(scan.skipped(ctx, e.path, why))
                continue
            apps.append(e.name)
    return tuple(sorted(apps))


def _discover_stores(root: Path, apps: Sequence[str], config: Config) -> tuple[dict[str, Store], list[Diagnostic]]:
    """SPEC rules 1-3: stores from folder nesting, kinds from the config, stray folders noted."""
    stores: dict[str, Store] = {}
    diags: list[Diagnostic] = []
    ctx = make_context(str(root), identity)
    app_set = set(apps)
    visited: set[str] = set()  # real store folders read: each once, however many links lead there

    def list_sorted(folder: str, what: str) -> list[fsio.DirEntry] | None:
        try:
            return sorted(fsio.list_dir(folder), key=lambda e: e.name)
        except FileNotFoundError:
            return None
        except OSError as exc:
            diags.append(
                Diagnostic(
                    Level.WARNING, "unreadable", f"cannot read {what}: {exc.strerror or exc}", _rel(root, folder)
                )
            )
            return None

    def follow(path: str, ancestors: tuple[str, ...]) -> str | None:
        """The real path of a folder to read, or None (with the diagnostic) when rule 11 skips it.
        `ancestors[-1]` is the real path of the folder `path` lies in."""
        if os.path.islink(path):
            real = fsio.real_path(path)
            why = scan.link_problem(ctx, real, ancestors) or (scan.SEEN if real in visited else "")
            if why:
                diags.append(scan.skipped(ctx, path, why))
                return None
        else:  # not a link: its real path is its folder's and its name (no realpath per store)
            real = ancestors[-1].rstrip(os.sep) + os.sep + os.path.basename(path)
            if real in visited:
                diags.append(scan.skipped(ctx, path, "folder already read through another path"))
                return None
        visited.add(real)
        return real

    # A loop, not a recursion: store nesting depth is limited only by the file system. Items are
    # ("dir", stores folder, parent key, depth, ancestors) or ("store", entry, parent, depth, ancestors);
    # the stack keeps the order of a depth-first walk, each store before its children.
    top = root / "apps" / "stores"
    top_anc = (ctx.ws_real, ctx.real_dir(str(root / "apps")))
    stack: list[tuple[str, str, str | None, int, tuple[str, ...]]] = []
    if os.path.isdir(top):
        top_real = follow(str(top), top_anc)
        if top_real is not None:
            stack.append(("dir", str(top), None, 1, top_anc + (top_real,)))
    elif os.path.islink(top):
        diags.append(scan.broken(ctx, str(top)))
    while stack:
        what, path, parent, depth, anc = stack.pop()
        if what == "dir":
            entries = list_sorted(path, "folder")
            if entries is None:
                continue
            for e in reversed(entries):
                if not e.is_dir or e.name.startswith(".") or e.name in fsio.SKIPPED_NAMES:
                    if e.broken:
                        diags.append(scan.broken(ctx, e.path))
                    elif e.is_dir and e.name != ".DS_Store":  # rule 14: never a store
                        diags.append(
                            Diagnostic(
                                Level.INFO,
                                "not-a-store",
                                f"'{e.name}' is not a store: store folders never start with '.' "
                                "nor take a name that is never composed",
                                _rel(root, e.path),
                            )
                        )
                    continue
                stack.append(("store", e.path, parent, depth, anc))
            continue
        real = follow(path, anc)
        if real is None:
            continue
        rel = _rel(root, path)
        sid = os.path.basename(path)
        kind = config.kind_of(sid)  # rule 2
        ignore = config.stores[sid].ignore_paths if config.present and sid in config.stores else ()
        stores[rel] = Store(sid, rel, parent, kind, depth, ignore)
        inner = list_sorted(path, "store folder")
        if inner is None:
            continue
        for sub in inner:
            if sub.broken and sub.name == "stores":
                diags.append(scan.broken(ctx, sub.path))
            if sub.is_file and sub.name not in fsio.SKIPPED_NAMES:  # rule 14
                diags.append(
                    Diagnostic(
                        Level.WARNING,
                        "stray-file",
                        f"'{sub.name}' lies directly in the store folder, outside every app: it is never composed",
                        f"{rel}/{sub.name}",
                    )
                )
                continue
            if not sub.is_dir or sub.name in app_set or sub.name in fsio.SKIPPED_NAMES:
                continue
            if sub.name == "stores":
                sub_real = follow(sub.path, anc + (real,))
                if sub_real is not None:
                    stack.append(("dir", sub.path, rel, depth + 1, anc + (real, sub_real)))
            else:
                diags.append(
                    Diagnostic(
                        Level.WARNING,
                        "stray-folder",
                        f"'{sub.name}' is neither an app of this workspace nor 'stores': its files are never composed",
                        f"{rel}/{sub.name}",
                    )
                )

    by_id: dict[str, list[str]] = {}
    for s in stores.values():
        by_id.setdefault(s.id, []).append(s.key)
    for sid, keys in by_id.items():
        if len(keys) > 1:
            for k in keys:
                diags.append(
                    Diagnostic(
                        Level.ERROR,
                        "duplicate-store-id",
                        f"store id '{sid}' is used by {len(keys)} folders: " + ", ".join(sorted(keys)),
                        k,
                    )
                )
    if config.present:
        for sid in config.stores:
            if sid not in by_id:
                diags.append(
                    Diagnostic(
                        Level.WARNING,
                        "unknown-store",
                        f"{CONFIG_NAME} lists store '{sid}', but no store folder has that id",
                        CONFIG_NAME,
                    )
                )
    return stores, diags


def _tsconfig_diagnostics(
    root: Path,
    apps: Sequence[str],
    stores: dict[str, Store],
    layers: dict[LayerKey, LayerListing],
    key: Callable[[str], str],
) -> list[Diagnostic]:
    """SPEC rule 15: each store's app-root tsconfig.json against the store's chain for that app."""
    out: list[Diagnostic] = []
    ts_key = key(TSCONFIG)
    for skey in stores:
        for app in apps:
            listing = layers.get((skey, app))
            st = listing.files.get(ts_key) if listing is not None else None
            if st is None:
                continue
            chain: list[str | None] = []
            k: str | None = skey
            while k is not None:
                chain.append(k)
                k = stores[k].parent
            chain.append(None)
            folders = [f"apps/{app}" if c is None else f"{c}/{app}" for c in chain]
            existing = [f for c, f in zip(chain, folders, strict=True) if c is None or (c, app) in layers]
            d = check_tsconfig(str(root), f"{skey}/{app}/{st.name}", folders, existing)
            if d is not None:
                out.append(d)
    return out


def read_snapshot(
    root: Path | str,
    options: Options | None = None,
    digests: DigestCache | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Snapshot:
    """Read a workspace's state from disk. Raises WorkspaceError only when `root` is not a workspace.

    `progress(done, total)` is called after each layer folder is listed (from the calling thread)."""
    options = options or Options()
    root = check_workspace(root)
    case_sensitive = (
        options.case_sensitive if options.case_sensitive is not None else fsio.is_case_sensitive(root / "apps")
    )
    key = identity if case_sensitive else str.casefold
    config = load_config(root)
    try:
        app_diags: list[Diagnostic] = []
        apps = _discover_apps(root, app_diags)
    except OSError as exc:
        raise WorkspaceError(f"{root}: cannot read apps/ ({exc.strerror or exc})") from exc
    stores, diags = _discover_stores(root, apps, config)
    diags = app_diags + diags
    ctx = make_context(str(root), key)
    layers: dict[LayerKey, LayerListing] = {}
    total = len(apps) * (len(stores) + 1)
    done = 0
    top = str(root)
    store_folders = [top + os.sep + skey.replace("/", os.sep) + os.sep for skey in stores]  # joined once
    for app in apps:
        layers[(None, app)] = scan_layer(str(root / "apps" / app), ctx)
        done += 1
        pause()  # a layer folder listed: a host's more urgent work may go first
        if progress is not None:
            progress(done, total)
        for skey, folder in zip(stores, store_folders, strict=True):
            listing = scan_layer(folder + app, ctx)
            if listing.exists or listing.diagnostics:  # a skipped link keeps its diagnostic
                layers[(skey, app)] = listing
            done += 1
            pause()
            if progress is not None:
                progress(done, total)
    diags.extend(rule_diagnostics(config))
    diags.extend(_tsconfig_diagnostics(root, apps, stores, layers, key))
    return Snapshot(
        root,
        options,
        apps,
        MappingProxyType(stores),
        config,
        MappingProxyType(layers),
        tuple(diags),
        case_sensitive,
        digests or DigestCache(),
    )
