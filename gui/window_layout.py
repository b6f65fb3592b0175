"""The main window's widgets: menus, toolbar, the explorer (stores | effective tree | cascade over
diff), the review view beside it, the problems dock and the status bar.

Only construction lives here; what the widgets do is wired in `main_window`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFrame,
    QHeaderView,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from storelayers.gui import icons
from storelayers.gui.actions import MENUS, SPECS
from storelayers.gui.cascade import CascadePanel
from storelayers.gui.delegates import StoreDelegate
from storelayers.gui.diff_panel import DiffPanel
from storelayers.gui.problems import ProblemsPanel
from storelayers.gui.review import ReviewPanel
from storelayers.gui.store_model import StoreModel
from storelayers.gui.tasks import Tasks
from storelayers.gui.tree_panel import TreePanel

if TYPE_CHECKING:
    from storelayers.gui.main_window import MainWindow

SEPARATE_BEFORE = (
    "reload",
    "quit",
    "next_change",
    "filter",
    "diff_mode",
    "theme_system",
    "undo",
    "about",
    "focus_stores",
)


def build(win: MainWindow) -> None:
    _menus(win)
    _toolbar(win)
    win.explorer = _explorer(win)
    win.review_panel = ReviewPanel(Tasks(None, win, sync=win.tasks.sync), parent=win)
    win.review_panel.setObjectName("ReviewView")
    win.views = QStackedWidget()
    win.views.addWidget(win.explorer)
    win.views.addWidget(win.review_panel)
    win.setCentralWidget(win.views)
    _problems(win)
    _status_bar(win)


def _menus(win: MainWindow) -> None:
    a = win.actions
    menus = {name: win.menuBar().addMenu(name) for name in MENUS}
    for spec in SPECS:
        m = menus[spec.menu]
        if spec.name == "open_demo":
            win.recent_menu = m.addMenu("Open &Recent")
            win.recent_menu.setObjectName("RecentMenu")
            win.recent_menu.aboutToShow.connect(win.fill_recent)
        if spec.name in SEPARATE_BEFORE:
            m.addSeparator()
        m.addAction(a[spec.name])
    group = QActionGroup(win)  # Explorer and Review: one of the two is shown
    group.setExclusive(True)
    group.addAction(a["show_explorer"])
    group.addAction(a["show_review"])
    a["show_explorer"].setChecked(True)


def _toolbar(win: MainWindow) -> None:
    a = win.actions
    tb = QToolBar("Main")
    tb.setObjectName("MainToolbar")
    tb.setMovable(False)
    tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    win.addToolBar(tb)
    win.toolbar = tb
    win.ws_label = QLabel("")
    win.ws_label.setObjectName("WorkspaceName")
    win.ws_label.setStyleSheet("font-weight:600; padding: 0 8px 0 4px;")
    logo = QLabel()
    logo.setPixmap(icons.pixmap("logo", "#000000", 20))
    tb.addWidget(logo)
    tb.addWidget(win.ws_label)
    tb.addAction(a["open"])
    tb.addSeparator()
    for name in ("show_explorer", "show_review"):  # the view switch, as two tabs
        tb.addAction(a[name])
        _with_text(tb, a[name], a[name].text().replace("&", ""))
        tb.widgetForAction(a[name]).setObjectName(f"ViewTab_{name}")
    win.explorer_tools = _explorer_tools(win, tb)  # hidden while the review is shown
    spacer = QWidget()
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    tb.addWidget(spacer)
    for name in ("goto", "diff_mode", "problems", "help"):
        tb.addAction(a[name])
    _overflow_button(tb)


def _overflow_button(tb: QToolBar) -> None:
    """What does not fit goes into the toolbar's own overflow (Qt's extension button), shown as a
    "more" button (the app's style makes it wide enough to be seen and clicked)."""
    for b in tb.findChildren(QToolButton, "qt_toolbar_ext_button"):
        b.setIcon(icons.icon("more"))
        b.setToolTip("More tools (the window is too narrow to show them all)")


class ToolGroup(list[QAction]):
    """Toolbar items shown and hidden together."""

    def setVisible(self, on: bool) -> None:
        for item in self:
            item.setVisible(on)

    def isVisible(self) -> bool:
        return any(item.isVisible() for item in self)


def _explorer_tools(win: MainWindow, tb: QToolBar) -> ToolGroup:
    """App chooser, tree toggles and layer actions, each its own toolbar item (so a narrow window
    moves the ones that do not fit into the overflow menu). Returns their toolbar actions, for
    the review view to hide."""
    a = win.actions
    items = ToolGroup([tb.addWidget(_separator())])
    caption = QLabel("App")
    caption.setObjectName("Muted")
    caption.setStyleSheet("padding: 0 4px 0 8px;")
    items.append(tb.addWidget(caption))
    win.app_box = QComboBox()
    win.app_box.setMinimumWidth(150)
    win.app_box.setToolTip("The app whose layers you see (Ctrl+] / Ctrl+[)")
    items.append(tb.addWidget(win.app_box))
    items.append(tb.addWidget(_separator()))
    for name in ("changes_only", "flat", "expand_changes"):
        items.append(tb.addWidget(_button(a[name])))
    items.append(tb.addWidget(_separator()))
    for name, label in (("override", "Override"), ("remove", "Remove"), ("undo", "Undo")):
        a[name].setIconText(label)
        items.append(tb.addWidget(_button(a[name], text=True)))
    return items


def _button(action, text: bool = False) -> QToolButton:
    b = QToolButton()
    b.setDefaultAction(action)
    b.setAutoRaise(True)
    b.setObjectName(f"Tool_{action.objectName()}")
    b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon if text else Qt.ToolButtonStyle.ToolButtonIconOnly)
    return b


