"""Which `@alokai/cli` rule decides store kinds (SPEC rule 2): the 2.x rule, or the 0.x/1.x one.

`@alokai/cli` 2.x treats a store as a template unless its config entry has a `deployment` object;
0.x and 1.x counted every listed store as deployable. The installed CLI's version decides, else the
lowest version the root `package.json` allows. Everything is read as data, nothing is run."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from storelayers.resolver import fsio

CLI_PACKAGE = "@alokai/cli"
INSTALLED = f"node_modules/{CLI_PACKAGE}/package.json"

_VERSION = re.compile(r"v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:[-+][0-9A-Za-z.+-]*)?")
_COMPARATOR = re.compile(r"(\^|~>|~|>=|<=|>|<|=)?\s*([^\s<>=~^]\S*)")


@dataclass(frozen=True)
class KindRule:
    """`legacy` True: every listed store is deployable (CLI 0.x/1.x). `reason` says what decided it."""

    legacy: bool
    reason: str

    @property
    def name(self) -> str:
        return (
            "@alokai/cli 0.x/1.x (every listed store is deployable)"
            if self.legacy
            else ("@alokai/cli 2.x (a store is deployable when its entry has a deployment object)")
        )


def _read_json(path: Path) -> object:
    try:
        return json.loads(fsio.read_bytes(str(path)).decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None


def version_major(text: str) -> int | None:
    """The major version of an exact version string such as `1.4.2` or `v2.0.0-rc.1`, None when it is not one."""
    m = _VERSION.fullmatch(text.strip())
    if m is None or not m.group(1).isdigit():
        return None
    return int(m.group(1))


def lowest_major(spec: str) -> int | None:
    """The major version of the lowest version a package.json range allows, None when the range names
    no version (`*`, `latest` and other tags, `workspace:*`, a file, link or git source).

    `^1.2.0`, `~0.9`, `>=1.0 <2`, `1.x`, `1.0.0 - 2.0.0`, `^1 || ^2` (the lowest alternative wins),
    `workspace:^1.2.0` and `npm:@alokai/cli@^1` are understood."""
    text = spec.strip()
    if text.startswith("workspace:"):
        text = text[len("workspace:") :]
    if text.startswith("npm:"):
        text = text.rpartition("@")[2]
    lows: list[int] = []
    for alt in text.split("||"):
        low = _alternative_low(alt.strip())
        if low is not None:
            lows.append(low)
    return min(lows) if lows else None


def _alternative_low(alt: str) -> int | None:
    if not alt:
        return None
    hyphen = re.fullmatch(r"(\S+)\s+-\s+\S+", alt)
    if hyphen:
        alt = hyphen.group(1)
    lower: int | None = None
    upper_only = False
    for m in _COMPARATOR.finditer(alt):
        op, ver = m.group(1) or "", m.group(2)
        vm = _VERSION.fullmatch(ver)
        if vm is None:
            return None  # a tag (`latest`, `next`), a URL, a path: no version to read
        major = vm.group(1)
        if not major.isdigit():
            continue  # `*`, `x`: no bound
        n = int(major)
        if op in ("<", "<="):
            upper_only = True
            continue
        if op == ">" and vm.group(2) is None:
            n += 1  # `>1` allows 2.0.0 and up
        lower = n if lower is None else max(lower, n)
    if lower is None:
        return 0 if upper_only else None  # `<2` starts at 0.0.0; `*` names no version
    return lower


def detect(root: Path) -> KindRule:
    """The kind rule for the workspace at `root` (see the module docstring)."""
    installed = _read_json(root / INSTALLED)
    if isinstance(installed, dict) and isinstance(installed.get("version"), str):
        major = version_major(installed["version"])
        if major is not None:
            return KindRule(major < 2, f"{INSTALLED} has version {installed['version']}")
    manifest = _read_json(root / "package.json")
    if isinstance(manifest, dict):
        for field in ("dependencies", "devDependencies"):
            deps = manifest.get(field)
            if isinstance(deps, dict) and isinstance(deps.get(CLI_PACKAGE), str):
                spec = deps[CLI_PACKAGE]
                major = lowest_major(spec)
                if major is not None:
                    return KindRule(major < 2, f"package.json {field} declares {CLI_PACKAGE} {spec!r}")
                return KindRule(
                    False,
                    f"package.json {field} declares {CLI_PACKAGE} {spec!r}, which names no version: the current rule",
                )
    return KindRule(False, f"no {CLI_PACKAGE} installed or declared: the current rule")
