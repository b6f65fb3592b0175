"""Repairs computed from a workspace snapshot: clean up (F3, F4) and move up (F5), plus what every
repair shares: reading layer files, and what each store gets after a plan (its effects).

Each planner returns a `Plan` and touches nothing. Rebasing stale overrides lives in
`storelayers.resolver.ops.merge`, orphaned overrides in `storelayers.resolver.ops.orphans`.
"""

from __future__ import annotations

import difflib
import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath
from typing import Any

from storelayers.resolver import fsio
from storelayers.resolver.content import decode, digest, looks_binary, normalize
from storelayers.resolver.errors import StoreLayersError
from storelayers.resolver.model import Kind, Status
from storelayers.resolver.ops.plan import Blocked, Effect, Plan, Remove, Write, content_digest
from storelayers.resolver.words import plural, verb
from storelayers.resolver.workspace import Workspace

SHOWN_LINES = 10

Overlay = Mapping[str | None, bytes | None]
"""For one (app, path): the layers (store key, None for base) whose file a plan writes (bytes) or removes (None)."""


class RepairError(StoreLayersError):
    """A repair was asked for something that does not hold (bad input: CLI exit 2)."""


def layer_dir(ws: Workspace, store_key: str | None, app: str) -> str:
    """Workspace-relative folder of a layer."""
    return f"apps/{app}" if store_key is None else f"{store_key}/{app}"


def read_layer_file(ws: Workspace, rel: str) -> bytes:
    """The bytes of a workspace-relative file (RepairError when unreadable)."""
    try:
        return fsio.read_bytes(str(ws.root.joinpath(*rel.split("/"))))
    except OSError as exc:
        raise RepairError(f"cannot read {rel}: {exc.strerror or exc}") from None


def unified_diff(path: str, before: bytes, after: bytes, limit: int = 200) -> str:
    """A unified diff of a file before and after (empty for binary files)."""
    if looks_binary(before[:8192]) or looks_binary(after[:8192]):
        return ""
    a = decode(before)[0].splitlines(keepends=True)
    b = decode(after)[0].splitlines(keepends=True)
    lines = list(difflib.unified_diff(a, b, f"a/{path}", f"b/{path}"))
    if len(lines) > limit:
        lines = [*lines[:limit], f"... ({len(lines) - limit} more diff lines)\n"]
    return "".join(x if x.endswith("\n") else x + "\n\\ No newline at end of file\n" for x in lines)


def changed_lines(before: bytes, after: bytes) -> tuple[int, ...]:
    """Line numbers (1-based, in `after`) that differ after rule 6's normalisation; first few."""
    a = decode(normalize(before))[0].split("\n")
    b = decode(normalize(after))[0].split("\n")
    out: list[int] = []
    for tag, _i1, _i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        out.extend(range(j1 + 1, j2 + 1) if j2 > j1 else [j1 + 1])  # a deletion: the line after it
        if len(out) >= SHOWN_LINES:
            break
    return tuple(dict.fromkeys(out))[:SHOWN_LINES]


def _winner_after(
    ws: Workspace, store_key: str, app: str, key: str, overlay: Overlay
) -> tuple[str | None, bytes | None, bool]:
    """(winning layer key, contents, found) for a store after a plan, by the nearest-wins rule."""
    for k in ws.chain(store_key):
        if k in overlay:
            data = overlay[k]
            if data is not None:
                return k, data, True
            continue
        st = ws.layer(k, app).files.get(key)
        if st is not None:
            return k, None, True
    return None, None, False


