"""Icons: plain SVG files under resources/icons, named here once, tinted by theme colour.

The SVGs draw with `currentColor`; `icon(name, colour)` substitutes the colour and renders a
pixmap (cached), so one file serves every layer colour and both themes.
"""

from __future__ import annotations

from functools import cache, lru_cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from storelayers import resources
from storelayers.gui.theme import Theme

STATUS_ICONS = {
    "inherited": "status-inherited",
    "override": "status-override",
    "added": "status-added",
    "redundant": "status-redundant",
    "special": "status-special",
    "ignored": "status-ignored",
}

ACTION_ICONS = (
    "open refresh override remove diff reveal edit undo goto help flat expand changes prev next "
    "theme problems swap copy app filter store folder logo explorer review"
).split()


@cache
def _svg_text(name: str) -> str:
    return resources.resource("icons", f"{name}.svg").read_text(encoding="utf-8")


def _ratio() -> float:
    app = QGuiApplication.instance()
    return app.devicePixelRatio() if isinstance(app, QGuiApplication) else 1.0


@lru_cache(maxsize=4096)
def _pixmap(name: str, colour: str, size: int, ratio: float) -> QPixmap:
    svg = _svg_text(name).replace("currentColor", colour)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    px = QPixmap(QSize(round(size * ratio), round(size * ratio)))
    px.fill(Qt.GlobalColor.transparent)
    painter = QPainter(px)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, px.width(), px.height()))
    painter.end()
    px.setDevicePixelRatio(ratio)
    return px


def pixmap(name: str, colour: QColor | str, size: int = 16) -> QPixmap:
    if QGuiApplication.instance() is None:
        return QPixmap()
    c = colour.name() if isinstance(colour, QColor) else colour
    return _pixmap(name, c, size, _ratio())


@lru_cache(maxsize=4096)
def _icon(name: str, colour: str, size: int, dark: bool) -> QIcon:
    ic = QIcon()
    ic.addPixmap(_pixmap(name, colour, size, _ratio()))
    # disabled: drawn faint, so an unavailable action looks unavailable (Qt's own greying barely shows)
    faint = Theme.current().hex("text.faint")
    ic.addPixmap(_pixmap(name, faint, size, _ratio()), QIcon.Mode.Disabled)
    return ic


def icon(name: str, colour: QColor | str | None = None, size: int = 16) -> QIcon:
    """A tinted icon; the default colour is the theme's secondary text."""
    if QGuiApplication.instance() is None:
        return QIcon()  # models can be used without a GUI (e.g. in a headless test)
    theme = Theme.current()
    c = colour if colour is not None else theme.color("text.dim")
    hexc = c.name() if isinstance(c, QColor) else c
    return _icon(name, hexc, size, theme.dark)


def status_icon(status: str, colour: QColor) -> QIcon:
    return icon(STATUS_ICONS[status], colour, 14)


def clear_cache() -> None:
    _icon.cache_clear()
