"""Composition (SPEC rule 13): write a store's effective tree as real files, replacing the old output."""
from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from . import fsio
from .errors import WriteRefused
from .workspace import Workspace


@dataclass(frozen=True)
class ComposeResult:
    store: str  # store id
    out: Path  # <out>/<store id>
    files: int
    bytes: int


def _overlaps(a: str, b: str) -> bool:
    a = a.rstrip(os.sep)
    b = b.rstrip(os.sep)
    return a == b or a.startswith(b + os.sep) or b.startswith(a + os.sep)


def check_output(ws: Workspace, target: Path) -> None:
    """Refuse an output folder that lies inside a layer, or would replace part of the workspace's apps."""
    real = fsio.real_path(str(target))
    apps_real = fsio.real_path(str(ws.root / "apps"))
    if _overlaps(real, apps_real):
        where = "inside a layer" if real.startswith(apps_real + os.sep) else "over the workspace's apps"
        raise WriteRefused(f"output folder {target} lies {where}; choose a folder outside apps/")
    root_real = fsio.real_path(str(ws.root))
    if root_real == real or root_real.startswith(real.rstrip(os.sep) + os.sep):
        raise WriteRefused(f"output folder {target} would replace the workspace itself")


def compose(ws: Workspace, store: str, out: Optional[Path] = None) -> ComposeResult:
    """Copy the store's effective tree of every app to `<out>/<store>/<app>/...` (default out: `.out`).

    The new tree is written beside the old one and swapped in at the end, so a failure leaves the
    previous output as it was."""
    s = ws.store(store)
    out = Path(out) if out is not None else ws.root / ".out"
    if not out.is_absolute():
        out = Path.cwd() / out
    target = out / s.id
    check_output(ws, target)
    if out.exists() and not out.is_dir():
        raise WriteRefused(f"{out} is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteRefused(f"cannot create {out}: {exc.strerror or exc}") from exc
    token = uuid.uuid4().hex[:8]
    staging = out / f".{s.id}.partial-{token}"
    count = size = 0
    try:
        staging.mkdir()
        for app in ws.apps:
            app_dir = staging / app
            app_dir.mkdir()
            for f in ws.effective_tree(s.key, app).files:
                src = ws.abs_path(f.winner_key, app, f.path)
                dst = app_dir.joinpath(*f.path.split("/"))
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dst)  # bytes, following links: the output holds no links
                count += 1
                size += dst.stat().st_size
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise WriteRefused(f"composing {s.id} failed, previous output kept: {exc.strerror or exc} ({getattr(exc, 'filename', '')})") from exc
    old = out / f".{s.id}.old-{token}"
    try:
        if target.exists() or target.is_symlink():
            os.replace(target, old)
        os.replace(staging, target)
    except OSError as exc:
        if old.exists() and not target.exists():
            os.replace(old, target)
        shutil.rmtree(staging, ignore_errors=True)
        raise WriteRefused(f"cannot replace {target}: {exc.strerror or exc}") from exc
    if old.is_symlink() or old.is_file():
        old.unlink()
    elif old.exists():
        shutil.rmtree(old, ignore_errors=True)
    return ComposeResult(s.id, target, count, size)
