"""Issue 11, "speed at size": the rows the delegates paint from kept pixmaps, the patches a live
update repaints folder by folder, and the worker requests that start after the next paint still show
what the user sees and asked for last (the swatch colours after a switch and a theme change, the
layer bar, the store shown after two quick clicks)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from storelayers.gui.theme import Theme

from tests.gui.conftest import NEXT, click_store


def _pixel(view, point: QPoint) -> QColor:
    """The colour the view shows at a point of its viewport (painted now, as on screen)."""
    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    return image.pixelColor(int(point.x() * ratio), int(point.y() * ratio))


def _swatch(win, store_id: str) -> QColor:
    """The colour in the middle of a store's swatch in the stores list (4 px in, 10 px wide)."""
    view = win.explorer.stores.view
    idx = win.explorer.stores.model.index_for_key(win.ws.store(store_id).key)
    view.scrollTo(idx)
    r = view.visualRect(idx)
    return _pixel(view, QPoint(r.left() + 4 + 5, r.center().y()))


def _same(a: QColor, b: QColor) -> bool:
    return abs(a.red() - b.red()) <= 2 and abs(a.green() - b.green()) <= 2 and abs(a.blue() - b.blue()) <= 2


def test_store_swatches_follow_the_shown_chain_and_the_theme(qtbot, window) -> None:
    win = window
    click_store(qtbot, win, "fashion-de")
    theme = Theme.current()
    assert _same(_swatch(win, "fashion-de"), theme.layer(1))  # the store shown
    assert _same(_swatch(win, "fashion-eu"), theme.layer(2))  # its parent
    assert _same(_swatch(win, "electronics"), theme.layer(None))  # outside its chain: neutral
    click_store(qtbot, win, "electronics")
    assert _same(_swatch(win, "electronics"), theme.layer(1))
    assert _same(_swatch(win, "fashion-de"), theme.layer(None))  # a row painted before, now another look
    win.user_actions["theme_dark"].trigger()
    dark = Theme.current()
    assert dark.dark and not _same(dark.layer(1), theme.layer(1))
    assert _same(_swatch(win, "electronics"), dark.layer(1))  # a new theme: nothing kept from the old one
    # (the next window is made light again: build_window applies its theme)


def _bar_colours(win, folder: str) -> set[str]:
    """The colours along the middle of a folder's layer bar (the Layer column) as the view shows it."""
    panel = win.explorer.tree
    idx = panel.index_at(folder).siblingAtColumn(1)
    assert idx.isValid(), folder
    panel.view.scrollTo(idx)
    r = panel.view.visualRect(idx)
    image = panel.view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    y = int(r.center().y() * ratio)
    return {image.pixelColor(int(x * ratio), y).name() for x in range(r.left() + 8, r.right() - 8)}


def _folder_where(model, keep) -> str:
    """A folder row of the shown tree (made now, as opened) whose summary `keep` accepts."""
    for n in model.root.walk():
        if n.is_folder and n is not model.root and keep(n):
            return n.path
    raise AssertionError("no such folder in the demo")


def test_folder_layer_bar_shows_the_layers_of_the_store_shown(qtbot, window) -> None:
    win = window
    theme = Theme.current()
    base = theme.color("border.strong").name()
    click_store(qtbot, win, "fashion-de")
    key = win.ws.store("fashion-de").key
    model = win.explorer.tree.model
    mixed = _folder_where(model, lambda n: n.layers.get(key, 0) > 0 and n.layers.get(None, 0) > 0)
    win.explorer.tree.select_path(mixed)
    colours = _bar_colours(win, mixed)
    assert theme.layer(1).name() in colours and base in colours  # the store's own files, and the base's
    click_store(qtbot, win, "electronics")
    model = win.explorer.tree.model
    plain = _folder_where(model, lambda n: set(n.layers) == {None} and n.files >= 2)
    win.explorer.tree.select_path(plain)
    colours = _bar_colours(win, plain)
    assert base in colours and theme.layer(1).name() not in colours  # base files only: no store colour


def test_two_quick_clicks_show_the_store_clicked_last(qtbot, window) -> None:
    win = window
    click_store(qtbot, win, "electronics")
    view = win.explorer.stores.view
    model = win.explorer.stores.model
    for store_id in ("fashion-eu", "fashion-de"):  # the second click before the first tree arrived
        idx = model.index_for_key(win.ws.store(store_id).key)
        view.scrollTo(idx)
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(idx).center())
    key = win.ws.store("fashion-de").key
    qtbot.waitUntil(lambda: not win.tasks.busy("tree") and win.store_key == key, timeout=10000)
    assert "FASHION-DE" in win.explorer.tree.title.text()
    tree = win.ws.effective_tree(key, NEXT)
    shown = {n.path for n in win.explorer.tree.model.files()}
    assert shown == {e.path for e in tree.files}  # fashion-de's files, not fashion-eu's
    mine = next(e for e in tree.files if e.winner_key == key)
    assert win.explorer.tree.select_path(mine.path)
    idx = win.explorer.tree.view.currentIndex()
    assert idx.siblingAtColumn(1).data(Qt.ItemDataRole.DisplayRole) == "fashion-de"


def test_a_live_patch_repaints_each_folder_once_and_not_a_folder_that_went(qtbot, window) -> None:
    win = window
    click_store(qtbot, win, "fashion-de")
    model = win.explorer.tree.model
    folders: dict[str, list[str]] = {}
    for n in model.files():
        if n.entry is not None and "/" in n.path:
            folders.setdefault(n.path.rsplit("/", 1)[0], []).append(n.path)
    many = next(f for f, paths in folders.items() if len(paths) >= 3)
    alone = next(
        f
        for f, paths in folders.items()
        if f != many
        and not f.startswith(many)
        and not many.startswith(f)
        and len(paths) >= 2
        and len(model.find(f).children) == len(paths)
    )
    gone = folders[many][:3]
    before = model.find(many).files
    repainted: list[str] = []
    model.dataChanged.connect(lambda top, _bottom, *_r: repainted.append(model.node(top).path))
    model.apply([(p, None, False) for p in gone + folders[alone]], show_ignored=False)
    assert model.find(many).files == before - 3  # what the folder's row says
    assert all(model.find(p) is None for p in gone)
    assert repainted.count(many) == 1  # once, after its three files, not once per file
    assert model.find(alone) is None  # emptied: it went
    assert alone not in repainted  # and no repaint was asked for a row that is no longer there
    parent = many.rsplit("/", 1)[0] if "/" in many else None
    if parent:
        assert repainted.count(parent) == 1
