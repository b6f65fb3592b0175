"""The main window: the explorer (stores | effective tree | cascade over diff) and the review view
beside it, with live updates.

The window holds one `Workspace` snapshot at a time. Everything slow (loading, effective trees,
incremental updates, explanations, diffs, the override's copy, the review) runs through `Tasks`;
answers are shown as the resolver gives them.

The window is made of typed parts (`window_layout`: menus, toolbar, explorer pane, problems dock,
status bar; `review.ReviewPanel`), each owning its widgets. What the user does runs in command
objects (`layer_ops`), live updates in `updates`, and the review follows the explorer in
`review_link`; none of them imports this module: each takes the narrow interface it needs
(`window_api`), which this window provides.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget
from storelayers import resolver
from storelayers.gui import errors, heap, icons, layer_ops, onboarding, panes
from storelayers.gui.actions import Actions
from storelayers.gui.findings import Findings, Mark
from storelayers.gui.live import LiveWatcher
from storelayers.gui.repair_ops import RepairCommands
from storelayers.gui.review import ReviewPanel
from storelayers.gui.review_link import ReviewLink
from storelayers.gui.settings import GuiSettings, load_settings, save_settings
from storelayers.gui.store_model import KeyRole
from storelayers.gui.tasks import Progress, Tasks
from storelayers.gui.text import app_label, plural
from storelayers.gui.theme import Theme
from storelayers.gui.tree_cache import Built, TreeCache, TreeKey
from storelayers.gui.tree_model import build_tree
from storelayers.gui.tree_panel import change_folders
from storelayers.gui.undo import UndoHistory
from storelayers.gui.updates import PATCH_MAX, Updater
from storelayers.gui.window_api import ShownFile, UpdateRequest, UpdateResult
from storelayers.gui.window_layout import ExplorerPane, MainMenus, MainToolbar, ProblemsPart, StatusPart
from storelayers.resolver import AppCounts, ChainLink, Explanation, Workspace
from storelayers.resolver.config import FRONTENDS
from storelayers.resolver.diff import compare_stores, default_pair, diff_files, side_for
from storelayers.resolver.locate import Location
from storelayers.resolver.names import shown
from storelayers.resolver.palette import chain_positions

SLOW_CASCADE_MS = 200
"""A file's layers usually arrive within this; after it the cascade says they are being read."""

ScanRequest = tuple[int, Path, str | None, str | None]  # (scan, root, store, select)


