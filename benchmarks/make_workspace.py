"""Synthetic Alokai Multistore workspaces for benchmarks (issue #2), deterministic from a seed.

    python benchmarks/make_workspace.py OUT --stores 200 --base-files 3000 --seed 0 [--git-commits 2000]

What it writes under OUT (a workspace by SPEC's words):

- ``apps/<app>/``: the base apps. ``storefront-unified-nextjs`` gets most files, then
  ``storefront-middleware`` and ``playwright``. Paths nest like real ones
  (``components/product/card/product-card.tsx``, ``app/[locale]/(default)/cart/page.tsx``,
  ``integrations/sapcc/extensions/unified.ts``, ``tests/e2e/checkout.spec.ts``); files are
  0.5-4 KB of plausible TSX / TS / JSON / CSS / SVG text. Each base app also holds a small
  ``node_modules/`` (and Next.js a ``.next/``), which SPEC rule 8 says to skip.
- ``apps/stores/<id>/...``: stores up to ``depth`` levels deep. Some top-level stores are
  templates with children, some of those children are templates with children of their own;
  the leaves are the deployable stores.
- ``alokai.config.json``: lists the deployable stores (leaves); a few carry ``ignorePaths``.
- every store has ``overrides[0]..overrides[1]`` overrides (files hiding a file of a farther
  layer) spread over the apps, plus 1-4 added files. An override is always a real copy of the
  file it hides: most are edited (a changed literal, an inserted or removed line...), and a
  share (10-30 % per store) are redundant, i.e. equal after SPEC rule 6's normalisation: mostly
  byte-identical copies, some with CRLF line ends or trailing blanks. Telling the two apart
  therefore needs the contents to be read. Child stores override their parents' files too.
- ``.storelayers-bench.json``: a manifest (parameters, counts, and the statuses each store's
  files were built to have), used to reuse a cached workspace and by the generator's test.
  ``.gitignore`` at the root ignores it together with ``node_modules/`` and ``.next/``.

``generate()`` is imported by other benchmarks: keep its signature stable.
``generate_git_history()`` turns a generated workspace into a git repository whose history
(made with ``git fast-import``) ends at exactly the files on disk.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".storelayers-bench.json"
GENERATOR_VERSION = 1

NEXT = "storefront-unified-nextjs"
MIDDLEWARE = "storefront-middleware"
PLAYWRIGHT = "playwright"

# (app name, share of the base files, share of each store's overrides)
DEFAULT_APPS: tuple[tuple[str, float, float], ...] = (
    (NEXT, 0.68, 0.72),
    (MIDDLEWARE, 0.18, 0.16),
    (PLAYWRIGHT, 0.14, 0.12),
)

AppSpec = str | tuple

# SPEC rule 8 names put in the base apps so that the skip is exercised.
_JUNK_PACKAGES = ("react", "next", "@storefront-ui/react", "classnames", "zod", "@playwright/test")

# --------------------------------------------------------------------------- vocabulary

WORDS = (
    "product card cart checkout header footer navigation search filters wishlist account orders "
    "address payment shipping promo banner hero gallery reviews rating price badge modal drawer "
    "dropdown breadcrumbs pagination newsletter locator category listing sidebar menu locale "
    "currency coupon summary totals quantity size color recommendations recent compare skeleton "
    "icon button input checkbox radio select tabs accordion tooltip toast carousel countdown "
    "inventory delivery returns loyalty gift bundle subscription variant stock media video blog "
    "article faq contact store hours map brand collection lookbook banner tile grid list empty "
    "error success login register password profile consent cookie tracking analytics theme"
).split()

BRANDS = (
    "fashion electronics grocery beauty sports home garden toys books outdoor pets auto luxury "
    "kids shoes jewelry furniture pharmacy wine coffee music gaming office travel bikes baby "
    "health tools crafts photo audio watches eyewear lingerie denim surf ski golf tennis yoga "
    "vintage organic bakery deli seafood tea gadgets lighting kitchen bath bedding rugs paint "
    "hardware marine camping fishing hunting equestrian dance art stationery party bridal"
).split()

REGIONS = (
    "us eu uk de fr it es nl be pl se no dk fi at ch cz pt ie gr ro hu jp kr au nz ca mx br ar "
    "cl co za ae sa in sg hk tw th my ph id vn tr il eg ng ke"
).split()

CHANNELS = (
    "b2b b2c outlet mobile kiosk wholesale staff marketplace premium lite pos app clearance members preview"
).split()

SF_UI = (
    "SfButton SfIconChevronRight SfIconChevronLeft SfIconClose SfIconSearch SfIconFavorite "
    "SfIconShoppingCart SfLink SfRating SfCounter SfInput SfSelect SfCheckbox SfRadio SfTooltip "
    "SfDrawer SfModal SfLoaderCircular SfThumbnail SfChip SfBadge SfListItem SfScrollable"
).split()

TAILWIND = (
    "flex flex-col flex-row items-center justify-between justify-center gap-2 gap-4 gap-6 p-2 p-4 "
    "px-4 py-2 py-6 md:px-6 lg:px-10 mt-2 mb-4 text-sm text-base text-lg font-medium font-bold "
    "typography-text-sm typography-headline-4 text-neutral-500 text-primary-700 bg-neutral-100 "
    "bg-white rounded-md rounded-full border border-neutral-200 shadow-md w-full max-w-screen-3xl "
    "mx-auto grid grid-cols-2 md:grid-cols-3 lg:grid-cols-4 hidden md:block truncate line-clamp-2 "
    "hover:underline focus-visible:outline transition-colors duration-200 aspect-square object-cover"
).split()

HOOKS = (
    "useCart useCustomer useProduct useProducts useCategory useSearch useWishlist useCheckout "
    "useAddresses useOrders usePagination useFilters useStore useCurrency useLocale useFormatter"
).split()


def _pascal(name: str) -> str:
    return "".join(p[:1].upper() + p[1:] for p in name.replace(".", "-").split("-") if p)


def _camel(name: str) -> str:
    p = _pascal(name)
    return p[:1].lower() + p[1:]


# --------------------------------------------------------------------------- file contents


class _Text:
    """Plausible source text of roughly a target size, built block by block."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def words(self, lo: int = 1, hi: int = 3, sep: str = "-") -> str:
        return sep.join(self.rng.choice(WORDS) for _ in range(self.rng.randint(lo, hi)))

    def classes(self) -> str:
        return " ".join(self.rng.sample(TAILWIND, self.rng.randint(2, 6)))

    def sentence(self) -> str:
        s = " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(3, 9)))
        return s[:1].upper() + s[1:] + "."

    # ---- kinds

    def tsx(self, name: str, target: int) -> str:
        r = self.rng
        comp = _pascal(name) or "Component"
        imports = ["import classNames from 'classnames';"]
        used_ui = r.sample(SF_UI, r.randint(1, 4))
        imports.append(f"import {{ {', '.join(sorted(used_ui))} }} from '@storefront-ui/react';")
        if r.random() < 0.6:
            imports.insert(0, "import { useState, useMemo } from 'react';")
        if r.random() < 0.7:
            imports.append("import { useTranslations } from 'next-intl';")
        hooks = r.sample(HOOKS, r.randint(0, 2))
        for h in hooks:
            imports.append(f"import {{ {h} }} from '@/hooks/{h[3:4].lower()}{h[4:]}';")
        if r.random() < 0.5:
            other = self.words(1, 2)
            imports.append(f"import {_pascal(other)} from '@/components/{other}';")
        head = ("'use client';\n\n" if r.random() < 0.5 else "") + "\n".join(imports) + "\n\n"
        props = ["  className?: string;"]
        for _ in range(r.randint(1, 5)):
            props.append(
                f"  {_camel(self.words(1, 2))}{'?' if r.random() < 0.5 else ''}: "
                f"{r.choice(['string', 'number', 'boolean', '() => void', 'ReactNode'])};"
            )
        out = [head, f"export interface {comp}Props {{\n" + "\n".join(props) + "\n}\n\n"]
        body = [f"export default function {comp}({{ className, ...attributes }}: {comp}Props) {{\n"]
        if "next-intl" in head:
            body.append(f"  const t = useTranslations('{comp}');\n")
        for h in hooks:
            body.append(f"  const {{ data, isLoading }} = {h}();\n")
        body.append(f"  const [is{_pascal(r.choice(WORDS))}, setIs{_pascal(r.choice(WORDS))}] = useState(false);\n\n")
        jsx = [
            f"  return (\n    <div className={{classNames('{self.classes()}', className)}} "
            f'data-testid="{name}" {{...attributes}}>\n'
        ]
        size = sum(map(len, out)) + sum(map(len, body)) + len(jsx[0]) + 40
        while size < target:
            k = r.random()
            if k < 0.35:
                ui = r.choice(used_ui)
                block = (
                    f'      <{ui}\n        className="{self.classes()}"\n'
                    f'        aria-label="{self.words(1, 3, " ")}"\n      >\n'
                    f"        {{t ? t('{_camel(self.words(1, 2))}') : '{self.sentence()}'}}\n      </{ui}>\n"
                )
                jsx.append(block)
            elif k < 0.6:
                jsx.append(f'      <p className="{self.classes()}">{self.sentence()}</p>\n')
            elif k < 0.8:
                v = _camel(self.words(1, 2))
                jsx.append(f'      {{{v} && (\n        <span className="{self.classes()}">{{{v}}}</span>\n      )}}\n')
                body.insert(len(body) - 1, f"  const {v} = useMemo(() => '{self.words(1, 3, ' ')}', []);\n")
            else:
                jsx.append(
                    f'      <ul className="{self.classes()}">\n'
                    f"        {{[{', '.join(repr(self.words(1, 1)) for _ in range(r.randint(2, 5)))}].map((item) => (\n"
                    f'          <li key={{item}} className="{self.classes()}">{{item}}</li>\n'
                    f"        ))}}\n      </ul>\n"
                )
            size += len(jsx[-1]) + 2
        jsx.append("    </div>\n  );\n}\n")
        return "".join(out) + "".join(body) + "".join(jsx)

    def ts(self, name: str, target: int, flavour: str = "module") -> str:
        r = self.rng
        lines = []
        if flavour == "middleware":
            lines.append("import type { Integration } from '@vue-storefront/middleware';")
            lines.append(f"import {{ {r.choice(['sapccClient', 'cmsClient', 'searchClient'])} }} from '../client';")
        elif flavour == "sdk":
            lines.append("import { initSDK, buildModule } from '@vue-storefront/sdk';")
            lines.append("import { unifiedModule } from '@vsf-enterprise/unified-api-sapcc';")
        else:
            lines.append("import { z } from 'zod';")
            if r.random() < 0.5:
                lines.append(f"import type {{ {_pascal(self.words(1, 2))} }} from '@/types';")
        lines.append("")
        size = sum(len(x) + 1 for x in lines)
        while size < target:
            k = r.random()
            nm = _camel(self.words(1, 3))
            if k < 0.3:
                fields = "\n".join(
                    f"  {_camel(self.words(1, 2))}: {r.choice(['string', 'number', 'boolean', 'string[]'])};"
                    for _ in range(r.randint(2, 6))
                )
                block = f"export interface {_pascal(nm)} {{\n{fields}\n}}\n"
            elif k < 0.7:
                args = ", ".join(
                    f"{_camel(self.words(1, 1))}: {r.choice(['string', 'number'])}" for _ in range(r.randint(0, 3))
                )
                stmts = "\n".join(
                    f"  const {_camel(self.words(1, 2))} = {r.choice(['await fetch', 'normalize', 'format', 'Math.max'])}"
                    f"('{self.words(1, 3, '/')}', {r.randint(0, 500)});"
                    for _ in range(r.randint(1, 4))
                )
                block = (
                    f"export {'async ' if r.random() < 0.5 else ''}function {nm}({args}) {{\n{stmts}\n"
                    f"  return {{ {', '.join(_camel(self.words(1, 1)) + ': ' + str(r.randint(0, 99)) for _ in range(r.randint(1, 3)))} }};\n}}\n"
                )
            elif k < 0.85:
                items = ",\n".join(
                    f"  {_camel(self.words(1, 2))}: '{self.words(1, 3, ' ')}'" for _ in range(r.randint(2, 6))
                )
                block = f"export const {nm} = {{\n{items},\n}} as const;\n"
            else:
                block = f"// {self.sentence()}\nexport const {nm}Schema = z.object({{ id: z.string(), qty: z.number().min({r.randint(0, 3)}) }});\n"
            lines.append(block)
            size += len(block) + 1
        return "\n".join(lines)

    def spec(self, name: str, target: int) -> str:
        r = self.rng
        title = name.replace("-", " ").replace(".spec", "")
        out = [
            "import { test, expect } from '@playwright/test';\n",
            f"import {{ {_pascal(self.words(1, 1))}Page }} from '../pageObjects/{self.words(1, 1)}.page';\n\n",
            f"test.describe('{title}', () => {{\n",
        ]
        size = sum(map(len, out))
        while size < target:
            steps = "".join(
                r.choice(
                    [
                        f"    await page.goto('/{self.words(1, 3, '/')}');\n",
                        f"    await page.getByTestId('{self.words(1, 2)}').click();\n",
                        f"    await expect(page.getByRole('{r.choice(['button', 'link', 'heading', 'dialog'])}', {{ name: '{self.words(1, 2, ' ')}' }})).toBeVisible();\n",
                        f"    await page.getByLabel('{self.words(1, 2, ' ')}').fill('{self.words(1, 1)}');\n",
                        f"    await expect(page).toHaveURL(/{self.words(1, 1)}/);\n",
                    ]
                )
                for _ in range(r.randint(2, 6))
            )
            block = f"  test('{self.sentence()[:-1].lower()}', async ({{ page }}) => {{\n{steps}  }});\n\n"
            out.append(block)
            size += len(block)
        out.append("});\n")
        return "".join(out)

    def json_messages(self, target: int) -> str:
        d = {}
        size = 4
        while size < target:
            k = _camel(self.words(1, 3))
            d[k] = self.sentence()
            size += len(k) + len(d[k]) + 8
        return json.dumps(d, indent=2) + "\n"

    def css(self, target: int) -> str:
        out = ["@tailwind base;\n@tailwind components;\n@tailwind utilities;\n\n"]
        size = len(out[0])
        while size < target:
            block = (
                f".{self.words(1, 2)} {{\n  @apply {self.classes()};\n"
                f"  --{self.words(1, 2)}: #{self.rng.randrange(0x1000000):06x};\n}}\n\n"
            )
            out.append(block)
            size += len(block)
        return "".join(out)

    def svg(self, target: int) -> str:
        r = self.rng
        out = ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none">\n']
        size = len(out[0])
        while size < target:
            pts = " ".join(
                f"{r.choice('MLQC')}{r.uniform(0, 24):.2f} {r.uniform(0, 24):.2f}" for _ in range(r.randint(3, 8))
            )
            block = f'  <path d="{pts}Z" stroke="currentColor" stroke-width="{r.choice(["1.5", "2"])}"/>\n'
            out.append(block)
            size += len(block)
        out.append("</svg>\n")
        return "".join(out)


