"""The engine's structure (issue #8): its import graph has no circle, no module reaches into
another's private state, and the shared small rules (the inside-a-folder check, the workspace
path to layer mapping) say what they should.

Both structural checks read the source with `ast`, so they see every import, also those inside
functions and under `if TYPE_CHECKING:` (a circle hidden there is still a circle).
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest
from storelayers import resolver
from storelayers.resolver import fsio, load

from tests.wsbuilder import build, store

PACKAGE = "storelayers.resolver"
ROOT = Path(resolver.__file__).resolve().parent


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join([PACKAGE, *parts])] = path
    return out


MODULES = _modules()


def _trees() -> dict[str, ast.Module]:
    return {name: ast.parse(path.read_text(encoding="utf-8"), str(path)) for name, path in MODULES.items()}


def import_graph() -> dict[str, set[str]]:
    """Module -> the engine modules it imports (`from pkg import mod` counts as importing `mod`)."""
    graph: dict[str, set[str]] = {}
    for name, tree in _trees().items():
        deps: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                deps.update(a.name for a in node.names if a.name in MODULES)
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(PACKAGE):
                for a in node.names:
                    sub = f"{node.module}.{a.name}"
                    deps.add(sub if sub in MODULES else node.module)
        deps.discard(name)
        graph[name] = {d for d in deps if d in MODULES}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        path.append(n)
        for m in sorted(graph[n]):
            if state.get(m) == 1:
                return path[path.index(m) :] + [m]
            if m not in state:
                found = visit(m)
                if found:
                    return found
        path.pop()
        state[n] = 2
        return None

    for n in sorted(graph):
        if n not in state:
            found = visit(n)
            if found:
                return found
    return None


def test_the_engine_import_graph_has_no_cycle() -> None:
    graph = import_graph()
    assert f"{PACKAGE}.workspace" in graph and f"{PACKAGE}.incremental" in graph[f"{PACKAGE}.workspace"]
    cycle = find_cycle(graph)
    assert cycle is None, " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


# Private names the standard library documents for use (namedtuple's API) or that typing needs.
ALLOWED_PRIVATE = {"_replace", "_asdict", "_fields", "_make", "_SubParsersAction"}


def private_accesses() -> list[str]:
    """`x._name` where `x` is not `self` or `cls` and `_name` is not defined in the same module.

    What "defined" means here: a module-level name, a function or class name, or an attribute
    assigned anywhere in the module (`self._name = ...`, `obj._name = ...`, a class attribute or
    `__slots__` entry). This is a pragmatic check without type inference: an access to a private
    attribute whose name the module also defines itself passes, even on an object of another
    module's class; everything else, including another module's `_function`, is reported."""
    found = []
    for name, tree in _trees().items():
        defined: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                defined.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                defined.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                defined.add(node.attr)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                defined.add(node.target.id)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("_"):
                defined.add(node.value)  # __slots__ entries
        for node in ast.walk(tree):
            if not isinstance(node, ast.Attribute):
                continue
            attr = node.attr
            if not attr.startswith("_") or attr.startswith("__") or attr in ALLOWED_PRIVATE:
                continue
            if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                continue
            if attr in defined:
                continue
            found.append(f"{MODULES[name].relative_to(ROOT)}:{node.lineno}: .{attr}")
    return found


def test_no_engine_module_reaches_into_another_modules_private_state() -> None:
    assert private_accesses() == []


def test_the_private_access_check_sees_an_access(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.py").write_text("class A:\n    def __init__(self):\n        self._x = 1\n")
    (tmp_path / "b.py").write_text("def f(a):\n    return a._x + a._y\n")
    monkeypatch.setattr(
        __import__(__name__, fromlist=["MODULES"]),
        "MODULES",
        {f"{PACKAGE}.a": tmp_path / "a.py", f"{PACKAGE}.b": tmp_path / "b.py"},
    )
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    assert private_accesses() == ["b.py:2: ._x", "b.py:2: ._y"]


# ------------------------------------------------------------------ the inside-a-folder check


def test_is_inside_compares_whole_path_components() -> None:
    sep = os.sep
    a = f"{sep}a{sep}b"
    assert fsio.is_inside(a, a)
    assert fsio.is_inside(f"{a}{sep}c", a)
    assert fsio.is_inside(f"{a}{sep}", a) and fsio.is_inside(a, f"{a}{sep}")
    assert not fsio.is_inside(f"{sep}a{sep}bc", a)  # a sibling sharing a prefix is not inside
    assert not fsio.is_inside(f"{sep}a", a)
    assert fsio.is_inside(f"{sep}anything", sep)  # everything is inside the file system root


def test_is_inside_folds_case_only_when_told() -> None:
    sep = os.sep
    upper, lower = f"{sep}Ws{sep}Apps", f"{sep}ws{sep}apps"
    if os.path.normcase("A") == "A":  # POSIX: case counts unless the file system ignores it
        assert not fsio.is_inside(upper, lower)
    assert fsio.is_inside(upper, lower, case_sensitive=False)
    assert not fsio.is_inside(f"{sep}ws{sep}appsx", lower, case_sensitive=False)


def test_resolves_inside_resolves_symlinks_and_dots(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / "apps").mkdir(parents=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (ws / "apps" / "out").symlink_to(outside, target_is_directory=True)
    (ws / "apps" / "in").symlink_to(ws / "apps", target_is_directory=True)
    sibling = tmp_path / "ws2"
    sibling.mkdir()
    assert fsio.resolves_inside(ws / "apps" / "x.ts", ws)  # need not exist
    assert not fsio.resolves_inside(ws / "apps" / "out" / "x.ts", ws)
    assert fsio.resolves_inside(ws / "apps" / "in" / "x.ts", ws / "apps")
    assert not fsio.resolves_inside(ws / "apps" / ".." / ".." / "ws2", ws)
    assert not fsio.resolves_inside(sibling, ws)


# ------------------------------------------------------------------ workspace path -> layer


def test_layer_of_maps_workspace_paths_to_store_app_and_path(tmp_path: Path) -> None:
    root = build(
        tmp_path / "ws",
        {
            "apps": {
                "web": {"a.ts": "x"},
                "api": {},
                "stores": {"s": store({"web": {"a.ts": "y"}}, {"k": store({"web": {}})})},
            }
        },
    )
    ws = load(root)
    assert ws.layer_of("apps/web/a.ts") == (None, "web", "a.ts")
    assert ws.layer_of("apps/stores/s/web/b/c.ts") == ("apps/stores/s", "web", "b/c.ts")
    assert ws.layer_of("./apps/stores/s/stores/k/web/x.ts") == ("apps/stores/s/stores/k", "web", "x.ts")
    assert ws.layer_of("apps/stores/s/web") is None  # the layer folder itself
    assert ws.layer_of("apps/stores/s/docs/x.md") is None  # not an app folder
    assert ws.layer_of("apps/stores/nope/web/x.ts") is None
    assert ws.layer_of("apps/web") is None
    assert ws.layer_of("README.md") is None
    assert ws.store_prefix("apps/stores/s/stores/k/web/x.ts".split("/")) == 5
    assert ws.store_prefix("apps/web/x.ts".split("/")) == 0
