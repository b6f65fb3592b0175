"""Creating and removing overrides: valid targets, atomic copies that never overwrite, fallbacks.

"Override in this layer" copies the file that currently wins into a store's layer at the same
relative path. "Remove override" moves a store's own file away; `plan_removal` says first what
that store, and each child store that inherited the file, will get instead. Writes go through
the small functions at the bottom (`copy_new_file`, `move_back`), which tests can replace; the
trash is passed in by the caller (the desktop app uses Qt's moveToTrash).

Every write is all or nothing: a plan remembers the size and modification time of the file it
was made from and is refused when the file changed since; a copy lands in a temporary file
first and takes its name only once complete; folders made for it are taken back on failure; a
destination whose folder leads out of the workspace (or into another layer) is refused; and
every failure is a `WriteRefused` whose message says what happened and that nothing changed.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat as stat_mod
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from storelayers.resolver import fsio
from storelayers.resolver.errors import WriteRefused
from storelayers.resolver.model import EffectiveFile
from storelayers.resolver.workspace import PACKAGE_JSON, Workspace

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
    source_size: int = -1  # the source as it was shown; the write refuses a source changed since
    source_mtime_ns: int = -1
    within: tuple[Path, ...] = ()  # the copy's folder must really lie inside these (workspace, layer)


@dataclass(frozen=True)
class Fallback:
    """What one store gets for a path once a file is removed."""

    store_key: str
    store_id: str
    before: EffectiveFile | None
    after: EffectiveFile | None  # None: the store no longer has the path
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
    size: int = -1  # the file as the plan saw it; removal refuses a file changed since
    mtime_ns: int = -1
    within: tuple[Path, ...] = ()  # the file's folder must really lie inside these (workspace, layer)


@dataclass(frozen=True)
class UndoRecord:
    """How to take back the last scaffold or removal."""

    kind: str  # "override" or "removal"
    path_abs: Path  # the file created, or the file removed
    trash_path: str = ""  # where a removed file went
    label: str = ""
    digest: str = ""  # sha256 of the content the app wrote (or removed): undo touches only that
    within: tuple[Path, ...] = ()  # the folders `path_abs` must really lie in (workspace, layer)


# ------------------------------------------------------------------ overriding


def override_targets(ws: Workspace, store: str, app: str, path: str) -> tuple[Target, ...]:
    """Every store layer in the chain of `store`, nearest first, each marked valid or not, with why."""
    s = ws.store(store)
    ws.check_app(app)
    entry, ignored = ws.entry(s.key, app, path)
    out: list[Target] = []
    keys = ws.store_chain(s.key)  # the base app is never a target
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
            blocked = _blocked(ws.abs_path(k, app, entry.path), _bounds(ws, k, app))
            if blocked:
                reason = blocked
        out.append(Target(k, sid, dest, not reason, reason))
    return tuple(out)


def _bounds(ws: Workspace, store_key: str, app: str) -> tuple[Path, ...]:
    """The folders a copy into this layer must really stay in: the workspace, then the layer."""
    return ws.root, ws.layer_root(store_key, app)


def _blocked(dest: Path, within: tuple[Path, ...] = ()) -> str:
    if dest.exists() or dest.is_symlink():
        return f"something already exists at {dest.name}"
    for parent in dest.parents:
        if parent.exists() and not parent.is_dir():
            return f"{parent.name} is a file, so no folder can be made there"
        if parent.is_dir():
            break
    return _escapes(dest.parent, within)


def _escapes(folder: Path, within: tuple[Path, ...]) -> str:
    """Why a file written in `folder` would really land outside `within` (symlinks resolved), or ""."""
    if not within:
        return ""
    real = fsio.real_path(str(folder))
    ws_real = fsio.real_path(str(within[0]))
    if not fsio.is_inside(real, ws_real):
        return f"{folder.name}/ leads outside the workspace (to {real}); nothing is written there"
    for layer in within[1:]:
        layer_real = fsio.real_path(str(layer))
        if not fsio.is_inside(layer_real, ws_real):
            return f"this layer's folder leads outside the workspace (to {layer_real}); nothing is written there"
        if not fsio.is_inside(real, layer_real):
            rel = os.path.relpath(real, ws_real).replace(os.sep, "/")
            return f"{folder.name}/ leads into another layer ({rel}); a copy there would change other stores"
    return ""


def plan_override(ws: Workspace, store: str, app: str, path: str, target: str | None = None) -> OverridePlan:
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
    shown = ws.layer(entry.winner_key, app).files[ws.key(entry.path)]
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
        shown.size,
        shown.mtime_ns,
        _bounds(ws, tkey, app),
    )


Progress = Callable[[int, int], None]
"""`progress(done, total)`: bytes copied so far and the source's size."""
Cancelled = Callable[[], bool]
"""`cancelled()`: asked between chunks; True stops the copy, leaving nothing behind."""


