"""Reading `alokai.config.json` (SPEC rule 2) as data: parsed as JSON, never evaluated."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from storelayers.resolver import fsio
from storelayers.resolver.ignore import pattern_error
from storelayers.resolver.kindrule import KindRule, detect
from storelayers.resolver.model import Diagnostic, Kind, Level

CONFIG_NAME = "alokai.config.json"


FRONTENDS = {"nextjs": "storefront-unified-nextjs", "nuxt": "storefront-unified-nuxt"}
"""`deployment.framework` values and the frontend base app each one keeps (SPEC rule 13)."""

_CURRENT = KindRule(False, "")


@dataclass(frozen=True)
class StoreConfig:
    ignore_paths: tuple[str, ...] = ()
    deployment: Mapping[str, object] | None = None  # the entry's `deployment` when it is an object

    @property
    def framework(self) -> str | None:
        """`deployment.framework` when it names one of FRONTENDS, else None."""
        value = self.deployment.get("framework") if self.deployment is not None else None
        return value if isinstance(value, str) and value in FRONTENDS else None


@dataclass(frozen=True)
class Config:
    """The parts of the config the resolver uses. `present` is False when there is no usable config."""

    present: bool
    stores: Mapping[str, StoreConfig]
    diagnostics: tuple[Diagnostic, ...]
    broken: bool = False  # a config exists but could not be used (bad-config)
    rule: KindRule = _CURRENT  # which @alokai/cli rule decides the kinds (SPEC rule 2)

    def kind_of(self, store_id: str) -> Kind:
        """SPEC rule 2: the kind of the store with this id under the workspace's rule."""
        if self.rule.legacy:
            return Kind.DEPLOYABLE if (not self.present or store_id in self.stores) else Kind.TEMPLATE
        entry = self.stores.get(store_id) if self.present else None
        return Kind.DEPLOYABLE if entry is not None and entry.deployment is not None else Kind.TEMPLATE

    def framework_of(self, store_id: str) -> str | None:
        """The store's `deployment.framework` when it names one of FRONTENDS, else None."""
        entry = self.stores.get(store_id) if self.present else None
        return entry.framework if entry is not None else None

    def composed_apps(self, store_id: str, apps: tuple[str, ...]) -> tuple[str, ...]:
        """SPEC rule 13: the apps Alokai composes for this store, every one of `apps` except the
        other frontend when the store's `deployment.framework` names one."""
        framework = self.framework_of(store_id)
        if framework is None:
            return apps
        others = {app for fw, app in FRONTENDS.items() if fw != framework}
        return tuple(a for a in apps if a not in others)

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
    """Parse the workspace's config and decide the kind rule (SPEC rule 2). Problems become
    diagnostics; a broken config reads as none."""
    rule = detect(root)
    config = _parse(root, rule)
    return Config(config.present, config.stores, config.diagnostics, config.broken, rule)


def rule_diagnostics(config: Config) -> tuple[Diagnostic, ...]:
    """`kind-rule` (which rule decides the kinds, and why) and `no-config` (SPEC rule 2)."""
    rule = config.rule
    diags = [Diagnostic(Level.INFO, "kind-rule", f"store kinds follow {rule.name}; decided by {rule.reason}", "")]
    if not config.present and not config.broken:
        if rule.legacy:
            diags.append(Diagnostic(Level.INFO, "no-config", f"no {CONFIG_NAME}: every store is deployable", ""))
        else:
            diags.append(
                Diagnostic(
                    Level.WARNING,
                    "no-config",
                    f"no {CONFIG_NAME}: no store is deployable (a store deploys when its entry has a deployment object)",
                    "",
                )
            )
    return tuple(diags)


def _parse(root: Path, rule: KindRule) -> Config:
    path = root / CONFIG_NAME
    if not path.exists() and not path.is_symlink():
        return Config(False, MappingProxyType({}), ())
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
                        why = pattern_error(pat)
                        if why:
                            diags.append(
                                Diagnostic(
                                    Level.WARNING,
                                    "bad-ignore-pattern",
                                    f"stores.{store_id}.ignorePaths[{i}] '{pat}' cannot be read as .gitignore "
                                    f"({why}): it matches only the path it names literally",
                                    CONFIG_NAME,
                                )
                            )
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
        deployment = None
        if isinstance(entry, dict) and "deployment" in entry:
            value = entry["deployment"]
            if isinstance(value, dict):
                deployment = MappingProxyType(value)
            elif not rule.legacy:
                diags.append(
                    Diagnostic(
                        Level.WARNING,
                        "bad-deployment",
                        f"stores.{store_id}.deployment is {_type_name(value)}, not an object: the store is a template",
                        CONFIG_NAME,
                    )
                )
        out[store_id] = StoreConfig(tuple(patterns), deployment)
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
