"""Running the desktop app, and rendering it offscreen to a PNG (`storelayers screenshot`)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QStyleFactory, QWidget
from storelayers import resolver, resources
from storelayers.gui import errors, heap
from storelayers.gui.main_window import MainWindow
from storelayers.gui.settings import GuiSettings, load_settings
from storelayers.gui.theme import Theme, palette, resolve_dark, stylesheet

GIL_SWITCH_S = 0.001
"""How long a busy worker may hold the GIL before the GUI thread gets it (Python's default is
5 ms). Every model, delegate and slot call Qt makes into Python waits for the GIL; with a worker
scanning, diffing or reviewing, 5 ms per wait tripled the time to paint a tree, 1 ms keeps it
under twice, at no measurable cost to the workers."""


QUIET_QT_MESSAGES = ("does not support propagateSizeHints",)
"""Qt's offscreen platform says this on every window it shows; it means nothing to a user."""


def _qt_message(mode: QtMsgType, context: object, message: str) -> None:
    if any(text in message for text in QUIET_QT_MESSAGES):
        return
    sys.stderr.write(message + "\n")


def make_app(argv: list[str] | None = None) -> QApplication:
    sys.setswitchinterval(GIL_SWITCH_S)
    qInstallMessageHandler(_qt_message)
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        QCoreApplication.setOrganizationName("StoreLayers")
        QCoreApplication.setApplicationName("Store Layers")
        app = QApplication(argv or [sys.argv[0]])
    app.setStyle(QStyleFactory.create("Fusion"))
    f = app.font()
    if f.pointSizeF() < 9.5:
        f.setPointSizeF(9.5)
        app.setFont(f)
    return app


def apply_theme(choice: str) -> None:
    """Set palette and style sheet for 'light', 'dark' or 'system'."""
    app = QApplication.instance()
    theme = Theme.set(resolve_dark(choice))
    if isinstance(app, QApplication):
        app.setPalette(palette(theme))
        app.setStyleSheet(stylesheet(theme))


def _message_box(parent: QWidget) -> Callable[[str, str], None]:
    def show(title: str, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent)
        box.setObjectName("ErrorBox")
        box.open()

    return show


def build_window(settings: GuiSettings, theme: str, sync: bool = False) -> MainWindow:
    apply_theme(theme)
    win = MainWindow(settings, sync=sync, apply_theme=apply_theme)
    errors.install(_message_box(win))
    win.retheme()
    heap.settle()  # modules, Qt wrappers, the window: all there for good
    if theme == "system":
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(lambda _s: _follow_system(win))
    return win


def _follow_system(win: MainWindow) -> None:
    if win.settings.theme == "system":
        apply_theme(win.settings.theme)
        win.retheme()


def run(workspace: str | None, store: str | None, select: str | None, demo: bool) -> int:
    app = make_app()
    settings = load_settings()
    win = build_window(settings, settings.theme)
    win.restore_layout()
    if not settings.geometry:
        first_size(win)
    win.show()  # paint at once; the scan runs on a worker
    if not settings.splitter:
        win.set_diff_mode(False)  # the stores, tree and cascade panes at their usual widths
    target = None
    if demo:
        target = str(resources.demo_workspace())
    elif workspace:
        target = workspace
    else:
        last = next((p for p in settings.recent if Path(p).is_dir()), None)
        target = last or str(resources.demo_workspace())
    if select and "/" in select:  # before the scan starts: it picks the app to show first
        app_name = select.split("/", 1)[0]
        win.settings = replace(win.settings, app=app_name)
        win.app = app_name
    if not win.open_workspace(target, store, _select_path(select)):
        if workspace:
            return 2
    return app.exec()


def first_size(win: MainWindow) -> None:
    """The window's size on a first start: 1440x900, or 90% of a smaller screen."""
    screen = QGuiApplication.primaryScreen()
    width, height = 1440, 900
    if screen is not None:
        avail = screen.availableGeometry()
        width = min(width, int(avail.width() * 0.9))
        height = min(height, int(avail.height() * 0.9))
    win.resize(width, height)


def _select_path(select: str | None) -> str | None:
    """'APP/PATH' to PATH (the app is chosen separately)."""
    if not select or "/" not in select:
        return None
    return select.split("/", 1)[1]


def screenshot(
    out: str,
    workspace: str | None,
    store: str | None,
    select: str | None,
    view: str = "tree",
    theme: str = "light",
    size: tuple[int, int] = (1440, 900),
) -> int:
    """Render the main window offscreen to `out` (PNG) and return an exit code."""
    app = make_app()
    root = resolver.check_workspace(workspace or resources.demo_workspace())
    settings = GuiSettings(theme=theme)
    win = build_window(settings, theme, sync=True)
    win.resize(*size)
    if select and "/" in select:
        win.app = select.split("/", 1)[0]
    win.open_workspace(root, store, _select_path(select))
    win.tasks.wait()
    if select is None and win.ws is not None:
        _pick_interesting(win)
    if view == "diff":
        win.set_diff_mode(True)
    win.show()
    win.set_diff_mode(view == "diff")
    if view == "review":
        win.show_view("review")
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline and win.tasks.busy():
        app.processEvents()
    for _ in range(5):
        app.processEvents()
    win.watcher.stop()
    img = win.grab()
    ok = img.save(out)
    win.close()
    if not ok:
        print(f"storelayers: cannot write {out}", file=sys.stderr)
        return 2
    return 0


def _pick_interesting(win: MainWindow) -> None:
    """Without --select: show the first override of the shown store, so the picture says something."""
    for n in win.explorer.tree.model.files():
        if n.status == "override":
            win.explorer.tree.select_path(n.path)
            return
