"""The main window: stores | effective tree | cascade over diff, with live updates.

The window holds one `Workspace` snapshot at a time. Everything slow (loading, effective trees,
incremental updates, diffs) runs through `Tasks`; answers are shown as the resolver gives them.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QHeaderView,
    QLabel,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QToolBar,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

import resolver
from resolver import Workspace
from resolver.diff import compare_stores, default_pair, diff_files, side_for
from resolver.locate import Location, locate

from . import errors, icons, layer_ops
from .actions import MENUS, SPECS, Actions
from .cascade import CascadePanel
from .delegates import StoreDelegate
from .diff_panel import DiffPanel
from .live import LiveWatcher
from .problems import ProblemsPanel
from .settings import GuiSettings, load_settings, save_settings
from .store_model import KeyRole, StoreModel
from .tasks import Tasks
from .theme import Theme
from .tree_model import build_tree

APP_NAMES = {
    "storefront-unified-nextjs": "Next.js",
    "storefront-unified-nuxt": "Nuxt",
    "storefront-middleware": "Middleware",
    "playwright": "Playwright",
}
RELOAD_ABOVE = 2000  # more changed paths than this: read the workspace afresh instead of patching
BIG_CHANGE = 300  # more changed entries than this for the shown store: rebuild on a worker instead of patching


def app_label(app: str) -> str:
    return APP_NAMES.get(app, app)


class MainWindow(QMainWindow):
    workspace_loaded = Signal()
    tree_ready = Signal()
    updated = Signal()  # a live update has been applied

    def __init__(self, settings: Optional[GuiSettings] = None, sync: bool = False,
                 apply_theme: Optional[Callable[[str], None]] = None) -> None:
        super().__init__()
        self.settings = settings or load_settings()
        self._apply_theme = apply_theme
        self.tasks = Tasks(errors.report, self, sync=sync)
        self.ws: Optional[Workspace] = None
        self.store_key: Optional[str] = None
        self.app: str = ""
        self.path: Optional[str] = None
        self._pending_select: Optional[str] = None
        self._updating = False
        self._queued: set[str] = set()
        self._after_update: list[Callable[[], None]] = []
        self.undo_record = None
        self.watching = False
        self.setWindowTitle("Store Layers")
        self.setWindowIcon(icons.icon("logo", "#000000", 32))
        self.setAcceptDrops(True)
        self.actions = Actions(self)
        self.watcher = LiveWatcher(self._on_fs_changes, parent=self)
        self._build()
        self._connect()
        self._update_action_state()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        a = self.actions
        menus = {name: self.menuBar().addMenu(name) for name in MENUS}
        self.recent_menu = None
        for spec in SPECS:
            m = menus[spec.menu]
            if spec.name == "open_demo":
                self.recent_menu = m.addMenu("Open &Recent")
                self.recent_menu.aboutToShow.connect(self._fill_recent)
            if spec.name in ("reload", "quit", "next_change", "filter", "diff_mode", "theme_system", "undo", "about", "focus_stores"):
                m.addSeparator()
            m.addAction(a[spec.name])
        tb = QToolBar("Main")
        tb.setObjectName("MainToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.addToolBar(tb)
        self.ws_label = QLabel("")
        self.ws_label.setStyleSheet("font-weight:600; padding: 0 8px 0 4px;")
        logo = QLabel()
        logo.setPixmap(icons.pixmap("logo", "#000000", 20))
        tb.addWidget(logo)
        tb.addWidget(self.ws_label)
        tb.addAction(a["open"])
        tb.addSeparator()
        app_caption = QLabel("App")
        app_caption.setObjectName("Muted")
        app_caption.setStyleSheet("padding: 0 4px 0 8px;")
        tb.addWidget(app_caption)
        self.app_box = QComboBox()
        self.app_box.setMinimumWidth(150)
        self.app_box.setToolTip("The app whose layers you see (Ctrl+] / Ctrl+[)")
        tb.addWidget(self.app_box)
        tb.addSeparator()
        for name in ("changes_only", "flat", "expand_changes"):
            tb.addAction(a[name])
        tb.addSeparator()
        for name in ("override", "remove", "undo"):
            tb.addAction(a[name])
            btn = tb.widgetForAction(a[name])
            if isinstance(btn, QToolButton):
                btn.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        a["override"].setIconText("Override")
        a["remove"].setIconText("Remove")
        a["undo"].setIconText("Undo")
        spacer = QWidget()
        spacer.setSizePolicy(spacer.sizePolicy().horizontalPolicy().Expanding, spacer.sizePolicy().verticalPolicy().Preferred)
        tb.addWidget(spacer)
        for name in ("goto", "diff_mode", "problems", "help"):
            tb.addAction(a[name])

        # stores
        self.stores_panel = QWidget()
        self.stores_panel.setObjectName("Panel")
        sv = QVBoxLayout(self.stores_panel)
        sv.setContentsMargins(0, 0, 0, 0)
        sv.setSpacing(0)
        self.store_model = StoreModel(self)
        self.store_view = QTreeView()
        self.store_view.setModel(self.store_model)
        self.store_view.setItemDelegateForColumn(0, StoreDelegate(self.store_view))
        self.store_view.setUniformRowHeights(True)
        self.store_view.setIndentation(14)
        self.store_view.setRootIsDecorated(True)
        self.store_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        h = self.store_view.header()
        h.setStretchLastSection(False)
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2, 3):
            h.setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
            h.resizeSection(c, 30)
        sv.addWidget(self.store_view)
        self.store_hint = QLabel("")
        self.store_hint.setObjectName("Faint")
        self.store_hint.setWordWrap(True)
        self.store_hint.setStyleSheet("padding: 6px 10px;")
        sv.addWidget(self.store_hint)

        from .tree_panel import TreePanel

        self.tree_panel = TreePanel()
        self.cascade = CascadePanel()
        self.diff_panel = DiffPanel(self.tasks)
        self.right = QSplitter(Qt.Orientation.Vertical)
        self.right.addWidget(self.cascade)
        self.right.addWidget(self.diff_panel)
        self.right.setStretchFactor(0, 0)
        self.right.setStretchFactor(1, 1)
        self.right.setSizes([230, 500])
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(self.stores_panel)
        self.split.addWidget(self.tree_panel)
        self.split.addWidget(self.right)
        self.split.setStretchFactor(0, 0)
        self.split.setStretchFactor(1, 1)
        self.split.setStretchFactor(2, 2)
        self.split.setSizes([290, 440, 710])
        self.setCentralWidget(self.split)

        self.problems = ProblemsPanel()
        self.problems_dock = QDockWidget("Problems", self)
        self.problems_dock.setObjectName("ProblemsDock")
        self.problems_dock.setWidget(self.problems)
        self.problems_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)
        self.problems_dock.hide()

        sb = self.statusBar()
        self.status_text = QLabel("")
        sb.addWidget(self.status_text, 1)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setFixedWidth(120)
        self.progress.setTextVisible(False)
        self.progress.hide()
        sb.addPermanentWidget(self.progress)
        self.problems_button = QToolButton()
        self.problems_button.setAutoRaise(True)
        self.problems_button.setDefaultAction(self.actions["problems"])
        self.problems_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        sb.addPermanentWidget(self.problems_button)
        self.live_label = QLabel("")
        sb.addPermanentWidget(self.live_label)

    def _connect(self) -> None:
        a = self.actions
        a["open"].triggered.connect(self.choose_workspace)
        a["open_demo"].triggered.connect(self.open_demo)
        a["reload"].triggered.connect(lambda: self.ws and self.open_workspace(self.ws.root, self.store_key, self.path))
        a["quit"].triggered.connect(self.close)
        a["goto"].triggered.connect(lambda: layer_ops.go_to_file(self))
        a["focus_stores"].triggered.connect(self.store_view.setFocus)
        a["focus_tree"].triggered.connect(self.tree_panel.view.setFocus)
        a["focus_diff"].triggered.connect(self.diff_panel.canvas.setFocus)
        a["next_app"].triggered.connect(lambda: self._step_app(1))
        a["prev_app"].triggered.connect(lambda: self._step_app(-1))
        a["next_change"].triggered.connect(self.diff_panel.canvas.next_change)
        a["prev_change"].triggered.connect(self.diff_panel.canvas.previous_change)
        a["filter"].triggered.connect(lambda: (self.tree_panel.search.setFocus(), self.tree_panel.search.selectAll()))
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
        self.tree_panel.selected.connect(self._file_selected)
        self.tree_panel.view.delete_pressed.connect(lambda: a["remove"].isEnabled() and a["remove"].trigger())
        self.tree_panel.activated.connect(lambda _p: self.diff_panel.canvas.setFocus())
        self.tree_panel.view.customContextMenuRequested.connect(lambda pos: layer_ops.context_menu(self, pos))
        self.cascade.open_requested.connect(lambda link: layer_ops.open_link(self, link))
        self.cascade.reveal_requested.connect(lambda link: layer_ops.reveal_link(self, link))
        self.cascade.diff_requested.connect(self.show_layer_diff)
        self.diff_panel.compare_store_requested.connect(self.compare_with_store)
        self.problems.go_to.connect(lambda d: layer_ops.go_to_diagnostic(self, d))

    # ------------------------------------------------------------ opening

    def open_demo(self) -> None:
        import resources

        self.open_workspace(resources.demo_workspace())

    def choose_workspace(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        start = str(self.ws.root.parent) if self.ws else str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, "Open Workspace", start)
        if folder:
            self.open_workspace(folder)

    def _fill_recent(self) -> None:
        m = self.recent_menu
        m.clear()
        for p in self.settings.recent:
            act = m.addAction(p)
            act.triggered.connect(lambda _c=False, path=p: self.open_workspace(path))
        if not self.settings.recent:
            m.addAction("No recent workspaces").setEnabled(False)

    def open_workspace(self, path, store: Optional[str] = None, select: Optional[str] = None) -> bool:
        """Start reading a workspace; the window stays responsive and fills in when the scan ends."""
        try:
            root = resolver.check_workspace(path)
        except resolver.StoreLayersError as exc:
            errors.report(exc)
            return False
        self.watcher.stop()
        self.busy(f"Scanning {root.name}\u2026")
        self.ws_label.setText(root.name)
        self.ws_label.setToolTip(str(root))
        app_pref = self.app or self.settings.app

        def work():
            ws = resolver.load(root)
            app = app_pref if app_pref in ws.apps else _default_app(ws.apps)
            counts = {k: ws.counts(k, app) for k in ws.stores} if app else {}
            ws.diagnostics  # computed here, off the GUI thread
            return ws, app, counts

        self.tasks.cancel("tree")
        self.tasks.run("load", work, lambda r: self._loaded(r, store, select), self._load_failed)
        return True

    def _load_failed(self, exc: BaseException) -> None:
        self.idle("Could not open the workspace")
        errors.report(exc)

    def _loaded(self, result, store: Optional[str], select: Optional[str]) -> None:
        ws, app, counts = result
        self.ws = ws
        self.app = app
        self.settings = self.settings.with_recent(str(ws.root))
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
        self._update_problems_button()
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
        self.watching = self.watcher.start(str(ws.root))
        self.live_label.setText("\u25cf Live" if self.watching else "Not watching")
        self.live_label.setToolTip("Changes on disk show here within a second" if self.watching else "File watching is unavailable")
        self.idle(f"{len(ws.stores)} stores \u00b7 {len(ws.apps)} apps")
        self.store_key = None
        if key is not None:
            self.select_store(key)
        else:
            self.tree_panel.set_tree(build_tree(()), {None: 0}, {None: "base"}, False)
        self.workspace_loaded.emit()

    # ------------------------------------------------------------ store / app / file

    def select_store(self, key: Optional[str]) -> None:
        idx = self.store_model.index_for_key(key)
        if idx.isValid():
            self.store_view.selectionModel().setCurrentIndex(
                idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )

    def _store_changed(self, cur: QModelIndex, _prev: QModelIndex) -> None:
        key = cur.data(KeyRole) if cur.isValid() else None
        if key is None:
            if cur.isValid():  # the base row: show the farthest layer through its first store
                self.store_hint.setText("The base apps are the farthest layer of every chain. Pick a store to see what it gets.")
            return
        self.store_hint.setText("")
        if key == self.store_key:
            return
        self.store_key = key
        if self._pending_select is None and self.path:
            self._pending_select = self.path
        self.request_tree()

    def _app_changed(self, i: int) -> None:
        app = self.app_box.itemData(i)
        if not app or app == self.app or self.ws is None:
            return
        self.app = app
        self.settings = GuiSettings(**{**self.settings.__dict__, "app": app})
        ws = self.ws
        self.tasks.run("counts", lambda: {k: ws.counts(k, app) for k in ws.stores}, self.store_model.set_counts)
        self.tree_panel.expanded.clear()
        self.request_tree()

    def _step_app(self, step: int) -> None:
        n = self.app_box.count()
        if n:
            self.app_box.setCurrentIndex((self.app_box.currentIndex() + step) % n)

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
        ws, key, app = self.ws, self.store_key, self.app
        if ws is None or key is None or not app:
            return
        flat = self.actions["flat"].isChecked()
        show_ignored = self.actions["show_ignored"].isChecked()

        def work():
            tree = ws.effective_tree(key, app)
            return tree, build_tree(tree.files, tree.ignored if show_ignored else (), flat)

        self.busy("Resolving\u2026")
        self.tasks.run("tree", work, lambda r: self._tree_built(ws, key, app, flat, r))

    def _tree_built(self, ws: Workspace, key: str, app: str, flat: bool, result) -> None:
        if ws is not self.ws or key != self.store_key or app != self.app:
            return
        tree, root = result
        depth, names = self.depth_names()
        first = not self.tree_panel.expanded
        self.tree_panel.set_tree(root, depth, names, flat)
        if first and not flat:
            self.tree_panel.expand_to_changes()
        s = ws.stores[key]
        self.tree_panel.title.setText(f"EFFECTIVE TREE \u00b7 {s.id.upper()} \u00b7 {app_label(app).upper()}")
        self.tree_panel.legend.set_layers(
            [(k, ws.layer_id(k), depth.get(k, 0), root.layers.get(k, 0)) for k in ws.chain(key)]
        )
        self.setWindowTitle(f"{s.id} \u2014 {ws.root.name} \u2014 Store Layers")
        self.idle(f"{s.id}: {len(tree.files):,} files for {app}" + (f", {len(tree.ignored)} ignored" if tree.ignored else ""))
        pending = self._pending_select
        self._pending_select = None
        if pending and self.tree_panel.select_path(pending):
            pass
        elif self.path and self.tree_panel.current_path() != self.path:
            self._file_selected(self.tree_panel.current_path())
        else:
            self._file_selected(self.tree_panel.current_path())
        self.tree_ready.emit()

    def _file_selected(self, path: Optional[str]) -> None:
        path = path or None
        self.path = path
        self._update_action_state()
        ws, key, app = self.ws, self.store_key, self.app
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
        elif not self.tasks.busy("tree"):
            if not self.tree_panel.select_path(loc.path):
                self.status_text.setText(f"{loc.path} is not in {self.ws.stores[self.store_key].id}'s effective tree")

    # ------------------------------------------------------------ live updates

    def _on_fs_changes(self, paths: set[str]) -> None:
        self._queued |= paths
        if not self._updating:
            self._run_update()

    def refresh_paths(self, paths, then: Optional[Callable[[], None]] = None) -> None:
        """Apply changes the app itself made, at once (no debounce)."""
        if then is not None:
            self._after_update.append(then)
        self._on_fs_changes({str(p) for p in paths})

    def _run_update(self) -> None:
        ws, app = self.ws, self.app
        if ws is None or not self._queued:
            return
        paths, self._queued = self._queued, set()
        self._updating = True
        self.live_label.setText("\u25cf Updating\u2026")

        def work():
            if len(paths) > RELOAD_ABOVE:  # a checkout or a generator: one fresh read is faster
                new = resolver.load(ws.root, ws.options, ws.digests)
                cs = resolver.ChangeSet(full=True, reason=f"{len(paths):,} paths changed")
            else:
                new, cs = ws.update(paths)
            counts = {k: new.counts(k, app) for k in new.stores} if cs else None
            if cs:
                new.diagnostics  # computed here, off the GUI thread
            return new, cs, counts

        self.tasks.run("update", work, self._updated, self._update_failed)

    def _update_failed(self, exc: BaseException) -> None:
        self._updating = False
        self.live_label.setText("\u25cf Live")
        errors.report(exc)

    def _updated(self, result) -> None:
        new, cs, counts = result
        self._updating = False
        self.live_label.setText("\u25cf Live" if self.watching else "Not watching")
        old = self.ws
        self.ws = new
        if cs.full:
            if set(new.stores) != set(old.stores) or new.apps != old.apps:
                self._loaded((new, self.app if self.app in new.apps else _default_app(new.apps), counts or {}), self.store_key, self.path)
            else:
                self.store_model.set_counts(counts or {})
                self.request_tree()
        elif cs:
            self.store_model.set_counts(counts or {})
            mine = [e for e in cs.entries if e.store == self.store_key and e.app == self.app]
            if len(mine) > BIG_CHANGE:
                self.request_tree()
            elif mine:
                self.tree_panel.apply([(e.path, e.after, e.is_ignored) for e in mine], self.actions["show_ignored"].isChecked())
                self._refresh_legend()
                if self.path is not None and any(e.path == self.path for e in mine):
                    self._file_selected(self.path)
        if cs:
            self.problems.model.set_items(new.diagnostics)
            self._update_problems_button()
        callbacks, self._after_update = self._after_update, []
        for cb in callbacks:
            cb()
        self._update_action_state()
        self.updated.emit()
        if self._queued:
            self._run_update()

    def _refresh_legend(self) -> None:
        ws, key = self.ws, self.store_key
        if ws is None or key is None:
            return
        depth, _ = self.depth_names()
        root = self.tree_panel.model.root
        self.tree_panel.legend.set_layers([(k, ws.layer_id(k), depth.get(k, 0), root.layers.get(k, 0)) for k in ws.chain(key)])

    # ------------------------------------------------------------ look and state

    def busy(self, text: str) -> None:
        self.status_text.setText(text)
        self.progress.show()

    def idle(self, text: str) -> None:
        self.status_text.setText(text)
        self.progress.hide()

    def _update_problems_button(self) -> None:
        n = len(self.ws.diagnostics) if self.ws else 0
        errs = sum(1 for d in self.ws.diagnostics if d.level.value == "error") if self.ws else 0
        self.actions["problems"].setText(f"{n} problem{'s' if n != 1 else ''}" if n else "No problems")
        colour = Theme.current().color("level.error" if errs else ("level.warning" if n else "text.dim"))
        self.actions["problems"].setIcon(icons.icon("problems", colour))

    def _update_action_state(self) -> None:
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

    def set_diff_mode(self, on: bool) -> None:
        self.stores_panel.setVisible(not on)
        total = max(1, self.split.width())
        if on:
            self.split.setSizes([0, int(total * 0.28), int(total * 0.72)])
            self.right.setSizes([150, max(300, self.right.height() - 150)])
        else:
            self.split.setSizes([290, int((total - 290) * 0.4), int((total - 290) * 0.6)])
        if self.actions["diff_mode"].isChecked() != on:
            self.actions["diff_mode"].setChecked(on)

    def set_theme(self, choice: str) -> None:
        self.settings = GuiSettings(**{**self.settings.__dict__, "theme": choice})
        if self._apply_theme is not None:
            self._apply_theme(choice)
        self.retheme()

    def retheme(self) -> None:
        icons.clear_cache()
        self.actions.refresh_icons()
        self.tree_panel.legend.refresh_icons()
        for name, ch in (("theme_system", "system"), ("theme_light", "light"), ("theme_dark", "dark")):
            self.actions[name].setChecked(self.settings.theme == ch)
        self._update_problems_button()
        self._refresh_legend()
        self.store_model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)
        if self.path is not None:
            self._file_selected(self.path)
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
        )
        save_settings(self.settings)

    def closeEvent(self, e: QCloseEvent) -> None:
        self.watcher.stop()
        self.save()
        self.tasks.wait(3000)
        super().closeEvent(e)


def _default_app(apps) -> str:
    for pref in ("storefront-unified-nextjs", "storefront-unified-nuxt"):
        if pref in apps:
            return pref
    return apps[0] if apps else ""

