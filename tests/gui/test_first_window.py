"""The first window fits the screen (issue #11, item 4): on a 1366x768 screen without a window
manager it opened at 910x512, Qt's own two-thirds default, because a saved geometry that Qt could
not use (or one left at that default by an earlier run) was taken as it was. A saved geometry is
kept only when it fits the screen and is big enough to use; otherwise the window starts at 90% of
the available screen (at most 1440x900)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow


@pytest.fixture(scope="module")
def window(qapp):
    """One main window for the module; each test gives it other saved settings."""
    from storelayers.gui import app as gui_app
    from storelayers.gui.settings import GuiSettings

    gui_app.make_app()
    win = gui_app.build_window(GuiSettings(theme="light"), "light")
    yield win
    win.watcher.stop()
    win.tasks.wait(5000)
    win.deleteLater()


@pytest.fixture
def make_window(window):
    """The window as `storelayers gui` sets it up with these saved settings."""
    from storelayers.gui import app as gui_app

    def make(geometry: bytes):
        window.resize(300, 200)
        window.settings = replace(window.settings, geometry=geometry)
        gui_app.sensible_size(window, window.restore_layout())
        return window

    return make


def _saved(width: int, height: int) -> bytes:
    other = QMainWindow()
    other.resize(width, height)
    return bytes(other.saveGeometry().data())


def _first_size() -> tuple[int, int]:
    avail = QGuiApplication.primaryScreen().availableGeometry()
    return min(1440, int(avail.width() * 0.9)), min(900, int(avail.height() * 0.9))


def test_first_start_takes_ninety_percent_of_the_screen(make_window) -> None:
    win = make_window(b"")
    assert (win.width(), win.height()) == _first_size()
    avail = QGuiApplication.primaryScreen().availableGeometry()
    assert avail.contains(win.frameGeometry())


def test_a_too_small_saved_window_starts_at_its_first_size(make_window) -> None:
    avail = QGuiApplication.primaryScreen().availableGeometry()
    two_thirds = _saved(avail.width() * 2 // 3, avail.height() * 2 // 3)
    win = make_window(two_thirds)
    assert (win.width(), win.height()) == _first_size()


def test_an_unreadable_saved_geometry_starts_at_the_first_size(make_window) -> None:
    win = make_window(b"not a geometry")
    assert (win.width(), win.height()) == _first_size()


def test_a_sensible_saved_window_is_kept(make_window) -> None:
    avail = QGuiApplication.primaryScreen().availableGeometry()
    w, h = int(avail.width() * 0.95), int(avail.height() * 0.95)
    win = make_window(_saved(w, h))
    assert (win.width(), win.height()) == (w, h)
