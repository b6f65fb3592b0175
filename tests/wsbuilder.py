"""Workspaces on disk from nested dicts: {"apps": {"web": {"a.ts": "text"}}}.

A str or bytes value is a file; a dict is a folder; `Link("target")` is a symlink; `CONFIG` keys
are JSON-encoded for you when the value is not a string.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Union


@dataclass(frozen=True)
class Link:
    target: str


Spec = dict[str, Union[str, bytes, "Spec", Link]]


def build(root: Path, spec: dict) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, value in spec.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(value, dict) and name == "alokai.config.json":
            p.write_text(json.dumps(value, indent=2), encoding="utf-8")
        elif isinstance(value, dict):
            build(p, value)
        elif isinstance(value, Link):
            os.symlink(value.target, p)
        elif isinstance(value, bytes):
            p.write_bytes(value)
        else:
            p.write_text(value, encoding="utf-8", newline="")
    return root


def store(apps: dict | None = None, children: dict | None = None, **extra) -> dict:
    """A store folder: {app: files}, with child stores under `stores/`."""
    out: dict = dict(apps or {})
    if children:
        out["stores"] = children
    out.update(extra)
    return out
