"""Fixtures for driving the desktop app: a window on a private copy of the demo, a fake trash."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

NEXT = "storefront-unified-nextjs"


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORELAYERS_SETTINGS", str(tmp_path / "settings.ini"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the demo copy (gui/demo.py) goes here
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)


@pytest.fixture
def trash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Replace the system trash with a folder (tests never touch the user's trash)."""
    from storelayers.gui import system

    folder = tmp_path / "trash"
    folder.mkdir()

    def fake_trash(p: Path) -> str:
        dest = folder / f"{len(list(folder.iterdir()))}-{p.name}"
        shutil.move(str(p), dest)
        return str(dest)

    monkeypatch.setattr(system, "trash", fake_trash)
    return folder


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return []


def open_window(
    qtbot, root: Path, messages: list[str] | None = None, size: tuple[int, int] = (1400, 900), timeout: int = 10000
):
    """A main window on `root`, shown, scanned and watched (errors go to `messages` when given)."""
    from storelayers.gui import app as gui_app
    from storelayers.gui import errors
    from storelayers.gui.settings import GuiSettings

    gui_app.make_app()
    win = gui_app.build_window(GuiSettings(theme="light"), "light")
    if messages is not None:
        errors.install(lambda title, text: messages.append(text))
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    with qtbot.waitSignal(win.tree_ready, timeout=timeout):
        win.open_workspace(root)
    qtbot.waitUntil(lambda: win.watcher.watching, timeout=timeout)  # watches are set up off the GUI thread
    return win


def close_window(win) -> None:
    """Stop what a window runs in the background, so that deleting it waits for nothing."""
    win.watcher.stop()
    win.review_link.timer.stop()
    win.review_panel.stop()  # a review still running when the window is torn down would hold its worker
    win.tasks.wait(5000)
    win.review_panel.tasks.wait(10000)


def reviewed_window(home: Path, source: Path, size: tuple[int, int]):
    """A window for a whole module (a review of the demo takes seconds): on a private copy of
    `source` under `home`, once the copy is watched and its review has arrived; stopped and closed
    when the generator is closed. Use it from a module-scoped fixture with `yield from`."""
    from PySide6.QtTest import QTest
    from storelayers.gui import app as gui_app
    from storelayers.gui.settings import GuiSettings

    copy = home / "demo"
    shutil.copytree(source, copy, symlinks=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STORELAYERS_SETTINGS", str(home / "settings.ini"))
        mp.setenv("XDG_DATA_HOME", str(home / "data"))
        gui_app.make_app()
        win = gui_app.build_window(GuiSettings(theme="light"), "light")
        win.resize(*size)
        win.show()
        ready: list[bool] = []
        win.review_panel.reviewReady.connect(lambda: ready.append(True))
        win.open_workspace(copy)
        for _ in range(600):  # up to 30 s, driven by the event loop (no sleep)
            if ready and win.watcher.watching:
                break
            QTest.qWait(50)
        assert ready, "the review did not arrive"
        yield win
        close_window(win)
        win.close()
        win.deleteLater()


@pytest.fixture
def window(qtbot, demo_copy: Path, messages: list[str]):
    """The main window on a writable copy of the demo, scanned, with a store shown."""
    win = open_window(qtbot, demo_copy, messages)
    yield win
    close_window(win)
    import gc

    gc.collect()


def click_store(qtbot, win, store_id: str) -> None:
    """Click a store's row in the stores list, as a person would."""
    key = win.ws.store(store_id).key
    idx = win.explorer.stores.model.index_for_key(key)
    win.explorer.stores.view.scrollTo(idx)
    rect = win.explorer.stores.view.visualRect(idx)
    from PySide6.QtCore import Qt

    with qtbot.waitSignal(win.tree_ready, timeout=10000):
        qtbot.mouseClick(win.explorer.stores.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert win.store_key == key


def click_path(qtbot, win, path: str) -> None:
    """Reveal and click a file's row in the effective tree."""
    from PySide6.QtCore import Qt

    panel = win.explorer.tree
    assert panel.select_path(path), path
    idx = panel.view.currentIndex()
    rect = panel.view.visualRect(idx)
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: win.path == path, timeout=5000)
    qtbot.waitUntil(lambda: not win.tasks.busy("explain"), timeout=5000)  # its cascade comes from the worker


def row(win, path: str):
    """(name, layer, status, foreground colour of the name) of a row as the view shows it."""
    from PySide6.QtCore import Qt

    proxy = win.explorer.tree.proxy
    idx = proxy.index_for_path(path)
    assert idx.isValid(), path
    name = idx.data(Qt.ItemDataRole.DisplayRole)
    layer = idx.siblingAtColumn(1).data(Qt.ItemDataRole.DisplayRole)
    status = idx.siblingAtColumn(2).data(Qt.ItemDataRole.DisplayRole)
    colour = idx.data(Qt.ItemDataRole.ForegroundRole)
    return name, layer, status, colour