def effects(ws: Workspace, app: str, path: str, overlay: Overlay) -> tuple[Effect, ...]:
    """What every store that could see `path` gets after the plan (`overlay`), against today.

    Only stores whose winner or contents change are listed. Ignore rules do not change with a plan,
    so an ignored path stays ignored. App-root special files never come here."""
    key = ws.key(path)
    stores: dict[str, None] = {}
    for layer in overlay:
        for d in ws.descendants(layer):
            stores[d] = None
    out = []
    for d in stores:
        entry, ignored = ws.entry(d, app, path)
        if ignored:
            continue
        if entry is not None and entry.special:
            continue
        now_key = entry.winner_key if entry is not None else None
        now_data = read_layer_file(ws, entry.source) if entry is not None else None
        k, data, found = _winner_after(ws, d, app, key, overlay)
        if found and data is None:
            st = ws.layer(k, app).files[key]
            data = read_layer_file(ws, ws.source(k, app, st.name))
        if entry is None and not found:
            continue
        if entry is not None and found and k == now_key and k not in overlay:
            continue  # same winner, untouched
        same = now_data is not None and data is not None and digest(now_data) == digest(data)
        lines = () if same or now_data is None or data is None else changed_lines(now_data, data)
        s = ws.stores[d]
        out.append(
            Effect(
                s.id,
                app,
                entry.path if entry is not None else path,
                ws.layer_id(now_key) if entry is not None else "",
                ws.layer_id(k) if found else "",
                same,
                s.kind is Kind.DEPLOYABLE,
                lines,
            )
        )
    return tuple(out)


def _stores_of(ws: Workspace, store: str | None) -> list[str]:
    return [ws.store(store).key] if store else list(ws.stores)


# --------------------------------------------------------------------------------------- F4 cosmetic


