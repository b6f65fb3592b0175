"""The merge view of a conflicting rebase (SPEC F1, issue 12): the three versions and the result.

Above: the hidden file as it was at the override's last commit (base then), the hidden file now
(theirs: the parent's newer changes) and the override (ours: the store's own changes). Below: the
result, as `git merge-file --diff3` left it, editable, each conflict marked. F7 / Shift+F7 go to
the next / previous conflict ("conflict 2 of 5"); Take theirs / ours / both replace the current
conflict with that side. Save is on only when no conflict marker is left; the command then writes
the result through the plan machinery (the override must still be as it was when the merge was
made), undoable like every repair.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)
from storelayers.gui.text import plural
from storelayers.gui.theme import Theme, mono_font
from storelayers.resolver.ops.merge import has_conflict_markers
from storelayers.resolver.report.document import iso
from storelayers.resolver.review.findings import StaleOverride


@dataclass(frozen=True)
class Conflict:
    """One conflict hunk of a merge result: its lines (0-based, `end` is the `>>>>>>>` line) and sides."""

    start: int
    end: int
    ours: str
    base: str
    theirs: str


def _marker(line: str, mark: str) -> bool:
    return line.startswith(mark) and (len(line.rstrip("\r\n")) == 7 or line[7:8] == " ")


def find_conflicts(text: str) -> list[Conflict]:
    """The conflict hunks of a `--diff3` merge result, in order (a hunk without its end is not one)."""
    out: list[Conflict] = []
    lines = text.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        if not _marker(lines[i], "<<<<<<<"):
            i += 1
            continue
        parts: dict[str, list[str]] = {"ours": [], "base": [], "theirs": []}
        start, part, j = i, "ours", i + 1
        while j < len(lines):
            line = lines[j]
            if _marker(line, "|||||||") and part == "ours":
                part = "base"
            elif _marker(line, "=======") and part in ("ours", "base"):
                part = "theirs"
            elif _marker(line, ">>>>>>>") and part == "theirs":
                break
            elif _marker(line, "<<<<<<<"):
                j = len(lines)  # a new hunk before this one ended: not a hunk
                break
            else:
                parts[part].append(line)
            j += 1
        if j >= len(lines):
            i = start + 1
            continue
        out.append(Conflict(start, j, "".join(parts["ours"]), "".join(parts["base"]), "".join(parts["theirs"])))
        i = j + 1
    return out


def _pane(title: str, text: str) -> tuple[QWidget, QPlainTextEdit]:
    box = QWidget()
    v = QVBoxLayout(box)
    v.setContentsMargins(0, 0, 0, 0)
    label = QLabel(title)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    v.addWidget(label)
    edit = QPlainTextEdit()
    edit.setReadOnly(True)
    edit.setFont(mono_font())
    edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    edit.setPlainText(text)
    v.addWidget(edit, 1)
    return box, edit


class MergeDialog(QDialog):
    """Resolve a conflicting rebase by hand. `save_requested(bytes)` carries the finished result."""

    save_requested = Signal(bytes)

    def __init__(
        self,
        finding: StaleOverride,
        versions: tuple[str, str, str],
        merged: str,
        crlf: bool = False,
        encoding: str = "utf-8",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("MergeDialog")
        self.finding = finding
        self.crlf = crlf
        self.encoding = encoding
        o = finding.override
        c = finding.override_commit
        self.setWindowTitle(f"Merge: {o.store_id} / {o.app}/{o.path}")
        self.resize(1280, 720)
        esc = html.escape
        then, now, mine = versions
        n = len(find_conflicts(merged))
        self.head = QLabel(
            f"<b>{esc(o.source)}</b> is {plural(finding.commits_behind, 'commit')} behind "
            f"<b>{esc(o.hidden_source)}</b>; merging them left {plural(n, 'conflict')}. Take a side for each "
            "conflict or edit the result; Save is possible once no conflict marker is left."
        )
        self.head.setWordWrap(True)
        panes = QSplitter(Qt.Orientation.Horizontal)
        edits: list[QPlainTextEdit] = []
        for title, text, name in (
            (f"<b>Base then</b> \u00b7 {esc(o.hidden_layer)} at {c.sha[:8]} ({iso(c.time)[:10]})", then, "BaseThen"),
            (f"<b>Theirs: base now</b> \u00b7 {esc(o.hidden_layer)}", now, "BaseNow"),
            (f"<b>Ours: the override</b> \u00b7 {esc(o.store_id)}", mine, "Ours"),
        ):
            box, edit = _pane(title, text)
            edit.setObjectName(name)
            panes.addWidget(box)
            edits.append(edit)
        self.base_then, self.base_now, self.ours = edits

        self.editor = QPlainTextEdit()
        self.editor.setObjectName("MergeResult")
        self.editor.setFont(mono_font())
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editor.setPlainText(merged)
        self.previous_button = QPushButton("\u25b2 Previous")
        self.previous_button.setToolTip("Previous conflict (Shift+F7)")
        self.next_button = QPushButton("Next \u25bc")
        self.next_button.setToolTip("Next conflict (F7)")
        self.counter = QLabel()
        self.counter.setObjectName("ConflictCounter")
        self.take_theirs = QPushButton("Take theirs")
        self.take_theirs.setToolTip("Replace this conflict with the base's version now")
        self.take_ours = QPushButton("Take ours")
        self.take_ours.setToolTip("Replace this conflict with the override's version")
        self.take_both = QPushButton("Take both")
        self.take_both.setToolTip("Replace this conflict with the override's lines, then the base's")
        bar = QHBoxLayout()
        bar.addWidget(QLabel("<b>Result</b>"))
        bar.addSpacing(12)
        for w in (self.previous_button, self.next_button, self.counter):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.take_theirs, self.take_ours, self.take_both):
            bar.addWidget(w)
        below = QWidget()
        bv = QVBoxLayout(below)
        bv.setContentsMargins(0, 0, 0, 0)
        bv.addLayout(bar)
        bv.addWidget(self.editor, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(panes)
        split.addWidget(below)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)

        self.status = QLabel()
        self.status.setObjectName("MergeStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton("Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("SaveButton")
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.head)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

        self.conflicts: list[Conflict] = []
        self.current = 0
        QShortcut(QKeySequence("F7"), self, self.next_conflict)
        QShortcut(QKeySequence("Shift+F7"), self, self.previous_conflict)
        self.next_button.clicked.connect(self.next_conflict)
        self.previous_button.clicked.connect(self.previous_conflict)
        self.take_theirs.clicked.connect(lambda: self.take("theirs"))
        self.take_ours.clicked.connect(lambda: self.take("ours"))
        self.take_both.clicked.connect(lambda: self.take("both"))
        self.editor.textChanged.connect(self._text_changed)
        self.editor.cursorPositionChanged.connect(self._cursor_moved)
        self._text_changed()
        if self.conflicts:
            self._go(0)

    # ------------------------------------------------------------ conflicts

    def text(self) -> str:
        return self.editor.toPlainText()

    def _text_changed(self) -> None:
        self.conflicts = find_conflicts(self.text())
        self.current = min(self.current, max(0, len(self.conflicts) - 1))
        self._mark()
        self._update()

    def _cursor_moved(self) -> None:
        line = self.editor.textCursor().blockNumber()
        for i, c in enumerate(self.conflicts):
            if c.start <= line <= c.end:
                if i != self.current:
                    self.current = i
                    self._mark()
                    self._update()
                return

    def _update(self) -> None:
        n = len(self.conflicts)
        self.counter.setText(f"conflict {self.current + 1} of {n}" if n else "no conflicts left")
        for w in (self.take_theirs, self.take_ours, self.take_both):
            w.setEnabled(n > 0)
        self.next_button.setEnabled(n > 0 and self.current < n - 1)
        self.previous_button.setEnabled(n > 0 and self.current > 0)
        clean = not has_conflict_markers(self.text().encode("utf-8"))
        self.save_button.setEnabled(clean)
        self.save_button.setToolTip("" if clean else "A conflict marker (<<<<<<<, =======, >>>>>>>) is left")

    def _mark(self) -> None:
        """Colour each conflict in the result: our lines, the base's, theirs; the marker lines of the
        current conflict strong, the others' grey."""
        theme = Theme.current()
        doc = self.editor.document()
        sels = []
        for i, c in enumerate(self.conflicts):
            marker = "diff.delete.strong" if i == self.current else "diff.gutter"
            part = "ours"
            for line in range(c.start, c.end + 1):
                text = doc.findBlockByNumber(line).text()
                if line in (c.start, c.end):
                    name = marker
                elif _marker(text, "|||||||"):
                    name, part = marker, "base"
                elif _marker(text, "======="):
                    name, part = marker, "theirs"
                else:
                    name = {"ours": "diff.delete", "base": "diff.filler", "theirs": "diff.insert"}[part]
                sel = QTextEdit.ExtraSelection()
                sel.format.setBackground(theme.color(name))
                sel.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
                sel.cursor = QTextCursor(doc.findBlockByNumber(line))
                sels.append(sel)
        self.editor.setExtraSelections(sels)

    def _go(self, i: int) -> None:
        if not self.conflicts:
            return
        self.current = max(0, min(i, len(self.conflicts) - 1))
        c = self.conflicts[self.current]
        block = self.editor.document().findBlockByNumber(c.start)
        cur = QTextCursor(block)
        self.editor.setTextCursor(cur)
        self.editor.centerCursor()
        self._mark()
        self._update()

    def next_conflict(self) -> None:
        self._go(self.current + 1 if self.conflicts else 0)

    def previous_conflict(self) -> None:
        self._go(self.current - 1)

    def take(self, side: str) -> None:
        """Replace the current conflict with 'theirs', 'ours' or 'both' (ours, then theirs)."""
        if not self.conflicts:
            return
        c = self.conflicts[self.current]
        text = {"theirs": c.theirs, "ours": c.ours, "both": c.ours + c.theirs}[side]
        doc = self.editor.document()
        cur = QTextCursor(doc.findBlockByNumber(c.start))
        end = doc.findBlockByNumber(c.end)
        if end.next().isValid():
            cur.setPosition(end.next().position(), QTextCursor.MoveMode.KeepAnchor)
        else:  # the last line of the file
            cur.setPosition(end.position() + end.length() - 1, QTextCursor.MoveMode.KeepAnchor)
            text = text.removesuffix("\n")
        cur.beginEditBlock()
        cur.insertText(text)
        cur.endEditBlock()
        if self.conflicts:
            self._go(self.current)

    # ------------------------------------------------------------ saving

    def content(self) -> bytes:
        text = self.text()
        if self.crlf:
            text = text.replace("\r\n", "\n").replace("\n", "\r\n")
        return text.encode(self.encoding)

    def _save(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.save_button.setEnabled(False)
        self.say("Saving\u2026")
        self.save_requested.emit(self.content())

    def say(self, text: str, warning: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color:{Theme.current().hex('level.error')};" if warning else "")

    def refused(self, message: str) -> None:
        self.say(f"Not saved, nothing was changed: {message}", warning=True)
        self._update()
