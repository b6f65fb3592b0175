"""Colours named by meaning, with light and dark values, following the system's colour scheme.

The palette itself is the engine's (`resolver/palette.py`), shared with the HTML report; this
module turns it into Qt colours, a `QPalette` and the application's style sheet.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from storelayers.resolver.palette import DARK, LIGHT, chain_colour
from storelayers.resources import resource


class Theme:
    """The current colours. `Theme.current()` is what every view asks."""

    _instance: Theme | None = None

    def __init__(self, dark: bool) -> None:
        self.dark = dark
        self._values = DARK if dark else LIGHT
        self._cache: dict[str, QColor] = {}

    @classmethod
    def current(cls) -> Theme:
        if cls._instance is None:
            cls._instance = Theme(system_is_dark())
        return cls._instance

    @classmethod
    def set(cls, dark: bool) -> Theme:
        cls._instance = Theme(dark)
        return cls._instance

    def color(self, name: str) -> QColor:
        c = self._cache.get(name)
        if c is None:
            c = QColor(self._values[name])
            self._cache[name] = c
        return c

    def hex(self, name: str) -> str:
        return self._values[name]

    def layer(self, position: int | None) -> QColor:
        """Colour of a layer by its place in the chain of the store being looked at: 1 this store,
        2 its parent, ..., 0 the base app; None for a store outside that chain (a neutral)."""
        return self.color(chain_colour(position))

    def status(self, status: str) -> QColor:
        return self.color(f"status.{status}")

    def tint(self, name: str, alpha: int) -> QColor:
        c = QColor(self.color(name))
        c.setAlpha(alpha)
        return c


def system_is_dark() -> bool:
    app = QGuiApplication.instance()
    if app is None:
        return False
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def resolve_dark(choice: str) -> bool:
    """'light', 'dark' or 'system' to a yes/no."""
    if choice == "dark":
        return True
    if choice == "light":
        return False
    return system_is_dark()


def mono_font(size_delta: int = 0) -> QFont:
    f = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    f.setPointSizeF(max(7.0, f.pointSizeF() - 0.5 + size_delta))
    return f


def palette(theme: Theme) -> QPalette:
    p = QPalette()
    c = theme.color
    roles = {
        QPalette.ColorRole.Window: "window",
        QPalette.ColorRole.WindowText: "text",
        QPalette.ColorRole.Base: "base",
        QPalette.ColorRole.AlternateBase: "alt_base",
        QPalette.ColorRole.Text: "text",
        QPalette.ColorRole.Button: "panel",
        QPalette.ColorRole.ButtonText: "text",
        QPalette.ColorRole.Highlight: "selection",
        QPalette.ColorRole.HighlightedText: "text",
        QPalette.ColorRole.ToolTipBase: "panel",
        QPalette.ColorRole.ToolTipText: "text",
        QPalette.ColorRole.PlaceholderText: "text.faint",
        QPalette.ColorRole.Link: "accent",
        QPalette.ColorRole.Mid: "border",
        QPalette.ColorRole.Midlight: "border",
        QPalette.ColorRole.Dark: "border.strong",
        QPalette.ColorRole.Light: "base",
    }
    for role, name in roles.items():
        p.setColor(role, c(name))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, c("text.faint"))
    p.setColor(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Highlight, c("selection.inactive"))
    return p


def stylesheet(theme: Theme) -> str:
    """The application's QSS: flat panels, thin borders, quiet headers (VS Code / DevTools look)."""
    v = theme.hex
    chevron = resource("icons", f"chevron-{'dark' if theme.dark else 'light'}.svg").as_posix()
    check = resource("icons", "check.svg").as_posix()
    return f"""
QMainWindow, QDialog {{ background: {v("window")}; }}
QToolBar {{ background: {v("panel")}; border: none; border-bottom: 1px solid {v("border")}; spacing: 4px; padding: 4px 6px; }}
QToolBar QToolButton {{ padding: 3px 6px; border-radius: 4px; color: {v("text")}; }}
QToolBar QToolButton:hover {{ background: {v("hover")}; }}
QToolBar QToolButton:checked {{ background: {v("selection")}; }}
QToolBar::separator {{ background: {v("border")}; width: 1px; margin: 6px 6px; }}
QFrame#ToolSeparator {{ border: none; border-left: 1px solid {v("border")}; margin: 0 6px; }}
QToolButton {{ border: none; border-radius: 4px; padding: 2px 4px; color: {v("text")}; }}
QToolButton:hover {{ background: {v("hover")}; }}
QToolButton:checked {{ background: {v("selection")}; }}
QStatusBar {{ background: {v("panel")}; border-top: 1px solid {v("border")}; color: {v("text.dim")}; }}
QStatusBar QLabel {{ color: {v("text.dim")}; padding: 0 6px; }}
QTreeView, QListView, QTableView {{ background: {v("base")}; border: none; outline: 0;
    selection-background-color: {v("selection")}; selection-color: {v("text")}; }}
QTreeView::item, QListView::item, QTableView::item {{ padding: 1px 2px; border: none; }}
QTreeView::item:hover, QListView::item:hover, QTableView::item:hover {{ background: {v("hover")}; }}
QTreeView::item:selected, QListView::item:selected, QTableView::item:selected {{ background: {v("selection")}; color: {v("text")}; }}
QHeaderView {{ background: {v("base")}; border: none; }}
QHeaderView::section {{ background: {v("base")}; color: {v("text.dim")}; border: none;
    border-bottom: 1px solid {v("border")}; padding: 3px 6px; font-weight: 600; }}
QSplitter::handle {{ background: {v("border")}; }}
QSplitter::handle:horizontal {{ width: 1px; }}
QSplitter::handle:vertical {{ height: 1px; }}
QLineEdit, QComboBox {{ background: {v("base")}; border: 1px solid {v("border.strong")}; border-radius: 5px;
    padding: 3px 7px; color: {v("text")}; selection-background-color: {v("selection")}; }}
QLineEdit:focus, QComboBox:focus {{ border: 1px solid {v("accent")}; }}
QComboBox::drop-down {{ border: none; width: 20px; }}
QComboBox::down-arrow {{ image: url("{chevron}"); width: 12px; height: 12px; }}
QComboBox QAbstractItemView {{ background: {v("base")}; border: 1px solid {v("border.strong")}; selection-background-color: {v("selection")}; }}
QPushButton {{ background: {v("panel")}; border: 1px solid {v("border.strong")}; border-radius: 5px; padding: 4px 12px; color: {v("text")}; }}
QPushButton:hover {{ background: {v("hover")}; }}
QPushButton:default {{ background: {v("accent")}; color: {v("accent.text")}; border-color: {v("accent")}; }}
QPushButton:disabled {{ color: {v("text.faint")}; }}
QCheckBox::indicator {{ width: 13px; height: 13px; border: 1px solid {v("text.faint")}; border-radius: 3px; background: {v("base")}; }}
QCheckBox::indicator:hover {{ border-color: {v("accent")}; }}
QCheckBox::indicator:checked {{ background: {v("accent")}; border-color: {v("accent")}; image: url("{check}"); }}
QRadioButton::indicator {{ width: 11px; height: 11px; border: 1px solid {v("text.faint")}; border-radius: 6px; background: {v("base")}; }}
QRadioButton::indicator:hover {{ border-color: {v("accent")}; }}
QRadioButton::indicator:checked {{ border-color: {v("accent")}; background: qradialgradient(cx: 0.5, cy: 0.5, radius: 0.5, fx: 0.5, fy: 0.5,
    stop: 0 {v("accent.text")}, stop: 0.4 {v("accent.text")}, stop: 0.5 {v("accent")}, stop: 1 {v("accent")}); }}
QScrollBar:vertical {{ background: transparent; width: 11px; margin: 0; }}
QScrollBar::handle:vertical {{ background: {v("border.strong")}; border-radius: 4px; min-height: 24px; margin: 2px; }}
QScrollBar:horizontal {{ background: transparent; height: 11px; margin: 0; }}
QScrollBar::handle:horizontal {{ background: {v("border.strong")}; border-radius: 4px; min-width: 24px; margin: 2px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
QDockWidget {{ color: {v("text.dim")}; }}
QDockWidget::title {{ background: {v("panel")}; padding: 4px 8px; border-top: 1px solid {v("border")}; }}
QMenu {{ background: {v("base")}; border: 1px solid {v("border.strong")}; padding: 4px; }}
QMenu::item {{ padding: 4px 24px 4px 20px; border-radius: 4px; color: {v("text")}; }}
QMenu::item:selected {{ background: {v("selection")}; }}
QMenu::item:disabled {{ color: {v("text.faint")}; }}
QMenu::separator {{ height: 1px; background: {v("border")}; margin: 4px 6px; }}
QMenuBar {{ background: {v("panel")}; color: {v("text")}; }}
QMenuBar::item:selected {{ background: {v("hover")}; }}
QToolTip {{ background: {v("panel")}; color: {v("text")}; border: 1px solid {v("border.strong")}; padding: 4px; }}
QProgressBar {{ background: {v("chip")}; border: none; border-radius: 3px; max-height: 6px; }}
QProgressBar::chunk {{ background: {v("accent")}; border-radius: 3px; }}
QLabel#PanelTitle {{ color: {v("text.dim")}; font-weight: 600; letter-spacing: 0.5px; padding: 6px 10px 4px 10px; }}
QWidget#Panel {{ background: {v("base")}; }}
QWidget#PanelHeader {{ background: {v("base")}; border-bottom: 1px solid {v("border")}; }}
QFrame#Card {{ background: {v("base")}; border: 1px solid {v("border")}; border-radius: 6px; }}
QFrame#CardWinner {{ background: {v("base")}; border: 1px solid {v("accent")}; border-radius: 6px; }}
QLabel#Muted {{ color: {v("text.dim")}; }}
QLabel#Faint {{ color: {v("text.faint")}; }}
QLabel#Mono {{ color: {v("text.dim")}; }}
QTabBar::tab {{ background: transparent; color: {v("text.dim")}; padding: 6px 12px; border: none; border-bottom: 2px solid transparent; }}
QTabBar::tab:selected {{ color: {v("text")}; border-bottom: 2px solid {v("accent")}; }}
QTabWidget::pane {{ border: none; }}
QToolButton {{ border: 1px solid transparent; }}
QToolButton:disabled, QToolBar QToolButton:disabled {{ color: {v("text.faint")}; }}
QToolButton:focus, QPushButton:focus {{ border: 1px solid {v("accent")}; }}
QTreeView:focus, QListView:focus, QTableView:focus {{ border: 1px solid {v("accent")}; }}
QCheckBox::indicator:focus {{ border: 2px solid {v("accent")}; }}
QRadioButton::indicator:focus {{ border-color: {v("accent")}; }}
QTabBar::tab:focus {{ color: {v("text")}; border: 1px solid {v("accent")}; border-bottom: 2px solid {v("accent")}; }}
"""
