"""Words that agree with their numbers: "1 store takes", "2 stores take", "1 warning"; and the
names the app gives the usual base apps ("Next.js" for storefront-unified-nextjs).

The one definition is the engine's (`resolver.words`, used by the CLI and the reports too)."""

from __future__ import annotations

from storelayers.resolver.words import plural, verb

__all__ = ["APP_NAMES", "app_label", "plural", "verb"]

APP_NAMES = {
    "storefront-unified-nextjs": "Next.js",
    "storefront-unified-nuxt": "Nuxt",
    "storefront-middleware": "Middleware",
    "playwright": "Playwright",
}
"""What the app calls Alokai's usual base apps; any other app goes by its folder's name."""


def app_label(app: str) -> str:
    return APP_NAMES.get(app, app)