class CopyCancelled(WriteRefused):
    """The copy was cancelled through its `cancelled` callback; nothing was written."""


def write_override(
    plan: OverridePlan, progress: Progress | None = None, cancelled: Cancelled | None = None
) -> UndoRecord:
    """Copy the winning file to the plan's destination (folders created, nothing overwritten).

    Refused, with nothing written, when the source changed since the plan, when something now
    exists at the destination, or when its folder leads out of the workspace or the layer. The
    copy streams in fixed-size chunks; `progress(done, total)` is called after each and
    `cancelled()` asked before each (a cancelled copy raises CopyCancelled and leaves nothing).
    Safe to run on a worker thread: it touches no shared state."""
    expect = (plan.source_size, plan.source_mtime_ns) if plan.source_size >= 0 else None
    digest = copy_new_file(
        plan.source_abs, plan.destination_abs, expect=expect, within=plan.within, progress=progress, cancelled=cancelled
    )
    return UndoRecord(
        "override", plan.destination_abs, "", f"override of {plan.path} in {plan.target_id}", digest, plan.within
    )


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
    return RemovalPlan(
        s.key,
        s.id,
        app,
        st.name,
        ws.source(s.key, app, st.name),
        ws.abs_path(s.key, app, st.name),
        tuple(fallbacks),
        st.size,
        st.mtime_ns,
        _bounds(ws, s.key, app),
    )


def remove_file(plan: RemovalPlan, trash: Callable[[Path], str]) -> UndoRecord:
    """Move the plan's file to the trash (never deleted outright). `trash` returns where it went.

    Refused, with the file left where it is, when it changed since the plan was made, or when
    its folder now really lies outside the workspace or the layer (checked again right before
    the move)."""
    escape = _escapes(plan.source_abs.parent, plan.within)
    if escape:
        raise WriteRefused(f"{escape}; nothing was removed")
    now = fsio.stat_path(str(plan.source_abs))
    if now is None:
        raise WriteRefused(f"{plan.source} no longer exists")
    if not stat_mod.S_ISREG(now.st_mode):
        raise WriteRefused(f"{plan.source} is no longer a file; nothing was removed")
    if plan.size >= 0 and (now.st_size, now.st_mtime_ns) != (plan.size, plan.mtime_ns):
        raise WriteRefused(
            f"{plan.source} changed since the removal was planned; nothing was removed, look at it again"
        )
    digest = _digest_of(plan.source_abs, plan.source, follow=True)
    escape = _escapes(plan.source_abs.parent, plan.within)  # a link swapped in meanwhile
    if escape:
        raise WriteRefused(f"{escape}; nothing was removed")
    where = _trash(trash, plan.source_abs, plan.source)
    return UndoRecord(
        "removal", plan.source_abs, where or "", f"removal of {plan.path} from {plan.store_id}", digest, plan.within
    )


def _digest_of(path: Path, shown: str, follow: bool) -> str:
    """sha256 of a regular file, streamed; with `follow=False` a symlink there is refused."""
    try:
        fd, _size = fsio.open_regular(str(path), follow=follow)
    except OSError as exc:
        raise WriteRefused(f"cannot read {shown}: {_why(exc)}; nothing was changed") from exc
    try:
        return fsio.digest_fd(fd)
    except OSError as exc:
        raise WriteRefused(f"cannot read {shown}: {_why(exc)}; nothing was changed") from exc
    finally:
        os.close(fd)


def _trash(trash: Callable[[Path], str], path: Path, shown: str) -> str:
    try:
        return trash(path)
    except WriteRefused:
        raise
    except OSError as exc:
        raise WriteRefused(f"could not move {shown} to the trash: {_why(exc)}; nothing was removed") from exc


