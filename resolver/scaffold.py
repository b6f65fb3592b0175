"""Creating and removing overrides: valid targets, atomic copies that never overwrite, fallbacks.

"Override in this layer" copies the file that currently wins into a store's layer at the same
relative path. "Remove override" moves a store's own file away; `plan_removal` says first what
that store, and each child store that inherited the file, will get instead. Writes go through
the small functions at the bottom (`copy_new_file`, `move_back`), which tests can replace; the
trash is passed in by the caller (the desktop app uses Qt's moveToTrash).
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from .errors import WriteRefused
from .model import EffectiveFile
from .workspace import PACKAGE_JSON, Workspace

RULE_9 = (
    "an app-root package.json always comes from the base app (SPEC rule 9): "
    "a store's copy is never used, so it cannot be overridden"
)


@dataclass(frozen=True)
class Target:
    """A store layer offered as the destination of an override, and why it may not be used."""

    store_key: str
    store_id: str
    destination: str  # workspace-relative path the copy would get
    valid: bool
    reason: str = ""  # why not, when not valid


@dataclass(frozen=True)
class OverridePlan:
    """Exactly what "override in this layer" will do."""

    store_key: str  # the store being looked at
    app: str
    path: str  # relative to the app folder
    target_key: str  # the store whose layer receives the copy
    target_id: str
    source: str  # workspace-relative path of the file that wins now
    destination: str  # workspace-relative path of the new override
    source_abs: Path
    destination_abs: Path


@dataclass(frozen=True)
class Fallback:
    """What one store gets for a path once a file is removed."""

    store_key: str
    store_id: str
    before: Optional[EffectiveFile]
    after: Optional[EffectiveFile]  # None: the store no longer has the path
    after_ignored: bool = False

    def describe(self) -> str:
        if self.after is None:
            return f"{self.store_id}: no longer has this file" + (" (ignored)" if self.after_ignored else "")
        return f"{self.store_id}: gets {self.after.layer}'s copy ({self.after.source}), {self.after.status.value}"


@dataclass(frozen=True)
class RemovalPlan:
    """Exactly what "remove override" will do and what each affected store gets instead."""

    store_key: str
    store_id: str
    app: str
    path: str
    source: str  # workspace-relative path of the file to remove
    source_abs: Path
    fallbacks: tuple[Fallback, ...]  # the store first, then the children that used this file


@dataclass(frozen=True)
class UndoRecord:
    """How to take back the last scaffold or removal."""

    kind: str  # "override" or "removal"
    path_abs: Path  # the file created, or the file removed
    trash_path: str = ""  # where a removed file went
    label: str = ""


# ------------------------------------------------------------------ overriding


def override_targets(ws: Workspace, store: str, app: str, path: str) -> tuple[Target, ...]:
    """Every store layer in the chain of `store`, nearest first, each marked valid or not, with why."""
    s = ws.store(store)
    ws.check_app(app)
    entry, ignored = ws.entry(s.key, app, path)
    out: list[Target] = []
    keys = ws.chain(s.key)[:-1]  # the base app is never a target
    win_pos = keys.index(entry.winner_key) if entry is not None and entry.winner_key in keys else len(keys)
    for pos, k in enumerate(keys):
        name = entry.path if entry is not None else path
        dest = ws.source(k, app, name)
        sid = ws.stores[k].id
        reason = ""
        if entry is None:
            if ignored:
                decision = ws.explain(s.key, app, path).ignore
                by = f" by '{decision.pattern}' in {decision.store}'s ignorePaths" if decision else ""
                reason = f"{path} is ignored for {s.id}{by}"
            elif "/" not in path and ws.key(path) == ws.key(PACKAGE_JSON):
                reason = RULE_9
            else:
                reason = f"no layer provides {path} to {s.id}"
        elif entry.special and ws.key(entry.path) == ws.key(PACKAGE_JSON):
            reason = RULE_9
        elif ws.key(entry.path) in ws.layer(k, app).files:
            reason = f"{sid} already has its own {entry.path}" + (" (it wins here)" if pos == win_pos else "")
        elif pos > win_pos:
            reason = f"{sid} is farther than the winning layer '{entry.layer}': a copy there would stay hidden"
        else:
            blocked = _blocked(ws.abs_path(k, app, entry.path))
            if blocked:
                reason = blocked
        out.append(Target(k, sid, dest, not reason, reason))
    return tuple(out)


def _blocked(dest: Path) -> str:
    if dest.exists() or dest.is_symlink():
        return f"something already exists at {dest.name}"
    for parent in dest.parents:
        if parent.exists() and not parent.is_dir():
            return f"{parent.name} is a file, so no folder can be made there"
        if parent.is_dir():
            break
    return ""


def plan_override(ws: Workspace, store: str, app: str, path: str, target: Optional[str] = None) -> OverridePlan:
    """The copy "override in this layer" would make. Raises WriteRefused with the reason when invalid."""
    s = ws.store(store)
    tkey = ws.store(target).key if target else s.key
    targets = {t.store_key: t for t in override_targets(ws, s.key, app, path)}
    t = targets.get(tkey)
    if t is None:
        raise WriteRefused(f"{ws.stores[tkey].id} is not in {s.id}'s chain for {app}")
    if not t.valid:
        raise WriteRefused(t.reason)
    entry, _ = ws.entry(s.key, app, path)
    assert entry is not None
    return OverridePlan(
        s.key,
        app,
        entry.path,
        tkey,
        t.store_id,
        entry.source,
        t.destination,
        ws.root / entry.source,
        ws.abs_path(tkey, app, entry.path),
    )


def write_override(plan: OverridePlan) -> UndoRecord:
    """Copy the winning file to the plan's destination (folders created, nothing overwritten)."""
    copy_new_file(plan.source_abs, plan.destination_abs)
    return UndoRecord("override", plan.destination_abs, "", f"override of {plan.path} in {plan.target_id}")


