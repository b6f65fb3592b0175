"""Words that agree with their numbers: "1 store takes", "2 stores take", "1 warning".

The one definition is the engine's (`resolver.words`, used by the CLI and the reports too)."""

from __future__ import annotations

from storelayers.resolver.words import plural, verb

__all__ = ["plural", "verb"]
