"""Every action of the app and its shortcut, made in one place (menus, toolbars and help read from here)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget
from storelayers.gui import icons


@dataclass(frozen=True)
class Spec:
    name: str
    text: str
    menu: str
    shortcut: str = ""
    icon: str = ""
    tip: str = ""
    checkable: bool = False
    standard: QKeySequence.StandardKey | None = None


SPECS: tuple[Spec, ...] = (
    Spec("open", "&Open Workspace\u2026", "File", "Ctrl+O", "open", "Open a workspace folder"),
    Spec("open_demo", "Open the &Demo", "File", "", "", "Open the bundled demo workspace"),
    Spec("reload", "&Reload", "File", "Ctrl+R", "refresh", "Read the workspace again from disk"),
    Spec("quit", "&Quit", "File", "Ctrl+Q"),
    Spec("goto", "&Go to File\u2026", "Go", "Ctrl+P", "goto", "Find a file, or paste a path from a build error"),
    Spec("focus_stores", "Focus &Stores", "Go", "Ctrl+1", "", "Move the keyboard to the store list"),
    Spec("focus_tree", "Focus &Effective Tree", "Go", "Ctrl+2", "", "Move the keyboard to the effective tree"),
    Spec("focus_diff", "Focus &Diff", "Go", "Ctrl+3", "", "Move the keyboard to the diff"),
    Spec(
        "show_explorer",
        "E&xplorer",
        "View",
        "",
        "explorer",
        "One store's effective tree, cascade and diff (Ctrl+1, Ctrl+2, Ctrl+3)",
        True,
    ),
    Spec(
        "show_review",
        "&Review",
        "View",
        "Ctrl+4",
        "review",
        "Every store at once: scorecards, heatmap, store graph, stale overrides, hotspots",
        True,
    ),
    Spec("next_app", "Next &App", "Go", "Ctrl+]", "app", "Switch to the next app"),
    Spec("prev_app", "Previous A&pp", "Go", "Ctrl+[", "", "Switch to the previous app"),
    Spec("next_change", "&Next Change", "Go", "F7", "next", "Next change in the diff"),
    Spec("prev_change", "&Previous Change", "Go", "Shift+F7", "prev", "Previous change in the diff"),
    Spec("filter", "&Filter Files", "View", "Ctrl+F", "filter", "Filter the effective tree by name (glob or text)"),
    Spec("filter_stores", "Filter S&tores", "View", "Ctrl+Shift+F", "", "Filter the store list by store id"),
    Spec(
        "changes_only",
        "Only What This Store &Changes",
        "View",
        "Ctrl+Shift+C",
        "changes",
        "Show only overrides, added and redundant files",
        True,
    ),
    Spec("flat", "&Flat List", "View", "Ctrl+Shift+L", "flat", "Show files as one flat list", True),
    Spec(
        "show_ignored",
        "Show &Ignored Files",
        "View",
        "Ctrl+Shift+I",
        "",
        "Show files that ignorePaths hide, greyed",
        True,
    ),
    Spec(
        "expand_changes",
        "&Expand to Changes",
        "View",
        "Ctrl+E",
        "expand",
        "Expand every folder that holds an override or addition",
    ),
    Spec("collapse_all", "C&ollapse All", "View", "Ctrl+Shift+E", "", "Collapse every folder"),
    Spec("diff_mode", "&Diff Layout", "View", "Ctrl+D", "diff", "Give the diff most of the window", True),
    Spec("problems", "&Problems", "View", "Ctrl+Shift+M", "problems", "Show the resolver's diagnostics", True),
    Spec("theme_system", "Theme: Follow &System", "View", "", "", "", True),
    Spec("theme_light", "Theme: &Light", "View", "", "", "", True),
    Spec("theme_dark", "Theme: &Dark", "View", "", "", "", True),
    Spec(
        "override",
        "&Override in This Layer\u2026",
        "Layer",
        "Ctrl+Shift+O",
        "override",
        "Copy the winning file into this store's layer",
    ),
    Spec("remove", "&Remove Override\u2026", "Layer", "Delete", "remove", "Move this store's own copy to the trash"),
    Spec("undo", "&Undo Last Change", "Layer", "Ctrl+Z", "undo", "Undo the last override, removal or repair"),
    Spec("redo", "Re&do Repair", "Layer", "Ctrl+Shift+Z", "", "Apply again the last repair undone"),
    Spec(
        "repair",
        "Re&pair This File\u2026",
        "Layer",
        "",
        "",
        "The review's repair for the file shown: rebase it, remove it, move it up",
    ),
    Spec("edit", "Open in &Editor", "Layer", "Ctrl+Return", "edit", "Open the winning file in your editor"),
    Spec(
        "reveal",
        "Re&veal in File Manager",
        "Layer",
        "Ctrl+Shift+R",
        "reveal",
        "Show the winning file in the file manager",
    ),
    Spec("copy_path", "&Copy Path", "Layer", "Ctrl+Shift+P", "copy", "Copy the winning file's workspace path"),
    Spec("help", "&Keyboard Shortcuts", "Help", "F1", "help", "Every shortcut"),
    Spec("first_run", "&Getting Started", "Help", "", "", "What the colours mean, and where to start"),
    Spec("glossary", "G&lossary", "Help", "", "", "Every term the app uses, defined"),
    Spec("about", "&About Store Layers", "Help"),
)

MENUS = ("File", "Go", "View", "Layer", "Help")


class Actions:
    """The QActions, by name: `actions["override"]`."""

    def __init__(self, parent: QWidget) -> None:
        self._by_name: dict[str, QAction] = {}
        for spec in SPECS:
            a = QAction(spec.text, parent)
            a.setObjectName(f"action_{spec.name}")
            if spec.shortcut:
                a.setShortcut(QKeySequence(spec.shortcut))
            if spec.icon:
                a.setIcon(icons.icon(spec.icon))
            tip = spec.tip or spec.text.replace("&", "").rstrip("\u2026")
            if spec.shortcut:
                tip += f"  ({QKeySequence(spec.shortcut).toString(QKeySequence.SequenceFormat.NativeText)})"
            a.setToolTip(tip)
            a.setStatusTip(spec.tip)
            a.setCheckable(spec.checkable)
            parent.addAction(a)
            self._by_name[spec.name] = a

    def __getitem__(self, name: str) -> QAction:
        return self._by_name[name]

    def refresh_icons(self) -> None:
        for spec in SPECS:
            if spec.icon:
                self._by_name[spec.name].setIcon(icons.icon(spec.icon))


def shortcut_table() -> list[tuple[str, str, str]]:
    """(menu, action, shortcut) for the help panel."""
    out = []
    for spec in SPECS:
        if spec.shortcut:
            key = QKeySequence(spec.shortcut).toString(QKeySequence.SequenceFormat.NativeText)
            out.append((spec.menu, spec.text.replace("&", "").rstrip("\u2026"), key))
    out += [
        ("Diff", "Next / previous change (in the diff)", "N / P"),
        ("Effective tree", "Open the cascade's default diff", "Enter"),
        ("Go to file", "Jump to a pasted .out/ or layer path", "Ctrl+V, Enter"),
    ]
    return out
