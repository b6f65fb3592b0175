"""Issue 11 for a newcomer: a store filter, counts that say which app they are for, Go to File over
every store and app, the first-run hint, and one glossary behind Help and the tooltips."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import NEXT, click_path, click_store

MIDDLEWARE = "storefront-middleware"


def _shown_stores(win) -> list[str]:
    return win.explorer.stores.filter.shown()


def test_store_filter_keeps_what_matches_and_escape_clears(qtbot, window) -> None:
    stores = window.explorer.stores
    every = _shown_stores(window)
    assert len(every) == 8
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is stores.filter, timeout=2000)
    qtbot.keyClicks(stores.filter, "-de")
    assert _shown_stores(window) == ["fashion", "fashion-eu", "fashion-de"]  # its parents stay, for the chain
    with qtbot.waitSignal(window.tree_ready, timeout=10000):
        qtbot.keyClick(stores.filter, Qt.Key.Key_Return)  # the first match, and the keyboard in the list
    assert window.ws.stores[window.store_key].id == "fashion-de"
    assert QApplication.focusWidget() is stores.view
    stores.filter.setFocus()
    qtbot.keyClick(stores.filter, Qt.Key.Key_Escape)
    assert stores.filter.text() == "" and _shown_stores(window) == every
    qtbot.keyClicks(stores.filter, "nosuchstore")
    assert _shown_stores(window) == []
    assert "No store id contains \u201cnosuchstore\u201d" in stores.hint.text()
    qtbot.keyClick(stores.filter, Qt.Key.Key_Escape)
    assert _shown_stores(window) == every and stores.hint.text() == ""


def test_store_counts_say_which_app_they_count(qtbot, window) -> None:
    stores = window.explorer.stores
    assert stores.scope.text().startswith("Counts for Next.js")
    tip = stores.model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Overrides in Next.js")
    box = window.toolbar.app_box
    with qtbot.waitSignal(window.tree_ready, timeout=10000):
        box.setCurrentIndex(box.findData(MIDDLEWARE))
    assert stores.scope.text().startswith("Counts for Middleware")
    tip = stores.model.headerData(3, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Redundant overrides in Middleware")


def _goto(qtbot, window):
    from storelayers.gui.goto import GotoDialog

    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dlg = window.findChild(GotoDialog, "GotoDialog")
    assert dlg is not None and dlg.isVisible()
    return dlg


def test_go_to_file_searches_every_app_and_store_current_first(qtbot, window) -> None:
    click_store(qtbot, window, "fashion-de")
    dlg = _goto(qtbot, window)
    assert "fashion-de's Next.js tree" in dlg.hint.text()
    with qtbot.waitSignal(dlg.searched, timeout=5000):
        qtbot.keyClicks(dlg.edit, "unified.ts")
    items = dlg.model.items
    here = [i for i in items if i not in dlg.located]
    there = [i for i in items if i in dlg.located]
    assert items == here + there  # the shown tree's files first
    first = there[0]
    assert first == f"integrations/sapcc/extensions/unified.ts  \u2014  {MIDDLEWARE} \u00b7 fashion-de", there
    assert any(t.endswith("\u00b7 electronics") for t in there)  # other stores too
    dlg.list.setCurrentIndex(dlg.model.index(items.index(first), 0))
    with qtbot.waitSignal(window.tree_ready, timeout=10000):
        qtbot.keyClick(dlg.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.path == "integrations/sapcc/extensions/unified.ts", timeout=5000)
    assert window.app == MIDDLEWARE and window.ws.stores[window.store_key].id == "fashion-de"


def test_go_to_file_says_when_nothing_matches_anywhere(qtbot, window) -> None:
    dlg = _goto(qtbot, window)
    with qtbot.waitSignal(dlg.searched, timeout=5000):
        qtbot.keyClicks(dlg.edit, "qqxqqz")
    assert dlg.model.items == []
    assert dlg.hint.text() == "No file matches \u201cqqxqqz\u201d in any store or app."


def test_go_to_file_finds_a_file_made_in_another_store_since_the_last_search(qtbot, window, demo_copy) -> None:
    """The names of every layer are indexed once per snapshot and kept between searches: a live
    update's snapshot is searched with its own names, not the ones kept from before."""
    click_store(qtbot, window, "fashion-de")
    dlg = _goto(qtbot, window)
    with qtbot.waitSignal(dlg.searched, timeout=5000):
        qtbot.keyClicks(dlg.edit, "zebrabanner")
    assert dlg.model.items == []
    qtbot.keyClick(dlg.edit, Qt.Key.Key_Escape)
    made = demo_copy / "apps/stores/electronics" / NEXT / "components/ZebraBanner.tsx"
    with qtbot.waitSignal(window.updated, timeout=10000):
        made.write_text("export const ZebraBanner = 1;\n")
    from storelayers.gui.goto import GotoDialog

    window.user_actions["goto"].trigger()  # Go > Go to File…
    (dlg,) = [d for d in window.findChildren(GotoDialog, "GotoDialog") if d.isVisible()]
    with qtbot.waitSignal(dlg.searched, timeout=5000):
        qtbot.keyClicks(dlg.edit, "zebrabanner")
    assert dlg.model.items == [f"components/ZebraBanner.tsx  \u2014  {NEXT} \u00b7 electronics"]
    assert dlg.hint.text() == "Not in fashion-de's Next.js tree; found in other apps or stores:"
    with qtbot.waitSignal(window.tree_ready, timeout=10000):
        qtbot.keyClick(dlg.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.path == "components/ZebraBanner.tsx", timeout=5000)
    assert window.ws.stores[window.store_key].id == "electronics"


