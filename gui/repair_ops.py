"""The repairs of the review's findings, as commands (issue 12): rebase a stale override, remove
redundant and cosmetic overrides, move a hotspot up, move or remove an orphan.

Every repair goes the same way: the engine makes the plan on the worker (`resolver.ops`), a
preview shows it (`review.plan_dialog`), the journal applies it all-or-nothing on the worker
(`resolver.ops.journal`: every file must still be as the preview saw it), and the applied plan
goes onto the app's one undo stack (`gui.undo`) beside the layer edits. A conflicting rebase opens
the merge view (`review.merge_view`) instead; its result is saved the same way. The commands see
the window only through `window_api.RepairHost`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storelayers.gui import errors
from storelayers.gui.review.merge_view import MergeDialog
from storelayers.gui.review.plan_dialog import PlanDialog
from storelayers.gui.undo import Done, Step, UndoHistory
from storelayers.gui.window_api import RepairHost
from storelayers.resolver import Workspace
from storelayers.resolver.content import decode, looks_binary
from storelayers.resolver.errors import StoreLayersError
from storelayers.resolver.ops.applying import PlanRefused
from storelayers.resolver.ops.journal import Entry, Journal
from storelayers.resolver.ops.merge import plan_rebase, plan_resolved
from storelayers.resolver.ops.orphans import plan_orphans
from storelayers.resolver.ops.plan import Plan, content_digest
from storelayers.resolver.ops.repairs import RepairError, plan_cleanup, plan_move_up, read_layer_file
from storelayers.resolver.review.findings import Hotspot, OrphanedFile, OverrideFinding, StaleOverride


@dataclass(frozen=True)
class MergeNeeded:
    """A rebase that conflicts: what the merge view shows, read on the worker."""

    finding: StaleOverride
    versions: tuple[str, str, str]  # base then, base now, ours
    merged: str
    expect: str  # the override's digest when the merge was made
    crlf: bool
    encoding: str


def _text(data: bytes | None, what: str) -> tuple[str, str]:
    if data is None:
        return "", "utf-8"
    if looks_binary(data[:8192]):
        raise RepairError(f"{what} is a binary file: it cannot be merged here")
    text, enc = decode(data)
    if "undecodable" in enc:
        raise RepairError(f"{what} is not valid UTF-8 text: merge it in your editor (storelayers fix rebase --json)")
    return text, enc


def _merge_data(ws: Workspace, finding: StaleOverride) -> Plan | MergeNeeded:
    """The rebase plan of one stale override, or what the merge view needs when it conflicts (worker)."""
    o = finding.override
    before = read_layer_file(ws, o.source)
    plan = plan_rebase(ws, o.store, o.app, o.path)
    conflict = next((b for b in plan.blocked if b.path == o.source and b.conflicts), None)
    if conflict is None:
        return plan
    if content_digest(read_layer_file(ws, o.source)) != content_digest(before):
        raise RepairError(f"{o.source} changed while it was being merged; try again")
    mine, enc = _text(before, o.source)
    then, _ = _text(finding.parent_then, f"{o.hidden_source} as it was")
    now, _ = _text(read_layer_file(ws, o.hidden_source), o.hidden_source)
    merged, _ = _text(conflict.merged, "the merge")
    crlf = mine.count("\r\n") * 2 > mine.count("\n")
    if crlf:
        merged = merged.replace("\r\n", "\n")
        mine, then, now = (t.replace("\r\n", "\n") for t in (mine, then, now))
    return MergeNeeded(finding, (then, now, mine), merged, content_digest(before), crlf, enc)


class RepairCommands:
    """Plan, preview, apply and take back repairs; one at a time per dialog."""

    def __init__(self, host: RepairHost, history: UndoHistory) -> None:
        self.host = host
        self.history = history

    # ------------------------------------------------------------ the repairs

    def run(self, kind: str, payload: object) -> None:
        """A repair asked for by the review or the explorer: kind and the finding(s) it is for."""
        if kind == "rebase" and isinstance(payload, StaleOverride):
            self.rebase(payload)
        elif kind == "remove" and isinstance(payload, (list, tuple)):
            self.cleanup(payload)
        elif kind == "move-up" and isinstance(payload, Hotspot):
            self.move_up(payload)
        elif kind in ("orphan-move", "orphan-remove") and isinstance(payload, OrphanedFile):
            self.orphan(payload, follow_rename=kind == "orphan-move")

    def rebase(self, finding: StaleOverride) -> None:
        o = finding.override
        self._plan(f"Merging {o.source}\u2026", lambda ws: _merge_data(ws, finding), self._rebase_planned)

    def _rebase_planned(self, result: Plan | MergeNeeded) -> None:
        if isinstance(result, MergeNeeded):
            self.open_merge(result)
        else:
            self.preview(result)

    def cleanup(self, findings: Sequence[OverrideFinding]) -> None:
        if not findings:
            return
        only = frozenset(f.override.source for f in findings)
        stores = {f.override.store for f in findings}
        store = next(iter(stores)) if len(stores) == 1 else None
        cosmetic = any(f.override.cosmetic for f in findings)
        self._plan(
            f"Planning the removal of {len(only)} override(s)\u2026",
            lambda ws: plan_cleanup(ws, store, cosmetic, only),
            self.preview,
        )

    def move_up(self, hotspot: Hotspot, keep_others: bool = False) -> None:
        parent = hotspot.parent
        if parent is None:
            self.host.say("A copy the top-level stores share moves into the base apps by hand: Move up is for stores")
            return

        def make(keep: bool) -> Callable[[Workspace], Plan]:
            return lambda ws: plan_move_up(ws, hotspot.app, hotspot.path, parent, keep)

        def planned(plan: Plan) -> None:
            dlg = self.preview(plan, keep_others)
            if dlg is None:
                return

            def replan(keep: bool) -> None:
                self._plan("Making the plan again\u2026", make(keep), dlg.show_plan, dlg)

            dlg.keep_others_changed.connect(replan)

        self._plan(f"Planning to move {hotspot.app}/{hotspot.path} up\u2026", make(keep_others), planned)

    def orphan(self, orphan: OrphanedFile, follow_rename: bool) -> None:
        self._plan(
            f"Planning the repair of {orphan.source}\u2026",
            lambda ws: plan_orphans(ws, orphan.store, frozenset({orphan.source}), follow_rename),
            self.preview,
        )

    # ------------------------------------------------------------ plan, preview, apply

    def _plan(
        self,
        busy: str,
        make: Callable[[Workspace], Any],
        then: Callable[[Any], object],
        dlg: PlanDialog | None = None,
    ) -> None:
        ws = self.host.ws
        if ws is None:
            return
        self.host.busy(busy)

        def done(result: object) -> None:
            self.host.idle("")
            then(result)

        def failed(exc: BaseException) -> None:
            self.host.idle("Repair not planned")
            if dlg is not None:
                dlg.refused(errors.user_message(exc))
            else:
                errors.report(exc, "Repair not planned")

        self.host.tasks.run("repair-plan", lambda: make(ws), done, failed)

    def preview(self, plan: Plan, keep_others: bool | None = None) -> PlanDialog | None:
        """Show a plan; Apply applies it. A plan with nothing to do and nothing blocked is only said."""
        if plan.empty and not plan.blocked:
            self.host.say("Nothing to repair" + (f": {plan.notes[0]}" if plan.notes else ""))
            return None
        dlg = PlanDialog(plan, self.host.dialog_parent(), keep_others)
        dlg.apply_requested.connect(lambda p: self.apply(p, dlg))
        dlg.finished.connect(dlg.deleteLater)
        dlg.open()
        return dlg

    def apply(self, plan: Plan, dlg: PlanDialog | MergeDialog) -> None:
        """Apply `plan` on the worker, all-or-nothing; `dlg` closes when done or says why not."""
        if isinstance(dlg, PlanDialog):
            dlg.applying()
        self.host.busy(f"Applying: {plan.title}\u2026")

        def done(entry: Entry) -> None:
            dlg.accept()
            self.history.push(Step(entry.title, self._undoer(entry), self._redoer(entry)))
            self.host.idle(f"Applied: {entry.title} (Ctrl+Z to undo)")
            self._refresh(entry)

        def failed(exc: BaseException) -> None:
            self.host.idle("Repair not applied: nothing was changed")
            dlg.refused(errors.user_message(exc))
            if not isinstance(exc, (StoreLayersError, OSError)):
                errors.report(exc, "Repair not applied")  # a bug: its traceback goes to the terminal

        self.host.tasks.run("repair-apply", lambda: Journal(plan.root).apply(plan), done, failed)

    def _refresh(self, entry: Entry) -> None:
        ws = self.host.ws
        if ws is None:
            return
        paths = [Path(ws.root).joinpath(*s.path.split("/")) for s in entry.steps]
        self.host.refresh_paths(paths, self.host.review_now)

    # ------------------------------------------------------------ merge view

    def open_merge(self, data: MergeNeeded) -> MergeDialog:
        dlg = MergeDialog(data.finding, data.versions, data.merged, data.crlf, data.encoding, self.host.dialog_parent())
        dlg.finished.connect(dlg.deleteLater)

        def save(content: bytes) -> None:
            finding = data.finding

            def make(ws: Workspace) -> Plan:
                return plan_resolved(ws, finding, content, data.expect)

            def planned(plan: object) -> None:
                assert isinstance(plan, Plan)
                self.apply(plan, dlg)

            ws = self.host.ws
            if ws is None:
                return
            self.host.tasks.run(
                "repair-plan", lambda: make(ws), planned, lambda exc: dlg.refused(errors.user_message(exc))
            )

        dlg.save_requested.connect(save)
        dlg.open()
        return dlg

    # ------------------------------------------------------------ undo, redo

    def _undoer(self, entry: Entry) -> Callable[[Done], None]:
        return lambda done: self._replay(entry, done, "undo")

    def _redoer(self, entry: Entry) -> Callable[[Done], None]:
        return lambda done: self._replay(entry, done, "redo")

    def _replay(self, entry: Entry, done: Done, verb: str) -> None:
        ws = self.host.ws
        if ws is None:
            done(False)
            return
        journal = Journal(ws.root)

        def work() -> Entry:
            undo, redo = journal.entries()
            top = (undo if verb == "undo" else redo)[-1:]
            if not top or (top[0].title, top[0].time) != (entry.title, entry.time):
                raise PlanRefused(
                    f"cannot {verb} '{entry.title}': the repair journal's newest entry is another repair "
                    "(made outside the app, e.g. by `storelayers fix`); take that one back first"
                )
            return journal.undo() if verb == "undo" else journal.redo()

        def ok(e: Entry) -> None:
            self.host.idle(("Undone: " if verb == "undo" else "Redone: ") + e.title)
            done(True)
            self._refresh(e)

        def failed(exc: BaseException) -> None:
            self.host.idle("Nothing was changed")
            errors.report(exc, "Cannot undo" if verb == "undo" else "Cannot redo")
            done(False)

        self.host.busy(("Undoing" if verb == "undo" else "Redoing") + f": {entry.title}\u2026")
        self.host.tasks.run(f"repair-{verb}", work, ok, failed)
