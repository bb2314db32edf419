"""A trajectory chart (layers/charts.Points) drawn as SVG in Python, for the area page: the planned path as a
dashed line, the approved figures as dots in their status colour, each labelled with its value, and a legend
above. Drawing it here instead of in the browser spares a fresh browser Streamlit's Vega chunks (~1 MB) and costs
about a millisecond a chart (vl-convert, which draws the exports' pictures of the same points, takes 0.2-0.4 s).
Every piece of text is escaped; the picture holds no script and names no other resource."""

from __future__ import annotations

import math
from dataclasses import dataclass

from data import numbers
from data.i18n import t
from data.progress import NO_REPORT, STATUSES
from layers import palette
from layers.charts import Points
from layers.html_safe import esc

FONT = "'Source Sans Pro','Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif"
DOT_R = 5


@dataclass(frozen=True)
class Frame:
    width: int  # of the whole picture, px
    plot_height: int  # of the plotting area; legend, unit and year labels add to the picture's height
    font: int  # px


WIDE = Frame(640, 170, 12)
NARROW = Frame(340, 150, 11)  # a phone's column


def text_width(text: str, size: float) -> float:
    """About how wide `text` is set at `size` px: CJK characters a full em, the rest a little over half."""
    return sum(size if ord(c) >= 0x2E80 else 0.55 * size for c in text)


def ticks(lo: float, hi: float, n: int = 4) -> list[float]:
    """Round values from at most `lo` to at least `hi`, about `n` steps of 1, 2, 2.5 or 5 × 10^k."""
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0)
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw * (1 - 1e-9))
    first = math.floor(lo / step + 1e-9)
    count = math.ceil(hi / step - 1e-9) - first
    return [round((first + i) * step, 12) for i in range(count + 1)]


def _text(x: float, y: float, text: str, size: float, colour: str = palette.TEXT, anchor: str = "start") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" fill="{colour}" text-anchor="{anchor}">{esc(text)}</text>'
    )


def _legend(p: Points, lang: str, f: Frame) -> tuple[list[str], float]:
    """The legend's items flowed into rows across the picture; (SVG parts, the height it takes)."""
    items = [("dash", p.expected_label, palette.PLANNED_PATH)] if p.expected else []
    if p.reported:
        present = {s or NO_REPORT for _, _, s in p.reported}
        items.append(("label", p.reported_label + t("chart_legend_colon", lang), palette.TEXT))
        items += [("dot", t(f"status_{s}", lang), palette.STATUS[s]) for s in STATUSES if s in present]
    parts, x, y, row = [], 0.0, f.font, f.font * 1.7
    for kind, label, colour in items:
        mark = {"dash": 22, "dot": 2 * DOT_R + 4, "label": 0}[kind]
        width = mark + text_width(label, f.font) + (6 if kind == "label" else 14)
        if x > 0 and x + width > f.width:
            x, y = 0.0, y + row
        mid = y - f.font * 0.35
        if kind == "dash":
            parts.append(
                f'<line x1="{x:.1f}" y1="{mid:.1f}" x2="{x + 18:.1f}" y2="{mid:.1f}" stroke="{colour}" '
                f'stroke-width="2" stroke-dasharray="6 4"/>'
            )
        elif kind == "dot":
            parts.append(f'<circle cx="{x + DOT_R:.1f}" cy="{mid:.1f}" r="{DOT_R}" fill="{colour}"/>')
        parts.append(_text(x + mark, y, label, f.font, palette.TEXT if kind != "label" else palette.TEXT_MUTED))
        x += width
    return parts, y + f.font * 0.6


def _every(step: float, widths: list[float]) -> int:
    """Label every n-th year so that the labels do not touch."""
    return max(1, math.ceil((max(widths, default=0) + 6) / step))


