"""Turning a pasted path (from a build error, a lint report, a stack trace) into store, app and path.

Understands composed output (`.out/<store>/<app>/<path>`), layer paths (`apps/<app>/...`,
`apps/stores/<store>/<app>/...`, child stores included), absolute paths inside the workspace,
`file://` URLs, and trailing `:line:col` or `(line,col)` positions.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from storelayers.resolver.workspace import Workspace

_POSITION = re.compile(r"(?::(\d+))(?::\d+)?$|\((\d+)(?:,\s*\d+)?\)$")
OUT_FOLDERS = (".out", ".deploy")


@dataclass(frozen=True)
class Location:
    """Where a pasted path points. `store_key` None means a base app's layer."""

    store_key: str | None
    app: str
    path: str  # relative to the app folder
    line: int | None = None
    via: str = "layer"  # "layer" (a layer's own file) or "output" (a composed copy)


def _clean(text: str) -> tuple[str, int | None]:
    t = text.strip().strip("'\"`").strip()
    if t.startswith("file://"):
        t = t[len("file://") :]
    line = None
    m = _POSITION.search(t)
    if m:
        line = int(m.group(1) or m.group(2))
        t = t[: m.start()]
    return t.replace("\\", "/"), line


def locate(ws: Workspace, text: str) -> Location | None:
    """The store, app and path a pasted path names, or None when it names nothing in this workspace."""
    raw, line = _clean(text)
    if not raw:
        return None
    p = raw
    if os.path.isabs(p) or re.match(r"^[A-Za-z]:/", p):
        root = str(ws.root).replace("\\", "/").rstrip("/") + "/"
        if p.startswith(root):
            p = p[len(root) :]
        else:
            for out in OUT_FOLDERS:
                marker = f"/{out}/"
                if marker in p:
                    p = out + "/" + p.split(marker, 1)[1]
                    break
            else:
                return None
    while p.startswith("./"):
        p = p[2:]
    parts = [x for x in p.split("/") if x not in ("", ".")]
    if len(parts) >= 3 and parts[0] in OUT_FOLDERS:
        sid, app, rest = parts[1], parts[2], parts[3:]
        keys = [k for k, s in ws.stores.items() if s.id == sid]
        if len(keys) != 1 or app not in ws.apps or not rest:
            return None
        return Location(keys[0], app, "/".join(rest), line, "output")
    if "apps" in parts:
        parts = parts[parts.index("apps") :]
    hit = ws.layer_of("/".join(parts))
    if hit is None:
        return None
    return Location(hit[0], hit[1], hit[2], line)
