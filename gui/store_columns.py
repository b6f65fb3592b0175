"""The stores list's widths: the store's name is the column you cannot lose, so the three count
columns give way first — narrower, then hidden from the right (redundant, then added, then
overrides) when the pane is too narrow for them and a name. Every count stays in the store's tooltip,
and the scope line says so while some are hidden."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QTimer
from PySide6.QtWidgets import QStyle, QTreeView
from storelayers.gui.store_model import COUNT_COLUMNS, StoreModel

NAME_CHARS = 16
"""A store name this long (at its depth, with its template badge) is shown whole before any count."""
SWATCH = 4 + 10 + 7 + 4 + 2  # the delegate's swatch, the gaps around it, the right margin; 2 px for rounding
COUNT_PAD = 10  # an item's padding and text margins around a count
HEADER_PAD = 3  # each side of a header section's icon (the app's style gives sections 6)
COUNT_WIDTH = 30  # what a count column gets when there is room


def name_width(view: QTreeView, model: StoreModel) -> int:
    """The width the Name column needs for every store's name (its first NAME_CHARS characters)
    whole at its depth in the list, as `delegates.StoreDelegate` paints it (a template's badge
    beside it is shown when there is room, never at the cost of a count)."""
    fm = view.fontMetrics()
    indent = view.indentation()
    widest: dict[int, int] = {}  # the base row is at level 0: indented once (root decoration)
    for label, level in model.labels():
        w = fm.horizontalAdvance(label[:NAME_CHARS])
        if w > widest.get(level, -1):
            widest[level] = w
    return max(indent * (level + 1) + SWATCH + w for level, w in widest.items())


def count_widths(view: QTreeView, model: StoreModel) -> tuple[int, int]:
    """(what a count column gets when there is room, the least that shows its widest number whole)."""
    fm = view.fontMetrics()
    numbers = {str(getattr(c, col)) for c in model.counts.values() for col in COUNT_COLUMNS}
    widest = max(fm.horizontalAdvance(n) for n in numbers | {"0"})
    icon = view.header().style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
    least = max(icon + 2 * HEADER_PAD, widest + COUNT_PAD)  # the header's status icon fits too
    return max(COUNT_WIDTH, least), least


class CountColumns(QObject):
    """Keeps the count columns of `view` fitted to its width; `changed(hidden)` when how many are
    hidden changes."""

    def __init__(
        self, view: QTreeView, model: StoreModel, changed: Callable[[int], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)  # the view's pane: a filter that outlives the view's viewport
        self.view, self.model, self.changed = view, model, changed
        self.hidden = 0
        self._fitting = False
        self._timer = QTimer(self)  # one fit for a burst of count changes
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.fit)
        # the style's least section (28 px: an icon and 6 px each side) is wider than a count needs
        view.header().setMinimumSectionSize(16)
        view.header().setStyleSheet(f"QHeaderView::section {{ padding: 3px {HEADER_PAD}px; }}")
        self._viewport = view.viewport()  # kept: asking a view being torn down for it crashes
        self._viewport.installEventFilter(self)
        # What the widths are worked out from, remembered until it changes: walking every store's
        # name costs tens of ms at 800 stores, and a store switch repaints swatches (column 0) only.
        self._names: tuple[object, int] | None = None  # (font and indentation, width)
        self._counts: tuple[object, tuple[int, int]] | None = None
        model.modelReset.connect(self._stores_changed)
        model.dataChanged.connect(self._data_changed)

    def _stores_changed(self) -> None:
        self._names = self._counts = None
        self._timer.start()

    def _data_changed(self, top: QModelIndex, bottom: QModelIndex, *_roles: object) -> None:
        if bottom.column() >= 1:  # a count changed (column 0 is the name and its swatch)
            self._counts = None
            self._timer.start()

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:
        if e.type() == QEvent.Type.Resize and obj is self._viewport:
            self.fit()
        return super().eventFilter(obj, e)

    def fit(self) -> None:
        if self._fitting:  # a fit changes the scope line, which can resize the view: once is enough
            self._timer.start()
            return
        self._fitting = True
        try:
            self._fit()
        finally:
            self._fitting = False

    def _widths(self) -> tuple[int, tuple[int, int]]:
        """name_width and count_widths, from what was worked out before while nothing they read changed."""
        font = (self.view.font().key(), self.view.indentation())
        if self._names is None or self._names[0] != font:
            self._names = (font, name_width(self.view, self.model))
        if self._counts is None or self._counts[0] != font:
            self._counts = (font, count_widths(self.view, self.model))
        return self._names[1], self._counts[1]

    def _fit(self) -> None:
        names, (full, least) = self._widths()
        spare = self.view.viewport().width() - names
        n = len(COUNT_COLUMNS)
        if spare >= n * full:
            shown, width = n, full
        elif spare >= n * least:
            shown, width = n, spare // n
        else:  # the counts on the right are hidden; those left share what there is
            shown = max(0, spare // least)
            width = min(full, spare // shown) if shown else least
        hdr = self.view.header()
        for i in range(n):
            col = i + 1
            if hdr.isSectionHidden(col) != (i >= shown):
                hdr.setSectionHidden(col, i >= shown)
            if i < shown and hdr.sectionSize(col) != width:
                hdr.resizeSection(col, width)
        if n - shown != self.hidden:
            self.hidden = n - shown
            self.changed(self.hidden)
