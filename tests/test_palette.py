"""Colours: every text/background pair readable (WCAG AA, ≥ 4.5:1), statuses told apart, fills that never
blend into a colour no legend explains."""

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