@functools.lru_cache(maxsize=256)
def _lexer_for(suffix: str) -> Any:
    """The pygments lexer for a file name suffix, None when it knows none (looked up once per suffix)."""
    from pygments.lexers import get_lexer_for_filename
    from pygments.util import ClassNotFound

    try:
        return get_lexer_for_filename(f"x{suffix}", stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


def _tokens(name: str, data: bytes) -> list[str] | None:
    """The tokens of a file with comments and whitespace dropped (None for binary files)."""
    if looks_binary(data[:8192]):
        return None
    text = decode(data)[0]
    from pygments.token import Comment

    lexer = _lexer_for(PurePosixPath(name).suffix.lower() or name.lower())
    if lexer is None:
        return text.split()
    out: list[str] = []
    for tok, value in lexer.get_tokens(text):
        if tok in Comment:
            continue
        out.extend(value.split())
    return out


# Suffixes whose comments all carry one of these markers (C-style, shell-style, HTML-style).
_MARKED = frozenset({".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".vue", ".css", ".scss", ".html", ".md"})
_MARKERS = (b"//", b"/*", b"*/", b"#", b"<!--", b"-->")
_BLOCK_OPENERS = (b"/*", b"<!--")


def _surely_not_cosmetic(name: str, override: bytes, hidden: bytes) -> bool:
    """A cheap, exact pre-check for files whose comments always carry a marker: a changed line
    (whitespace ignored) without any comment marker, in a file without block comments, is a change
    of code. Lexing thousands of overrides is what this saves."""
    if PurePosixPath(name).suffix.lower() not in _MARKED:
        return False
    if any(o in override or o in hidden for o in _BLOCK_OPENERS):
        return False
    a = [b"".join(line.split()) for line in normalize(override).split(b"\n")]
    b = [b"".join(line.split()) for line in normalize(hidden).split(b"\n")]
    a = [x for x in a if x]
    b = [x for x in b if x]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal" and any(not any(m in line for m in _MARKERS) for line in a[i1:i2] + b[j1:j2]):
            return True
    return False


def is_cosmetic(name: str, override: bytes, hidden: bytes) -> bool:
    """SPEC F4: the two differ, but only in whitespace, blank lines or comments (token by token)."""
    if digest(override) == digest(hidden) or _surely_not_cosmetic(name, override, hidden):
        return False
    a = _tokens(name, override)
    return a is not None and a == _tokens(name, hidden)


# --------------------------------------------------------------------------------------- cleanup


def plan_cleanup(ws: Workspace, store: str | None = None, cosmetic: bool = False) -> Plan:
    """Remove redundant overrides (F3), and with `cosmetic` also cosmetic ones (F4), of one store or all.

    The effects list what each store gets instead. Each deployable store's composed files must stay
    equal after rule 6's normalisation; a redundant override for which that would not hold is blocked.
    Cosmetic removals do change files: the effects name the lines."""
    removals: dict[tuple[str, str], list[tuple[str, Remove]]] = defaultdict(list)
    for skey in _stores_of(ws, store):
        for app in ws.apps:
            for f in ws.effective_tree(skey, app).files:
                if f.special or f.winner_key != skey:
                    continue
                if f.status is Status.REDUNDANT:
                    hidden = _hidden_layer(ws, skey, app, f.path)
                    why = f"redundant (F3): equal to {ws.layer_id(hidden)}'s copy after normalising"
                elif cosmetic and f.status is Status.OVERRIDE:
                    hidden = _hidden_layer(ws, skey, app, f.path)
                    mine = read_layer_file(ws, f.source)
                    theirs = read_layer_file(ws, ws.source(hidden, app, f.path))
                    if not is_cosmetic(f.path, mine, theirs):
                        continue
                    why = f"cosmetic (F4): differs from {ws.layer_id(hidden)}'s copy only in whitespace or comments"
                else:
                    continue
                data = read_layer_file(ws, f.source)
                r = Remove(f.source, layer_dir(ws, skey, app), content_digest(data), why)
                removals[(app, ws.key(f.path))].append((skey, r))
    plan_removals: list[Remove] = []
    blocked: list[Blocked] = []
    found: list[Effect] = []
    for (app, _key), items in removals.items():
        path = ws.layer(items[0][0], app).files[_key].name
        overlay: dict[str | None, bytes | None] = {skey: None for skey, _ in items}
        eff = effects(ws, app, path, overlay)
        cosmetic_here = any("(F4)" in r.reason for _, r in items)
        broken = [e for e in eff if e.deployable and not e.same]
        if broken and not cosmetic_here:
            names = ", ".join(sorted({e.store for e in broken}))
            blocked += [Blocked(r.path, f"removing it would change the composed file of {names}") for _, r in items]
            continue
        plan_removals += [r for _, r in items]
        found += eff
    n = len(plan_removals)
    what = "redundant and cosmetic" if cosmetic else "redundant"
    title = f"clean up {plural(n, what + ' override')}" + (f" of {ws.store(store).id}" if store else "")
    notes = _check_note(found, cosmetic)
    return Plan(
        "cleanup", fsio.real_path(str(ws.root)), title, (), tuple(plan_removals), tuple(blocked), tuple(found), notes
    )


def _check_note(found: Iterable[Effect], cosmetic: bool) -> tuple[str, ...]:
    deployable = [e for e in found if e.deployable]
    changed = [e for e in deployable if not e.same]
    stores = sorted({e.store for e in deployable})
    if not deployable:
        return ("no deployable store uses these files",)
    if not changed:
        return (f"check: the composed files of {', '.join(stores)} stay equal after rule 6's normalisation",)
    hit = sorted({e.store for e in changed})
    return (
        f"check: {plural(len(changed), 'composed file')} of {', '.join(hit)} {verb(len(changed), 'changes', 'change')}"
        + (" (cosmetic: whitespace or comments only)" if cosmetic else ""),
    )


def _hidden_layer(ws: Workspace, store_key: str, app: str, path: str) -> str | None:
    key = ws.key(path)
    for k in ws.chain(store_key)[1:]:
        if key in ws.layer(k, app).files:
            return k
    return None


# --------------------------------------------------------------------------------------- move-up


def split_app_path(ws: Workspace, value: str) -> tuple[str, str]:
    """APP/PATH as (app, path); RepairError when it names no file of an app."""
    value = value.replace("\\", "/").strip("/")
    app, _, path = value.partition("/")
    ws.check_app(app)
    if not path:
        raise RepairError(f"'{value}' names no file: give APP/PATH, e.g. {app}/components/Header.tsx")
    return app, path


def plan_move_up(ws: Workspace, app: str, path: str, parent: str, keep_others: bool = False) -> Plan:
    """Move the copy that two or more children of `parent` share at `path` into the parent's layer (F5).

    The children holding that copy (equal after normalising) lose theirs. The parent's other
    descendants that inherit the file today from farther up would take the moved copy: they are
    named in the effects, and with `keep_others` each branch of them gets a copy of what it has today."""
    ws.check_app(app)
    p = ws.store(parent)
    key = ws.key(path)
    if "/" not in key and key in (ws.key("package.json"), ws.key("tsconfig.json")):
        raise RepairError(f"{path} at an app's root always comes from the base app; it cannot be moved up")
    if key in ws.layer(p.key, app).files:
        raise RepairError(f"{p.id} already has its own {app}/{path}; this is no hotspot to move up")
    groups: dict[bytes, list[tuple[str, bytes]]] = defaultdict(list)
    for c in ws.children(p.key):
        entry, _ = ws.entry(c.key, app, path)
        if entry is None or entry.winner_key != c.key:
            continue
        data = read_layer_file(ws, entry.source)
        groups[digest(data)].append((c.key, data))
    if not groups:
        raise RepairError(f"no child of {p.id} has its own {app}/{path}")
    ranked = sorted(groups.values(), key=len, reverse=True)
    if len(ranked[0]) < 2:
        raise RepairError(f"no two children of {p.id} share one copy of {app}/{path}: nothing to move up")
    if len(ranked) > 1 and len(ranked[1]) == len(ranked[0]):
        raise RepairError(
            f"children of {p.id} share {app}/{path} in {len(ranked)} variants of equal count; edit one first"
        )
    group = ranked[0]
    moved = group[0][1]
    name = ws.layer(group[0][0], app).files[key].name
    shared = ", ".join(ws.stores[k].id for k, _ in group)
    writes = [
        Write(
            ws.source(p.key, app, name),
            layer_dir(ws, p.key, app),
            moved,
            content_digest(moved),
            None,
            f"the copy {shared} share, moved up into {p.id}",
        )
    ]
    removals = [
        Remove(
            ws.source(k, app, name),
            layer_dir(ws, k, app),
            content_digest(data),
            f"now inherited from {p.id}",
        )
        for k, data in group
    ]
    overlay: dict[str | None, bytes | None] = {p.key: moved}
    overlay.update({k: None for k, _ in group})
    blocked: list[Blocked] = []
    if keep_others:
        members = {k for k, _ in group}
        for c in ws.children(p.key):
            if c.key in members or key in ws.layer(c.key, app).files:
                continue
            today = _today_below(ws, c.key, app, path, key, p.key)
            if today is None:
                continue
            writes.append(
                Write(
                    ws.source(c.key, app, name),
                    layer_dir(ws, c.key, app),
                    today,
                    content_digest(today),
                    None,
                    f"a copy of what {c.id} has today, so its branch keeps it",
                )
            )
            overlay[c.key] = today
    found = effects(ws, app, name, overlay)
    if keep_others:
        for e in found:
            if e.deployable and not e.same:
                blocked.append(
                    Blocked(
                        ws.source(p.key, app, name),
                        f"{e.store} is deployable and would take the moved copy: it cannot keep what it has today",
                    )
                )
    title = f"move {app}/{name} up into {p.id} (shared by {shared})"
    notes = _move_notes(found, keep_others)
    if blocked:
        return Plan("move-up", fsio.real_path(str(ws.root)), title, (), (), tuple(blocked), found, notes)
    return Plan("move-up", fsio.real_path(str(ws.root)), title, tuple(writes), tuple(removals), (), found, notes)


def _today_below(ws: Workspace, child: str, app: str, path: str, key: str, parent: str) -> bytes | None:
    """What the child's branch gets today from above `parent`, when any store of the branch uses it."""
    for d in ws.descendants(child):
        entry, ignored = ws.entry(d, app, path)
        if ignored or entry is None:
            continue
        if entry.winner_key not in ws.chain(parent):
            continue  # it has a copy of its own below the parent
        return read_layer_file(ws, entry.source)
    return None


def _move_notes(found: Iterable[Effect], keep_others: bool) -> tuple[str, ...]:
    changed = [e for e in found if not e.same]
    if not changed:
        return ("every store keeps its file's content (after rule 6's normalisation)",)
    names = ", ".join(sorted({e.store for e in changed}))
    if keep_others:
        return (f"these stores' files change: {names}",)
    return (
        f"these stores inherit the file today from farther up and would take the moved copy: {names} "
        "(--keep-others gives each a copy of what it has today)",
    )