def test_first_run_hint_shows_once_and_help_shows_it_again(qtbot, window) -> None:
    from storelayers.gui import onboarding
    from storelayers.gui.settings import load_settings

    assert not window.findChildren(onboarding.FirstRunDialog)  # a window made by a test never shows it
    assert not window.settings.hint_seen
    dlg = onboarding.first_run(window)  # what a real start (app.run) does
    assert dlg is not None and dlg.isVisible()
    text = dlg.browser.toPlainText()
    assert "Pick a store" in text and "Read the colours" in text and "Pick a file" in text
    dlg.close()
    assert onboarding.first_run(window) is None  # once only
    window.save()
    assert load_settings().hint_seen  # remembered for the next start
    window.user_actions["first_run"].trigger()
    again = [d for d in window.findChildren(onboarding.FirstRunDialog) if d.isVisible()]
    assert len(again) == 1
    with qtbot.waitSignal(again[0].finished, timeout=2000):
        qtbot.keyClick(again[0], Qt.Key.Key_Escape)


def test_glossary_and_tooltips_say_the_same(qtbot, window) -> None:
    from storelayers.gui import onboarding
    from storelayers.gui.glossary import ORDER, TERMS, define
    from storelayers.gui.review.scorecard_model import ScorecardModel

    assert set(ORDER) == set(TERMS)
    window.user_actions["glossary"].trigger()
    dlg = next(d for d in window.findChildren(onboarding.GlossaryDialog) if d.isVisible())
    text = dlg.browser.toPlainText()
    for term in (
        "template",
        "deployable",
        "override",
        "redundant",
        "cosmetic",
        "stale",
        "orphaned",
        "special",
        "generated",
        "differs %",
    ):
        assert term in text and define(term) in text, term
    dlg.close()
    # the Status column
    click_store(qtbot, window, "fashion-us")
    tree = window.ws.effective_tree(window.store_key, NEXT)
    path = next(f.path for f in tree.files if f.status.value == "override")
    click_path(qtbot, window, path)
    idx = window.explorer.tree.proxy.index_for_path(path).siblingAtColumn(2)
    assert define("override") in idx.data(Qt.ItemDataRole.ToolTipRole)
    # the legend's status chips
    chip = window.explorer.tree.legend.status_buttons["redundant"]
    assert define("redundant") in chip.toolTip()
    # a store's kind
    model = window.explorer.stores.model
    fashion = model.index_for_key(window.ws.store("fashion").key)
    assert define("template") in fashion.data(Qt.ItemDataRole.ToolTipRole)
    # the review's headers
    cards = ScorecardModel()
    headers = {
        cards.headerData(i, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole): cards.headerData(
            i, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
        )
        for i in range(cards.columnCount())
    }
    assert define("stale") in headers["Stale"]
    assert define("differs %") in headers["Differs %"]
    assert define("deployable") in headers["Kind"]


