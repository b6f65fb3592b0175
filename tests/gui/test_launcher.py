"""`storelayers` entry point: screenshot offscreen, clear one-line errors, no Qt for headless commands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from storelayers.gui import launcher


def test_screenshot_writes_a_png(qapp, tmp_path: Path, demo_copy: Path) -> None:
    out = tmp_path / "shot.png"
    rc = launcher.main(
        [
            "screenshot",
            str(out),
            str(demo_copy),
            "--store",
            "fashion-us",
            "--select",
            "storefront-unified-nextjs/config/theme.ts",
            "--view",
            "diff",
            "--theme",
            "dark",
            "--size",
            "1000x700",
        ]
    )
    assert rc == 0
    img = QImage(str(out))
    assert (img.width(), img.height()) == (1000, 700)


def test_bad_workspace_is_one_line_and_exit_2(tmp_path: Path, capsys) -> None:
    rc = launcher.main(["screenshot", str(tmp_path / "x.png"), str(tmp_path / "missing")])
    assert rc == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_bad_size_is_refused(tmp_path: Path) -> None:
    assert launcher.main(["screenshot", str(tmp_path / "x.png"), "--size", "huge"]) == 2


def test_launcher_module_does_not_import_qt() -> None:
    code = "import sys, gui.launcher; print(any(m.startswith('PySide6') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_screenshot_of_the_review_view(qapp, tmp_path: Path, demo_copy: Path) -> None:
    review = tmp_path / "review.png"
    tree = tmp_path / "tree.png"
    common = [
        str(demo_copy),
        "--store",
        "fashion-de",
        "--select",
        "storefront-unified-nextjs/components/header/LocaleSwitcher.tsx",
        "--size",
        "900x600",
    ]
    assert launcher.main(["screenshot", str(review), *common, "--view", "review"]) == 0
    assert launcher.main(["screenshot", str(tree), *common]) == 0
    a, b = QImage(str(review)), QImage(str(tree))
    assert (a.width(), a.height()) == (900, 600)
    assert a != b  # the review view, not the explorer again


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="DISPLAY/WAYLAND_DISPLAY are how Linux finds a screen")
def test_no_display_is_one_line_not_a_qt_abort(tmp_path: Path) -> None:
    import os
    import subprocess

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = subprocess.run(
        [sys.executable, "-m", "storelayers.gui.launcher", "--demo"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "no display" in proc.stderr
