"""The legend panel of a map picture: the same sections, swatches and notes as the app's legend
(layers/legend.py, from map_builder.legend_parts), drawn with matplotlib into an axes of its own."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Rectangle

from layers import palette

SWATCH = 2.2  # a swatch's width over its height: room for a dashed line to show its dashes


@dataclass(frozen=True)
class Panel:
    title: str
    sections: list  # [(title, [(swatch kind, colour, label)])]; kind: fill|dot|line|dash|outline
    notes: list[str]


HANGING = "。,、;:!?)」』,.;:!?)"  # closing punctuation stays at the end of its line


def columns(text: str) -> int:
    """How wide `text` sets, in columns: a CJK character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` columns, a CJK character taking two; Latin words are not split where a space
    allows (Chinese has no spaces: it breaks between any two characters)."""
    lines, line = [], ""
    for ch in text:
        if columns(line + ch) > width and line and ch not in HANGING:
            cut = line.rfind(" ") if ch != " " and columns(ch) != 2 else -1
            lines.append((line[:cut] if cut > 0 else line).rstrip())
            line = line[cut + 1 :].lstrip() if cut > 0 else ""
        if line or ch != " ":  # no line starts with a space
            line += ch
    return [*lines, line.rstrip()] if line.strip() else lines


def _swatch(ax, kind: str, colour: str, x: float, y: float, h: float, unit: float) -> None:
    """One swatch, `h` high, its left edge at x, centred on y (axes fraction; the panel keeps its own scale)."""
    w = h * SWATCH
    if kind == "dot":
        ax.add_patch(Circle((x + w / 2, y), h * 0.4, facecolor=colour, edgecolor=palette.MARKER_OUTLINE, lw=unit))
    elif kind in ("line", "dash"):
        style = (0, (1.6, 1.2)) if kind == "dash" else "-"  # short dashes: several show on a swatch
        ax.add_line(Line2D([x, x + w], [y, y], color=colour, lw=2.2 * unit, linestyle=style))
    elif kind == "outline":
        ax.add_patch(Rectangle((x, y - h / 2), w, h, facecolor="none", edgecolor=colour, lw=3 * unit))
    else:
        ax.add_patch(Rectangle((x, y - h / 2), w, h, facecolor=colour, alpha=0.8, edgecolor=palette.MARKER_OUTLINE))


def draw_legend(ax, panel: Panel, font, unit: float) -> None:
    """Sections top-down, then the notes in the warning colour; rows keep one height whatever the panel's size."""
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("auto")
    height_px = ax.get_window_extent().height
    step = 26 * unit / height_px  # one row, in axes fraction
    note_size = 11.5
    chars = max(12, int(ax.get_window_extent().width / (note_size * unit * 100 / 72 / 2)))  # columns that fit

    def line(text: str, y: float, size: float, colour: str = palette.TEXT, x: float = 0.0) -> None:
        ax.text(x, y, text, fontproperties=font, fontsize=size * unit, color=colour, va="center")

    y = 1 - step / 2
    line(panel.title, y, 17)
    for title, rows in panel.sections:
        if not rows:
            continue
        y -= step * 1.25
        line(title, y, 14, palette.TEXT_MUTED)
        for kind, colour, label in rows:
            y -= step
            _swatch(ax, kind, colour, 0.0, y, step * 0.55, unit)
            line(label, y, 13, x=step * 0.55 * SWATCH + 0.03)
    y -= step * 0.5
    for note in panel.notes:
        for part in wrap(f"⚠ {note}", chars):
            y -= step * 0.85
            line(part, y, note_size, palette.WARNING_TEXT)
