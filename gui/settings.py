"""What the app remembers between runs. Only this module reads QSettings; the rest gets a frozen dataclass.

`STORELAYERS_SETTINGS` names an INI file to use instead of the platform's store (tests use it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 10


@dataclass(frozen=True)
class GuiSettings:
    recent: tuple[str, ...] = ()
    theme: str = "system"  # system, light, dark
    geometry: bytes = b""
    state: bytes = b""
    splitter: bytes = b""
    app: str = ""
    store: str = ""  # the store and file shown when the app was closed (for the last workspace)
    path: str = ""
    hint_seen: bool = False  # the first-run hint was shown (it shows on the first start only)

    def with_recent(self, path: str) -> GuiSettings:
        rest = tuple(p for p in self.recent if p != path)
        return replace(self, recent=((path,) + rest)[:MAX_RECENT])

    def without_recent(self, path: str) -> GuiSettings:
        return replace(self, recent=tuple(p for p in self.recent if p != path))


def _store() -> QSettings:
    path = os.environ.get("STORELAYERS_SETTINGS")
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings("StoreLayers", "StoreLayers")


def settings_file() -> str:
    """Where what the app remembers is kept (for About: a user resetting it needs the place)."""
    return _store().fileName()


def _bytes(v: Any) -> bytes:
    if isinstance(v, QByteArray):
        return bytes(v.data())
    if isinstance(v, (bytes, bytearray)):
        return bytes(v)
    return b""


def load_settings() -> GuiSettings:
    s = _store()
    value = s.value("recent", [])
    recent: list[object] = [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
    theme = str(s.value("theme", "system") or "system")
    if theme not in ("system", "light", "dark"):
        theme = "system"
    return GuiSettings(
        tuple(str(r) for r in (recent or []) if r),
        theme,
        _bytes(s.value("geometry")),
        _bytes(s.value("state")),
        _bytes(s.value("splitter")),
        str(s.value("app", "") or ""),
        str(s.value("store", "") or ""),
        str(s.value("path", "") or ""),
        str(s.value("hintSeen", "false")).lower() in ("true", "1"),
    )


def save_settings(g: GuiSettings) -> None:
    s = _store()
    s.setValue("recent", list(g.recent))
    s.setValue("theme", g.theme)
    s.setValue("geometry", QByteArray(g.geometry))
    s.setValue("state", QByteArray(g.state))
    s.setValue("splitter", QByteArray(g.splitter))
    s.setValue("app", g.app)
    s.setValue("store", g.store)
    s.setValue("path", g.path)
    s.setValue("hintSeen", "true" if g.hint_seen else "false")
    s.sync()
