"""One Undo stack for everything the app changes on disk.

Two kinds of change share it, newest first: layer edits (override in this layer, remove override:
`resolver.ops.scaffold`'s undo record) and repairs (rebase, clean up, move up, orphans: whole plans
in `resolver.ops.journal`, kept in the user's data folder). Ctrl+Z takes back the newest of either
kind; Ctrl+Shift+Z applies again the newest repair taken back. A layer edit has no redo in the
engine (its undo record knows how to go back only), so taking one back ends what can be redone.

Each step knows how to undo (and a repair how to redo) itself, possibly on the worker; it reports
back whether it did (`done(True)`), and a refused step stays where it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

Done = Callable[[bool], None]
Run = Callable[[Done], None]


@dataclass(frozen=True)
class Step:
    """One change the app made: what the user reads, how to take it back, and (repairs) redo it."""

    label: str
    undo: Run
    redo: Run | None = None  # None: a layer edit, which cannot be redone


class UndoHistory(QObject):
    """The app's undo and redo stacks, oldest first."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        self._running = False  # an undo or redo is under way (on the worker): one at a time

    def push(self, step: Step) -> None:
        """A new change was made: it is the next to undo, and nothing can be redone any more."""
        self._undo.append(step)
        self._redo.clear()
        self.changed.emit()

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()
        self.changed.emit()

    @property
    def can_undo(self) -> bool:
        return bool(self._undo) and not self._running

    @property
    def can_redo(self) -> bool:
        return bool(self._redo) and not self._running

    def undo_label(self) -> str:
        return self._undo[-1].label if self._undo else ""

    def redo_label(self) -> str:
        return self._redo[-1].label if self._redo else ""

    def undo(self) -> None:
        if not self.can_undo:
            return
        step = self._undo.pop()
        self._running = True
        self.changed.emit()

        def done(ok: bool) -> None:
            self._running = False
            if not ok:
                self._undo.append(step)
            elif step.redo is not None:
                self._redo.append(step)
            else:
                self._redo.clear()  # a layer edit cannot come back: what was undone before it neither
            self.changed.emit()

        step.undo(done)

    def redo(self) -> None:
        if not self.can_redo:
            return
        step = self._redo.pop()
        assert step.redo is not None
        self._running = True
        self.changed.emit()

        def done(ok: bool) -> None:
            self._running = False
            (self._undo if ok else self._redo).append(step)
            self.changed.emit()

        step.redo(done)
