"""Issue #11, the explorer as a daily driver: driven like a person, checked by what is on screen."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from storelayers.gui.cascade import human_size
from storelayers.gui.store_model import KindRole

from tests.gui.conftest import NEXT, click_path, click_store

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


def _diff_lines(win) -> list[str]:
    text = win.diff_panel.canvas.text
    return list(text.right_lines) if text is not None else []


def test_diff_and_cascade_follow_an_edit_of_the_shown_file(qtbot, window, demo_copy) -> None:
    click_store(qtbot, window, "fashion-de")
    tree = window.ws.effective_tree("fashion-de", NEXT)
    own = next(f for f in tree.files if f.status.value == "override" and f.layer == "fashion-de")
    click_path(qtbot, window, own.path)
    qtbot.waitUntil(lambda: bool(_diff_lines(window)), timeout=5000)
    summary_before = window.diff_panel.summary.text()
    target = demo_copy / own.source
    with target.open("a", encoding="utf-8") as fh:  # as another editor would
        fh.write("export const editedElsewhere = 1;\n" * 40)
    size = human_size(target.stat().st_size)
    qtbot.waitUntil(lambda: "export const editedElsewhere = 1;" in _diff_lines(window), timeout=8000)
    assert window.diff_panel.summary.text() != summary_before
    sizes = [lab.text() for lab in window.cascade.findChildren(QLabel) if lab.isVisibleTo(window.cascade)]
    assert size in sizes


def test_making_a_store_deployable_in_the_config_shows_at_once(qtbot, window, demo_copy) -> None:
    key = window.ws.store("fashion-eu").key
    kind = lambda: window.store_model.index_for_key(key).data(KindRole)  # noqa: E731 - what the delegate paints
    assert kind() == "template"
    cfg_path = demo_copy / "alokai.config.json"
    cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
    cfg["stores"]["fashion-eu"] = {"localPorts": {"nextjs": 3010}}
    cfg_path.write_text(json.dumps(cfg, indent=2), encoding="utf-8")
    qtbot.waitUntil(lambda: kind() == "deployable", timeout=8000)
    assert "deployable" in window.store_model.index_for_key(key).data(Qt.ItemDataRole.ToolTipRole)
