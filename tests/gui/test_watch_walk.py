"""The watcher's set-up walk (gui.watch_backends.skipping_walk): every folder a layer can compose gets a
watch, parents before children; rule-8 folders (node_modules, .git, ...) and symlinked folders do not."""

from __future__ import annotations

import os
from pathlib import Path

from storelayers.gui import watch_backends


class _Group:
    """Stands in for watchdog's InotifyWatchGroup: records the folders it is asked to watch."""

    is_recursive = True
    follow_symlink = False

    def __init__(self) -> None:
        self.added: list[str] = []

    def _add_callback(self, path: bytes) -> None:
        self.added.append(os.fsdecode(path))


def test_walk_watches_composable_folders_only(tmp_path: Path) -> None:
    for d in ("apps/web/src/pages", "apps/web/node_modules/react", "apps/web/.git/objects", "apps/stores/a/src"):
        (tmp_path / d).mkdir(parents=True)
    (tmp_path / "apps/web/src/index.ts").write_text("x")
    (tmp_path / "link").symlink_to(tmp_path / "apps", target_is_directory=True)
    group = _Group()
    watch_backends.skipping_walk(group, os.fsencode(tmp_path))
    rel = [os.path.relpath(p, tmp_path) for p in group.added]
    assert rel[0] == "."
    assert sorted(rel[1:]) == sorted(
        ["apps", "apps/web", "apps/web/src", "apps/web/src/pages", "apps/stores", "apps/stores/a", "apps/stores/a/src"]
    )
    assert all(rel.index(os.path.dirname(r) or ".") < rel.index(r) for r in rel[1:])  # parents first
