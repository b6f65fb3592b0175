"""Composition (SPEC rule 13): write a store's effective tree as real files, replacing the old output.

Composition only ever replaces what an earlier composition wrote: each `<out>/<store>/` it writes holds
a marker file, and an existing `<out>/<store>` without it is refused, never deleted."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from storelayers.resolver import fsio
from storelayers.resolver.config import FRONTENDS
from storelayers.resolver.errors import WriteRefused
from storelayers.resolver.workspace import PACKAGE_JSON, Workspace


@dataclass(frozen=True)
class ComposeResult:
    store: str  # store id
    out: Path  # <out>/<store id>
    files: int
    bytes: int
    apps: tuple[str, ...] = ()  # the apps composed (rule 13's framework filter may leave one out)


def composed_apps(ws: Workspace, store_key: str) -> tuple[str, ...]:
    """SPEC rule 13: every app, except the other frontend when `deployment.framework` names one."""
    s = ws.stores[store_key]
    entry = ws.config.stores.get(s.id) if ws.config.present else None
    framework = entry.framework if entry is not None else None
    if framework is None:
        return ws.apps
    keep = FRONTENDS[framework]
    others = {app for app in FRONTENDS.values() if app != keep}
    return tuple(a for a in ws.apps if a not in others)


def package_json_for(ws: Workspace, app: str, store_id: str) -> bytes | None:
    """SPEC rule 13: the base app's package.json with `name` set to `<base name>-<store id>` (two-space
    JSON, final newline; no base name: the app folder's name). None when it cannot be read as JSON
    (then the base file is copied as it is)."""
    try:
        data = json.loads(fsio.read_bytes(str(ws.layer_root(None, app) / PACKAGE_JSON)).decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    base = data.get("name")
    stem = base if isinstance(base, str) and base else app
    data["name"] = f"{stem}-{store_id}"
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _overlaps(a: str, b: str) -> bool:
    a = a.rstrip(os.sep)
    b = b.rstrip(os.sep)
    return a == b or a.startswith(b + os.sep) or b.startswith(a + os.sep)


MARKER = ".storelayers-composed"


def _is_composition(folder: Path) -> bool:
    """True when `folder` is a real folder (not a link) that a composition wrote: it holds our marker."""
    try:
        return (
            folder.is_dir()
            and not folder.is_symlink()
            and (folder / MARKER).is_file()
            and not (folder / MARKER).is_symlink()
        )
    except OSError:
        return False


def check_output(ws: Workspace, target: Path) -> None:
    """Refuse an output folder that lies inside a layer, would replace part of the workspace, is the
    file system root, the home folder or the workspace root, or holds something a composition did not write."""
    out_real = fsio.real_path(str(target.parent))
    home = os.path.expanduser("~")
    forbidden = {os.path.abspath(os.sep): "the file system root", fsio.real_path(str(ws.root)): "the workspace root"}
    if home and home != "~":
        forbidden.setdefault(fsio.real_path(home), "the home folder")
    if out_real in forbidden or os.path.dirname(out_real) == out_real:
        raise WriteRefused(
            f"output folder {target.parent} is {forbidden.get(out_real, 'the file system root')}; "
            "choose a folder of its own (the default is the workspace's .out)"
        )
    real = fsio.real_path(str(target))
    apps_real = fsio.real_path(str(ws.root / "apps"))
    if _overlaps(real, apps_real):
        where = "inside a layer" if real.startswith(apps_real + os.sep) else "over the workspace's apps"
        raise WriteRefused(f"output folder {target} lies {where}; choose a folder outside apps/")
    root_real = fsio.real_path(str(ws.root))
    if root_real == real or root_real.startswith(real.rstrip(os.sep) + os.sep):
        raise WriteRefused(f"output folder {target} would replace the workspace itself")
    if target.is_symlink() or (os.path.lexists(target) and not _is_composition(target)):
        raise WriteRefused(
            f"{target} exists and was not written by a composition; "
            "it is left as it is: remove it yourself or choose another --out"
        )


def compose(ws: Workspace, store: str, out: Path | None = None) -> ComposeResult:
    """Copy the store's effective tree of every app to `<out>/<store>/<app>/...` (default out: `.out`).

    The new tree is written beside the old one and swapped in at the end, so a failure leaves the
    previous output as it was."""
    s = ws.store(store)
    apps = composed_apps(ws, s.key)
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
        (staging / MARKER).write_text(json.dumps({"store": s.id, "by": "storelayers compose"}) + "\n", encoding="utf-8")
        for app in apps:
            app_dir = staging / app
            app_dir.mkdir()
            for f in ws.effective_tree(s.key, app).files:
                src = ws.abs_path(f.winner_key, app, f.path)
                dst = app_dir.joinpath(*f.path.split("/"))
                dst.parent.mkdir(parents=True, exist_ok=True)
                renamed = package_json_for(ws, app, s.id) if f.special and f.path == PACKAGE_JSON else None
                if renamed is not None:
                    dst.write_bytes(renamed)
                else:
                    shutil.copyfile(src, dst)  # bytes, following links: the output holds no links
                count += 1
                size += dst.stat().st_size
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise WriteRefused(
            f"composing {s.id} failed, previous output kept: {exc.strerror or exc} ({getattr(exc, 'filename', '')})"
        ) from exc
    old = out / f".{s.id}.old-{token}"
    try:
        if os.path.lexists(target):
            if not _is_composition(target):  # appeared while composing
                raise WriteRefused(f"{target} appeared while composing and was not written by a composition")
            os.replace(target, old)
        os.replace(staging, target)
    except (OSError, WriteRefused) as exc:
        if old.exists() and not target.exists():
            os.replace(old, target)
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, WriteRefused):
            raise
        raise WriteRefused(f"cannot replace {target}: {exc.strerror or exc}") from exc
    if _is_composition(old):
        shutil.rmtree(old, ignore_errors=True)
    return ComposeResult(s.id, target, count, size, apps)
