"""Reading `alokai.config.json` (SPEC rule 2) as data: parsed as JSON, never evaluated."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from storelayers.resolver import fsio
from storelayers.resolver.model import Diagnostic, Level

CONFIG_NAME = "alokai.config.json"


@dataclass(frozen=True)
class StoreConfig:
    ignore_paths: tuple[str, ...] = ()


@dataclass(frozen=True)
class Config:
    """The parts of the config the resolver uses. `present` is False when there is no usable config."""

    present: bool
    stores: Mapping[str, StoreConfig]
    diagnostics: tuple[Diagnostic, ...]
    broken: bool = False  # a config exists but could not be used (bad-config)

    @property
    def error(self) -> Diagnostic | None:
        for d in self.diagnostics:
            if d.code == "bad-config":
                return d
        return None


def _bad(message: str) -> Config:
    return Config(
        False, MappingProxyType({}), (Diagnostic(Level.ERROR, "bad-config", message, CONFIG_NAME),), broken=True
    )


def load_config(root: Path) -> Config:
    """Parse the workspace's config. Problems become diagnostics; a broken config reads as none."""
    path = root / CONFIG_NAME
    if not path.exists() and not path.is_symlink():
        return Config(
            False,
            MappingProxyType({}),
            (Diagnostic(Level.INFO, "no-config", f"no {CONFIG_NAME}: every store is deployable", ""),),
        )
    try:
        raw = fsio.read_bytes(str(path))
    except IsADirectoryError:
        return _bad(f"{CONFIG_NAME} is a folder, not a file")
    except OSError as exc:
        return _bad(f"cannot read {CONFIG_NAME}: {exc.strerror or exc}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _bad(f"{CONFIG_NAME} is not UTF-8 text (byte {exc.start})")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return _bad(f"{CONFIG_NAME} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}")
    except RecursionError:
        return _bad(f"{CONFIG_NAME} is nested too deeply to read")
    if not isinstance(data, dict):
        return _bad(f"{CONFIG_NAME} must hold a JSON object, found {_type_name(data)}")
    stores = data.get("stores")
    if not isinstance(stores, dict):
        found = "nothing" if "stores" not in data else _type_name(stores)
        return _bad(f'{CONFIG_NAME}: "stores" must be an object, found {found}')
    diags: list[Diagnostic] = []
    out: dict[str, StoreConfig] = {}
    for store_id, entry in stores.items():
        patterns: list[str] = []
        if isinstance(entry, dict) and "ignorePaths" in entry:
            value = entry["ignorePaths"]
            if isinstance(value, list):
                for i, pat in enumerate(value):
                    if isinstance(pat, str):
                        patterns.append(pat)
                    else:
                        diags.append(
                            Diagnostic(
                                Level.WARNING,
                                "bad-ignore-pattern",
                                f"stores.{store_id}.ignorePaths[{i}] is {_type_name(pat)}, not a string: skipped",
                                CONFIG_NAME,
                            )
                        )
            else:
                diags.append(
                    Diagnostic(
                        Level.WARNING,
                        "bad-ignore-pattern",
                        f"stores.{store_id}.ignorePaths is {_type_name(value)}, not a list: skipped",
                        CONFIG_NAME,
                    )
                )
        elif entry is not None and not isinstance(entry, dict):
            diags.append(
                Diagnostic(
                    Level.WARNING,
                    "bad-store-entry",
                    f"stores.{store_id} is {_type_name(entry)}, not an object: read as an empty entry",
                    CONFIG_NAME,
                )
            )
        out[store_id] = StoreConfig(tuple(patterns))
    return Config(True, MappingProxyType(out), tuple(diags))


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)
