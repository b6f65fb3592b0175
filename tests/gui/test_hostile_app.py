"""Issue #10, "Proof", the app's half: the window opens the hostile workspace, shows its stores
and files, and reads and writes nothing outside it, running no command the repository names."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.gitrepo import has_git
from tests.gui.conftest import click_path, click_store
from tests.hostile import CONTROL, LEAK, RAW, WEB, ReadWatch, build_hostile, snapshot

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="symlinks, control bytes in names"),
    pytest.mark.skipif(not has_git(), reason="needs git"),
]


def _visible_text(win) -> str:
    from PySide6.QtWidgets import QAbstractItemView, QLabel

    parts = [lab.text() for lab in win.findChildren(QLabel)]
    for view in win.findChildren(QAbstractItemView):
        model = view.model()
        if model is None:
            continue
        stack = [view.rootIndex()]
        while stack:
            parent = stack.pop()
            for r in range(min(model.rowCount(parent), 500)):
                for c in range(model.columnCount(parent)):
                    idx = model.index(r, c, parent)
                    parts.append(str(idx.data(Qt.ItemDataRole.DisplayRole) or ""))
                    if c == 0 and model.rowCount(idx) > 0:
                        stack.append(idx)
    return "\n".join(parts)


def test_the_app_on_a_hostile_workspace_touches_nothing_outside(qtbot, tmp_path: Path, messages) -> None:
    from storelayers.gui import app as gui_app
    from storelayers.gui import errors
    from storelayers.gui.settings import GuiSettings

    h = build_hostile(tmp_path)
    before = snapshot(h.sentinel)
    watch = ReadWatch.get()
    watch.paths.clear()
    watch.on = True
    try:
        gui_app.make_app()
        win = gui_app.build_window(GuiSettings(theme="light"), "light")
        errors.install(lambda title, text: messages.append(text))
        qtbot.addWidget(win)
        win.resize(1400, 900)
        win.show()
        with qtbot.waitSignal(win.tree_ready, timeout=20000):
            win.open_workspace(h.root)
        qtbot.waitUntil(lambda: win.watcher.watching, timeout=20000)
        assert win.ws is not None
        assert {s.id for s in win.ws.stores.values()} == {"s", CONTROL, RAW, "u"}  # u: its layer is skipped
        click_store(qtbot, win, "s")
        click_path(qtbot, win, "comp/a.ts")
        assert win.explorer.detail.cascade.expl is not None and win.explorer.detail.cascade.expl.chain[0].layer == "s"
        click_path(qtbot, win, f"{RAW}.ts")
        click_store(qtbot, win, RAW)
        click_path(qtbot, win, "comp/a.ts")
        click_store(qtbot, win, CONTROL)
        click_path(qtbot, win, f"{CONTROL}.ts")
        from storelayers.gui.goto import GotoDialog

        win.user_actions["goto"].trigger()  # Go to File searches every store's and app's names
        dlg = win.findChild(GotoDialog, "GotoDialog")
        with qtbot.waitSignal(dlg.searched, timeout=10000):
            qtbot.keyClicks(dlg.edit, "a.ts")
        assert dlg.model.items and not any(LEAK in item for item in dlg.model.items)
        dlg.reject()
        qtbot.waitUntil(lambda: win.findChild(GotoDialog, "GotoDialog") is None)  # deleted once closed
        text = _visible_text(win)
        assert LEAK not in text
        assert "dag" in text or any(p.startswith("dag/") for p in win.ws.layer(None, WEB).files)
    finally:
        watch.on = False
        win.watcher.stop()
        win.tasks.wait(5000)
    assert watch.inside(h.sentinel) == [], watch.inside(h.sentinel)[:5]
    assert not h.ran.exists() and not (h.sentinel / "ran-hook").exists(), "a repository command ran"
    assert snapshot(h.sentinel) == before
    assert not any("Traceback" in m for m in messages)
