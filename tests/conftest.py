"""Shared fixtures. Qt runs offscreen everywhere, set before anything imports Qt."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from hypothesis import settings

from tests.wsbuilder import build

# CI replays the same examples every run (a red build always reproduces); locally they vary.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "resources" / "demo"


@pytest.fixture
def make_ws(tmp_path: Path):
    """Build a workspace on disk from a nested-dict spec (see tests/wsbuilder.py)."""

    def _make(spec: dict, name: str = "ws") -> Path:
        root = tmp_path / name
        build(root, spec)
        return root

    return _make


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A private, writable copy of the bundled demo workspace."""
    dest = tmp_path / "demo"
    shutil.copytree(DEMO, dest, symlinks=True)
    return dest
