"""Tables of the review view: sortable, compact, with a header menu to show or hide columns."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QPoint, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QVBoxLayout, QWidget


def table(model: QAbstractItemModel, sort_role: int) -> tuple[QTableView, QSortFilterProxyModel]:
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(sort_role)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setResizeContentsPrecision(40)  # widths from the first rows: no pass over every row
    view.setAlternatingRowColors(True)
    proxy.setParent(view)
    return view, proxy


HIDDEN_CARD_COLUMNS = (2, 3, 4)  # Depth (the swatch shows it), Files, Inherited: right-click the header for them


def column_menu(view: QTableView, hidden: tuple[int, ...] = ()) -> None:
    """Hide `hidden` columns; a right-click on the header shows or hides any column."""
    header = view.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
    header.setMinimumHeight(2 * view.fontMetrics().height() + 10)  # "Lines / changed" on two lines
    for c in hidden:
        header.hideSection(c)
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def menu(pos: QPoint) -> None:
        m = QMenu(header)
        model = view.model()
        for c in range(model.columnCount()):
            act = m.addAction(str(model.headerData(c, Qt.Orientation.Horizontal)))
            act.setCheckable(True)
            act.setChecked(not header.isSectionHidden(c))
            act.toggled.connect(lambda on, col=c: header.setSectionHidden(col, not on))
        m.popup(header.mapToGlobal(pos))

    header.customContextMenuRequested.connect(menu)


def fit_columns(view: QTableView, sample: int = 60) -> None:
    """Each column as wide as its longest header word or its widest value among the first rows."""
    model = view.model()
    header = view.horizontalHeader()
    bold = QFont(view.font())
    bold.setWeight(QFont.Weight.DemiBold)
    head_fm, fm = QFontMetrics(bold), view.fontMetrics()
    rows = min(sample, model.rowCount())
    for c in range(model.columnCount()):
        words = str(model.headerData(c, Qt.Orientation.Horizontal) or "").split()
        w = max((head_fm.horizontalAdvance(word) for word in words), default=0)
        w += 10
        for r in range(rows):
            text = model.index(r, c).data()
            if text:  # the delegate's margins and the style sheet's padding: 16 px, the swatch 22 more
                w = max(w, fm.horizontalAdvance(str(text)) + 16 + (22 if c == 0 else 0))
        header.resizeSection(c, w)


def box(*widgets: QWidget) -> QWidget:
    """A plain panel stacking `widgets`, the last one taking the room left."""
    box = QWidget()
    box.setObjectName("Panel")
    v = QVBoxLayout(box)
    v.setContentsMargins(0, 0, 0, 0)
    v.setSpacing(0)
    for w in widgets[:-1]:
        v.addWidget(w)
    v.addWidget(widgets[-1], 1)
    return box


def content_height(view: QTableView, at_most: int) -> int:
    """The height showing every row of `view` (and its header), capped at `at_most`."""
    rows = view.model().rowCount()
    h = view.horizontalHeader().height() + rows * view.verticalHeader().defaultSectionSize()
    h += 2 * view.frameWidth() + view.horizontalScrollBar().sizeHint().height() + 4
    return min(h, at_most)
