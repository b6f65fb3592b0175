"""The preview of a repair plan before it is applied: the files it writes and removes (each with
why), the diff of each file it rewrites, what every store gets instead, the engine's check of the
composed output, and the items it cannot do. Apply stays on while the plan is applied on the
worker; a refusal (a file changed since the preview) is shown here and nothing is changed.

A move-up's preview also offers the keep-others choice: ticking it asks for a new plan.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from storelayers.gui.theme import Theme, mono_font
from storelayers.resolver.ops.plan import Effect, Plan

TRASH_NOTE = "Removed files go to the trash (or, where there is none, the app's backup folder)."


def effect_text(e: Effect) -> str:
    """One store's outcome, in words: 'fashion-de (deployable) web/a.ts: fashion-de → base, same content'."""
    kind = "deployable" if e.deployable else "template"
    now, then = e.now or "nothing", e.then or "nothing"
    if e.same:
        same = "same content"
    else:
        same = "content changes" + (f" at line {', '.join(map(str, e.lines))}" if e.lines else "")
    return f"{e.store} ({kind}) {e.app}/{e.path}: {now} \u2192 {then}, {same}"


def plan_html(plan: Plan) -> str:
    """The plan's files, effects, notes and blocked items as a small HTML page."""
    theme = Theme.current()
    dim, warn = theme.hex("text.dim"), theme.hex("level.warning")
    esc = html.escape
    out: list[str] = []
    n = len(plan.writes) + len(plan.removals)
    out.append(f"<p><b>{n} file change{'s' if n != 1 else ''}</b></p><ul>")
    for w in plan.writes:
        verb = "Write" if w.expect is not None else "Create"
        out.append(f"<li>{verb} <code>{esc(w.path)}</code><br><span style='color:{dim}'>{esc(w.reason)}</span></li>")
    for r in plan.removals:
        out.append(f"<li>Remove <code>{esc(r.path)}</code><br><span style='color:{dim}'>{esc(r.reason)}</span></li>")
    out.append("</ul>")
    if plan.effects:
        out.append("<p><b>What each store gets</b></p><ul>")
        for e in plan.effects:
            surprise = plan.kind == "cleanup" and e.deployable and not e.same  # a clean-up should change nothing
            style = f" style='color:{warn}'" if surprise else ""
            out.append(f"<li{style}>{esc(effect_text(e))}</li>")
        out.append("</ul>")
    for note in plan.notes:
        out.append(f"<p>{esc(note[0].upper() + note[1:])}</p>")
    if plan.blocked:
        out.append(f"<p style='color:{warn}'><b>Cannot be repaired here ({len(plan.blocked)})</b></p><ul>")
        for b in plan.blocked:
            out.append(f"<li style='color:{warn}'><code>{esc(b.path)}</code>: {esc(b.reason)}</li>")
        out.append("</ul>")
    if plan.removals:
        out.append(f"<p style='color:{dim}'>{esc(TRASH_NOTE)}</p>")
    return "".join(out)


class DiffHighlighter(QSyntaxHighlighter):
    """Colours a unified diff: inserted lines, deleted lines, hunk headers."""

    def __init__(self, doc: QTextDocument) -> None:
        super().__init__(doc)
        theme = Theme.current()
        self.formats = {}
        for prefix, name in (("+", "diff.insert"), ("-", "diff.delete"), ("@", "diff.gutter")):
            f = QTextCharFormat()
            f.setBackground(theme.color(name))
            self.formats[prefix] = f

    def highlightBlock(self, text: str) -> None:
        if text.startswith(("+++", "---")):
            return
        f = self.formats.get(text[:1])
        if f is not None:
            self.setFormat(0, len(text), f)


class PlanDialog(QDialog):
    """Preview of one repair. `apply_requested` asks to apply the plan shown; `keep_others_changed`
    (move-up only) asks for a new plan with or without keeping the other stores' files."""

    apply_requested = Signal(object)  # the Plan
    keep_others_changed = Signal(bool)

    def __init__(self, plan: Plan, parent: QWidget | None = None, keep_others: bool | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PlanDialog")
        self.setWindowTitle("Repair: " + plan.title[:1].upper() + plan.title[1:])
        self.setMinimumWidth(640)
        self.resize(900, 620)
        self.plan = plan
        v = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        f = self.title.font()
        f.setWeight(f.Weight.DemiBold)
        self.title.setFont(f)
        v.addWidget(self.title)
        self.keep_others: QCheckBox | None = None
        if keep_others is not None:
            self.keep_others = QCheckBox(
                "Keep the parent's other stores as they are (each gets a copy of what it has today)"
            )
            self.keep_others.setChecked(keep_others)
            self.keep_others.setToolTip(
                "Unticked: the stores that inherit this file today from farther up take the moved copy."
            )
            self.keep_others.toggled.connect(self._keep_toggled)
            v.addWidget(self.keep_others)
        self.summary = QTextBrowser()
        self.summary.setObjectName("PlanSummary")
        self.summary.setOpenLinks(False)
        self.diff = QPlainTextEdit()
        self.diff.setObjectName("PlanDiff")
        self.diff.setReadOnly(True)
        self.diff.setFont(mono_font())
        self.diff.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self._highlighter = DiffHighlighter(self.diff.document())
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.summary)
        split.addWidget(self.diff)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 2)
        v.addWidget(split, 1)
        self.status = QLabel()
        self.status.setObjectName("PlanStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        v.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button: QPushButton = self.buttons.addButton("Apply", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("ApplyButton")
        self.apply_button.setDefault(True)
        self.buttons.accepted.connect(lambda: self.apply_requested.emit(self.plan))
        self.buttons.rejected.connect(self.reject)
        v.addWidget(self.buttons)
        self.show_plan(plan)

    def show_plan(self, plan: Plan) -> None:
        """Show `plan` (again, after the keep-others choice gave a new one)."""
        self.plan = plan
        self.title.setText(plan.title[:1].upper() + plan.title[1:])
        self.summary.setHtml(plan_html(plan))
        diffs = [w.diff for w in plan.writes if w.diff]
        self.diff.setPlainText("".join(diffs))
        self.diff.setVisible(bool(diffs))
        if plan.empty:
            self.say("Nothing to apply." + (" The items above cannot be repaired here." if plan.blocked else ""))
        else:
            self.say("")
        self.apply_button.setEnabled(not plan.empty)
        if self.keep_others is not None:
            self.keep_others.setEnabled(True)

    def say(self, text: str, warning: bool = False) -> None:
        self.status.setText(text)
        colour = Theme.current().hex("level.error") if warning else ""
        self.status.setStyleSheet(f"color:{colour};" if colour else "")

    def applying(self) -> None:
        self.apply_button.setEnabled(False)
        if self.keep_others is not None:
            self.keep_others.setEnabled(False)
        self.say("Applying\u2026")

    def refused(self, message: str) -> None:
        """The plan was not applied (nothing changed): say why; Apply stays off for this plan."""
        self.say(f"Not applied, nothing was changed: {message}", warning=True)
        self.apply_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Close")

    def _keep_toggled(self, on: bool) -> None:
        self.apply_button.setEnabled(False)
        self.say("Making the plan again\u2026")
        self.keep_others_changed.emit(on)
