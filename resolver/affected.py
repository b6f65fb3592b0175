"""Which deployable stores a change hits (SPEC rule 12), in the shape of Alokai's `store changed`.

Only Alokai's four reason codes are ever given. Paths are taken exactly as written (a name is what
the file system says it is: blanks and backslashes are part of it). Git runs only through
`git.run_git`, hardened."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from storelayers.resolver import fsio, git, wildmatch
from storelayers.resolver.config import CONFIG_NAME
from storelayers.resolver.errors import BadConfigError
from storelayers.resolver.model import Affected, Kind
from storelayers.resolver.workspace import PACKAGE_JSON, TSCONFIG_JSON, Workspace

LOCKFILES = frozenset({"yarn.lock", "package-lock.json", "pnpm-lock.yaml"})

PACKAGE_LOCK_CHANGED = "PACKAGE_LOCK_CHANGED"
GLOBAL_DEPENDENCIES_CHANGED = "GLOBAL_DEPENDENCIES_CHANGED"
STORE_CHANGED = "STORE_CHANGED"
ANCESTOR_CHANGED = "ANCESTOR_CHANGED"
REASONS = (PACKAGE_LOCK_CHANGED, GLOBAL_DEPENDENCIES_CHANGED, STORE_CHANGED, ANCESTOR_CHANGED)
"""Alokai's four reason codes, the only ones ever printed."""


@dataclass(frozen=True)
class ConfigDiff:
    """How `alokai.config.json` differs between two known versions."""

    stores: frozenset[str]  # ids whose entry under `stores` was added, removed or changed
    outside: bool  # something outside `stores` changed


def glob_matches(glob: str, path: str) -> bool:
    """True when the workspace-relative `path` matches `glob` (anchored at the workspace root), or
    lies inside a folder it names. The glob dialect is wildmatch's (see wildmatch.py): linear time."""
    g = glob[2:] if glob.startswith("./") else glob
    return wildmatch.matches(g, path, anchored=True)


def _parse_config(data: bytes | None) -> dict[str, object] | None:
    if data is None:
        return {}  # no config at that version: every entry is new
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def diff_configs(old: bytes | None, new: bytes | None) -> ConfigDiff | None:
    """Compare two versions of the config (None: the file did not exist). None when either version
    cannot be read as a config: then every store counts as affected."""
    a, b = _parse_config(old), _parse_config(new)
    if a is None or b is None:
        return None
    sa, sb = a.get("stores", {}), b.get("stores", {})
    if not isinstance(sa, dict) or not isinstance(sb, dict):
        return None
    changed = frozenset(k for k in set(sa) | set(sb) if sa.get(k, None) != sb.get(k, None) or (k in sa) != (k in sb))
    rest_a = {k: v for k, v in a.items() if k != "stores"}
    rest_b = {k: v for k, v in b.items() if k != "stores"}
    return ConfigDiff(changed, rest_a != rest_b)


_LayerPath = tuple[str | None, str, str]  # (store key or None for base, app, layer-relative path)
_Targets = tuple[dict[str, list[_LayerPath]], list[tuple[str, str | None, str, str]]]


def _link_targets(ws: Workspace) -> _Targets:
    """Real paths that layers' file symlinks point to, and the targets of followed folder links."""
    files: dict[str, list[_LayerPath]] = {}
    folders: list[tuple[str, str | None, str, str]] = []
    for skey in [None, *ws.stores]:
        for app in ws.apps:
            listing = ws.layer(skey, app)
            for st in listing.files.values():
                p = ws.abs_str(skey, app, st.name)
                if os.path.islink(p):
                    files.setdefault(fsio.real_path(p), []).append((skey, app, st.name))
            for rel, real in listing.links:
                folders.append((real, skey, app, rel))
    return files, folders


def _symlinked(ws: Workspace, path: str, targets: _Targets) -> list[_LayerPath]:
    """The layer paths whose symlink leads to the workspace path `path` (rule 12, v2)."""
    real = fsio.real_path(str(ws.root / path))
    out = list(targets[0].get(real, ()))
    for target, skey, app, rel in targets[1]:
        if real != target and fsio.is_inside(real, target):
            rest = os.path.relpath(real, target).replace(os.sep, "/")
            out.append((skey, app, f"{rel}/{rest}"))
    return out


def _apps_of(ws: Workspace, store_key: str) -> frozenset[str]:
    """The apps composed for a store: rule 13's framework filter drops the other frontend."""
    return frozenset(ws.config.composed_apps(ws.stores[store_key].id, ws.apps))


