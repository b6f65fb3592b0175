"""The app's colours, named by meaning, with a light and a dark value: one palette for the desktop
app (`gui/theme.py`) and the HTML report (`report/css.py`). Plain data, no Qt.

Layer colours say a layer's place in the chain of the store being looked at (`chain_colour`):
`layer.1` is this store, `layer.2` its parent, `layer.3` and `layer.4` the next ones up, `layer.0`
(grey) the base app; a chain longer than that starts again at `layer.1`. Stores outside the chain
are `layer.outside` (a quiet neutral), so siblings never borrow the chain's colours. Where there is
no store being looked at (the HTML report), `layer_index` colours a store by its depth instead
(depth 1 `layer.1`, depth 2 `layer.2`, ...), and the report's legend says so.

The chain colours were chosen so that every pair, and each against the base grey, the outside
neutral and plain text, stays apart (CIEDE2000 >= 10) under simulated protanopia, deuteranopia and
tritanopia, and so that text in them, or on them, keeps a 4.5:1 contrast
(`tests/resolver/test_palette_vision.py` checks it). Status glyphs (`status.*`) are drawn in ink,
not in a layer hue: their shape says the status, colour only ever says the layer.
Pygments token colours are mapped onto the same names (`syntax.*`).
"""

from __future__ import annotations

from collections.abc import Sequence
from types import MappingProxyType
from typing import Final

PALETTE: Final = MappingProxyType(
    {
        "window": ("#f3f4f6", "#181a1f"),
        "panel": ("#f8f9fa", "#1e2127"),
        "base": ("#ffffff", "#1b1d23"),
        "surface": ("#ffffff", "#1e2127"),  # a section or card raised above the window (the report)
        "alt_base": ("#f7f8fa", "#20232a"),
        "header": ("#eef0f3", "#23262d"),
        "text": ("#1f2328", "#d7dae0"),
        "text.dim": ("#59636e", "#9aa3ae"),
        "text.faint": ("#8c959f", "#6b7380"),
        "border": ("#d8dce1", "#2e323a"),
        "border.strong": ("#c2c8cf", "#3b404a"),
        "accent": ("#0969da", "#4c9cf0"),
        "accent.text": ("#ffffff", "#0d1117"),
        "selection": ("#cfe3fb", "#26405f"),
        "selection.inactive": ("#e4ebf3", "#2a2f38"),
        "hover": ("#eef3f9", "#252932"),
        "chip": ("#eaeef2", "#2a2e36"),
        "layer.0": ("#6e7781", "#9aa3ae"),  # the base app
        "layer.1": ("#0b5fad", "#56b4e9"),  # this store
        "layer.2": ("#c43d00", "#ff4411"),  # its parent
        "layer.3": ("#6a1f00", "#ffdd77"),  # the grandparent
        "layer.4": ("#4b1f7a", "#ff8888"),  # the next one up
        "layer.outside": ("#d0d7de", "#3b404a"),  # a store outside the chain being looked at
        "layer.outside.text": ("#3d444d", "#d7dae0"),  # a label on `layer.outside`
        "layer.text": ("#ffffff", "#0d1117"),  # a label on a chain colour
        "status.inherited": ("#6e7781", "#9aa3ae"),
        "status.added": ("#1f2328", "#d7dae0"),
        "status.override": ("#1f2328", "#d7dae0"),
        "status.redundant": ("#1f2328", "#d7dae0"),
        "status.special": ("#1f2328", "#d7dae0"),
        "status.ignored": ("#8c959f", "#6b7380"),
        "finding.stale": ("#1f2328", "#d7dae0"),  # finding glyphs: ink too, told apart by shape
        "finding.orphaned": ("#1f2328", "#d7dae0"),
        "finding.cosmetic": ("#1f2328", "#d7dae0"),
        "finding.redundant": ("#1f2328", "#d7dae0"),
        "heat": ("#57606a", "#adbac7"),  # heatmap cells and meters: ink, never a layer's hue
        "diff.insert": ("#e6f6ea", "#1d3a2a"),
        "diff.insert.strong": ("#aeeab9", "#2c6842"),
        "diff.delete": ("#fdecec", "#432326"),
        "diff.delete.strong": ("#f8bcbc", "#7a3238"),
        "diff.filler": ("#f3f4f6", "#1f2228"),
        "diff.gutter": ("#f6f8fa", "#1e2127"),
        "diff.gutter.text": ("#8c959f", "#5f6773"),
        "diff.current": ("#0969da", "#4c9cf0"),
        "level.error": ("#cf222e", "#f85149"),
        "level.warning": ("#9a6700", "#d29922"),
        "level.info": ("#0969da", "#58a6ff"),
        "syntax.keyword": ("#cf222e", "#ff7b72"),
        "syntax.string": ("#0a3069", "#a5d6ff"),
        "syntax.comment": ("#6e7781", "#8b949e"),
        "syntax.number": ("#0550ae", "#79c0ff"),
        "syntax.function": ("#8250df", "#d2a8ff"),
        "syntax.type": ("#953800", "#ffa657"),
        "syntax.tag": ("#116329", "#7ee787"),
        "syntax.attr": ("#0550ae", "#79c0ff"),
        "syntax.operator": ("#1f2328", "#d7dae0"),
        "syntax.text": ("#1f2328", "#d7dae0"),
    }
)
"""name -> (light, dark)."""

LIGHT: Final = MappingProxyType({name: light for name, (light, _) in PALETTE.items()})
DARK: Final = MappingProxyType({name: dark for name, (_, dark) in PALETTE.items()})

CHAIN_COLOURS: Final = 4
"""Stores of a chain with a colour of their own (`layer.1` ... `layer.4`); the base is `layer.0`."""
LAYER_COLOURS: Final = CHAIN_COLOURS + 1
OUTSIDE: Final = "layer.outside"


def chain_colour(position: int | None) -> str:
    """Palette name of the layer at `position` in the chain being looked at: 1 is this store, 2 its
    parent, ..., 0 the base app; None (a store outside the chain) is `layer.outside`."""
    if position is None:
        return OUTSIDE
    return "layer.0" if position <= 0 else f"layer.{1 + (position - 1) % CHAIN_COLOURS}"


def chain_positions(chain: Sequence[str | None]) -> dict[str | None, int]:
    """Position of each layer of a chain given nearest first (store, parent, ..., None for the base):
    1 for the store, 2 for its parent, ..., 0 for the base."""
    return {key: (0 if key is None else i + 1) for i, key in enumerate(chain)}


def layer_index(depth: int) -> int:
    """Which layer colour a store at this depth gets where no store is being looked at (the report),
    so colour there means depth (0 is the base app)."""
    return 0 if depth <= 0 else 1 + (depth - 1) % CHAIN_COLOURS
