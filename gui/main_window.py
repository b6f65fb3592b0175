"""The main window: the explorer (stores | effective tree | cascade over diff) and the review view
beside it, with live updates.

The window holds one `Workspace` snapshot at a time. Everything slow (loading, effective trees,
incremental updates, diffs, the review) runs through `Tasks`; answers are shown as the resolver
gives them. Widgets are made in `window_layout`, live updates run in `updates`, and the review
view is wired to the explorer in `review_link`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMainWindow
from storelayers import resolver
from storelayers.gui import errors, heap, icons, layer_ops, panes, window_layout
from storelayers.gui.actions import Actions
from storelayers.gui.live import LiveWatcher
from storelayers.gui.review_link import ReviewLink
from storelayers.gui.settings import GuiSettings, load_settings, save_settings
from storelayers.gui.store_model import KeyRole
from storelayers.gui.tasks import Progress, Tasks
from storelayers.gui.text import plural
from storelayers.gui.theme import Theme
from storelayers.gui.tree_cache import Built, TreeCache
from storelayers.gui.tree_model import build_tree
from storelayers.gui.tree_panel import split_sizes
from storelayers.gui.updates import Updater
from storelayers.resolver import Workspace
from storelayers.resolver.diff import compare_stores, default_pair, diff_files, side_for
from storelayers.resolver.locate import Location

APP_NAMES = {
    "storefront-unified-nextjs": "Next.js",
    "storefront-unified-nuxt": "Nuxt",
    "storefront-middleware": "Middleware",
    "playwright": "Playwright",
}


BUSY_AFTER_MS = 200
"""A store's tree usually arrives within this: the status bar's busy bar shows only after it (showing
and hiding it lays the status bar and the window out again, a few ms of every store switch)."""


def app_label(app: str) -> str:
    return APP_NAMES.get(app, app)


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
        self._scan = 0  # which load the progress bar follows
        self._scan_after_watch = None  # (scan, root, store, select) waiting for the watches to be set up
        self.undo_record = None
        self.watching = False
        self.setWindowTitle("Store Layers")
        self.setWindowIcon(icons.icon("logo", "#000000", 32))
        self.setAcceptDrops(True)
        self.actions = Actions(self)
        self.updater = Updater(self)
        self.watcher = LiveWatcher(self.updater.on_changes, parent=self)
        self.scan_progress = Progress(self)
        self._busy_later = QTimer(self)  # shows "Resolving..." only for trees that take a while
        self._busy_later.setSingleShot(True)
        self._busy_later.setInterval(BUSY_AFTER_MS)
        self._busy_later.timeout.connect(lambda: self.tasks.busy("tree") and self.busy("Resolving\u2026"))
        window_layout.build(self)
        self.trees = TreeCache(lambda: self.tree_panel.model.root)
        self.review_link = ReviewLink(self)
        self._connect()
        self.panes = panes.install(self)  # View toggles for every pane, Reset Layout, Ctrl+1..3 show what they focus
        self.update_action_state()

    @property
    def _updating(self) -> bool:  # kept for scripts that poll it (benchmarks)
        return self.updater.busy

    def _connect(self) -> None:
        a = self.actions
        a["open"].triggered.connect(self.choose_workspace)
        a["open_demo"].triggered.connect(self.open_demo)
        a["reload"].triggered.connect(lambda: self.ws and self.open_workspace(self.ws.root, self.store_key, self.path))
        a["quit"].triggered.connect(self.close)
        a["goto"].triggered.connect(lambda: layer_ops.go_to_file(self))
        a["focus_stores"].triggered.connect(lambda: self._focus(self.store_view))
        a["focus_tree"].triggered.connect(lambda: self._focus(self.tree_panel.view))
        a["focus_diff"].triggered.connect(lambda: self._focus(self.diff_panel.canvas))
        a["show_explorer"].triggered.connect(lambda: self.show_view("explorer"))
        a["show_review"].triggered.connect(lambda: self.show_view("review"))
        a["next_app"].triggered.connect(lambda: self._step_app(1))
        a["prev_app"].triggered.connect(lambda: self._step_app(-1))
        a["next_change"].triggered.connect(self.diff_panel.canvas.next_change)
        a["prev_change"].triggered.connect(self.diff_panel.canvas.previous_change)
        a["filter"].triggered.connect(self._filter)
        a["changes_only"].toggled.connect(lambda _on: self._flags_changed(rebuild=False))
        a["flat"].toggled.connect(lambda _on: self._flags_changed(rebuild=True))
        a["show_ignored"].toggled.connect(lambda _on: self._flags_changed(rebuild=True))
        a["expand_changes"].triggered.connect(self.tree_panel.expand_to_changes)
        a["collapse_all"].triggered.connect(self.tree_panel.collapse_all)
        a["diff_mode"].toggled.connect(self.set_diff_mode)
        a["problems"].toggled.connect(self.problems_dock.setVisible)
        self.problems_dock.visibilityChanged.connect(a["problems"].setChecked)
        for name, choice in (("theme_system", "system"), ("theme_light", "light"), ("theme_dark", "dark")):
            a[name].triggered.connect(lambda _c=False, ch=choice: self.set_theme(ch))
        a["override"].triggered.connect(lambda: layer_ops.override(self))
        a["remove"].triggered.connect(lambda: layer_ops.remove(self))
        a["undo"].triggered.connect(lambda: layer_ops.undo(self))
        a["edit"].triggered.connect(lambda: layer_ops.open_winner(self))
        a["reveal"].triggered.connect(lambda: layer_ops.reveal_winner(self))
        a["copy_path"].triggered.connect(lambda: layer_ops.copy_path(self))
        a["help"].triggered.connect(lambda: layer_ops.show_help(self))
        a["about"].triggered.connect(lambda: layer_ops.show_about(self))
        self.store_view.selectionModel().currentRowChanged.connect(self._store_changed)
        self.app_box.currentIndexChanged.connect(self._app_changed)
        self.tree_panel.selected.connect(self.file_selected)
        self.tree_panel.view.delete_pressed.connect(lambda: a["remove"].isEnabled() and a["remove"].trigger())
        self.tree_panel.activated.connect(lambda _p: self.diff_panel.canvas.setFocus())
        self.tree_panel.view.customContextMenuRequested.connect(lambda pos: layer_ops.context_menu(self, pos))
        self.cascade.open_requested.connect(lambda link: layer_ops.open_link(self, link))
        self.cascade.reveal_requested.connect(lambda link: layer_ops.reveal_link(self, link))
        self.cascade.diff_requested.connect(self.show_layer_diff)
        self.diff_panel.compare_store_requested.connect(self.compare_with_store)
        self.problems.go_to.connect(lambda d: layer_ops.go_to_diagnostic(self, d))
        self.scan_progress.changed.connect(self._scan_progress)
        if hasattr(self.watcher, "state_changed"):
            self.watcher.state_changed.connect(self._watch_state)

    # ------------------------------------------------------------ views

    def show_view(self, name: str) -> None:
        """'explorer' or 'review'."""
        review = name == "review"
        self.views.setCurrentWidget(self.review_panel if review else self.explorer)
        self.actions["show_review" if review else "show_explorer"].setChecked(True)
        window_layout.show_explorer_tools(self, not review)
        if review:
            self.review_panel.tabs.currentWidget().setFocus()

    @property
    def view(self) -> str:
        return "review" if self.views.currentWidget() is self.review_panel else "explorer"

    def _focus(self, widget) -> None:
        self.show_view("explorer")
        widget.setFocus()

    def _filter(self) -> None:
        self.show_view("explorer")
        self.tree_panel.search.setFocus()
        self.tree_panel.search.selectAll()

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
        m = self.recent_menu
        m.clear()
        for p in self.settings.recent:
            act = m.addAction(p)
            act.triggered.connect(lambda _c=False, path=p: self.open_workspace(path))
        if not self.settings.recent:
            m.addAction("No recent workspaces").setEnabled(False)

    def open_workspace(self, path, store: str | None = None, select: str | None = None) -> bool:
        """Start reading a workspace; the window stays responsive and fills in when the scan ends."""
        try:
            root = resolver.check_workspace(path)
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
        self.ws_label.setText(root.name)
        self.ws_label.setToolTip(str(root))
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
        report = self.scan_progress.reporter(scan)

        def work():
            ws = resolver.load(root, progress=report)
            app = app_pref if app_pref in ws.apps else _default_app(ws.apps)
            counts = {k: ws.counts(k, app) for k in ws.stores} if app else {}
            _ = ws.diagnostics  # computed here, off the GUI thread
            return ws, app, counts

        self.tasks.run("load", work, lambda r: self._loaded(r, store, select), self._load_failed)

    def _scan_progress(self, scan: int, done: int, total: int) -> None:
        if scan != self._scan or not self.tasks.busy("load"):
            return
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        name = self.ws_label.text()
        if done < total:
            self.status_text.setText(
                f"Scanning {name}\u2026 {done * 100 // max(1, total)}%  ({done:,} of {total:,} layer folders)"
            )
        else:
            self.status_text.setText(f"Resolving {name}\u2026")
            self.progress.setRange(0, 0)

    def _load_failed(self, exc: BaseException) -> None:
        self.idle("Could not open the workspace")
        if self.ws is not None:  # the workspace still shown stays live, and the title says it is the one shown
            self.ws_label.setText(self.ws.root.name)
            self.ws_label.setToolTip(str(self.ws.root))
            self.watching = self.watcher.start(str(self.ws.root))
        else:
            self.watcher.stop()  # it was watching the folder that could not be read
            self.watching = False
        self.updater.reset()  # changes seen meanwhile were the unreadable folder's
        errors.report(exc)

    def _loaded(self, result, store: str | None, select: str | None) -> None:
        ws, app, counts = result
        self.settings = self.settings.with_recent(str(ws.root))
        self.trees.clear()
        self.show_workspace(ws, app, counts, store, select)
        heap.settle()  # the snapshot lives until the next load: full collections need not walk it
        self.show_live_state()
        self.updater.loaded()
        self.workspace_loaded.emit()

    def show_workspace(self, ws: Workspace, app: str, counts, store: str | None, select: str | None) -> None:
        """Show a freshly read snapshot: apps, stores, problems; then the chosen store's tree."""
        self.ws = ws
        self.app = app
        self.app_box.blockSignals(True)
        self.app_box.clear()
        for name in ws.apps:
            self.app_box.addItem(app_label(name), name)
            self.app_box.setItemData(self.app_box.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
        self.app_box.setCurrentIndex(max(0, list(ws.apps).index(app)) if app in ws.apps else 0)
        self.app_box.blockSignals(False)
        self.store_model.set_stores(ws.stores, counts)
        self.store_view.expandAll()
        self.problems.model.set_items(ws.diagnostics)
        self.update_problems_button()
        self.diff_panel.set_stores([(s.id, k) for k, s in ws.stores.items()])
        self.store_hint.setText("" if ws.stores else "This workspace has no stores yet (apps/stores/<id>/).")
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
            self.select_store(key)
        else:
            self.tree_panel.set_tree(build_tree(()), {None: 0}, {None: "base"}, False)

    # ------------------------------------------------------------ store / app / file

    def select_store(self, key: str | None) -> None:
        idx = self.store_model.index_for_key(key)
        if idx.isValid():
            self.store_view.selectionModel().setCurrentIndex(
                idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
            self.store_view.scrollTo(idx)

    def _store_changed(self, cur: QModelIndex, _prev: QModelIndex) -> None:
        # The key from the node itself, not through a QVariant: a QString drops the lone surrogates
        # of a store name that is not UTF-8, and the key would then name no store (or another one).
        key = cur.internalPointer().key if cur.isValid() and cur.model() is self.store_model else None
        if key is None and cur.isValid() and cur.model() is not self.store_model:
            key = cur.data(KeyRole)
        if key is None:
            if cur.isValid():  # the base row: show the farthest layer through its first store
                self.store_hint.setText(
                    "The base apps are the farthest layer of every chain. Pick a store to see what it gets."
                )
            return
        if self.store_hint.text():
            self.store_hint.setText("")
        if key == self.store_key:
            return
        self.store_key = key
        self.review_link.store_shown(key)
        if self._pending_select is None and self.path:
            self._pending_select = self.path
        self.request_tree()

    def _app_changed(self, i: int) -> None:
        app = self.app_box.itemData(i)
        if not app or app == self.app or self.ws is None:
            return
        self.app = app
        self.settings = replace(self.settings, app=app)
        ws = self.ws
        self.tasks.run("counts", lambda: {k: ws.counts(k, app) for k in ws.stores}, self.store_model.set_counts)
        self.tree_panel.expanded.clear()
        self.request_tree()

    def _step_app(self, step: int) -> None:
        n = self.app_box.count()
        if n:
            self.app_box.setCurrentIndex((self.app_box.currentIndex() + step) % n)

    def tree_flags(self) -> tuple[bool, bool]:
        """(flat, show ignored): what decides how a tree is built."""
        return self.actions["flat"].isChecked(), self.actions["show_ignored"].isChecked()

    def _flags_changed(self, rebuild: bool) -> None:
        a = self.actions
        self.tree_panel.set_flags(a["changes_only"].isChecked(), a["show_ignored"].isChecked(), a["flat"].isChecked())
        if rebuild:
            self.request_tree()

    def depth_names(self) -> tuple[dict, dict]:
        ws = self.ws
        depth: dict = {None: 0}
        names: dict = {None: "base"}
        if ws is not None:
            for k, s in ws.stores.items():
                depth[k] = s.depth
                names[k] = s.id
        return depth, names

    def request_tree(self) -> None:
        """Show the current store's tree: from the cache at once, else built on a worker."""
        ws, key, app = self.ws, self.store_key, self.app
        if ws is None or key is None or not app:
            return
        flat, show_ignored = self.tree_flags()
        ckey = (key, app, flat, show_ignored)
        self.review_link.busy_elsewhere()
        hit = self.trees.get(ws, ckey)
        if hit is not None:
            self.tasks.cancel("tree")
            self.show_tree(ws, hit)
            return

        def work() -> Built:
            tree = ws.effective_tree(key, app)
            return tree, build_tree(tree.files, tree.ignored if show_ignored else (), flat)

        def done(built: Built) -> None:
            if ws is self.ws:
                self.trees.put(ws, ckey, built)
            self.show_tree(ws, built)

        self._busy_later.start()
        self.tasks.run("tree", work, done)

    def show_tree(self, ws: Workspace, built: Built, reselect: bool = False) -> None:
        tree, root = built
        key, app = tree.store, tree.app
        if ws is not self.ws or key != self.store_key or app != self.app:
            self.trees.release(root)
            return
        depth, names = self.depth_names()
        first = not self.tree_panel.expanded
        flat = self.tree_flags()[0]
        old = self.tree_panel.set_tree(root, depth, names, flat)
        if old is not root:
            self.trees.release(old)
            heap.settle()  # the new tree's nodes (and the resolver's entries) stay a while
        if first and not flat:
            self.tree_panel.expand_to_changes()
        s = ws.stores[key]
        self.tree_panel.title.setText(f"EFFECTIVE TREE \u00b7 {s.id.upper()} \u00b7 {app_label(app).upper()}")
        self.refresh_legend()
        self.setWindowTitle(f"{s.id} \u2014 {ws.root.name} \u2014 Store Layers")
        self.idle(
            f"{s.id}: {len(tree.files):,} files for {app}" + (f", {len(tree.ignored)} ignored" if tree.ignored else "")
        )
        pending = self._pending_select
        self._pending_select = None
        if pending:
            self.tree_panel.select_path(pending, emit=False)
        if not reselect:  # a new store or app: the cascade and diff follow; a live swap keeps them
            self.file_selected(self.tree_panel.current_path())
        self.tree_ready.emit()

    def file_selected(self, path: str | None) -> None:
        path = path or None
        self.path = path
        self.update_action_state()
        ws, key, app = self.ws, self.store_key, self.app
        self.review_link.file_shown(key, app, path)
        if path is None or ws is None or key is None:
            self.cascade.show_empty("Select a file to see every layer that has it.")
            self.diff_panel.clear("Select a file to compare its layers.")
            return
        expl = ws.explain(key, app, path)
        depth, _ = self.depth_names()
        self.cascade.show_explanation(expl, depth, ws.stores[key].id)
        pair = default_pair(expl)
        if pair is None:
            only = next((link.layer for link in expl.chain if link.used), "one layer")
            self.diff_panel.clear(
                f"{path} comes from {only} alone: nothing to compare.\n"
                "Tick two layers in the cascade, or compare with another store."
            )
            return
        self.show_layer_diff(*pair)

    _file_selected = file_selected  # the name layer_ops and older scripts use

    def show_layer_diff(self, left, right) -> None:
        ws, app = self.ws, self.app
        if ws is None or left is None or right is None:
            return
        ls, rs = side_for(ws, app, left), side_for(ws, app, right)
        self.diff_panel.request(lambda: diff_files(ls, rs), self.path or right.source)

    def compare_with_store(self, other_key: str) -> None:
        ws, key, app, path = self.ws, self.store_key, self.app, self.path
        if ws is None or key is None or path is None:
            return
        self.diff_panel.request(lambda: compare_stores(ws, other_key, key, app, path), path)

    def go_to_location(self, loc: Location) -> None:
        if loc.app != self.app:
            idx = self.app_box.findData(loc.app)
            if idx >= 0:
                self._pending_select = loc.path
                self.app_box.setCurrentIndex(idx)
        target = loc.store_key or self.store_key
        if target is not None and target != self.store_key:
            self._pending_select = loc.path
            self.select_store(target)
        elif self.tasks.busy("tree"):
            self._pending_select = loc.path  # shown when the tree being built arrives
        elif not self.tree_panel.select_path(loc.path) and self.ws is not None and self.store_key is not None:
            self.status_text.setText(f"{loc.path} is not in {self.ws.stores[self.store_key].id}'s effective tree")

    # ------------------------------------------------------------ live updates

    def refresh_paths(self, paths, then: Callable[[], None] | None = None) -> None:
        """Apply changes the app itself made, at once (no debounce)."""
        self.updater.refresh_paths(paths, then)

    def _watch_state(self, *_state) -> None:
        if self._scan_after_watch is not None and not self.watcher.starting:
            self._start_scan()
        heap.settle()  # the watcher's thousands of watches live as long as the workspace
        if not self.updater.busy:
            self.show_live_state()

    def show_live_state(self, *_state) -> None:
        """The status bar's watching state: live, polling (the system's watch limit ran out) or off."""
        mode = getattr(self.watcher, "mode", "native")
        detail = getattr(self.watcher, "detail", "")
        if not self.watching or (mode == "off" and detail):  # off with no reason yet: still starting
            text, tip = "Not watching", detail or "File watching is unavailable: changes on disk show after Reload"
        elif mode == "polling":
            text, tip = "\u25cf Live (polling)", detail
        else:
            text, tip = "\u25cf Live", "Changes on disk show here within a second"
        self.live_label.setText(text)
        self.live_label.setToolTip(tip)

    def refresh_legend(self) -> None:
        ws, key = self.ws, self.store_key
        if ws is None or key is None:
            return
        depth, _ = self.depth_names()
        root = self.tree_panel.model.root
        self.tree_panel.legend.set_layers(
            [(k, ws.layer_id(k), depth.get(k, 0), root.layers.get(k, 0)) for k in ws.chain(key)]
        )

    # ------------------------------------------------------------ look and state

    def busy(self, text: str) -> None:
        self._busy_later.stop()
        self.status_text.setText(text)
        self.progress.setRange(0, 0)
        self.progress.show()

    def idle(self, text: str) -> None:
        self._busy_later.stop()
        self.status_text.setText(text)
        self.progress.hide()

    def update_problems_button(self) -> None:
        n = len(self.ws.diagnostics) if self.ws else 0
        errs = sum(1 for d in self.ws.diagnostics if d.level.value == "error") if self.ws else 0
        self.actions["problems"].setText(plural(n, "problem") if n else "No problems")
        colour = Theme.current().color("level.error" if errs else ("level.warning" if n else "text.dim"))
        self.actions["problems"].setIcon(icons.icon("problems", colour))

    def update_action_state(self) -> None:
        a = self.actions
        has_file = self.path is not None and self.ws is not None and self.store_key is not None
        a["override"].setEnabled(has_file)
        own = False
        if has_file:
            own = self.ws.key(self.path) in self.ws.layer(self.store_key, self.app).files
        a["remove"].setEnabled(own)
        a["edit"].setEnabled(has_file)
        a["reveal"].setEnabled(has_file)
        a["copy_path"].setEnabled(has_file)
        a["undo"].setEnabled(self.undo_record is not None)

    _update_action_state = update_action_state  # the name layer_ops uses

    def set_diff_mode(self, on: bool) -> None:
        if on:
            self.show_view("explorer")
        self.stores_panel.setVisible(not on)
        total = max(1, self.split.width())
        if on:
            self.split.setSizes([0, int(total * 0.28), int(total * 0.72)])
            top = min(self.cascade.fit_height(2), max(150, self.right.height() // 3))  # the two layers compared
            self.right.setSizes([top, max(300, self.right.height() - top)])
        else:
            self.split.setSizes(split_sizes(total, self.split))
        if self.actions["diff_mode"].isChecked() != on:
            self.actions["diff_mode"].setChecked(on)

    def set_theme(self, choice: str) -> None:
        self.settings = replace(self.settings, theme=choice)
        if self._apply_theme is not None:
            self._apply_theme(choice)
        self.retheme()

    def retheme(self) -> None:
        icons.clear_cache()
        self.actions.refresh_icons()
        self.tree_panel.legend.refresh_icons()
        for name, ch in (("theme_system", "system"), ("theme_light", "light"), ("theme_dark", "dark")):
            self.actions[name].setChecked(self.settings.theme == ch)
        self.update_problems_button()
        self.refresh_legend()
        self.store_model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)
        if self.path is not None:
            self.file_selected(self.path)
        self.review_panel.retheme()
        for view in (self.store_view, self.tree_panel.view, self.problems.view):
            view.viewport().update()
        self.diff_panel.canvas.viewport().update()

    def dragEnterEvent(self, e: QDragEnterEvent) -> None:
        urls = e.mimeData().urls()
        if urls and urls[0].isLocalFile() and Path(urls[0].toLocalFile()).is_dir():
            e.acceptProposedAction()

    def dropEvent(self, e: QDropEvent) -> None:
        urls = e.mimeData().urls()
        if urls and urls[0].isLocalFile():
            e.acceptProposedAction()
            self.open_workspace(urls[0].toLocalFile())

    def restore_layout(self) -> None:
        s = self.settings
        if s.geometry:
            self.restoreGeometry(s.geometry)
        if s.state:
            self.restoreState(s.state)
        if s.splitter:
            self.split.restoreState(s.splitter)

    def save(self) -> None:
        self.settings = GuiSettings(
            self.settings.recent,
            self.settings.theme,
            bytes(self.saveGeometry().data()),
            bytes(self.saveState().data()),
            bytes(self.split.saveState().data()),
            self.app,
            self._store_id(),
            self.path or "",
        )
        save_settings(self.settings)

    def _store_id(self) -> str:
        """The shown store's id ("" for none), remembered for the next start."""
        key, ws = self.store_key, self.ws
        return ws.stores[key].id if ws is not None and key is not None and key in ws.stores else ""

    def closeEvent(self, e: QCloseEvent) -> None:
        self.watcher.stop()
        self.save()
        self.tasks.wait(3000)
        self.review_panel.tasks.wait(3000)
        super().closeEvent(e)


def _default_app(apps) -> str:
    for pref in ("storefront-unified-nextjs", "storefront-unified-nuxt"):
        if pref in apps:
            return pref
    return apps[0] if apps else ""
