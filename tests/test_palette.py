"""Colours: every text/background pair readable (WCAG AA, ≥ 4.5:1), statuses told apart, fills that never
blend into a colour no legend explains."""

import itertools

import pytest

from data import progress
from layers import palette


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_formula():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("where", list(palette.TEXT_ON))
def test_every_text_and_background_pair_reads(where):
    fg, bg = palette.TEXT_ON[where]
    assert contrast(fg, bg) >= 4.5, where


def test_statuses_and_families_have_their_own_colours():
    assert set(palette.STATUS) == set(progress.STATUSES) and len(set(palette.STATUS.values())) == len(palette.STATUS)
    from layers import families

    assert set(palette.FAMILY) == {f.key for f in families.FAMILIES}


def test_the_styles_use_the_palettes_text_colours():
    from layers import styles

    css = styles.page_css()
    assert palette.TEXT in css and palette.TEXT_MUTED in css and palette.HEADER_FILL in css


# Viénot, Brettel & Mollon (1999) dichromat simulation in linear RGB: what a protanope or deuteranope sees
_DICHROMAT = {
    "protan": ((0.11238, 0.88762, 0.0), (0.11238, 0.88762, 0.0), (0.00401, -0.00401, 1.0)),
    "deutan": ((0.29275, 0.70725, 0.0), (0.29275, 0.70725, 0.0), (-0.02234, 0.02234, 1.0)),
    "typical": ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0)),
}


def _linear(hex_colour: str) -> list[float]:
    c = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return [x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4 for x in c]


def _lab(rgb: list[float]) -> tuple[float, float, float]:
    """CIELAB (D65) of a linear sRGB colour."""
    rgb = [min(max(v, 0.0), 1.0) for v in rgb]
    xyz = ((0.4124, 0.3576, 0.1805), (0.2126, 0.7152, 0.0722), (0.0193, 0.1192, 0.9505))
    x, y, z = (sum(m * v for m, v in zip(row, rgb)) / w for row, w in zip(xyz, (0.95047, 1.0, 1.08883)))
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (x, y, z)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def seen(hex_colour: str, vision: str) -> tuple[float, float, float]:
    lin = _linear(hex_colour)
    return _lab([sum(m * v for m, v in zip(row, lin)) for row in _DICHROMAT[vision]])


def test_dichromat_simulation_merges_red_and_green():  # the simulation itself is right: a classic confusion pair
    red, green = seen("#FF0000", "deutan"), seen("#00FF00", "deutan")
    assert abs(red[2] - green[2]) < 25 and seen("#FF0000", "typical")[1] > 70


@pytest.mark.parametrize("vision", list(_DICHROMAT))
def test_status_fills_stay_apart_for_colour_blind_readers(vision):
    labs = {s: seen(c, vision) for s, c in palette.STATUS.items()}
    for a, b in itertools.combinations(labs, 2):
        delta = sum((p - q) ** 2 for p, q in zip(labs[a], labs[b])) ** 0.5
        assert delta >= 10, (vision, a, b, round(delta, 1))  # CIE76 ΔE ≥ 10: told apart at a glance
