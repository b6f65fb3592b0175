"""Which deployable stores a change hits (SPEC rule 12), in the shape of Alokai's `store changed`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from storelayers.resolver import fsio, git
from storelayers.resolver.config import CONFIG_NAME
from storelayers.resolver.errors import BadConfigError
from storelayers.resolver.model import Affected, Kind
from storelayers.resolver.workspace import PACKAGE_JSON, Workspace

LOCKFILES = frozenset({"yarn.lock", "package-lock.json", "pnpm-lock.yaml"})

PACKAGE_LOCK_CHANGED = "PACKAGE_LOCK_CHANGED"
GLOBAL_DEPENDENCIES_CHANGED = "GLOBAL_DEPENDENCIES_CHANGED"
CONFIG_CHANGED = "CONFIG_CHANGED"
STORE_CHANGED = "STORE_CHANGED"
ANCESTOR_CHANGED = "ANCESTOR_CHANGED"


@lru_cache(maxsize=256)
def _glob_regex(glob: str) -> re.Pattern[str]:
    """A shell-style glob over POSIX paths: `**` crosses folders, `*` and `?` stay inside one."""
    out = []
    i = 0
    g = glob.strip()
    if g.startswith("./"):
        g = g[2:]
    while i < len(g):
        c = g[i]
        if g.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif g.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = g.find("]", i + 1)
            if j == -1:
                out.append(re.escape(c))
                i += 1
            else:
                body = g[i + 1 : j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = j + 1
        else:
            out.append(re.escape(c))
            i += 1
    try:
        return re.compile("".join(out) + r"\Z")
    except re.error:
        return re.compile(re.escape(g) + r"\Z")


def glob_matches(glob: str, path: str) -> bool:
    """True when the workspace-relative `path` matches `glob`, or lies inside a folder it names."""
    rx = _glob_regex(glob)
    if rx.match(path):
        return True
    parts = path.split("/")
    return any(rx.match("/".join(parts[:n])) for n in range(1, len(parts)))


def affected_stores(
    ws: Workspace, changed: Iterable[str], global_dependencies: Sequence[str] = ()
) -> tuple[Affected, ...]:
    """The deployable stores a set of changed workspace-relative paths affects, with reasons."""
    if ws.config.broken:
        err = ws.config.error
        raise BadConfigError(err.message if err else f"{CONFIG_NAME} is unusable")
    deployable = [s.key for s in ws.stores.values() if s.kind is Kind.DEPLOYABLE]
    deployable_set = set(deployable)
    hits: dict[str, tuple[set[str], set[str]]] = {}

    def hit(store_key: str, reason: str, path: str) -> None:
        reasons, files = hits.setdefault(store_key, (set(), set()))
        reasons.add(reason)
        files.add(path)

    for raw in changed:
        path = raw.strip().replace("\\", "/")
        while path.startswith("./"):
            path = path[2:]
        if not path:
            continue
        everyone: str | None = None
        if path in LOCKFILES:
            everyone = PACKAGE_LOCK_CHANGED
        elif path == CONFIG_NAME:
            everyone = CONFIG_CHANGED
        elif any(glob_matches(g, path) for g in global_dependencies):
            everyone = GLOBAL_DEPENDENCIES_CHANGED
        if everyone is not None:
            for k in deployable:
                hit(k, everyone, path)
            continue
        where = ws.layer_of(path)
        if where is None:
            continue
        layer, app, rel = where
        if any(p in fsio.SKIPPED_NAMES for p in rel.split("/")):
            continue
        key = ws.key(rel)
        if key == ws.key(PACKAGE_JSON):
            if layer is None:
                for k in deployable:
                    hit(k, ANCESTOR_CHANGED, path)
            continue  # a store's app-root package.json is never used (rule 9)
        for d in ws.descendants(layer):
            if d not in deployable_set:
                continue
            chain = ws.chain(d)
            nearer = chain[: chain.index(layer)]
            if any(key in ws.layer(k, app).files for k in nearer):
                continue
            rules = ws.ignore_rules(d)
            if rules and rules.is_ignored(rel):
                continue
            hit(d, STORE_CHANGED if d == layer else ANCESTOR_CHANGED, path)
    ordered = sorted(hits, key=lambda k: (ws.stores[k].id, k))
    return tuple(Affected(ws.stores[k].id, tuple(sorted(hits[k][0])), tuple(sorted(hits[k][1]))) for k in ordered)


def git_changed_paths(root: Path, since: str, to: str | None = None) -> list[str]:
    """Workspace-relative paths changed between `since` and `to` (the working tree when None), sorted;
    a rename counts both its old and its new path. git runs without a shell."""
    return sorted(git.changed_paths(root, since, to))
