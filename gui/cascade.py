"""The cascade of the selected file, like DevTools' Styles pane: the winner on top, the rest struck through.

Every layer that has the path is a card, nearest first, with its workspace path, size and
one-click actions (open, diff against the next layer, reveal). Two cards can be ticked to diff
any pair. Ignored paths say which pattern of which store hid them.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from storelayers.gui import icons
from storelayers.gui.elided import ElidedLabel
from storelayers.gui.findings import Mark, behind, role
from storelayers.gui.glossary import define
from storelayers.gui.text import app_label
from storelayers.gui.theme import Theme, mono_font
from storelayers.resolver import ChainLink, Explanation
from storelayers.resolver.diff import next_farther
from storelayers.resolver.names import shown


def human_size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def _chip(text: str, colour: QColor, filled: bool = False) -> QLabel:
    lab = QLabel(text)
    theme = Theme.current()
    if filled:
        lab.setStyleSheet(
            f"background:{colour.name()}; color:{theme.hex('base')}; border-radius:4px; padding:1px 6px; font-weight:600;"
        )
    else:
        lab.setStyleSheet(
            f"color:{colour.name()}; border:1px solid {colour.name()}; border-radius:4px; padding:0px 5px;"
        )
    return lab


class CascadePanel(QWidget):
    open_requested = Signal(object)  # ChainLink
    diff_requested = Signal(object, object)  # (left: farther ChainLink, right: nearer ChainLink)
    reveal_requested = Signal(object)  # ChainLink
    three_way_requested = Signal(object)  # resolver.review.findings.StaleOverride

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Panel")
        self.expl: Explanation | None = None
        self.marks: tuple[Mark, ...] = ()
        self.store_id = ""
        self.layer_depths: dict[str | None, int] = {}
        self._checks: list[tuple[QCheckBox, ChainLink]] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.title = QLabel("CASCADE")
        self.title.setObjectName("PanelTitle")
        outer.addWidget(self.title)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(self.scroll_area)
        self._new_body()
        self.show_empty("Select a file to see every layer that has it.")

    def _new_body(self) -> None:
        """A fresh, empty body for the scroll area; the old one goes with everything in it.

        Taking the items out of the layout one by one left the widgets of nested layouts (the
        header's path and chips) behind as children of the body: still shown, at their old place,
        under the next file's header."""
        old = self.scroll_area.takeWidget()
        if old is not None:
            old.hide()  # gone from sight now; deleted when the event loop comes round
            old.deleteLater()
        self.body = QWidget()
        self.body.setObjectName("Panel")
        self.lay = QVBoxLayout(self.body)
        self.lay.setContentsMargins(10, 4, 10, 10)
        self.lay.setSpacing(6)
        self.scroll_area.setWidget(self.body)

    def _clear(self) -> None:
        self._checks = []
        self._new_body()

    def show_empty(self, text: str) -> None:
        self._clear()
        self.expl = None
        lab = QLabel(text)
        lab.setObjectName("Faint")
        lab.setWordWrap(True)
        self.lay.addWidget(lab)
        self.lay.addStretch(1)

    def show_explanation(
        self, expl: Explanation, depth: dict[str | None, int], store_id: str, marks: tuple[Mark, ...] = ()
    ) -> None:
        """Show one file's cascade, and the review's findings on its winning file (`marks`)."""
        self._clear()
        self.expl = expl
        self.marks = marks
        self.store_id = store_id
        self.layer_depths = depth
        theme = Theme.current()
        head = QHBoxLayout()
        path = QLabel(f"<b>{html.escape(shown(expl.path))}</b>")
        path.setObjectName("CascadePath")
        path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        path.setWordWrap(True)
        head.addWidget(path, 1)
        if expl.status is not None:
            head.addWidget(_chip(expl.status.value, theme.status(expl.status.value)))
        if expl.special:
            head.addWidget(_chip("special", theme.status("special")))
        if expl.ignore is not None and expl.ignore.ignored:
            head.addWidget(_chip("ignored", theme.status("ignored")))
        self.lay.addLayout(head)
        sub = QLabel(f"as {html.escape(shown(store_id))} gets it for {html.escape(shown(app_label(expl.app)))}")
        sub.setObjectName("Faint")
        sub.setWordWrap(True)  # a long store id must not widen the pane
        self.lay.addWidget(sub)
        if expl.ignore is not None:
            d = expl.ignore
            verb = "Ignored" if d.ignored else "Brought back"
            box = QLabel(
                f"{verb} by <code>{html.escape(d.pattern)}</code> in <b>{html.escape(shown(d.store))}</b>'s ignorePaths"
            )
            box.setWordWrap(True)
            colour = theme.hex("level.warning") if d.ignored else theme.hex("text.dim")
            box.setStyleSheet(f"color:{colour}; padding:4px 0;")
            self.lay.addWidget(box)
        if expl.note and not (expl.ignore is not None and expl.ignore.ignored):
            note = QLabel(html.escape(expl.note))
            note.setWordWrap(True)
            note.setObjectName("Muted")
            self.lay.addWidget(note)
        for mark in marks:
            self.lay.addWidget(self._finding(mark))
        for link in expl.chain:
            self.lay.addWidget(self._card(link, None if link.is_folder else next_farther(expl, link)))
        self.lay.addStretch(1)

    def fit_height(self, cards: int) -> int:
        """The height that shows the title, the file's header and the first `cards` cards whole
        (measured when laid out; estimated from size hints before)."""
        m = self.lay.contentsMargins()
        y = m.top()
        seen = 0
        for i in range(self.lay.count()):
            item = self.lay.itemAt(i)
            if item is None:
                continue
            w = item.widget()
            if w is None and item.layout() is None:
                continue  # the stretch at the end
            y += item.sizeHint().height() + self.lay.spacing()
            if isinstance(w, QFrame) and w.objectName().startswith("Card"):
                seen += 1
                if seen >= cards:
                    geo = item.geometry()
                    y = geo.bottom() + 1 if geo.height() > 0 else y
                    break
        return self.title.sizeHint().height() + y + m.bottom()

    def _card(self, link: ChainLink, farther: ChainLink | None) -> QFrame:
        theme = Theme.current()
        card = QFrame()
        card.setObjectName("CardWinner" if link.used else "Card")
        v = QVBoxLayout(card)
        v.setContentsMargins(10, 6, 6, 6)
        v.setSpacing(2)
        row = QHBoxLayout()
        row.setSpacing(6)
        colour = theme.layer(self.layer_depths.get(link.store_key, 0))
        swatch = QLabel()
        swatch.setFixedSize(10, 10)
        swatch.setStyleSheet(f"background:{colour.name()}; border-radius:3px;")
        row.addWidget(swatch)
        name = ElidedLabel(shown(link.layer))  # a long store id gives way before the card overflows its pane
        name.setObjectName("CardLayer")
        name.setStyleSheet(f"color:{colour.name()}; font-weight:600;")
        row.addWidget(name)
        if link.used:
            row.addWidget(_chip("wins", theme.color("accent"), filled=True))
        elif link.is_folder:
            row.addWidget(_chip("folder", theme.color("level.error")))
        else:  # the word gives way first when the card is narrow (the struck-through path says it too)
            shadow = ElidedLabel("shadowed", least=0, first=False)
            shadow.setObjectName("Faint")
            row.addWidget(shadow, 1)
        if link.used or link.is_folder:
            row.addStretch(1)
        if not link.is_folder:
            check = QCheckBox()
            check.setToolTip("Tick two layers to compare them")
            check.toggled.connect(self._ticked)
            self._checks.append((check, link))
            row.addWidget(check)
            row.addWidget(self._button("edit", "Open this layer's file", lambda: self.open_requested.emit(link)))
            diff = self._button(
                "diff",
                f"Diff against {shown(farther.layer)}" if farther else "Nothing farther to diff against",
                lambda: self.diff_requested.emit(farther, link),
            )
            diff.setEnabled(farther is not None)
            row.addWidget(diff)
            row.addWidget(
                self._button("reveal", "Reveal in the file manager", lambda: self.reveal_requested.emit(link))
            )
        v.addLayout(row)
        source = QHBoxLayout()  # the layer file's path and size (under the name: the name's row is full)
        source.setSpacing(6)
        src = ElidedLabel(shown(link.source), Qt.TextElideMode.ElideMiddle, least=0)  # its start and its file
        src.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        f = mono_font(-1)
        f.setStrikeOut(not link.used)
        src.setFont(f)
        pal = src.palette()
        pal.setColor(src.foregroundRole(), theme.color("text") if link.used else theme.color("text.faint"))
        src.setPalette(pal)
        src.setToolTip(shown(link.source))
        source.addWidget(src, 1)
        if not link.is_folder:
            size = QLabel(human_size(link.size))
            size.setObjectName("Faint")
            source.addWidget(size)
        v.addLayout(source)
        return card

    def _finding(self, mark: Mark) -> QFrame:
        """One finding of the review on this file: what it means, and the view that shows it."""
        colour = Theme.current().hex(role(mark.kind))
        box = QFrame()
        box.setObjectName("Finding")
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 2, 0, 2)
        row.setSpacing(8)
        if mark.stale is not None:
            text = f"{behind(mark.stale)}."
        else:
            text = mark.text.split(": ", 1)[-1] + "."  # starts with a store id: never capitalised
        lab = QLabel(
            f'<span style="color:{colour}; font-weight:600;">{mark.glyph} {mark.kind}</span> · {html.escape(text, quote=False)}'
        )
        lab.setObjectName("FindingText")
        lab.setWordWrap(True)
        lab.setToolTip(define(mark.kind))
        row.addWidget(lab, 1)
        stale = mark.stale
        if stale is not None:
            button = QPushButton("Three-way view…")
            button.setObjectName("ThreeWayButton")
            button.setToolTip("Compare the parent then, the parent now and this copy")
            button.clicked.connect(lambda: self.three_way_requested.emit(stale))
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        return box

    def _button(self, icon_name: str, tip: str, slot: Callable[[], object]) -> QToolButton:
        b = QToolButton()
        b.setIcon(icons.icon(icon_name))
        b.setToolTip(tip)
        b.setAutoRaise(True)
        b.clicked.connect(slot)
        return b

    def _ticked(self, _on: bool) -> None:
        ticked = [link for c, link in self._checks if c.isChecked()]
        if len(ticked) == 2 and self.expl is not None:
            order = [link for link in self.expl.chain]
            a, b = sorted(ticked, key=order.index)
            for c, _ in self._checks:
                c.blockSignals(True)
                c.setChecked(False)
                c.blockSignals(False)
            self.diff_requested.emit(b, a)  # left: farther, right: nearer
