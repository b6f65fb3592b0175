"""Colours named by meaning, with light and dark values, following the system's colour scheme.

Layer colours come from the Okabe-Ito colour-blind-safe palette, tuned per scheme so text in
them stays readable. A store's colour is chosen by its depth, so the layers of any one chain
(base, top-level store, child, grandchild...) always have different colours. Pygments token
colours are mapped onto the same theme (`syntax.*`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from storelayers.resources import resource

LIGHT: dict[str, str] = {
    "window": "#f3f4f6",
    "panel": "#f8f9fa",
    "base": "#ffffff",
    "alt_base": "#f7f8fa",
    "header": "#eef0f3",
    "text": "#1f2328",
    "text.dim": "#59636e",
    "text.faint": "#8c959f",
    "border": "#d8dce1",
    "border.strong": "#c2c8cf",
    "accent": "#0969da",
    "accent.text": "#ffffff",
    "selection": "#cfe3fb",
    "selection.inactive": "#e4ebf3",
    "hover": "#eef3f9",
    "chip": "#eaeef2",
    "layer.0": "#6e7781",
    "layer.1": "#0b6fb8",
    "layer.2": "#b86200",
    "layer.3": "#00846a",
    "layer.4": "#b0408a",
    "layer.5": "#2a8bc4",
    "layer.6": "#c2410c",
    "layer.7": "#857400",
    "status.inherited": "#6e7781",
    "status.added": "#1a7f37",
    "status.override": "#0969da",
    "status.redundant": "#9a6700",
    "status.special": "#8250df",
    "status.ignored": "#8c959f",
    "diff.insert": "#e6f6ea",
    "diff.insert.strong": "#aeeab9",
    "diff.delete": "#fdecec",
    "diff.delete.strong": "#f8bcbc",
    "diff.filler": "#f3f4f6",
    "diff.gutter": "#f6f8fa",
    "diff.gutter.text": "#8c959f",
    "diff.current": "#0969da",
    "level.error": "#cf222e",
    "level.warning": "#9a6700",
    "level.info": "#0969da",
    "syntax.keyword": "#cf222e",
    "syntax.string": "#0a3069",
    "syntax.comment": "#6e7781",
    "syntax.number": "#0550ae",
    "syntax.function": "#8250df",
    "syntax.type": "#953800",
    "syntax.tag": "#116329",
    "syntax.attr": "#0550ae",
    "syntax.operator": "#1f2328",
    "syntax.text": "#1f2328",
}

DARK: dict[str, str] = {
    "window": "#181a1f",
    "panel": "#1e2127",
    "base": "#1b1d23",
    "alt_base": "#20232a",
    "header": "#23262d",
    "text": "#d7dae0",
    "text.dim": "#9aa3ae",
    "text.faint": "#6b7380",
    "border": "#2e323a",
    "border.strong": "#3b404a",
    "accent": "#4c9cf0",
    "accent.text": "#0d1117",
    "selection": "#26405f",
    "selection.inactive": "#2a2f38",
    "hover": "#252932",
    "chip": "#2a2e36",
    "layer.0": "#9aa3ae",
    "layer.1": "#56b4e9",
    "layer.2": "#e69f00",
    "layer.3": "#2fc4a0",
    "layer.4": "#e58fc6",
    "layer.5": "#a3a8ff",
    "layer.6": "#f08a5d",
    "layer.7": "#e8dc5a",
    "status.inherited": "#9aa3ae",
    "status.added": "#56d364",
    "status.override": "#58a6ff",
    "status.redundant": "#d29922",
    "status.special": "#bc8cff",
    "status.ignored": "#6b7380",
    "diff.insert": "#1d3a2a",
    "diff.insert.strong": "#2c6842",
    "diff.delete": "#432326",
    "diff.delete.strong": "#7a3238",
    "diff.filler": "#1f2228",
    "diff.gutter": "#1e2127",
    "diff.gutter.text": "#5f6773",
    "diff.current": "#4c9cf0",
    "level.error": "#f85149",
    "level.warning": "#d29922",
    "level.info": "#58a6ff",
    "syntax.keyword": "#ff7b72",
    "syntax.string": "#a5d6ff",
    "syntax.comment": "#8b949e",
    "syntax.number": "#79c0ff",
    "syntax.function": "#d2a8ff",
    "syntax.type": "#ffa657",
    "syntax.tag": "#7ee787",
    "syntax.attr": "#79c0ff",
    "syntax.operator": "#d7dae0",
    "syntax.text": "#d7dae0",
}

LAYER_COLOURS = 8


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

    def layer(self, depth: int) -> QColor:
        """Colour of a layer by its store depth (0 is the base app)."""
        idx = 0 if depth <= 0 else 1 + (depth - 1) % (LAYER_COLOURS - 1)
        return self.color(f"layer.{idx}")

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
QCheckBox::indicator:focus, QRadioButton::indicator:focus {{ border: 2px solid {v("accent")}; }}
QTabBar::tab:focus {{ color: {v("text")}; border: 1px solid {v("accent")}; border-bottom: 2px solid {v("accent")}; }}
"""
