"""Live updates of a workspace whose own path holds a folder named like rule 8's skip list
(issue #10 item 6): the list applies below the workspace only."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import DEMO
from tests.gui.conftest import NEXT, click_store, close_window, open_window, row

US = "apps/stores/fashion/stores/fashion-us"


def test_skip_list_applies_below_the_watched_folder_only() -> None:
    from storelayers.gui.live import _skipped

    root = os.path.join(os.sep, "home", "me", "node_modules", "ws")
    assert not _skipped(os.path.join(root, "apps", "web", "a.ts"), root)
    assert _skipped(os.path.join(root, "apps", "web", "node_modules", "x", "a.ts"), root)
    assert _skipped(os.path.join(root, "apps", "web", ".next", "a.ts"), root)


@pytest.mark.parametrize("outer", ["node_modules", ".out", ".next"])
def test_a_workspace_inside_a_skipped_name_still_updates_live(qtbot, tmp_path: Path, messages, outer) -> None:
    root = tmp_path / outer / "ws"
    shutil.copytree(DEMO, root)
    win = open_window(qtbot, root)
    try:
        click_store(qtbot, win, "fashion-us")
        path = next(
            f.path
            for f in win.ws.effective_tree("fashion-us", NEXT).files
            if f.status.value == "inherited" and f.layer == "base" and not f.special
        )
        dest = root / US / NEXT / path
        dest.parent.mkdir(parents=True, exist_ok=True)
        with qtbot.waitSignal(win.updated, timeout=10000):
            dest.write_text("// the US store's own copy\n")
        assert row(win, path)[1:3] == ("fashion-us", "override")
    finally:
        close_window(win)
