"""SPEC rule 15: a store's generated app-root `tsconfig.json` must list the store's chain.

Read as JSON with comments and trailing commas (as TypeScript allows), never run. The `"@/*"` entry
of `compilerOptions.paths`, read relative to the store's app folder (or its `baseUrl`), must name the
store's own folder, each ancestor store's folder for that app, then the base app's, in chain order."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Sequence

from storelayers.resolver import fsio
from storelayers.resolver.model import Diagnostic, Level

TSCONFIG = "tsconfig.json"
ALIAS = "@/*"


def strip_jsonc(text: str) -> str:
    """JSON text from JSONC: `//` and `/* */` comments and trailing commas removed (strings kept)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i : j + 1])
            i = j + 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif c in "]}":
            k = len(out) - 1
            while k >= 0 and out[k].isspace():
                k -= 1
            if k >= 0 and out[k] == ",":
                del out[k]
            out.append(c)
            i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def parse_jsonc(data: bytes) -> object:
    """The value of a JSONC document; ValueError when it is not one."""
    try:
        return json.loads(strip_jsonc(data.decode("utf-8-sig")))
    except (UnicodeDecodeError, RecursionError) as exc:
        raise ValueError(str(exc)) from exc


def _folder(entry: str) -> str:
    for tail in ("/*", "*"):
        if entry.endswith(tail):
            return entry[: -len(tail)] or "."
    return entry


def relative_entry(from_folder: str, to_folder: str) -> str:
    """The `"@/*"` entry naming `to_folder` from `from_folder` (both workspace-relative)."""
    rel = posixpath.relpath(to_folder, from_folder)
    return "./*" if rel == "." else (rel if rel.startswith("..") else "./" + rel) + "/*"


def check_tsconfig(
    ws_root: str, tsconfig_rel: str, chain_folders: Sequence[str], existing: Sequence[str]
) -> Diagnostic | None:
    """Check one store's app-root tsconfig.json (workspace-relative path `tsconfig_rel`).

    `chain_folders`: the app folders of the chain, nearest first (the store's own first, the base
    app's last); `existing`: those of them that exist. Either list is accepted."""
    try:
        value = parse_jsonc(fsio.read_bytes(ws_root + "/" + tsconfig_rel))
    except (OSError, ValueError):
        return None  # unreadable or not JSON: the editor's problem, not a chain mismatch
    if not isinstance(value, dict):
        return None
    options = value.get("compilerOptions")
    paths = options.get("paths") if isinstance(options, dict) else None
    found = paths.get(ALIAS) if isinstance(paths, dict) else None
    if not isinstance(found, list) or not all(isinstance(x, str) for x in found):
        return None
    here = posixpath.dirname(tsconfig_rel)
    base_url = options.get("baseUrl") if isinstance(options, dict) else None
    start = posixpath.normpath(posixpath.join(here, base_url)) if isinstance(base_url, str) else here
    resolved = [posixpath.normpath(posixpath.join(start, _folder(x))) for x in found]
    if resolved in (list(chain_folders), list(existing)):
        return None
    expected = [relative_entry(start, f) for f in chain_folders]
    return Diagnostic(
        Level.WARNING,
        "tsconfig-chain-mismatch",
        f'compilerOptions.paths["{ALIAS}"] does not follow the store\'s chain: expected {json.dumps(expected)}, '
        f"found {json.dumps(found)} (imports in the editor resolve differently than in the build)",
        tsconfig_rel,
    )
