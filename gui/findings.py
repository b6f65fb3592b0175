"""The review's findings where the files are: which layer file is stale, orphaned, cosmetic or redundant.

The review (`resolver.review`, run on the worker by the review view) finds them per layer file: the
override in one store's folder. The explorer shows them on that file in every store whose tree takes
it (a store's tree shows fashion-eu's stale copy in fashion-fr too), so `Findings` is keyed by the
layer that holds the file. Each kind has a text glyph of its own shape, so a finding never has to be
told from a layer colour by colour alone; its colour is a theme role (`finding.<kind>`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from storelayers.gui.text import plural
from storelayers.resolver.review.findings import OrphanedFile, OverrideFinding, Review, StaleOverride

KINDS = ("stale", "orphaned", "cosmetic", "redundant")
GLYPHS: Mapping[str, str] = MappingProxyType(
    {
        "stale": "\u25f7",  # ◷ a clock: the file it hides moved on
        "orphaned": "\u2205",  # ∅ it overrides nothing any more (⊘ is the ignored icon's shape)
        "cosmetic": "\u2248",  # ≈ differs only in whitespace or comments
        "redundant": "=",  # equal to what it hides
    }
)
FileKey = tuple[str | None, str, str]  # (store key of the layer holding the file, app, path)


def role(kind: str) -> str:
    """The theme colour role of a finding kind."""
    return f"finding.{kind}"


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


@dataclass(frozen=True, slots=True)
class Mark:
    """One finding on one layer file: its kind and the finding; `text` is the sentence that says it
    (made when shown: a review of 800 stores has 33,000 marks)."""

    kind: str
    finding: StaleOverride | OrphanedFile | OverrideFinding

    @property
    def stale(self) -> StaleOverride | None:
        return self.finding if isinstance(self.finding, StaleOverride) else None

    @property
    def text(self) -> str:
        f = self.finding
        if isinstance(f, StaleOverride):
            return f"stale: {behind(f)}"
        if isinstance(f, OrphanedFile):
            gone = f" (renamed to {f.renamed_to})" if f.renamed_to else ""
            return (
                f"orphaned: {possessive(f.store_id)} file no longer overrides anything: "
                f"{possessive(f.removed_layer)} {f.path} was removed{gone}"
            )
        o = f.override
        if self.kind == "cosmetic":
            how = f"differs from {possessive(o.hidden_layer)} copy only in whitespace, blank lines or comments"
        else:
            how = f"equal to {possessive(o.hidden_layer)} copy once normalised"
        return f"{self.kind}: {possessive(o.store_id)} copy {how}"

    @property
    def glyph(self) -> str:
        return GLYPHS[self.kind]

    @property
    def label(self) -> str:
        """'◷ stale': the glyph and the word, as the tree's Status column shows it."""
        return f"{self.glyph} {self.kind}"


def behind(f: StaleOverride) -> str:
    """ "fashion-de's copy is 3 commits / 60 days behind fashion-eu's"."""
    o = f.override
    return (
        f"{possessive(o.store_id)} copy is {plural(f.commits_behind, 'commit')} / "
        f"{plural(f.days_behind, 'day')} behind {possessive(o.hidden_layer)}"
    )


_ORDER = {k: i for i, k in enumerate(KINDS)}


class Findings:
    """The marks of one review, by layer file. Built on the worker with the review (`gui.review.panel.reviewed`)."""

    def __init__(self, rv: Review | None = None) -> None:
        marks: dict[FileKey, list[Mark]] = {}
        if rv is not None:
            for s in rv.stale:
                marks.setdefault((s.override.store, s.override.app, s.override.path), []).append(Mark("stale", s))
            for orphan in rv.orphaned:
                marks.setdefault((orphan.store, orphan.app, orphan.path), []).append(Mark("orphaned", orphan))
            for kind, found in (("cosmetic", rv.cosmetic), ("redundant", rv.redundant)):
                for f in found:
                    o = f.override
                    marks.setdefault((o.store, o.app, o.path), []).append(Mark(kind, f))
        self._marks = {
            k: tuple(v) if len(v) == 1 else tuple(sorted(v, key=lambda m: _ORDER[m.kind])) for k, v in marks.items()
        }
        self._apps: dict[str, Mapping[tuple[str | None, str], tuple[Mark, ...]]] = {}

    def __bool__(self) -> bool:
        return bool(self._marks)

    def marks(self, layer_key: str | None, app: str, path: str) -> tuple[Mark, ...]:
        return self._marks.get((layer_key, app, path), ())

    def stale(self, layer_key: str | None, app: str, path: str) -> StaleOverride | None:
        return next((m.stale for m in self.marks(layer_key, app, path) if m.stale is not None), None)

    def for_app(self, app: str) -> Mapping[tuple[str | None, str], tuple[Mark, ...]]:
        """(layer key, path) -> marks, for the files of one app: worked out once per app, and the
        same (read-only) map every time after, so a tree shown again knows its findings are too."""
        found = self._apps.get(app)
        if found is None:
            found = MappingProxyType({(k, p): m for (k, a, p), m in self._marks.items() if a == app})
            self._apps[app] = found
        return found


def summary(counts: Mapping[str, int]) -> str:
    """'3 stale · 1 orphaned' for a folder (kinds in a fixed order, none: '')."""
    return " \u00b7 ".join(f"{counts[k]} {k}" for k in KINDS if counts.get(k))
