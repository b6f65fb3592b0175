"""The diff pane: header (which two files, +N -M, next/previous change, compare with a store) over the canvas.
The header folds onto two rows in a narrow pane (`gui.two_rows`), so the pane never widens the window.

Diffs and syntax colours are computed on a worker; the first screenful is coloured before the
diff is shown, the rest of the file follows.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget
from storelayers.gui import icons
from storelayers.gui.diff_view import DiffCanvas, longest_line
from storelayers.gui.elided import ElidedLabel
from storelayers.gui.highlight import Cancelled, Spans, line_spans
from storelayers.gui.tasks import Tasks
from storelayers.gui.theme import Theme
from storelayers.gui.two_rows import TwoRows
from storelayers.resolver.diff import FileDiff
from storelayers.resolver.names import shown

COMPARE_PROMPT = "Compare with\u2026"  # the list under it names the stores
WINDOW = 160  # lines coloured before the diff is first shown


Shown = tuple[FileDiff, Spans, Spans, int]
"""A diff, each side's colours (a line each, only the first screenful's filled in) and its
longest line (`diff_view.longest_line`): all made on the worker."""

COLOUR_AFTER_MS = 50
"""The rest of a diff is coloured after its first paint, or this long after it was shown when the
canvas is not painted (hidden): a worker colouring while the GUI thread paints slows the paint."""


def _window(fd: FileDiff) -> tuple[int, int]:
    t = fd.text
    if t is None or not t.changes:
        return 0, 0
    row = t.rows[t.changes[0]]
    ln = row.left_no or row.right_no or 1
    rn = row.right_no or row.left_no or 1
    return max(0, ln - WINDOW // 2), max(0, rn - WINDOW // 2)


class SideLabel(QWidget):
    """Which layer a side of the diff shows: its name in bold, then the end of its path, cut at the
    start ("…/header/Header.tsx") and given up first when the side is narrow (a rich-text label
    was clipped mid-word: "…/header/Heade")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 6, 0)
        row.setSpacing(4)
        self.name = ElidedLabel("", least=4)
        self.name.setStyleSheet("font-weight:600;")
        self.path = ElidedLabel("", Qt.TextElideMode.ElideLeft, least=0, first=False)
        self.path.setObjectName("Faint")
        row.addWidget(self.name)
        row.addWidget(self.path, 1)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(60)

    def show_side(self, label: str, source: str) -> None:
        parts = source.split("/")
        short = "/".join(parts[-2:]) if len(parts) > 2 else source
        self.name.setText(shown(label))
        self.path.setText(shown("\u2026/" + short if short != source else short))

    def text(self) -> str:
        return f"{self.name.text()} {self.path.text()}"


