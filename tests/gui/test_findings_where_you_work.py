"""Issue 11, "findings where developers work": the review's findings on the explorer's files, the
cascade's staleness sentence with the three-way view one click away, and F7 in that view."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from tests.gui.conftest import NEXT, click_path, click_store, reviewed_window

MIDDLEWARE = "storefront-middleware"


@pytest.fixture(scope="module")
def history_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo made a git repository with its generated history (stale, orphaned, cosmetic, redundant)."""
    from storelayers.gui import demo

    return demo.demo_workspace(tmp_path_factory.mktemp("demo-history"))


@pytest.fixture(scope="module")
def reviewed(qapp, history_demo: Path, tmp_path_factory: pytest.TempPathFactory):
    """One window for the module (a review of the demo takes seconds): on a private copy of the demo
    with history, once its review has arrived. Tests that edit files come last and undo nothing."""
    yield from reviewed_window(tmp_path_factory.mktemp("reviewed"), history_demo, (1400, 900))


def _status(win, path: str) -> str:
    idx = win.explorer.tree.proxy.index_for_path(path)
    assert idx.isValid(), path
    return idx.siblingAtColumn(2).data(Qt.ItemDataRole.DisplayRole)


def _tip(win, path: str, column: int = 0) -> str:
    idx = win.explorer.tree.proxy.index_for_path(path)
    assert idx.isValid(), path
    return idx.siblingAtColumn(column).data(Qt.ItemDataRole.ToolTipRole)


def _show_store(qtbot, win, store_id: str) -> None:
    if win.store_key != win.ws.store(store_id).key:
        click_store(qtbot, win, store_id)


def _visible(pane, w) -> bool:
    return w.isVisibleTo(pane) and not w.geometry().isEmpty()


def _seen(pane, kind) -> list[str]:
    """The texts of the labels (or buttons) a user can see in a pane."""
    return [w.text() for w in pane.findChildren(kind) if _visible(pane, w)]


def _pick_app(qtbot, win, app: str) -> None:
    box = win.toolbar.app_box
    with qtbot.waitSignal(win.tree_ready, timeout=10000):
        box.setCurrentIndex(box.findData(app))


def test_finding_f1_stale_override_has_a_glyph_in_every_tree_that_takes_it(qtbot, reviewed) -> None:
    win = reviewed
    _show_store(qtbot, win, "fashion-de")
    footer = "components/footer/Footer.tsx"
    assert win.explorer.tree.select_path(footer)
    assert "\u25f7 stale" in _status(win, footer)
    assert "fashion-de's copy is 3 commits / 60 days behind fashion-eu's" in _tip(win, footer)
    assert "1 stale" in _tip(win, "components/footer")  # the folder summarises what is below it
    assert "1 stale" in _tip(win, "components")
    # fashion's Header.tsx is stale; fashion-us takes it, so its tree shows it too; fashion-eu has its own
    _show_store(qtbot, win, "fashion-us")
    header = "components/header/Header.tsx"
    assert win.explorer.tree.select_path(header)
    assert "\u25f7 stale" in _status(win, header)
    assert "fashion's copy is 1 commit / 28 days behind base's" in _tip(win, header)
    _show_store(qtbot, win, "fashion-de")
    assert "stale" not in _status(win, header)


def test_finding_f2_and_f4_show_where_the_file_is(qtbot, reviewed) -> None:
    win = reviewed
    _show_store(qtbot, win, "electronics-b2b")
    theme = "config/theme.ts"
    assert win.explorer.tree.select_path(theme)
    assert "\u2248 cosmetic" in _status(win, theme)
    assert "only in whitespace, blank lines or comments" in _tip(win, theme, 2)
    _pick_app(qtbot, win, MIDDLEWARE)
    unified = "integrations/sapcc/extensions/unified.ts"
    assert win.explorer.tree.select_path(unified)
    assert "\u2205 orphaned" in _status(win, unified)  # electronics' file, which electronics-b2b takes
    assert "1 orphaned" in _tip(win, "integrations")
    _pick_app(qtbot, win, NEXT)
    assert "orphaned" not in _tip(win, "components")


def test_cascade_says_how_far_behind_and_opens_the_three_way_view(qtbot, reviewed) -> None:
    from storelayers.gui.review.threeway import ThreeWayDialog

    win = reviewed
    _show_store(qtbot, win, "fashion-de")
    click_path(qtbot, win, "components/footer/Footer.tsx")
    cascade = win.explorer.detail.cascade
    sentence = "fashion-de's copy is 3 commits / 60 days behind fashion-eu's"
    qtbot.waitUntil(lambda: any(sentence in t for t in _seen(cascade, QLabel)), timeout=3000)
    button = next(b for b in cascade.findChildren(QPushButton) if _visible(cascade, b) and "Three-way" in b.text())
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    panel = win.review_panel
    qtbot.waitUntil(lambda: any(d.isVisible() for d in panel.findChildren(ThreeWayDialog)), timeout=5000)
    dlg = next(d for d in panel.findChildren(ThreeWayDialog) if d.isVisible())
    assert dlg.finding.override.store_id == "fashion-de"
    counter = dlg.findChild(QLabel, "ParentCounter")
    qtbot.waitUntil(lambda: counter.text().startswith("change 1 of "), timeout=5000)
    assert counter.text() == "change 1 of 1"  # fashion-eu's footer changed in one place since
    parent = win.ws.root / dlg.finding.override.hidden_source
    text = parent.read_text(encoding="utf-8")
    parent.write_text(f"// edited at the top\n{text}// and at the end\n", encoding="utf-8")  # in another editor
    qtbot.waitUntil(lambda: counter.text() != "change 1 of 1", timeout=8000)  # the view follows the disk
    assert counter.text() == "change 1 of 2"  # the new line at the top; the end joins the change there
    canvas = dlg.parent_diff
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(canvas, Qt.Key.Key_F7)
    assert counter.text() == "change 2 of 2"
    qtbot.keyClick(canvas, Qt.Key.Key_F7, Qt.KeyboardModifier.ShiftModifier)
    assert counter.text() == "change 1 of 2"
    mine = dlg.override_diff  # F7 walks the pane the keyboard is in
    qtbot.mouseClick(mine.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(mine, Qt.Key.Key_F7)
    assert counter.text() == "change 1 of 2"
    assert dlg.findChild(QLabel, "OverrideCounter").text().startswith("change ")
    dlg.close()


def test_cascade_shows_no_finding_on_a_file_without_one(qtbot, reviewed) -> None:
    win = reviewed
    _show_store(qtbot, win, "fashion-de")
    click_path(qtbot, win, "components/header/Header.tsx")
    cascade = win.explorer.detail.cascade
    qtbot.waitUntil(lambda: "<b>components/header/Header.tsx</b>" in _seen(cascade, QLabel), timeout=3000)
    assert not _seen(cascade, QPushButton)
    assert not any("behind" in t for t in _seen(cascade, QLabel))


def test_findings_follow_the_review_when_the_file_changes(qtbot, reviewed) -> None:
    win = reviewed
    _show_store(qtbot, win, "electronics-b2b")
    theme = "config/theme.ts"
    assert "\u2248 cosmetic" in _status(win, theme)
    own = next(link for link in win.ws.explain(win.store_key, NEXT, theme).chain if link.used)
    with (win.ws.root / own.source).open("a", encoding="utf-8") as fh:  # a real change, in another editor
        fh.write("export const edited = true;\n")
    qtbot.waitUntil(lambda: "cosmetic" not in _status(win, theme), timeout=20000)
    assert "override" in _status(win, theme)