def undo(record: UndoRecord, trash: Callable[[Path], str]) -> UndoRecord:
    """Take back a scaffold (its file goes to the trash) or a removal (the file comes back).

    Only what the app wrote is taken back: a file edited since (its digest differs from the one
    recorded at write time) is refused and kept, and so is a file whose folder now leads out of
    the workspace or the layer."""
    name = record.path_abs.name
    if record.kind == "override":
        if not os.path.lexists(record.path_abs):
            raise WriteRefused(f"{name} is already gone")
        escape = _escapes(record.path_abs.parent, record.within)
        if escape:
            raise WriteRefused(f"{escape}; nothing was undone")
        if record.digest and _digest_of(record.path_abs, name, follow=False) != record.digest:
            raise WriteRefused(
                f"{name} was changed since the app wrote it; undo would throw that work away, so it is kept"
            )
        escape = _escapes(record.path_abs.parent, record.within)  # a link swapped in meanwhile
        if escape:
            raise WriteRefused(f"{escape}; nothing was undone")
        where = _trash(trash, record.path_abs, name)
        return UndoRecord("removal", record.path_abs, where or "", f"undo {record.label}", record.digest, record.within)
    if not record.trash_path:
        raise WriteRefused("the trash did not say where the file went; restore it from the trash by hand")
    held = Path(record.trash_path)
    if record.digest and os.path.lexists(held) and _digest_of(held, name, follow=False) != record.digest:
        raise WriteRefused(f"the file in the trash at {held} is not the one removed; nothing was restored")
    move_back(held, record.path_abs, within=record.within)
    return UndoRecord("override", record.path_abs, "", f"undo {record.label}", record.digest, record.within)


# ------------------------------------------------------------------ side effects


