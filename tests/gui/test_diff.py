"""The diff pane: the override against what it hides, marked lines and characters, navigation."""

from __future__ import annotations

from PySide6.QtCore import Qt
from storelayers.resolver.diff import EQUAL

from tests.gui.conftest import NEXT, click_path, click_store


def test_selecting_an_override_shows_its_diff(qtbot, window) -> None:
    click_store(qtbot, window, "fashion-us")
    tree = window.ws.effective_tree("fashion-us", NEXT)
    own = next(f for f in tree.files if f.status.value == "override" and f.path.endswith(".ts"))
    with qtbot.waitSignal(window.explorer.detail.diff.shown, timeout=10000):
        click_path(qtbot, window, own.path)
    canvas = window.explorer.detail.diff.canvas
    fd = canvas.diff
    assert fd.left.label == own.chain[1] and fd.right.label == "fashion-us"
    t = fd.text
    assert t.changes
    marked = [r for r in t.rows if r.kind != EQUAL]
    assert marked and all(r.kind in ("replace", "insert", "delete") for r in marked)
    assert (
        f"+{t.added}" in window.explorer.detail.diff.summary.text()
        and f"\u2212{t.removed}" in window.explorer.detail.diff.summary.text()
    )
    assert canvas.current == 0
    # syntax colours arrive from the worker; they may already be there (waiting for the signal then missed it)
    qtbot.waitUntil(lambda: any(canvas.right_spans), timeout=10000)
    if len(t.changes) > 1:
        canvas.setFocus()
        qtbot.keyClick(canvas, Qt.Key.Key_F7)
        assert canvas.current == 1


def test_any_two_layers_can_be_compared(qtbot, window) -> None:
    click_store(qtbot, window, "fashion-us")
    tree = window.ws.effective_tree("fashion-us", NEXT)
    three = next((f for f in tree.files if len(f.chain) >= 3), None)
    if three is None:
        return
    click_path(qtbot, window, three.path)
    from PySide6.QtWidgets import QCheckBox

    checks = window.explorer.detail.cascade.findChildren(QCheckBox)
    with qtbot.waitSignal(window.explorer.detail.diff.shown, timeout=10000):
        checks[0].click()
        checks[2].click()
    fd = window.explorer.detail.diff.canvas.diff
    assert (fd.left.label, fd.right.label) == (three.chain[2], three.chain[0])


def test_compare_with_another_store(qtbot, window) -> None:
    click_store(qtbot, window, "fashion-us")
    click_path(qtbot, window, "config/theme.ts")
    box = window.explorer.detail.diff.store_box
    i = box.findText("outlet")
    with qtbot.waitSignal(window.explorer.detail.diff.shown, timeout=10000):
        box.activated.emit(i)
    fd = window.explorer.detail.diff.canvas.diff
    assert fd.left.label.startswith("outlet") and fd.right.label.startswith("fashion-us")


def test_binary_file_gets_a_message(qtbot, window, demo_copy) -> None:
    from storelayers.resolver.diff import Side, diff_files

    png = demo_copy / "a.png"
    png.write_bytes(b"\x89PNG\x00\x00\x01")
    other = demo_copy / "b.png"
    other.write_bytes(b"\x89PNG\x00\x00\x02")
    with qtbot.waitSignal(window.explorer.detail.diff.shown, timeout=10000):
        window.explorer.detail.diff.request(
            lambda: diff_files(Side("a", "a.png", str(png)), Side("b", "b.png", str(other))), "a.png"
        )
    assert window.explorer.detail.diff.canvas.diff.kind == "binary"
    assert window.explorer.detail.diff.canvas.text is None


def test_the_ruler_marks_removed_lines_left_and_added_lines_right(qtbot) -> None:
    """The ruler beside a diff is a map of it: a removed line's mark on its left half, an added
    line's on its right half, at their place in the file; the rest is the plain gutter."""
    from storelayers.gui.diff_view import RULER, DiffCanvas
    from storelayers.gui.theme import Theme
    from storelayers.resolver.diff import FileDiff, Side, diff_lines

    left = [f"line {i}" for i in range(1000)]
    right = list(left)
    del right[100]  # removed near the top
    right.insert(899, "only the override has this")  # added near the bottom
    text = diff_lines(left, right)
    canvas = DiffCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(500, 320)
    canvas.set_diff(FileDiff(Side("base", "a.ts"), Side("store", "a.ts"), "text", text=text))
    canvas.verticalScrollBar().setValue(0)  # the ruler's outline of what is shown stays at the top
    canvas.show()
    qtbot.waitExposed(canvas)
    image = canvas.viewport().grab().toImage()
    h = image.height()
    x = image.width() - RULER
    n = len(text.rows)
    theme = Theme.current()

    def colour(px: int, row: int) -> str:
        return image.pixelColor(x + px, int(h * row / n) + 1).name()

    removed_row = next(i for i, r in enumerate(text.rows) if r.kind == "delete")
    added_row = next(i for i, r in enumerate(text.rows) if r.kind == "insert")
    gutter = theme.color("diff.gutter").name()
    assert colour(3, removed_row) == theme.color("diff.delete.strong").name()
    assert colour(8, removed_row) == gutter
    assert colour(8, added_row) == theme.color("diff.insert.strong").name()
    assert colour(3, added_row) == gutter
    assert colour(3, n // 2) == gutter  # nothing changed half way down
