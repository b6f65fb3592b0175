"""Issue #10 item 11: "Override" of a big file shows the copy's progress and can be cancelled.

The threshold is set low through the environment (`STORELAYERS_COPY_PROGRESS_BYTES`), so a demo
file counts as big. A slow disk is simulated by holding the worker's reads until the test lets
them go: the copy is still running when the progress dialog appears and Cancel is clicked."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QProgressDialog, QPushButton
from storelayers.gui.dialogs import OverrideDialog

from tests.gui.conftest import NEXT, click_path, click_store

STORE = "fashion-us"
LAYER = Path("apps/stores/fashion/stores/fashion-us") / NEXT


def _layer_files(root: Path) -> list[str]:
    layer = root / LAYER
    return sorted(str(p.relative_to(layer)) for p in layer.rglob("*")) if layer.exists() else []


def _start_override(qtbot, window) -> tuple[str, OverrideDialog]:
    click_store(qtbot, window, STORE)
    tree = window.ws.effective_tree(STORE, NEXT)
    path = next(f.path for f in tree.files if f.layer == "base" and not f.special and "/" in f.path)
    click_path(qtbot, window, path)
    qtbot.keyClick(
        window.explorer.tree.view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    dlg = window.findChild(OverrideDialog, "OverrideDialog")
    assert dlg is not None and dlg.isVisible()
    return path, dlg


def _progress(window) -> QProgressDialog | None:
    return window.findChild(QProgressDialog, "CopyProgressDialog")


@pytest.fixture
def low_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORELAYERS_COPY_PROGRESS_BYTES", "1")


def test_cancelling_a_big_override_leaves_no_file_and_the_layer_unchanged(
    qtbot, window, demo_copy, low_threshold, monkeypatch
) -> None:
    path, dlg = _start_override(qtbot, window)
    dest = demo_copy / LAYER / path
    before = _layer_files(demo_copy)
    gate = threading.Event()
    real_read = os.read

    def slow_disk(fd: int, n: int) -> bytes:
        if threading.current_thread() is not threading.main_thread():
            gate.wait(10)
        return real_read(fd, n)

    monkeypatch.setattr(os, "read", slow_disk)
    try:
        dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        qtbot.waitUntil(lambda: _progress(window) is not None and _progress(window).isVisible(), timeout=5000)
        prog = _progress(window)
        assert prog.labelText().startswith(f"Copying {LAYER.as_posix()}/{path}")
        assert "Creating" in window.status.text.text()  # the window keeps painting meanwhile
        cancel = next(b for b in prog.findChildren(QPushButton) if b.text() == "Cancel")
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    finally:
        gate.set()
    qtbot.waitUntil(lambda: "cancelled" in window.status.text.text(), timeout=10000)
    assert not dest.exists()
    assert not [p for p in (demo_copy / LAYER).rglob(".storelayers-*")]  # no temporary file left
    assert _layer_files(demo_copy) == before
    qtbot.waitUntil(lambda: _progress(window) is None or not _progress(window).isVisible(), timeout=5000)
    assert not window.tasks.busy("override")


def test_a_big_override_that_completes_closes_its_progress(qtbot, window, demo_copy, low_threshold) -> None:
    path, dlg = _start_override(qtbot, window)
    dest = demo_copy / LAYER / path
    dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: window.status.text.text().startswith("Created "), timeout=10000)  # written, then said
    assert dest.read_bytes() == (demo_copy / "apps" / NEXT / path).read_bytes()
    assert window.status.text.text().startswith("Created ")
    qtbot.waitUntil(lambda: _progress(window) is None or not _progress(window).isVisible(), timeout=5000)
    assert not [p for p in (demo_copy / LAYER).rglob(".storelayers-*")]
