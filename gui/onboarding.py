"""For a newcomer: the first-run hint (what the colours mean, pick a store, pick a file) and the
glossary (Help > Glossary), both from `glossary.TERMS`.

The hint shows once, on the first start of the app (`GuiSettings.hint_seen` remembers it); Help >
Getting Started shows it again. Only `app.run` (a real start) asks for it, so windows made by tests
or by `storelayers screenshot` never show it.
"""

from __future__ import annotations

import html
from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QTextBrowser, QVBoxLayout, QWidget
from storelayers.gui.findings import GLYPHS
from storelayers.gui.glossary import glossary_html
from storelayers.gui.theme import Theme


class GlossaryDialog(QDialog):
    """Every term the app uses, defined (the same sentences as the tooltips)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("GlossaryDialog")
        self.setWindowTitle("Glossary")
        self.resize(640, 560)
        v = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setHtml(glossary_html())
        v.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        v.addWidget(buttons)


def first_run_html() -> str:
    dim = Theme.current().hex("text.dim")
    findings = ", ".join(f"{GLYPHS[k]} {k}" for k in ("stale", "orphaned", "cosmetic"))
    return (
        "<h3>Store Layers in three steps</h3>"
        "<ol>"
        "<li style='margin-bottom:8px'><b>Pick a store</b> in the list on the left. The tree in the middle is "
        "every file that store gets: its own files, its parents', and the base apps'.</li>"
        "<li style='margin-bottom:8px'><b>Read the colours.</b> A file's colour is the layer it comes from; the "
        "legend above the tree names each colour, and counts its files, for the store you are looking at. "
        "The Status column says how the file got there (override, inherited, added, redundant\u2026).</li>"
        "<li style='margin-bottom:8px'><b>Pick a file.</b> The cascade on the right lists every layer that has "
        "it, nearest first, and the diff below compares the winner with the copy it hides.</li>"
        "</ol>"
        f"<p>The review finds what needs care, and the tree marks those files: {html.escape(findings)}. "
        "Hover over any count, status or mark for what it means.</p>"
        f"<p style='color:{dim}'>Help &gt; Glossary defines every term; Help &gt; Getting Started shows this "
        "again.</p>"
    )


class FirstRunDialog(QDialog):
    """The first-run hint: what the colours mean, pick a store, pick a file."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FirstRunDialog")
        self.setWindowTitle("Getting Started")
        self.resize(560, 380)
        v = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setHtml(first_run_html())
        v.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.glossary_button = QPushButton("Glossary\u2026")
        buttons.addButton(self.glossary_button, QDialogButtonBox.ButtonRole.HelpRole)
        self.glossary_button.clicked.connect(lambda: show_glossary(self.parentWidget() or self))
        buttons.rejected.connect(self.reject)
        v.addWidget(buttons)


def show_glossary(parent: QWidget) -> GlossaryDialog:
    dlg = GlossaryDialog(parent)
    dlg.open()
    return dlg


def show_first_run(parent: QWidget) -> FirstRunDialog:
    dlg = FirstRunDialog(parent)
    dlg.open()
    return dlg


def first_run(win: Any) -> FirstRunDialog | None:
    """On the first start only: show the hint and remember that it was shown (`win` is the MainWindow;
    its settings are saved when it closes)."""
    if win.settings.hint_seen:
        return None
    win.settings = replace(win.settings, hint_seen=True)
    return show_first_run(win)