def test_override_dialog_shows_which_stores_each_target_changes(qtbot, window) -> None:
    from PySide6.QtWidgets import QRadioButton

    click_store(qtbot, window, "fashion-de")
    click_path(qtbot, window, "config/navigation.ts")  # fashion's copy
    dlg = _override_dialog(qtbot, window)
    radios = {b.text(): b for b in dlg.findChildren(QRadioButton)}
    assert list(radios) == ["fashion-de", "fashion-eu", "fashion"] and not radios["fashion"].isEnabled()
    assert dlg.blast.text().startswith("Changes 1 store: fashion-de takes this copy")
    qtbot.mouseClick(radios["fashion-eu"], Qt.MouseButton.LeftButton)
    assert dlg.blast.text().startswith("Changes 3 stores: fashion-eu, fashion-de, fashion-fr take this copy")
    dlg.reject()
    click_path(qtbot, window, "config/theme.ts")  # fashion's copy too; fashion-fr has its own
    dlg = _override_dialog(qtbot, window)
    radios = {b.text(): b for b in dlg.findChildren(QRadioButton) if b.isVisible()}
    qtbot.mouseClick(radios["fashion-eu"], Qt.MouseButton.LeftButton)
    text = dlg.blast.text()
    assert text.startswith("Changes 2 stores: fashion-eu, fashion-de take this copy"), text
    assert text.endswith("fashion-fr keeps its own.")
    dlg.reject()


def _override_dialog(qtbot, window):
    from storelayers.gui.dialogs import OverrideDialog

    window.activateWindow()  # back from the last dialog
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(
        window.explorer.tree.view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    dlgs = [d for d in window.findChildren(OverrideDialog, "OverrideDialog") if d.isVisible()]
    assert len(dlgs) == 1
    return dlgs[0]


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_a_chosen_layer_reads_as_chosen_in_both_themes(qtbot, dark) -> None:
    """The Override dialog's layers are radio buttons. The focused, chosen one (the dialog opens with
    the keyboard on it) was drawn as an empty square, because the focus rule replaced Qt's round
    indicator: it looked like the one not chosen, and you could not tell where the copy goes."""
    from PySide6.QtWidgets import QRadioButton, QStyle, QStyleOptionButton, QVBoxLayout, QWidget
    from storelayers.gui.theme import Theme, palette, stylesheet

    theme = Theme(dark)
    box = QWidget()
    box.setPalette(palette(theme))
    box.setStyleSheet(stylesheet(theme))
    lay = QVBoxLayout(box)
    chosen, other = QRadioButton("fashion-de"), QRadioButton("fashion")
    lay.addWidget(chosen)
    lay.addWidget(other)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    chosen.setChecked(True)
    chosen.setFocus()

    def indicator(rb: QRadioButton):
        opt = QStyleOptionButton()
        opt.initFrom(rb)
        r = rb.style().subElementRect(QStyle.SubElement.SE_RadioButtonIndicator, opt, rb)
        return rb.grab(r).toImage(), r

    def lum(c) -> float:
        return 0.2126 * c.redF() + 0.7152 * c.greenF() + 0.0722 * c.blueF()

    img, r = indicator(chosen)
    centre = img.pixelColor(img.width() // 2, img.height() // 2)
    ring = img.pixelColor(img.width() // 2, max(1, img.height() // 2 - r.height() * 3 // 10))
    accent = theme.color("accent")
    assert abs(lum(centre) - lum(accent)) > 0.25  # a dot in the middle of the chosen one
    assert abs(lum(ring) - lum(accent)) < 0.08  # in an accent-coloured disc
    img, _ = indicator(other)
    ground = img.pixelColor(0, 0)  # the dialog around the circle
    edge = max(abs(lum(img.pixelColor(x, img.height() // 2)) - lum(ground)) for x in range(img.width()))
    assert edge > 0.12  # the empty circle of the others can be seen on the dialog
