"""The legend above the effective tree: one chip per layer of the chain, one per status glyph.

Chips are toggles: clicking a layer shows only what it provides, clicking a status only files
with that status. The legend is the filter, so what you read is what you can click.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import QLabel, QLayout, QLayoutItem, QToolButton, QWidget
from storelayers.gui import icons
from storelayers.gui.glossary import define
from storelayers.gui.text import plural
from storelayers.gui.theme import Theme

STATUS_LEGEND = (
    ("override", "override"),
    ("added", "added"),
    ("redundant", "redundant"),
    ("inherited", "inherited"),
    ("special", "special"),
    ("ignored", "ignored"),
)


class FlowLayout(QLayout):
    """Lays chips out left to right, wrapping to the next line when the pane is narrow."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 2) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, i: int) -> QLayoutItem | None:
        return self._items[i] if 0 <= i < len(self._items) else None

    def takeAt(self, i: int) -> QLayoutItem | None:
        return self._items.pop(i) if 0 <= i < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _place(self, rect: QRect, move: bool) -> int:
        m = self.contentsMargins()
        r = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line_h = r.x(), r.y(), 0
        for item in self._items:
            widget = item.widget()
            if widget is not None and widget.isHidden():
                continue
            hint = item.sizeHint()
            if x + hint.width() > r.right() + 1 and line_h > 0:
                x = r.x()
                y += line_h + self.spacing()
                line_h = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self.spacing()
            line_h = max(line_h, hint.height())
        return y + line_h - rect.y() + m.bottom()


class LegendBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Panel")
        self.lay = FlowLayout(self)
        self.lay.setContentsMargins(8, 2, 8, 4)
        self.layer_buttons: dict[str | None, QToolButton] = {}
        self._layer_chips: list[QToolButton] = []  # in layout order; those past the chain's length hidden
        self.status_buttons: dict[str, QToolButton] = {}
        self._scope: tuple[str, str] | None = None
        self.scope = QLabel("")  # what the layer chips count: "Counts for fashion-de in Next.js"
        self.scope.setObjectName("Faint")
        self.scope.setStyleSheet("padding: 3px 4px 3px 2px;")
        self.lay.addWidget(self.scope)
        for key, label in STATUS_LEGEND:
            b = self._chip(label)
            b.setToolTip(f"{label}: {define(key)}\nClick to show only {label} files")
            self.status_buttons[key] = b
            self.lay.addWidget(b)
        self.refresh_icons()

    def _chip(self, text: str) -> QToolButton:
        b = QToolButton()
        b.setText(text)
        b.setCheckable(True)
        b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        b.setIconSize(QSize(12, 12))
        b.toggled.connect(lambda _on: self.changed.emit())
        return b

    def set_layers(self, layers: list[tuple[str | None, str, int, int]]) -> None:
        """(store key or None, layer id, depth, files it provides), nearest first.

        The layer chips are kept and relabelled (surplus ones hidden), not made afresh: a store
        switch used to delete and create every chip, and polishing new widgets under the app's
        style sheet made the legend a fifth of a switch's time on the GUI thread."""
        keep = {k for k, b in self.layer_buttons.items() if b.isChecked()}
        theme = Theme.current()
        self.layer_buttons = {}
        for i, (key, lid, depth, count) in enumerate(layers):
            if i < len(self._layer_chips):
                b = self._layer_chips[i]
            else:
                b = self._chip("")
                self._layer_chips.append(b)
                self.lay.addWidget(b)
                self.lay._items.insert(i + 1, self.lay._items.pop())  # the scope, then layers
            text = f"{lid} {count}"
            if b.text() != text:
                b.setText(text)
            b.setIcon(icons.icon("layer", theme.layer(depth), 12))
            where = f" of {self._scope[0]}'s tree in {self._scope[1]}" if self._scope else " here"
            b.setToolTip(f"{lid}: provides {plural(count, 'file')}{where}. Click to show only those.")
            b.blockSignals(True)
            b.setChecked(key in keep)
            b.blockSignals(False)
            if b.isHidden():
                b.show()
            self.layer_buttons[key] = b
        for b in self._layer_chips[len(layers) :]:
            if not b.isHidden():
                b.blockSignals(True)
                b.setChecked(False)
                b.blockSignals(False)
                b.hide()
        self.lay.invalidate()

    def set_scope(self, store: str, app: str) -> None:
        """Say what the layer chips count (the words of the stores list's "Counts for Next.js")."""
        self._scope = (store, app)
        self.scope.setText(f"Counts for {store} in {app}:")
        self.scope.setToolTip(
            f"Each layer chip counts the files that layer gives {store}'s tree in {app} (the app chosen "
            "in the toolbar); click a chip to show only those. The status chips show only files of that status."
        )

    def refresh_icons(self) -> None:
        theme = Theme.current()
        for key, b in self.status_buttons.items():
            b.setIcon(
                icons.icon(
                    icons.STATUS_ICONS[key], theme.status(key) if key != "inherited" else theme.color("text.dim"), 12
                )
            )

    def statuses(self) -> frozenset[str]:
        return frozenset(k for k, b in self.status_buttons.items() if b.isChecked())

    def layers(self) -> frozenset[str | None]:
        return frozenset(k for k, b in self.layer_buttons.items() if b.isChecked())

    def clear(self) -> None:
        for b in list(self.status_buttons.values()) + list(self.layer_buttons.values()):
            b.blockSignals(True)
            b.setChecked(False)
            b.blockSignals(False)
        self.changed.emit()
