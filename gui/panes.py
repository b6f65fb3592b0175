"""Panes that can always be brought back: View toggles for the stores list, the cascade and the
diff, View > Reset Layout, Ctrl+Tab through the review's tabs, Ctrl+1 and Ctrl+3 showing the pane they move the keyboard to, and the Diff
Layout (Ctrl+D) giving back the widths the panes had before it.

Installed on a built window (`install(win)`); it only adds actions and signal connections.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu, QWidget
from storelayers.gui.tree_panel import split_sizes

CASCADE_HEIGHT = 312  # the cascade fits base + three store layers without scrolling


class Panes:
    """The window's pane toggles and the layout they go back to. `win` is the MainWindow (its panes
    reached through its typed parts: `win.explorer`, `win.user_actions`)."""

    def __init__(self, win: Any) -> None:
        self.win = win
        self.before_diff: tuple[list[int], list[int]] | None = None  # split widths to go back to
        self.toggles: dict[str, QAction] = {}
        menu = next(
            (m for m in win.menuBar().findChildren(QMenu) if m.title().replace("&", "") == "View"),
            None,
        )
        panes = (
            ("stores", "Show &Stores", "Alt+1"),
            ("cascade", "Show &Cascade", "Alt+2"),
            ("diff", "Show D&iff", "Alt+3"),
        )
        if menu is not None:
            menu.addSeparator()
        for name, text, key in panes:
            act = QAction(text, win)
            act.setObjectName(f"show_{name}_pane")
            act.setCheckable(True)
            act.setChecked(True)
            act.setShortcut(QKeySequence(key))
            act.toggled.connect(lambda on, n=name: self.show(n, on))
            self.toggles[name] = act
            if menu is not None:
                menu.addAction(act)
        self.reset_action = QAction("&Reset Layout", win)
        self.reset_action.setObjectName("reset_layout")
        self.reset_action.setToolTip("Every pane back, at its usual width")
        self.reset_action.triggered.connect(self.reset)
        if menu is not None:
            menu.addAction(self.reset_action)
        a = win.user_actions
        # After the window's own focus slots: show the pane, then give it the keyboard.
        a["focus_stores"].triggered.connect(lambda: self.reveal("stores", win.explorer.stores.view))
        a["focus_diff"].triggered.connect(lambda: self.reveal("diff", win.explorer.detail.diff.canvas))
        a["diff_mode"].toggled.connect(self._diff_mode)
        self._review_tab_keys()
        win.explorer.splitterMoved.connect(lambda _pos, _i: self.remember())
        win.explorer.detail.splitterMoved.connect(lambda _pos, _i: self.remember())
        self.remember()

    def _review_tab_keys(self) -> None:
        """Ctrl+Tab / Ctrl+Shift+Tab switch the review's tabs wherever the keyboard is in the review
        (its tables would take the keys for themselves otherwise)."""
        panel = self.win.review_panel

        def step_tab(step: int) -> None:
            tabs = panel.tabs  # asked for when a key is pressed: the view's tabs are made when it is first shown
            tabs.setCurrentIndex((tabs.currentIndex() + step) % max(1, tabs.count()))

        for key, step in (("Ctrl+Tab", 1), ("Ctrl+Shift+Tab", -1), ("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            sc = QShortcut(QKeySequence(key), panel)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(lambda s=step: step_tab(s))

    def _widget(self, name: str) -> QWidget:
        w: QWidget = {
            "stores": self.win.explorer.stores,
            "cascade": self.win.explorer.detail.cascade,
            "diff": self.win.explorer.detail.diff,
        }[name]
        return w

    def show(self, name: str, on: bool) -> None:
        win = self.win
        if name == "stores" and on and win.user_actions["diff_mode"].isChecked():
            win.user_actions["diff_mode"].setChecked(False)  # the diff layout hides the stores: leave it
        w = self._widget(name)
        w.setVisible(on)
        if on:
            split = win.explorer if name == "stores" else win.explorer.detail
            index = split.indexOf(w)
            sizes = split.sizes()
            if sizes[index] < w.minimumSizeHint().width() // 2 or sizes[index] == 0:
                self._usual(name)
        self.sync()

    def _usual(self, name: str) -> None:
        win = self.win
        if name == "stores":
            win.explorer.setSizes(split_sizes(max(1, win.explorer.width()), win.explorer))
        else:
            total = max(1, win.explorer.detail.height())
            top = min(CASCADE_HEIGHT, total // 2)
            win.explorer.detail.setSizes([top, max(1, total - top)])

    def reveal(self, name: str, focus: QWidget) -> None:
        """Ctrl+1..3: show the pane the keyboard goes to (it may be hidden or squeezed), then focus it."""
        if not self._widget(name).isVisible() or self.toggles[name].isChecked() is False:
            self.toggles[name].setChecked(True)
        self.show(name, True)
        focus.setFocus()

    def sync(self) -> None:
        for name, act in self.toggles.items():
            shown = self._widget(name).isVisibleTo(self.win)
            if act.isChecked() != shown:
                act.blockSignals(True)
                act.setChecked(shown)
                act.blockSignals(False)

    def remember(self) -> None:
        """The widths a person gave the panes, outside the diff layout, to come back to."""
        win = self.win
        if not win.user_actions["diff_mode"].isChecked():
            self.before_diff = (win.explorer.sizes(), win.explorer.detail.sizes())

    def _diff_mode(self, on: bool) -> None:
        win = self.win
        if not on and self.before_diff is not None:
            split, right = self.before_diff
            if all(split) and sum(split) > 0:
                win.explorer.setSizes(split)
            if all(right) and sum(right) > 0:
                win.explorer.detail.setSizes(right)
        self.sync()

    def reset(self) -> None:
        """View > Reset Layout: every pane shown at its usual width, the diff layout off."""
        win = self.win
        if win.user_actions["diff_mode"].isChecked():
            win.user_actions["diff_mode"].setChecked(False)
        for name in self.toggles:
            self._widget(name).setVisible(True)
        win.show_view("explorer")
        win.explorer.setSizes(split_sizes(max(1, win.explorer.width()), win.explorer))
        self._usual("cascade")
        self.before_diff = None
        self.remember()
        self.sync()


def install(win: Any) -> Panes:
    return Panes(win)