@dataclass(frozen=True)
class _Plot:
    """Where the plotting area sits in the picture and its scales."""

    left: float
    top: float
    bottom: float
    right: float
    lo: float
    hi: float
    years: tuple[int, ...]

    @property
    def step(self) -> float:
        return (self.right - self.left) / len(self.years)

    def x(self, year: int) -> float:
        return self.left + self.step * (self.years.index(year) + 0.5)

    def y(self, v: float) -> float:
        return self.bottom - (v - self.lo) / (self.hi - self.lo) * (self.bottom - self.top)


def _axes(p: Points, f: Frame, top: float) -> tuple[list[str], _Plot]:
    """The value grid with its labels and the years below; (SVG parts, the plot)."""
    values = [v for _, v in p.expected] + [v for _, v, _ in p.reported]
    scale = ticks(min([0.0, *values]), max([0.0, *values]))  # from zero, as the exports' Vega-Lite charts
    labels = [numbers.fmt(v) for v in scale]
    left = max(text_width(s, f.font) for s in labels) + 8
    years = tuple(sorted({y for y, _ in p.expected} | {y for y, _, _ in p.reported}))
    plot = _Plot(left, top, top + f.plot_height, f.width - 8, scale[0], scale[-1], years)
    parts = []
    for v, s in zip(scale, labels):
        y = plot.y(v)
        parts.append(f'<line x1="{left:.1f}" x2="{f.width}" y1="{y:.1f}" y2="{y:.1f}" stroke="{palette.FRAME_LIGHT}"/>')
        parts.append(_text(left - 6, y + f.font * 0.35, s, f.font, palette.TEXT_MUTED, "end"))
    every = _every(plot.step, [text_width(str(y), f.font) for y in years])
    for i, year in enumerate(years):
        if (len(years) - 1 - i) % every == 0:  # the last year always: the target's
            parts.append(_text(plot.x(year), plot.bottom + f.font + 6, str(year), f.font, palette.TEXT_MUTED, "middle"))
    y = plot.bottom
    parts.append(f'<line x1="{left:.1f}" x2="{f.width}" y1="{y:.1f}" y2="{y:.1f}" stroke="{palette.FRAME}"/>')
    return parts, plot


def _marks(p: Points, f: Frame, plot: _Plot) -> list[str]:
    """The planned path, and each figure as a dot labelled with its value (only the latest when crowded)."""
    parts = []
    if p.expected:
        path = " ".join(f"{plot.x(y):.1f},{plot.y(v):.1f}" for y, v in p.expected)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{palette.PLANNED_PATH}" stroke-width="2" '
            f'stroke-dasharray="6 4"/>'
        )
    size = f.font - 1
    shown = [numbers.fmt(v) for _, v, _ in p.reported]
    room = plot.step >= max((text_width(s, size) for s in shown), default=0) + 4
    for i, ((year, v, s), label) in enumerate(zip(p.reported, shown)):
        x, y = plot.x(year), plot.y(v)
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{DOT_R}" fill="{palette.STATUS[s or NO_REPORT]}" '
            f'stroke="{palette.WHITE}" stroke-width="1"/>'
        )
        if room or i == len(p.reported) - 1:
            parts.append(_text(x, y - DOT_R - 3, label, size, palette.TEXT, "middle"))
    return parts


def svg(p: Points, lang: str, f: Frame = WIDE) -> str:
    """The chart of `p` at frame `f` (its words in `lang`: from `p` and the string table)."""
    legend, below = _legend(p, lang, f)
    unit = _text(0, below + f.font * 1.2, p.unit, f.font, palette.TEXT_MUTED)  # the values' unit, above them
    axes, plot = _axes(p, f, below + f.font * 2.2 + 6)  # room for a label above a dot at the top
    height = math.ceil(plot.bottom + f.font + 10)
    body = "".join([*legend, unit, *axes, *_marks(p, f, plot)])
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{f.width}" height="{height}" '
        f'viewBox="0 0 {f.width} {height}" font-family="{esc(FONT)}">'
        f'<rect width="{f.width}" height="{height}" fill="{palette.WHITE}"/>{body}</svg>'
    )
