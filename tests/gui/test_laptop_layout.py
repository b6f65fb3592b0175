"""Issue 11 at laptop sizes: every label read whole where it matters (store names, the finding's
word in the Status column, the tree's title), the cascade's cards inside their pane, the legend and
the store list saying what they count. Checked by what is painted: a label's text against the width
it is given, measured with the font it is drawn in."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QFrame, QLabel, QStyle, QStyleOptionViewItem, QToolButton, QWidget

from tests.gui.conftest import NEXT, click_path, click_store, reviewed_window

LAPTOPS = [(1366, 768), (1280, 720), (1024, 640)]
MIDDLEWARE = "storefront-middleware"


@pytest.fixture(scope="module")
def win(qapp, tmp_path_factory: pytest.TempPathFactory):
    """One window for the module, on a copy of the demo with its history, once its review (the
    findings the Status column shows) has arrived."""
    from storelayers.gui import demo

    home = tmp_path_factory.mktemp("laptop")
    yield from reviewed_window(home, demo.demo_workspace(home / "history"), (1366, 768))


def _at(qtbot, win, size: tuple[int, int]) -> None:
    """The window at `size`, its panes as a first start lays them out there."""
    from storelayers.gui import app as gui_app

    win.resize(*size)
    qtbot.waitUntil(lambda: (win.width(), win.height()) == size, timeout=3000)
    gui_app.first_layout(win)
    qtbot.waitUntil(lambda: win.explorer.sizes()[0] > 0, timeout=3000)


def _show(qtbot, win, store_id: str, app: str = NEXT) -> None:
    box = win.toolbar.app_box
    if win.app != app:
        with qtbot.waitSignal(win.tree_ready, timeout=10000):
            box.setCurrentIndex(box.findData(app))
    if win.store_key != win.ws.store(store_id).key:
        click_store(qtbot, win, store_id)


def _painted_store_name(view, idx) -> str:
    """A store's name as `StoreDelegate` paints it in its row (cut with an ellipsis when narrow)."""
    r = view.visualRect(idx)
    x = r.left() + 4 + 10 + 7
    return view.fontMetrics().elidedText(idx.data(), Qt.TextElideMode.ElideRight, r.right() - x - 4)


def _painted_cell(view, idx) -> str:
    """A cell's text as Qt's item painting shows it: elided to the text rectangle of its cell."""
    opt = QStyleOptionViewItem()
    view.initViewItemOption(opt)
    view.itemDelegateForIndex(idx).initStyleOption(opt, idx)
    opt.rect = view.visualRect(idx)
    rect = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, view)
    return opt.fontMetrics.elidedText(opt.text, view.textElideMode(), rect.width())


def _labels(widget) -> list[str]:
    return [w.text() for w in widget.findChildren(QLabel) if w.isVisibleTo(widget) and not w.geometry().isEmpty()]


def test_legend_says_which_store_and_app_it_counts(qtbot, win) -> None:
    _at(qtbot, win, (1366, 768))
    _show(qtbot, win, "fashion-de")
    legend = win.explorer.tree.legend
    assert "Counts for fashion-de in Next.js:" in _labels(legend)
    assert win.explorer.stores.scope.text() == "Counts for Next.js"  # the same words for the store list
    chip = legend.layer_buttons[win.ws.store("fashion-de").key]
    assert "of fashion-de's tree in Next.js" in chip.toolTip()
    _show(qtbot, win, "electronics-b2b", MIDDLEWARE)
    assert any(t.startswith("Counts for electronics-b2b in ") for t in _labels(legend)), _labels(legend)
    assert "Next.js" not in " ".join(_labels(legend))
    _show(qtbot, win, "fashion-de")


def test_tree_title_and_counts_are_seen(qtbot, win) -> None:
    """They were laid out 0 px wide (an ignored size policy beside a stretch): never seen."""
    panel = win.explorer.tree
    for size in LAPTOPS:
        _at(qtbot, win, size)
        _show(qtbot, win, "fashion-de")
        title = panel.title
        assert title.shown_text() == "EFFECTIVE TREE \u00b7 FASHION-DE \u00b7 NEXT.JS", size
        assert title.width() >= title.fontMetrics().horizontalAdvance(title.text())
        assert panel.counts.shown_text().startswith("60 file"), size  # the counts give way first
    assert "60 files \u00b7 4 overrides \u00b7 3 added" in panel.counts.text()  # "4 override" before


