"""Issue #10 items 7 and 8, the app's half: a file, folder or store name with control characters or
bytes that are not UTF-8 is shown escaped (`storelayers.resolver.names.shown`) wherever the app
shows it, while the actions (Go to File, Override) still work on the real name."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel
from storelayers.resolver.names import shown

from tests.gui.conftest import click_path, click_store, close_window, open_window

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="control bytes and undecodable bytes in names")

WEB = "web"
RAW = os.fsdecode(b"raw-\xff")  # a byte that is not UTF-8, as the file system hands it over
CTRL = "ctl\x1b[2J\x07"  # ESC, BEL
RAW_FILE = f"{RAW}.ts"
FOLDER_FILE = f"dir-{CTRL}/inner.ts"


def _unsafe(text: str) -> bool:
    return any(c in text for c in "\x1b\x07\r") or any(0xDC80 <= ord(c) <= 0xDCFF for c in text)


@pytest.fixture
def names_ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    web = root / "apps" / WEB
    (web / f"dir-{CTRL}").mkdir(parents=True)
    (web / "package.json").write_text('{"name": "web"}\n')
    (web / RAW_FILE).write_text("raw\n")
    (web / FOLDER_FILE).write_text("inner\n")
    os.symlink("nowhere", web / f"dangling-{RAW}")  # a diagnostic naming it: the problems pane
    for sid in ("s", CTRL):
        (root / "apps" / "stores" / sid / WEB).mkdir(parents=True)
    (root / "alokai.config.json").write_text(
        json.dumps({"stores": {"s": {"deployment": {}}, CTRL: {"deployment": {}}}})
    )
    return root


@pytest.fixture
def win(qtbot, names_ws: Path, messages):
    w = open_window(qtbot, names_ws, messages)
    yield w
    close_window(w)


def _labels(widget) -> list[str]:
    return [lab.text() for lab in widget.findChildren(QLabel) if lab.isVisible()]


def test_names_are_shown_escaped_in_the_tree_stores_cascade_problems_and_title(qtbot, win) -> None:
    click_store(qtbot, win, "s")
    proxy = win.explorer.tree.proxy
    idx = proxy.index_for_path(RAW_FILE)
    assert idx.isValid()
    assert idx.data(Qt.ItemDataRole.DisplayRole) == "raw-\\xff.ts"
    assert not _unsafe(idx.data(Qt.ItemDataRole.ToolTipRole))
    folder = proxy.index_for_path(f"dir-{CTRL}")
    assert folder.data(Qt.ItemDataRole.DisplayRole) == "dir-ctl\\x1b[2J\\x07"

    stores = win.explorer.stores.model
    ctrl_row = stores.index_for_key(win.ws.store(CTRL).key)
    assert ctrl_row.data(Qt.ItemDataRole.DisplayRole) == shown(CTRL) == "ctl\\x1b[2J\\x07"
    assert not _unsafe(ctrl_row.data(Qt.ItemDataRole.ToolTipRole))

    click_path(qtbot, win, RAW_FILE)  # the real name still selects it
    qtbot.waitUntil(lambda: any("raw-\\xff.ts" in t for t in _labels(win.explorer.detail.cascade)), timeout=5000)
    assert not any(_unsafe(t) for t in _labels(win.explorer.detail.cascade))

    problems = win.problems.panel.model
    texts = [
        str(problems.index(r, c).data(Qt.ItemDataRole.DisplayRole) or "")
        for r in range(problems.rowCount())
        for c in range(problems.columnCount())
    ]
    assert "apps/web/dangling-raw-\\xff" in texts
    assert not any(_unsafe(t) for t in texts)

    click_store(qtbot, win, CTRL)
    click_path(qtbot, win, FOLDER_FILE)
    assert win.windowTitle().startswith("ctl\\x1b[2J\\x07 \u2014 ")
    assert [t for t in _labels(win) if _unsafe(t)] == []


def test_go_to_file_shows_escaped_results_and_goes_to_the_real_file(qtbot, win) -> None:
    from storelayers.gui.goto import GotoDialog

    click_store(qtbot, win, "s")
    qtbot.keyClick(win.explorer.tree.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dlg = win.findChild(GotoDialog)
    assert dlg is not None and dlg.isVisible()
    with qtbot.waitSignal(dlg.searched, timeout=5000):
        qtbot.keyClicks(dlg.edit, "raw")
    shown_items = [dlg.model.index(r, 0).data(Qt.ItemDataRole.DisplayRole) for r in range(dlg.model.rowCount())]
    assert shown_items[:1] == ["raw-\\xff.ts"]
    qtbot.keyClick(dlg.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.path == RAW_FILE, timeout=5000)


def test_override_of_an_undecodable_name_shows_it_escaped_and_writes_the_real_name(qtbot, win, names_ws) -> None:
    from storelayers.gui.dialogs import OverrideDialog

    click_store(qtbot, win, "s")
    click_path(qtbot, win, RAW_FILE)
    qtbot.keyClick(
        win.explorer.tree.view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    dlg = win.findChild(OverrideDialog, "OverrideDialog")
    assert dlg is not None and dlg.isVisible()
    assert dlg.destination.text() == "apps/stores/s/web/raw-\\xff.ts"
    assert not any(_unsafe(t) for t in _labels(dlg))
    dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()  # the copy runs on the worker:
    made = names_ws / "apps" / "stores" / "s" / WEB / RAW_FILE  # wait for the file, not the next update signal
    qtbot.waitUntil(made.exists, timeout=10000)
    assert os.fsencode(made.name) == b"raw-\xff.ts" and made.read_text() == "raw\n"
    qtbot.waitUntil(
        lambda: (
            win.explorer.tree.proxy.index_for_path(RAW_FILE).siblingAtColumn(1).data(Qt.ItemDataRole.DisplayRole) == "s"
        ),
        timeout=5000,
    )
    assert not _unsafe(win.status.text.text())
