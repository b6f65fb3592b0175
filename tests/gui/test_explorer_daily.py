"""Issue #11, the explorer as a daily driver: driven like a person, checked by what is on screen."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from tests.gui.conftest import click_path, click_store

HEADER_FILES = (
    "components/header/Header.tsx",
    "components/header/LocaleSwitcher.tsx",
    "components/header/Navigation.tsx",
)


def _shown_titles(win) -> list[str]:
    """The cascade's file titles a user can see (labels shown inside the pane)."""
    return [
        lab.text()
        for lab in win.cascade.findChildren(QLabel, "CascadePath")
        if lab.isVisibleTo(win.cascade) and not lab.geometry().isEmpty()
    ]


def test_cascade_shows_one_title_after_many_selections(qtbot, window) -> None:
    click_store(qtbot, window, "fashion-de")
    for _ in range(2):
        for path in HEADER_FILES:
            click_path(qtbot, window, path)
            qtbot.waitUntil(lambda p=path: _shown_titles(window) == [f"<b>{p}</b>"], timeout=3000)
    window.resize(1000, 700)
    qtbot.waitUntil(lambda: _shown_titles(window) == [f"<b>{HEADER_FILES[-1]}</b>"], timeout=3000)
    labels = window.cascade.findChildren(QLabel, "CascadePath")
    assert len([lab for lab in labels if lab.isVisibleTo(window.cascade)]) == 1
