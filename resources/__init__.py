"""Files shipped with Store Layers: the demo workspace, icons. Plain files, found at run time."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent


def demo_workspace() -> Path:
    """The bundled demo workspace (read-only use: copy it before editing)."""
    return ROOT / "demo"


def resource(*parts: str) -> Path:
    return ROOT.joinpath(*parts)
