"""Undo and redo of whole repairs, several levels deep.

The journal of a workspace lives in the user's data folder (`<data>/journal/<digest of the
workspace's real path>/`), never in the workspace: `journal.json` holds the undo and redo stacks,
`blobs/` the contents before and after each change, named by their digest. Undo refuses, naming the
file, when a file has changed since the repair was applied; redo likewise since it was undone.
One process at a time is assumed (the CLI or the app); the journal is rewritten atomically.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storelayers.resolver import fsio
from storelayers.resolver.errors import StoreLayersError, WriteRefused
from storelayers.resolver.ops import userdata
from storelayers.resolver.ops.applying import (
    Change,
    PlanRefused,
    apply_changes,
    changes_of,
    perform,
    read_current,
    remove_empty_folders,
)
from storelayers.resolver.ops.plan import Plan, content_digest
from storelayers.resolver.words import plural

MAX_LEVELS = 50
"""Repairs remembered per workspace; older ones drop off the undo stack."""

VERSION = 1


class NothingToUndo(StoreLayersError):
    """The undo (or redo) stack is empty."""


@dataclass(frozen=True)
class Step:
    """One file of a journal entry: its digest before and after the repair (None: absent)."""

    path: str
    layer: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class Entry:
    """One applied repair as the journal remembers it."""

    kind: str
    title: str
    time: int  # seconds since the epoch
    steps: tuple[Step, ...]
    made: tuple[str, ...] = ()  # folders the repair created, deepest first (removed again by undo when empty)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "time": self.time,
            "steps": [{"path": s.path, "layer": s.layer, "before": s.before, "after": s.after} for s in self.steps],
            "made": list(self.made),
        }

    @staticmethod
    def from_json(data: dict[str, Any]) -> Entry:
        steps = tuple(Step(s["path"], s["layer"], s["before"], s["after"]) for s in data["steps"])
        made = tuple(str(m) for m in data.get("made", ()))
        return Entry(str(data["kind"]), str(data["title"]), int(data["time"]), steps, made)


class Journal:
    """The undo/redo journal of one workspace (by its real path)."""

    def __init__(self, root: str | os.PathLike[str], data: Path | None = None) -> None:
        self.root = fsio.real_path(str(root))
        self.folder = (data or userdata.data_dir()) / "journal" / userdata.workspace_key(self.root)
        self._blobs = self.folder / "blobs"
        self._file = self.folder / "journal.json"

    # ------------------------------------------------------------ storage

    def _read(self) -> tuple[list[Entry], list[Entry]]:
        try:
            raw = self._file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return [], []
        except OSError as exc:
            raise WriteRefused(f"cannot read the repair journal {self._file}: {exc.strerror or exc}") from None
        try:
            data = json.loads(raw)
            return [Entry.from_json(e) for e in data["undo"]], [Entry.from_json(e) for e in data["redo"]]
        except (ValueError, KeyError, TypeError):
            raise WriteRefused(f"the repair journal {self._file} is damaged; move it away to start afresh") from None

    def _write(self, undo: list[Entry], redo: list[Entry]) -> None:
        undo = undo[-MAX_LEVELS:]
        data = {
            "version": VERSION,
            "workspace": self.root,
            "undo": [e.to_json() for e in undo],
            "redo": [e.to_json() for e in redo],
        }
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = fsio.write_temp(str(self.folder), (json.dumps(data, indent=1) + "\n").encode("utf-8"))
        try:
            os.replace(tmp, self._file)
        except BaseException:
            fsio.remove_quietly(tmp)
            raise
        self._prune(undo + redo)

    def _prune(self, entries: list[Entry]) -> None:
        keep = {d for e in entries for s in e.steps for d in (s.before, s.after) if d}
        try:
            names = os.listdir(self._blobs)
        except OSError:
            return
        for name in names:
            if name not in keep and not name.startswith("."):
                fsio.remove_quietly(str(self._blobs / name))

    def _save_blob(self, data: bytes) -> str:
        digest = content_digest(data)
        dest = self._blobs / digest
        if not dest.exists():
            self._blobs.mkdir(parents=True, exist_ok=True)
            tmp = fsio.write_temp(str(self._blobs), data)
            try:
                os.replace(tmp, dest)
            except BaseException:
                fsio.remove_quietly(tmp)
                raise
        return digest

    def _blob(self, digest: str) -> bytes:
        try:
            data = fsio.read_bytes(str(self._blobs / digest))
        except OSError:
            raise WriteRefused(f"the repair journal lost a saved copy ({digest[:12]}); cannot take this back") from None
        if content_digest(data) != digest:
            raise WriteRefused(f"a saved copy in the repair journal is damaged ({digest[:12]})")
        return data

    # ------------------------------------------------------------ public

    def entries(self) -> tuple[tuple[Entry, ...], tuple[Entry, ...]]:
        """(undo stack, redo stack), oldest first."""
        undo, redo = self._read()
        return tuple(undo), tuple(redo)

    def apply(self, plan: Plan, trash: userdata.Trash | None = None) -> Entry:
        """Apply `plan` all-or-nothing and remember it for undo (the redo stack is cleared).

        PlanRefused when a precondition fails, WriteRefused when writing failed (everything rolled back)."""
        if fsio.real_path(plan.root) != self.root:
            raise PlanRefused(f"this plan was made for {plan.root}, not {self.root}")
        self._check_outside()
        changes = changes_of(plan)
        if not changes:
            raise PlanRefused("this plan changes no file: nothing to apply")
        before = read_current(self.root, changes)
        steps = []
        try:
            for c in changes:
                old = before[c.path]
                b = self._save_blob(old) if old is not None else None
                a = self._save_blob(c.content) if c.content is not None else None
                steps.append(Step(c.path, c.layer, b, a))
        except OSError as exc:
            raise WriteRefused(
                f"cannot save copies for undo in {self.folder}: {exc.strerror or exc}; nothing changed"
            ) from None
        undo, _redo = self._read()
        made = perform(self.root, changes, before, trash or userdata.system_trash)
        entry = Entry(plan.kind, plan.title, int(time.time()), tuple(steps), made)
        try:
            self._write([*undo, entry], [])
        except OSError as exc:
            back = [Change(s.path, s.layer, s.after, before[s.path]) for s in reversed(steps)]
            apply_changes(self.root, back, trash)
            remove_empty_folders(self.root, made)
            raise WriteRefused(
                f"cannot write the repair journal: {exc.strerror or exc}; the repair was taken back"
            ) from None
        return entry

    def _check_outside(self) -> None:
        """The journal, the backup and the trash must lie outside the workspace (XDG_DATA_HOME could point in)."""
        for what, folder in (("data folder", self.folder.parent.parent), ("trash", userdata.trash_folder())):
            if folder is not None and fsio.is_inside(fsio.real_path(str(folder)), self.root):
                raise PlanRefused(f"the user's {what} {folder} lies inside the workspace; nothing is written there")

    def undo(self, trash: userdata.Trash | None = None) -> Entry:
        """Take back the newest repair. PlanRefused, naming the files, when one changed since."""
        undo, redo = self._read()
        if not undo:
            raise NothingToUndo("nothing to undo: no repair of this workspace is in the journal")
        self._check_outside()
        entry = undo[-1]
        back = [Change(s.path, s.layer, s.after, self._blob(s.before) if s.before else None) for s in entry.steps]
        self._replay(back, "undo", entry, trash)
        remove_empty_folders(self.root, entry.made)
        self._write(undo[:-1], [*redo, entry])
        return entry

    def redo(self, trash: userdata.Trash | None = None) -> Entry:
        """Apply again the newest repair undone. PlanRefused, naming the files, when one changed since."""
        undo, redo = self._read()
        if not redo:
            raise NothingToUndo("nothing to redo: no repair was undone since the last one")
        self._check_outside()
        entry = redo[-1]
        forth = [Change(s.path, s.layer, s.before, self._blob(s.after) if s.after else None) for s in entry.steps]
        self._replay(forth, "redo", entry, trash)
        self._write([*undo, entry], redo[:-1])
        return entry

    def _replay(self, changes: list[Change], verb: str, entry: Entry, trash: userdata.Trash | None) -> None:
        try:
            apply_changes(self.root, changes, trash)
        except PlanRefused as exc:
            since = "applied" if verb == "undo" else "undone"
            raise PlanRefused(
                f"cannot {verb} '{entry.title}': {plural(len(exc.paths), 'file') if exc.paths else 'a file'} changed since it was {since}: {exc}",
                exc.paths,
            ) from None