class MainWindow(QMainWindow):
    workspace_loaded = Signal()
    tree_ready = Signal()
    updated = Signal()  # a live update has been applied

    def __init__(
        self, settings: GuiSettings | None = None, sync: bool = False, apply_theme: Callable[[str], None] | None = None
    ) -> None:
        super().__init__()
        self.settings = settings or load_settings()
        self._apply_theme = apply_theme
        self.tasks = Tasks(errors.report, self, sync=sync)
        self.ws: Workspace | None = None
        self.store_key: str | None = None
        self.app: str = ""
        self.path: str | None = None
        self._pending_select: str | None = None
        self.findings = Findings()  # the last review's findings, shown on the files they are about
        self._scan = 0  # which load the progress bar follows
        self._scan_after_watch: ScanRequest | None = None  # waiting for the watches to be set up
        self.watching = False
        self.setWindowTitle("Store Layers")
        self.setWindowIcon(icons.icon("logo", "#000000", 32))
        self.setAcceptDrops(True)
        # the parts, each owning its widgets
        self.user_actions = Actions(self)
        self.menus = MainMenus(self, self.user_actions)
        self.toolbar = MainToolbar(self, self.user_actions)
        self.explorer = ExplorerPane(self.tasks)
        self.review_panel = ReviewPanel(Tasks(None, self, sync=sync), parent=self)
        self.review_panel.setObjectName("ReviewView")
        self.views = QStackedWidget()
        self.views.addWidget(self.explorer)
        self.views.addWidget(self.review_panel)
        self.setCentralWidget(self.views)
        self.problems = ProblemsPart(self)
        self.status = StatusPart(self.statusBar(), self.user_actions["problems"])
        # the commands and helpers, each over the narrow interface it needs (window_api)
        self.history = UndoHistory(self)  # one undo stack: layer edits and repairs (gui/undo.py)
        self.edits = layer_ops.LayerEdits(self, self.history)
        self.repairs = RepairCommands(self, self.history)
        self.files = layer_ops.FileCommands(self)
        self.goto = layer_ops.GoTo(self)
        self.updater = Updater(self, parent=self)
        self.watcher = LiveWatcher(self.updater.on_changes, parent=self)
        self.scan_progress = Progress(self)
        self.trees = TreeCache(lambda: self.explorer.tree.model.root)
        self.review_link = ReviewLink(self, self.review_panel, lambda: self.watcher.pending, parent=self)
        self._slow_cascade = QTimer(self)  # the cascade says "reading" only for files that take a while
        self._slow_cascade.setSingleShot(True)
        self._slow_cascade.setInterval(SLOW_CASCADE_MS)
        self._slow_cascade.timeout.connect(self._cascade_still_busy)
        self._connect()
        self.panes = panes.install(self)  # View toggles for every pane, Reset Layout, Ctrl+1..3 show what they focus
        self.update_action_state()

    def _connect(self) -> None:
        a = self.user_actions
        ex = self.explorer
        tree, cascade, diff = ex.tree, ex.detail.cascade, ex.detail.diff
        self.menus.recent.aboutToShow.connect(self.fill_recent)
        a["open"].triggered.connect(self.choose_workspace)
        a["open_demo"].triggered.connect(self.open_demo)
        a["reload"].triggered.connect(lambda: self.ws and self.open_workspace(self.ws.root, self.store_key, self.path))
        a["quit"].triggered.connect(self.close)
        a["goto"].triggered.connect(self.goto.file)
        a["focus_stores"].triggered.connect(lambda: self._focus(ex.stores.view))
        a["focus_tree"].triggered.connect(lambda: self._focus(tree.view))
        a["focus_diff"].triggered.connect(lambda: self._focus(diff.canvas))
        a["show_explorer"].triggered.connect(lambda: self.show_view("explorer"))
        a["show_review"].triggered.connect(lambda: self.show_view("review"))
        a["next_app"].triggered.connect(lambda: self._step_app(1))
        a["prev_app"].triggered.connect(lambda: self._step_app(-1))
        a["next_change"].triggered.connect(diff.canvas.next_change)
        a["prev_change"].triggered.connect(diff.canvas.previous_change)
        a["filter"].triggered.connect(self._filter)
        a["filter_stores"].triggered.connect(self._filter_stores)
        a["changes_only"].toggled.connect(lambda _on: self._flags_changed(rebuild=False))
        a["flat"].toggled.connect(lambda _on: self._flags_changed(rebuild=True))
        a["show_ignored"].toggled.connect(lambda _on: self._flags_changed(rebuild=True))
        a["expand_changes"].triggered.connect(tree.expand_to_changes)
        a["collapse_all"].triggered.connect(tree.collapse_all)
        a["diff_mode"].toggled.connect(self.set_diff_mode)
        a["problems"].toggled.connect(self.problems.dock.setVisible)
        self.problems.dock.visibilityChanged.connect(a["problems"].setChecked)
        for name, choice in (("theme_system", "system"), ("theme_light", "light"), ("theme_dark", "dark")):
            a[name].triggered.connect(lambda _c=False, ch=choice: self.set_theme(ch))
        a["override"].triggered.connect(self.edits.override)
        a["remove"].triggered.connect(self.edits.remove)
        a["undo"].triggered.connect(self.history.undo)
        a["redo"].triggered.connect(self.history.redo)
        self.history.changed.connect(self.update_action_state)
        a["repair"].triggered.connect(self._repair_shown)
        self.review_panel.repairRequested.connect(self.repairs.run)
        self.review_panel.reviewReady.connect(self.update_action_state)
        a["edit"].triggered.connect(self.files.open_winner)
        a["reveal"].triggered.connect(self.files.reveal_winner)
        a["copy_path"].triggered.connect(self.files.copy_path)
        a["help"].triggered.connect(lambda: layer_ops.show_help(self))
        a["first_run"].triggered.connect(lambda: onboarding.show_first_run(self))
        a["glossary"].triggered.connect(lambda: onboarding.show_glossary(self))
        a["about"].triggered.connect(lambda: layer_ops.show_about(self, lambda: self.ws))
        ex.stores.view.selectionModel().currentRowChanged.connect(self._store_changed)
        self.toolbar.app_box.currentIndexChanged.connect(self._app_changed)
        tree.selected.connect(self.file_selected)
        tree.view.delete_pressed.connect(self._delete_pressed)
        tree.activated.connect(lambda _p: diff.canvas.setFocus())
        tree.view.customContextMenuRequested.connect(
            lambda pos: layer_ops.tree_context_menu(tree.view, a, pos, self._file_repairs())
        )
        cascade.open_requested.connect(self.files.open_link)
        cascade.reveal_requested.connect(self.files.reveal_link)
        cascade.diff_requested.connect(self.show_layer_diff)
        cascade.three_way_requested.connect(self.review_panel.open_three_way)
        diff.compare_store_requested.connect(self.compare_with_store)
        self.problems.panel.go_to.connect(self.goto.diagnostic)
        self.scan_progress.changed.connect(self._scan_progress)
        self.watcher.state_changed.connect(self._watch_state)

    def _delete_pressed(self) -> None:
        if self.user_actions["remove"].isEnabled():
            self.user_actions["remove"].trigger()

    # ------------------------------------------------------------ views

    def show_view(self, name: str) -> None:
        """'explorer' or 'review'."""
        review = name == "review"
        self.views.setCurrentWidget(self.review_panel if review else self.explorer)
        self.user_actions["show_review" if review else "show_explorer"].setChecked(True)
        self.toolbar.show_explorer_tools(not review)
        if review:
            self.review_panel.tabs.currentWidget().setFocus()

    @property
    def view(self) -> str:
        return "review" if self.views.currentWidget() is self.review_panel else "explorer"

    def _focus(self, widget: QWidget) -> None:
        self.show_view("explorer")
        widget.setFocus()

    def open_explorer_at_tree(self) -> None:
        """Show the explorer with the keyboard in the effective tree."""
        self._focus(self.explorer.tree.view)

    def _filter_stores(self) -> None:
        self.show_view("explorer")
        stores = self.explorer.stores
        self.panes.reveal("stores", stores.filter)
        stores.filter.selectAll()

    def _filter(self) -> None:
        self.show_view("explorer")
        self.explorer.tree.search.setFocus()
        self.explorer.tree.search.selectAll()

    # ------------------------------------------------------------ opening

    def open_demo(self) -> None:
        from storelayers.gui import demo

        try:
            self.open_workspace(demo.demo_workspace())  # a copy in the user's data folder, with history
        except demo.DemoUnavailable as exc:
            errors.report(exc)

    def choose_workspace(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        start = str(self.ws.root.parent) if self.ws else str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, "Open Workspace", start)
        if folder:
            self.open_workspace(folder)

    def fill_recent(self) -> None:
        self.menus.fill_recent(self.settings.recent, self.open_workspace)

    def open_workspace(self, path: str | os.PathLike[str], store: str | None = None, select: str | None = None) -> bool:
        """Start reading a workspace; the window stays responsive and fills in when the scan ends."""
        try:
            root = resolver.check_workspace(os.fspath(path))
        except resolver.StoreLayersError as exc:
            errors.report(exc)
            return False
        self.updater.reset()
        # Watch first, then scan: a change made after the watches are in place is reported, and
        # one made before is in the listing, so nothing slips between the two. Setting the watches
        # up walks every folder in Python (16,000 on the 200-store benchmark): doing it before the
        # scan keeps it away from the first tree's paint and the first store switches. Changes
        # seen during the scan wait for it and go into the first update.
        self.watching = self.watcher.start(str(root))
        self._scan += 1
        scan = self._scan
        self.busy(f"Scanning {root.name}\u2026")
        self.toolbar.show_workspace(root.name, str(root))
        self.tasks.cancel("tree")
        self._scan_after_watch = (scan, root, store, select)
        if not self.watcher.starting:
            self._start_scan()
        return True

    @property
    def reading(self) -> bool:
        """A workspace is being read (its watches being set up, or its scan running)."""
        return self._scan_after_watch is not None or self.tasks.busy("load")

    def _start_scan(self) -> None:
        """Read the workspace whose watches are now in place (or could not be set up)."""
        pending, self._scan_after_watch = self._scan_after_watch, None
        if pending is None:
            return
        scan, root, store, select = pending
        if scan != self._scan:
            return
        app_pref = self.app or self.settings.app
        report = heap.settling(self.scan_progress.reporter(scan))

        def work() -> tuple[Workspace, str, dict[str, AppCounts]]:
            ws = resolver.load(root, progress=report)
            app = app_pref if app_pref in ws.apps else _default_app(ws.apps)
            counts = {k: ws.counts(k, app) for k in ws.stores} if app else {}
            _ = ws.diagnostics  # computed here, off the GUI thread
            return ws, app, counts

        self.tasks.run("load", work, lambda r: self._loaded(r, store, select), self._load_failed)

    def _scan_progress(self, scan: int, done: int, total: int) -> None:
        if scan != self._scan or not self.tasks.busy("load"):
            return
        status = self.status
        status.show_progress(done, total)
        name = self.toolbar.workspace_name.text()
        if done < total:
            status.say(f"Scanning {name}\u2026 {done * 100 // max(1, total)}%  ({done:,} of {total:,} layer folders)")
        else:
            status.busy(f"Resolving {name}\u2026")

    def _load_failed(self, exc: BaseException) -> None:
        self.idle("Could not open the workspace")
        if self.ws is not None:  # the workspace still shown stays live, and the title says it is the one shown
            self.toolbar.show_workspace(self.ws.root.name, str(self.ws.root))
            self.watching = self.watcher.start(str(self.ws.root))
        else:
            self.watcher.stop()  # it was watching the folder that could not be read
            self.watching = False
        self.updater.reset()  # changes seen meanwhile were the unreadable folder's
        errors.report(exc)

    def _loaded(
        self, result: tuple[Workspace, str, dict[str, AppCounts]], store: str | None, select: str | None
    ) -> None:
        ws, app, counts = result
        if self.ws is not None and self.ws.root != ws.root:
            self.history.clear()  # its steps belong to the workspace shown before
        self.settings = self.settings.with_recent(str(ws.root))
        self.trees.clear()
        self.show_workspace(ws, app, counts, store, select)
        heap.settle()  # the snapshot lives until the next load: full collections need not walk it
        self.show_live_state()
        self.updater.loaded()
        self.workspace_loaded.emit()

    def show_workspace(
        self, ws: Workspace, app: str, counts: dict[str, AppCounts], store: str | None, select: str | None
    ) -> None:
        """Show a freshly read snapshot: apps, stores, problems; then the chosen store's tree."""
        self.ws = ws
        self.app = app
        box = self.toolbar.app_box
        box.blockSignals(True)
        box.clear()
        for name in ws.apps:
            box.addItem(app_label(name), name)
            box.setItemData(box.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
        box.setCurrentIndex(max(0, list(ws.apps).index(app)) if app in ws.apps else 0)
        box.blockSignals(False)
        stores = self.explorer.stores
        stores.paint_later.hold()
        stores.model.set_stores(ws.stores, counts)
        stores.show_scope(app_label(app))
        for idx in stores.model.with_children():  # each opened as the reset's layout is pending:
            stores.view.expand(idx)  # one layout pass later, not expandAll()'s walk of 800 rows now
        self.problems.panel.model.set_items(ws.diagnostics)
        self.update_problems_button()
        self.explorer.detail.diff.set_stores([(s.id, k) for k, s in ws.stores.items()])
        stores.hint.setText("" if ws.stores else "This workspace has no stores yet (apps/stores/<id>/).")
        key = None
        if store:
            try:
                key = ws.store(store).key
            except resolver.StoreLayersError as exc:
                errors.report(exc)
        if key is None and ws.stores:
            key = next((k for k, s in ws.stores.items() if s.parent is not None), next(iter(ws.stores)))
        self._pending_select = select
        self.idle(f"{len(ws.stores)} stores \u00b7 {len(ws.apps)} apps")
        self.review_link.workspace_loaded(ws)
        self.store_key = None
        if key is not None:
            # two turns later: the store list's layout after its reset (800 rows: 20 ms), its column
            # fit and paint then run in turns of their own, where selecting now made them run here
            QTimer.singleShot(0, lambda: QTimer.singleShot(0, lambda: self._select_first(ws.root, key)))
        else:
            self.explorer.tree.set_tree(build_tree(()), {None: 0}, {None: "base"}, False)

    # ------------------------------------------------------------ store / app / file

    def _select_first(self, root: Path, key: str) -> None:
        """The store a freshly read workspace opens on, unless one was picked meanwhile. The snapshot
        may be a newer one by now (a change on disk, updated meanwhile): the same workspace is enough."""
        ws = self.ws
        if ws is not None and ws.root == root and self.store_key is None and key in ws.stores:
            self.select_store(key)

    def select_store(self, key: str | None) -> None:
        view = self.explorer.stores.view
        idx = self.explorer.stores.model.index_for_key(key)
        if idx.isValid():
            view.selectionModel().setCurrentIndex(
                idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
            view.scrollTo(idx)

    def _store_changed(self, cur: QModelIndex | QPersistentModelIndex, _prev: QModelIndex) -> None:
        # The key from the node itself, not through a QVariant: a QString drops the lone surrogates
        # of a store name that is not UTF-8, and the key would then name no store (or another one).
        model = self.explorer.stores.model
        key = cur.internalPointer().key if cur.isValid() and cur.model() is model else None
        if key is None and cur.isValid() and cur.model() is not model:
            key = cur.data(KeyRole)
        hint = self.explorer.stores.hint
        if key is None:
            if cur.isValid():  # the base row: show the farthest layer through its first store
                hint.setText("The base apps are the farthest layer of every chain. Pick a store to see what it gets.")
            return
        if hint.text():
            hint.setText("")
        if key == self.store_key:
            return
        self.store_key = key
        self.review_link.store_shown(key)
        if self._pending_select is None and self.path:
            self._pending_select = self.path
        if self._follow_framework(key):
            return  # the app changed, which asks for the tree
        self.request_tree()

    def _follow_framework(self, key: str) -> bool:
        """A store whose `deployment.framework` names one frontend is shown in that frontend (SPEC
        rule 13: Alokai never composes the other one for it). True when the app was switched."""
        ws = self.ws
        if ws is None or self.app is None:
            return False
        shipped = ws.config.composed_apps(ws.stores[key].id, ws.apps)
        if self.app in shipped:
            return False
        box = self.toolbar.app_box
        for i in range(box.count()):
            if box.itemData(i) in shipped and box.itemData(i) in FRONTENDS.values():
                box.setCurrentIndex(i)  # _app_changed takes it from here
                return True
        return False

    def _framework_note(self, key: str, app: str) -> str:
        """What the status bar adds when a store's framework filter bears on the shown app."""
        ws = self.ws
        if ws is None or app not in FRONTENDS.values():
            return ""
        s = ws.stores[key]
        framework = ws.config.framework_of(s.id)
        if framework is None:
            return ""
        if app in ws.config.composed_apps(s.id, ws.apps):
            return f" (its deployment.framework is '{framework}': the only frontend Alokai composes for it)"
        return f" \u2014 not composed for {s.id}: its deployment.framework is '{framework}'"

    def _app_changed(self, i: int) -> None:
        app = self.toolbar.app_box.itemData(i)
        if not app or app == self.app or self.ws is None:
            return
        self.app = app
        self.settings = replace(self.settings, app=app)
        self.explorer.stores.show_scope(app_label(app))
        ws = self.ws
        self.tasks.run(
            "counts", lambda: {k: ws.counts(k, app) for k in ws.stores}, self.explorer.stores.model.set_counts
        )
        self.explorer.tree.expanded.clear()
        self.request_tree()

    def _step_app(self, step: int) -> None:
        box = self.toolbar.app_box
        n = box.count()
        if n:
            box.setCurrentIndex((box.currentIndex() + step) % n)

    def tree_flags(self) -> tuple[bool, bool]:
        """(flat, show ignored): what decides how a tree is built."""
        return self.user_actions["flat"].isChecked(), self.user_actions["show_ignored"].isChecked()

    def _flags_changed(self, rebuild: bool) -> None:
        a = self.user_actions
        self.explorer.tree.set_flags(
            a["changes_only"].isChecked(), a["show_ignored"].isChecked(), a["flat"].isChecked()
        )
        if rebuild:
            self.request_tree()

    def depth_names(self) -> tuple[dict[str | None, int], dict[str | None, str]]:
        """Each layer's place in the shown store's chain (1 the store, 2 its parent, ..., 0 the base;
        stores outside the chain are absent), which is what its colour says; and each layer's id."""
        ws = self.ws
        depth: dict[str | None, int] = {None: 0}
        names: dict[str | None, str] = {None: "base"}
        if ws is not None:
            for k, s in ws.stores.items():
                names[k] = s.id
            if self.store_key is not None and self.store_key in ws.stores:
                depth.update(chain_positions(ws.chain(self.store_key)))
        return depth, names

    def request_tree(self) -> None:
        """Show the current store's tree: from the cache at once, else built on a worker."""
        ws, key, app = self.ws, self.store_key, self.app
        if ws is None or key is None or not app:
            return
        flat, show_ignored = self.tree_flags()
        ckey: TreeKey = (key, app, flat, show_ignored)
        self.review_link.busy_elsewhere()
        hit = self.trees.get(ws, ckey)
        if hit is not None:
            self.tasks.cancel("tree")
            self.show_tree(ws, hit)
            return

        opened = () if flat else tuple(self.explorer.tree.expanded)  # made on the worker, not when shown

        def work() -> Built:
            tree = ws.effective_tree(key, app)
            return tree, build_tree(
                tree.files, tree.ignored if show_ignored else (), flat, opened, open_changes=not flat and not opened
            )

        def done(built: Built) -> None:
            if ws is self.ws:
                self.trees.put(ws, ckey, built)
            self.show_tree(ws, built)

        self.status.busy_later("Resolving\u2026", lambda: self.tasks.busy("tree"))
        self.tasks.run("tree", work, done)

    def show_tree(self, ws: Workspace, built: Built, reselect: bool = False) -> None:
        tree, root = built
        key, app = tree.store, tree.app
        if ws is not self.ws or key != self.store_key or app != self.app:
            self.trees.release(root)
            return
        panel = self.explorer.tree
        depth, names = self.depth_names()
        flat = self.tree_flags()[0]
        if not panel.expanded and not flat:
            # a first tree opens down to its changes: opened with the swap, laid out once (each
            # expand() of a laid-out view moves every row below; 56 of them were 20 ms)
            panel.expanded.update(change_folders(root))
        old = panel.set_tree(root, depth, names, flat, findings=self.findings.for_app(app))
        self.explorer.stores.model.set_chain(depth)
        if old is not root:
            self.trees.release(old)
            heap.settle()  # the new tree's nodes (and the resolver's entries) stay a while
        s = ws.stores[key]
        panel.title.setText(f"EFFECTIVE TREE \u00b7 {shown(s.id.upper())} \u00b7 {shown(app_label(app).upper())}")
        self.refresh_legend()
        self.setWindowTitle(f"{shown(s.id)} \u2014 {shown(ws.root.name)} \u2014 Store Layers")
        self.idle(
            f"{s.id}: {len(tree.files):,} files for {app_label(app)}"
            + (f", {len(tree.ignored)} ignored" if tree.ignored else "")
            + self._framework_note(key, app)
        )
        pending = self._pending_select
        self._pending_select = None
        if pending:
            panel.select_path(pending, emit=False)
        if not reselect:  # a new store or app: the cascade and diff follow; a live swap keeps them
            self.file_selected(panel.current_path())
        self.tree_ready.emit()

    def file_selected(self, path: str | None) -> None:
        path = path or None
        self.path = path
        self.update_action_state()
        ws, key, app = self.ws, self.store_key, self.app
        self.review_link.file_shown(key, app, path)
        detail = self.explorer.detail
        if path is None or ws is None or key is None:
            self.tasks.cancel("explain")
            self._slow_cascade.stop()
            detail.cascade.show_empty("Select a file to see every layer that has it.")
            detail.diff.clear("Select a file to compare its layers.")
            return

        detail.diff.cancel()  # the diff of the file shown before must not land on this one

        def shown(expl: Explanation) -> None:
            self._slow_cascade.stop()
            if ws is not self.ws or (key, app, path) != (self.store_key, self.app, self.path):
                return  # another file, store or snapshot is shown by now
            depth, _ = self.depth_names()
            detail.cascade.show_explanation(expl, depth, ws.stores[key].id, self._marks(expl))
            pair = default_pair(expl)
            if pair is None:
                only = next((link.layer for link in expl.chain if link.used), "one layer")
                detail.diff.clear(
                    f"{path} comes from {only} alone: nothing to compare.\n"
                    "Tick two layers in the cascade, or compare with another store."
                )
                return
            self.show_layer_diff(*pair)

        self._slow_cascade.start()
        self.tasks.run("explain", lambda: ws.explain(key, app, path), shown)

    def _marks(self, expl: Explanation) -> tuple[Mark, ...]:
        """The review's findings on the file that wins for the shown store."""
        winner = next((link for link in expl.chain if link.used), None)
        return self.findings.marks(winner.store_key, expl.app, expl.path) if winner is not None else ()

    def show_findings(self, findings: Findings) -> None:
        """A review arrived (or was dropped): its findings go on the tree's files and the cascade."""
        self.findings = findings
        self.explorer.tree.model.set_findings(findings.for_app(self.app))
        cascade = self.explorer.detail.cascade
        expl, ws, key = cascade.expl, self.ws, self.store_key
        if expl is not None and ws is not None and key in ws.stores and self._marks(expl) != cascade.marks:
            cascade.show_explanation(expl, self.depth_names()[0], cascade.store_id, self._marks(expl))

    def _cascade_still_busy(self) -> None:
        if self.tasks.busy("explain") and self.path is not None:
            self.explorer.detail.cascade.show_empty(f"Reading every layer of {self.path}\u2026")

    def show_layer_diff(self, left: ChainLink | None, right: ChainLink | None) -> None:
        ws, app = self.ws, self.app
        if ws is None or left is None or right is None:
            return
        ls, rs = side_for(ws, app, left), side_for(ws, app, right)
        self.explorer.detail.diff.request(lambda: diff_files(ls, rs), self.path or right.source)

    def compare_with_store(self, other_key: str) -> None:
        ws, key, app, path = self.ws, self.store_key, self.app, self.path
        if ws is None or key is None or path is None:
            return
        self.explorer.detail.diff.request(lambda: compare_stores(ws, other_key, key, app, path), path)

    def go_to_location(self, loc: Location) -> None:
        if loc.app != self.app:
            idx = self.toolbar.app_box.findData(loc.app)
            if idx >= 0:
                self._pending_select = loc.path
                self.toolbar.app_box.setCurrentIndex(idx)
        target = loc.store_key or self.store_key
        if target is not None and target != self.store_key:
            self._pending_select = loc.path
            self.select_store(target)
        elif self.tasks.busy("tree"):
            self._pending_select = loc.path  # shown when the tree being built arrives
        elif not self.explorer.tree.select_path(loc.path) and self.ws is not None and self.store_key is not None:
            self.say(f"{loc.path} is not in {self.ws.stores[self.store_key].id}'s effective tree")

    # ------------------------------------------------------------ what the commands see (window_api)

    def say(self, text: str) -> None:
        self.status.say(text)

    def dialog_parent(self) -> QWidget:
        return self

    def shown_file(self) -> ShownFile | None:
        if self.ws is None or self.store_key is None or self.path is None:
            return None
        return ShownFile(self.ws, self.store_key, self.app, self.path)

    def shown_paths(self) -> list[str]:
        """The shown store's paths, from the resolver's (cached) tree: no walk over the model's nodes."""
        ws, key, app = self.ws, self.store_key, self.app
        if ws is None or key is None or not app:
            return []
        tree = ws.effective_tree(key, app)
        paths = [f.path for f in tree.files]
        if self.tree_flags()[1]:
            paths.extend(tree.ignored)
        return paths

    def show_file(self, store_key: str | None, path: str | None) -> None:
        """Show `path` of `store_key` (None: the shown store, the tree's current file)."""
        if store_key is not None and store_key != self.store_key:
            self.select_store(store_key)
        if path is not None:
            self.explorer.tree.select_path(path)
        self.file_selected(path if path is not None else self.explorer.tree.current_path())

    def focus_path(self, path: str) -> None:
        self.explorer.tree.select_path(path)
        self.explorer.tree.view.setFocus()

    def edits_changed(self) -> None:
        self.update_action_state()

    def review_now(self) -> None:
        """Review the window's snapshot now (after a repair: its lists must show the result)."""
        self.review_link.wanted = True
        self.review_link.start_now()

    def _file_repairs(self) -> list[tuple[str, Callable[[], None]]]:
        """The review's repairs for the file shown (a stale, redundant, cosmetic, orphan or hotspot finding)."""
        cur = self.shown_file()
        if cur is None:
            return []
        found = self.review_panel.repairs_at(cur.store_key, cur.app, cur.path)
        return [(text, self._repair_runner(kind, payload)) for text, kind, payload in found]

    def _repair_runner(self, kind: str, payload: object) -> Callable[[], None]:
        return lambda: self.repairs.run(kind, payload)

    def _repair_shown(self) -> None:
        found = self._file_repairs()
        if found:
            found[0][1]()

    def explorer_busy(self) -> bool:
        """A tree, an explanation, a diff or an update is being made."""
        return self.tasks.busy()

    # ------------------------------------------------------------ live updates

    def refresh_paths(self, paths: Iterable[str | os.PathLike[str]], then: Callable[[], None] | None = None) -> None:
        """Apply changes the app itself made, at once (no debounce)."""
        self.updater.refresh_paths(paths, then)

    def update_request(self) -> UpdateRequest | None:
        if self.ws is None:
            return None
        return UpdateRequest(self.ws, (self.store_key or "", self.app, *self.tree_flags()))

    def live_updating(self) -> None:
        self.status.live.setText("\u25cf Updating\u2026")

    def apply_update(self, result: UpdateResult) -> None:
        """A live update's answer (GUI thread): repaint in place, or show the new snapshot afresh."""
        old, new, cs = result.old, result.new, result.changes
        cascade = self.explorer.detail.cascade
        shown = self._shown_touched(result.paths)
        expl_before = cascade.expl
        self.ws = new
        if cs.full and (new.stores != old.stores or new.apps != old.apps):  # a store's kind too
            self.trees.carry(old, new, None)
            app = self.app if self.app in new.apps else ""
            self.show_workspace(new, app, result.counts or {}, self.store_key, self.path)
        elif cs:
            self._repaint(result)
        elif self.tasks.busy("tree"):
            self.trees.carry(old, new, ())
            self.request_tree()  # a tree was being built for the old snapshot
        else:
            self.trees.carry(old, new, ())
        if not cs and new is not old:
            self.review_link.workspace_changed(new)  # an edit in place: cosmetic, redundant, stale may change
        if shown and cascade.expl is expl_before and not self.tasks.busy("explain"):
            self.refresh_shown()  # not shown afresh above: its content changed in place
        self.review_panel.refresh_three_way(new, self._relative(new, result.paths))

    def _relative(self, ws: Workspace, paths: frozenset[str]) -> set[str]:
        """The changed paths, workspace-relative in POSIX spelling (a relative one is kept as it is)."""
        root = os.path.join(str(ws.root), "")
        out: set[str] = set()
        for p in paths:
            if not os.path.isabs(p):
                out.add(p)
                continue
            # below the root, with no segment starting with '.' (such as '..'): the prefix is cut off
            # (os.path.relpath of 10,000 paths is tens of ms)
            clean = p.startswith(root) and os.sep + "." not in p
            out.add((p[len(root) :] if clean else os.path.relpath(p, ws.root)).replace(os.sep, "/"))
        return out

    def _shown_touched(self, paths: frozenset[str]) -> bool:
        """Whether changed paths include a file the cascade or the diff shows (an edit in place changes
        no effective entry, but its size and its diff)."""
        detail = self.explorer.detail
        ws, expl = self.ws, detail.cascade.expl
        if ws is None or self.path is None:
            return False
        changed = {os.path.normpath(p if os.path.isabs(p) else os.path.join(ws.root, p)) for p in paths}
        if detail.diff.shows_any(changed):
            return True
        return expl is not None and any(
            os.path.normpath(os.path.join(ws.root, link.source)) in changed for link in expl.chain if link.source
        )

    def refresh_shown(self) -> None:
        """Show the selected file's cascade (sizes) from the current snapshot and compute its diff again."""
        ws, key, app, path = self.ws, self.store_key, self.app, self.path
        if ws is None or key is None or path is None or key not in ws.stores:
            return
        detail = self.explorer.detail

        def shown(expl: Explanation) -> None:
            if ws is not self.ws or (key, app, path) != (self.store_key, self.app, self.path):
                return  # another file, store or snapshot is shown by now
            depth, _ = self.depth_names()
            detail.cascade.show_explanation(expl, depth, ws.stores[key].id, self._marks(expl))
            detail.diff.rerun()

        self.tasks.run("explain", lambda: ws.explain(key, app, path), shown)

    def update_applied(self) -> None:
        self.update_action_state()
        self.updated.emit()

    def _repaint(self, result: UpdateResult) -> None:
        old, new, cs, built = result.old, result.new, result.changes, result.built
        panel = self.explorer.tree
        touched = None if cs.full else {(e.store, e.app) for e in cs.entries}
        self.trees.carry(old, new, touched)
        self.explorer.stores.model.set_counts(result.counts or {})
        shown = (self.store_key, self.app, *self.tree_flags())
        mine = [] if cs.full else [e for e in cs.entries if e.store == self.store_key and e.app == self.app]
        if built is not None and tuple(result.tree) == shown:
            self.trees.put(new, result.tree, built)
            self.show_tree(new, built, reselect=True)
            shown_changed = cs.full or any(e.path == self.path for e in mine)
            if self.path is not None and shown_changed and panel.current_path() == self.path:
                self.file_selected(self.path)  # the file shown changed too: its cascade and diff follow
        elif cs.full or len(mine) > PATCH_MAX or self.tasks.busy("tree"):
            self.request_tree()
        elif mine:
            panel.apply([(e.path, e.after, e.is_ignored) for e in mine], self.tree_flags()[1])
            self.refresh_legend()
            if self.path is not None and any(e.path == self.path for e in mine):
                self.file_selected(self.path)
        self.problems.panel.model.set_items(new.diagnostics)
        self.update_problems_button()
        self.review_link.workspace_changed(new)

    def _watch_state(self, *_state: str) -> None:
        if self._scan_after_watch is not None and not self.watcher.starting:
            self._start_scan()
        heap.settle()  # the watcher's thousands of watches live as long as the workspace
        if not self.updater.busy:
            self.show_live_state()

    def show_live_state(self, *_state: str) -> None:
        """The status bar's watching state: live, polling (the system's watch limit ran out) or off."""
        mode, detail = self.watcher.mode, self.watcher.detail
        if not self.watching or (mode == "off" and detail):  # off with no reason yet: still starting
            text, tip = "Not watching", detail or "File watching is unavailable: changes on disk show after Reload"
        elif mode == "polling":
            text, tip = "\u25cf Live (polling)", detail
        else:
            text, tip = "\u25cf Live", "Changes on disk show here within a second"
            note = self.watcher.adapters_note()
            if note:
                tip += f"\n(watchdog adapters not applied: {note})"
        self.status.set_live(text, tip)

    def refresh_legend(self) -> None:
        ws, key = self.ws, self.store_key
        if ws is None or key is None:
            return
        depth, _ = self.depth_names()
        root = self.explorer.tree.model.root
        self.explorer.tree.legend.set_scope(shown(ws.stores[key].id), app_label(self.app))
        self.explorer.tree.legend.set_layers(
            [(k, ws.layer_id(k), depth.get(k, 0), root.layers.get(k, 0)) for k in ws.chain(key)]
        )

    # ------------------------------------------------------------ look and state

    def busy(self, text: str) -> None:
        self.status.busy(text)

    def idle(self, text: str) -> None:
        self.status.idle(text)

    def update_problems_button(self) -> None:
        diagnostics: Sequence[resolver.Diagnostic] = self.ws.diagnostics if self.ws else ()
        errs = sum(1 for d in diagnostics if d.level.value == "error")
        n = errs + sum(1 for d in diagnostics if d.level.value == "warning")  # a note is not a problem
        notes = len(diagnostics) - n
        problems = self.user_actions["problems"]
        problems.setText(plural(n, "problem") if n else (plural(notes, "note") if notes else "No problems"))
        colour = Theme.current().color("level.error" if errs else ("level.warning" if n else "text.dim"))
        problems.setIcon(icons.icon("problems", colour))  # dim when only notes are left

    def update_action_state(self) -> None:
        a = self.user_actions
        cur = self.shown_file()
        has_file = cur is not None
        own = cur is not None and cur.ws.key(cur.path) in cur.ws.layer(cur.store_key, cur.app).files
        a["override"].setEnabled(has_file)
        a["remove"].setEnabled(own)
        a["edit"].setEnabled(has_file)
        a["reveal"].setEnabled(has_file)
        a["copy_path"].setEnabled(has_file)
        h = self.history
        a["undo"].setEnabled(h.can_undo)
        a["undo"].setToolTip(f"Undo: {h.undo_label()}  (Ctrl+Z)" if h.can_undo else "Nothing to undo")
        a["redo"].setEnabled(h.can_redo)
        a["redo"].setToolTip(f"Redo: {h.redo_label()}  (Ctrl+Shift+Z)" if h.can_redo else "Nothing to redo")
        found = self._file_repairs()
        a["repair"].setEnabled(bool(found))
        a["repair"].setText(found[0][0] if found else "Re&pair This File\u2026")

    def set_diff_mode(self, on: bool) -> None:
        if on:
            self.show_view("explorer")
        self.explorer.set_diff_layout(on)
        if self.user_actions["diff_mode"].isChecked() != on:
            self.user_actions["diff_mode"].setChecked(on)

    def set_theme(self, choice: str) -> None:
        self.settings = replace(self.settings, theme=choice)
        if self._apply_theme is not None:
            self._apply_theme(choice)
        self.retheme()

    def retheme(self) -> None:
        icons.clear_cache()
        self.user_actions.refresh_icons()
        ex = self.explorer
        ex.tree.legend.refresh_icons()
        for name, ch in (("theme_system", "system"), ("theme_light", "light"), ("theme_dark", "dark")):
            self.user_actions[name].setChecked(self.settings.theme == ch)
        self.update_problems_button()
        self.refresh_legend()
        ex.stores.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)
        if self.path is not None:
            self.file_selected(self.path)
        self.review_panel.retheme()
        for view in (ex.stores.view, ex.tree.view, self.problems.panel.view):
            view.viewport().update()
        ex.detail.diff.canvas.viewport().update()

    def dragEnterEvent(self, e: QDragEnterEvent) -> None:
        urls = e.mimeData().urls()
        if urls and urls[0].isLocalFile() and Path(urls[0].toLocalFile()).is_dir():
            e.acceptProposedAction()

    def dropEvent(self, e: QDropEvent) -> None:
        urls = e.mimeData().urls()
        if urls and urls[0].isLocalFile():
            e.acceptProposedAction()
            self.open_workspace(urls[0].toLocalFile())

    def restore_layout(self) -> bool:
        """Put back the saved window geometry, docks and splits; False when no geometry was put back."""
        s = self.settings
        restored = bool(s.geometry) and self.restoreGeometry(s.geometry)
        if s.state:
            self.restoreState(s.state)
        if s.splitter:
            self.explorer.restoreState(s.splitter)
        return restored

    def save(self) -> None:
        self.settings = GuiSettings(
            self.settings.recent,
            self.settings.theme,
            bytes(self.saveGeometry().data()),
            bytes(self.saveState().data()),
            bytes(self.explorer.saveState().data()),
            self.app,
            self._store_id(),
            self.path or "",
            self.settings.hint_seen,
        )
        save_settings(self.settings)

    def _store_id(self) -> str:
        """The shown store's id ("" for none), remembered for the next start."""
        key, ws = self.store_key, self.ws
        return ws.stores[key].id if ws is not None and key is not None and key in ws.stores else ""

    def closeEvent(self, e: QCloseEvent) -> None:
        self.watcher.stop()
        self.save()
        self.review_link.timer.stop()  # no review starts now
        self.review_panel.stop()  # one running stops at its next store
        self.tasks.close(3000)  # nothing starts any more: the window's pools are deleted with it
        self.review_panel.tasks.close(10000)
        super().closeEvent(e)


def _default_app(apps: Sequence[str]) -> str:
    for pref in ("storefront-unified-nextjs", "storefront-unified-nuxt"):
        if pref in apps:
            return pref
    return apps[0] if apps else ""
