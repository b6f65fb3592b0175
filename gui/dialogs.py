"""The confirmations: override in this layer (pick a valid target, see the exact destination),
remove override (see what each store gets instead), and the keyboard help panel."""

from __future__ import annotations

import html
import os
from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QProgressDialog,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from storelayers.gui.actions import shortcut_table
from storelayers.gui.theme import Theme, mono_font
from storelayers.resolver.names import shown
from storelayers.resolver.ops.scaffold import RemovalPlan, Target

Reach = tuple[tuple[str, ...], tuple[str, ...]]
"""(ids of the stores that would take a new copy, ids of those below that keep a nearer one)."""


class OverrideDialog(QDialog):
    """Offers the chain's store layers; invalid ones are shown disabled with the reason. The chosen
    target's blast radius (`reach`, by target store key) says which stores would take the copy."""

    def __init__(
        self,
        path: str,
        source: str,
        targets: Sequence[Target],
        parent: QWidget | None = None,
        reach: Mapping[str, Reach] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Override in This Layer")
        self.setMinimumWidth(560)
        self.targets = list(targets)
        self.reach = dict(reach or {})
        theme = Theme.current()
        v = QVBoxLayout(self)
        v.setSpacing(8)
        intro = QLabel(
            f"Copy <b>{html.escape(shown(path))}</b> as it wins now<br><span style='color:{theme.hex('text.dim')}'>from {html.escape(shown(source))}</span>"
        )
        intro.setWordWrap(True)
        v.addWidget(intro)
        v.addWidget(QLabel("into the layer of:"))
        self.group = QButtonGroup(self)
        first_valid = None
        for i, t in enumerate(self.targets):
            rb = QRadioButton(shown(t.store_id))
            rb.setEnabled(t.valid)
            self.group.addButton(rb, i)
            v.addWidget(rb)
            if not t.valid:
                why = QLabel(html.escape(shown(t.reason)))
                why.setWordWrap(True)
                why.setStyleSheet(f"color:{theme.hex('text.faint')}; margin-left:24px;")
                v.addWidget(why)
            elif first_valid is None:
                first_valid = rb
        v.addWidget(QLabel("Destination:"))
        self.destination = QLabel("")
        self.destination.setFont(mono_font())
        self.destination.setWordWrap(True)
        self.destination.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v.addWidget(self.destination)
        self.blast = QLabel("")  # which stores the copy reaches
        self.blast.setObjectName("BlastRadius")
        self.blast.setTextFormat(Qt.TextFormat.PlainText)  # store ids are shown as they are
        self.blast.setWordWrap(True)
        v.addWidget(self.blast)
        self.open_after = QCheckBox("Open the new file in my editor")
        v.addWidget(self.open_after)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create Override")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        v.addWidget(self.buttons)
        self.group.idToggled.connect(lambda _i, _on: self._update())
        if first_valid is not None:
            first_valid.setChecked(True)
        self._update()

    def chosen(self) -> Target | None:
        i = self.group.checkedId()
        return self.targets[i] if i >= 0 else None

    def _update(self) -> None:
        t = self.chosen()
        ok = t is not None and t.valid
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        self.blast.setText(self._blast_text(t) if t is not None and ok else "")
        if t is not None and ok:
            self.destination.setText(shown(t.destination))
        else:
            reasons = {x.reason for x in self.targets if not x.valid}
            self.destination.setText("No valid target: " + "; ".join(sorted(map(shown, reasons))) if reasons else "")

    def _blast_text(self, t: Target) -> str:
        if t.store_key not in self.reach:
            return ""
        takes, keeps = self.reach[t.store_key]
        if not takes:
            return "No store takes this copy: every store below has a nearer one."
        n = len(takes)
        text = (
            f"Changes {n} {'store' if n == 1 else 'stores'}: {', '.join(takes)} "
            f"{'takes' if n == 1 else 'take'} this copy (the same content now; every later edit of it too)."
        )
        if keeps:
            text += f" {', '.join(keeps)} {'keeps its' if len(keeps) == 1 else 'keep their'} own."
        return text


class RemoveDialog(QDialog):
    def __init__(self, plan: RemovalPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Remove Override")
        self.setMinimumWidth(560)
        theme = Theme.current()
        v = QVBoxLayout(self)
        head = QLabel(
            f"Move <b>{html.escape(shown(plan.source))}</b> to the trash?<br>"
            f"<span style='color:{theme.hex('text.dim')}'>Afterwards:</span>"
        )
        head.setWordWrap(True)
        v.addWidget(head)
        for fb in plan.fallbacks:
            lab = QLabel("\u2022 " + shown(fb.describe()))
            lab.setTextFormat(Qt.TextFormat.PlainText)  # a store's path may hold ', < or &: shown as it is
            lab.setWordWrap(True)
            if fb.after is None:
                lab.setStyleSheet(f"color:{theme.hex('level.warning')};")
            v.addWidget(lab)
        note = QLabel("You can undo this with Ctrl+Z, or restore the file from the trash.")
        note.setObjectName("Faint")
        v.addWidget(note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Move to Trash")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        v.addWidget(self.buttons)


class NoTrashDialog(QDialog):
    """There is no system trash here: remove the file anyway, keeping the app's own backup for Undo?"""

    def __init__(self, source: str, backup: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("No Trash on This System")
        self.setMinimumWidth(520)
        v = QVBoxLayout(self)
        text = QLabel(
            f"This system has no trash to move {shown(source)} into (common in containers and WSL).\n\n"
            f"Delete it from the workspace anyway? Store Layers keeps a backup in {backup}, "
            "so Undo (Ctrl+Z) brings it back."
        )
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        v.addWidget(text)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Delete, Keep a Backup")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        v.addWidget(self.buttons)


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        self.resize(560, 620)
        theme = Theme.current()
        v = QVBoxLayout(self)
        browser = QTextBrowser()
        rows = []
        by_menu: dict[str, list[tuple[str, str]]] = {}
        for menu, text, key in shortcut_table():  # one heading per menu, however the table is ordered
            by_menu.setdefault(menu, []).append((text, key))
        for menu, entries in by_menu.items():
            rows.append(
                f"<tr><td colspan=2 style='padding-top:10px;color:{theme.hex('text.dim')}'><b>{html.escape(menu)}</b></td></tr>"
            )
            for text, key in entries:
                rows.append(
                    f"<tr><td style='padding:2px 24px 2px 0'>{html.escape(text)}</td>"
                    f"<td><code style='background:{theme.hex('chip')}'>&nbsp;{html.escape(key)}&nbsp;</code></td></tr>"
                )
        legend = (
            "<p style='margin-top:14px'><b>Colours</b> say which layer wins a file (its place in the chain of the store you look at: this store, its parent, \u2026, the base in grey; stores outside that chain are neutral); "
            "<b>glyphs</b> say its status: \u25cf override, \u25cb inherited, \u229e added, \u229c redundant, "
            "\u25c6 special, \u2298 ignored. The review's findings are marked where the file is: "
            "\u25f7 stale, \u2205 orphaned, \u2248 cosmetic. Folders show a bar of which layers provide what is "
            "inside, and how many overrides, additions and findings they hold. Help > Glossary defines every "
            "term.</p>"
        )
        browser.setHtml(f"<table>{''.join(rows)}</table>{legend}")
        v.addWidget(browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        v.addWidget(buttons)


COPY_PROGRESS_BYTES = 16 << 20
"""An override's copy of a file at least this big shows its progress and can be cancelled
(`STORELAYERS_COPY_PROGRESS_BYTES` in the environment sets another threshold)."""

COPY_PROGRESS_AFTER_MS = 500
"""The progress dialog appears only when the copy is still running after this long."""


def copy_progress_threshold() -> int:
    raw = os.environ.get("STORELAYERS_COPY_PROGRESS_BYTES", "")
    try:
        return max(0, int(raw)) if raw.strip() else COPY_PROGRESS_BYTES
    except ValueError:
        return COPY_PROGRESS_BYTES


class CopyProgressDialog(QProgressDialog):
    """The progress of a big file's copy, with Cancel; it appears only after COPY_PROGRESS_AFTER_MS.

    `on_progress` is a slot, so a worker's reports (`gui.tasks.Progress.changed`) arrive queued on
    the GUI thread; Cancel emits `canceled`, which the command turns into the copy's stop flag."""

    STEPS = 1000  # per mille: a byte count does not fit the dialog's int range for files over 2 GiB

    def __init__(self, destination: str, parent: QWidget | None = None) -> None:
        self.base_text = f"Copying {shown(destination)}\u2026"
        super().__init__(self.base_text, "Cancel", 0, self.STEPS, parent)
        self.setObjectName("CopyProgressDialog")
        self.setWindowTitle("Override in This Layer")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumDuration(COPY_PROGRESS_AFTER_MS)
        label = QLabel(self.base_text)
        label.setWordWrap(True)  # a deep destination wraps instead of squeezing the bar
        label.setTextFormat(Qt.TextFormat.PlainText)
        self.setLabel(label)
        bar = QProgressBar()
        bar.setTextVisible(False)  # the app's bars are thin; the label says how far
        self.setBar(bar)
        self.setMinimumWidth(460)
        self.setRange(0, self.STEPS)
        self.setValue(0)  # starts the timer that shows the dialog after the minimum duration

    @Slot(int, int, int)
    def on_progress(self, _job: int, done: int, total: int) -> None:
        self.setValue(min(self.STEPS, done * self.STEPS // total) if total > 0 else 0)
        self.setLabelText(f"{self.base_text}\n{done / 1048576:,.1f} of {total / 1048576:,.1f} MB")
