"""Every term the app uses, defined once: Help > Glossary lists them, and every tooltip that names
a term (the tree's Status column, the legend, the review's column headers, a store's kind) takes its
sentence from here, so the two never say different things."""

from __future__ import annotations

import html
from collections.abc import Mapping
from types import MappingProxyType

TERMS: Mapping[str, str] = MappingProxyType(
    {
        "base": "The base apps (apps/storefront-*): the farthest layer of every store's chain.",
        "template": "A store that is not deployed itself (alokai.config.json gives it no deployment): "
        "it exists for the stores nested in it to inherit from.",
        "deployable": "A store alokai.config.json deploys: its effective tree is what ships.",
        "inherited": "The file comes from a farther layer (a parent store or the base apps) unchanged.",
        "override": "The store's own folder has a file at the same path as a farther layer's: "
        "the nearest layer wins, and this store (and the stores nested in it) get its copy.",
        "added": "A file only this store's layer has: no farther layer has the path.",
        "redundant": "An override whose contents equal the file it hides once normalised (a leading BOM, "
        "line endings, trailing blanks and newlines): removing it changes nothing the store gets.",
        "cosmetic": "An override that differs from the file it hides only in whitespace, blank lines or comments.",
        "stale": "An override whose hidden file changed after the override was last committed: the parent "
        "moved on and the copy did not follow.",
        "orphaned": "A store's file that used to override a farther layer's file, which has since been "
        "removed or renamed: it now adds a file nobody else has.",
        "special": "An app-root package.json or tsconfig.json: it always comes from the base app, and a "
        "store's own copy there is not used (SPEC rule 9).",
        "generated": "A store's app-root tsconfig.json: the editor configuration the CLI generates. It is "
        "listed in the cascade but never wins and is never an override.",
        "ignored": "Hidden from this store by a pattern in alokai.config.json's ignorePaths: the store does "
        "not get the file at all.",
        "differs %": "The share of a store's effective files whose contents are not the base apps': "
        "how far it has drifted from base.",
    }
)

ORDER = (
    "base",
    "template",
    "deployable",
    "inherited",
    "override",
    "added",
    "redundant",
    "cosmetic",
    "stale",
    "orphaned",
    "special",
    "generated",
    "ignored",
    "differs %",
)


def define(term: str) -> str:
    """The one sentence for `term` ('' for a word that is not a term)."""
    return TERMS.get(term.strip().lower(), "")


def glossary_html() -> str:
    """The glossary as Help shows it: every term, in an order that builds on itself."""
    rows = "".join(
        f"<tr><td style='padding:3px 12px 3px 0;vertical-align:top'><b>{html.escape(t)}</b></td>"
        f"<td style='padding:3px 0'>{html.escape(TERMS[t])}</td></tr>"
        for t in ORDER
    )
    return f"<table>{rows}</table>"