@pytest.mark.parametrize("store", ["fashion-de", "electronics-b2b"])
def test_cascade_cards_fit_their_pane_at_laptop_sizes(qtbot, win, store) -> None:
    cascade = win.explorer.detail.cascade
    path = "config/theme.ts" if store == "electronics-b2b" else "components/header/Header.tsx"
    for size in reversed(LAPTOPS):  # the narrowest first
        _at(qtbot, win, size)
        _show(qtbot, win, store)
        click_path(qtbot, win, path)
        area = cascade.scroll_area
        qtbot.waitUntil(lambda: bool(cascade.body.findChildren(QFrame, "CardWinner")), timeout=5000)
        cards = [c for c in cascade.body.findChildren(QFrame) if c.objectName() in ("Card", "CardWinner")]
        assert cards
        # laid out for the pane's new width (the scroll area does it when the events come round)
        qtbot.waitUntil(lambda c=cards[0]: c.geometry().right() < cascade.body.width(), timeout=3000)
        width = area.viewport().width()
        assert area.horizontalScrollBar().maximum() == 0, size  # nothing to scroll sideways to
        assert cascade.body.width() <= width, (size, cascade.body.width(), width)
        for card in cards:
            right = card.mapTo(area.viewport(), card.rect().topRight()).x()
            assert right < width, (size, right, width)
            for button in card.findChildren(QToolButton):  # open, diff, reveal: all in sight
                assert button.mapTo(area.viewport(), button.rect().topRight()).x() < width
        winner = next(c for c in cards if c.objectName() == "CardWinner").findChild(QLabel, "CardLayer")
        # a layer's name up to 15 characters stays whole, once the label has its new width
        qtbot.waitUntil(lambda w=winner: w.shown_text() == store, timeout=3000)
        assert winner.shown_text() == store, size


def test_store_names_stay_whole_and_the_counts_give_way(qtbot, win) -> None:
    stores = win.explorer.stores
    view, model = stores.view, stores.model
    for size in [*LAPTOPS, (1600, 1000)]:
        _at(qtbot, win, size)

        def whole() -> list[str]:
            return [
                i.data() for i in map(model.index_for_key, model.keys()) if _painted_store_name(view, i) != i.data()
            ]

        qtbot.waitUntil(lambda: whole() == [], timeout=3000)  # the columns are fitted after the resize
        hdr = view.header()
        shown = [c for c in (1, 2, 3) if not hdr.isSectionHidden(c)]
        icon = hdr.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        for c in shown:  # every number a count column shows is whole, and its header's icon
            assert hdr.sectionSize(c) >= icon + 6, (size, c, hdr.sectionSize(c))
            for key in model.keys():
                cell = model.index_for_key(key).siblingAtColumn(c)
                text = cell.data() or ""
                assert view.fontMetrics().horizontalAdvance(text) + 8 <= hdr.sectionSize(c), (size, text)
        if len(shown) < 3:
            assert "tooltip" in stores.scope.text()  # where the hidden counts went
            assert size[0] <= 1024
        else:
            assert stores.scope.text() == "Counts for Next.js"
    b2b = model.index_for_key(win.ws.store("electronics-b2b").key)
    tip = b2b.data(Qt.ItemDataRole.ToolTipRole)
    assert "overrides \u00b7" in tip and "redundant" in tip and "in Next.js" in tip


def test_a_store_tooltip_agrees_with_its_numbers(qtbot, win) -> None:
    model, box = win.explorer.stores.model, win.toolbar.app_box
    ones = 0
    for i in range(box.count()):  # every app: the counts follow it
        _show(qtbot, win, "fashion-de", box.itemData(i))
        for k in model.keys():
            if k is None:
                continue
            n = model.counts[k].override
            tip = model.index_for_key(k).data(Qt.ItemDataRole.ToolTipRole)
            assert f"\n{n} override{'' if n == 1 else 's'} \u00b7" in tip, tip  # "1 overrides" before
            ones += n == 1
    _show(qtbot, win, "fashion-de")
    assert ones  # the demo has a store with one override in some app


