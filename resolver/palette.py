"""The app's colours, named by meaning, with a light and a dark value: one palette for the desktop
app (`gui/theme.py`) and the HTML report (`report/css.py`). Plain data, no Qt.

Layer colours come from the Okabe-Ito colour-blind-safe palette, tuned per scheme so text in them
stays readable. A store's colour is chosen by its depth (`layer_index`), so the layers of any one
chain (base, top-level store, child, grandchild...) always have different colours. Pygments token
colours are mapped onto the same names (`syntax.*`).
"""

from __future__ import annotations

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
        "layer.0": ("#6e7781", "#9aa3ae"),
        "layer.1": ("#0b6fb8", "#56b4e9"),
        "layer.2": ("#b86200", "#e69f00"),
        "layer.3": ("#00846a", "#2fc4a0"),
        "layer.4": ("#b0408a", "#e58fc6"),
        "layer.5": ("#2a8bc4", "#a3a8ff"),
        "layer.6": ("#c2410c", "#f08a5d"),
        "layer.7": ("#857400", "#e8dc5a"),
        "status.inherited": ("#6e7781", "#9aa3ae"),
        "status.added": ("#1a7f37", "#56d364"),
        "status.override": ("#0969da", "#58a6ff"),
        "status.redundant": ("#9a6700", "#d29922"),
        "status.special": ("#8250df", "#bc8cff"),
        "status.ignored": ("#8c959f", "#6b7380"),
        # the review's findings on a file (each also has a glyph of its own shape: gui/findings.py)
        "finding.stale": ("#bc4c00", "#f0883e"),
        "finding.orphaned": ("#cf222e", "#ff7b72"),
        "finding.cosmetic": ("#6e7781", "#9aa3ae"),
        "finding.redundant": ("#9a6700", "#d29922"),
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

LAYER_COLOURS: Final = 8


def layer_index(depth: int) -> int:
    """Which of the `LAYER_COLOURS` layer colours a store at this depth gets (0 is the base app)."""
    return 0 if depth <= 0 else 1 + (depth - 1) % (LAYER_COLOURS - 1)
