"""The app's Vega-Lite charts (layers/charts.py) as PNG pictures for the PDF, rendered by vl-convert (Vega in the
wheel, no browser, no network) with the embedded CJK font."""

from __future__ import annotations

import functools

import vl_convert

from layers.exports import fonts


@functools.cache
def _fonts_registered() -> bool:
    vl_convert.register_font_directory(str(fonts.only_noto()))
    return True


def _sized(spec: dict, width: int, height: int) -> dict:
    _fonts_registered()
    return {**spec, "width": width, "height": height, "config": {"font": fonts.FAMILY, **spec.get("config", {})}}


def png(spec: dict, width: int = 520, height: int = 170, scale: float = 2.0) -> bytes:
    """The chart at `width`×`height` CSS pixels, drawn at `scale` times for print."""
    return vl_convert.vegalite_to_png(_sized(spec, width, height), scale=scale)


def svg(spec: dict, width: int = 520, height: int = 170) -> str:
    """The chart as SVG (a few KB; its text set in the reader's own CJK font where the embedded one is absent)."""
    return vl_convert.vegalite_to_svg(_sized(spec, width, height))
