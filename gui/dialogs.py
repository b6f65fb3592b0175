"""The confirmations: override in this layer (pick a valid target, see the exact destination),
remove override (see what each store gets instead), and the keyboard help panel."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from storelayers.gui.actions import shortcut_table
from storelayers.gui.theme import Theme, mono_font
from storelayers.resolver.ops.scaffold import RemovalPlan, Target


class OverrideDialog(QDialog):
    """Offers the chain's store layers; invalid ones are shown disabled with the reason."""

    def __init__(self, path: str, source: str, targets: Sequence[Target], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Override in This Layer")
        self.setMinimumWidth(560)
        self.targets = list(targets)
        theme = Theme.current()
        v = QVBoxLayout(self)
        v.setSpacing(8)
        intro = QLabel(
            f"Copy <b>{html.escape(path)}</b> as it wins now<br><span style='color:{theme.hex('text.dim')}'>from {html.escape(source)}</span>"
        )
        intro.setWordWrap(True)
        v.addWidget(intro)
        v.addWidget(QLabel("into the layer of:"))
        self.group = QButtonGroup(self)
        first_valid = None
        for i, t in enumerate(self.targets):
            rb = QRadioButton(t.store_id)
            rb.setEnabled(t.valid)
            self.group.addButton(rb, i)
            v.addWidget(rb)
            if not t.valid:
                why = QLabel(html.escape(t.reason))
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
        if t is not None and ok:
            self.destination.setText(t.destination)
        else:
            reasons = {x.reason for x in self.targets if not x.valid}
            self.destination.setText("No valid target: " + "; ".join(sorted(reasons)) if reasons else "")


class RemoveDialog(QDialog):
    def __init__(self, plan: RemovalPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Remove Override")
        self.setMinimumWidth(560)
        theme = Theme.current()
        v = QVBoxLayout(self)
        head = QLabel(
            f"Move <b>{html.escape(plan.source)}</b> to the trash?<br>"
            f"<span style='color:{theme.hex('text.dim')}'>Afterwards:</span>"
        )
        head.setWordWrap(True)
        v.addWidget(head)
        for fb in plan.fallbacks:
            lab = QLabel("\u2022 " + fb.describe())
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
            f"This system has no trash to move {source} into (common in containers and WSL).\n\n"
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
            "\u25c6 special, \u2298 ignored. Folders show a bar of which layers provide what is inside, "
            "and how many overrides and additions they hold.</p>"
        )
        browser.setHtml(f"<table>{''.join(rows)}</table>{legend}")
        v.addWidget(browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        v.addWidget(buttons)