class DiffPanel(QWidget):
    compare_store_requested = Signal(str)  # store key
    shown = Signal()  # a diff is on screen (coloured around its first change)
    highlighted = Signal()  # the whole file is coloured

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Panel")
        self.tasks = tasks
        self.filename = ""
        self._generation = 0
        self._job: Callable[[], FileDiff] | None = None  # what is shown, to compute again when its files change
        self._files: frozenset[str] = frozenset()  # the shown diff's files on disk (absolute)
        self._keep_scroll: int | None = None
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(0)
        head = QWidget()
        head.setObjectName("PanelHeader")
        hv = QVBoxLayout(head)
        hv.setContentsMargins(0, 0, 6, 2)
        hv.setSpacing(0)
        h = TwoRows(spacing=6, indent=10)  # one row when there is room, else two: the pane stays narrow enough
        sides = QHBoxLayout()
        sides.setContentsMargins(10, 0, 0, 2)
        sides.setSpacing(0)
        hv.addLayout(h)
        hv.addLayout(sides)
        title = QLabel("DIFF")
        title.setObjectName("PanelTitle")
        self.left_label = SideLabel()
        self.right_label = SideLabel()
        self.summary = QLabel("")
        self.position = QLabel("")
        self.position.setObjectName("Faint")
        self.prev = self._button("prev", "Previous change (Shift+F7)")
        self.next = self._button("next", "Next change (F7)")
        self.store_box = QComboBox()
        self.store_box.setToolTip("Compare this path as another store gets it")
        self.store_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        # its prompt reads whole at every width (it was cut to "Compare witl")
        self.store_box.setMinimumWidth(self.store_box.fontMetrics().horizontalAdvance(COMPARE_PROMPT) + 44)
        self.store_box.activated.connect(self._store_chosen)
        sides.addWidget(self.left_label, 1)
        sides.addWidget(self.right_label, 1)
        h.add(title, 0)
        h.add(self.store_box, 0, trailing=True)
        h.add(self.summary, 1)
        h.add(self.position, 1, trailing=True)
        h.add(self.prev, 1, trailing=True)
        h.add(self.next, 1, trailing=True)
        self.header_rows = h
        v.addWidget(head)
        self.canvas = DiffCanvas()
        self.canvas.setFrameShape(self.canvas.Shape.NoFrame)
        v.addWidget(self.canvas, 1)
        self.prev.clicked.connect(self.canvas.previous_change)
        self.next.clicked.connect(self.canvas.next_change)
        self.canvas.current_changed.connect(self._position)
        self._colour_next: Callable[[], tuple[Spans, Spans] | None] | None = None  # to start after a paint
        self._colour_timer = QTimer(self)
        self._colour_timer.setSingleShot(True)
        self._colour_timer.setInterval(COLOUR_AFTER_MS)
        self._colour_timer.timeout.connect(self._start_colouring)
        self.canvas.painted.connect(self._painted)
        self._set_header(None)

    def roomy_width(self) -> int:
        """The pane's width with its header in one row (figures as wide as '+5 \u22121' and '1 of 2'): what
        the explorer's usual layout gives it where the window has room. Narrower, the header folds."""
        h = self.header_rows
        fm = self.summary.fontMetrics()
        figures = fm.horizontalAdvance("+5 \u22121") + 4 + fm.horizontalAdvance("1 of 2")
        fixed = (self.findChild(QLabel, "PanelTitle"), self.prev, self.next, self.store_box)
        widths = [w.sizeHint().expandedTo(w.minimumSize()).width() for w in fixed if w is not None]
        head = self.summary.parentWidget()
        outer = head.layout() if head is not None else None
        m = outer.contentsMargins() if outer is not None else h.contentsMargins()
        return sum(widths) + figures + h.spacing() * (len(widths) + 3) + m.left() + m.right()

    def _button(self, name: str, tip: str) -> QToolButton:
        b = QToolButton()
        b.setIcon(icons.icon(name))
        b.setToolTip(tip)
        b.setAutoRaise(True)
        return b

    def set_stores(self, items: list[tuple[str, object]]) -> None:
        """Stores offered for 'compare with store' (label, key)."""
        self.store_box.blockSignals(True)
        self.store_box.clear()
        self.store_box.addItem(COMPARE_PROMPT, None)
        for label, key in items:
            self.store_box.addItem(shown(label), key)
        self.store_box.blockSignals(False)

    def _store_chosen(self, i: int) -> None:
        key = self.store_box.itemData(i)
        self.store_box.setCurrentIndex(0)
        if key is not None:
            self.compare_store_requested.emit(key)

    # ------------------------------------------------------------ requests

    def clear(self, message: str) -> None:
        self._generation += 1
        self._job, self._files = None, frozenset()
        self.tasks.cancel("diff")
        self.tasks.cancel("diff-colour")
        self._colour_next = None
        self._colour_timer.stop()
        self.canvas.set_diff(None, message)
        self._set_header(None)

    def cancel(self) -> None:
        """Drop the diff being made (another file is being shown); colouring stops at the next request."""
        self.tasks.cancel("diff")

    def request(self, job: Callable[[], FileDiff], filename: str) -> None:
        """Compute `job()` (a FileDiff) on a worker, colour the first screenful, then show it."""
        self.filename = filename
        self._job = job
        self._keep_scroll = None
        self._generation += 1  # any colouring still running stops at its next check
        self.tasks.cancel("diff-colour")
        self._colour_next = None
        self._colour_timer.stop()

        def work() -> Shown:
            fd = job()
            t = fd.text
            if t is None:
                return fd, [], [], 0
            lf, rf = _window(fd)
            left: Spans = [[] for _ in t.left_lines]
            right: Spans = [[] for _ in t.right_lines]
            ls = line_spans(t.left_lines, filename, lf, lf + WINDOW)
            rs = line_spans(t.right_lines, filename, rf, rf + WINDOW)
            left[lf : lf + len(ls)] = ls
            right[rf : rf + len(rs)] = rs
            return fd, left, right, longest_line(t)

        self.tasks.run("diff", work, self._show)

    def shows_any(self, files: set[str]) -> bool:
        """Whether the diff on screen reads one of these files (absolute paths)."""
        return bool(self._files & files)

    def rerun(self) -> None:
        """Compute the shown diff again (its files changed on disk), keeping the scroll position."""
        if self._job is None:
            return
        keep = self.canvas.verticalScrollBar().value()
        self.request(self._job, self.filename)
        self._keep_scroll = keep

    def _show(self, result: Shown) -> None:
        fd, left, right, longest = result
        self._files = frozenset(p for p in (fd.left.abs_path, fd.right.abs_path) if p)
        self.canvas.set_diff(fd, longest=longest)
        if fd.text is not None:
            self.canvas.set_spans(left, right)
        self._set_header(fd)
        if self._keep_scroll is not None:
            self.canvas.verticalScrollBar().setValue(self._keep_scroll)
            self._keep_scroll = None
        self.shown.emit()
        if fd.text is not None:
            text = fd.text
            name = self.filename
            self._generation += 1
            gen = self._generation

            def stale() -> bool:
                return gen != self._generation

            def colour() -> tuple[Spans, Spans] | None:
                try:
                    return line_spans(text.left_lines, name, cancelled=stale), line_spans(
                        text.right_lines, name, cancelled=stale
                    )
                except Cancelled:
                    return None

            self._colour_next = colour
            self._colour_timer.start()

    def _start_colouring(self) -> None:
        """Colour the whole diff shown, once its first screenful is painted (`COLOUR_AFTER_MS`)."""
        job, self._colour_next = self._colour_next, None
        self._colour_timer.stop()
        if job is not None:
            self.tasks.run("diff-colour", job, self._coloured)

    def _painted(self) -> None:
        if self._colour_next is not None:
            QTimer.singleShot(0, self._start_colouring)  # once this paint's turn is over

    def _coloured(self, spans: tuple[Spans, Spans] | None) -> None:
        if spans is None:
            return
        left, right = spans
        self.canvas.set_spans(left, right)
        self.highlighted.emit()

    # ------------------------------------------------------------ header

    def _set_header(self, fd: FileDiff | None) -> None:
        theme = Theme.current()
        visible = fd is not None
        for w in (self.left_label, self.right_label, self.summary, self.prev, self.next, self.position):
            w.setVisible(visible)
        if fd is None:
            return
        self.left_label.show_side(fd.left.label, fd.left.source)
        self.right_label.show_side(fd.right.label, fd.right.source)
        self.left_label.setToolTip(shown(fd.left.source))
        self.right_label.setToolTip(shown(fd.right.source))
        if fd.text is not None:
            t = fd.text
            extra = ""
            if t.identical:
                extra = " identical"
            elif fd.same_after_normalising:
                extra = " (whitespace only)"
            self.summary.setText(
                f"<span style='color:{theme.hex('status.added')};font-weight:600'>+{t.added}</span> "
                f"<span style='color:{theme.hex('level.error')};font-weight:600'>\u2212{t.removed}</span>"
                f"<span style='color:{theme.hex('text.dim')}'>{extra}</span>"
            )
        else:
            self.summary.setText(f"<span style='color:{theme.hex('text.dim')}'>{html.escape(fd.kind)}</span>")

    def _position(self, current: int, total: int) -> None:
        self.position.setText(f"{current + 1} of {total}" if total else "no changes")
        self.prev.setEnabled(total > 0)
        self.next.setEnabled(total > 0)
