"""A small workspace with a git history that has one finding of each kind a repair handles."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.gitrepo import commit, git, init
from tests.wsbuilder import build, store

LINES = "".join(f"line {i}\n" for i in range(1, 21))
SHARED = "export const X = 'shared';\n"
DEPLOY = {"deployment": {"framework": "nextjs"}}


def spec() -> dict:
    return {
        "alokai.config.json": {"stores": {"s1": DEPLOY, "s2": DEPLOY, "c1": DEPLOY, "c2": DEPLOY, "c3": DEPLOY}},
        "apps": {
            "web": {
                "package.json": "{}",
                "a.ts": LINES,
                "b.ts": "export const b = 1;\n",
                "d.ts": "// base comment\nexport const d = 1;\n",
                "comp": {"x.tsx": "export const X = 'base';\n", "old.tsx": "old\n" * 10, "gone.tsx": "gone\n"},
            },
            "stores": {
                "s1": store(
                    {
                        "web": {
                            "a.ts": LINES.replace("line 3\n", "line 3 by s1\n"),
                            "b.ts": "export const b = 1;   \r\n",
                            "d.ts": "// s1's own comment\n\nexport const  d = 1;\n",
                            "comp": {"old.tsx": "old\n" * 10 + "s1\n"},
                        }
                    }
                ),
                "s2": store(
                    {"web": {"a.ts": LINES.replace("line 15\n", "line 15 by s2\n"), "comp": {"gone.tsx": "gone s2\n"}}}
                ),
                "tpl": store(
                    {"web": {}},
                    {
                        "c1": store({"web": {"comp": {"x.tsx": SHARED}}}),
                        "c2": store({"web": {"comp": {"x.tsx": SHARED + "\n"}}}),
                        "c3": store({"web": {"only.ts": "c3\n"}}),
                    },
                ),
            },
        },
    }


S1, S2 = "apps/stores/s1/web", "apps/stores/s2/web"
TPL, C1, C2, C3 = (
    "apps/stores/tpl/web",
    "apps/stores/tpl/stores/c1/web",
    "apps/stores/tpl/stores/c2/web",
    "apps/stores/tpl/stores/c3/web",
)


def make(root: Path, history: bool = True) -> Path:
    """Build the workspace; with `history`, a repository in which the base moved on after the stores
    copied it: a.ts changed at line 15, comp/old.tsx renamed to comp/new.tsx, comp/gone.tsx deleted."""
    build(root, spec())
    if not history or not shutil.which("git"):
        return root
    init(root)
    commit(root, "base", 0, ("apps/web",))
    commit(root, "stores", 1)
    a = root / "apps/web/a.ts"
    a.write_text(LINES.replace("line 15\n", "line 15 fixed in base\n"), encoding="utf-8")
    git(root, "mv", "apps/web/comp/old.tsx", "apps/web/comp/new.tsx")
    git(root, "rm", "-q", "apps/web/comp/gone.tsx")
    commit(root, "base: fix line 15, rename old to new, drop gone", 10)
    return root
