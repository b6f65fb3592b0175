"""SPEC rule 13 in the explorer: a store whose `deployment.framework` names one frontend is shown in
that frontend (Alokai never composes the other one for it), and the status bar says why; a frontend
picked by hand for it says that it is not composed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import click_store, close_window, open_window

NEXT, NUXT = "storefront-unified-nextjs", "storefront-unified-nuxt"


@pytest.fixture
def two_frontends(make_ws):
    return make_ws(
        {
            "alokai.config.json": {
                "stores": {
                    "vue-shop": {"deployment": {"framework": "nuxt"}},
                    "any-shop": {"deployment": {}},
                    "react-shop": {"deployment": {"framework": "nextjs"}},
                }
            },
            "apps": {
                NEXT: {"app/page.tsx": "next"},
                NUXT: {"pages/index.vue": "nuxt"},
                "stores": {
                    "vue-shop": {NUXT: {"pages/index.vue": "mine"}},
                    "any-shop": {},
                    "react-shop": {},
                },
            },
        }
    )


def _status(win) -> str:
    return win.status.text.text()


def test_rule_13_a_store_on_one_framework_is_shown_in_that_frontend(qtbot, two_frontends, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    win = open_window(qtbot, two_frontends)
    try:
        box = win.toolbar.app_box
        click_store(qtbot, win, "react-shop")
        qtbot.waitUntil(lambda: box.currentData() == NEXT and "react-shop:" in _status(win), timeout=10000)
        click_store(qtbot, win, "vue-shop")
        qtbot.waitUntil(lambda: box.currentData() == NUXT and "vue-shop:" in _status(win), timeout=10000)
        assert win.explorer.tree.model.find("pages/index.vue") is not None
        assert win.explorer.tree.model.find("app/page.tsx") is None
        assert "files for Nuxt (its deployment.framework is 'nuxt'" in _status(win), _status(win)
        assert win.explorer.stores.scope.text() == "Counts for Nuxt"

        # Next.js picked by hand for the Nuxt store: shown, and said not to be composed
        win.activateWindow()
        qtbot.keyClick(win.explorer.tree.view, Qt.Key.Key_BracketLeft, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(
            lambda: box.currentData() == NEXT and "not composed for vue-shop" in _status(win), timeout=10000
        )
        assert win.explorer.tree.model.find("app/page.tsx") is not None

        # a store without a framework keeps the app the user is on
        click_store(qtbot, win, "any-shop")
        qtbot.waitUntil(lambda: "any-shop:" in _status(win), timeout=10000)
        assert box.currentData() == NEXT and "framework" not in _status(win)
    finally:
        close_window(win)