def affected_stores(
    ws: Workspace,
    changed: Iterable[str],
    global_dependencies: Sequence[str] = (),
    config_diff: ConfigDiff | None = None,
) -> tuple[Affected, ...]:
    """The deployable stores a set of changed workspace-relative paths affects, with reasons.

    `config_diff`: how alokai.config.json changed when both versions are known (from git); without
    it a change of the config affects every deployable store (GLOBAL_DEPENDENCIES_CHANGED)."""
    if ws.config.broken:
        err = ws.config.error
        raise BadConfigError(err.message if err else f"{CONFIG_NAME} is unusable")
    deployable = [s.key for s in ws.stores.values() if s.kind is Kind.DEPLOYABLE]
    deployable_set = set(deployable)
    apps_of = {k: _apps_of(ws, k) for k in deployable}
    hits: dict[str, tuple[set[str], set[str]]] = {}
    targets: _Targets | None = None

    def hit(store_key: str, reason: str, path: str) -> None:
        reasons, files = hits.setdefault(store_key, (set(), set()))
        reasons.add(reason)
        files.add(path)

    def layer_change(layer: str | None, app: str, rel: str, path: str) -> None:
        if any(p in fsio.SKIPPED_NAMES for p in rel.split("/")):
            return
        key = ws.key(rel)
        if key in (ws.key(PACKAGE_JSON), ws.key(TSCONFIG_JSON)):  # rule 9: app-root special files
            if layer is None:
                for k in deployable:
                    if app in apps_of[k]:
                        hit(k, ANCESTOR_CHANGED, path)
            return  # a store's own copy is never used
        for d in ws.descendants(layer):
            if d not in deployable_set or app not in apps_of[d]:
                continue
            chain = ws.chain(d)
            nearer = chain[: chain.index(layer)]
            if any(key in ws.layer(k, app).files for k in nearer):
                continue
            rules = ws.ignore_rules(d)
            if rules and rules.is_ignored(rel):
                continue
            hit(d, STORE_CHANGED if d == layer else ANCESTOR_CHANGED, path)

    for raw in changed:
        path = raw
        while path.startswith("./"):
            path = path[2:]
        if not path:
            continue
        if path in LOCKFILES:
            for k in deployable:
                hit(k, PACKAGE_LOCK_CHANGED, path)
            continue
        if path == CONFIG_NAME:
            _config_hits(ws, deployable, config_diff, functools.partial(_hit_path, hit, path))
            continue
        if any(glob_matches(g, path) for g in global_dependencies):
            for k in deployable:
                hit(k, GLOBAL_DEPENDENCIES_CHANGED, path)
            continue
        where = ws.layer_of(path)
        if where is not None:
            layer_change(*where, path)
        if targets is None:
            targets = _link_targets(ws)
        if targets[0] or targets[1]:
            for layer, app, rel in _symlinked(ws, path, targets):
                layer_change(layer, app, rel, path)
    ordered = sorted(hits, key=lambda k: (ws.stores[k].id, k))
    return tuple(Affected(ws.stores[k].id, tuple(sorted(hits[k][0])), tuple(sorted(hits[k][1]))) for k in ordered)


def _hit_path(hit: Callable[[str, str, str], None], path: str, store_key: str, reason: str) -> None:
    hit(store_key, reason, path)


def _config_hits(
    ws: Workspace, deployable: Sequence[str], diff: ConfigDiff | None, hit: Callable[[str, str], None]
) -> None:
    if diff is None or diff.outside:
        for k in deployable:
            hit(k, GLOBAL_DEPENDENCIES_CHANGED)
        if diff is None:
            return
    for k in deployable:
        chain = ws.chain(k)
        if ws.stores[k].id in diff.stores:
            hit(k, STORE_CHANGED)
        elif any(c is not None and ws.stores[c].id in diff.stores for c in chain[1:]):
            hit(k, ANCESTOR_CHANGED)


def git_changed_paths(root: Path, since: str, to: str | None = None) -> list[str]:
    """Workspace-relative paths changed between `since` and `to` (the working tree when None), sorted;
    a rename counts both its old and its new path. git runs without a shell."""
    return sorted(git.changed_paths(root, since, to))


def git_config_diff(root: Path, since: str, to: str | None = None) -> ConfigDiff | None:
    """How alokai.config.json differs between `since` and `to` (the working tree when None)."""
    prefix = git.repo_prefix(root)
    revs = [git.resolve(root, since)] + ([git.resolve(root, to)] if to is not None else [])
    got: Mapping[tuple[str, str], bytes | None] = git.show_many(root, prefix, [(r, CONFIG_NAME) for r in revs])
    old = got[(revs[0], CONFIG_NAME)]
    if to is not None:
        new = got[(revs[1], CONFIG_NAME)]
    else:
        try:
            new = fsio.read_bytes(str(root / CONFIG_NAME))
        except FileNotFoundError:
            new = None
        except OSError:
            return None
    return diff_configs(old, new)
