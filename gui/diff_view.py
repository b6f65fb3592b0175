"""Side-by-side diff: one painted canvas for both sides, so scrolling is locked by construction.

Only visible rows are painted (a 5,000-line diff costs what a screenful costs). Changed lines get
a tinted background, changed characters a stronger one; an overview ruler on the right shows
where the changes are. Binary, huge and unreadable files get a clear message instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QWidget
from storelayers.gui.highlight import Spans
from storelayers.gui.theme import Theme, mono_font
from storelayers.resolver.diff import DELETE, EQUAL, INSERT, REPLACE, DiffRow, FileDiff, TextDiff

TAB = 4
RULER = 12


def _expand(line: str) -> str:
    return line.replace("\t", " " * TAB) if "\t" in line else line


def longest_line(t: TextDiff) -> int:
    """The widest line of either side in columns (of the first 20,000 lines of each): 14 ms for a
    5,000-line diff, so the diff pane works it out on its worker and hands it to `set_diff`."""
    return max((len(_expand(x)) for x in t.left_lines[:20000] + t.right_lines[:20000]), default=0)


def _map_col(line: str, col: int) -> int:
    """Character offset in `line` to display column once tabs are expanded."""
    if "\t" not in line:
        return col
    return col + line[:col].count("\t") * (TAB - 1)


class DiffCanvas(QAbstractScrollArea):
    current_changed = Signal(int, int)  # (index of current change, number of changes)
    painted = Signal()  # a paint of a diff's text is done

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFont(mono_font())
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.diff: FileDiff | None = None
        self.message = "Select a file with more than one layer, or tick two layers in the cascade."
        self.left_spans: Spans = []
        self.right_spans: Spans = []
        self.current = -1
        self._longest: tuple[TextDiff, int] | None = None  # the diff shown and its longest line
        self._ruler: tuple[TextDiff, tuple[int, Theme, float], QPixmap] | None = None  # the ruler drawn, and for what
        self._update_metrics()
        self.viewport().setCursor(Qt.CursorShape.IBeamCursor)

    # ------------------------------------------------------------ content

    def set_diff(self, fd: FileDiff | None, message: str = "", longest: int | None = None) -> None:
        """Show `fd` (None: `message`). `longest`: its `longest_line`, when worked out already."""
        self.diff = fd
        t = self.text
        self._longest = (t, longest) if t is not None and longest is not None else None  # else when asked
        self.message = message
        self.left_spans = []
        self.right_spans = []
        self.current = -1
        self.verticalScrollBar().setValue(0)
        self.horizontalScrollBar().setValue(0)
        self._update_scrollbars()
        if self.changes:
            self.go_to_change(0)
        else:
            self.current_changed.emit(-1, 0)
        self.viewport().update()

    def set_spans(self, left: Spans, right: Spans, first_left: int = 0, first_right: int = 0) -> None:
        """Syntax colours for lines starting at the given line indexes (partial or full)."""
        if first_left == 0 and first_right == 0 and len(left) >= len(self.left_spans):
            self.left_spans = left
            self.right_spans = right
        else:
            self.left_spans[first_left : first_left + len(left)] = left
            self.right_spans[first_right : first_right + len(right)] = right
        self.viewport().update()

    @property
    def text(self) -> TextDiff | None:
        return self.diff.text if self.diff is not None and self.diff.kind == "text" else None

    @property
    def changes(self) -> tuple[int, ...]:
        t = self.text
        return t.changes if t is not None else ()

    def visible_rows(self) -> range:
        first = self.verticalScrollBar().value()
        count = self.viewport().height() // self.row_h + 2
        t = self.text
        n = len(t.rows) if t is not None else 0
        return range(first, min(n, first + count))

    # ------------------------------------------------------------ navigation

    def go_to_change(self, i: int) -> None:
        ch = self.changes
        if not ch:
            return
        self.current = max(0, min(i, len(ch) - 1))
        row = ch[self.current]
        page = self.viewport().height() // self.row_h
        self.verticalScrollBar().setValue(max(0, row - max(2, page // 3)))
        self.current_changed.emit(self.current, len(ch))
        self.viewport().update()

    def next_change(self) -> None:
        ch = self.changes
        if not ch:
            return
        first = self.verticalScrollBar().value()
        if self.current < 0 or self.current >= len(ch):
            nxt = next((i for i, r in enumerate(ch) if r >= first), 0)
        else:
            nxt = min(self.current + 1, len(ch) - 1)
        self.go_to_change(nxt)

    def previous_change(self) -> None:
        if self.changes:
            self.go_to_change(max(0, self.current - 1))

    # ------------------------------------------------------------ geometry

    def _update_metrics(self) -> None:
        fm = QFontMetricsF(self.font())
        self.cw = fm.horizontalAdvance("M")
        self.row_h = int(fm.height() + 3)
        self.ascent = fm.ascent()
        self._baseline = (self.row_h - fm.height()) / 2 + self.ascent  # a row's text baseline, from its top

    def _gutter_w(self) -> float:
        t = self.text
        n = max(len(t.left_lines), len(t.right_lines)) if t is not None else 1
        return self.cw * (len(str(n)) + 2) + 8

    def _update_scrollbars(self) -> None:
        t = self.text
        rows = len(t.rows) if t is not None else 0
        page = max(1, self.viewport().height() // self.row_h)
        vs = self.verticalScrollBar()
        vs.setRange(0, max(0, rows - page + 1))
        vs.setPageStep(page)
        vs.setSingleStep(1)
        kept = self._longest
        if t is not None and (kept is None or kept[0] is not t):
            kept = self._longest = (t, longest_line(t))
        longest = kept[1] if t is not None and kept is not None else 0
        side = (self.viewport().width() - RULER) / 2 - self._gutter_w()
        hs = self.horizontalScrollBar()
        hs.setRange(0, max(0, int(longest * self.cw - side + 2 * self.cw)))
        hs.setPageStep(int(max(1, side)))
        hs.setSingleStep(int(self.cw * 3))

    def resizeEvent(self, e: QResizeEvent) -> None:
        super().resizeEvent(e)
        self._update_scrollbars()

    def wheelEvent(self, e: QWheelEvent) -> None:
        if e.modifiers() & Qt.KeyboardModifier.ShiftModifier or abs(e.angleDelta().x()) > abs(e.angleDelta().y()):
            d = e.angleDelta().x() or e.angleDelta().y()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - int(d / 2))
            return
        steps = -e.angleDelta().y() / 40
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + int(steps))

    def keyPressEvent(self, e: QKeyEvent) -> None:
        key = e.key()
        vs = self.verticalScrollBar()
        if key in (Qt.Key.Key_N, Qt.Key.Key_J) and not e.modifiers():
            self.next_change()
        elif key in (Qt.Key.Key_P, Qt.Key.Key_K) and not e.modifiers():
            self.previous_change()
        elif key == Qt.Key.Key_Down:
            vs.setValue(vs.value() + 1)
        elif key == Qt.Key.Key_Up:
            vs.setValue(vs.value() - 1)
        elif key == Qt.Key.Key_PageDown:
            vs.setValue(vs.value() + vs.pageStep())
        elif key == Qt.Key.Key_PageUp:
            vs.setValue(vs.value() - vs.pageStep())
        elif key == Qt.Key.Key_Home:
            vs.setValue(0)
        elif key == Qt.Key.Key_End:
            vs.setValue(vs.maximum())
        else:
            super().keyPressEvent(e)

    def mousePressEvent(self, e: QMouseEvent) -> None:
        vp = self.viewport()
        if e.position().x() >= vp.width() - RULER and self.text is not None and self.text.rows:
            frac = e.position().y() / max(1, vp.height())
            row = int(frac * len(self.text.rows))
            self.verticalScrollBar().setValue(max(0, row - vp.height() // self.row_h // 2))
            return
        super().mousePressEvent(e)

    # ------------------------------------------------------------ painting

    def paintEvent(self, e: QPaintEvent) -> None:
        theme = Theme.current()
        vp = self.viewport()
        p = QPainter(vp)
        p.fillRect(vp.rect(), theme.color("base"))
        t = self.text
        if t is None:
            p.setPen(theme.color("text.dim"))
            msg = self.message if self.diff is None else (self.diff.message or self.message)
            p.drawText(
                vp.rect().adjusted(20, 20, -20, -20), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, msg
            )
            p.end()
            return
        p.setFont(self.font())
        w = vp.width() - RULER
        half = w / 2
        cur_rows: set[int] = set()
        if 0 <= self.current < len(t.changes):
            start = t.changes[self.current]
            end = t.changes[self.current + 1] if self.current + 1 < len(t.changes) else len(t.rows)
            r = start
            while r < end and t.rows[r].kind != EQUAL:
                cur_rows.add(r)
                r += 1
        colours: dict[str, QColor] = {}

        def colour(name: str) -> QColor:
            c = colours.get(name)
            if c is None:
                c = colours[name] = theme.color(name)
            return c

        rows = [(r, t.rows[r]) for r in self.visible_rows()]
        for side in (0, 1):
            self._paint_side(p, colour, t, rows, side, half, vp.height(), cur_rows)
        p.setPen(colour("border"))
        p.drawLine(int(half), 0, int(half), vp.height())
        self._paint_ruler(p, theme, w, vp.height())
        p.end()
        self.painted.emit()

    def _paint_side(
        self,
        p: QPainter,
        colour: Callable[[str], QColor],
        t: TextDiff,
        rows: Sequence[tuple[int, DiffRow]],
        side: int,
        half: float,
        height: int,
        cur_rows: set[int],
    ) -> None:
        """One side's visible rows: backgrounds and gutters first, then the text under one clip to
        the side's text column (a clip, save and restore per row were a third of a paint)."""
        rh = self.row_h
        gw = self._gutter_w()
        hx = self.horizontalScrollBar().value()
        x0 = side * half
        lines = t.left_lines if side == 0 else t.right_lines
        spans = self.left_spans if side == 0 else self.right_spans
        bg = colour("diff.delete" if side == 0 else "diff.insert")
        gutter, filler, number = colour("diff.gutter"), colour("diff.filler"), colour("diff.gutter.text")
        sign_pen, sign = colour("level.error" if side == 0 else "status.added"), "\u2212" if side == 0 else "+"
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        texts: list[tuple[int, int, Sequence[tuple[int, int]]]] = []  # y, line number, marks
        y = 0
        for r, row in rows:
            no = row.left_no if side == 0 else row.right_no
            if no is None:
                p.fillRect(QRectF(x0, y, half, rh), filler)
                p.fillRect(QRectF(x0, y, gw, rh), gutter)
                y += rh
                continue
            changed = row.kind in (REPLACE, INSERT, DELETE)
            if changed:
                p.fillRect(QRectF(x0, y, half, rh), bg)
            p.fillRect(QRectF(x0, y, gw, rh), bg if changed else gutter)
            if r in cur_rows:
                p.fillRect(QRectF(x0, y, 3, rh), colour("diff.current"))
            p.setPen(number)
            p.drawText(QRectF(x0, y, gw - 10, rh), right, str(no))
            if changed:
                p.setPen(sign_pen)
                p.drawText(QRectF(x0 + gw - 10, y, 10, rh), Qt.AlignmentFlag.AlignCenter, sign)
            texts.append((y, no, row.left_marks if side == 0 else row.right_marks))
            y += rh
        if not texts:
            return
        p.save()
        p.setClipRect(QRectF(x0 + gw, 0, half - gw, height))
        strong = colour("diff.delete.strong" if side == 0 else "diff.insert.strong")
        default = colour("syntax.text")
        cw = self.cw
        tx = x0 + gw + 4 - hx
        first_col = max(0, int(hx / cw) - 1)
        last_col = first_col + int(half / cw) + 2
        for y, no, marks in texts:
            line = lines[no - 1]
            for a, b in marks:
                ca, cb = _map_col(line, a), _map_col(line, b)
                p.fillRect(QRectF(tx + ca * cw, y + 1, max(2.0, (cb - ca) * cw), rh - 2), strong)
            shown = _expand(line)
            baseline = int(y + self._baseline)
            line_spans = spans[no - 1] if no - 1 < len(spans) else []
            pos = 0
            segments: list[tuple[int, int, str | None]] = []
            for a, b, name in line_spans:
                if a > pos:
                    segments.append((pos, a, None))
                segments.append((a, b, name))
                pos = b
            if pos < len(line):
                segments.append((pos, len(line), None))
            tabs = "\t" in line
            for a, b, token in segments:
                if not tabs and a > last_col:
                    break  # spans are in order; with no tabs a character's column is its offset
                ca, cb = (_map_col(line, a), _map_col(line, b)) if tabs else (a, b)
                if cb < first_col or ca > last_col:
                    continue
                ca, cb = max(ca, first_col), min(cb, last_col)  # only what the view shows: a
                p.setPen(colour(token) if token else default)  # megabyte-long line costs a screenful
                p.drawText(int(tx + ca * cw), baseline, shown[ca:cb])
        p.restore()

    def _paint_ruler(self, p: QPainter, theme: Theme, x: float, h: int) -> None:
        t = self.text
        if t is None:
            p.fillRect(QRectF(x, 0, RULER, h), theme.color("diff.gutter"))
            return
        n = len(t.rows)
        if not n:
            p.fillRect(QRectF(x, 0, RULER, h), theme.color("diff.gutter"))
            return
        # where the changes are depends on the diff and the height only: drawn once, copied on every
        # paint (a scroll repaints the whole canvas; 200 changes were 400 fills each time)
        ratio = p.device().devicePixelRatioF() if p.device() is not None else 1.0
        kept = self._ruler
        if kept is None or kept[0] is not t or kept[1] != (h, theme, ratio):
            kept = self._ruler = (t, (h, theme, ratio), self._draw_ruler(t, theme, h, ratio))
        p.drawPixmap(QPointF(x, 0), kept[2])
        first = self.verticalScrollBar().value()
        page = self.viewport().height() // self.row_h
        p.setPen(theme.color("text.faint"))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(QRect(int(x), int(h * first / n), RULER - 1, max(4, int(h * page / n))))

    @staticmethod
    def _draw_ruler(t: TextDiff, theme: Theme, h: int, ratio: float) -> QPixmap:
        """The ruler's gutter and a mark for every change (left: lines removed, right: added)."""
        pm = QPixmap(max(1, round(RULER * ratio)), max(1, round(h * ratio)))
        pm.setDevicePixelRatio(ratio)
        p = QPainter(pm)
        try:
            p.fillRect(QRectF(0, 0, RULER, h), theme.color("diff.gutter"))
            n = len(t.rows)
            rows = t.rows
            # each side's marks in whole device pixels, neighbours merged: 200 changes over 10,000
            # lines land on a few dozen pixel rows, and each fill is a call into Qt
            marks: dict[bool, list[list[int]]] = {True: [], False: []}
            for start in t.changes:
                r = start
                has_left = has_right = False
                while r < n and rows[r].kind != EQUAL:
                    kind = rows[r].kind
                    has_left |= kind != INSERT
                    has_right |= kind != DELETE
                    r += 1
                y1 = int(h * start / n * ratio)
                y2 = max(y1 + round(2 * ratio), int(h * r / n * ratio + 0.999))
                for side, has in ((True, has_left), (False, has_right)):
                    if has:
                        spans = marks[side]
                        if spans and y1 <= spans[-1][1]:
                            spans[-1][1] = max(spans[-1][1], y2)
                        else:
                            spans.append([y1, y2])
            for side, x, colour in ((True, 2, "diff.delete.strong"), (False, 6, "diff.insert.strong")):
                c = theme.color(colour)
                for y1, y2 in marks[side]:
                    p.fillRect(QRectF(x, y1 / ratio, 4, (y2 - y1) / ratio), c)
        finally:
            p.end()
        return pm