def test_status_column_shows_the_finding_word(qtbot, win) -> None:
    panel = win.explorer.tree
    for size in [*LAPTOPS, (1600, 1000)]:
        _at(qtbot, win, size)
        _show(qtbot, win, "electronics-b2b")
        assert panel.select_path("config/theme.ts")
        idx = panel.view.currentIndex().siblingAtColumn(2)
        shown = _painted_cell(panel.view, idx)
        assert shown.startswith("\u2248 cosmetic"), (size, shown)  # "≈ cosm…" before
        if size[0] >= 1366:
            assert shown == idx.data(), (size, shown)  # "≈ cosmetic · override" whole when there is room
        assert panel.view.header().sectionSize(0) >= panel.name_min_width()  # never at the name's cost
        _show(qtbot, win, "fashion-de")
        assert panel.select_path("components/footer/Footer.tsx")
        assert _painted_cell(panel.view, panel.view.currentIndex().siblingAtColumn(2)).startswith("\u25f7 stale")


def test_diff_sides_are_cut_with_an_ellipsis_not_mid_word(qtbot, win) -> None:
    """Each side names its layer whole and cuts the path at its start ("…/header/Heade" before)."""
    diff = win.explorer.detail.diff
    for size in LAPTOPS:
        _at(qtbot, win, size)
        _show(qtbot, win, "fashion-de")
        click_path(qtbot, win, "components/header/Header.tsx")
        qtbot.waitUntil(lambda: diff.left_label.path.text().endswith("/Header.tsx"), timeout=5000)
        sides = (diff.left_label, diff.right_label)
        qtbot.waitUntil(  # shown and laid out: the name, then the path, in one row
            lambda sides=sides: all(s.isVisible() and 0 < s.name.geometry().right() < s.path.x() for s in sides),
            timeout=3000,
        )
        for side, layer in ((diff.left_label, "fashion-eu"), (diff.right_label, "fashion-de")):
            assert side.name.shown_text() == layer, size
            path = side.path.shown_text()
            assert path == "\u2026/header/Header.tsx" or (
                path.startswith("\u2026") and "\u2026/header/Header.tsx".endswith(path[1:])
            ), (size, path)
            assert side.name.geometry().right() < side.path.geometry().left() <= side.path.geometry().right() + 1
            assert side.path.geometry().right() < side.width()


SMALL_SCREEN = (1024, 640)
FIRST_RUN = (int(SMALL_SCREEN[0] * 0.9), int(SMALL_SCREEN[1] * 0.9))  # app.first_size there: 921x576


def _header_widgets(diff) -> dict[str, QWidget]:
    title = next(w for w in diff.findChildren(QLabel, "PanelTitle") if w.text() == "DIFF")
    return {
        "title": title,
        "summary": diff.summary,
        "position": diff.position,
        "previous": diff.prev,
        "next": diff.next,
        "compare": diff.store_box,
    }


@pytest.mark.parametrize("size", [FIRST_RUN, SMALL_SCREEN], ids=["first-run-921", "whole-screen-1024"])
def test_a_diff_never_widens_the_window_past_a_small_screen(qtbot, win, size) -> None:
    """The diff header stood in one row and asked 388 px: showing a diff made the first-run window of
    a 1024x640 screen (921 px) 954 px wide, past the screen's edge. Folded onto two rows when narrow,
    every word of it still reads whole."""
    from storelayers.gui import app as gui_app
    from storelayers.gui.diff_panel import COMPARE_PROMPT

    diff = win.explorer.detail.diff
    _show(qtbot, win, "fashion-de")
    click_path(qtbot, win, "components/footer/Footer.tsx")  # another file first: the diff is shown anew
    win.resize(*size)
    qtbot.waitUntil(lambda: win.width() <= size[0] and win.isVisible(), timeout=3000)
    gui_app.first_layout(win)
    click_path(qtbot, win, "components/header/Header.tsx")
    qtbot.waitUntil(lambda: diff.left_label.isVisible() and " of " in diff.position.text(), timeout=5000)
    for _ in range(3):  # the layouts the new header asks for (the window's own last), before reading its width
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    assert win.minimumSizeHint().width() <= size[0], win.minimumSizeHint()
    assert (win.width(), win.height()) == size, (win.width(), win.height())
    head = diff.summary.parentWidget()
    qtbot.waitUntil(lambda: head.geometry().right() < diff.width(), timeout=3000)
    shown = _header_widgets(diff)
    for name, w in shown.items():  # each one seen whole, inside the header
        assert w.isVisible(), name
        want = w.sizeHint().expandedTo(w.minimumSize())
        assert w.width() >= want.width() and w.height() >= min(want.height(), head.height()), (name, w.size(), want)
        assert head.rect().contains(w.geometry()), (name, w.geometry(), head.rect())
    for a, b in itertools.combinations(shown, 2):
        assert not shown[a].geometry().intersects(shown[b].geometry()), (a, b)
    box = diff.store_box
    assert box.currentText() == COMPARE_PROMPT
    assert box.width() - 30 >= box.fontMetrics().horizontalAdvance(COMPARE_PROMPT), box.width()  # beside the arrow
    for side, layer in ((diff.left_label, "fashion-eu"), (diff.right_label, "fashion-de")):
        assert side.name.shown_text() == layer, size


