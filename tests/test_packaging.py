"""The distribution installs one namespace, `storelayers`, and every module is loaded under one name."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OURS = ("resolver", "gui", "resources")


def test_no_module_of_ours_is_loaded_under_two_names():
    # By now pytest has imported every test module, and through them the whole package.
    by_file: dict[str, list[str]] = {}
    for name, mod in list(sys.modules.items()):
        f = getattr(mod, "__file__", None)
        if f and str(Path(f).resolve()).startswith(tuple(str(REPO / d) for d in OURS)):
            by_file.setdefault(str(Path(f).resolve()), []).append(name)
    assert by_file, "no module of the package was imported"
    twice = {f: names for f, names in by_file.items() if len(names) > 1}
    assert twice == {}
    assert not [n for n in sys.modules if n.split(".")[0] in OURS]


def test_the_wheel_maps_only_storelayers_packages():
    conf = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    packages = conf["tool"]["setuptools"]["packages"]
    assert packages and all(p.startswith("storelayers.") for p in packages)
    on_disk = {
        "storelayers." + ".".join(p.parent.relative_to(REPO).parts)
        for d in OURS
        for p in (REPO / d).rglob("__init__.py")
        if "demo" not in p.parts
    }
    assert set(packages) == on_disk  # every package folder ships, nothing else


def test_version_and_one_parser_for_every_command(tmp_path):
    run = [sys.executable, "-m", "storelayers.gui.launcher"]
    v = subprocess.run([*run, "--version"], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert v.returncode == 0 and v.stdout.startswith("storelayers ")
    h = subprocess.run([*run, "--help"], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert h.returncode == 0
    for command in ("gui", "screenshot", "stores", "tree", "which", "affected", "compose", "report"):
        assert command in h.stdout
