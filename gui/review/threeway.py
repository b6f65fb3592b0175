"""Three versions of a stale override side by side: the parent as the override last saw it, the
parent now, and the override now. Two diffs share the left column (the parent then): what the
parent changed since, and what the override changes. Diffs come from `resolver.diff` and are
painted by the app's own diff canvas.

The dialog shows at once; the versions (read from git and disk) and their diffs are made on a
worker (`three_way_diffs`) and shown when they arrive (`show_diffs`).
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget
from storelayers.gui.diff_view import DiffCanvas
from storelayers.gui.text import plural
from storelayers.resolver.content import Text
from storelayers.resolver.diff import FileDiff, Side, diff_texts
from storelayers.resolver.report.document import iso
from storelayers.resolver.review.findings import StaleOverride

Pair = tuple[FileDiff | None, str]  # a diff, or why there is none


def _pair(left: Side, lt: Text, right: Side, rt: Text) -> Pair:
    for side, t in ((left, lt), (right, rt)):
        if t.kind != "text":
            return None, f"{side.label}: {t.message}"
    return FileDiff(left, right, "text", diff_texts(lt.text, rt.text)), ""


def _sides(finding: StaleOverride) -> tuple[Side, Side, Side]:
    o = finding.override
    c = finding.override_commit
    return (
        Side(f"{o.hidden_layer} at {c.sha[:8]} ({iso(c.time)[:10]})", o.hidden_source),
        Side(f"{o.hidden_layer} now", o.hidden_source),
        Side(f"{o.store_id} now", o.source),
    )


def three_way_diffs(finding: StaleOverride, versions: tuple[Text, Text, Text]) -> tuple[Pair, Pair]:
    """(parent then -> parent now, parent then -> override now): plain data, for any thread."""
    then_side, now_side, mine_side = _sides(finding)
    then, parent_now, mine = versions
    return _pair(then_side, then, now_side, parent_now), _pair(then_side, then, mine_side, mine)


def change_counter(current: int, count: int) -> str:
    """'change 2 of 4' under a pane ('no changes' for none)."""
    if count <= 0:
        return "no changes"
    if current < 0:
        return plural(count, "change")
    return f"change {current + 1} of {count}"


class ThreeWayDialog(QDialog):
    """Shows one stale override's three versions as two diffs against the parent then.

    F7 / Shift+F7 (as in the explorer's diff) walk the changes of the pane the keyboard is in, the
    parent's changes first; each pane says which change it shows ("change 2 of 4")."""

    def __init__(self, finding: StaleOverride, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        o = finding.override
        self.finding = finding
        self.files = frozenset((o.source, o.hidden_source))  # workspace-relative: what it follows on disk
        self.setWindowTitle(f"Stale override: {o.store_id} / {o.app}/{o.path}")
        self.resize(1280, 720)
        head = QLabel(
            f"<b>{_esc(o.source)}</b> is {plural(finding.commits_behind, 'commit')} and {plural(finding.days_behind, 'day')} "
            f"behind <b>{_esc(o.hidden_source)}</b>. Left: what the parent changed since the override's last "
            f"commit. Right: what the override changes from that same version."
        )
        head.setWordWrap(True)
        self.parent_diff = DiffCanvas(self)
        self.override_diff = DiffCanvas(self)
        for canvas in (self.parent_diff, self.override_diff):
            canvas.set_diff(None, "Reading the three versions\u2026")
        self.counters: dict[DiffCanvas, QLabel] = {}
        panes = QHBoxLayout()
        for title, canvas, name in (
            ("Parent then → parent now", self.parent_diff, "ParentCounter"),
            ("Parent then → override now", self.override_diff, "OverrideCounter"),
        ):
            box = QVBoxLayout()
            top = QHBoxLayout()
            top.addWidget(QLabel(f"<b>{title}</b>"), 1)
            counter = QLabel("")
            counter.setObjectName(name)
            counter.setToolTip("F7: next change · Shift+F7: previous change (in the pane you clicked)")
            top.addWidget(counter)
            self.counters[canvas] = counter
            canvas.current_changed.connect(lambda i, n, c=counter: c.setText(change_counter(i, n)))
            box.addLayout(top)
            box.addWidget(canvas, 1)
            panes.addLayout(box, 1)
        for keys, step in (("F7", 1), ("Shift+F7", -1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(lambda step=step: self.step_change(step))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addLayout(panes, 1)
        layout.addWidget(buttons)

    def active_canvas(self) -> DiffCanvas:
        """The pane the keyboard is in (the parent's changes when neither is)."""
        return self.override_diff if self.override_diff.hasFocus() else self.parent_diff

    def step_change(self, step: int) -> None:
        canvas = self.active_canvas()
        if step > 0:
            canvas.next_change()
        else:
            canvas.previous_change()

    def show_diffs(self, diffs: tuple[Pair, Pair]) -> None:
        """The two diffs, made on a worker by `three_way_diffs`."""
        (parent_fd, parent_msg), (override_fd, override_msg) = diffs
        self.parent_diff.set_diff(parent_fd, parent_msg)
        self.override_diff.set_diff(override_fd, override_msg)

    def show_failure(self, message: str) -> None:
        for canvas in (self.parent_diff, self.override_diff):
            canvas.set_diff(None, message)


def _esc(text: str) -> str:
    from html import escape

    return escape(text)