def _target_size(rng: random.Random) -> int:
    """0.5-4 KB, more small files than large ones (log-uniform)."""
    return int(math.exp(rng.uniform(math.log(500), math.log(3800))))


def _content_for(rng: random.Random, path: str) -> str:
    t = _Text(rng)
    target = _target_size(rng)
    base = path.rsplit("/", 1)[-1]
    stem = base.split(".", 1)[0]
    if base.endswith(".spec.ts"):
        return t.spec(stem, target)
    if base.endswith(".tsx"):
        return t.tsx(stem, target)
    if base.endswith(".json"):
        return t.json_messages(target)
    if base.endswith(".css"):
        return t.css(target)
    if base.endswith(".svg"):
        return t.svg(target)
    flavour = (
        "middleware" if path.startswith(("integrations/", "src/")) else ("sdk" if path.startswith("sdk/") else "module")
    )
    return t.ts(stem, target, flavour)


# --------------------------------------------------------------------------- edits


def edit(text: str, rng: random.Random) -> str:
    """A real edit: the result differs from `text` after SPEC rule 6's normalisation."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        k = rng.random()
        i = rng.randrange(len(lines))
        if k < 0.35:  # change a literal or a class name on some line
            for _try in range(6):
                j = rng.randrange(len(lines))
                w = next((w for w in WORDS if w in lines[j]), None)
                if w is not None:
                    lines[j] = lines[j].replace(w, rng.choice(WORDS) + "-" + rng.choice(BRANDS), 1)
                    break
            else:
                lines.insert(i, f"// {rng.choice(BRANDS)}: {rng.choice(WORDS)} {rng.choice(WORDS)}")
        elif k < 0.65:  # insert a line
            indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
            lines.insert(
                i,
                indent
                + rng.choice(
                    [
                        f"// store-specific: {rng.choice(WORDS)} {rng.choice(WORDS)}",
                        f"const {_camel(rng.choice(WORDS) + '-' + rng.choice(WORDS))} = {rng.randint(0, 999)};",
                        f"/* {rng.choice(BRANDS)} asked for {rng.choice(WORDS)} */",
                    ]
                ),
            )
        elif k < 0.85 and len(lines) > 6:  # remove a non-empty line
            cands = [j for j, ln in enumerate(lines) if ln.strip()]
            if cands:
                del lines[rng.choice(cands)]
        else:  # append a block
            lines.append(f"// {rng.choice(BRANDS)} override: {' '.join(rng.choice(WORDS) for _ in range(5))}")
    out = "\n".join(lines)
    if _norm(out) == _norm(text):
        out = text + f"\n// {rng.choice(BRANDS)}-{rng.randint(0, 99999)}\n"
    return out


def _whitespace_copy(text: str, rng: random.Random) -> str:
    """A copy that is redundant by SPEC rule 6 although its bytes differ."""
    k = rng.random()
    if "\r" in text:  # already CRLF (a parent's copy): the LF copy is the redundant one
        return text.replace("\r\n", "\n")
    if k < 0.5:
        return text.replace("\n", "\r\n")
    if k < 0.8:
        lines = text.split("\n")
        for _ in range(rng.randint(1, 4)):
            j = rng.randrange(len(lines))
            lines[j] = lines[j] + rng.choice([" ", "  ", "\t", " \t"])
        return "\n".join(lines)
    return text.rstrip("\n") + "\n\n\n"


def _norm(text: str) -> str:
    t = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(ln.rstrip(" \t") for ln in t.split("\n")).rstrip(" \t\n")


# --------------------------------------------------------------------------- base apps

# top folder, weight, extensions (with weights), subfolder depth range
_LAYOUT = {
    NEXT: [
        ("components", 42, ((".tsx", 8), ("/index.ts", 1), (".test.tsx", 1)), (0, 3)),
        ("app/[locale]", 12, (("/page.tsx", 5), ("/layout.tsx", 2), ("/loading.tsx", 1), ("/error.tsx", 1)), (1, 3)),
        ("hooks", 7, ((".ts", 1),), (0, 1)),
        ("helpers", 6, ((".ts", 1),), (0, 2)),
        ("sdk", 4, ((".ts", 1),), (0, 2)),
        ("config", 3, ((".ts", 1),), (0, 1)),
        ("lang", 5, ((".json", 1),), (1, 1)),
        ("public/icons", 5, ((".svg", 1),), (0, 1)),
        ("layouts", 5, ((".tsx", 1),), (0, 2)),
        ("providers", 3, ((".tsx", 1),), (0, 1)),
        ("styles", 2, ((".css", 1),), (0, 1)),
        ("types", 3, ((".ts", 1),), (0, 1)),
        ("mocks", 3, ((".ts", 1), (".json", 1)), (0, 2)),
    ],
    MIDDLEWARE: [
        ("integrations", 55, ((".ts", 1),), (1, 3)),
        ("src", 25, ((".ts", 1),), (0, 2)),
        ("extensions", 12, ((".ts", 1),), (0, 2)),
        ("types", 8, ((".ts", 1),), (0, 1)),
    ],
    PLAYWRIGHT: [
        ("tests/e2e", 45, ((".spec.ts", 1),), (0, 2)),
        ("tests/visual", 15, ((".spec.ts", 1),), (0, 1)),
        ("pageObjects", 20, ((".page.ts", 1),), (0, 1)),
        ("fixtures", 10, ((".ts", 1), (".json", 1)), (0, 1)),
        ("mocks", 10, ((".json", 1), (".ts", 1)), (0, 2)),
    ],
}
_GENERIC_LAYOUT = [("src", 60, ((".ts", 2), (".tsx", 1)), (0, 3)), ("test", 40, ((".spec.ts", 1),), (0, 2))]

_APP_ROOT = {
    NEXT: ("next.config.mjs", "middleware.ts", ".eslintrc.json", ".env.example", "tailwind.config.ts", "i18n.ts"),
    MIDDLEWARE: ("middleware.config.ts", ".env.example", "src/index.ts"),
    PLAYWRIGHT: ("playwright.config.ts", "global-setup.ts"),
}

_LOCALES = ("en", "de", "fr", "es", "it", "nl", "pl", "ja")


def _base_paths(rng: random.Random, app: str, n: int) -> list[str]:
    """`n` unique relative paths for a base app, nested like a real one."""
    layout = _LAYOUT.get(app, _GENERIC_LAYOUT)
    out: list[str] = []
    seen: set[str] = set()

    def add(p: str) -> None:
        if p not in seen and len(out) < n:
            seen.add(p)
            out.append(p)

    add("package.json")
    add("tsconfig.json")
    for p in _APP_ROOT.get(app, ()):
        add(p)
    folders: dict[str, list[str]] = {top: [top] for top, *_ in layout}
    weights = [w for _top, w, _e, _d in layout]
    guard = 0
    while len(out) < n:
        guard += 1
        if guard > n * 50:
            raise RuntimeError("could not make enough unique paths")
        top, _w, exts, (dlo, dhi) = rng.choices(layout, weights)[0]
        pool = folders[top]
        depth_of = lambda f: f.count("/") - top.count("/")  # noqa: E731
        if top == "lang":
            folder = f"lang/{rng.choice(_LOCALES)}"
        elif depth_of(pool[-1]) < dlo or (rng.random() < 0.22 and len(pool) < 2 + len(out) // 6):
            parent = rng.choice([f for f in pool if depth_of(f) < dhi] or [top])
            seg = rng.choice(WORDS)
            if top.startswith("app/"):
                seg = rng.choice([seg, f"({seg})", f"[{rng.choice(['slug', 'id', 'handle'])}]", "(default)"])
            folder = f"{parent}/{seg}"
            pool.append(folder)
        else:
            cands = [f for f in pool if depth_of(f) >= dlo]
            folder = rng.choice(cands or pool)
        ext = rng.choices([e for e, _ in exts], [w for _, w in exts])[0]
        if ext.startswith("/"):  # a fixed name in a folder of its own
            add(f"{folder}{ext}")
        else:
            add(f"{folder}/{'-'.join(rng.choice(WORDS) for _ in range(rng.randint(1, 2)))}{ext}")
    return out


def _special_content(app: str, path: str, rng: random.Random) -> str | None:
    if path == "package.json":
        deps = {p: f"^{rng.randint(1, 18)}.{rng.randint(0, 9)}.{rng.randint(0, 20)}" for p in _JUNK_PACKAGES}
        return (
            json.dumps(
                {
                    "name": app,
                    "private": True,
                    "version": "1.0.0",
                    "scripts": {"dev": "next dev", "build": "next build", "lint": "eslint ."},
                    "dependencies": deps,
                },
                indent=2,
            )
            + "\n"
        )
    if path == "tsconfig.json":
        return (
            json.dumps(
                {
                    "extends": "../../tsconfig.base.json",
                    "compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["./*"]}, "strict": True},
                    "include": ["**/*.ts", "**/*.tsx"],
                    "exclude": ["node_modules"],
                },
                indent=2,
            )
            + "\n"
        )
    return None


# --------------------------------------------------------------------------- stores


@dataclass
class _Store:
    id: str
    key: str  # workspace-relative folder
    parent: _Store | None
    depth: int
    template: bool
    files: dict[tuple[str, str], str] = field(default_factory=dict)  # (app, rel) -> text
    expected: dict[str, dict[str, int]] = field(default_factory=dict)  # app -> status -> count

    def chain(self) -> list[_Store]:
        out, s = [], self
        while s is not None:
            out.append(s)
            s = s.parent
        return out


def _hierarchy(rng: random.Random, n: int, depth: int) -> list[_Store]:
    """`n` stores, parents first: top-level templates, second-level templates, then leaves."""
    if n <= 0:
        return []
    depth = max(1, depth)
    n_t1 = 0 if depth < 2 or n < 2 else max(1, round(n * 0.06))
    n_t2 = 0 if depth < 3 or n < 4 else max(1, round(n * 0.04))
    n_leaf = n - n_t1 - n_t2
    while n_leaf < n_t1 + n_t2 and (n_t1 or n_t2):  # every template needs a leaf somewhere below
        if n_t2:
            n_t2 -= 1
        else:
            n_t1 -= 1
        n_leaf += 1
    brands = list(BRANDS)
    rng.shuffle(brands)
    used: set[str] = set()
    counter = [0]

    def top_id() -> str:
        i = counter[0]
        counter[0] += 1
        b = brands[i % len(brands)]
        return b if i < len(brands) else f"{b}{i // len(brands) + 1}"

    children: dict[str, list[str]] = {}

    def child_id(parent: _Store, words: Sequence[str]) -> str:
        taken = children.setdefault(parent.id, [])
        free = [w for w in words if f"{parent.id}-{w}" not in used]
        w = rng.choice(free) if free else f"{rng.choice(words)}{len(taken) + 2}"
        sid = f"{parent.id}-{w}"
        while sid in used:
            sid += "x"
        taken.append(sid)
        return sid

    stores: list[_Store] = []

    def make(sid: str, parent: _Store | None, template: bool) -> _Store:
        used.add(sid)
        key = f"apps/stores/{sid}" if parent is None else f"{parent.key}/stores/{sid}"
        s = _Store(sid, key, parent, 1 if parent is None else parent.depth + 1, template)
        stores.append(s)
        return s

    t1 = [make(top_id(), None, True) for _ in range(n_t1)]
    t2 = [make(child_id(p, REGIONS), p, True) for p in (rng.choice(t1) for _ in range(n_t2))]
    has_child = {s.parent.key for s in t2}
    parents: list[_Store | None] = []
    for s in t2:
        parents.append(s)
    for s in t1:
        if s.key not in has_child:
            parents.append(s)
    while len(parents) < n_leaf:
        k = rng.random()
        if k < 0.25 or not t1:
            parents.append(None)
        elif k < 0.6 or not t2:
            parents.append(rng.choice(t1))
        else:
            parents.append(rng.choice(t2))
    parents = parents[:n_leaf]
    leaves = []
    for p in parents:
        if p is None:
            leaves.append(make(top_id(), None, False))
        else:
            leaves.append(make(child_id(p, CHANNELS if p.depth >= 2 else REGIONS), p, False))
    order = {id(s): i for i, s in enumerate(t1 + t2 + leaves)}
    return sorted(stores, key=lambda s: order[id(s)])


def _app_specs(apps: Sequence[AppSpec]) -> list[tuple[str, float, float]]:
    out = []
    for a in apps:
        if isinstance(a, str):
            d = next((x for x in DEFAULT_APPS if x[0] == a), None)
            out.append(d if d is not None else (a, 1.0, 1.0))
        else:
            name = a[0]
            share = float(a[1]) if len(a) > 1 else 1.0
            ovr = float(a[2]) if len(a) > 2 else share
            out.append((name, share, ovr))
    if not out:
        raise ValueError("at least one app is needed")
    return out


def _split(total: int, weights: Sequence[float]) -> list[int]:
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [int(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)[: total - sum(out)]:
        out[i] += 1
    return out


def _config_text(leaves: Sequence[_Store], ignore: dict[str, list[str]]) -> str:
    stores = {}
    for i, s in enumerate(leaves):
        entry: dict = {
            "localPorts": {"middleware": 4000 + i, "frontend": 3000 + i},
            "deployment": {"region": "europe-west1"},  # @alokai/cli 2.x: a deployment object makes it deployable
        }
        if s.id in ignore:
            entry["ignorePaths"] = ignore[s.id]
        stores[s.id] = entry
    return (
        json.dumps({"$schema": "https://docs.alokai.com/schemas/alokai-config.json", "stores": stores}, indent=2) + "\n"
    )


# --------------------------------------------------------------------------- generate


def generate(
    out: Path,
    stores: int = 200,
    base_files: int = 3000,
    seed: int = 0,
    overrides: tuple[int, int] = (20, 60),
    depth: int = 3,
    apps: Sequence[AppSpec] = DEFAULT_APPS,
) -> Path:
    """Write a synthetic workspace into `out` and return its absolute path.

    Deterministic: the same arguments give the same files, byte for byte. `out` must be missing,
    empty, or a workspace this function wrote before (it is then replaced). `apps` items are app
    names, or (name, share of base files, share of overrides) tuples.
    """
    t0 = time.perf_counter()
    out = Path(out).absolute()
    if out.exists():
        if (out / MANIFEST).is_file():
            shutil.rmtree(out)
        elif any(out.iterdir()):
            raise FileExistsError(f"{out} is not empty and was not written by make_workspace; refusing to replace it")
    out.mkdir(parents=True, exist_ok=True)
    lo, hi = overrides
    if lo < 0 or hi < lo:
        raise ValueError("overrides must be (low, high) with 0 <= low <= high")
    specs = _app_specs(apps)
    rng = random.Random(f"storelayers-bench:{seed}")

    files: dict[str, str] = {}  # workspace-relative path -> text

    # ---- base apps
    base: dict[str, dict[str, str]] = {}
    for (app, _share, _o), n in zip(specs, _split(base_files, [s[1] for s in specs]), strict=False):
        arng = random.Random(f"{seed}:base:{app}")
        contents: dict[str, str] = {}
        for p in _base_paths(arng, app, n):
            contents[p] = _special_content(app, p, arng) or _content_for(arng, p)
        base[app] = contents
        for p, text in contents.items():
            files[f"apps/{app}/{p}"] = text
        for pkg in _JUNK_PACKAGES:  # SPEC rule 8: never listed by a resolver
            files[f"apps/{app}/node_modules/{pkg}/package.json"] = json.dumps({"name": pkg, "version": "1.0.0"}) + "\n"
            files[f"apps/{app}/node_modules/{pkg}/index.js"] = "module.exports = {};\n"
        if app == NEXT:
            files[f"apps/{app}/.next/cache/build-manifest.json"] = "{}\n"
            files[f"apps/{app}/.next/server/app/page.js"] = "export default 1;\n"

    # ---- stores
    tree = _hierarchy(rng, stores, depth)
    app_names = [s[0] for s in specs]
    ovr_weights = [s[2] for s in specs]
    base_pool = {app: [p for p in base[app] if p not in ("package.json", "tsconfig.json")] for app in app_names}
    for s in tree:
        srng = random.Random(f"{seed}:store:{s.id}")
        chain = s.chain()[1:]  # ancestors, nearest first
        n_ovr = srng.randint(lo, hi)
        redundant_rate = srng.uniform(0.10, 0.30)
        per_app = _split(n_ovr, [w * srng.uniform(0.6, 1.4) for w in ovr_weights])
        for app, k in zip(app_names, per_app, strict=False):
            exp = s.expected.setdefault(app, {"override": 0, "redundant": 0, "added": 0})
            anc_paths = []
            for a in chain:
                anc_paths.extend(p for (ap, p) in a.files if ap == app)
            anc_paths = sorted(set(anc_paths))
            chosen: list[str] = []
            taken: set[str] = set()
            pool = base_pool[app]
            guard = 0
            while len(chosen) < k and guard < k * 20:
                guard += 1
                if anc_paths and srng.random() < 0.3:
                    p = srng.choice(anc_paths)
                elif pool:
                    p = srng.choice(pool)
                else:
                    break
                if p not in taken:
                    taken.add(p)
                    chosen.append(p)
            for p in chosen:
                hidden = next((a.files[(app, p)] for a in chain if (app, p) in a.files), None)
                if hidden is None:
                    hidden = base[app][p]
                if srng.random() < redundant_rate:
                    text = hidden if srng.random() < 0.75 else _whitespace_copy(hidden, srng)
                    exp["redundant"] += 1
                else:
                    text = edit(hidden, srng)
                    exp["override"] += 1
                s.files[(app, p)] = text
        # a few added files, mostly in the storefront
        for _ in range(srng.randint(1, 4)):
            app = srng.choices(app_names, ovr_weights)[0]
            if app == NEXT:
                p = f"components/{s.id}/{srng.choice(WORDS)}-{srng.choice(WORDS)}.tsx"
            elif app == PLAYWRIGHT:
                p = f"tests/e2e/{s.id}/{srng.choice(WORDS)}.spec.ts"
            else:
                p = f"integrations/{s.id}/{srng.choice(WORDS)}.ts"
            visible = (app, p) in s.files or any((app, p) in a.files for a in chain) or p in base[app]
            if visible:
                continue
            s.files[(app, p)] = _content_for(srng, p)
            s.expected.setdefault(app, {"override": 0, "redundant": 0, "added": 0})["added"] += 1
        for (app, p), text in s.files.items():
            files[f"{s.key}/{app}/{p}"] = text

    # ---- config: leaves are deployable; a few carry ignorePaths
    leaves = [s for s in tree if not s.template]
    ignore: dict[str, list[str]] = {}
    irng = random.Random(f"{seed}:ignore")
    next_dirs = sorted({p.rsplit("/", 1)[0] for p in base.get(NEXT, {}) if "/" in p})
    pw_dirs = sorted({p.rsplit("/", 1)[0] for p in base.get(PLAYWRIGHT, {}) if "/" in p})
    if leaves:
        for s in irng.sample(leaves, max(1, len(leaves) // 20)):
            pats = []
            if next_dirs:
                pats.append(irng.choice(next_dirs) + "/")
            if pw_dirs and irng.random() < 0.6:
                pats.append(irng.choice(pw_dirs) + "/**")
            pats.append(irng.choice(["*.test.tsx", "mocks/", "**/*.stories.tsx"]))
            if irng.random() < 0.3 and pats:
                pats.append("!" + pats[0].rstrip("/") + "/index.ts")
            ignore[s.id] = pats
    files["alokai.config.json"] = _config_text(leaves, ignore)
    files[".gitignore"] = f"node_modules/\n.next/\n.turbo/\n.out/\n{MANIFEST}\n"

    # ---- write
    made: set[str] = set()
    n_bytes = 0
    for rel, text in files.items():
        d = rel.rpartition("/")[0]
        if d and d not in made:
            os.makedirs(out / d, exist_ok=True)
            made.add(d)
        data = text.encode("utf-8")
        n_bytes += len(data)
        with open(out / rel, "wb") as fh:
            fh.write(data)

    layer_files = sum(len(s.files) for s in tree)
    manifest = {
        "generator": "benchmarks/make_workspace.py",
        "version": GENERATOR_VERSION,
        "params": _params(stores, base_files, seed, overrides, depth, specs),
        "stores": len(tree),
        "templates": sum(1 for s in tree if s.template),
        "deployable": len(leaves),
        "max_depth": max((s.depth for s in tree), default=0),
        "base_files": sum(len(v) for v in base.values()),
        "store_files": layer_files,
        "files_written": len(files),
        "bytes_written": n_bytes,
        "overrides": sum(e["override"] for s in tree for e in s.expected.values()),
        "redundant": sum(e["redundant"] for s in tree for e in s.expected.values()),
        "added": sum(e["added"] for s in tree for e in s.expected.values()),
        "ignore_paths": ignore,
        "expected": {s.key: s.expected for s in tree},
        "seconds": round(time.perf_counter() - t0, 3),
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return out


def _params(stores, base_files, seed, overrides, depth, specs) -> dict:
    return {
        "stores": stores,
        "base_files": base_files,
        "seed": seed,
        "overrides": list(overrides),
        "depth": depth,
        "apps": [list(s) for s in specs],
    }


def read_manifest(root: Path) -> dict | None:
    try:
        return json.loads((Path(root) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def matches(
    root: Path,
    stores: int = 200,
    base_files: int = 3000,
    seed: int = 0,
    overrides: tuple[int, int] = (20, 60),
    depth: int = 3,
    apps: Sequence[AppSpec] = DEFAULT_APPS,
) -> bool:
    """True when `root` holds a workspace generate() wrote with these arguments (for caching)."""
    m = read_manifest(root)
    return (
        m is not None
        and m.get("version") == GENERATOR_VERSION
        and m.get("params") == _params(stores, base_files, seed, overrides, depth, _app_specs(apps))
        and (Path(root) / "apps").is_dir()
    )


# --------------------------------------------------------------------------- git history

_AUTHORS = (
    ("Ada Kowalska", "ada@example.com"),
    ("Bruno Silva", "bruno@example.com"),
    ("Chen Wei", "chen@example.com"),
    ("Dara O'Neill", "dara@example.com"),
    ("Emre Yilmaz", "emre@example.com"),
    ("Fatima Zahra", "fatima@example.com"),
    ("Gustav Berg", "gustav@example.com"),
    ("Hana Sato", "hana@example.com"),
)
_SKIP_IN_GIT = frozenset({"node_modules", ".git", ".next", ".turbo", ".out", MANIFEST})
_EPOCH = 1641200400  # 2022-01-03 09:00 UTC


def _workspace_files(root: Path) -> list[str]:
    out = []
    for dirpath, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_IN_GIT)
        rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
        for n in sorted(names):
            if n in _SKIP_IN_GIT:
                continue
            out.append(n if rel_dir == "." else f"{rel_dir}/{n}")
    return out


def _store_key_of(rel: str, apps: set[str]) -> str | None:
    """The store folder a workspace path lies in, None for base apps and root files."""
    parts = rel.split("/")
    if len(parts) < 3 or parts[0] != "apps" or parts[1] != "stores":
        return None
    i, key = 2, None
    while i < len(parts) - 1:
        key = "/".join(parts[: i + 1])
        nxt = parts[i + 1] if i + 1 < len(parts) else ""
        if nxt == "stores" and i + 2 < len(parts) - 1:
            i += 2
            continue
        break
    return key


def generate_git_history(root: Path, commits: int = 2000, seed: int = 0) -> Path:
    """Make `root` a git repository whose `commits` commits end at exactly the files on disk.

    The first commit imports the base apps; the stores arrive over later commits (parents first),
    interleaved with edit commits that change 1-4 base or store files each. Every file's last
    version in the history is its content on disk, so the work tree is clean at the end. Author and
    committer dates increase from 2022-01-03. Built with `git fast-import`; raises FileExistsError
    when `root` already holds a `.git`.
    """
    root = Path(root).absolute()
    if commits < 1:
        raise ValueError("commits must be at least 1")
    if (root / ".git").exists():
        raise FileExistsError(f"{root} already has a .git")
    rng = random.Random(f"storelayers-git:{seed}")
    apps = {
        p.name for p in (root / "apps").iterdir() if p.is_dir() and p.name != "stores" and not p.name.startswith(".")
    }
    all_files = _workspace_files(root)
    by_store: dict[str, list[str]] = {}
    root_files: list[str] = []
    for rel in all_files:
        k = _store_key_of(rel, apps)
        if k is None:
            root_files.append(rel)
        else:
            by_store.setdefault(k, []).append(rel)
    store_keys = sorted(by_store, key=lambda k: (k.count("/stores/"), k))  # parents before children
    config = "alokai.config.json"
    first = [f for f in root_files if f != config]

    n_store_commits = min(len(store_keys), (commits - 1) // 2) if commits > 1 else 0
    timeline: list[list[str]] = [[] for _ in range(commits)]  # commit -> paths written
    kinds = ["edit"] * commits
    kinds[0] = "import"
    timeline[0] = list(first)
    if n_store_commits == 0:
        for k in store_keys:
            timeline[0].extend(by_store[k])
        if (root / config).exists():
            timeline[0].append(config)
    else:
        slots = sorted({1 + (i * (commits - 1)) // n_store_commits for i in range(n_store_commits)})
        while len(slots) < n_store_commits:  # cannot happen with n <= (commits-1)//2, kept for safety
            slots.append(max(slots) + 1)
        groups = _split(len(store_keys), [1] * n_store_commits)
        pos = 0
        for slot, g in zip(slots, groups, strict=False):
            kinds[slot] = "stores"
            for k in store_keys[pos : pos + g]:
                timeline[slot].extend(by_store[k])
            if (root / config).exists():
                timeline[slot].append(config)
            pos += g
    # edit commits touch files that exist by then
    existing = list(first)
    ex_set = set(existing)
    for i in range(commits):
        if kinds[i] == "edit":
            n = rng.randint(1, 4)
            for _ in range(n):
                p = rng.choice(existing)
                if p.startswith("apps/") and p not in timeline[i]:
                    timeline[i].append(p)
        else:
            for p in timeline[i]:
                if p not in ex_set:
                    ex_set.add(p)
                    existing.append(p)
    last_touch: dict[str, int] = {}
    for i, paths in enumerate(timeline):
        for p in paths:
            last_touch[p] = i

    disk: dict[str, bytes] = {}

    def content(p: str) -> bytes:
        b = disk.get(p)
        if b is None:
            b = (root / p).read_bytes()
            disk[p] = b
        return b

    leaves_json = None
    if (root / config).exists():
        try:
            leaves_json = json.loads(content(config))
        except ValueError:
            leaves_json = None
    known_ids: set[str] = set()

    chunks: list[bytes] = []
    when = _EPOCH
    for i, paths in enumerate(timeline):
        when += rng.randint(600, 4 * 3600)
        name, email = rng.choice(_AUTHORS)
        tz = rng.choice(["+0000", "+0100", "+0200", "-0500"])
        if kinds[i] == "import":
            msg = "chore: import base apps"
        elif kinds[i] == "stores":
            ids = sorted({k.rsplit("/", 1)[-1] for k in {_store_key_of(p, apps) for p in paths} if k})
            known_ids.update(ids)
            msg = f"feat(stores): add {', '.join(ids[:5])}{' and more' if len(ids) > 5 else ''}"
        else:
            p0 = paths[0] if paths else ""
            scope = (_store_key_of(p0, apps) or "base").rsplit("/", 1)[-1]
            msg = (
                f"{rng.choice(['fix', 'feat', 'refactor', 'chore', 'style'])}({scope}): "
                f"{rng.choice(['update', 'tweak', 'rework', 'adjust'])} {p0.rsplit('/', 1)[-1]}"
            )
        body = msg.encode("utf-8") + b"\n"
        chunks.append(b"commit refs/heads/main\n")
        chunks.append(f"mark :{i + 1}\n".encode())
        chunks.append(f"author {name} <{email}> {when} {tz}\n".encode())
        chunks.append(f"committer {name} <{email}> {when} {tz}\n".encode())
        chunks.append(f"data {len(body)}\n".encode() + body)
        if i:
            chunks.append(f"from :{i}\n".encode())
        for p in paths:
            if last_touch[p] == i:
                data = content(p)
            elif p == config and leaves_json is not None:
                partial = dict(leaves_json)
                partial["stores"] = {k: v for k, v in leaves_json.get("stores", {}).items() if k in known_ids}
                data = (json.dumps(partial, indent=2) + "\n").encode("utf-8")
            else:
                text = content(p).decode("utf-8", errors="replace")
                data = edit(text, rng).encode("utf-8")
            mode = "100755" if os.access(root / p, os.X_OK) and not (root / p).is_dir() else "100644"
            chunks.append(f"M {mode} inline {p}\ndata {len(data)}\n".encode() + data + b"\n")
        chunks.append(b"\n")
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_TERMINAL_PROMPT="0")
    git = ["git", "-C", str(root)]
    subprocess.run(git + ["init", "-q", "-b", "main"], check=True, env=env)
    subprocess.run(git + ["fast-import", "--quiet", "--done"], input=b"".join(chunks) + b"done\n", check=True, env=env)
    subprocess.run(git + ["reset", "-q"], check=True, env=env)  # index from HEAD; files on disk already match
    subprocess.run(git + ["update-index", "-q", "--refresh"], check=False, env=env)
    return root


# --------------------------------------------------------------------------- command line


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write a synthetic Alokai Multistore workspace for benchmarks.")
    ap.add_argument("out", type=Path, help="folder to write (missing, empty, or written by this script before)")
    ap.add_argument("--stores", type=int, default=200)
    ap.add_argument("--base-files", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--overrides",
        type=int,
        nargs=2,
        default=(20, 60),
        metavar=("LOW", "HIGH"),
        help="overrides per store, drawn uniformly (default 20 60)",
    )
    ap.add_argument("--depth", type=int, default=3, help="store levels (default 3)")
    ap.add_argument(
        "--git-commits",
        type=int,
        default=0,
        metavar="N",
        help="also make the workspace a git repository with N commits (e.g. 2000)",
    )
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    root = generate(a.out, a.stores, a.base_files, a.seed, tuple(a.overrides), a.depth)
    m = read_manifest(root) or {}
    print(
        f"{root}: {m.get('stores')} stores ({m.get('templates')} templates, {m.get('deployable')} deployable, "
        f"depth {m.get('max_depth')}), {m.get('base_files')} base files, {m.get('store_files')} store files "
        f"({m.get('overrides')} overrides, {m.get('redundant')} redundant, {m.get('added')} added), "
        f"{m.get('bytes_written', 0) / 1e6:.1f} MB in {time.perf_counter() - t0:.2f} s"
    )
    if a.git_commits:
        t1 = time.perf_counter()
        generate_git_history(root, a.git_commits, a.seed)
        print(f"git history: {a.git_commits} commits in {time.perf_counter() - t1:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
