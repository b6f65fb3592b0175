"""The main window's parts, each a small class that makes and owns its widgets.

- `MainMenus`: the menu bar's menus (and File > Open Recent);
- `MainToolbar`: logo, workspace name, the Explorer/Review switch, the explorer's tools (app
  chooser, tree toggles, layer actions);
- `ExplorerPane`: stores | effective tree | cascade over diff (`StoresPane`, `TreePanel`, `DetailPane`);
- `ProblemsPart`: the problems dock; `StatusPart`: the status bar (message, busy bar, problems, live state).

Only construction and each part's own look live here; what the widgets do is wired in `main_window`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFrame,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QProxyStyle,
    QSizePolicy,
    QSplitter,
    QStatusBar,
    QStyle,
    QStyleFactory,
    QToolBar,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from storelayers.gui import icons
from storelayers.gui.actions import MENUS, SPECS, Actions
from storelayers.gui.cascade import CascadePanel
from storelayers.gui.delegates import StoreDelegate
from storelayers.gui.diff_panel import DiffPanel
from storelayers.gui.problems import ProblemsPanel
from storelayers.gui.store_columns import CountColumns
from storelayers.gui.store_filter import StoreFilter
from storelayers.gui.store_model import StoreModel
from storelayers.gui.tasks import Tasks
from storelayers.gui.tree_panel import TreePanel, split_sizes
from storelayers.gui.turns import PaintLater
from storelayers.resolver.names import shown_lines

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


class MainMenus:
    """The menus, made from `actions.SPECS`; `recent` is File > Open Recent (filled when shown)."""

    def __init__(self, win: QMainWindow, actions: Actions) -> None:
        menus = {name: win.menuBar().addMenu(name) for name in MENUS}
        self.recent = QMenu("Open &Recent", win)
        self.recent.setObjectName("RecentMenu")
        for spec in SPECS:
            m = menus[spec.menu]
            if spec.name == "open_demo":
                m.addMenu(self.recent)
            if spec.name in SEPARATE_BEFORE:
                m.addSeparator()
            m.addAction(actions[spec.name])
        group = QActionGroup(win)  # Explorer and Review: one of the two is shown
        group.setExclusive(True)
        group.addAction(actions["show_explorer"])
        group.addAction(actions["show_review"])
        actions["show_explorer"].setChecked(True)

    def fill_recent(self, recent: tuple[str, ...] | list[str], open_path: Callable[[str], object]) -> None:
        m = self.recent
        m.clear()
        for p in recent:
            act = m.addAction(p)
            act.triggered.connect(lambda _c=False, path=p: open_path(path))
        if not recent:
            m.addAction("No recent workspaces").setEnabled(False)


OVERFLOW_WIDTH = 26
"""The toolbar's "more" button, in px (Fusion's own is 12 px wide: hard to see and to hit)."""


class _ToolbarStyle(QProxyStyle):
    """The app's style, with a toolbar overflow button `OVERFLOW_WIDTH` wide.

    Qt lays the button out `PM_ToolBarExtensionExtent` wide and a style sheet cannot change that
    metric (QStyleSheetStyle leaves it to the base style), so a style must. It is set on the
    toolbar only (its items inherit it): a Python method asked for every metric of every widget
    of the window was 5,000 calls, a fifth of the time to build it; the toolbar asks ~100."""

    def pixelMetric(self, metric: QStyle.PixelMetric, option: object = None, widget: object = None) -> int:
        if metric == QStyle.PixelMetric.PM_ToolBarExtensionExtent:
            return OVERFLOW_WIDTH
        return super().pixelMetric(metric, option, widget)  # type: ignore[arg-type]  # PySide's optional args


def _overflow_button(tb: QToolBar) -> None:
    """What does not fit goes into the toolbar's own overflow (Qt's extension button), shown as a
    "more" button wide enough to be seen and clicked."""
    style = _ToolbarStyle(QStyleFactory.create("Fusion"))  # the app's style (app.make_app)
    style.setParent(tb)  # lives as long as the toolbar (a widget does not own its style)
    tb.setStyle(style)
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


class MainToolbar:
    """The toolbar. `explorer_tools` (app chooser, tree toggles, layer actions) hides with the review."""

    def __init__(self, win: QMainWindow, actions: Actions) -> None:
        a = actions
        tb = QToolBar("Main")
        tb.setObjectName("MainToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        win.addToolBar(tb)
        self.bar = tb
        self.workspace_name = QLabel("")
        self.workspace_name.setObjectName("WorkspaceName")
        self.workspace_name.setStyleSheet("font-weight:600; padding: 0 8px 0 4px;")
        logo = QLabel()
        logo.setPixmap(icons.pixmap("logo", "#000000", 20))
        tb.addWidget(logo)
        tb.addWidget(self.workspace_name)
        tb.addAction(a["open"])
        tb.addSeparator()
        for name in ("show_explorer", "show_review"):  # the view switch, as two tabs
            tb.addAction(a[name])
            _with_text(tb, a[name], a[name].text().replace("&", ""))
            tb.widgetForAction(a[name]).setObjectName(f"ViewTab_{name}")
        self.app_box = QComboBox()
        self.app_box.setMinimumWidth(150)
        self.app_box.setToolTip("The app whose layers you see (Ctrl+] / Ctrl+[)")
        self.explorer_tools = self._explorer_tools(a)  # hidden while the review is shown
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        tb.addWidget(spacer)
        for name in ("goto", "diff_mode", "problems", "help"):
            tb.addAction(a[name])
        _overflow_button(tb)

    def _explorer_tools(self, a: Actions) -> ToolGroup:
        """App chooser, tree toggles and layer actions, each its own toolbar item (so a narrow window
        moves the ones that do not fit into the overflow menu). Returns their toolbar actions, for
        the review view to hide."""
        tb = self.bar
        items = ToolGroup([tb.addWidget(_separator())])
        caption = QLabel("App")
        caption.setObjectName("Muted")
        caption.setStyleSheet("padding: 0 4px 0 8px;")
        items.append(tb.addWidget(caption))
        items.append(tb.addWidget(self.app_box))
        items.append(tb.addWidget(_separator()))
        for name in ("changes_only", "flat", "expand_changes"):
            items.append(_button_item(tb, a[name]))
        items.append(tb.addWidget(_separator()))
        for name, label in (("override", "Override"), ("remove", "Remove"), ("undo", "Undo")):
            a[name].setIconText(label)
            items.append(_button_item(tb, a[name], text=True))
        return items

    def show_explorer_tools(self, on: bool) -> None:
        """The explorer-only tools are hidden while the review is shown (shortcuts stay)."""
        self.explorer_tools.setVisible(on)

    def show_workspace(self, name: str, tip: str) -> None:
        self.workspace_name.setText(name)
        self.workspace_name.setToolTip(tip)


class StoresPane(QWidget):
    """The store list (a tree of stores with their counts) and a hint line under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Panel")
        sv = QVBoxLayout(self)
        sv.setContentsMargins(0, 0, 0, 0)
        sv.setSpacing(0)
        self.model = StoreModel(self)
        self.view = QTreeView()
        self.paint_later = PaintLater(self.view)  # a new workspace's list is painted a turn after its reset
        self.filter = StoreFilter(self.model, self.view)
        box = QWidget()
        bl = QVBoxLayout(box)
        bl.setContentsMargins(6, 6, 6, 2)
        bl.setSpacing(2)
        bl.addWidget(self.filter)
        self.scope = QLabel("")  # which app the counts are for
        self.scope.setObjectName("Faint")
        self.scope.setWordWrap(True)
        bl.addWidget(self.scope)
        sv.addWidget(box)
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(0, StoreDelegate(self.view))
        self.view.setUniformRowHeights(True)
        self.view.setIndentation(14)
        self.view.setRootIsDecorated(True)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        h = self.view.header()
        h.setStretchLastSection(False)
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2, 3):  # their widths: `CountColumns` (the name first)
            h.setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
            h.resizeSection(c, 30)
        sv.addWidget(self.view)
        self.app_label = ""
        self.columns = CountColumns(self.view, self.model, lambda _hidden: self.show_scope(self.app_label), self)
        self.hint = QLabel("")
        self.hint.setObjectName("Faint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("padding: 6px 10px;")
        sv.addWidget(self.hint)
        self.filter.filtered.connect(self._filtered)

    def show_scope(self, app_label: str) -> None:
        """Say which app the counts are for (they follow the app chosen in the toolbar)."""
        self.model.app_label = self.app_label = app_label
        # the same words as the legend's ("Counts for fashion-de in Next.js")
        more = " (each store's tooltip has them all)" if self.columns.hidden else ""
        self.scope.setText(f"Counts for {app_label}{more}")
        self.scope.setToolTip(
            f"The three columns count each store's overrides, added files and redundant copies in {app_label} "
            "(the app chosen in the toolbar); choose another app to count its files"
        )
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 1, 3)

    def _filtered(self, shown: int) -> None:
        query = self.filter.text().strip()
        if query and not shown:
            self.hint.setText(f"No store id contains \u201c{query}\u201d. Esc clears the filter.")
        elif self.hint.text().startswith("No store id contains"):
            self.hint.setText("")