def copy_new_file(
    src: Path,
    dest: Path,
    expect: tuple[int, int] | None = None,
    within: tuple[Path, ...] = (),
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> str:
    """Copy `src` to `dest` atomically, creating folders; all or nothing, never an overwrite.
    Returns the sha256 of the bytes written.

    `expect` is the source's (size, mtime_ns) as it was shown: a source changed since is refused.
    `within` are folders the destination must really lie in (symlinks resolved). Any failure
    (disk full, no permission, a race, a cancel) raises WriteRefused and leaves no file and no new
    folder. Where the platform allows (POSIX), the destination's folders are opened one by one
    from the file system root by their real path without following any link, so a link swapped
    in after the check makes the copy fail instead of landing elsewhere; elsewhere the real path
    is checked again right before the final rename."""
    dest = Path(dest)
    if os.path.lexists(dest):
        raise WriteRefused(f"{dest} already exists; nothing was written")
    escape = _escapes(dest.parent, within)
    if escape:
        raise WriteRefused(escape)
    try:
        src_fd, _size = fsio.open_regular(str(src))
    except OSError as exc:
        raise WriteRefused(f"cannot read {src}: {_why(exc)}; nothing was written") from exc
    try:
        st = os.fstat(src_fd)
        if expect is not None and (st.st_size, st.st_mtime_ns) != expect:
            raise WriteRefused(f"{Path(src).name} changed since it was shown; nothing was written, look at it again")
        digest = hashlib.sha256()
        total = st.st_size

        def pieces() -> Iterator[bytes]:
            done = 0
            while True:
                if cancelled is not None and cancelled():
                    raise CopyCancelled(f"copy of {Path(src).name} cancelled; nothing was written")
                chunk = os.read(src_fd, fsio.CHUNK)
                if not chunk:
                    break
                digest.update(chunk)
                done += len(chunk)
                yield chunk
                if progress is not None:
                    progress(done, total)
            if done != total:
                raise WriteRefused(f"{Path(src).name} changed while it was copied; nothing was written")

        mode = stat_mod.S_IMODE(st.st_mode)
        if fsio.HAVE_DIR_FD:
            _copy_via_folder_fds(dest, within, pieces(), mode)
        else:
            _copy_via_paths(dest, within, pieces(), mode)
    except WriteRefused:
        raise
    except OSError as exc:
        raise WriteRefused(f"cannot write {dest}: {_why(exc)}; nothing was written") from exc
    finally:
        os.close(src_fd)
    return digest.hexdigest()


def _real_parts(folder: Path) -> tuple[str, list[str]]:
    """The real path of `folder`'s nearest existing ancestor, and the names still to make below it."""
    missing: list[str] = []
    p = folder
    while not os.path.lexists(p) and p.parent != p:
        missing.append(p.name)
        p = p.parent
    return fsio.real_path(str(p)), list(reversed(missing))


def _copy_via_folder_fds(dest: Path, within: tuple[Path, ...], pieces: Iterator[bytes], mode: int) -> None:
    existing_real, missing = _real_parts(dest.parent)
    # The folders made must stay inside the bounds too: check the real path they will have.
    escape = _escapes(Path(existing_real), within) if within else ""
    if escape:
        raise WriteRefused(escape)
    try:
        folder = fsio.OpenFolder(existing_real, missing)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise WriteRefused(
                f"a folder on the way to {dest.name} was replaced by a link or a file meanwhile; nothing was written"
            ) from exc
        raise
    tmp = ""
    try:
        tmp = fsio.write_temp(str(dest.parent), pieces, mode, dir_fd=folder.fd)
        try:
            os.link(tmp, dest.name, src_dir_fd=folder.fd, dst_dir_fd=folder.fd, follow_symlinks=False)
        except FileExistsError as exc:
            raise WriteRefused(f"{dest} appeared meanwhile; nothing was overwritten") from exc
        except OSError:
            try:
                os.stat(dest.name, dir_fd=folder.fd, follow_symlinks=False)
            except FileNotFoundError:
                os.rename(tmp, dest.name, src_dir_fd=folder.fd, dst_dir_fd=folder.fd)  # no hard links here
                tmp = ""
            else:
                raise WriteRefused(f"{dest} appeared meanwhile; nothing was overwritten") from None
        if tmp:
            fsio.remove_quietly(tmp, folder.fd)
            tmp = ""
    except BaseException:
        if tmp:
            fsio.remove_quietly(tmp, folder.fd)
        folder.roll_back()
        raise
    folder.close()


def _copy_via_paths(dest: Path, within: tuple[Path, ...], pieces: Iterator[bytes], mode: int) -> None:
    made: list[Path] = []
    tmp = ""
    try:
        made = _make_folders(dest.parent)
        escape = _escapes(dest.parent, within)  # a link swapped in while the folders were made
        if escape:
            raise WriteRefused(escape)
        tmp = fsio.write_temp(str(dest.parent), pieces, mode)
        escape = _escapes(dest.parent, within)  # and once more right before the rename
        if escape:
            raise WriteRefused(escape)
        _place(Path(tmp), dest)
        fsio.remove_quietly(tmp)  # normally gone already; a second name for the copy is never left
        tmp = ""
    except BaseException:
        _roll_back(tmp, made)
        raise


def _why(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return f"{exc.strerror or 'No space left on device'} (the disk or quota is full)"
    return exc.strerror or str(exc)


def _make_folders(folder: Path) -> list[Path]:
    """Make `folder` and its missing parents; return the ones made, deepest first (for a roll-back)."""
    missing: list[Path] = []
    p = folder
    while not os.path.lexists(p) and p.parent != p:
        missing.append(p)
        p = p.parent
    for m in reversed(missing):
        m.mkdir()
    return missing


def _roll_back(tmp: str, made: list[Path]) -> None:
    if tmp:
        fsio.remove_quietly(tmp)
    for folder in made:  # deepest first; only folders this copy made, and only while empty
        try:
            folder.rmdir()
        except OSError:
            break


def move_back(src: Path, dest: Path, within: tuple[Path, ...] = ()) -> None:
    """Move a file to `dest` (creating folders), never replacing something already there, and
    never into a folder that really lies outside `within`."""
    if os.path.lexists(dest):
        raise WriteRefused(f"{dest} exists again; the old file stays at {src}")
    if not src.exists():
        raise WriteRefused(f"{src} is no longer in the trash")
    escape = _escapes(dest.parent, within) if within else ""
    if escape:
        raise WriteRefused(f"{escape}; the old file stays at {src}")
    made: list[Path] = []
    try:
        made = _make_folders(dest.parent)
        escape = _escapes(dest.parent, within) if within else ""  # re-checked right before the rename
        if escape:
            raise WriteRefused(f"{escape}; the old file stays at {src}")
        _place(src, dest)
    except WriteRefused:
        _roll_back("", made)
        raise
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP) or not dest.parent.is_dir():
            _roll_back("", made)
            raise WriteRefused(f"cannot put {dest.name} back: {_why(exc)}; it stays at {src}") from exc
        # the trash is on another file system: copy, then remove the original
        copy_new_file(src, dest, within=within)
        try:
            os.unlink(src)
        except OSError:
            pass  # the file is back; a copy left in the trash loses nothing


def _place(src: Path, dest: Path) -> None:
    """Give `src` the name `dest` without ever replacing an existing file."""
    try:
        os.link(src, dest)  # fails with EEXIST instead of overwriting
    except FileExistsError as exc:
        raise WriteRefused(f"{dest} appeared meanwhile; nothing was overwritten") from exc
    except OSError:
        if os.path.lexists(dest):
            raise WriteRefused(f"{dest} appeared meanwhile; nothing was overwritten") from None
        os.rename(src, dest)  # no hard links here (FAT, some network drives): the next best
        return
    try:
        os.unlink(src)
    except OSError:
        pass  # `dest` is complete; the caller tidies `src` where it matters
