"""Applying a plan all-or-nothing, and taking it back.

Every precondition is checked before anything is touched: each path still lies in its layer (links
resolved), each file still has the digest the plan saw (or still does not exist). Then each write
goes to a temporary file in the same folder (synced) and is renamed over the target; each removal
goes to the system trash or, where none works, to the app's backup. A failure half-way puts every
file already written or removed back as it was, and leaves no temporary file behind.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from storelayers.resolver import fsio
from storelayers.resolver.errors import StoreLayersError, WriteRefused
from storelayers.resolver.ops import userdata
from storelayers.resolver.ops.plan import Plan, content_digest


class PlanRefused(StoreLayersError):
    """A precondition does not hold: nothing was changed. `paths` are the files that changed."""

    def __init__(self, message: str, paths: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.paths = tuple(paths)


@dataclass(frozen=True)
class Change:
    """One file's change: from content with digest `expect` (None: absent) to `content` (None: removed)."""

    path: str  # workspace-relative
    layer: str  # workspace-relative folder the path must lie in
    expect: str | None
    content: bytes | None


def changes_of(plan: Plan) -> tuple[Change, ...]:
    """A plan's writes and removals as changes, in the order they are applied."""
    out = [Change(w.path, w.layer, w.expect, w.content) for w in plan.writes]
    out += [Change(r.path, r.layer, r.expect, None) for r in plan.removals]
    return tuple(out)


def _abs(root: str, rel: str) -> Path:
    return Path(root).joinpath(*rel.split("/"))


def _existing_ancestor(path: Path) -> Path:
    p = path
    while not os.path.lexists(p) and p.parent != p:
        p = p.parent
    return p


def check_inside(root: str, change: Change) -> str:
    """Why `change` would land outside its layer or the workspace (links resolved), or ""."""
    if not change.path.startswith(change.layer.rstrip("/") + "/") or ".." in change.path.split("/"):
        return f"{change.path}: does not lie in its layer ({change.layer})"
    root_real = fsio.real_path(root)
    layer = _abs(root, change.layer)
    layer_real = fsio.real_path(str(_existing_ancestor(layer)))
    if not fsio.is_inside(layer_real, root_real):
        return f"{change.path}: its layer folder leads outside the workspace"
    target = _abs(root, change.path)
    if os.path.islink(target):
        return f"{change.path}: is a link; a repair never writes or removes through a link"
    where = fsio.real_path(str(_existing_ancestor(target.parent)))
    if os.path.lexists(layer):
        inside = fsio.is_inside(where, layer_real)
    else:  # the layer folder is made by this change: nothing below its nearest existing folder exists
        inside = where == layer_real
    if not inside:
        return f"{change.path}: leads outside its layer ({change.layer})"
    return ""


def read_current(root: str, changes: Sequence[Change]) -> dict[str, bytes | None]:
    """Check every precondition; returns the current contents (None: absent). PlanRefused when one fails."""
    bad: list[str] = []
    reasons: list[str] = []
    now: dict[str, bytes | None] = {}
    seen: set[str] = set()
    for c in changes:
        if c.path in seen:
            raise PlanRefused(f"{c.path} is changed twice by one plan")
        seen.add(c.path)
        why = check_inside(root, c)
        if why:
            raise PlanRefused(why, (c.path,))
        target = _abs(root, c.path)
        try:
            data: bytes | None = fsio.read_bytes(str(target))
        except FileNotFoundError:
            data = None
        except OSError as exc:
            raise PlanRefused(f"{c.path}: cannot be read ({exc.strerror or exc})", (c.path,)) from None
        now[c.path] = data
        digest = None if data is None else content_digest(data)
        if digest != c.expect:
            bad.append(c.path)
            if c.expect is None:
                reasons.append(f"{c.path}: a file now exists there")
            elif data is None:
                reasons.append(f"{c.path}: no longer exists")
            else:
                reasons.append(f"{c.path}: changed since the plan was made")
    if bad:
        raise PlanRefused("; ".join(reasons), bad)
    return now


@dataclass
class _Done:
    path: str
    before: bytes | None
    where: str = ""  # for a removal: where the file went
    trashed: bool = False
    made: tuple[Path, ...] = ()  # folders this write created


def _make_folders(folder: Path) -> tuple[Path, ...]:
    made = []
    p = folder
    while not p.exists():
        made.append(p)
        p = p.parent
    for f in reversed(made):
        f.mkdir()
    return tuple(made)


def _write_atomic(target: Path, data: bytes) -> None:
    mode = None
    try:
        mode = os.stat(target).st_mode & 0o7777
    except OSError:
        pass
    tmp = fsio.write_temp(str(target.parent), data, mode)
    try:
        os.replace(tmp, target)
    except BaseException:
        fsio.remove_quietly(tmp)
        raise


def _restore(target: Path, data: bytes) -> None:
    """Put contents back during a rollback: atomically when possible, else in place."""
    try:
        _write_atomic(target, data)
    except OSError:
        with open(target, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())


def perform(
    root: str, changes: Sequence[Change], before: dict[str, bytes | None], trash: userdata.Trash
) -> tuple[str, ...]:
    """Make `changes` (preconditions already checked); returns the folders it created (workspace-relative,
    deepest first). On a failure, undo what was done and raise WriteRefused."""
    done: list[_Done] = []
    try:
        for c in changes:
            target = _abs(root, c.path)
            if c.content is not None:
                made = _make_folders(target.parent)
                rec = _Done(c.path, before[c.path], made=made)
                done.append(rec)
                _write_atomic(target, c.content)
            elif before[c.path] is not None:
                rec = _Done(c.path, before[c.path])
                where = trash(target)
                if where is None:
                    rec.where = userdata.backup(target, fsio.real_path(root), c.path)
                else:
                    rec.where, rec.trashed = where, True
                done.append(rec)
    except (OSError, WriteRefused) as exc:
        problems = _roll_back(root, done)
        what = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        name = getattr(exc, "filename", None) or ""
        tail = "; every file is as it was" if not problems else "; could not put back: " + ", ".join(problems)
        raise WriteRefused(f"the repair failed ({what} {name}".rstrip() + f"){tail}") from exc
    base = Path(root)
    return tuple(p.relative_to(base).as_posix() for rec in reversed(done) for p in rec.made)


def _roll_back(root: str, done: list[_Done]) -> list[str]:
    problems = []
    for rec in reversed(done):
        target = _abs(root, rec.path)
        try:
            if rec.where:  # a removal: bring the file back
                try:
                    os.rename(rec.where, target)
                except OSError:
                    assert rec.before is not None
                    _restore(target, rec.before)
                    fsio.remove_quietly(rec.where)
                if rec.trashed:
                    userdata.forget_trashed(rec.where)
            elif rec.before is None:
                if os.path.lexists(target):
                    os.unlink(target)
                for f in rec.made:
                    try:
                        f.rmdir()
                    except OSError:
                        break
            elif not os.path.lexists(target) or fsio.read_bytes(str(target)) != rec.before:
                _restore(target, rec.before)
        except OSError:
            problems.append(rec.path)
    return problems


def apply_changes(root: str, changes: Sequence[Change], trash: userdata.Trash | None = None) -> dict[str, bytes | None]:
    """Check every precondition, then make every change or none. Returns the contents before."""
    before = read_current(root, changes)
    perform(root, changes, before, trash or userdata.system_trash)
    return before


def remove_empty_folders(root: str, folders: Sequence[str]) -> None:
    """Remove folders a repair created once they are empty again (deepest first; others are kept)."""
    for rel in folders:
        try:
            _abs(root, rel).rmdir()
        except OSError:
            pass
