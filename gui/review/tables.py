"""Tables of the review view: sortable, compact, with a header menu to show or hide columns."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, QPoint, QRect, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QStyle,
    QStyleOptionHeader,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)


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
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)  # not a whole column at a time
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


def header_font(view: QTableView) -> QFont:
    """The font a header's names are painted in (the theme's style sheet makes them semi-bold)."""
    bold = QFont(view.horizontalHeader().font())
    bold.setWeight(QFont.Weight.DemiBold)
    return bold


def header_padding(view: QTableView) -> int:
    """How much of a header section's width its name cannot use (the style sheet's padding)."""
    header = view.horizontalHeader()
    opt = QStyleOptionHeader()
    opt.initFrom(header)
    opt.rect = QRect(0, 0, 200, max(header.height(), 40))
    opt.text = "x"
    opt.sortIndicator = QStyleOptionHeader.SortIndicator.SortDown  # the sorted column's too
    return 200 - header.style().subElementRect(QStyle.SubElement.SE_HeaderLabel, opt, header).width()


def fit_columns(view: QTableView, sample: int = 60) -> None:
    """Each column as wide as its longest header word (a name of two words takes two lines) or its
    widest value among the first rows. "Oldest stale" read "Ol st": the header's padding was not counted."""
    model = view.model()
    header = view.horizontalHeader()
    head_fm, fm = QFontMetrics(header_font(view)), view.fontMetrics()
    pad = header_padding(view) + 2
    rows = min(sample, model.rowCount())
    for c in range(model.columnCount()):
        words = str(model.headerData(c, Qt.Orientation.Horizontal) or "").split()
        w = max((head_fm.horizontalAdvance(word) for word in words), default=0)
        w += pad
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


TAB_PAD = 12  # the theme's padding each side of a tab's name (QTabBar::tab in gui/theme.py)
TAB_LEAST_PAD = 4


class SnugTabs(QObject):
    """The tabs' padding gives way before their names do: when the names with the theme's padding are
    wider than the tab widget (the review's seven tabs at 1024 px hid two behind scroll arrows), each
    tab's padding shrinks, down to `TAB_LEAST_PAD`; only past that do the scroll arrows come back."""

    def __init__(self, tabs: QTabWidget) -> None:
        super().__init__(tabs)
        self.tabs = tabs
        self.pad = TAB_PAD
        tabs.installEventFilter(self)

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:
        if obj is self.tabs and e.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest):
            self.fit()
        return False

    def fit(self) -> None:
        bar = self.tabs.tabBar()
        n = bar.count()
        if not n:
            return
        fm = bar.fontMetrics()
        names = sum(fm.horizontalAdvance(bar.tabText(i).replace("&&", "&")) for i in range(n))
        room = self.tabs.width() - 2 * n  # a focused tab's 1 px border each side
        pad = max(TAB_LEAST_PAD, min(TAB_PAD, (room - names) // (2 * n)))
        if pad != self.pad:
            self.pad = pad
            bar.setStyleSheet(
                "" if pad == TAB_PAD else f"QTabBar::tab {{ padding-left: {pad}px; padding-right: {pad}px; }}"
            )


class FrozenColumn(QTableView):
    """The first column of `view` (the store) kept in sight while the other columns scroll sideways
    under it: at 1024 px the scorecards are twice as wide as their pane, and a row's numbers are
    read beside its store's name. It shows `view`'s own model and selection, laid over its column."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.main = view
        self.setObjectName("FrozenColumn")
        self.setModel(view.model())
        self.setSelectionModel(view.selectionModel())
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionBehavior(view.selectionBehavior())
        self.setSelectionMode(view.selectionMode())
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(view.alternatingRowColors())
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(view.verticalScrollMode())
        self.setFrameShape(QTableView.Shape.NoFrame)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(view.verticalHeader().defaultSectionSize())
        own, theirs = self.horizontalHeader(), view.horizontalHeader()
        own.setDefaultAlignment(theirs.defaultAlignment())
        own.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        own.setSectionsClickable(True)
        own.sectionClicked.connect(self._sort)
        theirs.sortIndicatorChanged.connect(self._indicator)
        theirs.sectionResized.connect(lambda c, _old, _new: self._place() if c == 0 else None)
        view.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(view.verticalScrollBar().setValue)
        model = view.model()
        model.modelReset.connect(self._columns)
        model.layoutChanged.connect(self._columns)
        view.installEventFilter(self)
        self._indicator(theirs.sortIndicatorSection(), theirs.sortIndicatorOrder())
        self._columns()

    def _columns(self) -> None:
        for c in range(self.model().columnCount()):
            self.setColumnHidden(c, c != 0)
        self._place()

    def _sort(self, column: int) -> None:
        theirs = self.main.horizontalHeader()
        ascending = (
            theirs.sortIndicatorSection() != column or theirs.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        )
        self.main.sortByColumn(column, Qt.SortOrder.AscendingOrder if ascending else Qt.SortOrder.DescendingOrder)

    def _indicator(self, column: int, order: Qt.SortOrder) -> None:
        own = self.horizontalHeader()
        own.setSortIndicatorShown(column == 0 and self.main.isSortingEnabled())
        own.setSortIndicator(column, order)

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:
        if obj is self.main and e.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest, QEvent.Type.Show):
            self._place()
        return False

    def _place(self) -> None:
        view = self.main
        hidden = view.isColumnHidden(0)
        self.setVisible(not hidden and view.isVisible())
        width = view.columnWidth(0)
        self.setColumnWidth(0, width)
        head = view.horizontalHeader().height()
        self.horizontalHeader().setFixedHeight(head)
        f = view.frameWidth()
        self.setGeometry(f, f, width, view.viewport().height() + head)
        self.verticalScrollBar().setValue(view.verticalScrollBar().value())