def _review_at(qtbot, win, size: tuple[int, int]):
    _at(qtbot, win, size)
    win.show_view("review")
    panel = win.review_panel
    qtbot.waitUntil(lambda: panel.isVisible() and panel.cards.rowCount() > 0, timeout=5000)
    return panel


def test_review_tabs_read_whole_at_1024(qtbot, win) -> None:
    """Seven tabs with their counts hid two behind scroll arrows ("Hotspots (" cut) at 1024 px."""
    from PySide6.QtWidgets import QTabBar

    panel = _review_at(qtbot, win, SMALL_SCREEN)
    try:
        bar: QTabBar = panel.tabs.tabBar()
        last = bar.count() - 1
        qtbot.waitUntil(lambda: bar.tabRect(last).right() < bar.width(), timeout=3000)
        fm = bar.fontMetrics()
        for i in range(bar.count()):
            text, rect = bar.tabText(i).replace("&&", "&"), bar.tabRect(i)
            assert rect.width() >= fm.horizontalAdvance(text) + 8, (text, rect.width())  # a name and some room
            assert bar.rect().contains(rect), (text, rect, bar.rect())
        assert not [b for b in bar.findChildren(QToolButton) if b.isVisible()]  # no scroll arrows
        assert bar.tabText(panel.tabs.indexOf(panel.stale_list)).startswith("Stale (")  # the count stays
    finally:
        win.show_view("explorer")


def _label_rect(header, section: int):
    """Where a header section's name is painted (the style sheet's padding taken off its rectangle)."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QStyleOptionHeader

    opt = QStyleOptionHeader()
    opt.initFrom(header)
    opt.rect = QRect(0, 0, header.sectionSize(section), header.height())
    opt.section = section
    opt.text = str(header.model().headerData(section, Qt.Orientation.Horizontal))
    opt.sortIndicator = QStyleOptionHeader.SortIndicator.SortDown
    return header.style().subElementRect(QStyle.SubElement.SE_HeaderLabel, opt, header)


def test_scorecard_headers_read_whole_and_the_store_stays_in_sight(qtbot, win) -> None:
    """At 1024 px the last header read "Ol st" ("Oldest stale" cut in both words); the table scrolls
    sideways, and then its rows lost their store's name."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QFont, QFontMetrics

    panel = _review_at(qtbot, win, SMALL_SCREEN)
    try:
        view = panel.card_view
        header = view.horizontalHeader()
        font = QFont(header.font())
        font.setWeight(QFont.Weight.DemiBold)  # the theme paints header names semi-bold
        fm = QFontMetrics(font)
        shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        assert len(shown) >= 12
        flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        for c in shown:
            text = str(header.model().headerData(c, Qt.Orientation.Horizontal))
            rect = _label_rect(header, c)
            for word in text.split():  # never cut inside a word
                assert fm.horizontalAdvance(word) <= rect.width(), (text, word, rect.width())
            needed = fm.boundingRect(rect, flags, text)
            assert needed.width() <= rect.width() and needed.height() <= rect.height(), (text, needed, rect)
        bar = view.horizontalScrollBar()
        assert bar.maximum() > 0  # it does scroll sideways at 1024 px
        bar.setValue(bar.maximum())
        first = view.model().index(0, 0).data()
        spot = QPoint(view.frameWidth() + 20, header.height() + view.rowHeight(0) // 2 + view.frameWidth())
        on_top = view.childAt(spot)
        assert on_top is not None and on_top is not view.viewport(), on_top
        column = on_top.parentWidget()
        assert column.indexAt(on_top.mapFrom(view, spot)).data() == first  # the store's name, in sight
    finally:
        win.show_view("explorer")