class DetailPane(QSplitter):
    """The cascade (every layer that has the file) over the diff of two of them."""

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.cascade = CascadePanel()
        self.diff = DiffPanel(tasks)
        self.addWidget(self.cascade)
        self.addWidget(self.diff)
        self.setStretchFactor(0, 0)
        self.setStretchFactor(1, 1)
        self.setSizes([312, 418])  # the cascade fits base + three store layers without scrolling

    def roomy_width(self) -> int:
        """The width the pane is given where the window has room: the diff's header in one row."""
        return self.diff.roomy_width()


class ExplorerPane(QSplitter):
    """One store at a time: stores | effective tree | cascade over diff."""

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.stores = StoresPane()
        self.tree = TreePanel()
        self.detail = DetailPane(tasks)
        self.addWidget(self.stores)
        self.addWidget(self.tree)
        self.addWidget(self.detail)
        self.setStretchFactor(0, 0)
        self.setStretchFactor(1, 1)
        self.setStretchFactor(2, 2)
        self.setSizes([290, 440, 710])
        _keep_panes(self)

    def set_diff_layout(self, on: bool) -> None:
        """The diff layout gives the diff most of the width and hides the stores."""
        self.stores.setVisible(not on)
        total = max(1, self.width())
        if on:
            self.setSizes([0, int(total * 0.28), int(total * 0.72)])
            detail = self.detail
            top = min(detail.cascade.fit_height(2), max(150, detail.height() // 3))  # the two layers compared
            detail.setSizes([top, max(300, detail.height() - top)])
        else:
            self.setSizes(split_sizes(total, self))


def _keep_panes(split: QSplitter) -> QSplitter:
    """Panes keep a usable width (the window stops shrinking first) and cannot be dragged away."""
    stores = split.widget(0)
    if stores is not None:
        stores.setMinimumWidth(150)
    for i in (0, 1, 2):  # dragged to the edge, a pane stops at its minimum (View > Show hides one)
        split.setCollapsible(i, False)
    return split


class ProblemsPart:
    """The resolver's diagnostics in a dock at the bottom (hidden until asked for)."""

    def __init__(self, win: QMainWindow) -> None:
        self.panel = ProblemsPanel()
        self.dock = QDockWidget("Problems", win)
        self.dock.setObjectName("ProblemsDock")
        self.dock.setWidget(self.panel)
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable)
        win.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self._sized = False
        self.dock.visibilityChanged.connect(lambda on: self._fit(win) if on else None)

    def _fit(self, win: QMainWindow) -> None:
        """On its first showing the dock takes the height its rows need (Qt gave it half the window:
        one note pushed the tree down to four rows at 1024x640); later the user's height stays."""
        if self._sized:
            return
        self._sized = True
        title = self.dock.fontMetrics().height() + 12
        most = max(120, win.height() // 3)
        win.resizeDocks([self.dock], [min(most, title + self.panel.first_height())], Qt.Orientation.Vertical)


BUSY_AFTER_MS = 200
"""A store's tree usually arrives within this: the status bar's busy bar shows only after it (showing
and hiding it lays the status bar and the window out again, a few ms of every store switch)."""


class StatusPart(QObject):
    """The status bar: one message, a busy bar, the problems button and the live-watching state."""

    def __init__(self, bar: QStatusBar, problems: QAction) -> None:
        super().__init__(bar)
        self.text = QLabel("")
        self.text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # new text: no relayout
        bar.addWidget(self.text, 1)
        self.progress = QProgressBar()
        self.progress.setObjectName("ScanProgress")
        self.progress.setRange(0, 0)
        self.progress.setFixedWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        bar.addPermanentWidget(self.progress)
        self.problems_button = QToolButton()
        self.problems_button.setAutoRaise(True)
        self.problems_button.setDefaultAction(problems)
        self.problems_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.addPermanentWidget(self.problems_button)
        self.live = QLabel("")
        self.live.setObjectName("LiveLabel")
        bar.addPermanentWidget(self.live)
        self._later_text = ""
        self._still_busy: Callable[[], bool] = lambda: False
        self._later = QTimer(self)  # shows "Resolving..." only for work that takes a while
        self._later.setSingleShot(True)
        self._later.setInterval(BUSY_AFTER_MS)
        self._later.timeout.connect(self._busy_now)

    def say(self, text: str) -> None:
        self.text.setText(shown_lines(text))

    def busy(self, text: str) -> None:
        self._later.stop()
        self.text.setText(shown_lines(text))
        self.progress.setRange(0, 0)
        self.progress.show()

    def busy_later(self, text: str, still_busy: Callable[[], bool]) -> None:
        """Show `text` and the busy bar after `BUSY_AFTER_MS`, if `still_busy()` then."""
        self._later_text, self._still_busy = text, still_busy
        self._later.start()

    def _busy_now(self) -> None:
        if self._still_busy():
            self.busy(self._later_text)

    def idle(self, text: str) -> None:
        self._later.stop()
        self.text.setText(shown_lines(text))
        self.progress.hide()

    def show_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def set_live(self, text: str, tip: str) -> None:
        self.live.setText(text)
        self.live.setToolTip(tip)


def _button(action: QAction, text: bool = False) -> QToolButton:
    b = QToolButton()
    b.setDefaultAction(action)
    b.setAutoRaise(True)
    b.setObjectName(f"Tool_{action.objectName()}")
    b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon if text else Qt.ToolButtonStyle.ToolButtonIconOnly)
    return b


def _button_item(tb: QToolBar, action: QAction, text: bool = False) -> QAction:
    """A tool button for `action` as a toolbar item of its own. The item's enabled state follows the
    action's: Qt sets a widget item's widget to the item's own state whenever the item changes (shown
    again after the review, say), which made a disabled Undo look and act enabled."""
    item = tb.addWidget(_button(action, text))
    item.setEnabled(action.isEnabled())
    action.enabledChanged.connect(item.setEnabled)
    return item


def _separator() -> QFrame:
    """A thin rule like the toolbar's own separators (styled in the theme)."""
    line = QFrame()
    line.setObjectName("ToolSeparator")
    line.setFixedSize(13, 20)
    return line


def _with_text(tb: QToolBar, action: QAction, label: str) -> None:
    action.setIconText(label)
    btn = tb.widgetForAction(action)
    if isinstance(btn, QToolButton):
        btn.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
