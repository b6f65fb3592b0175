"""The layer colours stay apart for the common colour-vision deficiencies (issue #11, "Colour that
explains itself"), in both themes, checked by simulation (`tests/cvd.py`: Machado et al. 2009 in
linear RGB, CIEDE2000).

Threshold: CIEDE2000 >= 10 between any two colours that are shown together. A difference of 1-2 is
just noticeable for large patches side by side; the marks here are small (a 10 px swatch, a 12 px
glyph, 1-2 px strokes of a file name), and the needed difference grows several-fold as marks shrink
(Stone, Szafir & Setlur 2014, "An engineering model for color difference as a function of size"),
so 10 is the floor for telling two layers apart at a glance, with any of the simulated visions.
Text: WCAG 2's 4.5:1 for file names written in a layer colour on the view's background and for
labels written on a layer colour (graph nodes).
"""

from __future__ import annotations

import itertools

import pytest
from storelayers.resolver import palette
from storelayers.resolver.palette import CHAIN_COLOURS, chain_colour, chain_positions

from tests.cvd import VISIONS, contrast, distance, simulate

MIN_DELTA_E = 10.0
MIN_CONTRAST = 4.5
THEMES = {"light": palette.LIGHT, "dark": palette.DARK}
CHAIN = [f"layer.{i}" for i in range(1, CHAIN_COLOURS + 1)]
SHOWN_WITH_LAYERS = ["layer.0", "layer.outside", "text"]  # the base, other stores, a plain (base) name


def test_the_simulation_matches_known_values() -> None:
    # Machado's matrices keep white white and black black, and fold red onto green for
    # protanopia/deuteranopia: pure red and green look alike, a blue and a yellow do not.
    for vision in VISIONS:
        assert all(abs(c - 1.0) < 0.02 for c in simulate("#ffffff", vision)), vision
        assert simulate("#000000", vision) == (0.0, 0.0, 0.0)
    assert distance("#ff0000", "#00ff00", "normal") > 80
    assert distance("#cc3333", "#33aa33", "deuteranopia") < distance("#cc3333", "#33aa33", "normal") / 2
    assert distance("#0b5fad", "#e69f00", "deuteranopia") > 40


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("vision", VISIONS)
def test_every_pair_of_chain_colours_stays_apart(theme: str, vision: str) -> None:
    values = THEMES[theme]
    names = CHAIN + SHOWN_WITH_LAYERS
    close = [
        (a, b, round(distance(values[a], values[b], vision), 1))
        for a, b in itertools.combinations(names, 2)
        if not (a in SHOWN_WITH_LAYERS and b in SHOWN_WITH_LAYERS)
        and distance(values[a], values[b], vision) < MIN_DELTA_E
    ]
    assert close == []


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("vision", VISIONS)
def test_base_grey_and_other_stores_stay_apart(theme: str, vision: str) -> None:
    values = THEMES[theme]
    assert distance(values["layer.0"], values["layer.outside"], vision) >= MIN_DELTA_E


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("vision", VISIONS)
def test_status_and_finding_glyphs_never_look_like_a_layer(theme: str, vision: str) -> None:
    """Glyphs are told apart by shape; their ink must not pass for a chain colour."""
    values = THEMES[theme]
    glyphs = [
        n
        for n in values
        if n.split(".")[0] in ("status", "finding") and n not in ("status.inherited", "status.ignored")
    ]
    assert glyphs
    for g, layer in itertools.product(glyphs, CHAIN):
        assert distance(values[g], values[layer], vision) >= MIN_DELTA_E, (g, layer)


@pytest.mark.parametrize("theme", THEMES)
def test_text_in_and_on_layer_colours_is_readable(theme: str) -> None:
    values = THEMES[theme]
    for name in ["layer.0", *CHAIN]:
        assert contrast(values[name], values["base"]) >= MIN_CONTRAST, name  # a file name in it
        assert contrast(values[name], values["layer.text"]) >= MIN_CONTRAST, name  # a graph label on it
    assert contrast(values["layer.outside"], values["layer.outside.text"]) >= MIN_CONTRAST
    assert contrast(values["heat"], values["layer.text"]) >= MIN_CONTRAST


def test_colour_follows_the_place_in_the_chain_not_the_depth() -> None:
    positions = chain_positions(("fashion-eu", "fashion", None))
    assert positions == {"fashion-eu": 1, "fashion": 2, None: 0}
    assert [chain_colour(positions[k]) for k in ("fashion-eu", "fashion", None)] == ["layer.1", "layer.2", "layer.0"]
    assert chain_colour(None) == "layer.outside"
    assert chain_colour(CHAIN_COLOURS + 1) == "layer.1"  # a longer chain starts again
