"""Running the desktop app, and rendering it offscreen to a PNG (`storelayers screenshot`)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEventLoop, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QStyleFactory, QWidget
from storelayers import resolver, resources
from storelayers.gui import demo, errors, heap, onboarding, shutdown
from storelayers.gui.main_window import MainWindow
from storelayers.gui.settings import GuiSettings, load_settings
from storelayers.gui.theme import Theme, palette, resolve_dark, stylesheet
from storelayers.resolver.names import shown_lines

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
    app = _qapp()
    if app is None:
        QCoreApplication.setOrganizationName("StoreLayers")
        QCoreApplication.setApplicationName("Store Layers")
        app = QApplication(argv or [sys.argv[0]])
    app.setStyle(QStyleFactory.create("Fusion"))
    f = app.font()
    if f.pointSizeF() < 9.5:
        f.setPointSizeF(9.5)
        app.setFont(f)
    return app


def _qapp() -> QApplication | None:
    """The running QApplication (Qt types `instance()` as the core application)."""
    app = QApplication.instance()
    return app if isinstance(app, QApplication) else None


def apply_theme(choice: str) -> None:
    """Set palette and style sheet for 'light', 'dark' or 'system'."""
    app = _qapp()
    theme = Theme.set(resolve_dark(choice))
    if isinstance(app, QApplication):
        app.setPalette(palette(theme))
        app.setStyleSheet(stylesheet(theme))


def _set_theme(choice: str) -> None:
    apply_theme(choice)


def _message_box(parent: QWidget) -> Callable[[str, str], None]:
    def show(title: str, message: str) -> None:
        owner = parent if shiboken6.isValid(parent) else None  # a window already closed owns no box
        box = QMessageBox(QMessageBox.Icon.Warning, title, shown_lines(message), QMessageBox.StandardButton.Ok, owner)
        box.setObjectName("ErrorBox")
        box.open()

    return show


def build_window(settings: GuiSettings, theme: str, sync: bool = False) -> MainWindow:
    apply_theme(theme)
    win = MainWindow(settings, sync=sync, apply_theme=_set_theme)
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


def run(workspace: str | None, store: str | None, select: str | None, open_demo: bool, theme: str | None = None) -> int:

    app = make_app()
    settings = load_settings()
    if theme is not None:  # `gui --theme`: this run, and remembered like a choice in the View menu
        settings = replace(settings, theme=theme)
    win = build_window(settings, settings.theme)
    sensible_size(win, win.restore_layout())
    win.show()  # paint at once; the scan runs on a worker
    if not settings.splitter:
        first_layout(win)
    else:
        win.panes.remember()
    try:
        target, store, select = start_point(settings, workspace, store, select, open_demo)
    except demo.DemoUnavailable as exc:
        print(f"storelayers: {exc}", file=sys.stderr)
        return 2
    if not open_start(win, target, store, select) and workspace:
        return 2
    onboarding.first_run(win)  # the first start only: what the colours mean, where to start
    shutdown.close_on_signals(lambda: shutdown.close_all(win), win)  # `kill`, a logout, Ctrl+C: as by the close button
    return app.exec()


def start_point(
    settings: GuiSettings, workspace: str | None, store: str | None, select: str | None, open_demo: bool
) -> tuple[str, str | None, str | None]:
    """(workspace, store, APP/PATH) to open: the one asked for, else the last one where it was left
    (its store and file), else the demo copy (the bundled demo is never edited)."""
    if workspace and not open_demo:
        target = workspace
    else:
        last = None if open_demo else next((p for p in settings.recent if Path(p).is_dir()), None)
        target = last or str(demo.demo_workspace())
    if store is None and select is None and settings.recent and target == settings.recent[0]:
        store = settings.store or None
        if settings.path and settings.app:
            select = f"{settings.app}/{settings.path}"
    return target, store, select


def open_start(win: MainWindow, target: str, store: str | None, select: str | None) -> bool:
    if select and "/" in select:  # before the scan starts: it picks the app to show first
        app_name = select.split("/", 1)[0]
        win.settings = replace(win.settings, app=app_name)
        win.app = app_name
    return win.open_workspace(target, store, _select_path(select))


def first_layout(win: MainWindow) -> None:
    """The stores, tree and cascade panes at their usual widths for the window's size."""
    win.set_diff_mode(False)
    win.panes.remember()  # what leaving the diff layout comes back to


MIN_SIZE = (1024, 640)
"""A restored window smaller than this (or than 90% of a smaller screen) starts at its first size."""


def sensible_size(win: MainWindow, restored: bool) -> None:
    """Keep a restored window geometry only when it fits the screen the window is on and is not
    too small to use; otherwise (nothing saved, a geometry Qt could not read, one saved on another
    screen, or Qt's own default of two thirds of the screen left behind by an earlier run) the
    window gets its first size."""
    screen = win.screen() or QGuiApplication.primaryScreen()
    if restored and screen is not None:
        avail = screen.availableGeometry()
        g = win.frameGeometry()
        least_w, least_h = min(MIN_SIZE[0], int(avail.width() * 0.9)), min(MIN_SIZE[1], int(avail.height() * 0.9))
        if (
            avail.contains(g.topLeft())
            and least_w <= g.width() <= avail.width()
            and least_h <= g.height() <= avail.height()
        ):
            return
    first_size(win)