# ------------------------------------------------------------------ removing


def plan_removal(ws: Workspace, store: str, app: str, path: str) -> RemovalPlan:
    """What removing `store`'s own file at `path` changes, store by store. Raises WriteRefused."""
    s = ws.store(store)
    ws.check_app(app)
    listing = ws.layer(s.key, app)
    key = ws.key(path)
    st = listing.files.get(key)
    if st is None:
        raise WriteRefused(f"{s.id} has no file of its own at {path} for {app}")
    after_ws = ws.without_file(s.key, app, st.name)
    fallbacks = []
    for k in ws.descendants(s.key):
        before, _ = ws.entry(k, app, st.name)
        if k != s.key and (before is None or before.winner_key != s.key):
            continue  # this child has its own copy (or ignores it): unaffected
        after, after_ignored = after_ws.entry(k, app, st.name)
        fallbacks.append(Fallback(k, ws.stores[k].id, before, after, after_ignored))
    return RemovalPlan(s.key, s.id, app, st.name, ws.source(s.key, app, st.name), ws.abs_path(s.key, app, st.name), tuple(fallbacks))


def remove_file(plan: RemovalPlan, trash: Callable[[Path], str]) -> UndoRecord:
    """Move the plan's file to the trash (never deleted outright). `trash` returns where it went."""
    if not plan.source_abs.is_file():
        raise WriteRefused(f"{plan.source} no longer exists")
    where = trash(plan.source_abs)
    return UndoRecord("removal", plan.source_abs, where or "", f"removal of {plan.path} from {plan.store_id}")


def undo(record: UndoRecord, trash: Callable[[Path], str]) -> UndoRecord:
    """Take back a scaffold (its file goes to the trash) or a removal (the file comes back)."""
    if record.kind == "override":
        if not record.path_abs.exists():
            raise WriteRefused(f"{record.path_abs.name} is already gone")
        where = trash(record.path_abs)
        return UndoRecord("removal", record.path_abs, where or "", f"undo {record.label}")
    if not record.trash_path:
        raise WriteRefused("the trash did not say where the file went; restore it from the trash by hand")
    move_back(Path(record.trash_path), record.path_abs)
    return UndoRecord("override", record.path_abs, "", f"undo {record.label}")


# ------------------------------------------------------------------ side effects


def copy_new_file(src: Path, dest: Path) -> None:
    """Copy `src` to `dest` atomically, creating folders; refuses when `dest` exists."""
    if dest.exists() or dest.is_symlink():
        raise WriteRefused(f"{dest} already exists; nothing was written")
    try:
        data = Path(src).read_bytes()
    except OSError as exc:
        raise WriteRefused(f"cannot read {src}: {exc.strerror or exc}") from exc
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".storelayers-", dir=dest.parent)
    except OSError as exc:
        raise WriteRefused(f"cannot write in {dest.parent}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            mode = os.stat(src).st_mode & 0o777
            os.chmod(tmp, mode)
        except OSError:
            pass
        _place(Path(tmp), dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def move_back(src: Path, dest: Path) -> None:
    """Move a file to `dest` (creating folders), never replacing something already there."""
    if dest.exists() or dest.is_symlink():
        raise WriteRefused(f"{dest} exists again; the old file stays at {src}")
    if not src.exists():
        raise WriteRefused(f"{src} is no longer in the trash")
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        _place(src, dest)
    except WriteRefused:
        raise
    except OSError:  # another file system: copy, then remove the original
        copy_new_file(src, dest)
        os.unlink(src)


def _place(src: Path, dest: Path) -> None:
    """Give `src` the name `dest` without ever replacing an existing file."""
    try:
        os.link(src, dest)  # fails with EEXIST instead of overwriting
    except FileExistsError as exc:
        raise WriteRefused(f"{dest} appeared meanwhile; nothing was overwritten") from exc
    except OSError:
        if dest.exists():
            raise WriteRefused(f"{dest} appeared meanwhile; nothing was overwritten")
        os.rename(src, dest)
        return
    os.unlink(src)
