"""The GUI's modules import each other without a circle (the window is not a hub its commands import).

The graph is read from the source with `ast`, imports under `if TYPE_CHECKING:` and inside functions
included: a circle hidden there is still a circle for the reader."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
from storelayers import gui

PACKAGE = "storelayers.gui"


def _graph() -> nx.DiGraph:
    root = Path(gui.__file__).resolve().parent
    g: nx.DiGraph = nx.DiGraph()
    modules = {}
    for path in root.rglob("*.py"):
        rel = path.relative_to(root).with_suffix("")
        parts = [p for p in rel.parts if p != "__init__"]
        modules[".".join([PACKAGE, *parts])] = path
    for name, path in modules.items():
        g.add_node(name)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for t in targets:
                if t in modules and t != name:
                    g.add_edge(name, t)
    return g


def test_the_gui_import_graph_has_no_cycle() -> None:
    g = _graph()
    assert len(g) > 30  # every module was read
    assert list(nx.simple_cycles(g)) == []


def test_no_command_or_helper_imports_the_main_window() -> None:
    g = _graph()
    assert set(g.predecessors(f"{PACKAGE}.main_window")) <= {f"{PACKAGE}.app"}