def first_size(win: MainWindow) -> None:
    """The window's size on a first start: 1440x900, or 90% of a smaller screen."""
    screen = win.screen() or QGuiApplication.primaryScreen()
    width, height = 1440, 900
    if screen is not None:
        avail = screen.availableGeometry()
        width = min(width, int(avail.width() * 0.9))
        height = min(height, int(avail.height() * 0.9))
        win.move(avail.left() + (avail.width() - width) // 2, avail.top() + (avail.height() - height) // 2)
    win.resize(width, height)


def _select_path(select: str | None) -> str | None:
    """'APP/PATH' to PATH (the app is chosen separately)."""
    if not select or "/" not in select:
        return None
    return select.split("/", 1)[1]


SCREENSHOT_TIMEOUT_S = 120.0
"""How long `storelayers screenshot` waits for what the asked view needs (a 200-store workspace
takes some seconds to scan and review on a slow machine; the demo well under one)."""


class NotShown(Exception):
    """What a screenshot waited for could not be shown (one line for the user)."""


def screenshot(
    out: str,
    workspace: str | None,
    store: str | None,
    select: str | None,
    view: str = "tree",
    theme: str = "light",
    size: tuple[int, int] = (1440, 900),
    timeout_s: float = SCREENSHOT_TIMEOUT_S,
    inspect: Callable[[Any], None] | None = None,
) -> int:
    """Render the main window offscreen to `out` (PNG) once everything the asked view shows is
    there; `inspect` sees the window at capture time (tests). Exit code 0, else one line and 1."""
    app = make_app()
    root = resolver.check_workspace(workspace or _demo_or_bundle())
    settings = GuiSettings(theme=theme)
    win = build_window(settings, theme, sync=True)
    win.resize(*size)
    if select and "/" in select:
        win.app = select.split("/", 1)[0]
    try:
        win.show()
        win.set_diff_mode(view == "diff")
        if not win.open_workspace(root, store, _select_path(select)):
            raise NotShown(f"could not open {root}")
        deadline = time.monotonic() + timeout_s
        _wait(app, deadline, timeout_s, lambda: _loading(win), "reading the workspace")
        if win.ws is not None and win.ws.stores:
            _wait(app, deadline, timeout_s, lambda: _tree_missing(win), "building the store's tree")
            path = _select_path(select)
            if path is not None and win.path != path:
                shown = win.ws.stores[win.store_key].id if win.store_key else "the store"
                raise NotShown(f"{path} is not in {shown}'s tree for {win.app}")
            if path is None and win.path is None:
                _pick_interesting(win)
            if view == "diff":
                win.set_diff_mode(True)
            _wait(app, deadline, timeout_s, lambda: _diff_missing(win), "computing the diff")
            win.review_link.start_now()  # the tree and the cascade show the review's findings too
            _wait(app, deadline, timeout_s, lambda: _review_missing(win), "reviewing the stores")
        if view == "review":
            win.show_view("review")
            _wait(app, deadline, timeout_s, lambda: _review_missing(win), "reviewing the stores")
        for _ in range(5):  # the last layouts and paints
            app.processEvents()
        if inspect is not None:
            inspect(win)
        img = win.grab()
        if not img.save(out):
            raise NotShown(f"cannot write {out}")
    except NotShown as exc:
        print(f"storelayers: screenshot: {exc}", file=sys.stderr)
        return 1
    finally:
        win.watcher.stop()
        win.close()
    return 0


def _wait(app: QApplication, deadline: float, timeout_s: float, missing: Callable[[], str | None], doing: str) -> None:
    """Run the event loop until `missing()` says nothing is missing, or fail at the deadline."""
    while True:
        what = missing()
        if what is None:
            return
        if what.startswith("!"):
            raise NotShown(what[1:])
        if time.monotonic() > deadline:
            raise NotShown(f"gave up {doing}: {what} after {timeout_s:g} s")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def _loading(win: MainWindow) -> str | None:
    """What is still missing for the workspace to be shown ('!' first: it never will be)."""
    if win.watcher.starting:
        return "the file watcher is starting"
    if win.reading:
        return "the scan is running"
    if win.ws is None:
        return "!the workspace could not be read"
    return None


def _tree_missing(win: MainWindow) -> str | None:
    if win.store_key is None or win.tasks.busy("tree") or win.tasks.busy("load"):
        return "the tree is being built"
    if win.explorer.tree.model.root.files == 0:
        return "the tree is empty"
    return None


def _diff_missing(win: MainWindow) -> str | None:
    if win.path is None:
        return None
    if win.explorer.detail.cascade.expl is None or win.explorer.detail.cascade.expl.path != win.path:
        return "the cascade is not shown"
    if win.tasks.busy("diff") or win.tasks.busy("diff-colour"):
        return "the diff is being computed"
    return None


def _review_missing(win: MainWindow) -> str | None:
    panel = win.review_panel
    if panel.tasks.busy("review") or win.review_link.pending or panel.reviewed_ws is not win.ws:
        return "the review is running"
    return None


def _demo_or_bundle() -> Path:
    """The demo copy (with its history, so the review has findings), else the bundled demo, only read."""
    try:
        return demo.demo_workspace()
    except demo.DemoUnavailable:
        return resources.demo_workspace()


def _pick_interesting(win: MainWindow) -> None:
    """Without --select: show the first override of the shown store, so the picture says something."""
    for n in win.explorer.tree.model.files():
        if n.status == "override":
            win.explorer.tree.select_path(n.path)
            return
