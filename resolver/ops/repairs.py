"""Repairs computed from a workspace snapshot: clean up (F3, F4) and move up (F5), plus what every
repair shares: reading layer files, and what each store gets after a plan (its effects).

Each planner returns a `Plan` and touches nothing. Rebasing stale overrides lives in
`storelayers.resolver.ops.merge`, orphaned overrides in `storelayers.resolver.ops.orphans`.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping

from storelayers.resolver import fsio
from storelayers.resolver.content import decode, digest, looks_binary, normalize
from storelayers.resolver.diffstat import MAX_DIFF_BYTES, lines_of, opcodes
from storelayers.resolver.errors import StoreLayersError
from storelayers.resolver.model import Kind
from storelayers.resolver.ops.plan import Blocked, Effect, Plan, Remove, Write, content_digest
from storelayers.resolver.review import cosmetic
from storelayers.resolver.review.divergence import own_overrides
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
    digests: dict[str | None, bytes] = {}
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
        k, data, found = _winner_after(ws, d, app, key, overlay)
        if entry is None and not found:
            continue
        if entry is not None and found and k == now_key and k not in overlay:
            continue  # same winner, untouched
        # Equal after normalising: from the snapshot's digests (the review has read these files);
        # the contents are read only for the lines of a change.
        same = (
            entry is not None
            and found
            and _digest_of(ws, now_key, app, key, digests)
            == (digest(data) if data is not None else _digest_of(ws, k, app, key, digests))
        )
        lines: tuple[int, ...] = ()
        if not same and entry is not None and found:
            now_data = read_layer_file(ws, entry.source)
            if data is None:
                data = read_layer_file(ws, ws.source(k, app, ws.layer(k, app).files[key].name))
            lines = changed_lines(now_data, data)
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


def _digest_of(ws: Workspace, layer: str | None, app: str, key: str, memo: dict[str | None, bytes]) -> bytes:
    """The normalised digest of a layer's file at `key`, from the snapshot's digest cache (read when
    not known there; RepairError when unreadable)."""
    hit = memo.get(layer)
    if hit is None:
        st = ws.layer(layer, app).files[key]
        hit = ws.digests.get(ws.abs_str(layer, app, st.name), st.size, st.mtime_ns)
        if hit is None:
            hit = digest(read_layer_file(ws, ws.source(layer, app, st.name)))
        memo[layer] = hit
    return hit


def _stores_of(ws: Workspace, store: str | None) -> list[str]:
    return [ws.store(store).key] if store else list(ws.stores)


# --------------------------------------------------------------------------------------- F4 cosmetic


def is_cosmetic(name: str, override: bytes, hidden: bytes) -> bool:
    """SPEC F4 for two file contents: they differ, but only in whitespace, blank lines or comments.
    The review's one definition (`review.cosmetic.is_cosmetic`) on their normalised lines."""
    if len(override) > MAX_DIFF_BYTES or len(hidden) > MAX_DIFF_BYTES:
        return False  # as the review: too large to diff, never reported cosmetic
    a, b = lines_of(hidden), lines_of(override)
    if a is None or b is None:
        return False
    return cosmetic.is_cosmetic(name, a, b, opcodes(a, b))


# --------------------------------------------------------------------------------------- cleanup


def plan_cleanup(
    ws: Workspace, store: str | None = None, cosmetic: bool = False, only: Collection[str] | None = None
) -> Plan:
    """Remove redundant overrides (F3), and with `cosmetic` also cosmetic ones (F4), of one store or all;
    with `only`, just the overrides at these workspace-relative paths (the ones a person picked).

    The effects list what each store gets instead. Each deployable store's composed files must stay
    equal after rule 6's normalisation; a redundant override for which that would not hold is blocked.
    Cosmetic removals do change files: the effects name the lines."""
    removals: dict[tuple[str, str], list[tuple[str, Remove]]] = defaultdict(list)
    for o in own_overrides(ws, _stores_of(ws, store)):  # the review's F3 and F4 answers
        if only is not None and o.source not in only:
            continue
        if o.redundant:
            why = f"redundant (F3): equal to {o.hidden_layer}'s copy after normalising"
        elif cosmetic and o.cosmetic:
            why = f"cosmetic (F4): differs from {o.hidden_layer}'s copy only in whitespace or comments"
        else:
            continue
        data = read_layer_file(ws, o.source)
        r = Remove(o.source, layer_dir(ws, o.store, o.app), content_digest(data), why)
        removals[(o.app, ws.key(o.path))].append((o.store, r))
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