def _separator() -> QFrame:
    """A thin rule like the toolbar's own separators (styled in the theme)."""
    line = QFrame()
    line.setObjectName("ToolSeparator")
    line.setFixedSize(13, 20)
    return line


def _with_text(tb: QToolBar, action, label: str) -> None:
    action.setIconText(label)
    btn = tb.widgetForAction(action)
    if isinstance(btn, QToolButton):
        btn.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)


def _explorer(win: MainWindow) -> QSplitter:
    win.stores_panel = QWidget()
    win.stores_panel.setObjectName("Panel")
    sv = QVBoxLayout(win.stores_panel)
    sv.setContentsMargins(0, 0, 0, 0)
    sv.setSpacing(0)
    win.store_model = StoreModel(win)
    win.store_view = QTreeView()
    win.store_view.setModel(win.store_model)
    win.store_view.setItemDelegateForColumn(0, StoreDelegate(win.store_view))
    win.store_view.setUniformRowHeights(True)
    win.store_view.setIndentation(14)
    win.store_view.setRootIsDecorated(True)
    win.store_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    h = win.store_view.header()
    h.setStretchLastSection(False)
    h.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for c in (1, 2, 3):
        h.setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
        h.resizeSection(c, 30)
    sv.addWidget(win.store_view)
    win.store_hint = QLabel("")
    win.store_hint.setObjectName("Faint")
    win.store_hint.setWordWrap(True)
    win.store_hint.setStyleSheet("padding: 6px 10px;")
    sv.addWidget(win.store_hint)

    win.tree_panel = TreePanel()
    win.cascade = CascadePanel()
    win.diff_panel = DiffPanel(win.tasks)
    win.right = QSplitter(Qt.Orientation.Vertical)
    win.right.addWidget(win.cascade)
    win.right.addWidget(win.diff_panel)
    win.right.setStretchFactor(0, 0)
    win.right.setStretchFactor(1, 1)
    win.right.setSizes([312, 418])  # the cascade fits base + three store layers without scrolling
    win.split = QSplitter(Qt.Orientation.Horizontal)
    win.split.addWidget(win.stores_panel)
    win.split.addWidget(win.tree_panel)
    win.split.addWidget(win.right)
    win.split.setStretchFactor(0, 0)
    win.split.setStretchFactor(1, 1)
    win.split.setStretchFactor(2, 2)
    win.split.setSizes([290, 440, 710])
    return _keep_panes(win.split)


def _keep_panes(split: QSplitter) -> QSplitter:
    """Panes keep a usable width (the window stops shrinking first) and cannot be dragged away."""
    stores = split.widget(0)
    if stores is not None:
        stores.setMinimumWidth(150)
    for i in (0, 1, 2):  # dragged to the edge, a pane stops at its minimum (View > Show hides one)
        split.setCollapsible(i, False)
    return split


def _problems(win: MainWindow) -> None:
    win.problems = ProblemsPanel()
    win.problems_dock = QDockWidget("Problems", win)
    win.problems_dock.setObjectName("ProblemsDock")
    win.problems_dock.setWidget(win.problems)
    win.problems_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable)
    win.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, win.problems_dock)
    win.problems_dock.hide()


def _status_bar(win: MainWindow) -> None:
    sb = win.statusBar()
    win.status_text = QLabel("")
    win.status_text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # new text: no relayout
    sb.addWidget(win.status_text, 1)
    win.progress = QProgressBar()
    win.progress.setObjectName("ScanProgress")
    win.progress.setRange(0, 0)
    win.progress.setFixedWidth(160)
    win.progress.setTextVisible(False)
    win.progress.hide()
    sb.addPermanentWidget(win.progress)
    win.problems_button = QToolButton()
    win.problems_button.setAutoRaise(True)
    win.problems_button.setDefaultAction(win.actions["problems"])
    win.problems_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    sb.addPermanentWidget(win.problems_button)
    win.live_label = QLabel("")
    win.live_label.setObjectName("LiveLabel")
    sb.addPermanentWidget(win.live_label)


def show_explorer_tools(win: MainWindow, on: bool) -> None:
    """The toolbar's explorer-only tools are hidden while the review is shown (shortcuts stay)."""
    win.explorer_tools.setVisible(on)
