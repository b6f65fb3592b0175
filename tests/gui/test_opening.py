"""Opening workspaces: a real progress bar while scanning, File > Open Recent, and a folder dropped
on the window."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication


def test_scan_progress_moves_a_real_bar_in_the_status_bar(qtbot, window, demo_copy: Path) -> None:
    bar = window.status.progress
    seen: list[tuple[int, int]] = []
    bar.valueChanged.connect(lambda v: seen.append((v, bar.maximum())))
    texts: list[str] = []
    window.scan_progress.changed.connect(lambda *_a: texts.append(window.status.text.text()))
    with qtbot.waitSignal(window.tree_ready, timeout=10000):
        window.open_workspace(demo_copy)
    layers = len(window.ws.apps) * (len(window.ws.stores) + 1)
    determinate = [(v, m) for v, m in seen if m == layers]
    assert determinate and determinate[-1][0] == layers  # counted up to every layer folder
    assert [v for v, _ in determinate] == sorted(v for v, _ in determinate)
    assert any("%" in t and "layer folders" in t for t in texts)
    assert not bar.isVisible()  # gone once the tree is shown


def _copy(demo_copy: Path, name: str) -> Path:
    dest = demo_copy.parent / name
    shutil.copytree(demo_copy, dest, symlinks=True)
    return dest


def test_open_recent_lists_workspaces_newest_first_and_reopens_one(qtbot, window, demo_copy: Path) -> None:
    other = _copy(demo_copy, "other-ws")
    with qtbot.waitSignal(window.tree_ready, timeout=10000):
        window.open_workspace(other)
    menu = window.menus.recent
    menu.popup(window.mapToGlobal(QPoint(40, 40)))  # File > Open Recent, as the menu bar opens it
    qtbot.waitUntil(menu.isVisible, timeout=3000)
    entries = [a.text() for a in menu.actions()]
    assert entries[:2] == [str(other), str(demo_copy)]
    first = menu.actions()[1]
    with qtbot.waitSignal(window.tree_ready, timeout=10000):
        first.trigger()
    menu.hide()
    assert window.ws.root == demo_copy
    assert window.toolbar.workspace_name.text() == demo_copy.name
    assert window.settings.recent[:2] == (str(demo_copy), str(other))


def test_open_recent_says_so_when_there_is_none(qtbot, window) -> None:
    from dataclasses import replace

    window.settings = replace(window.settings, recent=())
    window.fill_recent()
    assert [a.text() for a in window.menus.recent.actions()] == ["No recent workspaces"]
    assert not window.menus.recent.actions()[0].isEnabled()


def _drag(window, path: Path) -> tuple[QDragEnterEvent, QDropEvent, QMimeData]:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    pos = QPoint(window.width() // 2, window.height() // 2)
    enter = QDragEnterEvent(
        pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    drop = QDropEvent(
        QPointF(pos), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    return enter, drop, mime  # the caller keeps the data alive as long as the events


def test_dropping_a_workspace_folder_opens_it(qtbot, window, demo_copy: Path) -> None:
    other = _copy(demo_copy, "dropped-ws")
    enter, drop, _mime = _drag(window, other)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    with qtbot.waitSignal(window.tree_ready, timeout=10000):
        QApplication.sendEvent(window, drop)
    assert window.ws.root == other
    assert window.settings.recent[0] == str(other)


def test_dropping_a_file_is_refused_and_a_non_workspace_folder_says_why(
    qtbot, window, demo_copy: Path, messages, tmp_path: Path
) -> None:
    enter, _drop, _m1 = _drag(window, demo_copy / "apps" / "storefront-unified-nextjs" / "package.json")
    enter.setAccepted(False)
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()  # a file is not a workspace: no drop offered

    plain = tmp_path / "just-a-folder"
    plain.mkdir()
    before = window.ws
    enter, drop, _m2 = _drag(window, plain)
    QApplication.sendEvent(window, enter)  # a folder: the drop is offered
    assert enter.isAccepted()
    QApplication.sendEvent(window, drop)
    assert window.ws is before  # still showing what it showed
    assert len(messages) == 1 and "not an Alokai workspace" in messages[0]
    assert "\n" not in messages[0] and "Traceback" not in messages[0]
